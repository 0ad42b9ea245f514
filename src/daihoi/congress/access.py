"""Who may see and run a congress: the office of its organization (or of any organization
above), and for a cell congress the cell's secretary. Others get 404."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from daihoi.congress.models import Congress
from daihoi.roster.access import scope_for


def can_see_congress(user: Any, congress: Congress) -> bool:
    scope = scope_for(user)
    org = congress.organization
    return scope.administers(org) or scope.leads(org)


def can_manage_congress(user: Any, congress: Congress) -> bool:
    return scope_for(user).administers(congress.organization)


def get_congress_for_user(user: Any, pk: int, *, manage: bool = False) -> Congress:
    congress = Congress.objects.select_related("organization", "organization__parent").filter(
        pk=pk
    ).first()
    if congress is None or not can_see_congress(user, congress):
        raise Http404
    if manage and not can_manage_congress(user, congress):
        raise Http404
    return congress
