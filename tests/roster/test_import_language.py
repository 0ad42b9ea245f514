"""A roster import runs in the worker, with no request: its report is in the language of the
person who uploaded the file (the job's ``language``), whatever the worker's; its audit entry
stays Vietnamese."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from daihoi.audit.models import AuditEntry
from daihoi.documents.importing import build_docx
from daihoi.roster import services, tasks
from daihoi.roster.models import ImportJob
from tests.audit.test_record_language import MARK, marking
from tests.conftest import PASSWORD, World
from tests.roster.office_workbooks import (
    AGENCY_NAME,
    HEADER_ROW,
    PLANTED,
    clean_rows,
    faulty_rows,
    office_workbook,
)

__all__ = ["marking"]  # the fixture, used by name

#: :data:`PLANTED`, as an English reader reads it.
PLANTED_EN = [
    (HEADER_ROW + 1, "Số thẻ", "card number “37139317” is the same as on row 7."),
    (HEADER_ROW + 2, "Sinh ngày", "“31/02/1980” is not a valid date."),
    (HEADER_ROW + 3, "Số thẻ", "card number “37139317” is the same as on row 5."),
    (HEADER_ROW + 4, "Họ và tên", "not filled in (required)."),
    (HEADER_ROW + 5, "Ngày chính thức",
     "The full-member date cannot be before the date of admission."),
    (HEADER_ROW + 6, "Chi bộ", "there is no Party cell “Chi bộ Z9” in Đảng bộ Khối A."),
    (HEADER_ROW + 6, "Cơ quan",
     "there is no agency or unit “Phòng Văn phòng HĐND và UBND”. Did you mean “Văn phòng HĐND "
     "và UBND huyện”?"),
]
NOT_A_SPREADSHEET = {
    "vi": "Tệp không phải là bảng tính (.xlsx, .xls, .ods): có thể là tệp Word hoặc tệp nén.",
    "en": "The file is not a spreadsheet (.xlsx, .xls, .ods): it may be a Word file or a "
          "compressed archive.",
}


@pytest.fixture
def office(world: World, settings: Any, tmp_path: Path) -> World:
    settings.MEDIA_ROOT = tmp_path
    services.agency_create(actor=None, name=AGENCY_NAME, code="VP-UB",
                           organization=world.committee)
    return world


def _upload(client: Client, world: World, data: bytes, capture: Any, language: str
            ) -> ImportJob:
    """The office uploads ``data`` from a page in ``language``; the worker (the captured task,
    run outside the request, in the worker's own language) checks it."""
    assert client.login(username=world.office.username, password=PASSWORD)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    with capture(execute=False) as callbacks:
        client.post(reverse("roster:import", args=[world.committee.code]),
                    {"file": SimpleUploadedFile("ds-van-phong.xlsx", data)})
    with translation.override(settings.LANGUAGE_CODE):
        for callback in callbacks:
            callback()
    return ImportJob.objects.order_by("-pk").first()  # type: ignore[return-value]


def _problems(job: ImportJob) -> list[tuple[int, str, str]]:
    return sorted((e["row"], e["column"], e["message"]) for e in job.errors)


@pytest.mark.parametrize(("language", "expected"), [("en", PLANTED_EN), ("vi", PLANTED)])
def test_the_cell_errors_are_in_the_language_of_the_person_who_uploaded(
    client: Client, office: World, django_capture_on_commit_callbacks: Any, language: str,
    expected: list[tuple[int, str, str]],
) -> None:
    job = _upload(client, office, office_workbook(faulty_rows()),
                  django_capture_on_commit_callbacks, language)
    assert job.language == language
    assert job.status == ImportJob.Status.FAILED
    assert _problems(job) == sorted(expected)
    first = next(e for e in job.errors if e["row"] == HEADER_ROW + 2)
    assert first["text"] == {
        "en": f"Row {HEADER_ROW + 2}, column “Sinh ngày”: “31/02/1980” is not a valid date.",
        "vi": f"Dòng {HEADER_ROW + 2}, cột “Sinh ngày”: “31/02/1980” không phải là ngày hợp lệ.",
    }[language]


@pytest.mark.parametrize("language", ["en", "vi"])
def test_a_whole_file_refused_is_said_in_the_language_of_the_person_who_uploaded(
    client: Client, office: World, django_capture_on_commit_callbacks: Any, language: str,
) -> None:
    word = build_docx([("I. Kết quả", 1, "Nội dung.")])
    job = _upload(client, office, word, django_capture_on_commit_callbacks, language)
    assert job.status == ImportJob.Status.FAILED
    assert [e["text"] for e in job.errors] == [NOT_A_SPREADSHEET[language]]


def test_a_job_over_its_time_limit_says_so_in_the_uploaders_language(
    office: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stored = tmp_path / "ds.xlsx"
    stored.write_bytes(office_workbook(clean_rows()))
    job = ImportJob.objects.create(organization=office.committee, file_name="ds.xlsx",
                                   stored_path=str(stored), language="en")

    def slow(**kwargs: Any) -> Any:
        raise tasks.JobTimeoutError

    monkeypatch.setattr(tasks.importing, "roster_import", slow)
    monkeypatch.setattr(settings, "ROSTER_IMPORT_MAX_SECONDS", 1200, raising=False)
    finished = tasks.run_import_job(job.pk)
    assert finished.failure == ("Processing the file took longer than allowed (1.200 seconds); "
                                "nothing was written. Split the list into several smaller files.")


def test_an_import_for_another_language_records_its_audit_entry_in_vietnamese(
    office: World, tmp_path: Path, marking: None
) -> None:
    """Run for a reader of the marking language (every translated string marked ⟦…⟧): the
    job's words are marked, the audit entry's none."""
    stored = tmp_path / "ds.xlsx"
    stored.write_bytes(office_workbook(clean_rows()))
    job = ImportJob.objects.create(organization=office.committee, created_by=office.office,
                                   file_name="ds.xlsx", stored_path=str(stored), dry_run=False,
                                   language=MARK)
    with translation.override(settings.LANGUAGE_CODE):
        done = tasks.run_import_job(job.pk)
    assert done.status == ImportJob.Status.DONE, done.errors
    assert {p["outcome"] for p in done.result["preview"]} == {"⟦Thêm mới⟧"}
    entry = AuditEntry.objects.get(action="roster.import")
    assert entry.summary == "Nhập danh sách từ tệp ds.xlsx: thêm 5, cập nhật 0, không đổi 0"
