"""Eligibility at the election list, through the elections services, at each rule's boundary:
R-073 (status on the opening day), R-006 (8 vs 9 official members, 7 vs 8 seats), R-005 (the
secretary from the cell committee just elected, the secretary before the deputy), R-013 (official
delegates at a delegates' congress) and R-014 (attending from the check-in record)."""

from __future__ import annotations

import datetime as dt

import pytest

from daihoi.core.errors import ServiceError
from daihoi.elections import selectors, services
from daihoi.elections.models import Candidate, CandidateSource, Election
from daihoi.roster import services as roster_services
from daihoi.roster.choices import OrgKind, RoleKind
from daihoi.roster.models import Member, Organization
from tests.conftest import PASSWORD, World
from tests.delegates.factories import bulk_members
from tests.elections.factories import (
    Setup,
    key_all,
    make_congress,
    make_election,
    make_official_delegates,
    people,
    to_counting,
)

pytestmark = pytest.mark.django_db

OPENING = dt.date(2020, 6, 10)  # make_congress opens on 10/06/2020


def _cell(world: World, code: str) -> Organization:
    return roster_services.organization_create(actor=None, kind=OrgKind.CELL,
                                               name=f"Chi bộ {code}", code=code,
                                               parent=world.committee)


def _suspend(member: Member, on: dt.date, status: str = "suspended") -> None:
    roster_services.member_status_change(actor=None, member=member,
                                         expected_version=member.version, status=status,
                                         effective_on=on)


@pytest.mark.parametrize(("effective", "refused"), [
    (OPENING - dt.timedelta(days=1), True),
    (OPENING + dt.timedelta(days=1), False),
])
def test_a_member_suspended_before_the_opening_is_refused_after_it_accepted(
        world: World, effective: dt.date, refused: bool) -> None:
    s = make_election(world.cell_a, seats=3, names=4, kind="committee")
    member = people(world.cell_b, 1, tag="dinhchi")[0]
    _suspend(member, effective)
    if refused:
        with pytest.raises(ServiceError, match=f"{member.full_name} bị đình chỉ sinh hoạt"):
            services.candidate_add(actor=None, election=s.election, member=member)
        assert not Candidate.objects.filter(election=s.election, member=member).exists()
    else:
        services.candidate_add(actor=None, election=s.election, member=member)


def test_a_member_prosecuted_before_the_opening_is_refused(world: World) -> None:
    s = make_election(world.cell_a, seats=3, names=4, kind="committee")
    member = people(world.cell_b, 1, tag="khoito")[0]
    _suspend(member, OPENING - dt.timedelta(days=1), status="prosecuted")
    with pytest.raises(ServiceError, match="khởi tố"):
        services.candidate_add(actor=None, election=s.election, member=member)


@pytest.mark.parametrize(("members", "refused"), [(8, True), (9, False)])
def test_a_cell_of_fewer_than_nine_official_members_elects_no_cell_committee(
        world: World, members: int, refused: bool) -> None:
    cell = _cell(world, f"T-C{members}")
    bulk_members(cell, members)
    bulk_members(cell, 2, full_member_on=None)  # probationary members do not count
    congress = make_congress(cell, kind="members")
    if refused:
        with pytest.raises(ServiceError, match="có 8 đảng viên chính thức"):
            services.election_create(actor=None, congress=congress, kind="cell_committee",
                                     seats=3)
        assert not Election.objects.filter(congress=congress).exists()
    else:
        services.election_create(actor=None, congress=congress, kind="cell_committee", seats=3)
    # Either way the cell elects its secretary.
    services.election_create(actor=None, congress=congress, kind="secretary", seats=1)


@pytest.mark.parametrize(("seats", "refused"), [(7, False), (8, True)])
def test_a_cell_committee_has_at_most_seven_members(world: World, seats: int,
                                                    refused: bool) -> None:
    cell = _cell(world, f"T-S{seats}")
    bulk_members(cell, 20)
    congress = make_congress(cell, kind="members")
    if refused:
        with pytest.raises(ServiceError, match="nhiều nhất 7"):
            services.election_create(actor=None, congress=congress, kind="cell_committee",
                                     seats=seats)
    else:
        services.election_create(actor=None, congress=congress, kind="cell_committee",
                                 seats=seats)


def _count_and_announce(s: Setup, crossed_position: int | None, voters: int = 10) -> None:
    """Every ballot crosses out the name at ``crossed_position`` (none: on a single-name list,
    an agreeing ballot) and the round is announced."""
    to_counting(s, summoned=voters, issued=voters, collected=voters)
    line = "/7" if crossed_position is None else str(crossed_position + 1)
    key_all(s, [line] * voters, desk_index=0)
    key_all(s, [line] * voters, desk_index=1)
    rnd = services.round_reconcile(actor=None, rnd=s.round)
    services.round_announce(actor=None, rnd=rnd)


