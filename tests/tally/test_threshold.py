"""R-050, R-051, R-052, R-053, R-055: the base and the threshold, at their exact boundaries."""

from __future__ import annotations

import pytest

from daihoi.tally import (
    CongressKind,
    CrossedBallot,
    Deduction,
    TallyInputError,
    ThresholdBase,
    compute_base,
    min_votes,
    share_percent,
    tally,
)
from tests.tally.builders import crossed_ballots, election


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        (1, 1),
        (2, 2),
        (10, 6),
        (11, 6),
        (43, 22),
        (45, 23),
        (56, 29),
        (57, 29),
        (116, 59),
        (148, 75),
    ],
)
def test_it_requires_more_than_half_of_the_base(base: int, expected: int) -> None:
    assert min_votes(base) == expected
    assert 2 * expected > base
    assert 2 * (expected - 1) <= base


def test_it_rejects_a_base_that_is_not_positive_in_min_votes() -> None:
    with pytest.raises(ValueError):
        min_votes(0)


@pytest.mark.parametrize("base", [10, 11, 43, 56])
@pytest.mark.parametrize("offset", [-1, 0, 1])
def test_it_elects_at_min_votes_and_not_one_below(base: int, offset: int) -> None:
    threshold = base // 2 + 1
    votes = [base, threshold + offset]
    e = election(
        congress=CongressKind.MEMBERS,
        seats=2,
        candidates=3,
        summoned=base,
        ballots=crossed_ballots([*votes, 0], base, max_kept=2),
    )
    result = tally(e)
    assert result.threshold == threshold
    assert result.votes[1] == threshold + offset
    assert (1 in result.elected) is (offset >= 0)


def test_it_does_not_elect_with_exactly_half_of_an_even_base() -> None:
    e = election(
        congress=CongressKind.MEMBERS,
        seats=2,
        candidates=3,
        summoned=10,
        ballots=crossed_ballots([10, 5, 0], 10, max_kept=2),
    )
    result = tally(e)
    assert result.votes[1] == 5
    assert result.elected == (0,)


def test_it_subtracts_the_four_member_deductions_of_r051() -> None:
    base = compute_base(
        congress=CongressKind.MEMBERS,
        base=ThresholdBase(
            summoned=60,
            deductions={
                Deduction.TEMPORARY_ACTIVITY_ELSEWHERE: 2,
                Deduction.EXEMPTED_ABSENT: 1,
                Deduction.SUSPENDED_OR_PROSECUTED: 3,
                Deduction.ABSENT_WHOLE_CONGRESS_APPROVED: 1,
            },
        ),
    )
    assert base.base == 53
    assert [k for k, _ in base.deductions] == [
        Deduction.TEMPORARY_ACTIVITY_ELSEWHERE,
        Deduction.EXEMPTED_ABSENT,
        Deduction.SUSPENDED_OR_PROSECUTED,
        Deduction.ABSENT_WHOLE_CONGRESS_APPROVED,
    ]


def test_it_subtracts_the_two_delegate_deductions_of_r052() -> None:
    base = compute_base(
        congress=CongressKind.DELEGATES,
        base=ThresholdBase(
            summoned=150,
            deductions={
                Deduction.DELEGATES_ABSENT_NOT_REPLACED: 1,
                Deduction.COMMITTEE_MEMBERS_ABSENT_WHOLE_CONGRESS: 1,
            },
        ),
    )
    assert (base.summoned, base.base) == (150, 148)


@pytest.mark.parametrize(
    ("congress", "deduction"),
    [
        (CongressKind.MEMBERS, Deduction.DELEGATES_ABSENT_NOT_REPLACED),
        (CongressKind.MEMBERS, Deduction.COMMITTEE_MEMBERS_ABSENT_WHOLE_CONGRESS),
        (CongressKind.DELEGATES, Deduction.EXEMPTED_ABSENT),
        (CongressKind.DELEGATES, Deduction.ABSENT_WHOLE_CONGRESS_APPROVED),
    ],
)
def test_it_rejects_a_deduction_of_the_other_congress_kind(
    congress: CongressKind, deduction: Deduction
) -> None:
    with pytest.raises(TallyInputError) as info:
        compute_base(congress=congress, base=ThresholdBase(50, {deduction: 1}))
    assert info.value.path == f"base.deductions.{deduction}"


def test_it_rejects_deductions_above_the_number_summoned() -> None:
    with pytest.raises(TallyInputError) as info:
        compute_base(
            congress=CongressKind.DELEGATES,
            base=ThresholdBase(5, {Deduction.DELEGATES_ABSENT_NOT_REPLACED: 6}),
        )
    assert info.value.path == "base.deductions"


