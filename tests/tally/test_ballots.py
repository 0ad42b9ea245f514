"""R-031, R-032, R-033, R-034, R-035, R-050, R-072: one ballot, and the batch check."""

from __future__ import annotations

import pytest

from daihoi.tally import (
    BallotForm,
    BallotLayout,
    CandidateStatus,
    CrossedBallot,
    ElectionKind,
    InvalidReason,
    Mark,
    MarkedBallot,
    MaxKeptPolicy,
    NextAction,
    Policies,
    RuledInvalidBallot,
    SingleNamePolicy,
    TallyInputError,
    WriteInPolicy,
    ballot_layout,
    classify_ballot,
    count_votes,
    round_is_void,
    tally,
)
from tests.tally.builders import election

DEFAULT = Policies()
NINE_OF_ELEVEN = ballot_layout(
    candidates=11, seats=9, alternates=0, kind=ElectionKind.COMMITTEE, policies=DEFAULT
)


def _crossed(*positions: int, write_in: bool = False) -> CrossedBallot:
    return CrossedBallot(crossed=positions, write_in=write_in)


def _classify(
    ballot: CrossedBallot | MarkedBallot | RuledInvalidBallot,
    layout: BallotLayout = NINE_OF_ELEVEN,
    policies: Policies = DEFAULT,
) -> tuple[bool, InvalidReason | None, int]:
    outcome = classify_ballot(ballot, layout=layout, policies=policies)
    return outcome.valid, outcome.reason, outcome.kept


def test_it_uses_the_cross_out_form_for_a_list_with_surplus() -> None:
    assert BallotLayout(candidates=11, max_kept=9, form=BallotForm.CROSS_OUT) == NINE_OF_ELEVEN


@pytest.mark.parametrize("candidates", [1, 8, 9])
def test_it_uses_the_agree_disagree_form_for_a_list_without_surplus(candidates: int) -> None:
    layout = ballot_layout(
        candidates=candidates,
        seats=9,
        alternates=0,
        kind=ElectionKind.COMMITTEE,
        policies=DEFAULT,
    )
    assert layout.form is BallotForm.AGREE_DISAGREE


def test_it_accepts_a_ballot_keeping_exactly_the_number_of_seats() -> None:
    assert _classify(_crossed(9, 10)) == (True, None, 9)


def test_it_rejects_a_ballot_keeping_one_name_more_than_the_seats() -> None:
    assert _classify(_crossed(5)) == (False, InvalidReason.OVER_VOTE, 0)


def test_it_rejects_a_ballot_with_nothing_crossed_in_a_surplus_list_as_over_vote() -> None:
    assert _classify(_crossed()) == (False, InvalidReason.OVER_VOTE, 0)


def test_it_accepts_a_ballot_keeping_fewer_names_down_to_one() -> None:
    assert _classify(_crossed(0, 2, 4, 6, 8)) == (True, None, 6)
    assert _classify(_crossed(*range(10))) == (True, None, 1)


def test_it_rejects_a_ballot_with_every_name_crossed_in_a_surplus_list() -> None:
    assert _classify(_crossed(*range(11))) == (False, InvalidReason.NONE_KEPT, 0)


@pytest.mark.parametrize(
    "reason", [InvalidReason.NOT_ISSUED, InvalidReason.TORN, InvalidReason.OTHER]
)
def test_it_keeps_the_counting_board_ruling_on_a_ballot(reason: InvalidReason) -> None:
    assert _classify(RuledInvalidBallot(reason=reason)) == (False, reason, 0)


def test_it_rejects_a_crossed_position_repeated_as_input_error() -> None:
    with pytest.raises(TallyInputError) as info:
        classify_ballot(
            _crossed(1, 4, 1), layout=NINE_OF_ELEVEN, policies=DEFAULT, path="ballots[12]"
        )
    assert info.value.path == "ballots[12].crossed[2]"


@pytest.mark.parametrize(("position", "index"), [(11, 1), (-1, 1), (99, 1)])
def test_it_rejects_a_crossed_position_out_of_range_as_input_error(
    position: int, index: int
) -> None:
    with pytest.raises(TallyInputError) as info:
        classify_ballot(
            _crossed(0, position), layout=NINE_OF_ELEVEN, policies=DEFAULT, path="ballots[12]"
        )
    assert info.value.path == f"ballots[12].crossed[{index}]"


