"""Benchmark of the ballot-comparison audit's arithmetic (``daihoi.tally.audit``).

* The draw (``draw_sample``: one SHA-256 per counting number, the n smallest kept) for the
  provincial count of 348 ballots, 25,000 ballots, and 1,000,000 (the largest number of ballots
  a round accepts, ``bounds.COUNT``): median of runs. It runs in the head's request, under the
  round's lock, so it must stay short at the bound.
* The sample sizes the board would meet on 348 ballots at 1%, 5% and 10% for a few margins
  (figures, not timings: what an audit saves against keying 348 ballots a second time).

Run from the repository root: ``PYTHONPATH=src python -m bench.bench_audit [--runs N]``.
"""

from __future__ import annotations

import argparse
import statistics
import time

from bench._common import peak_rss_mb, write_result
from daihoi.tally import audit

SEED = "31415926535897932384"
MARGINS = (7, 10, 20, 35, 50, 100)


def time_draw(ballots: int, size: int, runs: int) -> float:
    """Median seconds of ``draw_sample`` over ``runs`` runs."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        audit.draw_sample(SEED, ballots=ballots, size=size)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="timed runs per figure")
    args = parser.parse_args(argv)
    runs: int = args.runs
    figures: dict[str, object] = {}
    for ballots, margin in ((348, 20), (25_000, 500), (1_000_000, 10_000)):
        size = audit.sample_size(margin=margin, ballots=ballots, risk_limit=0.05)
        figures[f"draw_{ballots}_ballots_n{size}_s"] = round(
            time_draw(ballots, size, runs if ballots < 1_000_000 else max(1, runs // 2)), 4)
    for percent in (1, 5, 10):
        figures[f"sample_348_at_{percent}pct"] = {
            str(m): audit.sample_size(margin=m, ballots=348, risk_limit=percent / 100)
            for m in MARGINS}
    figures["peak_rss_mb"] = round(peak_rss_mb(), 1)
    write_result("audit", figures, {"draw at 1,000,000 ballots": "<= 5 s (in a request)"})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
