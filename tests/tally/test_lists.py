"""R-006, R-014, R-020, R-021, R-024: list checks before voting (§5 Examples 8, 9, 12)."""

from __future__ import annotations

import copy

import pytest

from daihoi.tally import (
    ElectionKind,
    Policies,
    PreparedSurplusRounding,
    SurplusCapOtherLists,
    Text,
    check_list,
    floor_nominee_accepted,
    floor_nominee_min_agree,
    max_surplus,
    prepared_surplus,
)


@pytest.mark.parametrize(
    ("seats", "expected"),
    [
        (1, 0),
        (2, 0),
        (3, 1),
        (4, 1),
        (5, 1),
        (6, 1),
        (7, 2),
        (9, 2),
        (10, 3),
        (15, 4),
        (20, 6),
        (31, 9),
        (33, 9),
    ],
)
def test_it_caps_the_surplus_at_30_percent_and_at_one_for_three_to_five(
    seats: int, expected: int
) -> None:
    assert max_surplus(seats) == expected


def test_it_accepts_a_committee_list_with_exactly_30_percent_surplus() -> None:
    check = check_list(kind=ElectionKind.COMMITTEE, seats=10, candidates=13)
    assert (check.surplus, check.max_extra, check.ok) == (3, 3, True)
    assert check.issues == ()


def test_it_rejects_a_committee_list_one_above_30_percent() -> None:
    check = check_list(kind=ElectionKind.COMMITTEE, seats=10, candidates=14)
    assert check.ok is False
    assert [i.code for i in check.issues] == ["surplus_above_cap"]


@pytest.mark.parametrize("seats", [3, 4, 5])
def test_it_allows_one_extra_name_for_a_body_of_three_to_five(seats: int) -> None:
    assert (
        check_list(kind=ElectionKind.STANDING_COMMITTEE, seats=seats, candidates=seats + 1).ok
        is True
    )
    assert (
        check_list(kind=ElectionKind.STANDING_COMMITTEE, seats=seats, candidates=seats + 2).ok
        is False
    )


def test_it_requires_a_surplus_on_a_committee_list() -> None:
    check = check_list(kind=ElectionKind.COMMITTEE, seats=9, candidates=9)
    assert check.ok is False
    assert [i.code for i in check.issues] == ["surplus_required"]


def test_it_does_not_require_a_surplus_for_a_secretary() -> None:
    assert check_list(kind=ElectionKind.SECRETARY, seats=1, candidates=1).ok is True


def test_it_only_warns_about_a_large_surplus_on_a_delegate_list_by_default() -> None:
    check = check_list(kind=ElectionKind.DELEGATES, seats=10, alternates=2, candidates=20)
    assert (check.places, check.surplus, check.max_extra) == (12, 8, 3)
    assert check.ok is True
    assert [(i.code, i.blocking) for i in check.issues] == [("surplus_above_cap", False)]


def test_it_enforces_the_cap_on_a_delegate_list_under_the_enforced_policy() -> None:
    policies = Policies(surplus_cap_other_lists=SurplusCapOtherLists.ENFORCED)
    check = check_list(kind=ElectionKind.DELEGATES, seats=10, candidates=14, policies=policies)
    assert check.ok is False


@pytest.mark.parametrize(("seats", "ok"), [(7, True), (8, False)])
def test_it_caps_a_cell_committee_at_seven(seats: int, ok: bool) -> None:
    check = check_list(kind=ElectionKind.CELL_COMMITTEE, seats=seats, candidates=seats + 1)
    assert check.ok is ok


def test_it_reports_a_list_shorter_than_the_places_without_blocking() -> None:
    check = check_list(kind=ElectionKind.INSPECTION_COMMITTEE, seats=5, candidates=4)
    assert check.ok is True
    assert [i.code for i in check.issues] == ["fewer_candidates_than_places"]


