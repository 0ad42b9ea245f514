"""Reading scanned ballots (``daihoi.ballotread``): accuracy over generated ballots with known
truth, speed, peak memory (issue 15, points 7 and 8).

Run from the repository root::

    PYTHONPATH=src .venv/bin/python -m bench.bench_scan            # 2,000 ballots (make bench)
    PYTHONPATH=src .venv/bin/python -m bench.bench_scan --full     # 25,000 ballots: the VVSG size
    PYTHONPATH=src .venv/bin/python -m bench.bench_scan --ballots N --planted N --sheets N

The ballots are drawn by tests/ballotread/generate.py (the product's own ballot, the voter's
pen, the scanner) and read as tests/ballotread/corpus.py does, in ``--workers`` processes,
each drawing, reading and keeping only the counts: nothing is held but the tally, whatever the
size.

1. **Accuracy, ordinary strikes**: ``--ballots`` ballots of the 62-name list (one A4 page),
   names struck through (straight, slanted, wavy, double; four pens, 0.3-1.2 mm), each page
   through its own random scanner (150/200/300 dpi, skew, scale, offset, blur, noise, faded
   toner, fold, JPEG, black and white, colour, upside down, sideways). Misread positions (a
   crossed name read kept or the reverse: must be 0), flagged ballots (a ballot with any
   position read unsure: at most 2 %). ``--full``: 25,000 ballots × 62 names = 1,550,000
   positions, at least the 1,549,703 of the VVSG accuracy test.
2. **Planted ambiguous marks**: ``--planted`` ballots of the same list with a fifth of the
   names carrying an ambiguous mark (a partial line, a ring, a tick, a mark in the number's
   cell, a smudge, a name struck and restored): every one must be flagged.
3. **Speed**: ``--sheets`` A4 sheets of 62 names at 200 dpi grey (skewed, noisy, some upside
   down), drawn first and written as PNG; then a fresh process reads them one after another
   on one core (OpenCV's threads set to one): the reader's time alone (``Reader.read`` on the
   decoded image: A4 sheets per second per core, target at least 10, from the median wall
   time; and from the CPU time, which the other processes of a shared machine do not
   lengthen) and the PNG decoding apart. Its peak resident memory (``ru_maxrss``) is the
   reader's; the accuracy workers' peak is reported too.

Figures go to ``bench/results/scan-<ballots>x62-<date>.json`` with the machine, Python, the
date, the load average at the start and at the end (the machine may be shared).
"""

from __future__ import annotations

import argparse
import collections
import json
import multiprocessing
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench._common import percentile, write_result

NAMES = 62
VVSG_POSITIONS = 1_549_703
FULL_BALLOTS = 25_000
TARGETS = {"misread_positions": 0, "flagged_ballot_share_max": 0.02, "planted_missed": 0,
           "sheets_per_second_per_core_min": 10, "positions_min_full": VVSG_POSITIONS}
ROOT = Path(__file__).resolve().parent.parent
#: Seeds of the benchmark's ballots, apart from the test corpus's (0-1,999).
ORDINARY_SEEDS = 10_000_000
PLANTED_SEEDS = 20_000_000
SPEED_SEEDS = 30_000_000


def _chunk(args: tuple[int, int, float]) -> dict[str, Any]:
    """Draw and read ``count`` ballots from seed ``start`` (a worker's share): the counts."""
    # Imported here, not at the top: the speed worker (a fresh process whose peak memory is
    # the reader's) must not load the generator.
    from tests.ballotread import corpus

    start, count, share = args
    out: dict[str, Any] = {"ballots": 0, "positions": 0, "ordinary": 0, "flagged": 0,
                           "flagged_ballots": 0, "planted": 0, "planted_flagged": 0,
                           "misread": [], "rejected": [], "reasons": collections.Counter(),
                           "planted_reasons": collections.Counter(),
                           "effects": collections.Counter()}
    for seed in range(start, start + count):
        result = corpus.read_case(corpus.Case(seed, NAMES, True, share))
        out["ballots"] += 1
        out["positions"] += result.positions
        out["ordinary"] += result.ordinary
        out["flagged"] += result.flagged
        out["flagged_ballots"] += result.flagged > 0
        out["planted"] += result.planted
        out["misread"] += [(seed, *m) for m in result.misread]
        out["rejected"] += [(seed, why) for why in result.rejected]
        out["effects"].update(result.effects)
        out["reasons"].update(result.reasons)
    return out


