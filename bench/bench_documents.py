"""Opinions at scale: the summary report over 100,000 opinions, and a section page with 1,000.

Run from the repository root::

    .venv/bin/python -m bench.bench_documents [--db sqlite|postgres|both] [--opinions 100000]

Each database is a throwaway (a temporary SQLite file, or a fresh PostgreSQL database on
127.0.0.1 that is dropped at the end). The steps:

1. migrate; a committee with 200 cells and 10,000 members; the committee's congress; a
   political report of 12 sections sent to every cell; N opinions written in bulk (60% agree,
   12% disagree with one of 400 reasons, 28% in part with one of 400 proposals; 40% of the
   others answered with one of 3 responses);
2. in a fresh subprocess per measure (so its peak RSS is its own): ``summary_report`` and the
   DOCX, timed together, then the same with the PDF (targets for each: ≤ 5 s and ≤ 300 MB).
   The same for a second document of N opinions drawn from 20 reasons and 20 proposals (a
   typical spread, a few hundred distinct contents);
3. a third document whose one section has 1,000 opinions; its section page through the Django
   test client as the documents sub-committee would open it: median and p95 of 30 requests
   (target ≤ 200 ms).

Figures go to ``bench/results/documents-sqlite-<date>.json`` / ``documents-postgres-<date>.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import statistics
import subprocess
import sys
import time
from typing import Any

from bench._common import (
    BENCH_PASSWORD,
    peak_rss_mb,
    percentile,
    setup_django,
    throwaway_database,
    write_result,
)

CELLS = 200
MEMBERS = 10_000
SECTIONS = 12
TARGETS = {"summary_docx_seconds": 5, "summary_peak_rss_mb": 300, "summary_pdf_seconds": 5,
           "summary_pdf_peak_rss_mb": 300, "section_page_p95_ms": 200}


def _django(database_url: str) -> None:
    setup_django(database_url)


def _build(n_opinions: int) -> dict[str, Any]:
    """The organization, the documents and the opinions; returns the ids the measures need."""
    from django.core.management import call_command

    from daihoi.clock import LOCAL_TZ
    from daihoi.congress.models import Congress, CongressKind
    from daihoi.documents.models import (
        Distribution,
        Document,
        Opinion,
        Section,
        Version,
    )
    from daihoi.roster import services
    from daihoi.roster.choices import Gender, OrgKind, RoleKind
    from daihoi.roster.models import Member
    from daihoi.roster.services import derived_name_fields

    call_command("migrate", verbosity=0)
    rng = random.Random(100_000)
    district = services.organization_create(actor=None, kind=OrgKind.UPPER,
                                            name="Đảng bộ huyện (thử tải)", code="B-HU",
                                            parent=None)
    committee = services.organization_create(actor=None, kind=OrgKind.COMMITTEE,
                                             name="Đảng bộ Khối (thử tải)", code="B-K",
                                             parent=district)
    cells = [services.organization_create(actor=None, kind=OrgKind.CELL, name=f"Chi bộ số {i}",
                                          code=f"B-C{i}", parent=committee, position=i)
             for i in range(1, CELLS + 1)]
    families = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"]
    givens = ["An", "Bình", "Cường", "Dũng", "Hà", "Lan", "Mai", "Nam", "Phong", "Yến"]
    members = []
    for i in range(MEMBERS):
        fam, mid, giv = rng.choice(families), rng.choice(["Văn", "Thị", "Minh"]), \
            rng.choice(givens)
        members.append(Member(
            family_name=fam, middle_name=mid, given_name=giv, gender=Gender.MALE,
            date_of_birth=dt.date(1980, 1, 1), admitted_on=dt.date(2005, 1, 1),
            full_member_on=dt.date(2006, 1, 1), cell=cells[i % CELLS],
            **derived_name_fields(fam, mid, giv)))
    Member.objects.bulk_create(members, batch_size=2000)
    member_ids = list(Member.objects.order_by("pk").values_list("pk", "cell_id"))
    office = services.user_create_with_role(actor=None, username="bench-office",
                                            password=BENCH_PASSWORD,
                                            organization=committee,
                                            kind=RoleKind.OFFICE_ADMIN)
    now = dt.datetime(2020, 5, 1, 8, tzinfo=LOCAL_TZ)
    congress = Congress.objects.create(organization=committee, kind=CongressKind.DELEGATES,
                                       ordinal=10, term_start=2020, term_end=2025)
    def pools(n: int) -> tuple[list[str], list[str]]:
        return ([f"Lý do số {i}: nội dung này chưa sát với thực tế của đơn vị." for i in range(n)],
                [f"Đề nghị sửa số {i}: bổ sung nhiệm vụ, giải pháp cụ thể hơn." for i in
                 range(n)])

    responses = [("accepted", "Tiếp thu, đã chỉnh sửa."), ("explained", "Xin giữ như dự thảo."),
                 ("noted", "")]

    def document(title: str, sections: int) -> tuple[Document, list[Section]]:
        doc = Document.objects.create(congress=congress, kind="political_report", title=title,
                                      created_at=now, status="consulting")
        version = Version.objects.create(document=doc, number=1, created_at=now)
        Section.objects.bulk_create([
            Section(version=version, position=p, heading=f"{p}. Phần thứ {p}",
                    body="Nội dung của phần. " * 40) for p in range(1, sections + 1)])
        Distribution.objects.bulk_create([
            Distribution(document=doc, cell=c, deadline=now + dt.timedelta(days=20), sent_at=now)
            for c in cells])
        return doc, list(version.sections.order_by("position"))

    def opinion(doc: Document, section: Section, member_id: int, cell_id: int,
                texts: tuple[list[str], list[str]]) -> Opinion:
        reasons, proposals = texts
        roll = rng.random()
        stance, reason, proposed = "agree", "", ""
        if roll >= 0.6:
            stance = "disagree" if roll < 0.72 else "partial"
            if stance == "disagree":
                reason = rng.choice(reasons)
            else:
                proposed = rng.choice(proposals)
        answer, response = ("", "")
        if stance != "agree" and rng.random() < 0.4:
            answer, response = rng.choice(responses)
        return Opinion(section=section, document=doc, cell_id=cell_id, member_id=member_id,
                       stance=stance, reason=reason, proposed_text=proposed, submitted_at=now,
                       answer=answer, response=response,
                       answered_at=now if answer else None)

    def large(title: str, texts: tuple[list[str], list[str]]) -> tuple[Document, int]:
        doc, sections = document(title, SECTIONS)
        batch: list[Opinion] = []
        written = 0
        pairs = [(s, m) for m in member_ids for s in sections]
        rng.shuffle(pairs)
        for section, (member_id, cell_id) in pairs[:n_opinions]:
            batch.append(opinion(doc, section, member_id, cell_id, texts))
            if len(batch) == 5000:
                Opinion.objects.bulk_create(batch)
                written += len(batch)
                batch = []
        Opinion.objects.bulk_create(batch)
        return doc, written + len(batch)

    varied, written = large("Báo cáo chính trị (thử tải, 400 lý do và 400 đề nghị)", pools(400))
    typical, _ = large("Dự thảo Nghị quyết (thử tải, 20 lý do và 20 đề nghị)", pools(20))
    small, small_sections = document("Chương trình hành động (thử tải)", 3)
    Opinion.objects.bulk_create([opinion(small, small_sections[0], m, c, pools(50))
                                 for m, c in member_ids[:1000]])
    return {"document": varied.pk, "typical": typical.pk, "opinions": written,
            "section": small_sections[0].pk, "office": office.username}


def _measure_report(database_url: str, document_id: int, fmt: str) -> None:
    """In its own process: the report's data and the DOCX (or the PDF)."""
    _django(database_url)
    from daihoi import clock
    from daihoi.documents import printing
    from daihoi.documents.models import Document
    from daihoi.documents.selectors import summary_report

    document = Document.objects.select_related("congress__organization__parent").get(
        pk=document_id)
    started = time.perf_counter()
    report = summary_report(document)
    data_s = time.perf_counter() - started
    out = (printing.summary_docx if fmt == "docx" else printing.summary_pdf)(
        report, clock.today())
    print(json.dumps({"data_s": data_s, "total_s": time.perf_counter() - started,
                      "rss": peak_rss_mb(), "total": report.totals.total, "bytes": len(out),
                      "pages": len(re.findall(rb"/Type /Page\b(?!s)", out)),
                      "groups": sum(len(s.opinions) for s in report.sections)}))


