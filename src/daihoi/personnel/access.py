"""Who may see and edit personnel plans: the office of the congress's organization and the
members of its personnel sub-committee. Others get 404 (the plan's existence is not revealed)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from daihoi.congress.access import sits_on_subcommittee
from daihoi.congress.models import Congress, SubCommitteeKind
from daihoi.personnel.models import PersonnelPlan
from daihoi.roster.access import scope_for


def can_work_on_plans(user: Any, congress: Congress) -> bool:
    if congress.part_of_id is not None:
        return False
    if scope_for(user).administers(congress.organization):
        return True
    return sits_on_subcommittee(user, congress, SubCommitteeKind.PERSONNEL)


def get_plans_congress_for_user(user: Any, pk: int) -> Congress:
    congress = Congress.objects.select_related("organization", "organization__parent").filter(
        pk=pk).first()
    if congress is None or not can_work_on_plans(user, congress):
        raise Http404
    return congress


def get_plan_for_user(user: Any, pk: int) -> PersonnelPlan:
    plan = PersonnelPlan.objects.select_related(
        "congress__organization", "congress__organization__parent").filter(pk=pk).first()
    if plan is None or not can_work_on_plans(user, plan.congress):
        raise Http404
    return plan
