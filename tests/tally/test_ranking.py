"""R-007, R-060, R-061, R-062, R-063, R-070, R-072: seats, ties, alternates, next round."""

from __future__ import annotations

import pytest

from daihoi.tally import (
    AlternatesMode,
    CandidateStatus,
    CongressKind,
    Election,
    ElectionKind,
    NextAction,
    NextRoundListPolicy,
    Policies,
    ShortfallPolicy,
    ShortReason,
    TallyInputError,
    Tie,
    rank_candidates,
    tally,
)
from tests.tally.builders import crossed_ballots, election, marked_ballots


def test_it_fills_the_seats_with_the_highest_votes_when_more_qualify() -> None:
    ranking = rank_candidates([30, 50, 40, 35], threshold=30, seats=2)
    assert ranking.qualified == (1, 2, 3, 0)
    assert ranking.elected == (1, 2)
    assert ranking.ties == ()
    assert ranking.seats_remaining == 0


def test_it_elects_a_whole_tied_group_that_fits_in_the_seats() -> None:
    ranking = rank_candidates([40, 40, 30], threshold=20, seats=2)
    assert ranking.elected == (0, 1)
    assert ranking.ties == ()


def test_it_reports_a_tie_at_the_cutoff_and_leaves_the_seat_open() -> None:
    ranking = rank_candidates([50, 31, 31, 20], threshold=29, seats=2)
    assert ranking.elected == (0,)
    assert ranking.ties == (
        Tie(candidates=(1, 2), votes=31, official_places=1, alternate_places=0),
    )
    assert ranking.tied == (1, 2)
    assert ranking.seats_remaining == 1
    assert ranking.seats_remaining_reason is ShortReason.TIE_AT_CUTOFF


def test_it_reports_three_tied_for_two_seats() -> None:
    ranking = rank_candidates([9, 9, 9, 1], threshold=5, seats=2)
    assert ranking.elected == ()
    assert ranking.tied == (0, 1, 2)
    assert ranking.seats_remaining == 2


def test_it_ignores_a_tie_below_the_threshold() -> None:
    ranking = rank_candidates([50, 10, 10], threshold=29, seats=2)
    assert ranking.elected == (0,)
    assert ranking.ties == ()
    assert ranking.seats_remaining_reason is ShortReason.TOO_FEW_ABOVE_THRESHOLD


def test_it_ignores_a_tie_after_the_seats_are_full() -> None:
    ranking = rank_candidates([50, 40, 30, 30], threshold=29, seats=2)
    assert ranking.elected == (0, 1)
    assert ranking.ties == ()


def test_it_reports_a_tie_across_the_official_and_alternate_boundary() -> None:
    ranking = rank_candidates([10, 9, 9, 8, 1], threshold=5, seats=2, alternates=2)
    assert ranking.elected == (0,)
    assert ranking.ties == (Tie((1, 2), 9, official_places=1, alternate_places=1),)
    assert ranking.alternates == (3,)
    assert ranking.alternate_ranks == (2,)
    assert (ranking.seats_remaining, ranking.alternates_remaining) == (1, 1)
    assert ranking.alternates_remaining_reason is ShortReason.TIE_AT_CUTOFF


def test_it_reports_a_tie_across_the_alternate_cutoff() -> None:
    ranking = rank_candidates([10, 9, 9], threshold=5, seats=1, alternates=1)
    assert ranking.elected == (0,)
    assert ranking.alternates == ()
    assert ranking.ties == (Tie((1, 2), 9, official_places=0, alternate_places=1),)
    assert ranking.seats_remaining == 0
    assert ranking.alternates_remaining_reason is ShortReason.TIE_AT_CUTOFF


def test_it_ranks_equal_alternates_with_a_shared_rank() -> None:
    ranking = rank_candidates([10, 9, 9, 7], threshold=5, seats=1, alternates=3)
    assert ranking.alternates == (1, 2, 3)
    assert ranking.alternate_ranks == (1, 1, 3)
    assert ranking.ties == ()


def test_it_ranks_alternates_by_votes_highest_first() -> None:
    ranking = rank_candidates([20, 7, 19, 8, 9], threshold=5, seats=2, alternates=2)
    assert ranking.elected == (0, 2)
    assert ranking.alternates == (4, 3)
    assert ranking.alternate_ranks == (1, 2)


def test_it_reports_too_few_above_the_threshold() -> None:
    ranking = rank_candidates([50, 40, 28], threshold=29, seats=3)
    assert ranking.elected == (0, 1)
    assert ranking.seats_remaining == 1
    assert ranking.seats_remaining_reason is ShortReason.TOO_FEW_ABOVE_THRESHOLD


def test_it_proposes_another_round_for_a_committee_short_of_seats() -> None:
    result = tally(
        election(
            seats=2,
            candidates=3,
            summoned=10,
            ballots=crossed_ballots([6, 4, 3], 10, max_kept=2),
        )
    )
    assert result.elected == (0,)
    assert result.seats_remaining_reason is ShortReason.TOO_FEW_ABOVE_THRESHOLD
    proposal = result.next_round
    assert proposal is not None
    assert (proposal.action, proposal.round, proposal.seats, proposal.rules) == (
        NextAction.NEXT_ROUND,
        2,
        1,
        "R-063",
    )
    assert proposal.candidates == (1, 2)


def test_it_stops_and_refers_to_the_higher_committee_under_the_stop_policy() -> None:
    result = tally(
        election(
            seats=2,
            candidates=3,
            summoned=10,
            ballots=crossed_ballots([6, 4, 3], 10, max_kept=2),
            policies=Policies(shortfall=ShortfallPolicy.HIGHER_COMMITTEE_MAY_APPOINT),
        )
    )
    assert result.next_round is not None
    assert result.next_round.action is NextAction.HIGHER_COMMITTEE_MAY_APPOINT
    assert result.next_round.round is None


