"""Who sees which drafts and opinions.

* the office of the committee sees everything of its congresses;
* the documents sub-committee sees every opinion and answers them;
* a cell secretary sees the drafts sent to their cell and the cell's opinions, and gives the
  cell's opinion after a cell meeting;
* a member sees the drafts sent to their cell and their own opinions.

Everyone else gets 404, so the existence of an object is not revealed.
"""

from __future__ import annotations

import enum
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from daihoi.congress.access import sits_on_documents_subcommittee
from daihoi.congress.models import Congress
from daihoi.documents.models import Distribution, Document, Opinion, Section
from daihoi.roster.access import scope_for
from daihoi.roster.models import Member


class DocRole(enum.IntEnum):
    """The strongest role a user has on a document; higher sees more."""

    MEMBER = 1
    SECRETARY = 2
    REVIEWER = 3  # the documents sub-committee
    OFFICE = 4


def own_member(user: Any) -> Member | None:
    member_id = scope_for(user).member_id
    if member_id is None:
        return None
    return Member.objects.select_related("cell").filter(pk=member_id).first()


def congress_role(user: Any, congress: Congress) -> DocRole | None:
    """The role on the congress's documents as a whole (office or documents sub-committee)."""
    if scope_for(user).administers(congress.organization):
        return DocRole.OFFICE
    if sits_on_documents_subcommittee(user, congress):
        return DocRole.REVIEWER
    return None


def invited_cell_ids(user: Any, document: Document) -> tuple[set[int], int | None]:
    """(cells the user leads that received the document, the user's own cell if it did)."""
    scope = scope_for(user)
    sent = set(Distribution.objects.filter(document=document).values_list("cell_id", flat=True))
    led = {c.pk for c in scope.secretary_cells} & sent
    member = own_member(user)
    own = member.cell_id if member is not None and member.cell_id in sent else None
    return led, own


def document_role(user: Any, document: Document) -> DocRole | None:
    role = congress_role(user, document.congress)
    if role is not None:
        return role
    led, own = invited_cell_ids(user, document)
    if led:
        return DocRole.SECRETARY
    if own is not None:
        return DocRole.MEMBER
    return None


def get_document_for_user(user: Any, pk: int) -> tuple[Document, DocRole]:
    document = Document.objects.select_related(
        "congress__organization__parent").filter(pk=pk).first()
    role = document_role(user, document) if document is not None else None
    if document is None or role is None:
        raise Http404
    return document, role


def get_section_for_user(user: Any, pk: int) -> tuple[Section, DocRole]:
    section = Section.objects.select_related(
        "version__document__congress__organization__parent").filter(pk=pk).first()
    if section is None:
        raise Http404
    role = document_role(user, section.version.document)
    if role is None:
        raise Http404
    return section, role


def opinions_visible_to(user: Any, document: Document, role: DocRole) -> QuerySet[Opinion]:
    qs = Opinion.objects.filter(document=document)
    if role >= DocRole.REVIEWER:
        return qs
    led, _ = invited_cell_ids(user, document)
    q = Q(cell_id__in=led) if led else Q(pk__in=[])
    member_id = scope_for(user).member_id
    if member_id is not None:
        q |= Q(member_id=member_id)
    return qs.filter(q)


def get_opinion_to_answer(user: Any, pk: int) -> Opinion:
    """An opinion the user may answer (documents sub-committee or office); 404 otherwise."""
    opinion = Opinion.objects.select_related(
        "document__congress__organization", "section", "cell", "member").filter(pk=pk).first()
    if opinion is None or congress_role(user, opinion.document.congress) is None:
        raise Http404
    return opinion


def documents_visible_to(user: Any, congress: Congress) -> QuerySet[Document]:
    if congress_role(user, congress) is not None:
        return Document.objects.filter(congress=congress)
    scope = scope_for(user)
    cells = {c.pk for c in scope.secretary_cells}
    member = own_member(user)
    if member is not None:
        cells.add(member.cell_id)
    return Document.objects.filter(congress=congress, distributions__cell_id__in=cells).distinct()
