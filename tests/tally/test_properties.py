"""Hypothesis properties of the full tally (R-050, R-055, R-060, R-061, R-070)."""

from __future__ import annotations

import random
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from daihoi.tally import (
    Ballot,
    CongressKind,
    CrossedBallot,
    Election,
    ElectionKind,
    InvalidReason,
    Mark,
    MarkedBallot,
    Policies,
    RuledInvalidBallot,
    TallyResult,
    ThresholdBase,
    tally,
)

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def elections(draw: st.DrawFn) -> Election:
    """Small elections of either ballot form, with invalid and blank ballots mixed in."""
    delegates = draw(st.booleans())
    seats = draw(st.integers(1, 5))
    alternates = draw(st.integers(0, 2)) if delegates else 0
    places = seats + alternates
    surplus_form = draw(st.booleans())
    n = draw(st.integers(places + 1, places + 4)) if surplus_form else draw(st.integers(1, places))
    ruled = st.builds(
        RuledInvalidBallot, st.sampled_from([InvalidReason.NOT_ISSUED, InvalidReason.TORN])
    )
    write_in = st.integers(0, 9).map(lambda x: x == 0)
    if surplus_form:
        # mostly valid ballots (1..places names kept), some arbitrary (over-votes, blanks)
        valid_crossed = st.sets(st.integers(0, n - 1), min_size=1, max_size=places).map(
            lambda kept: tuple(i for i in range(n) if i not in kept)
        )
        any_crossed = st.sets(st.integers(0, n - 1)).map(lambda s: tuple(sorted(s)))
        form: st.SearchStrategy[Ballot] = st.builds(
            CrossedBallot, st.one_of(valid_crossed, valid_crossed, any_crossed), write_in
        )
    else:
        mark = st.sampled_from([Mark.AGREE, Mark.AGREE, Mark.DISAGREE, Mark.BOTH, Mark.NONE])
        form = st.builds(MarkedBallot, st.lists(mark, min_size=n, max_size=n).map(tuple), write_in)
    # voters in blocs: a few ballot templates repeated, plus arbitrary ballots
    blocs = st.sampled_from(draw(st.lists(form, min_size=1, max_size=3)))
    ballots = draw(st.lists(st.one_of(blocs, blocs, form, ruled), min_size=1, max_size=30))
    # a base mostly at or below the number of ballots, so that thresholds and ties bite
    summoned = draw(
        st.one_of(st.integers(1, len(ballots)), st.integers(len(ballots), len(ballots) + 5))
    )
    return Election(
        congress=draw(st.sampled_from(list(CongressKind))),
        kind=ElectionKind.DELEGATES if delegates else ElectionKind.COMMITTEE,
        seats=seats,
        alternates=alternates,
        candidates=tuple(f"Ứng viên {i}" for i in range(n)),
        base=ThresholdBase(summoned=summoned),
        ballots_issued=max(0, len(ballots) + draw(st.integers(-1, 3))),
        ballots=tuple(ballots),
        policies=Policies(),
    )


def _outcome(r: TallyResult) -> tuple[object, ...]:
    return (
        r.valid,
        r.invalid,
        dict(r.invalid_by_reason),
        r.votes,
        r.elected,
        r.alternates,
        r.alternate_ranks,
        r.tied,
        r.seats_remaining,
        r.alternates_remaining,
        r.threshold,
    )


@SETTINGS
@given(elections(), st.randoms(use_true_random=False))
def test_it_gives_the_same_result_whatever_the_order_of_the_ballots(
    e: Election, rnd: random.Random
) -> None:
    ballots = list(e.ballots)
    rnd.shuffle(ballots)
    assert _outcome(tally(replace(e, ballots=tuple(ballots)))) == _outcome(tally(e))


def _permute_ballot(ballot: Ballot, where: list[int]) -> Ballot:
    """``where[i]`` is the new position of the candidate at old position ``i``."""
    if isinstance(ballot, CrossedBallot):
        return replace(ballot, crossed=tuple(sorted(where[i] for i in ballot.crossed)))
    if isinstance(ballot, MarkedBallot):
        marks = [Mark.NONE] * len(ballot.marks)
        for i, mark in enumerate(ballot.marks):
            marks[where[i]] = mark
        return replace(ballot, marks=tuple(marks))
    return ballot


@SETTINGS
@given(elections(), st.randoms(use_true_random=False))
def test_it_permutes_the_result_with_the_candidates_and_ignores_names(
    e: Election, rnd: random.Random
) -> None:
    n = len(e.candidates)
    where = list(range(n))
    rnd.shuffle(where)
    names = ["?"] * n
    for i in range(n):
        names[where[i]] = f"Tên mới {i}"
    moved = replace(
        e, candidates=tuple(names), ballots=tuple(_permute_ballot(b, where) for b in e.ballots)
    )
    before, after = tally(e), tally(moved)
    assert [after.votes[where[i]] for i in range(n)] == list(before.votes)
    assert {where[i] for i in before.elected} == set(after.elected)
    assert {where[i] for i in before.tied} == set(after.tied)
    assert {where[i] for i in before.alternates} == set(after.alternates)
    assert (after.valid, after.seats_remaining) == (before.valid, before.seats_remaining)


@SETTINGS
@given(elections())
def test_it_never_elects_anyone_below_the_threshold(e: Election) -> None:
    r = tally(e)
    assert all(r.votes[i] >= r.threshold for i in (*r.elected, *r.alternates, *r.tied))
    assert all(r.votes[i] < r.threshold for i in range(len(e.candidates)) if i not in r.qualified)


@SETTINGS
@given(elections())
def test_it_never_elects_more_than_the_places(e: Election) -> None:
    r = tally(e)
    assert len(r.elected) + r.seats_remaining == e.seats
    assert len(r.alternates) + r.alternates_remaining == e.alternates
    assert len(set(r.elected) | set(r.alternates)) == len(r.elected) + len(r.alternates)
    assert not set(r.tied) & (set(r.elected) | set(r.alternates))


@SETTINGS
@given(elections())
def test_it_elects_by_votes_highest_first(e: Election) -> None:
    r = tally(e)
    elected_votes = [r.votes[i] for i in r.elected]
    assert elected_votes == sorted(elected_votes, reverse=True)
    if r.elected and r.alternates:
        assert min(elected_votes) > max(r.votes[i] for i in r.alternates)


@SETTINGS
@given(elections(), st.data())
def test_it_never_unelects_a_candidate_given_one_more_vote(
    e: Election, data: st.DataObject
) -> None:
    r = tally(e)
    if not r.elected or r.void:
        return
    x = data.draw(st.sampled_from(r.elected))
    n = len(e.candidates)
    extra: Ballot
    if r.layout.max_kept < n:
        extra = CrossedBallot(crossed=tuple(i for i in range(n) if i != x))
    else:
        extra = MarkedBallot(marks=tuple(Mark.AGREE if i == x else Mark.DISAGREE for i in range(n)))
    more = replace(e, ballots=(*e.ballots, extra), ballots_issued=e.ballots_issued + 1)
    after = tally(more)
    assert after.votes[x] == r.votes[x] + 1
    assert x in after.elected


@SETTINGS
@given(elections())
def test_it_never_counts_more_votes_than_valid_ballots_times_names_kept(e: Election) -> None:
    r = tally(e)
    assert sum(r.votes) <= r.valid * r.layout.max_kept
    assert max(r.votes, default=0) <= r.valid
    assert r.valid + r.invalid == (0 if r.void else len(e.ballots))
