"""Import jobs on Django's tasks framework: the database-backed worker, a lost database, the
mapping edited on the job page, the marked copy to download."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from daihoi.roster import importing, services, tasks
from daihoi.roster.models import ImportJob, ImportMapping, Member
from tests.conftest import PASSWORD, World
from tests.roster.office_workbooks import (
    AGENCY_NAME,
    HEADER_ROW,
    OFFICE_HEADERS,
    clean_rows,
    faulty_rows,
    office_workbook,
)
from tests.roster.test_importing import counts


@pytest.fixture
def office(world: World, settings: Any, tmp_path: Path) -> World:
    settings.MEDIA_ROOT = tmp_path
    services.agency_create(actor=None, name=AGENCY_NAME, code="VP-UB",
                           organization=world.committee)
    return world


def _login(client: Client, world: World) -> Client:
    assert client.login(username=world.office.username, password=PASSWORD)
    return client


def _upload(client: Client, world: World, data: bytes, capture: Any) -> ImportJob:
    with capture(execute=True):
        client.post(reverse("roster:import", args=[world.committee.code]),
                    {"file": SimpleUploadedFile("ds-van-phong.xlsx", data)})
    return ImportJob.objects.order_by("-pk").first()  # type: ignore[return-value]


@pytest.mark.django_db(transaction=True)
def test_a_job_queued_in_the_database_is_run_by_the_worker(office: World, tmp_path: Path) -> None:
    stored = tmp_path / "cho.xlsx"
    stored.write_bytes(office_workbook(clean_rows()))
    job = ImportJob.objects.create(organization=office.committee, created_by=office.office,
                                   file_name="ds.xlsx", stored_path=str(stored), dry_run=False)
    queued = tasks.roster_import_task.using(backend="database").enqueue(job.pk)
    # Nothing runs in the process that queued it (a web worker could restart now).
    assert ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.PENDING
    call_command("db_worker", "--backend", "database", "--batch", "--no-startup-delay",
                 "--queue-name", "*", verbosity=0)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.errors
    assert job.result["created"] == 5
    assert Member.objects.filter(card_number="37139317").exists()
    queued.refresh()
    assert queued.status.name == "SUCCESSFUL"
    assert not stored.exists()


def test_a_job_that_loses_its_database_is_marked_failed_at_once_with_the_reason(
    office: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stored = tmp_path / "ds.xlsx"
    stored.write_bytes(office_workbook(clean_rows()))
    job = ImportJob.objects.create(organization=office.committee, file_name="ds.xlsx",
                                   stored_path=str(stored))

    def lost(**kwargs: Any) -> Any:
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(importing, "roster_import", lost)
    before = counts()
    finished = tasks.run_import_job(job.pk)
    assert finished.status == ImportJob.Status.FAILED
    assert finished.failure == tasks.DATABASE_LOST
    assert finished.finished_at is not None
    assert counts() == before


def test_the_job_page_maps_a_column_and_checks_the_same_file_again(
    client: Client, office: World, django_capture_on_commit_callbacks: Any
) -> None:
    _login(client, office)
    headers = tuple("Nơi sinh hoạt" if h == "Chi bộ" else h for h in OFFICE_HEADERS)
    first = _upload(client, office, office_workbook(clean_rows(), headers=headers),
                    django_capture_on_commit_callbacks)
    assert first.status == ImportJob.Status.FAILED
    assert first.errors[0]["message"] == "Chưa có cột “Chi bộ (mã hoặc tên)” (bắt buộc)."
    page = client.get(reverse("roster:import_job", args=[office.committee.code, first.pk]))
    html = page.content.decode()
    assert "N: Nơi sinh hoạt" in html  # the column, by its letter and header as written
    assert f"dòng tiêu đề {HEADER_ROW}" in html
    data = {f"col_{c}": f for c, f in first.mapping["columns"].items()}
    data["col_13"] = "cell"
    data["compound_names"] = "Tôn Thất"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("roster:import_remap", args=[office.committee.code, first.pk]), data)
    second = ImportJob.objects.order_by("-pk").first()
    assert second is not None
    assert response["Location"] == reverse("roster:import_job",
                                           args=[office.committee.code, second.pk])
    assert second.status == ImportJob.Status.DONE, second.errors
    assert (second.dry_run, second.result["created"]) == (True, 5)
    first.refresh_from_db()
    assert first.stored_path == ""  # the file passed to the new check
    saved = ImportMapping.objects.get(organization=office.committee)
    assert saved.columns["noi sinh hoat"] == "cell"
    assert saved.compound_names == ["Tôn Thất"]


def test_the_job_page_refuses_a_field_mapped_to_two_columns(
    client: Client, office: World, django_capture_on_commit_callbacks: Any
) -> None:
    _login(client, office)
    job = _upload(client, office, office_workbook(faulty_rows()),
                  django_capture_on_commit_callbacks)
    data = {f"col_{c}": f for c, f in job.mapping["columns"].items()}
    data["col_16"] = "date_of_birth"
    response = client.post(
        reverse("roster:import_remap", args=[office.committee.code, job.pk]), data)
    assert response.status_code == 400
    assert "cùng được gán cho “Ngày sinh”" in response.content.decode()
    assert ImportJob.objects.count() == 1


def test_the_office_downloads_its_workbook_with_the_faults_marked(
    client: Client, office: World, django_capture_on_commit_callbacks: Any
) -> None:
    _login(client, office)
    job = _upload(client, office, office_workbook(faulty_rows()),
                  django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.FAILED
    assert job.error_count == 7
    page = client.get(reverse("roster:import_job", args=[office.committee.code, job.pk]))
    html = page.content.decode()
    url = reverse("roster:import_marked", args=[office.committee.code, job.pk])
    assert url in html
    assert "31/02/1980" in html  # the value, next to its sheet, row and header
    response = client.get(url)
    assert response.status_code == 200
    assert "ds-van-phong-danh-dau-loi.xlsx" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook["DS đảng viên 2020"]
    comment = sheet.cell(row=HEADER_ROW + 2, column=3).comment
    assert comment is not None
    assert "không phải là ngày hợp lệ" in comment.text


def test_a_checked_upload_is_kept_a_day_then_deleted(office: World, tmp_path: Path) -> None:
    import datetime as dt

    from daihoi import clock

    upload, marked = tmp_path / "ds.xlsx", tmp_path / "ds-loi.xlsx"
    upload.write_bytes(b"x")
    marked.write_bytes(b"y")
    finished = dt.datetime(2020, 6, 1, 8, 0, tzinfo=dt.UTC)
    job = ImportJob.objects.create(
        organization=office.committee, file_name="ds.xlsx", status=ImportJob.Status.DONE,
        stored_path=str(upload), marked_path=str(marked), finished_at=finished)
    with clock.frozen(finished + services.IMPORT_FILE_KEPT_FOR):
        services.import_jobs_expire(organization=office.committee)
    assert upload.exists()  # at the limit: still kept
    with clock.frozen(finished + services.IMPORT_FILE_KEPT_FOR + dt.timedelta(seconds=1)):
        services.import_jobs_expire(organization=office.committee)
    job.refresh_from_db()
    assert (job.stored_path, job.marked_path) == ("", "")
    assert not upload.exists()
    assert not marked.exists()


def _job(office: World, tmp_path: Path) -> ImportJob:
    stored = tmp_path / "ds.xlsx"
    stored.write_bytes(office_workbook(clean_rows()))
    return ImportJob.objects.create(organization=office.committee, file_name="ds.xlsx",
                                    stored_path=str(stored))


def test_a_job_over_its_time_limit_is_stopped_and_marked_failed(
    office: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    import time

    settings.ROSTER_IMPORT_MAX_SECONDS = 1

    def slow(**kwargs: Any) -> Any:
        time.sleep(5)
        raise AssertionError("not stopped")

    monkeypatch.setattr(importing, "roster_import", slow)
    finished = tasks.run_import_job(_job(office, tmp_path).pk)
    assert finished.status == ImportJob.Status.FAILED
    assert finished.failure.startswith("Xử lý tệp quá thời gian cho phép (1 giây)")


def test_a_job_over_its_memory_limit_is_stopped_and_marked_failed(
    office: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.ROSTER_IMPORT_MAX_MEMORY = 64 * 1024 * 1024

    def greedy(**kwargs: Any) -> Any:
        return bytearray(512 * 1024 * 1024)

    monkeypatch.setattr(importing, "roster_import", greedy)
    finished = tasks.run_import_job(_job(office, tmp_path).pk)
    assert finished.status == ImportJob.Status.FAILED
    assert finished.failure.startswith("Tệp cần quá nhiều bộ nhớ để đọc (giới hạn 64 MB)")
    big = bytearray(256 * 1024 * 1024)  # the limit is lifted after the job
    assert len(big) == 256 * 1024 * 1024
