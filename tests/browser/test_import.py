"""In a real browser, as the office: the office's own workbook uploaded, its columns mapped
(guesses pre-selected, one changed), every fault listed at the office's row numbers, the
marked copy downloaded, the corrected file previewed and imported with "Nhập" without
uploading it again, then a re-import that updates the members.

The jobs run on the tasks framework's database queue: the test runs the worker
(``db_worker --batch``) after each step that queues a job, as ``make demo`` runs it beside the
web server, and the page, which polls the job every second, shows the outcome by itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import call_command

from daihoi.roster import services
from daihoi.roster.models import ImportJob, ImportMapping, Member
from tests.browser.helpers import shot
from tests.conftest import PASSWORD, World
from tests.roster.office_workbooks import (
    AGENCY_NAME,
    HEADER_ROW,
    OFFICE_HEADERS,
    PLANTED,
    clean_rows,
    faulty_rows,
    office_workbook,
)

pytestmark = pytest.mark.browser

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: The office calls the cell column "Nơi sinh hoạt", which no alias knows: mapped by hand once.
HEADERS = tuple("Nơi sinh hoạt" if h == "Chi bộ" else h for h in OFFICE_HEADERS)
CELL_COLUMN = OFFICE_HEADERS.index("Chi bộ")


def _expect() -> Any:
    from playwright.sync_api import expect

    return expect


def _run_worker() -> None:
    """Run the queued import jobs, as the worker beside the web server does."""
    call_command("db_worker", "--backend", "database", "--batch", "--no-startup-delay",
                 "--queue-name", "*", verbosity=0)


def _upload(page: Any, base: str, code: str, name: str, data: bytes) -> None:
    page.goto(f"{base}/to-chuc/{code}/nhap/")
    page.set_input_files("input[name=file]",
                         files=[{"name": name, "mimeType": XLSX, "buffer": data}])
    page.click("text=Tải lên và kiểm tra")
    page.wait_for_url("**/nhap/*/")


@pytest.fixture
def office(world: World, settings: Any, tmp_path: Path) -> World:
    settings.MEDIA_ROOT = tmp_path
    services.agency_create(actor=None, name=AGENCY_NAME, code="VP-UB",
                           organization=world.committee)
    return world


def test_the_office_maps_checks_previews_imports_and_reimports_its_own_workbook(
    live_server: Any, page: Any, transactional_db: Any, office: World, tmp_path: Path
) -> None:
    expect = _expect()
    base, code = live_server.url, office.committee.code
    page.goto(f"{base}/dang-nhap/")
    page.fill("input[name=username]", office.office.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    members_before = Member.objects.count()

    # 1. The office's workbook as it is: the cell column is not recognised.
    _upload(page, base, code, "ds-van-phong.xlsx", office_workbook(faulty_rows(), headers=HEADERS))
    _run_worker()
    job = page.locator("#import-job")
    expect(job.locator("p.error").first).to_contain_text("Tệp có 1 lỗi")
    expect(job.locator("table.errors")).to_contain_text(
        "Chưa có cột “Chi bộ (mã hoặc tên)” (bắt buộc).")
    mapping = page.locator("details.mapping")
    expect(mapping).to_have_attribute("open", "")
    expect(mapping.locator("summary")).to_contain_text(
        f"Cách gán cột: trang “DS đảng viên 2020”, dòng tiêu đề {HEADER_ROW}")
    # The guesses, pre-selected: the office's own headers mapped to the fields.
    expect(page.locator("select[name=col_1]")).to_have_value("full_name")
    expect(page.locator("select[name=col_2]")).to_have_value("date_of_birth")
    expect(page.locator("select[name=col_3]")).to_have_value("gender")
    expect(page.locator("select[name=col_12]")).to_have_value("card_number")
    expect(page.locator("select[name=col_14]")).to_have_value("agency")
    expect(page.locator(f"select[name=col_{CELL_COLUMN}]")).to_have_value("")
    expect(page.locator("label", has_text="N: Nơi sinh hoạt")).to_be_visible()
    shot(page, "1-mapping", prefix="import")

    # 2. One guess changed: "Nơi sinh hoạt" is the cell; the same file is checked again.
    page.select_option(f"select[name=col_{CELL_COLUMN}]", "cell")
    page.click("text=Kiểm tra lại với cách gán này")
    page.wait_for_url("**/nhap/*/")
    _run_worker()
    errors = page.locator("table.errors tbody tr")
    expect(errors).to_have_count(len(PLANTED))
    for i, (row, header, message) in enumerate(PLANTED):
        cells = errors.nth(i).locator("td")
        expect(cells.nth(0)).to_have_text("DS đảng viên 2020")
        expect(cells.nth(1)).to_have_text(str(row))  # the row number Excel shows the office
        expect(cells.nth(2)).to_have_text("Nơi sinh hoạt" if header == "Chi bộ" else header)
        expect(cells.nth(4)).to_have_text(message)
    expect(errors.nth(1).locator("td").nth(3)).to_have_text("31/02/1980")
    expect(page.locator("#import-job p.error").first).to_contain_text(
        f"Tệp có {len(PLANTED)} lỗi. Không có gì được ghi")
    assert Member.objects.count() == members_before
    shot(page, "2-errors", prefix="import")

    # 3. The office's own workbook, the faulty cells marked and explained in comments.
    with page.expect_download() as download_info:
        page.click("text=Tải tệp của bạn với các ô lỗi được tô màu và ghi chú")
    download = download_info.value
    assert download.suggested_filename == "ds-van-phong-danh-dau-loi.xlsx"
    marked = tmp_path / "marked.xlsx"
    download.save_as(marked)
    sheet = openpyxl.load_workbook(marked)["DS đảng viên 2020"]
    assert sheet["A2"].value == "DANH SÁCH ĐẢNG VIÊN (đến ngày 31/05/2020)"
    for row, header, message in PLANTED:
        comment = sheet.cell(row=row, column=OFFICE_HEADERS.index(header) + 1).comment
        assert comment is not None, (row, header)
        assert message in comment.text
    assert ImportMapping.objects.get(organization=office.committee).columns[
        "noi sinh hoat"] == "cell"  # saved for the organization

    # 4. The corrected workbook: the saved mapping is proposed, the check passes, a preview.
    _upload(page, base, code, "ds-van-phong-da-sua.xlsx",
            office_workbook(clean_rows(), headers=HEADERS))
    _run_worker()
    expect(page.locator("#import-job p.success")).to_have_text(
        "Tệp không có lỗi. Chưa ghi gì; nếu nhập thì sẽ:")
    summary = page.locator("dl.summary")
    expect(summary.locator("dt:has-text('Thêm mới') + dd")).to_have_text("5")
    expect(summary.locator("dt:has-text('Cập nhật') + dd")).to_have_text("0")
    per_cell = page.locator("table.per-cell tbody")
    expect(per_cell.locator("tr", has_text="Chi bộ A1").locator("td").nth(1)).to_have_text("3")
    expect(per_cell.locator("tr", has_text="Chi bộ A2").locator("td").nth(1)).to_have_text("2")
    preview = page.locator("table.preview tbody tr")
    expect(preview).to_have_count(5)
    first = preview.nth(0).locator("td")
    expect(first.nth(0)).to_have_text(str(HEADER_ROW + 1))
    expect(first.nth(1)).to_have_text("Trần Thị Hằng")
    expect(first.nth(6)).to_have_text("37139317")
    expect(first.nth(8)).to_have_text(AGENCY_NAME)
    expect(first.nth(9)).to_have_text("Thêm mới")
    assert Member.objects.count() == members_before
    shot(page, "3-preview", prefix="import")

    # 5. "Nhập": the checked file is imported without being uploaded again.
    uploads = ImportJob.objects.count()
    page.click("#import-job button.primary")
    page.wait_for_url("**/nhap/*/")
    _run_worker()
    expect(page.locator("#import-job p.success")).to_have_text("Đã nhập xong:")
    expect(summary.locator("dt:has-text('Thêm mới') + dd")).to_have_text("5")
    assert ImportJob.objects.count() == uploads + 1
    assert ImportJob.objects.order_by("-pk").first().file_name == "ds-van-phong-da-sua.xlsx"
    page.click("text=Xem danh sách đảng viên")
    expect(page.locator("body")).to_contain_text("Trần Thị Hằng")
    expect(page.locator("body")).to_contain_text("Tôn Thất Minh Quang")
    assert Member.objects.count() == members_before + 5
    shot(page, "4-imported", prefix="import")

    # 6. The same workbook again with a new position: the members are updated, by card number.
    rows = clean_rows()
    rows[0][OFFICE_HEADERS.index("Chức vụ")] = "Phó trưởng phòng"
    _upload(page, base, code, "ds-van-phong-thang-6.xlsx",
            office_workbook(rows, headers=HEADERS))
    _run_worker()
    expect(summary.locator("dt:has-text('Cập nhật') + dd")).to_have_text("1")
    expect(summary.locator("dt:has-text('Thêm mới') + dd")).to_have_text("0")
    expect(preview.nth(0).locator("td").nth(9)).to_have_text("Cập nhật (khớp theo số thẻ)")
    page.click("#import-job button.primary")
    page.wait_for_url("**/nhap/*/")
    _run_worker()
    expect(page.locator("#import-job p.success")).to_have_text("Đã nhập xong:")
    expect(summary.locator("dt:has-text('Cập nhật') + dd")).to_have_text("1")
    assert Member.objects.get(card_number="37139317").position == "Phó trưởng phòng"
    assert Member.objects.count() == members_before + 5
