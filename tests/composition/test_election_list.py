"""The election-list rules at their boundaries, as pure functions (R-005, R-006, R-013, R-073)."""

from __future__ import annotations

import pytest

from daihoi.composition.election_list import (
    Nominee,
    cell_election_refusal,
    conference_election_refusal,
    nominee_refusals,
)


@pytest.mark.parametrize(("members", "refused"), [(8, True), (9, False), (10, False)])
def test_a_cell_elects_a_committee_from_nine_official_members(members: int,
                                                              refused: bool) -> None:
    reason = cell_election_refusal(kind="cell_committee", official_members=members, seats=3)
    assert (reason is not None) is refused
    if refused:
        assert f"có {members} đảng viên chính thức" in str(reason)


@pytest.mark.parametrize(("seats", "refused"), [(7, False), (8, True)])
def test_a_cell_committee_has_at_most_seven_seats(seats: int, refused: bool) -> None:
    reason = cell_election_refusal(kind="cell_committee", official_members=30, seats=seats)
    assert (reason is not None) is refused


def test_a_small_cell_still_elects_its_secretary() -> None:
    assert cell_election_refusal(kind="secretary", official_members=5, seats=1) is None


@pytest.mark.parametrize(("status", "refused"), [("active", False), ("exempted", False),
                                                 ("temporary_elsewhere", False),
                                                 ("suspended", True), ("prosecuted", True)])
def test_a_suspended_or_prosecuted_member_is_refused_by_name(status: str, refused: bool) -> None:
    out = nominee_refusals(Nominee(name="Lê Văn Tám", election="committee",
                                   status_on_opening=status))
    assert bool(out) is refused
    assert all(r.startswith("Lê Văn Tám ") for r in out)


def test_a_secretary_candidate_must_be_in_the_cell_committee_just_elected() -> None:
    committee = frozenset({"1", "2", "3"})
    inside = Nominee(name="A", key="2", election="secretary", cell_committee=committee)
    outside = Nominee(name="Bùi Thị Hoa", key="9", election="secretary", cell_committee=committee)
    assert nominee_refusals(inside) == []
    [reason] = nominee_refusals(outside)
    assert "Bùi Thị Hoa không có trong chi ủy vừa được bầu" in reason


def test_before_the_cell_committee_is_announced_no_secretary_candidate_is_taken() -> None:
    [reason] = nominee_refusals(Nominee(name="A", key="1", election="secretary",
                                        cell_committee=frozenset()))
    assert "Chưa công bố kết quả bầu chi ủy" in reason


def test_the_deputy_is_elected_after_the_secretary_and_is_not_the_secretary() -> None:
    before = Nominee(name="A", key="1", election="deputy_secretary", secretary_elected=False)
    assert "bầu bí thư trước" in nominee_refusals(before)[0]
    same = Nominee(name="A", key="1", election="deputy_secretary", secretary_elected=True,
                   is_secretary=True)
    assert "vừa trúng cử bí thư" in nominee_refusals(same)[0]
    other = Nominee(name="B", key="2", election="deputy_secretary", secretary_elected=True)
    assert nominee_refusals(other) == []


@pytest.mark.parametrize(("official", "refused"), [(True, False), (False, True), (None, False)])
def test_at_a_delegates_congress_only_official_delegates_stand_for_the_higher_congress(
        official: bool | None, refused: bool) -> None:
    out = nominee_refusals(Nominee(name="C", election="delegates", official_delegate=official))
    assert bool(out) is refused


@pytest.mark.parametrize(("members", "seats", "refused"), [
    (None, 1, True), (0, 1, True), (9, 9, False), (9, 10, True)])
def test_a_conference_needs_its_body_and_no_more_seats_than_members(
        members: int | None, seats: int, refused: bool) -> None:
    reason = conference_election_refusal(kind="standing_committee", body_members=members,
                                         seats=seats)
    assert (reason is not None) is refused


def test_a_conference_candidate_must_belong_to_the_body() -> None:
    body = frozenset({"1", "2"})
    assert nominee_refusals(Nominee(name="A", key="1", election="secretary",
                                    conference_body=body)) == []
    [reason] = nominee_refusals(Nominee(name="Z", key="9", election="inspection_chair",
                                        conference_body=body))
    assert reason.startswith("Z không phải ủy viên Ủy ban Kiểm tra khóa mới")