def test_it_accepts_the_last_position_of_the_list() -> None:
    assert _classify(_crossed(0, 10)) == (True, None, 9)


def test_it_rejects_marks_on_a_list_with_surplus() -> None:
    with pytest.raises(TallyInputError) as info:
        classify_ballot(
            MarkedBallot(marks=(Mark.AGREE,) * 11), layout=NINE_OF_ELEVEN, policies=DEFAULT
        )
    assert info.value.path == "ballot.marks"


THREE_OF_THREE = ballot_layout(
    candidates=3,
    seats=3,
    alternates=0,
    kind=ElectionKind.INSPECTION_COMMITTEE,
    policies=DEFAULT,
)
SINGLE = ballot_layout(
    candidates=1, seats=1, alternates=0, kind=ElectionKind.SECRETARY, policies=DEFAULT
)


def test_it_rejects_crossed_positions_on_a_list_without_surplus() -> None:
    with pytest.raises(TallyInputError) as info:
        classify_ballot(_crossed(0), layout=THREE_OF_THREE, policies=DEFAULT)
    assert info.value.path == "ballot.crossed"


@pytest.mark.parametrize("count", [2, 4])
def test_it_rejects_a_marked_ballot_without_one_mark_per_name(count: int) -> None:
    with pytest.raises(TallyInputError) as info:
        classify_ballot(
            MarkedBallot(marks=(Mark.AGREE,) * count), layout=THREE_OF_THREE, policies=DEFAULT
        )
    assert info.value.path == "ballot.marks"


@pytest.mark.parametrize("mark", [Mark.BOTH, Mark.NONE])
def test_it_keeps_a_ballot_valid_with_both_or_none_on_one_name_but_gives_it_nothing(
    mark: Mark,
) -> None:
    ballot = MarkedBallot(marks=(Mark.AGREE, mark, Mark.AGREE))
    assert _classify(ballot, THREE_OF_THREE) == (True, None, 2)
    assert count_votes([ballot], candidates=3) == [1, 0, 1]


def test_it_keeps_a_ballot_valid_that_disagrees_with_everyone_without_surplus() -> None:
    ballot = MarkedBallot(marks=(Mark.DISAGREE,) * 3)
    assert _classify(ballot, THREE_OF_THREE) == (True, None, 0)


@pytest.mark.parametrize("mark", [Mark.BOTH, Mark.NONE])
def test_it_keeps_a_single_name_ballot_with_both_or_no_box_valid_under_the_withdrawn_reading(
    mark: Mark,
) -> None:
    policies = Policies(single_name_both_or_none=SingleNamePolicy.VALID_NO_VOTE)
    ballot = MarkedBallot(marks=(mark,))
    assert _classify(ballot, SINGLE, policies) == (True, None, 0)
    assert count_votes([ballot], candidates=1) == [0]


@pytest.mark.parametrize("mark", [Mark.BOTH, Mark.NONE])
def test_it_rejects_a_single_name_ballot_without_exactly_one_box_by_default(mark: Mark) -> None:
    assert Policies().single_name_both_or_none is SingleNamePolicy.INVALID
    assert _classify(MarkedBallot(marks=(mark,)), SINGLE) == (
        False,
        InvalidReason.SINGLE_NAME_NOT_ONE_BOX,
        0,
    )


@pytest.mark.parametrize("mark", [Mark.AGREE, Mark.DISAGREE])
def test_a_single_name_ballot_with_exactly_one_box_is_valid_by_default(mark: Mark) -> None:
    assert _classify(MarkedBallot(marks=(mark,)), SINGLE) == (True, None, int(mark is Mark.AGREE))


def test_it_rejects_a_write_in_ballot_by_default() -> None:
    assert _classify(_crossed(3, 7, write_in=True)) == (False, InvalidReason.WRITE_IN, 0)


def test_it_counts_a_write_in_ballot_without_the_written_name_under_the_ignore_policy() -> None:
    policies = Policies(write_in=WriteInPolicy.IGNORE_WRITTEN_NAME)
    assert _classify(_crossed(3, 7, write_in=True), policies=policies) == (True, None, 9)


def test_it_reports_an_over_vote_before_a_write_in() -> None:
    assert _classify(_crossed(3, write_in=True)) == (False, InvalidReason.OVER_VOTE, 0)


