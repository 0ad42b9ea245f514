"""The security sweep of issue 11: every URL × role, bad inputs, injected faults.

    PYTHONPATH=src .venv/bin/python tools/security_sweep.py [--keep]

It builds a throwaway SQLite database in a temporary folder (the test settings, so the
test suite's builders can make the world: ``tests.conftest.make_world``,
``tests.access_walk.cast``, ``tests.test_numeric_inputs.make_ctx``), then

1. **requests per role**: every URL name of the resolver, probed by each role of the written
   access table (``docs/access.md``) and by an anonymous visitor, with a GET and an empty POST;
   then every URL pointed at another organization's objects, GET and POST. A 5xx, a row of a
   daihoi table created or deleted (or an audit entry) by a role the table refuses, a view that
   differs from the table, or another organization's member's name in a page, is a failure.
   The valid body of every numeric form is also posted by the roles the table refuses it to.
2. **bad inputs**: every out-of-range value of every numeric field (the cases of
   ``tests/test_numeric_inputs.py``), the upload bombs and broken files (DOCX and roster
   files, through the pages and the task that reads them), a pasted list too long, a weak
   password, formula and bidi names, repeated wrong passwords, and bad JSON to
   ``daihoi tally``. Each ends: refused with a Vietnamese message, accepted clean (the name
   cleaned, the formula exported as text), a 5xx, or wrote something.
3. **faults**: a database lost under an import and a draft job, a job over its time limit and
   one over its memory limit, a worker that died under a job, a backup taken during writes
   restored into a fresh database (the audit chain verified, nothing lost), and a tampered copy
   that no longer verifies.

It prints the tables and exits 1 on any 5xx, leak, unauthorized write, bad input that wrote,
or fault not handled. Uploads are read by the task code as the worker runs it (the test
settings run tasks at once after the commit, in this process's main thread, under the same
limits).
"""

from __future__ import annotations

