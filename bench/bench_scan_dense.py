"""Reading dense lists from the scanner's own files (issue 15, point 7, on the densest print).

Run from the repository root::

    PYTHONPATH=src .venv/bin/python -m bench.bench_scan_dense                 # make bench
    PYTHONPATH=src .venv/bin/python -m bench.bench_scan_dense --ballots 300

The accuracy benchmark (``bench.bench_scan``) reads 62-name lists (one A4 page, two columns,
12.5 pt) drawn in memory. Here the densest lists the ballot prints: 121 names (two A4 pages of
three columns at 10 pt: the smallest list that needs two pages) and 250 names (125 rows a page),
each ballot drawn by ``daihoi.ballotread.synth.vote`` (a third of the names struck by any kind
of ordinary line and pen), through an office scanner (:meth:`synth.Scan.office`, 200 dpi grey,
a little skew, blur and noise), **written as the scanner writes them** (121 names: one
multi-page TIFF of JPEG pages; 250 names: a scanner's PDF of JPEG pages) and read back page by
page through ``daihoi.ballotread.raster.read_pages``, as the scan station reads an upload.

Figures: ballots, positions, misread positions (must be 0), flagged ballots (a ballot with any
position read unsure; at most 2 %), the reasons, the reading speed (pages per second, the
file's decoding included, one process) and the process's peak memory. To
``bench/results/scan-dense-<date>.json``.
"""

from __future__ import annotations

import argparse
import collections
import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.ballotread import generate

from bench._common import write_result
from daihoi.ballotread import raster, synth
from daihoi.ballotread.reader import Reader

#: (names, file kind, share of the ballots)
LISTS = ((121, "tif", 0.6), (250, "pdf", 0.4))
TARGETS = {"misread_positions": 0, "flagged_ballot_share_max": 0.02}
DPI = 200


def _one_list(names: int, kind: str, count: int, folder: Path) -> dict[str, Any]:
    _, layout = generate.ballot(names)
    pages_each = len(layout.pages)
    blanks = [generate.blank_scan(names, page, DPI) for page in range(1, pages_each + 1)]
    rng = random.Random(names * 1009 + count)
    truths: list[dict[int, str]] = []

    def drawn() -> Any:
        for _ in range(count):
            ballot = synth.vote(blanks, layout, DPI, rng, varied=True,
                                crossed=set(rng.sample(range(1, names + 1), names // 3)))
            truths.append(ballot.truth)
            yield from ballot.pages

    path = folder / f"{names}.{kind}"
    write = synth.write_tiff if kind == "tif" else synth.write_pdf
    write(drawn(), path, dpi=DPI)
    reader = Reader(layout)
    flagged: set[int] = set()
    reasons: collections.Counter[str] = collections.Counter()
    misread: list[tuple[int, int, str, str]] = []
    rejected: list[str] = []
    positions = 0
    started = time.perf_counter()
    for index, page in raster.read_pages(path, DPI):
        b = index // pages_each
        if isinstance(page, raster.ImageError):
            rejected.append(str(page))
            continue
        reading = reader.read(page)
        if reading.status != "read":
            rejected.append(reading.reason or "")
            continue
        for p in reading.positions:
            positions += 1
            if p.status == "unsure":
                flagged.add(b)
                reasons[p.reason or ""] += 1
            elif p.status != truths[b][p.number]:
                misread.append((b, p.number, truths[b][p.number], p.status))
    seconds = time.perf_counter() - started
    return {"names": names, "file": kind, "ballots": count, "pages": count * pages_each,
            "file_mb": round(path.stat().st_size / 1e6, 1), "positions": positions,
            "misread": misread, "rejected": rejected, "flagged_ballots": len(flagged),
            "reasons": dict(reasons), "read_seconds": round(seconds, 1),
            "pages_per_second": round(count * pages_each / seconds, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ballots", type=int, default=150, help="ballots in all (default 150)")
    args, _ = parser.parse_known_args(argv)
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-scan-dense-") as tmp:
        for names, kind, share in LISTS:
            count = max(1, round(args.ballots * share))
            print(f"[scan-dense] {count} ballots of {names} names through a {kind} file",
                  flush=True)
            results.append(_one_list(names, kind, count, Path(tmp)))
    ballots = sum(r["ballots"] for r in results)
    flagged = sum(r["flagged_ballots"] for r in results)
    misread = [m for r in results for m in r["misread"]]
    figures: dict[str, Any] = {
        "ballots": ballots,
        "positions": sum(r["positions"] for r in results),
        "misread_positions": len(misread),
        "misread_examples": misread[:20],
        "rejected_pages": sum(len(r["rejected"]) for r in results),
        "flagged_ballots": flagged,
        "flagged_ballot_share": round(flagged / ballots, 5),
        "lists": [{k: v for k, v in r.items() if k not in ("misread", "rejected")}
                  for r in results],
        "dpi": DPI,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    write_result("scan-dense", figures, TARGETS)
    ok = not misread and flagged <= TARGETS["flagged_ballot_share_max"] * ballots
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