def test_it_counts_a_name_not_crossed_out_as_a_vote() -> None:
    votes = count_votes([_crossed(0, 1), _crossed(1, 2), _crossed()], candidates=4)
    assert votes == [2, 1, 2, 3]


def test_it_refuses_to_count_an_invalid_ballot() -> None:
    with pytest.raises(ValueError):
        count_votes([RuledInvalidBallot(InvalidReason.TORN)], candidates=3)


def test_it_counts_agree_marks_only() -> None:
    ballots = [
        MarkedBallot(marks=(Mark.AGREE, Mark.DISAGREE, Mark.BOTH)),
        MarkedBallot(marks=(Mark.AGREE, Mark.AGREE, Mark.NONE)),
    ]
    assert count_votes(ballots, candidates=3) == [2, 1, 0]


def test_it_accepts_as_many_ballots_collected_as_issued() -> None:
    assert round_is_void(issued=43, collected=43) is False
    assert round_is_void(issued=43, collected=42) is False


def test_it_voids_the_round_with_one_ballot_more_collected_than_issued() -> None:
    assert round_is_void(issued=43, collected=44) is True


def test_it_counts_nothing_and_proposes_a_revote_when_the_round_is_void() -> None:
    e = election(seats=2, candidates=3, summoned=5, ballots=[_crossed(0)] * 5, issued=4)
    result = tally(e)
    assert result.void is True
    assert (result.ballots_collected, result.valid, result.invalid) == (5, 0, 0)
    assert result.elected == ()
    assert result.votes == (0, 0, 0)
    assert result.seats_remaining == 2
    assert result.next_round is not None
    assert result.next_round.action is NextAction.REVOTE
    assert result.next_round.round == 1
    same = tally(election(seats=2, candidates=3, summoned=5, ballots=[_crossed(0)] * 4, issued=4))
    assert same.void is False
    assert same.elected == (1, 2)


def _delegates_14(policies: Policies) -> BallotLayout:
    return ballot_layout(
        candidates=14, seats=10, alternates=2, kind=ElectionKind.DELEGATES, policies=policies
    )


def test_it_lets_a_combined_ballot_keep_seats_plus_alternates_by_default() -> None:
    layout = _delegates_14(DEFAULT)
    assert layout.max_kept == 12
    assert _classify(_crossed(0, 1), layout) == (True, None, 12)
    assert _classify(_crossed(0), layout) == (False, InvalidReason.OVER_VOTE, 0)


def test_it_lets_a_combined_ballot_keep_only_the_seats_under_the_seats_policy() -> None:
    policies = Policies(max_kept=MaxKeptPolicy.SEATS)
    layout = _delegates_14(policies)
    assert layout.max_kept == 10
    assert _classify(_crossed(0, 1, 2, 3), layout, policies) == (True, None, 10)
    assert _classify(_crossed(0, 1, 2), layout, policies) == (False, InvalidReason.OVER_VOTE, 0)


def test_it_counts_invalid_ballots_per_reason() -> None:
    e = election(
        seats=2,
        candidates=4,
        summoned=20,
        ballots=[
            _crossed(0, 1),
            _crossed(0),
            _crossed(),
            _crossed(0, 1, 2, 3),
            RuledInvalidBallot(InvalidReason.NOT_ISSUED),
            _crossed(2, 3, write_in=True),
        ],
    )
    result = tally(e)
    assert result.valid == 1
    assert result.invalid == 5
    assert dict(result.invalid_by_reason) == {
        InvalidReason.OVER_VOTE: 2,
        InvalidReason.NONE_KEPT: 1,
        InvalidReason.NOT_ISSUED: 1,
        InvalidReason.WRITE_IN: 1,
    }
    assert [o.valid for o in result.outcomes] == [True, False, False, False, False, False]


def test_it_keeps_two_candidates_with_the_same_name_apart() -> None:
    e = election(
        seats=1,
        candidates=("Nguyễn Văn An", "Nguyễn Văn An", "Lê Văn Cường"),
        summoned=5,
        ballots=[_crossed(1, 2), _crossed(1, 2), _crossed(1, 2), _crossed(0, 2), _crossed(0, 1)],
    )
    result = tally(e)
    assert result.votes == (3, 1, 1)
    assert result.elected == (0,)
    assert [c.status for c in result.candidates][:2] == [
        CandidateStatus.ELECTED,
        CandidateStatus.NOT_QUALIFIED,
    ]
    assert any("(STT 1)" in step for step in result.steps)
