"""Conference elections (R-054): the new committee's conference elects the standing committee,
secretary, deputy and inspection committee, the inspection committee's its chair; the base is
the body's members actually elected, a conference election has no more seats than members, and
its candidates for the standing committee, secretary, deputy and chair come from the body."""

from __future__ import annotations

import pytest

from daihoi.core.errors import ServiceError
from daihoi.elections import selectors, services
from daihoi.elections.models import Election, ElectionBody
from daihoi.roster.models import Member
from tests.conftest import World
from tests.elections.factories import key_all, make_congress, make_election, people, to_counting

pytestmark = pytest.mark.django_db
CONFERENCE = ElectionBody.CONFERENCE


def _elected_committee(world: World) -> tuple[Election, list[Member], Member]:
    """A committee of 3 elected from 4 names (every ballot crosses out the fourth)."""
    congress = make_congress(world.committee)
    s = make_election(world.cell_a, congress=congress, kind="committee", seats=3, names=4,
                      board=2, user_prefix="bch")
    by_position = [r.candidate.member for r in selectors.round_list(s.round)]
    to_counting(s, summoned=10, issued=10, collected=10)
    key_all(s, ["4"] * 10, desk_index=0)
    key_all(s, ["4"] * 10, desk_index=1)
    services.round_announce(actor=None, rnd=services.round_reconcile(actor=None, rnd=s.round))
    return s.election, by_position[:3], by_position[3]


def test_no_conference_election_before_the_committee_is_elected(world: World) -> None:
    congress = make_congress(world.committee)
    with pytest.raises(ServiceError, match="Ban Chấp hành khóa mới chưa được bầu"):
        services.election_create(actor=None, congress=congress, kind="standing_committee",
                                 seats=3, body=CONFERENCE)
    with pytest.raises(ServiceError, match="Ủy ban Kiểm tra khóa mới chưa được bầu"):
        services.election_create(actor=None, congress=congress, kind="inspection_chair",
                                 seats=1, body=CONFERENCE)


@pytest.mark.parametrize(("seats", "refused"), [(3, False), (4, True)])
def test_a_conference_elects_no_more_than_the_committee_has_members(
        world: World, seats: int, refused: bool) -> None:
    committee, _, _ = _elected_committee(world)
    if refused:
        with pytest.raises(ServiceError, match="có 3 ủy viên; hội nghị không bầu 4"):
            services.election_create(actor=None, congress=committee.congress,
                                     kind="standing_committee", seats=seats, body=CONFERENCE)
    else:
        services.election_create(actor=None, congress=committee.congress,
                                 kind="standing_committee", seats=seats, body=CONFERENCE)


def test_the_secretary_is_elected_from_the_new_committee(world: World) -> None:
    committee, members, loser = _elected_committee(world)
    secretary = services.election_create(actor=None, congress=committee.congress,
                                         kind="secretary", seats=1, body=CONFERENCE)
    with pytest.raises(ServiceError, match=f"{loser.full_name} không phải ủy viên Ban Chấp hành"):
        services.candidate_add(actor=None, election=secretary, member=loser)
    services.candidate_add(actor=None, election=secretary, member=members[0])
    # The inspection committee may take members from outside the executive committee.
    inspection = services.election_create(actor=None, congress=committee.congress,
                                          kind="inspection_committee", seats=3, body=CONFERENCE)
    [outside] = people(world.cell_b, 1, tag="ubkt")
    services.candidate_add(actor=None, election=inspection, member=outside)


def test_the_conference_base_is_the_members_actually_elected(world: World) -> None:
    committee, _, _ = _elected_committee(world)
    standing = services.election_create(actor=None, congress=committee.congress,
                                        kind="standing_committee", seats=1, body=CONFERENCE)
    rnd = services.round_base_from_attendance(actor=None, rnd=standing.rounds.get())
    breakdown = selectors.base_breakdown(rnd)
    assert breakdown is not None
    assert breakdown.base == 3
    assert "Ban Chấp hành khóa mới đã trúng cử (3 đồng chí)" in rnd.base_note


def test_a_congress_may_elect_its_secretary_directly_but_never_the_inspection_chair(
    world: World,
) -> None:
    congress = make_congress(world.committee)
    # R-056: a delegates' congress electing the secretary directly counts on its own base.
    direct = services.election_create(actor=None, congress=congress, kind="secretary", seats=1)
    assert direct.body == ElectionBody.CONGRESS
    with pytest.raises(ServiceError, match="hội nghị Ủy ban Kiểm tra bầu"):
        services.election_create(actor=None, congress=congress, kind="inspection_chair",
                                 seats=1)
