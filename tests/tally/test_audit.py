"""The ballot-comparison audit's arithmetic (``daihoi.tally.audit``): the margins that decide a
result, Stark's super-simple sample size at its boundaries, and the public seed's draw."""

from __future__ import annotations

import math
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from daihoi import tally
from daihoi.tally import audit
from daihoi.tally.audit import AuditInputError, MarginKind
from tests.tally.builders import EXAMPLES

A, B, C, D, E, F, G, H, I, J, K, L, M, N = range(14)  # noqa: E741

#: -2 * gamma * ln(5%) with Arlo's gamma: 2 x 1.03905 x 2.9957323 = 6.2254312...
RHO_5 = 6.225431237672549


def run(stem: str) -> tally.TallyResult:
    return tally.tally(tally.load_election((EXAMPLES / f"{stem}.json").read_text("utf-8")))


# --------------------------------------------------------------------------- the margins


def test_example_1a_margins_by_hand() -> None:
    """§5 Example 1, case 1a: 45 summoned, 2 absent for the whole congress, base 43, threshold
    22; votes A..K 40 38 36 35 33 30 27 23 22 | 20 15; 9 seats, A..I elected, all seats filled.

    Over the threshold, votes - (22 - 1): A 19, B 17, C 15, D 14, E 12, F 9, G 6, H 2, I 1.
    No place open, so no margin below the threshold. The last elected I (22) against the first
    not elected J (20): 2. Smallest: 1 (I). Ballots 43, mu = 1/43; n = ceil(6.2254 x 43) =
    ceil(267.69) = 268 >= 43: only a full second reading confirms it."""
    r = run("example-1a")
    assert (r.base.base, r.threshold, r.ballots_collected) == (43, 22, 43)
    margins = audit.result_margins(r)
    above = {m.candidates[0]: m.votes for m in margins if m.kind is MarginKind.ABOVE_THRESHOLD}
    assert above == {A: 19, B: 17, C: 15, D: 14, E: 12, F: 9, G: 6, H: 2, I: 1}
    assert [m for m in margins if m.kind is not MarginKind.ABOVE_THRESHOLD] == [
        audit.Margin(MarginKind.SEAT_CUTOFF, 2, (I, J))]
    smallest = audit.smallest_margin(r)
    assert (smallest.kind, smallest.votes, smallest.candidates) == (
        MarginKind.ABOVE_THRESHOLD, 1, (I,))
    plan = audit.plan_audit(r, ballots=43, risk_limit=0.05)
    assert (plan.diluted, plan.size, plan.full) == (Fraction(1, 43), 43, True)
    assert math.ceil(RHO_5 * 43) == 268


def test_example_1b_margins_by_hand() -> None:
    """Case 1b: nobody deducted, base 45, threshold 23: A..H elected (8), one seat open because
    I (22) fell short. Over the threshold, votes - 22: A 18, B 16, C 14, D 13, E 11, F 8, G 5,
    H 1. A place is open, so below the threshold, 23 - votes: I 1, J 3, K 8. No seat cut-off
    (the seats were not filled). Smallest: 1, H's (listed first; I's is 1 too)."""
    r = run("example-1b")
    assert (r.base.base, r.threshold) == (45, 23)
    margins = audit.result_margins(r)
    above = {m.candidates[0]: m.votes for m in margins if m.kind is MarginKind.ABOVE_THRESHOLD}
    below = {m.candidates[0]: m.votes for m in margins if m.kind is MarginKind.BELOW_THRESHOLD}
    assert above == {A: 18, B: 16, C: 14, D: 13, E: 11, F: 8, G: 5, H: 1}
    assert below == {I: 1, J: 3, K: 8}
    assert not [m for m in margins if m.kind is MarginKind.SEAT_CUTOFF]
    assert audit.smallest_margin(r) == audit.Margin(MarginKind.ABOVE_THRESHOLD, 1, (H,))


def test_example_2_the_seats_decided_by_votes_give_a_pair_margin() -> None:
    """Example 2: base 56, threshold 29; A..I elected (… H 33, I 31), J 30 above the threshold
    but the seats full, K 20. The pair I-J: 31 - 30 = 1; the smallest margin."""
    r = run("example-2")
    assert audit.smallest_margin(r) == audit.Margin(MarginKind.SEAT_CUTOFF, 1, (I, J))
    assert not [m for m in audit.result_margins(r) if m.kind is MarginKind.BELOW_THRESHOLD]


