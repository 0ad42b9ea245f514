"""Ballots: the round's ballot PDF (one ballot for the printer to copy) and sheets of copies.

Run from the repository root::

    .venv/bin/python -m bench.bench_ballots [--db sqlite|postgres] [--runs 15]

On a throwaway database (a temporary SQLite file, or a fresh PostgreSQL database on 127.0.0.1
dropped at the end): a delegates' congress with two delegate elections, 62 names for 50 seats
and 250 names for 200 seats (lists with surplus), and a secretary election of one name
(agree/disagree). Then, each timed with ``printing.ballots_pdf`` (reading the round and its
list from the database, laying out and writing the PDF):

1. the first ballot of the process (it registers the fonts with ReportLab);
2. the ballot of 1, 62 and 250 names: median and p95 of ``--runs`` runs (target for 250 names:
   ≤ 1 s);
3. a sheet of 348 copies (the provincial congress's 348 ballots) of the 62-name ballot and of
   the 250-name ballot (two pages a ballot: 696 pages): median of a few runs, and the file
   sizes.

Before this design (one WeasyPrint page a ballot, each with its serial and QR code), 100
ballots took 34 s and 348 took 46 s (issue 10, point 13); the old code measured on this
machine on 2026-12-07 (load average 8 on 2 cores): 100 ballots of 62 names 71.4 s, one ballot
of 250 names 3.2 s.

Figures go to ``bench/results/ballots-<db>-<date>.json``.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

from bench._common import peak_rss_mb, percentile, throwaway_database, write_result
from bench.bench_elections import World, _django

TARGETS = {"ballot_250_names_p95_seconds": 1.0}


def _list(world: World, congress: Any, *, kind: str, seats: int, names: int) -> Any:
    from daihoi.elections import services

    election = services.election_create(actor=None, congress=congress, kind=kind, seats=seats)
    for m in world.people(names):
        services.candidate_add(actor=None, election=election, member=m)
    return election.rounds.get()


def _times(fn: Callable[[], bytes], runs: int) -> tuple[list[float], bytes]:
    out: list[float] = []
    body = b""
    for _ in range(runs):
        t0 = time.perf_counter()
        body = fn()
        out.append(time.perf_counter() - t0)
    return out, body


def run(db: str, runs: int) -> None:
    with throwaway_database(db, "ballots") as url:
        _django(url)
        from pypdf import PdfReader

        from daihoi.elections import printing

        world = World()
        congress = world.congress()
        rounds = {
            62: _list(world, congress, kind="delegates", seats=50, names=62),
            250: _list(world, congress, kind="delegates", seats=200, names=250),
            1: _list(world, congress, kind="secretary", seats=1, names=1),
        }
        figures: dict[str, Any] = {"database": db, "runs": runs,
                                   "load_average_1min_at_start": round(os.getloadavg()[0], 2)}
        t0 = time.perf_counter()
        printing.ballots_pdf(rounds[62])
        figures["first_ballot_of_the_process_seconds"] = round(time.perf_counter() - t0, 3)
        for n, rnd in rounds.items():
            times, body = _times(lambda rnd=rnd: printing.ballots_pdf(rnd), runs)
            figures[f"ballot_{n}_names_median_seconds"] = round(statistics.median(times), 4)
            figures[f"ballot_{n}_names_p95_seconds"] = round(percentile(times, 95), 4)
            figures[f"ballot_{n}_names_pages"] = len(PdfReader(io.BytesIO(body)).pages)
            figures[f"ballot_{n}_names_kb"] = round(len(body) / 1024, 1)
        for n in (62, 250):
            rnd = rounds[n]
            times, body = _times(lambda rnd=rnd: printing.ballots_pdf(rnd, copies=348),
                                 max(3, runs // 3))
            figures[f"sheet_348_copies_{n}_names_median_seconds"] = round(
                statistics.median(times), 3)
            figures[f"sheet_348_copies_{n}_names_pages"] = len(PdfReader(io.BytesIO(body)).pages)
            figures[f"sheet_348_copies_{n}_names_kb"] = round(len(body) / 1024, 1)
        figures["peak_rss_mb"] = round(peak_rss_mb(), 1)
        figures["load_average_1min_at_end"] = round(os.getloadavg()[0], 2)
        write_result(f"ballots-{db}", figures, TARGETS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    run(args.db, args.runs)


if __name__ == "__main__":
    main()
