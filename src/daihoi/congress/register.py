"""The register of outgoing documents (sổ đăng ký văn bản đi): the office issues a printed
document, which takes the next number of its organization's register for the year; an issued
document prints its number and its date of issue, one not issued prints "DỰ THẢO" and a blank
number slot (``congress.issuers``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils.translation import gettext

from daihoi import clock
from daihoi.audit.services import audit_record
from daihoi.congress.models import Congress, OutgoingDocument, OutgoingKind
from daihoi.core.errors import ConflictError, ServiceError
from daihoi.roster.models import Organization
from daihoi.roster.services import audit_organization_id


def issue_of(congress: Congress, kind: str, ref: int = 0) -> OutgoingDocument | None:
    """The register's entry of a document, or None while it is not issued."""
    return OutgoingDocument.objects.filter(congress=congress, kind=kind, ref=ref).first()


def register_of(organization: Organization) -> QuerySet[OutgoingDocument]:
    """The organization's register, newest first."""
    return (OutgoingDocument.objects.filter(organization=organization)
            .select_related("congress", "issued_by").order_by("-year", "-number"))


@transaction.atomic
def document_issue(*, actor: Any, congress: Congress, kind: str, ref: int = 0, summary: str,
                   on: dt.date | None = None) -> OutgoingDocument:
    """Issue a document of ``congress``: the next number of its organization's register for
    the year of ``on`` (today unless given), its symbol, date and summary. The organization's
    row is locked while the number is taken, so two offices issuing at once take two numbers
    (PostgreSQL: the row lock; SQLite: its writers queue). A document is issued once."""
    # issuers reads this register (issue_of) to print a number: imported here, not at the top
    from daihoi.congress.issuers import document_code

    if kind not in OutgoingKind.values:
        raise ServiceError(gettext("Loại văn bản không có trong sổ văn bản đi."))
    summary = " ".join(summary.split())
    if not summary:
        raise ServiceError(gettext("Hãy ghi trích yếu của văn bản."))
    issued_on = on or clock.today()
    organization = Organization.objects.select_for_update().get(pk=congress.organization_id)
    if issue_of(congress, kind, ref) is not None:
        raise ConflictError(gettext(
            "Văn bản này đã được ban hành; không cấp số lần thứ hai."))
    last = OutgoingDocument.objects.filter(organization=organization, year=issued_on.year
                                           ).aggregate(n=Max("number"))["n"] or 0
    entry = OutgoingDocument(
        organization=organization, congress=congress, kind=kind, ref=ref, year=issued_on.year,
        number=last + 1, symbol=document_code(kind), issued_on=issued_on, summary=summary,
        issued_by=actor if getattr(actor, "pk", None) else None, recorded_at=clock.now())
    try:
        entry.full_clean()
    except ValidationError as exc:
        raise ServiceError("; ".join(m for ms in exc.message_dict.values() for m in ms)) from exc
    entry.save()
    audit_record(actor=actor, action="congress.document_issue", obj=entry,
                 organization_id=audit_organization_id(organization),
                 summary=f"Ban hành {entry.number_symbol}: {summary}",
                 data={"kind": kind, "ref": ref, "number": entry.number,
                       "symbol": entry.symbol, "issued_on": issued_on.isoformat()})
    return entry