def test_it_rejects_a_base_of_zero() -> None:
    with pytest.raises(TallyInputError) as info:
        compute_base(
            congress=CongressKind.DELEGATES,
            base=ThresholdBase(5, {Deduction.DELEGATES_ABSENT_NOT_REPLACED: 5}),
        )
    assert info.value.path == "base"


def test_it_accepts_a_base_of_one() -> None:
    base = compute_base(
        congress=CongressKind.DELEGATES,
        base=ThresholdBase(5, {Deduction.DELEGATES_ABSENT_NOT_REPLACED: 4}),
    )
    assert base.base == 1


@pytest.mark.parametrize(
    ("summoned", "deductions", "path"),
    [
        (-1, {}, "base.summoned"),
        (
            10,
            {Deduction.DELEGATES_ABSENT_NOT_REPLACED: -1},
            "base.deductions.delegates_absent_not_replaced",
        ),
    ],
)
def test_it_rejects_negative_counts_in_the_base(
    summoned: int, deductions: dict[Deduction, int], path: str
) -> None:
    with pytest.raises(TallyInputError) as info:
        compute_base(congress=CongressKind.DELEGATES, base=ThresholdBase(summoned, deductions))
    assert info.value.path == path


def test_it_uses_the_base_and_not_the_valid_ballots_as_denominator() -> None:
    # 41 valid ballots, 22 votes = 53.66% of valid, but base 45 needs 23.
    e = election(
        seats=1,
        candidates=2,
        summoned=45,
        issued=43,
        ballots=[
            *crossed_ballots([22, 19], 41, max_kept=1),
            CrossedBallot(crossed=()),
            CrossedBallot(crossed=()),
        ],
    )
    result = tally(e)
    assert (result.valid, result.votes[0], result.threshold) == (41, 22, 23)
    assert share_percent(22, 41) == "53.66"
    assert result.elected == ()


def test_it_gives_no_votes_from_invalid_ballots() -> None:
    # Two over-voted ballots keep candidate 1; counting them would reach the threshold 6.
    e = election(
        congress=CongressKind.MEMBERS,
        seats=1,
        candidates=3,
        summoned=10,
        ballots=[
            *crossed_ballots([4, 4, 0], 8, max_kept=1),
            CrossedBallot(crossed=(2,)),
            CrossedBallot(crossed=(2,)),
        ],
    )
    result = tally(e)
    assert result.invalid == 2
    assert result.votes == (4, 4, 0)
    assert result.elected == ()


@pytest.mark.parametrize(
    ("votes", "base", "expected"),
    [
        (22, 41, "53.66"),
        (5, 10, "50.00"),
        (6, 10, "60.00"),
        (1, 3, "33.33"),
        (2, 3, "66.67"),
        (1, 20000, "0.01"),  # exactly 0.005%: rounded half up
        (1, 20001, "0.00"),  # just below 0.005%
        (0, 7, "0.00"),
        (7, 7, "100.00"),
    ],
)
def test_it_shows_the_share_of_the_base_with_two_decimals(
    votes: int, base: int, expected: str
) -> None:
    assert share_percent(votes, base) == expected


def test_a_conference_base_is_the_committee_members_elected_minus_its_exclusions() -> None:
    from daihoi.tally import CongressKind, Deduction, ThresholdBase, compute_base, min_votes

    # 10 decided, 9 elected and sitting: base 9, min 5 (not 10 and 6).
    nine = compute_base(congress=CongressKind.CONFERENCE, base=ThresholdBase(summoned=9))
    assert (nine.base, min_votes(nine.base)) == (9, 5)
    less = compute_base(congress=CongressKind.CONFERENCE, base=ThresholdBase(
        summoned=9, deductions={Deduction.CONFERENCE_EXCLUDED: 1}))
    assert (less.base, min_votes(less.base)) == (8, 5)


def test_a_conference_refuses_the_deductions_of_a_congress() -> None:
    import pytest

    from daihoi.tally import CongressKind, Deduction, TallyInputError, ThresholdBase, compute_base

    with pytest.raises(TallyInputError) as err:
        compute_base(congress=CongressKind.CONFERENCE, base=ThresholdBase(
            summoned=9, deductions={Deduction.DELEGATES_ABSENT_NOT_REPLACED: 1}))
    assert "chỉ áp dụng cho đại hội đại biểu, không cho hội nghị Ban Chấp hành" in (
        err.value.message)
    assert "R-05" not in err.value.message
