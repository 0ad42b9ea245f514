"""Benchmark of the counting engine (``daihoi.tally``).

* ``tally()`` of 2,000 ballots x 250 names, cross-out form (list with surplus) and
  agree/disagree form (list without surplus): median and p95 of several runs (target <= 100 ms).
* ``python -m daihoi.tally FILE`` end to end on a 500-ballot file (subprocess, wall clock,
  median of runs; target <= 0.5 s).

Run from the repository root: ``PYTHONPATH=src python -m bench.bench_tally [--runs N]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench._common import peak_rss_mb, percentile, write_result
from daihoi.tally import (
    Ballot,
    CongressKind,
    CrossedBallot,
    Election,
    ElectionKind,
    InvalidReason,
    Mark,
    MarkedBallot,
    RuledInvalidBallot,
    ThresholdBase,
    tally,
)

ROOT = Path(__file__).resolve().parent.parent
NAMES = 250
SEATS_WITH_SURPLUS = 200


def crossed_election(ballots: int, names: int, seed: int) -> Election:
    """A list with surplus: most ballots cross 50-120 names, some are invalid."""
    rng = random.Random(seed)
    made: list[Ballot] = []
    for _ in range(ballots):
        roll = rng.random()
        if roll < 0.01:
            made.append(RuledInvalidBallot(InvalidReason.NOT_ISSUED))
            continue
        crossing = rng.randint(1, 49) if roll < 0.03 else rng.randint(50, 120)
        made.append(CrossedBallot(crossed=tuple(rng.sample(range(names), crossing))))
    return Election(
        congress=CongressKind.DELEGATES,
        kind=ElectionKind.COMMITTEE,
        seats=SEATS_WITH_SURPLUS,
        candidates=tuple(f"Ứng cử viên số {i}" for i in range(names)),
        base=ThresholdBase(summoned=ballots + 10),
        ballots_issued=ballots,
        ballots=tuple(made),
    )


def marked_election(ballots: int, names: int, seed: int) -> Election:
    """A list without surplus: one mark per name."""
    rng = random.Random(seed)
    marks = list(Mark)
    made = tuple(
        MarkedBallot(marks=tuple(rng.choices(marks, weights=(80, 16, 2, 2), k=names)))
        for _ in range(ballots)
    )
    return Election(
        congress=CongressKind.MEMBERS,
        kind=ElectionKind.COMMITTEE,
        seats=names,
        candidates=tuple(f"Ứng cử viên số {i}" for i in range(names)),
        base=ThresholdBase(summoned=ballots + 10),
        ballots_issued=ballots,
        ballots=made,
    )


def time_tally(election: Election, runs: int) -> list[float]:
    """Milliseconds per ``tally()`` call, after one warm-up."""
    tally(election)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        tally(election)
        times.append((time.perf_counter() - start) * 1000)
    return times


def cli_file(path: Path, ballots: int) -> None:
    election = crossed_election(ballots, NAMES, seed=7)
    data = {
        "congress": "delegates",
        "election": "committee",
        "seats": election.seats,
        "candidates": list(election.candidates),
        "base": {"summoned": election.base.summoned},
        "ballots_issued": election.ballots_issued,
        "ballots": [
            {"crossed": list(b.crossed)} if isinstance(b, CrossedBallot) else {"invalid": "torn"}
            for b in election.ballots
        ],
    }
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def time_cli(path: Path, runs: int) -> list[float]:
    """Seconds per ``python -m daihoi.tally FILE`` run, wall clock."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable, "-m", "daihoi.tally", str(path)]
    subprocess.run(command, env=env, capture_output=True, check=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, env=env, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15, help="timed runs per figure")
    args, _ = parser.parse_known_args(argv)
    runs: int = args.runs

    crossed = time_tally(crossed_election(2000, NAMES, seed=1), runs)
    marked = time_tally(marked_election(2000, NAMES, seed=2), runs)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "tally-500.json"
        cli_file(path, 500)
        file_kb = path.stat().st_size / 1024
        cli = time_cli(path, max(5, runs // 2))

    figures = {
        "tally_2000x250_crossed_median_ms": round(statistics.median(crossed), 1),
        "tally_2000x250_crossed_p95_ms": round(percentile(crossed, 95), 1),
        "tally_2000x250_marks_median_ms": round(statistics.median(marked), 1),
        "tally_2000x250_marks_p95_ms": round(percentile(marked, 95), 1),
        "cli_500_ballots_median_s": round(statistics.median(cli), 3),
        "cli_500_ballots_max_s": round(max(cli), 3),
        "cli_file_kb": round(file_kb, 1),
        "runs": runs,
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }
    targets = {
        "tally_2000x250_crossed_p95_ms": 100,
        "tally_2000x250_marks_p95_ms": 100,
        "cli_500_ballots_median_s": 0.5,
    }
    write_result("tally", figures, targets)
    return 0


if __name__ == "__main__":
    sys.exit(main())