def _one_thread() -> None:
    """A worker uses one core: as many workers as cores, no more threads."""
    import cv2  # here, not at the top: see _chunk

    cv2.setNumThreads(1)


def _merge(total: dict[str, Any], part: dict[str, Any]) -> None:
    for key, value in part.items():
        if key not in total:
            total[key] = value
        else:
            total[key] += value


def _run(label: str, start: int, ballots: int, share: float, workers: int,
         chunk: int) -> tuple[dict[str, Any], float]:
    """Read ``ballots`` ballots in ``workers`` processes, printing progress; the counts and the
    wall time."""
    jobs: Iterator[tuple[int, int, float]] = (
        (s, min(chunk, start + ballots - s), share) for s in range(start, start + ballots, chunk))
    total: dict[str, Any] = {}
    t0 = time.perf_counter()
    done = 0
    step = max(1, ballots // 20)
    with multiprocessing.Pool(workers, initializer=_one_thread) as pool:
        for part in pool.imap_unordered(_chunk, jobs):
            _merge(total, part)
            before, done = done, total["ballots"]
            if done // step != before // step or done == ballots:
                elapsed = time.perf_counter() - t0
                print(f"[scan] {label}: {done}/{ballots} ballots, {elapsed:.0f} s, "
                      f"misread {len(total['misread'])}, flagged ballots "
                      f"{total['flagged_ballots']}, load {os.getloadavg()[0]:.1f}", flush=True)
    return total, time.perf_counter() - t0


def _speed_sheets(folder: Path, count: int) -> None:
    """Draw ``count`` A4 sheets of the 62-name list at 200 dpi grey, as PNG files."""
    import cv2  # here, not at the top: see _chunk
    from tests.ballotread import generate

    generate.ballot(NAMES)  # the layout, with its blank page
    for i in range(count):
        seed = SPEED_SEEDS + i
        rng = random.Random(seed)
        scan = generate.Scan.random(rng, 200, turn=180 if rng.random() < 0.15 else 0)
        scan = generate.Scan(**{**scan.__dict__, "colour": False, "bw": None, "jpeg": None})
        sheet = generate.sheet(seed, NAMES, scan=scan, ambiguous_share=0.0)
        cv2.imwrite(str(folder / f"{i:04d}.png"), sheet.image)
    (folder / "layout.json").write_text(generate.ballot(NAMES)[1].to_json(), encoding="utf-8")


def speed_worker(folder: Path, rounds: int) -> dict[str, Any]:
    """In a fresh process: read the sheets of ``folder`` one after another, ``rounds`` times;
    the reader's time per sheet apart from the PNG decoding, and this process's peak memory."""
    # Imported here: this process loads the reader only, so its peak memory is the reader's.
    import cv2

    from daihoi.ballotread.layout import BallotLayout
    from daihoi.ballotread.reader import Reader

    cv2.setNumThreads(1)  # one core
    reader = Reader(BallotLayout.from_json((folder / "layout.json").read_text("utf-8")))
    files = sorted(folder.glob("*.png"))
    decode, read, cpu, unsure = [], [], [], 0
    first = cv2.imread(str(files[0]), cv2.IMREAD_GRAYSCALE)
    reader.read(first)  # warm-up
    for _ in range(rounds):
        for path in files:
            t0 = time.perf_counter()
            image = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
            t1, c1 = time.perf_counter(), time.process_time()
            reading = reader.read(image)
            t2, c2 = time.perf_counter(), time.process_time()
            assert reading.status == "read", (path, reading.reason)
            unsure += sum(p.status == "unsure" for p in reading.positions)
            decode.append(t1 - t0)
            read.append(t2 - t1)
            cpu.append(c2 - c1)
    return {"sheets": len(files), "rounds": rounds, "read_seconds": read, "cpu_seconds": cpu,
            "decode_seconds": decode, "unsure_positions": unsure,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _speed(count: int, rounds: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="daihoi-bench-scan-") as tmp:
        folder = Path(tmp)
        _speed_sheets(folder, count)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join((str(ROOT / "src"), str(ROOT)))}
        done = subprocess.run(
            [sys.executable, "-m", "bench.bench_scan", "--speed-worker", str(folder),
             "--rounds", str(rounds)], cwd=ROOT, env=env, capture_output=True, text=True,
            check=True)
        result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
        return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true",
                        help=f"{FULL_BALLOTS:,} ballots x {NAMES} names (the VVSG size)")
    parser.add_argument("--ballots", type=int, default=2_000,
                        help="ballots with ordinary strikes (default 2,000; --full 25,000)")
    parser.add_argument("--planted", type=int, default=None,
                        help="ballots with planted ambiguous marks (default a tenth, >= 200)")
    parser.add_argument("--sheets", type=int, default=60, help="sheets timed for speed")
    parser.add_argument("--rounds", type=int, default=3, help="times each sheet is read")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--speed-worker", metavar="DIR", help=argparse.SUPPRESS)
    args, _ = parser.parse_known_args(argv)
    if args.speed_worker:
        print(json.dumps(speed_worker(Path(args.speed_worker), args.rounds)))
        return 0
    ballots = FULL_BALLOTS if args.full else args.ballots
    planted = args.planted if args.planted is not None else max(200, ballots // 10)
    load_start = os.getloadavg()
    started = time.time()
    print(f"[scan] {ballots} ballots x {NAMES} names, {planted} with planted marks, "
          f"{args.sheets} sheets timed; {args.workers} workers; load {load_start[0]:.1f}",
          flush=True)

    ordinary, ordinary_wall = _run("ordinary", ORDINARY_SEEDS, ballots, 0.0, args.workers, 25)
    marked, planted_wall = _run("planted", PLANTED_SEEDS, planted, 0.2, args.workers, 25)
    workers_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    speed = _speed(args.sheets, args.rounds)

    reads = speed["read_seconds"]
    misread = ordinary["misread"] + [m for m in marked["misread"] if m[3] != "unsure"]
    missed = [m for m in marked["misread"] if m[3] == "unsure"]
    figures: dict[str, Any] = {
        "size": "full" if ballots >= FULL_BALLOTS else "reduced",
        "ballots": ordinary["ballots"],
        "names": NAMES,
        "positions": ordinary["positions"],
        "positions_at_least_vvsg": ordinary["positions"] >= VVSG_POSITIONS,
        "misread_positions": len(misread),
        "misread_examples": misread[:20],
        "rejected_pages": len(ordinary["rejected"]) + len(marked["rejected"]),
        "rejected_examples": (ordinary["rejected"] + marked["rejected"])[:20],
        "flagged_ballots": ordinary["flagged_ballots"],
        "flagged_ballot_share": round(ordinary["flagged_ballots"] / ordinary["ballots"], 5),
        "flagged_positions": ordinary["flagged"],
        "flag_reasons_ballots": dict(ordinary["reasons"]),
        "scanner_effects_ballots": dict(ordinary["effects"]),
        "accuracy_wall_seconds": round(ordinary_wall, 1),
        "accuracy_ballots_per_second": round(ordinary["ballots"] / ordinary_wall, 2),
        "planted_ballots": marked["ballots"],
        "planted_marks": marked["planted"],
        "planted_flagged": marked["planted"] - len(missed),
        "planted_missed": len(missed),
        "planted_missed_examples": missed[:20],
        "planted_reasons_ballots": dict(marked["reasons"]),
        "planted_ballots_ordinary_positions_flagged": marked["flagged"],
        "planted_wall_seconds": round(planted_wall, 1),
        "speed_sheets": speed["sheets"],
        "speed_reads": len(reads),
        "speed_dpi": 200,
        "read_ms_median": round(1000 * statistics.median(reads), 1),
        "read_ms_p95": round(1000 * percentile(reads, 95), 1),
        "sheets_per_second_per_core": round(1 / statistics.median(reads), 1),
        "sheets_per_second_per_core_mean": round(len(reads) / sum(reads), 1),
        "sheets_per_cpu_second": round(len(reads) / sum(speed["cpu_seconds"]), 1),
        "unsure_positions_in_speed_sheets": speed["unsure_positions"],
        "png_decode_ms_median": round(1000 * statistics.median(speed["decode_seconds"]), 1),
        "peak_rss_mb_reader": round(speed["peak_rss_mb"], 1),
        "peak_rss_mb_accuracy_worker": round(workers_rss, 1),
        "workers": args.workers,
        "load_average_at_start": [round(x, 2) for x in load_start],
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "wall_seconds_total": round(time.time() - started, 1),
    }
    write_result(f"scan-{ballots}x{NAMES}", figures, TARGETS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
