"""Shared helpers for benchmarks: machine description and result files.

Benchmarks are never timed assertions in the test suite; they write their figures,
with the machine and the date, to ``bench/results/``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

RESULTS_DIR = Path(__file__).resolve().parent / "results"

#: The throwaway databases' users' password: it passes Django's password validators
#: (not like any bench username, not common, long enough).
BENCH_PASSWORD = "Kiem-tra-hieu-nang-2026"  # noqa: S105 - a throwaway database


def machine() -> dict[str, Any]:
    """Describe the machine the figures were measured on."""
    cpu = platform.processor() or ""
    try:
        with Path("/proc/cpuinfo").open(encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem_kb = 0
    try:
        with Path("/proc/meminfo").open(encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("MemTotal"):
                    mem_kb = int(line.split()[1])
                    break
    except OSError:
        pass
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
        ).stdout.strip()
    except OSError:
        commit = ""
    return {
        "hostname": platform.node(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "commit": commit,
    }


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: list[float], pct: float) -> float:
    """The ``pct`` percentile (0-100) of ``values`` by the nearest-rank method."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))  # ceil without floats drifting
    return ordered[int(rank) - 1]


def write_result(name: str, figures: dict[str, Any], targets: dict[str, Any] | None = None) -> Path:
    """Write ``figures`` to ``bench/results/<name>-<date>.json`` and print a summary."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC)
    payload = {
        "benchmark": name,
        "date": now.isoformat(timespec="seconds"),
        "machine": machine(),
        "figures": figures,
        "targets": targets or {},
    }
    path = RESULTS_DIR / f"{name}-{now:%Y-%m-%d}.json"
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"[{name}] " + ", ".join(f"{k}={v}" for k, v in figures.items()))
    print(f"[{name}] written to {path}")
    return path


PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


@contextlib.contextmanager
def throwaway_database(kind: str, label: str) -> Iterator[str]:
    """A new empty database for one benchmark run, removed afterwards; yields its URL.
    ``kind``: "sqlite" (a file in a temporary folder) or "postgres" (a fresh database on
    127.0.0.1, dropped WITH (FORCE) whoever is still connected)."""
    if kind == "sqlite":
        folder = tempfile.mkdtemp(prefix=f"daihoi-bench-{label}-")
        try:
            yield f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        finally:
            shutil.rmtree(folder, ignore_errors=True)  # with its -wal and -shm files
        return
    import psycopg

    name = f"daihoi_bench_{label}_{os.getpid()}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        if "django" in sys.modules:
            from django.conf import settings

            if settings.configured:
                from django.db import connections

                connections.close_all()
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def setup_django(database_url: str) -> None:
    """Set up Django for a benchmark on ``database_url`` (a throwaway database): production
    settings with a bench secret, static files from the finders, a fast password hasher."""
    import warnings

    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
    os.environ["DJANGO_SETTINGS_MODULE"] = "daihoi.settings"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The test client's login() passes no request, which django-axes refuses; the lock-out
    # is not what a benchmark measures.
    settings.AXES_ENABLED = False
    import django

    django.setup()
