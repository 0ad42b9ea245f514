"""The congress day at scale: check-in of 1,600 delegates from 4 desks at once, and the
credentials report for 1,600 delegates.

Run from the repository root::

    .venv/bin/python -m bench.bench_delegates [--db sqlite|postgres|both] [--delegates 1600]

Each database is a throwaway: a temporary SQLite file (WAL, as in production), or a fresh
PostgreSQL database on 127.0.0.1 (user postgres) dropped at the end. The steps:

1. migrate; a committee with 40 cells, N members and N delegates, an office user, a session;
2. 4 processes, one per desk (as 4 server workers), each with its own connection and
   logged-in client, check in N/4 delegates each at the same time by posting the badge's QR
   payload to the desk view (HTMX request, the whole Django stack):
   the server time of every request, median and p95 (target p95 ≤ 100 ms), and the check-in
   rows written (must be N);
3. the credentials report: the selector (statistics), the DOCX and the PDF, each timed;
   ``credentials_report_seconds`` = statistics + the slower of DOCX and PDF (target ≤ 3 s).

Figures go to ``bench/results/delegates-sqlite-<date>.json`` / ``delegates-postgres-<date>.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from pathlib import Path
from typing import Any

from bench._common import (
    BENCH_PASSWORD,
    peak_rss_mb,
    percentile,
    setup_django,
    throwaway_database,
    write_result,
)

DESKS = 4
TARGETS = {"check_in_p95_ms": 100, "credentials_report_seconds": 3}


def _django(database_url: str) -> None:
    setup_django(database_url)


def _build(n: int) -> tuple[Any, Any, Any, list[int]]:
    from django.core.management import call_command
    from tests.delegates.factories import bulk_delegates, bulk_members

    from daihoi.clock import LOCAL_TZ
    from daihoi.congress.services import congress_create
    from daihoi.delegates import services
    from daihoi.roster import services as roster
    from daihoi.roster.choices import OrgKind, RoleKind

    call_command("migrate", verbosity=0)
    top = roster.organization_create(actor=None, kind=OrgKind.UPPER, name="Đảng bộ huyện",
                                     code="B-HU", parent=None)
    committee = roster.organization_create(actor=None, kind=OrgKind.COMMITTEE,
                                           name="Đảng bộ Khối Bench", code="B-K", parent=top)
    cells = [roster.organization_create(actor=None, kind=OrgKind.CELL, name=f"Chi bộ {i}",
                                        code=f"B-C{i}", parent=committee) for i in range(40)]
    office = roster.user_create_with_role(actor=None, username="bench-office",
                                          password=BENCH_PASSWORD,
                                          organization=committee, kind=RoleKind.OFFICE_ADMIN)
    congress = congress_create(actor=None, organization=committee, kind="delegates",
                               ordinal=10, term_start=2020, term_end=2025,
                               opens_at=dt.datetime(2020, 6, 10, 7, 30, tzinfo=LOCAL_TZ))
    ids: list[int] = []
    per_cell = n // len(cells)
    for i, cell in enumerate(cells):
        count = per_cell if i < len(cells) - 1 else n - per_cell * (len(cells) - 1)
        ids += [d.pk for d in bulk_delegates(congress, bulk_members(cell, count))]
    session = services.session_create(
        actor=None, congress=congress, name="Phiên chính thức",
        starts_at=dt.datetime(2020, 6, 10, 7, 30, tzinfo=LOCAL_TZ), holds_elections=True)
    return office, congress, session, ids


def _desk(k: int, office_pk: int, url: str, payloads: list[str], out: Any) -> None:
    """One desk in its own process (as one server worker would be): its own connection and
    client; sends back the server time of every check-in and the failures."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(pk=office_pk))
    times: list[float] = []
    errors = 0
    out.send("ready")
    out.recv()  # wait for the start signal, so that the 4 desks run at once
    for p in payloads:
        t0 = time.perf_counter()
        r = client.post(url, {"code": p, "desk": f"Bàn {k + 1}"}, HTTP_HX_REQUEST="true")
        times.append((time.perf_counter() - t0) * 1000)
        if r.status_code != 200 or "Đã điểm danh" not in r.content.decode():
            errors += 1
    connection.close()
    out.send((times, errors))
    out.close()


def _check_in(office: Any, congress: Any, session: Any, ids: list[int]) -> dict[str, Any]:
    import multiprocessing

    from django.db import connections
    from django.urls import reverse

    from daihoi.delegates.badges import badge_payload
    from daihoi.delegates.models import CheckIn

    url = reverse("delegates:desk", args=[congress.pk, session.pk])
    payloads = [badge_payload(congress_id=congress.pk, delegate_id=i) for i in ids]
    connections.close_all()
    ctx = multiprocessing.get_context("fork")
    pipes, procs = [], []
    for k in range(DESKS):
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_desk, args=(k, office.pk, url, payloads[k::DESKS], child))
        proc.start()
        pipes.append(parent)
        procs.append(proc)
    for p in pipes:
        assert p.recv() == "ready"
    start = time.perf_counter()
    for p in pipes:
        p.send("go")
    times: list[float] = []
    errors = 0
    for p in pipes:
        t, e = p.recv()
        times += t
        errors += e
    wall = time.perf_counter() - start
    for proc in procs:
        proc.join()
    return {
        "check_ins": len(times),
        "check_in_rows": CheckIn.objects.filter(session=session).count(),
        "check_in_errors": errors,
        "check_in_median_ms": round(statistics.median(times), 1),
        "check_in_p95_ms": round(percentile(times, 95), 1),
        "check_in_max_ms": round(max(times), 1),
        "check_in_wall_seconds": round(wall, 2),
        "check_ins_per_second": round(len(times) / wall, 1),
    }


def _credentials(congress: Any) -> dict[str, Any]:
    from daihoi.delegates.printing import credentials_docx, credentials_pdf
    from daihoi.delegates.selectors import credentials_report

    runs = []
    for _ in range(3):
        t0 = time.perf_counter()
        report = credentials_report(congress)
        runs.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    credentials_docx(report)
    docx = time.perf_counter() - t0
    t0 = time.perf_counter()
    credentials_pdf(report)
    pdf = time.perf_counter() - t0
    return {
        "credentials_delegates": report.stats.total,
        "credentials_statistics_seconds": round(max(runs), 3),
        "credentials_docx_seconds": round(docx, 3),
        "credentials_pdf_seconds": round(pdf, 3),
        # The printable report: statistics (slowest of 3) and then the slower of DOCX and PDF.
        "credentials_report_seconds": round(max(runs) + max(docx, pdf), 3),
    }


def run(db: str, n: int) -> Path:
    with throwaway_database(db, "delegates") as url:
        _django(url)
        return _run(db, n)


def _run(db: str, n: int) -> Path:
    office, congress, session, ids = _build(n)
    figures: dict[str, Any] = {"database": db, "delegates": n, "desks": DESKS}
    figures.update(_check_in(office, congress, session, ids))
    figures.update(_credentials(congress))
    figures["peak_rss_mb"] = round(peak_rss_mb(), 1)
    return write_result(f"delegates-{db}", figures, TARGETS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--delegates", type=int, default=1600)
    args = parser.parse_args()
    if args.db == "both":
        # Django is configured once per process: run PostgreSQL in a child process.
        import subprocess
        import sys

        run("sqlite", args.delegates)
        subprocess.run([sys.executable, "-m", "bench.bench_delegates", "--db", "postgres",
                        "--delegates", str(args.delegates)], check=True)
        return
    run(args.db, args.delegates)


if __name__ == "__main__":
    main()
