"""The threshold base handed to the elections (R-052), from the attendance record and the
statuses, against the spec's Examples 1 and 10, and ``threshold_base_for`` as the hand-off."""

from __future__ import annotations

import datetime as dt
from typing import Any

from daihoi.delegates import services
from daihoi.delegates.models import DelegateSource
from daihoi.delegates.selectors import threshold_base_for, threshold_breakdown_for
from daihoi.tally import Deduction, ThresholdBase
from tests.conftest import World
from tests.delegates.factories import at, bulk_delegates, bulk_members, make_day


def check_in_all(session: Any, delegates: list[Any]) -> None:
    for d in delegates:
        services.delegate_check_in(actor=None, session=session, delegate=d)


def test_example_10_replaced_delegates_are_not_deducted(world: World) -> None:
    # 150 official delegates summoned, including 10 ex-officio committee members. Absent for
    # the whole congress: 3 elected delegates (2 replaced by alternates who attend) and 1
    # committee member. base = 150 - 1 - 1 = 148, min = 75.
    day = make_day(world.cell_a, n=140)
    committee = bulk_delegates(day.congress, bulk_members(world.cell_b, 10),
                               source=DelegateSource.EX_OFFICIO)
    alternates = bulk_delegates(day.congress, bulk_members(world.cell_b, 2),
                                source=DelegateSource.ALTERNATE, elected_by=day.cell_congress)
    absent = day.delegates[:3]
    for a, alt in zip(absent[:2], alternates, strict=True):
        services.delegate_replace(actor=None, absent=a, alternate=alt)
    check_in_all(day.official, day.delegates[3:] + committee[1:] + alternates)
    detail = threshold_breakdown_for(day.congress, session=day.official)
    assert detail.base == ThresholdBase(summoned=150, deductions={
        Deduction.COMMITTEE_MEMBERS_ABSENT_WHOLE_CONGRESS: 1,
        Deduction.DELEGATES_ABSENT_NOT_REPLACED: 1})
    assert (detail.breakdown.base, detail.min_votes) == (148, 75)
    assert detail.names[Deduction.DELEGATES_ABSENT_NOT_REPLACED] == [absent[2].member.full_name]
    assert detail.names[Deduction.COMMITTEE_MEMBERS_ABSENT_WHOLE_CONGRESS] == [
        committee[0].member.full_name]
    assert len(detail.replaced) == 2


def test_example_1a_two_absent_for_the_whole_congress_give_43(world: World) -> None:
    day = make_day(world.cell_a, n=45)
    check_in_all(day.preparatory, day.delegates[2:])
    check_in_all(day.official, day.delegates[2:])
    base = threshold_base_for(day.congress, session=day.official)
    assert base == ThresholdBase(summoned=45,
                                 deductions={Deduction.DELEGATES_ABSENT_NOT_REPLACED: 2})
    assert threshold_breakdown_for(day.congress, session=day.official).min_votes == 22


def test_example_1b_absent_only_at_the_vote_are_not_deducted(world: World) -> None:
    day = make_day(world.cell_a, n=45)
    check_in_all(day.preparatory, day.delegates)
    check_in_all(day.official, day.delegates[2:])
    detail = threshold_breakdown_for(day.congress, session=day.official)
    assert (detail.breakdown.base, detail.min_votes) == (45, 23)


def test_an_election_at_the_preparatory_session_ignores_later_sessions(world: World) -> None:
    day = make_day(world.cell_a, n=9)
    check_in_all(day.preparatory, day.delegates[1:])
    check_in_all(day.official, day.delegates)
    assert threshold_base_for(day.congress, session=day.preparatory).deductions == {
        Deduction.DELEGATES_ABSENT_NOT_REPLACED: 1}
    assert threshold_base_for(day.congress, session=day.official).deductions == {}


def test_before_attendance_is_taken_nobody_is_deducted(world: World) -> None:
    day = make_day(world.cell_a, n=9)
    assert threshold_base_for(day.congress) == ThresholdBase(summoned=9, deductions={})


def test_an_alternate_who_replaced_but_did_not_come_leaves_the_seat_deducted(
        world: World) -> None:
    day = make_day(world.cell_a, n=9)
    [alt] = bulk_delegates(day.congress, bulk_members(world.cell_b, 1),
                           source=DelegateSource.ALTERNATE, elected_by=day.cell_congress)
    services.delegate_replace(actor=None, absent=day.delegates[0], alternate=alt)
    check_in_all(day.official, day.delegates[1:])
    assert threshold_base_for(day.congress, session=day.official).deductions == {
        Deduction.DELEGATES_ABSENT_NOT_REPLACED: 1}


def test_delegates_not_summoned_are_not_in_the_base(world: World) -> None:
    day = make_day(world.cell_a, n=9)
    services.delegate_set_not_summoned(actor=None, delegate=day.delegates[0],
                                       reason="Bị đình chỉ sinh hoạt đảng")
    assert threshold_base_for(day.congress).summoned == 8


def _members_congress(cell: Any) -> Any:
    from daihoi.congress.services import congress_create

    return congress_create(actor=None, organization=cell, kind="members", ordinal=1,
                           term_start=2020, term_end=2025, opens_at=at(2020, 4, 8))


def _status(member: Any, status: str, on: dt.date) -> None:
    from daihoi.roster import services as roster_services

    roster_services.member_status_change(actor=None, member=member,
                                         expected_version=member.version, status=status,
                                         effective_on=on)


def test_a_members_congress_base_follows_example_2_from_the_statuses(world: World) -> None:
    # 60 official members (the fixture's member_a plus 59); deducted: 2 on temporary activity
    # elsewhere, 1 exempted (absent), 1 suspended -> base 56, min 29 (R-051a-c, Example 2).
    members = bulk_members(world.cell_a, 59)
    before = dt.date(2020, 1, 15)
    _status(members[0], "temporary_elsewhere", before)
    _status(members[1], "temporary_elsewhere", before)
    _status(members[2], "exempted", before)
    _status(members[3], "suspended", before)
    detail = threshold_breakdown_for(_members_congress(world.cell_a))
    assert detail.base == ThresholdBase(summoned=60, deductions={
        Deduction.TEMPORARY_ACTIVITY_ELSEWHERE: 2, Deduction.EXEMPTED_ABSENT: 1,
        Deduction.SUSPENDED_OR_PROSECUTED: 1})
    assert (detail.breakdown.base, detail.min_votes) == (56, 29)
    assert detail.names[Deduction.EXEMPTED_ABSENT] == [members[2].full_name]


def test_a_members_congress_reads_statuses_as_of_its_own_date(world: World) -> None:
    members = bulk_members(world.cell_a, 9)
    _status(members[0], "suspended", dt.date(2020, 4, 8))  # on the day: deducted
    _status(members[1], "suspended", dt.date(2020, 4, 9))  # the day after: not yet
    _status(members[2], "transferred_out", dt.date(2020, 4, 1))  # left before: not summoned
    bulk_members(world.cell_a, 1, full_member_on=dt.date(2020, 4, 9))  # not yet official
    bulk_members(world.cell_a, 1, full_member_on=None)  # probationary
    detail = threshold_breakdown_for(_members_congress(world.cell_a))
    assert detail.base == ThresholdBase(
        summoned=9, deductions={Deduction.SUSPENDED_OR_PROSECUTED: 1})
    assert detail.breakdown.base == 8


