"""Who may see and run a congress: the office of its organization (or of any organization
above), for a cell congress the cell's secretary, and for a committee's congress the members of
its sub-committees (who see the preparation). Others get 404."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from daihoi.congress.models import Congress, SubCommitteeKind, SubCommitteeMember, Task
from daihoi.roster.access import scope_for


def sits_on_subcommittee(user: Any, congress: Congress, kind: str | None = None) -> bool:
    """The user's member record sits on a sub-committee (of ``kind``) of ``congress``."""
    member_id = scope_for(user).member_id
    if member_id is None:
        return False
    qs = SubCommitteeMember.objects.filter(subcommittee__congress=congress, member_id=member_id)
    if kind is not None:
        qs = qs.filter(subcommittee__kind=kind)
    return qs.exists()


def sits_on_documents_subcommittee(user: Any, congress: Congress) -> bool:
    return sits_on_subcommittee(user, congress, SubCommitteeKind.DOCUMENTS)


def can_see_congress(user: Any, congress: Congress) -> bool:
    scope = scope_for(user)
    org = congress.organization
    if scope.administers(org) or scope.leads(org):
        return True
    return congress.part_of_id is None and sits_on_subcommittee(user, congress)


def can_manage_congress(user: Any, congress: Congress) -> bool:
    return scope_for(user).administers(congress.organization)


def can_submit_cell_results(user: Any, cell_congress: Congress) -> bool:
    """The cell's secretary, or the committee's office, reports a cell congress's results (a
    cell congress only: one that is part of the committee's)."""
    if cell_congress.part_of_id is None:
        return False
    scope = scope_for(user)
    return scope.leads(cell_congress.organization) or scope.administers(
        cell_congress.organization)


def get_congress_for_user(user: Any, pk: int, *, manage: bool = False) -> Congress:
    congress = Congress.objects.select_related("organization", "organization__parent").filter(
        pk=pk
    ).first()
    if congress is None or not can_see_congress(user, congress):
        raise Http404
    if manage and not can_manage_congress(user, congress):
        raise Http404
    return congress


def congresses_visible_to(user: Any) -> list[Congress]:
    """The committee congresses the user takes part in preparing, and their cell congresses."""
    scope = scope_for(user)
    out = []
    for c in Congress.objects.select_related("organization").order_by("-term_start", "pk"):
        if can_see_congress(user, c) and (c.part_of_id is None or not scope.administers(
                c.organization)):
            out.append(c)
    return out


def get_task_for_user(user: Any, pk: int) -> tuple[Task, bool]:
    """The task and whether the user may update it (office, or the task's owner)."""
    task = Task.objects.select_related("congress__organization", "owner", "subcommittee").filter(
        pk=pk).first()
    if task is None:
        raise Http404
    scope = scope_for(user)
    owns = scope.member_id is not None and task.owner_id == scope.member_id
    if not (owns or can_see_congress(user, task.congress)):
        raise Http404
    return task, owns or scope.administers(task.congress.organization)