def _worker(database_url: str, n_opinions: int, label: str) -> dict[str, Any]:
    _django(database_url)
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    started = time.perf_counter()
    ids = _build(n_opinions)
    build_s = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    def measure(document_id: int, fmt: str) -> dict[str, Any]:
        done = subprocess.run(
            [sys.executable, "-m", "bench.bench_documents", "--measure-report", database_url,
             str(document_id), fmt], capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"report subprocess failed:\n{done.stderr}")
        result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
        return result

    varied_docx = measure(ids["document"], "docx")
    varied_pdf = measure(ids["document"], "pdf")
    typical_docx = measure(ids["typical"], "docx")
    typical_pdf = measure(ids["typical"], "pdf")
    client = Client()
    assert client.login(username=ids["office"], password=BENCH_PASSWORD)
    url = reverse("documents:section", args=[ids["section"]])
    first = client.get(url)
    assert first.status_code == 200, first.status_code
    assert first.content.decode().count('data-opinion="') == 1000
    times = []
    for _ in range(30):
        t = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - t) * 1000)
    return {
        "database": label,
        "opinions": ids["opinions"],
        "build_seconds": round(build_s, 1),
        "summary_opinions_counted": varied_docx["total"],
        "summary_distinct_opinion_groups": varied_docx["groups"],
        "summary_data_seconds": round(varied_docx["data_s"], 2),
        "summary_docx_seconds": round(varied_docx["total_s"], 2),
        "summary_peak_rss_mb": round(varied_docx["rss"]),
        "summary_pdf_seconds": round(varied_pdf["total_s"], 2),
        "summary_pdf_peak_rss_mb": round(varied_pdf["rss"]),
        "summary_pdf_pages": varied_pdf["pages"],
        "typical_opinions_counted": typical_docx["total"],
        "typical_distinct_opinion_groups": typical_docx["groups"],
        "typical_docx_seconds": round(typical_docx["total_s"], 2),
        "typical_docx_peak_rss_mb": round(typical_docx["rss"]),
        "typical_pdf_seconds": round(typical_pdf["total_s"], 2),
        "typical_pdf_peak_rss_mb": round(typical_pdf["rss"]),
        "typical_pdf_pages": typical_pdf["pages"],
        "section_page_opinions": 1000,
        "section_page_median_ms": round(statistics.median(times), 1),
        "section_page_p95_ms": round(percentile(times, 95), 1),
    }


def _run_database(kind: str, n_opinions: int) -> None:
    with throwaway_database(kind, "documents") as url:
        done = subprocess.run(
            [sys.executable, "-m", "bench.bench_documents", "--worker", url, str(n_opinions),
             kind], stdout=subprocess.PIPE, text=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"benchmark on {kind} failed")
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        write_result(f"documents-{kind}", figures, TARGETS)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--measure-report"]:
        _measure_report(argv[1], int(argv[2]), argv[3])
        return 0
    if argv[:1] == ["--worker"]:
        print(json.dumps(_worker(argv[1], int(argv[2]), argv[3])))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--opinions", type=int, default=100_000)
    args, _unknown = parser.parse_known_args(argv)
    kinds = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    for kind in kinds:
        _run_database(kind, args.opinions)
    return 0


if __name__ == "__main__":
    sys.exit(main())