def test_it_leaves_the_next_list_to_the_congress_under_that_policy() -> None:
    result = tally(
        election(
            seats=2,
            candidates=3,
            summoned=10,
            ballots=crossed_ballots([6, 4, 3], 10, max_kept=2),
            policies=Policies(next_round_list=NextRoundListPolicy.CONGRESS_ADOPTS_LIST),
        )
    )
    assert result.next_round is not None
    assert result.next_round.candidates is None


def _cell_secretary(agree: int, round_number: int) -> Election:
    return election(
        congress=CongressKind.MEMBERS,
        kind=ElectionKind.SECRETARY,
        seats=1,
        candidates=1,
        summoned=8,
        ballots=marked_ballots([agree], 8),
        round_number=round_number,
    )


@pytest.mark.parametrize("round_number", [1, 2])
def test_it_proposes_another_round_for_a_cell_secretary_before_round_three(
    round_number: int,
) -> None:
    result = tally(_cell_secretary(4, round_number))
    assert result.elected == ()
    assert result.next_round is not None
    assert (result.next_round.action, result.next_round.round, result.next_round.rules) == (
        NextAction.NEXT_ROUND,
        round_number + 1,
        "R-007",
    )


def test_it_has_the_higher_committee_appoint_a_cell_secretary_after_round_three() -> None:
    result = tally(_cell_secretary(4, 3))
    assert result.next_round is not None
    assert result.next_round.action is NextAction.HIGHER_COMMITTEE_APPOINTS
    assert result.next_round.round is None
    assert "theo Quy chế bầu cử trong Đảng, cấp ủy cấp trên chỉ định bí thư chi bộ" in (
        result.steps[-2])


def test_it_elects_a_cell_secretary_in_round_three_at_the_threshold() -> None:
    result = tally(_cell_secretary(5, 3))
    assert result.elected == (0,)
    assert result.next_round is None


def test_it_rejects_a_fourth_round_for_a_cell_secretary() -> None:
    with pytest.raises(TallyInputError) as info:
        tally(_cell_secretary(5, 4))
    assert info.value.path == "round"


def test_it_does_not_apply_the_three_round_limit_outside_a_cell() -> None:
    e = election(
        congress=CongressKind.DELEGATES,
        kind=ElectionKind.SECRETARY,
        seats=1,
        candidates=1,
        summoned=8,
        ballots=marked_ballots([4], 8),
        round_number=3,
    )
    result = tally(e)
    assert result.next_round is not None
    assert (result.next_round.action, result.next_round.round, result.next_round.rules) == (
        NextAction.NEXT_ROUND,
        4,
        "R-063",
    )


def test_it_continues_voting_for_delegates_short_of_seats() -> None:
    e = election(
        congress=CongressKind.MEMBERS,
        kind=ElectionKind.DELEGATES,
        seats=2,
        alternates=1,
        candidates=4,
        summoned=10,
        ballots=crossed_ballots([7, 5, 5, 2], 10, max_kept=3),
    )
    result = tally(e)
    assert result.elected == (0,)
    assert result.next_round is not None
    assert (
        result.next_round.action,
        result.next_round.seats,
        result.next_round.alternates,
        result.next_round.rules,
    ) == (NextAction.NEXT_ROUND, 1, 1, "R-062")


def test_it_rejects_alternates_outside_a_delegate_election() -> None:
    with pytest.raises(TallyInputError) as info:
        tally(
            election(
                seats=2,
                alternates=1,
                candidates=4,
                summoned=10,
                ballots=crossed_ballots([7, 5, 5, 2], 10, max_kept=3),
            )
        )
    assert info.value.path == "alternates"


def test_it_leaves_alternates_to_a_separate_round_under_that_mode() -> None:
    policies = Policies(alternates_mode=AlternatesMode.SEPARATE_ALTERNATE_ROUND)
    e = election(
        congress=CongressKind.MEMBERS,
        kind=ElectionKind.DELEGATES,
        seats=2,
        alternates=1,
        candidates=4,
        summoned=10,
        ballots=crossed_ballots([7, 7, 6, 0], 10, max_kept=2),
        policies=policies,
    )
    result = tally(e)
    assert result.layout.max_kept == 2
    assert result.elected == (0, 1)
    assert result.alternates == ()
    assert result.alternates_remaining == 1
    assert result.alternates_remaining_reason is ShortReason.SEPARATE_ALTERNATE_ROUND
    assert result.next_round is not None
    assert result.next_round.action is NextAction.SEPARATE_ALTERNATE_ROUND
    assert result.candidates[2].status is CandidateStatus.QUALIFIED_NOT_ELECTED


def test_it_proposes_a_congress_decision_for_a_tie_at_the_alternate_cutoff() -> None:
    e = election(
        congress=CongressKind.MEMBERS,
        kind=ElectionKind.DELEGATES,
        seats=1,
        alternates=1,
        candidates=4,
        summoned=10,
        ballots=crossed_ballots([8, 6, 6, 0], 10, max_kept=2),
    )
    result = tally(e)
    assert result.tied == (1, 2)
    assert result.next_round is not None
    assert (result.next_round.action, result.next_round.seats, result.next_round.alternates) == (
        NextAction.CONGRESS_DECIDES_TIE,
        0,
        1,
    )
    assert [c.status for c in result.candidates] == [
        CandidateStatus.ELECTED,
        CandidateStatus.TIED,
        CandidateStatus.TIED,
        CandidateStatus.NOT_QUALIFIED,
    ]