def test_a_tie_at_the_cut_off_is_a_margin_of_0_and_a_full_reading() -> None:
    r = run("example-3")  # I and J tie at 31 for the last seat
    smallest = audit.smallest_margin(r)
    assert (smallest.kind, smallest.votes, smallest.candidates) == (MarginKind.TIE, 0, (I, J))
    plan = audit.plan_audit(r, ballots=r.ballots_collected, risk_limit=0.05)
    assert (plan.size, plan.full) == (r.ballots_collected, True)


def test_example_7_alternates_by_hand() -> None:
    """Example 7: base 116, threshold 59; officials 110 105 101 98 95 90 88 80 76 70, alternates
    K 66 (rank 1), L 61 (rank 2), then M 58, N 40. Over the threshold (votes - 58): …, J 12,
    K 8, L 3. The last official J (70) against the first not official K (66): 4. Rank 1 K (66)
    against rank 2 L (61): 5. The last alternate L (61) against the first not placed M (58):
    3. Smallest: 3, L over the threshold (listed before the cut-off of the same size)."""
    r = run("example-7")
    margins = audit.result_margins(r)
    assert audit.Margin(MarginKind.ABOVE_THRESHOLD, 12, (J,)) in margins
    assert audit.Margin(MarginKind.ABOVE_THRESHOLD, 8, (K,)) in margins
    assert audit.Margin(MarginKind.ABOVE_THRESHOLD, 3, (L,)) in margins
    others = [m for m in margins if m.kind is not MarginKind.ABOVE_THRESHOLD]
    assert others == [audit.Margin(MarginKind.SEAT_CUTOFF, 4, (J, K)),
                      audit.Margin(MarginKind.ALTERNATE_ORDER, 5, (K, L)),
                      audit.Margin(MarginKind.ALTERNATE_CUTOFF, 3, (L, M))]
    assert audit.smallest_margin(r) == audit.Margin(MarginKind.ABOVE_THRESHOLD, 3, (L,))


def test_a_void_round_has_no_margin() -> None:
    r = run("example-6-void")
    with pytest.raises(AuditInputError, match="bị hủy"):
        audit.result_margins(r)


# --------------------------------------------------------------------------- the sample size


def test_the_sample_size_when_the_bound_is_a_whole_number_and_just_above() -> None:
    """With gamma chosen so that -2 gamma ln(5%) = 6 exactly, margin 60: n = 6 x N / 60.
    N = 1000 gives exactly 100 (not 101); N = 1001 gives 100.1, so 101; N = 999 gives 99.9,
    so 100."""
    gamma = 3 / -math.log(0.05)
    assert audit.sample_size(margin=60, ballots=1000, risk_limit=0.05, gamma=gamma) == 100
    assert audit.sample_size(margin=60, ballots=1001, risk_limit=0.05, gamma=gamma) == 101
    assert audit.sample_size(margin=60, ballots=999, risk_limit=0.05, gamma=gamma) == 100


def test_the_sample_size_with_arlos_gamma_by_hand() -> None:
    """6.2254312 x 1000 / 60 = 103.757 -> 104; x 1000 / 7 = 889.35 -> 890; at 10%:
    2 x 1.03905 x ln 10 = 4.78505 x 1000 / 60 = 79.75 -> 80; at 1%: 9.57010 x 1000 / 60 =
    159.50 -> 160."""
    assert audit.sample_size(margin=60, ballots=1000, risk_limit=0.05) == 104
    assert audit.sample_size(margin=7, ballots=1000, risk_limit=0.05) == 890
    assert audit.sample_size(margin=60, ballots=1000, risk_limit=0.10) == 80
    assert audit.sample_size(margin=60, ballots=1000, risk_limit=0.01) == 160


def test_a_margin_of_0_needs_every_ballot() -> None:
    assert audit.sample_size(margin=0, ballots=348, risk_limit=0.05) == 348


def test_the_sample_reaches_every_ballot_at_its_boundary() -> None:
    """At 5% a margin of 6 votes can never be confirmed by a sample (6.2254 / 6 > 1: n >= N
    whatever N); 7 can, from 10 ballots: 0.88935 x 9 = 8.004 -> 9 = N (full), 0.88935 x 10 =
    8.89 -> 9 < 10."""
    for ballots in (6, 100, 10_000, 1_000_000):
        assert audit.sample_size(margin=6, ballots=ballots, risk_limit=0.05) == ballots
    assert audit.sample_size(margin=7, ballots=9, risk_limit=0.05) == 9
    assert audit.sample_size(margin=7, ballots=10, risk_limit=0.05) == 9


