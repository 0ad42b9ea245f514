"""A further round held for alternate places only (R-070, R-072, "bầu tiếp"): it elects
alternates, never official delegates, and judges over-votes against the places it fills."""

from __future__ import annotations

import pytest

from daihoi.tally import (
    AlternatesMode,
    CrossedBallot,
    ElectionKind,
    InvalidReason,
    NextAction,
    Policies,
    TallyInputError,
    ballot_layout,
    tally,
)
from tests.tally.builders import crossed_ballots, election

#: 10 official + 2 alternate places; base 116 (min 59); 14 names.
FIRST_ROUND_VOTES = [110, 105, 101, 98, 95, 90, 88, 80, 76, 70, 66, 40, 30, 20]


def test_a_delegate_round_fills_ten_seats_and_one_alternate_then_proposes_one_more() -> None:
    r = tally(
        election(
            kind=ElectionKind.DELEGATES, seats=10, alternates=2, candidates=14, summoned=116,
            ballots=crossed_ballots(FIRST_ROUND_VOTES, 116, max_kept=12),
        )
    )
    assert r.threshold == 59
    assert r.elected == tuple(range(10))
    assert r.alternates == (10,)
    assert (r.seats_remaining, r.alternates_remaining) == (0, 1)
    assert r.next_round is not None
    assert r.next_round.action is NextAction.NEXT_ROUND
    assert (r.next_round.seats, r.next_round.alternates) == (0, 1)
    assert r.next_round.candidates == (11, 12, 13)


def test_the_round_for_the_last_alternate_elects_an_alternate_not_a_delegate() -> None:
    # The three not elected before, one place, min 59: 60 passes, 40 and 16 do not.
    r = tally(
        election(
            kind=ElectionKind.DELEGATES, seats=0, alternates=1, candidates=3, summoned=116,
            ballots=crossed_ballots([60, 40, 16], 116, max_kept=1), round_number=2,
        )
    )
    assert r.elected == ()
    assert r.alternates == (0,)
    assert r.alternate_ranks == (1,)
    assert (r.seats_remaining, r.alternates_remaining) == (0, 0)
    assert r.next_round is None


def test_an_alternate_round_counts_keeping_more_names_than_its_places_as_an_over_vote() -> None:
    lay = ballot_layout(candidates=3, seats=0, alternates=1, kind=ElectionKind.DELEGATES,
                        policies=Policies())
    assert lay.max_kept == 1
    r = tally(
        election(
            kind=ElectionKind.DELEGATES, seats=0, alternates=1, candidates=3, summoned=10,
            ballots=[CrossedBallot(crossed=(2,)), CrossedBallot(crossed=(1, 2))],
            round_number=2,
        )
    )
    assert [(o.valid, o.reason) for o in r.outcomes] == [
        (False, InvalidReason.OVER_VOTE),
        (True, None),
    ]


def test_the_separate_alternate_mode_ranks_alternates_in_their_own_round() -> None:
    policies = Policies(alternates_mode=AlternatesMode.SEPARATE_ALTERNATE_ROUND)
    first = tally(
        election(
            kind=ElectionKind.DELEGATES, seats=10, alternates=2, candidates=14, summoned=116,
            ballots=crossed_ballots(FIRST_ROUND_VOTES, 116, max_kept=10),
            policies=policies,
        )
    )
    assert first.alternates == ()
    assert first.next_round is not None
    assert first.next_round.action is NextAction.SEPARATE_ALTERNATE_ROUND
    assert (first.next_round.seats, first.next_round.alternates) == (0, 2)
    second = tally(
        election(
            kind=ElectionKind.DELEGATES, seats=0, alternates=2, candidates=4, summoned=116,
            ballots=crossed_ballots([80, 70, 60, 20], 116, max_kept=2), round_number=2,
            policies=policies,
        )
    )
    assert second.alternates == (0, 1)
    assert second.alternate_ranks == (1, 2)
    assert second.next_round is None


@pytest.mark.parametrize(
    ("kind", "alternates"),
    [(ElectionKind.DELEGATES, 0), (ElectionKind.COMMITTEE, 0)],
)
def test_it_refuses_zero_seats_without_alternate_places(
    kind: ElectionKind, alternates: int
) -> None:
    with pytest.raises(TallyInputError) as err:
        ballot_layout(candidates=3, seats=0, alternates=alternates, kind=kind, policies=Policies())
    assert err.value.path == "seats"
