"""Accuracy: generated elections with known truth, at least 1,549,703 ballot positions.

The generator decides each ballot's fate first (valid with the names it keeps, over-vote,
blank, all crossed, board ruling, write-in) and accumulates the expected votes and counts
itself. The expected winners come from an oracle written here independently of the engine:
it places each candidate by counting the qualifiers with strictly more and with equal votes,
instead of walking groups as the engine does. Seeded and deterministic.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field

from daihoi.tally import (
    Ballot,
    CongressKind,
    CrossedBallot,
    Deduction,
    Election,
    ElectionKind,
    InvalidReason,
    Mark,
    MarkedBallot,
    Policies,
    RuledInvalidBallot,
    SingleNamePolicy,
    ThresholdBase,
    WriteInPolicy,
    tally,
)

REQUIRED_POSITIONS = 1_549_703
SEED = 20251128
BOARD = [
    InvalidReason.NOT_ISSUED,
    InvalidReason.MARKED,
    InvalidReason.TORN,
    InvalidReason.ILLEGIBLE,
    InvalidReason.OTHER,
    InvalidReason.WRITE_IN,
]


@dataclass
class Truth:
    votes: list[int]
    valid: int = 0
    invalid: Counter[InvalidReason] = field(default_factory=Counter)
    void: bool = False


@dataclass(frozen=True)
class Expected:
    elected: frozenset[int]
    alternates: dict[int, int]
    tied: frozenset[int]
    seats_remaining: int
    threshold: int


def oracle(votes: list[int], base: int, seats: int, alternates: int) -> Expected:
    """Expected outcome, written independently: a candidate's slots are
    [number of qualifiers with more votes, + number with equal votes)."""
    threshold = next(v for v in range(base + 2) if 2 * v > base)
    qualified = [i for i, v in enumerate(votes) if v >= threshold]
    elected: set[int] = set()
    alt: dict[int, int] = {}
    tied: set[int] = set()
    for i in qualified:
        above = sum(1 for j in qualified if votes[j] > votes[i])
        equal = sum(1 for j in qualified if votes[j] == votes[i])
        first, last = above, above + equal  # occupies slots first .. last-1
        if last <= seats:
            elected.add(i)
        elif first >= seats and last <= seats + alternates:
            alt[i] = first - seats + 1
        elif first < seats + alternates:
            tied.add(i)
    return Expected(frozenset(elected), alt, frozenset(tied), seats - len(elected), threshold)


def generate(rng: random.Random, n: int, ballots: int) -> tuple[Election, Truth]:
    """One election of ``n`` candidates and ``ballots`` ballots, with its truth."""
    delegates = rng.random() < 0.3
    surplus_form = n > 1 and rng.random() < 0.75
    if surplus_form:
        places = rng.randint(1, n - 1)
        alternates = rng.randint(0, min(3, places - 1)) if delegates and places > 1 else 0
        seats = places - alternates
    else:
        seats = rng.randint(n, n + 2)
        alternates = 0
        delegates = False
    max_kept = seats + alternates
    policies = Policies(
        write_in=rng.choice(list(WriteInPolicy)),
        single_name_both_or_none=rng.choice(list(SingleNamePolicy)),
    )
    # "bloc" elections: each name is kept with its own popularity, coarse enough for ties
    mode = rng.choice(["uniform", "bloc", "contest", "contest"]) if surplus_form else "bloc"
    bloc = mode == "bloc"
    # "contest" elections: a few more strong candidates than places share the kept names
    # cyclically, so that their votes differ by at most one and ties at the cut-off are common
    strong = rng.sample(range(n), min(n - 1, max_kept + rng.randint(1, 2))) if n > 1 else [0]
    window = min(max_kept, len(strong))
    raw = [rng.choice([1.0, 0.9, 0.8, 0.7, 0.6, 0.55, 0.3, 0.1]) for _ in range(n)]
    scale = min(1.0, 0.9 * (seats + alternates if n > 1 else 1) / sum(raw))
    popularity = [min(0.97, p * scale) for p in raw]
    truth = Truth(votes=[0] * n)
    made: list[Ballot] = []
    everyone = range(n)
    for number in range(ballots):
        roll = rng.random()
        write_in = rng.random() < 0.02
        if roll < 0.03:
            reason = rng.choice(BOARD)
            made.append(RuledInvalidBallot(reason=reason))
            truth.invalid[reason] += 1
            continue
        if surplus_form:
            if roll < 0.06:
                keep_count = rng.randint(max_kept + 1, n)  # over-vote (n: nothing crossed)
            elif roll < 0.08:
                keep_count = 0  # everything crossed
            elif bloc:
                keep_count = -1  # decided by popularity below
            else:
                keep_count = rng.randint(1, max_kept)
            if keep_count < 0:
                kept = {i for i in everyone if rng.random() < popularity[i]}
                keep_count = len(kept)
            elif mode == "contest" and keep_count > 0 and keep_count <= max_kept:
                start = number * window
                kept = {strong[(start + j) % len(strong)] for j in range(window)}
                keep_count = len(kept)
            else:
                kept = set(rng.sample(everyone, keep_count))
            crossed = [i for i in everyone if i not in kept]
            rng.shuffle(crossed)
            made.append(CrossedBallot(crossed=tuple(crossed), write_in=write_in))
            if keep_count == 0:
                truth.invalid[InvalidReason.NONE_KEPT] += 1
            elif keep_count > max_kept:
                truth.invalid[InvalidReason.OVER_VOTE] += 1
            elif write_in and policies.write_in is WriteInPolicy.INVALID:
                truth.invalid[InvalidReason.WRITE_IN] += 1
            else:
                truth.valid += 1
                for i in kept:
                    truth.votes[i] += 1
        else:
            if roll < 0.1:
                marks = rng.choices([Mark.BOTH, Mark.NONE], k=n)
            else:
                marks = [
                    Mark.AGREE
                    if rng.random() < popularity[i]
                    else rng.choices([Mark.DISAGREE, Mark.BOTH, Mark.NONE], (8, 1, 1))[0]
                    for i in everyone
                ]
            made.append(MarkedBallot(marks=tuple(marks), write_in=write_in))
            single_blank = n == 1 and marks[0] in (Mark.BOTH, Mark.NONE)
            if write_in and policies.write_in is WriteInPolicy.INVALID:
                truth.invalid[InvalidReason.WRITE_IN] += 1
            elif single_blank and policies.single_name_both_or_none is SingleNamePolicy.INVALID:
                truth.invalid[InvalidReason.SINGLE_NAME_NOT_ONE_BOX] += 1
            else:
                truth.valid += 1
                for i, mark in enumerate(marks):
                    if mark is Mark.AGREE:
                        truth.votes[i] += 1
    congress = rng.choice(list(CongressKind))
    keys = {
        CongressKind.MEMBERS: [Deduction.TEMPORARY_ACTIVITY_ELSEWHERE, Deduction.EXEMPTED_ABSENT],
        CongressKind.DELEGATES: [Deduction.DELEGATES_ABSENT_NOT_REPLACED],
        CongressKind.CONFERENCE: [Deduction.CONFERENCE_EXCLUDED],
    }[congress]
    deductions = {key: rng.randint(0, 3) for key in keys}
    # the base sometimes sits around the vote counts, so that thresholds bite
    summoned = ballots + rng.randint(0, max(1, ballots // 8)) + sum(deductions.values())
    issued = ballots + rng.choice([0, 0, 0, 1, 3])
    if rng.random() < 0.03:
        issued = ballots - 1  # one ballot more collected than issued
        truth.void = True
    kind = (
        ElectionKind.DELEGATES
        if delegates
        else rng.choice(
            [ElectionKind.COMMITTEE, ElectionKind.CELL_COMMITTEE, ElectionKind.INSPECTION_COMMITTEE]
        )
    )
    e = Election(
        congress=congress,
        kind=kind,
        seats=seats,
        alternates=alternates,
        candidates=tuple(f"Người {i}" for i in range(n)),
        base=ThresholdBase(summoned=summoned, deductions=deductions),
        ballots_issued=issued,
        ballots=tuple(made),
        policies=policies,
    )
    return e, truth


def _sizes(rng: random.Random) -> list[tuple[int, int]]:
    """(candidates, ballots) of the generated elections: many small, some large."""
    sizes = [(250, 2000), (120, 1200), (1, 300), (2, 150), (60, 900)]
    total = sum(n * b for n, b in sizes)
    while total < REQUIRED_POSITIONS + 50_000:
        n = rng.choice([1, 2, 3, 5, 7, 9, 11, 15, 20, 31, 45])
        b = rng.randint(3, 30) if rng.random() < 0.4 else rng.randint(30, 400)
        sizes.append((n, b))
        total += n * b
    return sizes


def test_it_counts_generated_elections_with_zero_differences() -> None:
    rng = random.Random(SEED)
    positions = 0
    differences: list[str] = []
    elections = 0
    voids = ties = filled = with_alternates = 0
    for n, b in _sizes(rng):
        e, truth = generate(rng, n, b)
        r = tally(e)
        positions += n * b
        elections += 1
        base = e.base.summoned - sum(e.base.deductions.values())
        if truth.void:
            voids += 1
            if not (r.void and r.valid == 0 and r.elected == ()):
                differences.append(f"election {elections}: void expected")
            continue
        want = oracle(truth.votes, base, e.seats, e.alternates)
        ties += bool(want.tied)
        filled += want.seats_remaining == 0
        with_alternates += bool(want.alternates)
        got = (
            r.void,
            r.valid,
            dict(r.invalid_by_reason),
            list(r.votes),
            r.threshold,
            set(r.elected),
            dict(zip(r.alternates, r.alternate_ranks, strict=True)),
            set(r.tied),
            r.seats_remaining,
        )
        expected = (
            False,
            truth.valid,
            dict(truth.invalid),
            truth.votes,
            want.threshold,
            set(want.elected),
            want.alternates,
            set(want.tied),
            want.seats_remaining,
        )
        if got != expected:
            differences.append(f"election {elections} (n={n}, ballots={b}): {got} != {expected}")
    assert positions >= REQUIRED_POSITIONS
    assert voids > 0
    assert ties > 0
    assert filled > 0
    assert with_alternates > 0
    assert elections > 100
    assert differences == []