def test_bad_inputs_are_refused() -> None:
    with pytest.raises(AuditInputError):
        audit.sample_size(margin=3, ballots=0, risk_limit=0.05)
    with pytest.raises(AuditInputError):
        audit.sample_size(margin=-1, ballots=10, risk_limit=0.05)
    for alpha in (0.0, 1.0, -0.1):
        with pytest.raises(AuditInputError):
            audit.sample_size(margin=3, ballots=10, risk_limit=alpha)


@pytest.mark.parametrize(("percent", "ok"), [(0, False), (1, True), (5, True), (10, True),
                                             (11, False)])
def test_the_board_chooses_a_risk_limit_from_1_to_10_percent(percent: int, ok: bool) -> None:
    if ok:
        assert audit.risk_limit_from_percent(percent) == percent / 100
    else:
        with pytest.raises(AuditInputError, match="1% đến 10%"):
            audit.risk_limit_from_percent(percent)


@given(ballots=st.integers(1, 100_000), m1=st.integers(0, 100_000), m2=st.integers(0, 100_000),
       a1=st.integers(1, 10), a2=st.integers(1, 10))
def test_the_sample_shrinks_as_the_margin_grows_and_grows_as_the_risk_shrinks(
        ballots: int, m1: int, m2: int, a1: int, a2: int) -> None:
    small, large = sorted((min(m1, ballots), min(m2, ballots)))
    low, high = sorted((a1, a2))
    for alpha in (low, high):
        assert audit.sample_size(margin=small, ballots=ballots, risk_limit=alpha / 100) >= \
            audit.sample_size(margin=large, ballots=ballots, risk_limit=alpha / 100)
    for margin in (small, large):
        n_low = audit.sample_size(margin=margin, ballots=ballots, risk_limit=low / 100)
        n_high = audit.sample_size(margin=margin, ballots=ballots, risk_limit=high / 100)
        assert n_low >= n_high
        assert 1 <= n_high <= ballots


# --------------------------------------------------------------------------- the draw

SEED = "12345678901234567890"


def test_the_draw_is_the_smallest_tickets_as_sha256sum_computes_them() -> None:
    """``printf '12345678901234567890,8' | sha256sum`` and so on for 1..10: the smallest
    digests are those of 8 (08f10b…), 7 (43152404…), 1 (4da594a8…), then 9 (6015318f…)."""
    assert audit.ticket(SEED, 8).startswith("08f10b11ed5234c0")
    assert audit.draw_sample(SEED, ballots=10, size=3) == (8, 7, 1)
    assert audit.draw_sample(SEED, ballots=10, size=4) == (8, 7, 1, 9)


def test_the_draw_is_deterministic_without_repeats_within_the_ballots() -> None:
    first = audit.draw_sample(SEED, ballots=348, size=120)
    assert first == audit.draw_sample(SEED, ballots=348, size=120)
    assert len(first) == len(set(first)) == 120
    assert all(1 <= s <= 348 for s in first)
    assert audit.draw_sample(SEED, ballots=348, size=348) == tuple(
        sorted(range(1, 349), key=lambda s: audit.ticket(SEED, s)))
    assert audit.draw_sample("9" + SEED[1:], ballots=348, size=120) != first
    # A prefix of a larger sample: drawing more never changes the first ones.
    assert audit.draw_sample(SEED, ballots=348, size=200)[:120] == first


@pytest.mark.parametrize(("typed", "seed"), [
    ("1" * 20, "1" * 20),
    ("12345 67890 12345 67890", "12345678901234567890"),
    ("9" * 100, "9" * 100),
])
def test_a_seed_of_20_to_100_digits_is_taken(typed: str, seed: str) -> None:
    assert audit.parse_seed(typed) == seed


@pytest.mark.parametrize(("typed", "why"), [
    ("1" * 19, "ít nhất 20 chữ số, mới có 19"),
    ("", "ít nhất 20 chữ số"),
    ("1234567890123456789a", "chỉ gồm các chữ số"),
    ("12345-67890-12345-67890", "chỉ gồm các chữ số"),
    ("١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦٧٨٩٠", "chỉ gồm các chữ số"),  # Arabic-Indic digits: isdigit() but not 0-9
    ("9" * 101, "tối đa 100"),
])
def test_a_bad_seed_is_refused_in_vietnamese(typed: str, why: str) -> None:
    with pytest.raises(AuditInputError, match=why):
        audit.parse_seed(typed)


def test_the_engine_exports_the_audit() -> None:
    assert tally.sample_size is audit.sample_size
    assert tally.draw_sample is audit.draw_sample
    assert "giới hạn rủi ro" in audit.METHOD_NAME
    assert Path(audit.__file__).parent == Path(tally.__file__).parent
