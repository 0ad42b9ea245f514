"""Run every benchmark under bench/ (``make bench``). Each writes its figures, with the machine
and the date, to bench/results/. A benchmark that fails is reported and the others still run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCHMARKS = [
    "bench.bench_tally",
    "bench.bench_roster",
    "bench.bench_documents",
    "bench.bench_elections",
    "bench.bench_delegates",
    "bench.bench_ballots",
    "bench.bench_linebreak",
    "bench.bench_audit",
    "bench.bench_scan",
    "bench.bench_scan_dense",
    "bench.bench_scan_count",
]


def main() -> int:
    root = Path(__file__).resolve().parent.parent
    failed = []
    for module in BENCHMARKS:
        print(f"== {module}", flush=True)
        result = subprocess.run([sys.executable, "-m", module, *sys.argv[1:]], cwd=root,
                                check=False)
        if result.returncode != 0:
            failed.append(module)
    if failed:
        print("failed: " + ", ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
