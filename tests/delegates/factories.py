"""Delegates' congresses ready for tests: members made in bulk, a delegate list with sessions,
and the URL parameters of the personnel and delegates apps for the cross-organization test."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any

from daihoi.clock import LOCAL_TZ
from daihoi.congress.models import Congress
from daihoi.congress.services import congress_create
from daihoi.delegates import services
from daihoi.delegates.models import AttendanceSession, Delegate, DelegateSource, DelegateStatus
from daihoi.personnel import services as personnel_services
from daihoi.personnel.models import PersonnelPlan, PlanCandidate
from daihoi.roster.choices import Gender
from daihoi.roster.models import Member, Organization
from daihoi.roster.services import derived_name_fields

_seq = itertools.count(1)
GIVEN = ("An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Khánh", "Lan", "Minh", "Nga")


def bulk_members(cell: Organization, n: int, **overrides: Any) -> list[Member]:
    """``n`` valid full members of ``cell``, written in one query (no audit: test data)."""
    batch = next(_seq)
    rows = []
    for i in range(n):
        given = f"{GIVEN[i % len(GIVEN)]} {batch}x{i}"
        fields: dict[str, Any] = {
            "family_name": "Trần", "middle_name": "Văn", "given_name": given,
            "gender": Gender.FEMALE if i % 3 == 0 else Gender.MALE,
            "date_of_birth": dt.date(1970 + i % 25, 1 + i % 12, 1 + i % 27),
            "ethnicity": "Tày" if i % 10 == 0 else "Kinh",
            "admitted_on": dt.date(2000, 1, 1), "full_member_on": dt.date(2001, 1, 1),
            "card_number": f"{600_000_000 + batch * 10_000 + i}",  # a full member's card
        }
        fields.update(overrides)
        fields.update(derived_name_fields(fields["family_name"], fields["middle_name"],
                                          fields["given_name"]))
        rows.append(Member(cell=cell, **fields))
    return Member.objects.bulk_create(rows)


def at(y: int, m: int, d: int, hour: int = 8) -> dt.datetime:
    return dt.datetime(y, m, d, hour, tzinfo=LOCAL_TZ).astimezone(dt.UTC)


def delegates_congress(org: Organization, *, term_start: int = 2020) -> Congress:
    return congress_create(
        actor=None, organization=org, kind="delegates", ordinal=10, term_start=term_start,
        term_end=term_start + 5, preparatory_session_at=at(term_start, 6, 9, 14),
        opens_at=at(term_start, 6, 10, 7))


def bulk_delegates(congress: Congress, members: list[Member], *,
                   source: str = DelegateSource.ELECTED,
                   elected_by: Congress | None = None) -> list[Delegate]:
    """Delegates written in one query (test data); numbers continue the congress's list.
    ``elected_by``: the cell congress that elected them (an alternate replaces only a delegate
    of the same cell congress)."""
    start = (Delegate.objects.filter(congress=congress).order_by("-number").values_list(
        "number", flat=True).first() or 0) + 1
    status = DelegateStatus.RESERVE if source == DelegateSource.ALTERNATE else \
        DelegateStatus.SUMMONED
    return Delegate.objects.bulk_create([
        Delegate(congress=congress, member=m, source=source, status=status, number=start + i,
                 elected_by=elected_by)
        for i, m in enumerate(members)])


@dataclass
class Day:
    congress: Congress
    delegates: list[Delegate]
    preparatory: AttendanceSession
    official: AttendanceSession
    #: The cell congress that elected ``delegates`` (their alternates come from it too).
    cell_congress: Congress


def make_day(cell: Organization, *, n: int = 9, term_start: int = 2020) -> Day:
    org = cell.parent
    assert org is not None
    congress = delegates_congress(org, term_start=term_start)
    cell_congress = congress_create(
        actor=None, organization=cell, kind="members", ordinal=10, term_start=term_start,
        term_end=term_start + 5, part_of=congress)
    delegates = bulk_delegates(congress, bulk_members(cell, n), elected_by=cell_congress)
    prep = services.session_create(actor=None, congress=congress, name="Phiên trù bị",
                                   starts_at=at(term_start, 6, 9, 14))
    official = services.session_create(actor=None, congress=congress, name="Phiên chính thức",
                                       starts_at=at(term_start, 6, 10, 7), holds_elections=True)
    return Day(congress, delegates, prep, official, cell_congress)


def make_plan(congress: Congress, member: Member) -> tuple[PersonnelPlan, PlanCandidate]:
    plan = personnel_services.plan_create(
        actor=None, congress=congress, kind="committee", name="Phương án thử",
        term_rules="2020-2025", level="grassroots", seats=9)
    candidate = personnel_services.plan_candidate_add(actor=None, plan=plan, member=member)
    return plan, candidate


def delegates_objects_of_other_org(world: Any) -> dict[str, list[int]]:
    """URL parameters of the personnel and delegates apps pointing at another organization's
    objects (its own congress, term 2010, so it never clashes with another factory's)."""
    day = make_day(world.other_cell, n=2, term_start=2010)
    plan, candidate = make_plan(day.congress, day.delegates[1].member)
    return {"congress_pk": [day.congress.pk], "session_pk": [day.official.pk],
            "delegate_pk": [day.delegates[0].pk], "plan_pk": [plan.pk],
            "candidate_pk": [candidate.pk]}