def test_the_secretary_and_deputy_come_from_the_cell_committee_just_elected_in_order(
        world: World) -> None:
    cell = _cell(world, "T-CU")
    bulk_members(cell, 9)
    congress = make_congress(cell, kind="members")
    committee = make_election(cell, congress=congress, kind="cell_committee", seats=3,
                              names=4, user_prefix="cu")
    secretary = services.election_create(actor=None, congress=congress, kind="secretary",
                                         seats=1)
    deputy = services.election_create(actor=None, congress=congress, kind="deputy_secretary",
                                      seats=1)
    first = committee.candidates[0].member
    with pytest.raises(ServiceError, match="Chưa công bố kết quả bầu chi ủy"):
        services.candidate_add(actor=None, election=secretary, member=first)
    rows = selectors.round_list(committee.round)
    loser = rows[3].candidate.member
    winners = [r.candidate.member for r in rows[:3]]
    _count_and_announce(committee, crossed_position=3)
    with pytest.raises(ServiceError, match=f"{loser.full_name} không có trong chi ủy vừa"):
        services.candidate_add(actor=None, election=secretary, member=loser)
    # The deputy waits for the secretary.
    with pytest.raises(ServiceError, match="bầu bí thư trước"):
        services.candidate_add(actor=None, election=deputy, member=winners[1])
    services.candidate_add(actor=None, election=secretary, member=winners[0])
    sec = _with_board(secretary, cell, "bt")
    _count_and_announce(sec, crossed_position=None)
    with pytest.raises(ServiceError, match="vừa trúng cử bí thư"):
        services.candidate_add(actor=None, election=deputy, member=winners[0])
    with pytest.raises(ServiceError, match="không có trong chi ủy"):
        services.candidate_add(actor=None, election=deputy, member=loser)
    services.candidate_add(actor=None, election=deputy, member=winners[1])


def _with_board(election: Election, cell: Organization, prefix: str) -> Setup:
    """A counting board with logins for an election whose list is already made."""
    users = []
    for i, m in enumerate(people(cell, 2, tag=prefix)):
        services.board_member_add(actor=None, election=election, member=m, is_head=i == 0)
        users.append(roster_services.user_create_with_role(
            actor=None, username=f"{prefix}{i}-{election.pk}", password=PASSWORD,
            organization=cell, kind=RoleKind.MEMBER, member=m))
    return Setup(election, election.rounds.get(), list(election.candidates.all()), users,
                 users[0])


def test_at_a_delegates_congress_only_its_official_delegates_stand_for_the_higher_one(
        world: World) -> None:
    congress = make_congress(world.committee)
    election = services.election_create(actor=None, congress=congress, kind="delegates",
                                         seats=2)
    official, outsider = people(world.cell_b, 2, tag="r013")
    make_official_delegates(congress, [official])
    services.candidate_add(actor=None, election=election, member=official)
    with pytest.raises(ServiceError, match=f"{outsider.full_name} không phải đại biểu chính"):
        services.candidate_add(actor=None, election=election, member=outsider)


def test_the_attending_count_of_a_floor_nominee_comes_from_the_check_in_record(
        world: World) -> None:
    from daihoi.delegates import services as day
    from daihoi.delegates.models import Delegate

    congress = make_congress(world.committee)
    election = services.election_create(actor=None, congress=congress, kind="committee",
                                        seats=3)
    present = people(world.cell_a, 10, tag="dd")
    make_official_delegates(congress, present)
    session = day.session_create(actor=None, congress=congress, name="Phiên chính thức",
                                 starts_at=dt.datetime(2020, 6, 10, 7, tzinfo=dt.UTC),
                                 holds_elections=True)
    for d in Delegate.objects.filter(congress=congress):
        day.delegate_check_in(actor=None, session=session, delegate=d)
    nominee, second = people(world.cell_b, 2, tag="fl")
    # 10 checked in: 3 agreements are 30%, not more; the typed 40 is ignored.
    with pytest.raises(ServiceError, match="ít nhất 4/10"):
        services.candidate_add(actor=None, election=election, member=nominee,
                               source=CandidateSource.FLOOR, floor_agree=3, floor_attending=40)
    cand = services.candidate_add(actor=None, election=election, member=second,
                                  source=CandidateSource.FLOOR, floor_agree=4,
                                  floor_attending=40)
    assert cand.floor_attending == 10
