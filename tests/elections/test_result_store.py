"""The typed reading of a round's stored result: what the engine decided, read back the same."""

from __future__ import annotations

from daihoi.elections.models import Round
from daihoi.elections.result_store import load_result, store_result
from daihoi.tally import Deduction, ElectionKind, NextAction, TallyResult, tally
from tests.tally.builders import crossed_ballots, election

#: 10 official + 2 alternate places; 116 summoned, 2 deducted: base 114 (min 58); 14 names.
VOTES = [110, 105, 101, 98, 95, 90, 88, 80, 76, 70, 66, 40, 30, 20]


def _engine_result() -> TallyResult:
    return tally(election(
        kind=ElectionKind.DELEGATES, seats=10, alternates=2, candidates=14, summoned=116,
        deductions={Deduction.DELEGATES_ABSENT_NOT_REPLACED: 2},
        ballots=crossed_ballots(VOTES, 116, max_kept=12)))


def test_a_stored_result_reads_back_what_the_engine_decided() -> None:
    engine = _engine_result()
    rnd = Round()
    stored = store_result(rnd, engine)
    assert rnd.result is not None
    assert load_result(rnd) == stored
    assert stored.votes == VOTES == list(engine.votes)
    assert (stored.ballots_issued, stored.ballots_collected, stored.valid, stored.invalid) == (
        engine.ballots_issued, engine.ballots_collected, engine.valid, engine.invalid)
    assert (stored.summoned, stored.deductions, stored.base, stored.threshold) == (
        116, ((str(Deduction.DELEGATES_ABSENT_NOT_REPLACED), 2),), 114, 58)
    assert [line.name for line in stored.elected_lines()] == list("ABCDEFGHIJ")
    assert [(line.name, rank) for line, rank in stored.alternate_lines()] == [("K", 1)]
    assert [line.share_percent for line in stored.lines] == [
        c.share_percent for c in engine.candidates]
    assert stored.next_round is not None
    assert stored.next_round.action == NextAction.NEXT_ROUND
    assert (stored.next_round.seats, stored.next_round.alternates) == (0, 1)
    assert stored.next_round.candidates == ("L", "M", "N")


def test_a_round_not_counted_has_no_result() -> None:
    assert load_result(Round()) is None