@pytest.mark.parametrize(
    ("seats", "expected"),
    [(9, (1,)), (15, (2,)), (31, (4,)), (20, (2, 3)), (12, (1,)), (5, (1,)), (40, (4, 5, 6))],
)
def test_it_suggests_a_prepared_surplus_of_10_to_15_percent(
    seats: int, expected: tuple[int, ...]
) -> None:
    assert prepared_surplus(seats) == expected


def test_it_rounds_the_prepared_surplus_to_nearest_under_that_policy() -> None:
    rounding = PreparedSurplusRounding.NEAREST_MIN_1
    assert prepared_surplus(9, rounding) == (1,)
    assert prepared_surplus(12, rounding) == (1, 2)
    assert prepared_surplus(3, rounding) == (1,)


def test_it_reproduces_example_9_surplus_limits() -> None:
    nine = check_list(kind=ElectionKind.COMMITTEE, seats=9, candidates=11)
    assert (nine.prepared_extra, nine.max_extra, nine.ok) == ((1,), 2, True)
    assert check_list(kind=ElectionKind.COMMITTEE, seats=9, candidates=12).ok is False
    fifteen = check_list(kind=ElectionKind.COMMITTEE, seats=15, candidates=19)
    assert (fifteen.prepared_extra, fifteen.max_extra, fifteen.ok) == ((2,), 4, True)
    assert check_list(kind=ElectionKind.COMMITTEE, seats=5, candidates=6).max_extra == 1


def test_it_reproduces_example_12_surplus_for_31_seats() -> None:
    check = check_list(kind=ElectionKind.COMMITTEE, seats=31, candidates=40)
    assert (check.max_extra, check.prepared_extra, check.ok) == (9, (4,), True)
    assert check_list(kind=ElectionKind.COMMITTEE, seats=31, candidates=41).ok is False


def test_it_needs_13_agreements_for_a_floor_nominee_with_43_attending() -> None:
    assert floor_nominee_min_agree(43) == 13
    assert floor_nominee_accepted(agree=12, attending=43) is False
    assert floor_nominee_accepted(agree=13, attending=43) is True


def test_it_refuses_a_floor_nominee_at_exactly_30_percent_of_attendees() -> None:
    assert floor_nominee_min_agree(40) == 13
    assert floor_nominee_accepted(agree=12, attending=40) is False
    assert floor_nominee_accepted(agree=13, attending=40) is True


@pytest.mark.parametrize("attending", [1, 3, 9, 10, 11, 40, 43, 100, 101, 999])
def test_it_matches_strictly_more_than_30_percent_for_any_attendance(attending: int) -> None:
    needed = floor_nominee_min_agree(attending)
    assert needed * 10 > 3 * attending
    assert (needed - 1) * 10 <= 3 * attending


def test_a_finding_is_its_vietnamese_sentence_and_keeps_its_template() -> None:
    """A page translates the template, not the sentence filled in (daihoi.core.i18n)."""
    [issue] = check_list(kind=ElectionKind.COMMITTEE, seats=4, candidates=6).issues
    assert issue.message == "Số dư 2 vượt mức tối đa 1 (30% của 4; 3–5 người: tối đa 1)."
    assert issue.message.template == ("Số dư %(surplus)s vượt mức tối đa %(cap)s (30%% của "
                                      "%(places)s; 3–5 người: tối đa 1).")
    assert dict(issue.message.params) == {"surplus": 2, "cap": 1, "places": 4}
    [issue] = check_list(kind=ElectionKind.COMMITTEE, seats=10, candidates=14).issues
    assert issue.message == "Số dư 4 vượt mức tối đa 3 (30% của 10)."


def test_a_sentence_joins_the_sentences_it_holds_and_survives_a_copy() -> None:
    reasons = (Text("là đảng viên dự bị"), "đang bị đình chỉ")
    text = Text("%(name)s: %(reasons)s", {"name": "A", "reasons": reasons})
    assert text == "A: là đảng viên dự bị; đang bị đình chỉ"
    twin = copy.deepcopy(text)  # as a cache's pickling copies it
    assert (twin, twin.template, twin.params) == (text, text.template, text.params)
    assert Text("30% là dưới 1 người") == "30% là dưới 1 người"  # no values: not formatted
