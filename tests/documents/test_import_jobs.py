"""A draft's DOCX is stored by the web request and read by the task worker, within limits."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from daihoi import clock
from daihoi.audit.models import AuditEntry
from daihoi.core import jobs
from daihoi.documents import services, tasks
from daihoi.documents.importing import build_docx
from daihoi.documents.models import DocumentStatus, Version, VersionImportJob
from tests.audit.test_record_language import MARK, marking
from tests.bombs import docx_bomb
from tests.conftest import PASSWORD
from tests.documents.conftest import Docs

__all__ = ["marking"]  # the fixture, used by name

GOOD = [("I. Kết quả", 1, "Nội dung."), ("II. Phương hướng", 1, "Nội dung.")]


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media"


def _login(client: Client, docs: Docs) -> Client:
    assert client.login(username=docs.reviewer.username, password=PASSWORD)
    return client


def _job(docs: Docs, media: Path, data: bytes, name: str = "v2.docx") -> VersionImportJob:
    folder = media / "drafts"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}-{VersionImportJob.objects.count()}"
    path.write_bytes(data)
    return VersionImportJob.objects.create(document=docs.prep.document, file_name=name,
                                           stored_path=str(path), created_by=docs.reviewer)


def test_the_web_request_stores_the_file_and_never_reads_it(
    client: Client, docs: Docs, media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_parsing(data: bytes, **kwargs: Any) -> Any:
        raise AssertionError("parsed in the web request")

    monkeypatch.setattr(tasks, "parse_docx", no_parsing)
    _login(client, docs)
    before = Version.objects.count()
    # No on-commit capture: the test's transaction never commits, so the task is not run.
    response = client.post(reverse("documents:import", args=[docs.prep.document.pk]),
                           {"file": SimpleUploadedFile("v2.docx", build_docx(GOOD)),
                            "note": "Sau họp tiểu ban"})
    assert response.status_code == 302
    job = VersionImportJob.objects.get()
    assert response["Location"] == reverse("documents:import_job",
                                           args=[docs.prep.document.pk, job.pk])
    assert (job.status, job.note, job.file_name) == ("pending", "Sau họp tiểu ban", "v2.docx")
    stored = Path(job.stored_path)
    assert stored.parent == media / "drafts"
    assert stored.read_bytes() == build_docx(GOOD) or stored.stat().st_size > 0
    assert Version.objects.count() == before
    page = client.get(response["Location"]).content.decode()
    assert "Đang chờ" in page
    assert 'hx-trigger="every 1s"' in page  # the page polls the job until it ends
    fragment = client.get(response["Location"], headers={"HX-Request": "true"})
    assert fragment.content.decode().startswith('<div id="import-job"')


def test_the_worker_writes_the_version_and_deletes_the_upload(docs: Docs, media: Path) -> None:
    job = _job(docs, media, build_docx(GOOD))
    done = tasks.run_version_import(job.pk)
    assert done.status == VersionImportJob.Status.DONE
    assert done.version is not None
    assert done.version.number == 2
    assert list(done.version.sections.values_list("heading", flat=True)) == [
        "I. Kết quả", "II. Phương hướng"]
    assert done.version.source_name == "v2.docx"
    assert done.stored_path == ""
    assert list((media / "drafts").iterdir()) == []
    assert tasks.run_version_import(job.pk).version == done.version  # once only
    assert Version.objects.filter(document=docs.prep.document).count() == 2


def test_the_finished_page_shows_the_version_and_stops_polling(
    client: Client, docs: Docs, media: Path
) -> None:
    job = tasks.run_version_import(_job(docs, media, build_docx(GOOD)).pk)
    _login(client, docs)
    page = client.get(reverse("documents:import_job", args=[docs.prep.document.pk, job.pk]))
    html = page.content.decode()
    assert "Đã nhập phiên bản 2 (2 phần)." in html
    assert "hx-trigger" not in html
    listing = client.get(reverse("documents:import", args=[docs.prep.document.pk]))
    assert "phiên bản 2" in listing.content.decode()


def test_a_job_over_its_time_limit_is_stopped_with_the_limit_named(
    docs: Docs, media: Path, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    import time

    settings.DOCUMENTS_IMPORT_MAX_SECONDS = 1

    def slow(data: bytes, **kwargs: Any) -> Any:
        time.sleep(5)
        raise AssertionError("not stopped")

    monkeypatch.setattr(tasks, "parse_docx", slow)
    started = time.monotonic()
    job = tasks.run_version_import(_job(docs, media, build_docx(GOOD)).pk)
    assert time.monotonic() - started < 3
    assert job.status == VersionImportJob.Status.FAILED
    assert job.failure == ("Xử lý tệp quá thời gian cho phép (1 giây); không có gì được ghi. "
                           "Chưa có gì được nhập.")
    assert Version.objects.filter(document=docs.prep.document).count() == 1
    assert list((media / "drafts").iterdir()) == []


def test_the_memory_limit_bounds_a_real_parse_even_past_the_zip_guard(
    docs: Docs, media: Path, settings: Any
) -> None:
    # The ZIP guard switched off (limits far above the file): python-docx would read the 200 MB
    # part whole; the worker's limit of 64 MB stops it.
    settings.DAIHOI_UPLOAD_MAX_UNCOMPRESSED_BYTES = 10 * 1024 * 1024 * 1024
    settings.DAIHOI_UPLOAD_MAX_COMPRESSION_RATIO = 10**9
    settings.DOCUMENTS_IMPORT_MAX_MEMORY = 64 * 1024 * 1024
    bomb = docx_bomb(200 * 1024 * 1024, sections=GOOD)
    job = tasks.run_version_import(_job(docs, media, bomb).pk)
    assert job.status == VersionImportJob.Status.FAILED
    assert job.failure == ("Tệp cần quá nhiều bộ nhớ để đọc (giới hạn 64 MB); không có gì được "
                           "ghi. Chưa có gì được nhập.")
    assert Version.objects.filter(document=docs.prep.document).count() == 1
    big = bytearray(256 * 1024 * 1024)  # the limit is lifted after the job
    assert len(big) == 256 * 1024 * 1024


def test_with_the_zip_guard_the_bomb_is_refused_before_it_is_read(
    docs: Docs, media: Path
) -> None:
    bomb = docx_bomb(30 * 1024 * 1024, sections=GOOD)
    job = tasks.run_version_import(_job(docs, media, bomb).pk)
    assert job.status == VersionImportJob.Status.FAILED
    assert job.failure.startswith("Nội dung tệp khi giải nén lớn hơn giới hạn 20 MB")


@pytest.mark.parametrize(("size", "accepted"), [(1024 * 1024, True), (1024 * 1024 + 1, False)])
def test_an_upload_over_the_size_limit_is_refused_at_the_form_and_not_stored(
    client: Client, docs: Docs, media: Path, settings: Any, size: int, accepted: bool
) -> None:
    settings.DOCUMENTS_IMPORT_MAX_BYTES = 1024 * 1024
    _login(client, docs)
    response = client.post(reverse("documents:import", args=[docs.prep.document.pk]),
                           {"file": SimpleUploadedFile("v2.docx", b"x" * size)})
    if accepted:
        assert response.status_code == 302
        assert VersionImportJob.objects.count() == 1
    else:
        assert response.status_code == 400
        assert "Tệp quá lớn; giới hạn là 1 MB." in response.content.decode()
        assert VersionImportJob.objects.count() == 0
        assert not (media / "drafts").exists() or list((media / "drafts").iterdir()) == []


def test_a_lost_database_marks_the_job_failed_with_its_reason(
    docs: Docs, media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def lost(**kwargs: Any) -> Any:
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(services, "version_create", lost)
    job = tasks.run_version_import(_job(docs, media, build_docx(GOOD)).pk)
    assert job.status == VersionImportJob.Status.FAILED
    assert job.failure == jobs.DATABASE_LOST


def test_a_document_finalized_before_the_job_runs_gets_no_version(
    docs: Docs, media: Path
) -> None:
    job = _job(docs, media, build_docx(GOOD))
    type(docs.prep.document).objects.filter(pk=docs.prep.document.pk).update(
        status=DocumentStatus.FINALIZED)
    job = tasks.run_version_import(job.pk)
    assert job.status == VersionImportJob.Status.FAILED
    assert job.failure == "Văn kiện đã hoàn thiện; không thêm phiên bản được."


def test_a_job_the_worker_stopped_under_is_marked_interrupted(
    docs: Docs, media: Path, settings: Any
) -> None:
    settings.DOCUMENTS_IMPORT_MAX_SECONDS = 60
    job = _job(docs, media, build_docx(GOOD))
    VersionImportJob.objects.filter(pk=job.pk).update(status="running")
    now = clock.now()
    with clock.frozen(now + dt.timedelta(seconds=119)):
        assert services.version_import_jobs_expire(document=docs.prep.document) == 0
    with clock.frozen(now + dt.timedelta(seconds=121)):
        assert services.version_import_jobs_expire(document=docs.prep.document) == 1
    job.refresh_from_db()
    assert job.status == VersionImportJob.Status.INTERRUPTED
    assert not Path(job.stored_path or "/nonexistent").exists()
    assert list((media / "drafts").iterdir()) == []


NO_HEADINGS = {
    "en": "The file has no headings (Heading 1/Heading 2 styles, or bold numbered lines “I.”, "
          "“1.”…), so it cannot be divided into sections for comments. Nothing has been "
          "imported.",
    "vi": "Tệp không có đề mục nào (kiểu Heading 1/Heading 2, hoặc dòng in đậm đánh số “I.”, "
          "“1.”…), nên không chia được thành các phần để góp ý. Chưa có gì được nhập.",
}


@pytest.mark.parametrize("language", ["en", "vi"])
def test_a_refusal_is_said_in_the_language_of_the_person_who_uploaded(
    client: Client, docs: Docs, media: Path, django_capture_on_commit_callbacks: Any,
    language: str,
) -> None:
    """The worker has no request: the job keeps the uploader's language and reads in it."""
    _login(client, docs)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    no_heading = _plain_docx()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("documents:import", args=[docs.prep.document.pk]),
                    {"file": SimpleUploadedFile("v2.docx", no_heading)})
    with translation.override(settings.LANGUAGE_CODE):  # the worker's own language
        for callback in callbacks:
            callback()
    job = VersionImportJob.objects.get()
    assert (job.language, job.status) == (language, VersionImportJob.Status.FAILED)
    assert job.failure == NO_HEADINGS[language]


