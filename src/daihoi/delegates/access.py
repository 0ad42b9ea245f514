"""Who runs the congress day: the office of the congress's organization (or of one above) for
the committee's congress; for a members' congress of a cell, also the cell's secretary. Others
get 404 on every congress, delegate and session of it."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from daihoi.congress.models import Congress, CongressKind
from daihoi.delegates.models import AttendanceSession, Delegate
from daihoi.roster.access import scope_for


def runs_congress_day(user: Any, congress: Congress) -> bool:
    scope = scope_for(user)
    if congress.kind == CongressKind.MEMBERS:
        return scope.administers(congress.organization) or scope.leads(congress.organization)
    return congress.part_of_id is None and scope.administers(congress.organization)


def get_day_congress_for_user(user: Any, pk: int) -> Congress:
    congress = Congress.objects.select_related("organization", "organization__parent").filter(
        pk=pk).first()
    if congress is None or not runs_congress_day(user, congress):
        raise Http404
    return congress


def get_session_for_user(user: Any, congress: Congress, pk: int) -> AttendanceSession:
    session = AttendanceSession.objects.filter(pk=pk, congress=congress).first()
    if session is None:
        raise Http404
    session.congress = congress  # the services read its organization: no second query
    return session


def get_delegate_for_user(user: Any, pk: int) -> Delegate:
    delegate = Delegate.objects.select_related(
        "member", "congress__organization", "congress__organization__parent").filter(
        pk=pk).first()
    if delegate is None or not runs_congress_day(user, delegate.congress):
        raise Http404
    return delegate