import argparse
import collections
import csv
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
for path in (ROOT, ROOT / "src"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

ROLE_NAMES = {"office": "Văn phòng", "secretary": "Bí thư", "member": "Đảng viên",
              "documents": "Tiểu ban VK", "board_head": "Trưởng BKP", "desk": "Tổ nhập",
              "outsider": "Ngoài (tổ chức khác)", "anonymous": "Chưa đăng nhập"}
APPS = ("core", "audit", "roster", "congress", "documents", "elections", "personnel",
        "delegates")


class RollbackError(Exception):
    """Raised to undo a block."""


@contextmanager
def rolled_back() -> Iterator[None]:
    """Everything in the block is undone at its end (as in a TestCase)."""
    from django.db import transaction

    try:
        with transaction.atomic():
            yield
            raise RollbackError
    except RollbackError:
        pass


def fingerprint() -> tuple[int, ...]:
    """Row counts of every daihoi table and the audit log's length, in one query."""
    from django.apps import apps
    from django.db import connection

    tables = [m._meta.db_table for m in apps.get_models()
              if m._meta.app_label in APPS and m._meta.managed]
    sql = "SELECT " + ", ".join(f'(SELECT COUNT(*) FROM "{t}")' for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(cursor.fetchone())


def classify(response: Any) -> str:
    from django.urls import reverse

    code = response.status_code
    if code >= 500:
        return "5xx"
    if code in (301, 302, 303) and response.get("Location", "").startswith(
            reverse("login") + "?next="):
        return "302-login"
    if 200 <= code < 300:
        return "2xx"
    if code in (403, 404):
        return str(code)
    if 300 <= code < 400:
        return "3xx"
    return "4xx"


class Report:
    def __init__(self) -> None:
        self.per_role: dict[str, collections.Counter[str]] = collections.defaultdict(
            collections.Counter)
        self.failures: list[str] = []
        self.inputs: list[tuple[str, str, str]] = []  # (group, what, outcome)
        self.faults: list[tuple[str, str, bool]] = []  # (fault, what happened, handled)

    def fail(self, text: str) -> None:
        self.failures.append(text)


# --------------------------------------------------------------------------- 1. URL × role


def sweep_urls(report: Report) -> None:
    from django.test import Client
    from django.urls import get_resolver, reverse
    from tests.access_walk import ROLES, cast, urls_of_other_org, walk_names, written_table
    from tests.conftest import make_world

    table = written_table()
    names = [(n, v) for n, v in walk_names(get_resolver().url_patterns)
             if getattr(v, "access_decision", None) != "public"]
    for role in (*ROLES, "anonymous"):
        counts = report.per_role[role]
        with rolled_back():
            world = make_world()
            probe = cast(world)
            user = probe.users.get(role)
            client = Client(raise_request_exception=False)
            other_name = world.other_member.full_name
            for name, _view in names:
                url = reverse(name, kwargs=probe.kwargs[name])
                expected = table[name][role] if role != "anonymous" else False
                got = None
                for method in ("get", "post"):
                    if user is not None:
                        client.force_login(user)
                    else:
                        client.logout()
                    before = fingerprint() if not expected else ()
                    response = getattr(client, method)(url)
                    kind = classify(response)
                    counts["requests"] += 1
                    counts[kind] += 1
                    if kind == "5xx":
                        report.fail(f"{role} {method.upper()} {url}: {response.status_code}")
                    if not expected and fingerprint() != before:
                        counts["unauthorized writes"] += 1
                        report.fail(f"{role} {method.upper()} {url} wrote although refused")
                    decides = (response.status_code not in (404, 405) if method == "get"
                               else got is None)
                    if decides:  # a GET decides unless 404/405; then the POST does
                        got = kind in ("2xx", "3xx", "4xx")
                if got != expected:
                    counts["differ from table"] += 1
                    report.fail(f"{role} {name}: the table says {expected}, the view {got}")
            for url in sorted(set(urls_of_other_org(world))):
                for method in ("get", "post"):
                    if user is not None:
                        client.force_login(user)
                    before = fingerprint()
                    response = getattr(client, method)(url)
                    kind = classify(response)
                    counts["requests"] += 1
                    counts["other org"] += 1
                    counts[kind] += 1
                    leaked = (kind not in ("403", "404", "302-login")
                              or other_name in response.content.decode(errors="replace"))
                    if role == "outsider":  # the other organization's own office: its objects
                        leaked = False
                    if leaked:
                        counts["leaks"] += 1
                        report.fail(f"{role} {method.upper()} {url}: {kind} on another org")
                    if kind == "5xx":
                        report.fail(f"{role} {method.upper()} {url}: 5xx")
                    if role != "outsider" and fingerprint() != before:
                        counts["unauthorized writes"] += 1
                        report.fail(f"{role} {method.upper()} {url} wrote on another org")


# --------------------------------------------------------------------------- 2. bad inputs


def sweep_numbers(report: Report) -> None:
    """The cases of tests/test_numeric_inputs.py: every bad value of every numeric field, and
    each form's valid body posted by the roles that may not post it."""
    from django.test import Client
    from django.urls import resolve
    from tests import test_numeric_inputs as numeric
    from tests.access_walk import written_table
    from tests.conftest import make_world

    table = written_table()
    for case_name, case in numeric.CASES.items():
        with rolled_back():
            ctx = numeric.make_ctx(make_world())
            user, url, valid = case.post(ctx)
            client = Client(raise_request_exception=False)
            client.force_login(user)
            before = numeric._snapshot()
            for field, posted in case.fields.items():
                for bad in numeric.BAD_VALUES:
                    if bad.isspace() and field in case.optional:
                        continue
                    what = f"{field.split('#')[0]} = {bad.strip() or '(trống)'}"
                    response = client.post(url, {**valid, posted: bad}, follow=True)
                    if response.status_code >= 500:
                        outcome = "5xx"
                    elif numeric._snapshot() != before:
                        outcome = "wrote something"
                    elif response.status_code == 404:
                        outcome = "refused (404, not found)"
                    else:
                        shown = " ".join(numeric.ERROR_PLACE.findall(
                            response.content.decode()))
                        outcome = ("refused with a Vietnamese message"
                                   if any(w in shown for w in numeric.REFUSAL_WORDS)
                                   else "refused without a message")
                    report.inputs.append(("numbers", what, outcome))
            # The valid body, by the roles the access table refuses this page to.
            name = resolve(url.split("?")[0]).view_name
            others = {"secretary": ctx.world.secretary_a, "member": ctx.world.member_user,
                      "outsider": ctx.world.outsider}
            for role, other in others.items():
                if table[name][role] or other == user:
                    continue
                client.force_login(other)
                snap = numeric._snapshot()
                response = client.post(url, valid)
                report.per_role[role]["requests"] += 1
                report.per_role[role]["valid bodies"] += 1
                report.per_role[role][classify(response)] += 1
                if numeric._snapshot() != snap:
                    report.per_role[role]["unauthorized writes"] += 1
                    report.fail(f"{role} posted the valid {case_name} body and it wrote")


def _zip_of_entries(n: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for i in range(n):
            archive.writestr(f"x/{i}.xml", "<x/>")
    return out.getvalue()


def _xlsx_shared_strings_bomb(size: int = 300 * 1024 * 1024) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as fh:
            fh.write(b"<sst>")
            chunk = b"A" * (1024 * 1024)
            for _ in range(size // len(chunk)):
                fh.write(chunk)
            fh.write(b"</sst>")
    return out.getvalue()


def sweep_uploads(report: Report) -> None:
    """Files posted to the two upload pages; the task reads them after the commit."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse
    from tests.bombs import docx_bomb
    from tests.conftest import make_world
    from tests.congress.factories import make_preparation

    from daihoi.documents.models import Version, VersionImportJob
    from daihoi.roster.models import ImportJob, Member

    world = make_world()
    prep = make_preparation(world.committee)
    client = Client(raise_request_exception=False)
    client.force_login(world.office)
    no_heading = _plain_docx()
    docx_cases: list[tuple[str, str, bytes, str]] = [
        ("DOCX 1 MB nở thành 300 MB", "bom.docx", docx_bomb(300 * 1024 * 1024),
         "Nội dung tệp khi giải nén lớn hơn giới hạn 20 MB"),
        ("DOCX 2.001 thành phần", "nhieu.docx", _zip_of_entries(2001),
         "nhiều hơn giới hạn 2.000 thành phần"),
        ("không phải DOCX", "bao-cao.docx", b"%PDF-1.4 not a docx",
         "không phải tệp Word .docx hợp lệ"),
        ("tệp rỗng", "rong.docx", b"", "Tập tin được gửi là rỗng."),
        ("DOCX lớn hơn 10 MB", "lon.docx", b"PK" + b"\0" * (10 * 1024 * 1024 - 1),
         "Tệp quá lớn; giới hạn là 10 MB."),
        ("DOCX không có đề mục", "khong-de-muc.docx", no_heading, "không có đề mục nào"),
    ]
    url = reverse("documents:import", args=[prep.document.pk])
    for what, name, data, expected in docx_cases:
        versions = Version.objects.count()
        started = time.monotonic()
        response = client.post(url, {"file": SimpleUploadedFile(name, data)}, follow=True)
        html = response.content.decode()
        seconds = time.monotonic() - started
        if response.status_code >= 500:
            outcome = "5xx"
        elif Version.objects.count() != versions:
            outcome = "wrote something"
        elif expected in html:
            outcome = "refused with a Vietnamese message"
        else:
            outcome = "refused without the expected message"
        report.inputs.append(("uploads", f"{what} ({seconds:.1f} s)", outcome))
    left = list((Path(_media()) / "drafts").glob("*"))
    if left or VersionImportJob.objects.exclude(stored_path="").exists():
        report.fail(f"uploads left behind: {left}")

    import_url = reverse("roster:import", args=[world.committee.code])
    members = Member.objects.count()
    rows = "Họ và tên,Ngày sinh\n" + "A,1\n" * 2_000_000  # 8 MB, as in the issue
    roster_cases: list[tuple[str, str, bytes, str]] = [
        ("XLSX: sharedStrings 300 MB", "bom.xlsx", _xlsx_shared_strings_bomb(),
         "quá giới hạn 200:1"),
        ("XLSX 1.001 thành phần", "nhieu.xlsx", _zip_of_entries(1001),
         "nhiều hơn giới hạn 1.000 thành phần"),
        ("CSV 2 triệu dòng (8 MB)", "hai-trieu.csv", rows.encode(),
         "quá giới hạn 200000 dòng"),
        ("XLSX hỏng", "hong.xlsx", b"PK\x03\x04garbage", "Tệp Excel bị hỏng"),
        ("tệp .exe", "virus.exe", b"MZ" + b"\0" * 100, "Chỉ nhận tệp Excel"),
    ]
    for what, name, data, expected in roster_cases:
        started = time.monotonic()
        response = client.post(import_url, {"file": SimpleUploadedFile(name, data)},
                               follow=True)
        html = response.content.decode()
        seconds = time.monotonic() - started
        job = ImportJob.objects.order_by("-pk").first()
        text = html + (" ".join(e.get("message", "") for e in job.errors) if job else "")
        if response.status_code >= 500:
            outcome = "5xx"
        elif Member.objects.count() != members:
            outcome = "wrote something"
        elif expected in text:
            outcome = "refused with a Vietnamese message"
        else:
            outcome = f"refused without the expected message: {text[-300:]!r}"
        report.inputs.append(("uploads", f"{what} ({seconds:.1f} s)", outcome))


def _plain_docx() -> bytes:
    from docx import Document

    doc = Document()
    doc.add_paragraph("Chỉ có một đoạn văn, không có đề mục.")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _media() -> str:
    from django.conf import settings

    return str(settings.MEDIA_ROOT)


def sweep_texts(report: Report) -> None:
    """Names, passwords, pasted lists and logins."""
    from django.test import Client, override_settings
    from django.urls import reverse
    from tests.conftest import PASSWORD, make_member, make_world
    from tests.elections.factories import make_election

    from daihoi.core.errors import ServiceError
    from daihoi.roster import services
    from daihoi.roster.models import Member

    with rolled_back():
        world = make_world()
        client = Client(raise_request_exception=False)
        client.force_login(world.office)
        # Formula-like names: stored as written, exported as text in CSV and XLSX.
        formulas = ['=HYPERLINK("http://x","Bấm")', "=cmd|' /C calc'!A0", "+1+1", "-2+3",
                    "@SUM(A1)", "=1+1"]
        made = []
        for i, given in enumerate(formulas):
            try:
                made.append(make_member(world.cell_a, given_name=given,
                                        card_number=f"3000{i:04d}"))
            except ServiceError as exc:
                report.inputs.append(("names", f"tên {given!r}",
                                      f"refused with a Vietnamese message ({exc.message[:40]})"))
        export = reverse("roster:export", args=[world.committee.code])
        csv_text = b"".join(client.get(export, {"format": "csv"}).streaming_content
                            ).decode("utf-8-sig")
        head = csv_text[:500]
        delimiter = ";" if head.count(";") > head.count(",") else ","
        cells = {c for row in csv.reader(io.StringIO(csv_text), delimiter=delimiter) for c in row}
        xlsx = b"".join(client.get(export).streaming_content)
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(xlsx))
        live = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row
                if c.data_type == "f"]
        for m in made:
            raw = m.given_name
            as_text = raw not in cells and not live
            report.inputs.append(("names", f"tên {raw!r}", (
                "accepted; exported as text (CSV with a leading quote, XLSX not a formula)"
                if as_text else "wrote a live formula")))
        # Invisible and right-to-left characters: stored clean, found by search.
        for raw in ("Hùng\u202e", "\u200bLan", "Mai\u0000", "Cúc\u200f"):
            m = make_member(world.cell_a, given_name=raw,
                            card_number=f"31{ord(raw[-1]) % 1000:03d}{ord(raw[0]) % 1000:03d}")
            m.refresh_from_db()
            clean = all(ch not in m.given_name for ch in "\u202e\u200b\u0000\u200f")
            report.inputs.append(("names", f"tên {raw!r}",
                                  "accepted; stored without the control characters"
                                  if clean else "wrote the control characters"))
        # A weak password, on every path that sets one.
        for what, call in (
            ("mật khẩu “1” khi tạo tài khoản", lambda: services.user_create_with_role(
                actor=None, username="yeu", password="1", organization=world.cell_a,
                kind="member", member=None)),
        ):
            try:
                call()
                outcome = "wrote something"
            except Exception as exc:  # a ServiceError with Django's messages
                outcome = ("refused with a Vietnamese message" if "mật khẩu" in str(
                    getattr(exc, "message", exc)).lower() else f"refused: {exc}")
            report.inputs.append(("logins", what, outcome))
        client.force_login(world.member_user)
        response = client.post(reverse("password_change"), {
            "old_password": PASSWORD, "new_password1": "1", "new_password2": "1"})
        ok = world.member_user.__class__.objects.get(pk=world.member_user.pk).check_password(
            PASSWORD)
        report.inputs.append(("logins", "đổi mật khẩu thành “1”",
                              "refused with a Vietnamese message"
                              if ok and response.status_code < 500 and "mật khẩu" in
                              response.content.decode().lower() else "wrote something"))
        # A pasted list of 501 names.
        s = make_election(world.cell_a, seats=3, names=4)
        client.force_login(world.office)
        before = fingerprint()
        response = client.post(reverse("elections:election", args=[s.election.pk]), {
            "action": "candidates_paste",
            "names": "\n".join(f"Người {i}" for i in range(501))}, follow=True)
        report.inputs.append(("lists", "dán 501 tên", (
            "5xx" if response.status_code >= 500 else "wrote something"
            if fingerprint() != before else "refused with a Vietnamese message"
            if "giới hạn 500 dòng" in response.content.decode()
            else "refused without the expected message")))
        assert Member.objects.exists()
    # Repeated wrong passwords (django-axes on, as in production).
    with rolled_back(), override_settings(AXES_ENABLED=True):
        world = make_world()
        client = Client(raise_request_exception=False)
        url = reverse("login")
        for _ in range(100):
            client.post(url, {"username": world.office.username, "password": "sai-mat-khau"})
        response = client.post(url, {"username": world.office.username,
                                     "password": PASSWORD})
        locked = response.status_code == 429 and "_auth_user_id" not in client.session
        report.inputs.append(("logins", "100 mật khẩu sai rồi mật khẩu đúng", (
            "refused with a Vietnamese message (locked out, 429)" if locked
            else f"let in ({response.status_code})")))


def sweep_tally(report: Report, tmp: Path) -> None:
    deep = tmp / "sau.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    big = tmp / "lon.json"
    big.write_text('{"x": "' + "a" * (11 * 1024 * 1024) + '"}')
    broken = tmp / "hong.json"
    broken.write_text('{"seats": 1e999999, "ballots": [')
    for what, path in (("JSON lồng 100.000 tầng", deep), ("JSON 11 MB", big),
                       ("JSON hỏng, số 1e999999", broken)):
        run = subprocess.run([sys.executable, "-m", "daihoi", "tally", str(path)],
                             capture_output=True, text=True, timeout=120, check=False,
                             env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
        outcome = ("refused with a message, exit 2" if run.returncode == 2
                   and "Traceback" not in run.stderr and run.stderr.strip()
                   else f"exit {run.returncode}: {run.stderr[-200:]!r}")
        report.inputs.append(("tally", what, outcome))
        if not outcome.startswith("refused"):
            report.fail(f"tally {what}: {outcome}")


# --------------------------------------------------------------------------- 3. faults


def sweep_faults(report: Report, tmp: Path) -> None:
    import datetime as dt

    from django.conf import settings
    from django.core.management import call_command
    from django.db import OperationalError
    from django.test import override_settings
    from tests.bombs import docx_bomb
    from tests.conftest import make_world
    from tests.congress.factories import make_preparation

    from daihoi import clock
    from daihoi.documents import services as doc_services
    from daihoi.documents import tasks as doc_tasks
    from daihoi.documents.importing import build_docx
    from daihoi.documents.models import Version, VersionImportJob
    from daihoi.roster import importing
    from daihoi.roster import tasks as roster_tasks
    from daihoi.roster.models import ImportJob, Member

    call_command("flush", interactive=False, verbosity=0)
    world = make_world()
    prep = make_preparation(world.committee)
    folder = Path(_media()) / "faults"
    folder.mkdir(parents=True, exist_ok=True)

    def stored(data: bytes, name: str) -> str:
        path = folder / f"{time.monotonic_ns()}-{name}"
        path.write_bytes(data)
        return str(path)

    @contextmanager
    def patched(obj: Any, name: str, value: Any) -> Iterator[None]:
        old = getattr(obj, name)
        setattr(obj, name, value)
        try:
            yield
        finally:
            setattr(obj, name, old)

    def lost(**kwargs: Any) -> Any:
        raise OperationalError("server closed the connection unexpectedly")

    # A database lost under a roster import.
    members = Member.objects.count()
    job = ImportJob.objects.create(organization=world.committee, file_name="ds.csv",
                                   stored_path=stored(b"x", "ds.csv"), dry_run=False)
    with patched(importing, "roster_import", lost):
        job = roster_tasks.run_import_job(job.pk)
    report.faults.append(("mất CSDL khi nhập danh sách", f"{job.status}: {job.failure[:60]}…",
                          job.status == "failed" and Member.objects.count() == members))
    # A database lost under a draft's job.
    versions = Version.objects.count()
    djob = VersionImportJob.objects.create(document=prep.document, file_name="v.docx",
                                           stored_path=stored(build_docx([("I. A", 1, "x")]),
                                                              "v.docx"))
    with patched(doc_services, "version_create", lost):
        djob = doc_tasks.run_version_import(djob.pk)
    report.faults.append(("mất CSDL khi đọc dự thảo", f"{djob.status}: {djob.failure[:60]}…",
                          djob.status == "failed" and Version.objects.count() == versions))
    # A job over its time limit.

    def slow(data: bytes, **kwargs: Any) -> Any:
        time.sleep(5)
        raise AssertionError("not stopped")

    with override_settings(DOCUMENTS_IMPORT_MAX_SECONDS=1), \
            patched(doc_tasks, "parse_docx", slow):
        djob = VersionImportJob.objects.create(
            document=prep.document, file_name="cham.docx",
            stored_path=stored(build_docx([("I. A", 1, "x")]), "cham.docx"))
        started = time.monotonic()
        djob = doc_tasks.run_version_import(djob.pk)
        took = time.monotonic() - started
    report.faults.append(("đọc dự thảo quá 1 giây", f"{djob.status} sau {took:.1f} s: "
                          f"{djob.failure[:50]}…", djob.status == "failed" and took < 3))
    # A real parse over its memory limit (the ZIP guard switched off).
    with override_settings(DAIHOI_UPLOAD_MAX_UNCOMPRESSED_BYTES=10**12,
                           DAIHOI_UPLOAD_MAX_COMPRESSION_RATIO=10**9,
                           DOCUMENTS_IMPORT_MAX_MEMORY=64 * 1024 * 1024):
        djob = VersionImportJob.objects.create(
            document=prep.document, file_name="bom.docx",
            stored_path=stored(docx_bomb(200 * 1024 * 1024), "bom.docx"))
        djob = doc_tasks.run_version_import(djob.pk)
    report.faults.append(("dự thảo cần hơn 64 MB (không có kiểm tra ZIP)",
                          f"{djob.status}: {djob.failure[:60]}…",
                          djob.status == "failed" and "64 MB" in djob.failure))
    # A worker that died under a job.
    djob = VersionImportJob.objects.create(document=prep.document, file_name="treo.docx",
                                           stored_path=stored(b"x", "treo.docx"),
                                           status="running")
    with clock.frozen(clock.now() + dt.timedelta(seconds=settings.DOCUMENTS_IMPORT_MAX_SECONDS
                                                 + 61)):
        doc_services.version_import_jobs_expire(document=prep.document)
    djob.refresh_from_db()
    report.faults.append(("tiến trình nền chết khi đang đọc", djob.status,
                          djob.status == "interrupted" and not Path(
                              djob.stored_path or "/nonexistent").exists()))
    backup_during_writes(report, tmp)


def backup_during_writes(report: Report, tmp: Path) -> None:
    """A backup taken while another thread writes, restored into a fresh database; the
    restored audit chain verifies and holds every entry written before the backup; a tampered
    copy fails to verify."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction

    from daihoi.audit.models import AuditEntry
    from daihoi.audit.services import audit_record

    stop = threading.Event()
    written = [0]

    def writer() -> None:
        try:
            while not stop.is_set():
                with transaction.atomic():
                    audit_record(actor=None, action="sweep.write", data={"n": written[0]})
                written[0] += 1
        finally:
            connection.close()

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    while written[0] < 20:
        time.sleep(0.01)
    out = tmp / "sao-luu"
    call_command("backup", "--out", str(out), stdout=io.StringIO())
    at_backup = written[0]
    while written[0] < at_backup + 20:
        time.sleep(0.01)
    stop.set()
    thread.join()
    total = AuditEntry.objects.count()
    backup = next(p for p in out.iterdir() if not p.name.endswith(".sha256"))
    fresh = tmp / "khoi-phuc"
    fresh.mkdir()
    env = {k: v for k, v in os.environ.items()
           if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "SECRET_KEY"}}
    env.update({"DATABASE_URL": f"sqlite:///{fresh / 'daihoi.sqlite3'}", "DEBUG": "true",
                "AUDIT_HMAC_KEY": str(settings.AUDIT_HMAC_KEY), "DAIHOI_DATA_DIR": str(fresh),
                "PYTHONPATH": str(ROOT / "src")})

    def daihoi(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "daihoi", *args], env=env,
                              capture_output=True, text=True, timeout=300, check=False)

    restored = daihoi("restore", str(backup))
    found = re.search(r"Nhật ký toàn vẹn: ([\d.]+) mục", restored.stdout)
    length = int(found[1].replace(".", "")) if found else -1
    ok = restored.returncode == 0 and length >= at_backup and length <= total
    report.faults.append((
        "sao lưu trong lúc đang ghi, khôi phục vào CSDL mới",
        f"{length} mục khôi phục và khớp chuỗi (≥ {at_backup} ghi trước lúc sao lưu, "
        f"{total} sau cùng)" if ok else f"restore: {restored.returncode} {restored.stderr[-200:]}",
        ok))
    verify = daihoi("audit", "verify")
    report.faults.append(("kiểm tra nhật ký của bản khôi phục", verify.stdout.strip()[:80],
                          verify.returncode == 0))
    import sqlite3

    db = sqlite3.connect(fresh / "daihoi.sqlite3")
    db.execute("DELETE FROM audit_auditentry WHERE id = (SELECT MAX(id) FROM audit_auditentry)")
    db.commit()
    db.close()
    tampered = daihoi("audit", "verify")
    report.faults.append(("cắt mục cuối của nhật ký bản khôi phục",
                          (tampered.stderr or tampered.stdout).strip()[:80],
                          tampered.returncode != 0))


# --------------------------------------------------------------------------- the report


def print_report(report: Report, seconds: float) -> None:
    cols = ("requests", "2xx", "403", "404", "302-login", "3xx", "4xx", "5xx", "other org",
            "leaks", "unauthorized writes", "differ from table")
    print("\n## Requests per role (every URL name × GET and empty POST, then every URL of "
          "another organization; valid bodies of the numeric forms by refused roles)\n")
    print("| role | " + " | ".join(cols) + " |")
    print("|---|" + "---:|" * len(cols))
    total: collections.Counter[str] = collections.Counter()
    for role, counts in report.per_role.items():
        total.update(counts)
        print(f"| {ROLE_NAMES.get(role, role)} | " + " | ".join(
            str(counts.get(c, 0)) for c in cols) + " |")
    print("| **total** | " + " | ".join(str(total.get(c, 0)) for c in cols) + " |")

    print("\n## Bad inputs\n")
    groups: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for group, _what, outcome in report.inputs:
        groups[group][outcome] += 1
    print("| group | tried | outcome | count |")
    print("|---|---:|---|---:|")
    for group, outcomes in groups.items():
        for outcome, n in sorted(outcomes.items()):
            print(f"| {group} | {sum(outcomes.values())} | {outcome} | {n} |")
    print(f"\nBad inputs tried: {len(report.inputs)}; 5xx: "
          f"{sum(1 for *_, o in report.inputs if o == '5xx')}; wrote something: "
          f"{sum(1 for *_, o in report.inputs if o.startswith('wrote'))}.")
    print("\nEach upload, text and JSON input:\n")
    for group, what, outcome in report.inputs:
        if group != "numbers":
            print(f"- [{group}] {what}: {outcome}")

    print("\n## Faults injected\n")
    print("| fault | what happened | handled, nothing lost |")
    print("|---|---|---|")
    for fault, what, ok in report.faults:
        flat = " / ".join(line.strip() for line in what.splitlines() if line.strip())
        print(f"| {fault} | {flat} | {'yes' if ok else 'NO'} |")

    print(f"\nTime: {seconds:.0f} s.")
    if report.failures:
        print(f"\nFAILURES ({len(report.failures)}):")
        for line in report.failures[:100]:
            print(f"- {line}")
    else:
        print("\nNo 5xx, no leak, no unauthorized write, every bad input refused or cleaned, "
              "every fault handled.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else "")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="daihoi-sweep-"))
    os.environ["DAIHOI_DATA_DIR"] = str(tmp)
    os.environ.pop("DATABASE_URL", None)  # a throwaway SQLite database in the folder
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    import logging

    import django

    django.setup()
    logging.disable(logging.CRITICAL)  # the refused requests' log lines, by the thousand
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    started = time.monotonic()
    call_command("migrate", verbosity=0)
    report = Report()
    steps: list[tuple[str, Callable[[], None]]] = [
        ("URL × role", lambda: sweep_urls(report)),
        ("numbers", lambda: sweep_numbers(report)),
        ("texts and logins", lambda: sweep_texts(report)),
        ("uploads", lambda: sweep_uploads(report)),
        ("tally JSON", lambda: sweep_tally(report, tmp)),
        ("faults", lambda: sweep_faults(report, tmp)),
    ]
    try:
        for name, step in steps:
            t0 = time.monotonic()
            step()
            print(f"{name}: {time.monotonic() - t0:.0f} s", file=sys.stderr, flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    for _group, what, outcome in report.inputs:
        if outcome == "5xx" or outcome.startswith(("wrote", "let in", "exit", "refused without")):
            report.fail(f"bad input {what}: {outcome}")
    for fault, what, ok in report.faults:
        if not ok:
            report.fail(f"fault {fault}: {what}")
    print_report(report, time.monotonic() - started)
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