def test_a_limit_is_named_in_the_uploaders_language(
    docs: Docs, media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = _job(docs, media, build_docx(GOOD))
    VersionImportJob.objects.filter(pk=job.pk).update(language="en")

    def slow(data: bytes, **kwargs: Any) -> Any:
        raise jobs.JobTimeoutError

    monkeypatch.setattr(tasks, "parse_docx", slow)
    done = tasks.run_version_import(job.pk)
    assert done.failure.endswith("nothing was written. Nothing has been imported.")


def test_an_import_for_another_language_records_its_audit_entry_in_vietnamese(
    docs: Docs, media: Path, marking: None
) -> None:
    job = _job(docs, media, build_docx(GOOD))
    VersionImportJob.objects.filter(pk=job.pk).update(language=MARK)
    with translation.override(settings.LANGUAGE_CODE):
        done = tasks.run_version_import(job.pk)
    assert done.status == VersionImportJob.Status.DONE
    entry = AuditEntry.objects.filter(action="documents.version_create").latest("seq")
    assert "⟦" not in entry.summary
    assert entry.summary.endswith("(2 phần)")


def _plain_docx() -> bytes:
    """A Word file with text and no heading."""
    import io

    from docx import Document

    doc = Document()
    doc.add_paragraph("Chỉ có một đoạn văn, không có đề mục.")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
