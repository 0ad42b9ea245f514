"""The roster import meets the office's own workbook: header under title rows on any sheet,
columns and values as offices write them, every fault in one pass at the office's row numbers,
the marked copy, and the upload limits."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from typing import Any

import openpyxl
import pytest
from django.test import override_settings

from daihoi import clock
from daihoi.roster import importing, services
from daihoi.roster.importing import marking
from daihoi.roster.importing.results import ImportResult
from daihoi.roster.models import Agency, ImportMapping, Member
from tests.conftest import World
from tests.roster.office_workbooks import (
    AGENCY_NAME,
    HEADER_ROW,
    OFFICE_HEADERS,
    PLANTED,
    Formula,
    clean_rows,
    faulty_rows,
    member_book,
    member_book_members,
    office_ods,
    office_workbook,
    office_xls,
)
from tests.roster.test_importing import counts, messages

TODAY = dt.datetime(2020, 6, 10, 3, 0, tzinfo=dt.UTC)
SHEET = "DS đảng viên 2020"


@pytest.fixture(autouse=True)
def _frozen_clock() -> Iterator[None]:
    with clock.frozen(TODAY):
        yield


@pytest.fixture
def office(world: World) -> World:
    services.agency_create(actor=None, name=AGENCY_NAME, code="VP-UB",
                           organization=world.committee)
    return world


def run(world: World, data: bytes, name: str = "ds-dang-vien.xlsx", **kwargs: Any) -> ImportResult:
    return importing.roster_import(
        actor=world.office, organization=world.committee, source=io.BytesIO(data),
        file_name=name, **kwargs,
    )


# --------------------------------------------------------------------------- the office's file


def test_the_office_workbook_imports_with_its_own_headers_and_values(office: World) -> None:
    result = run(office, office_workbook(clean_rows()))
    assert result.ok, messages(result)
    assert (result.rows, result.created) == (5, 5)
    assert result.mapping["header_rows"] == [HEADER_ROW]
    assert result.ignored_columns == ["Ghi chú"]
    hang = Member.objects.get(card_number="37139317")
    assert (hang.family_name, hang.middle_name, hang.given_name) == ("Trần", "Thị", "Hằng")
    assert (hang.general_education, hang.qualification, hang.specialty) == (
        "upper_secondary", "university", "Kế toán")
    assert (hang.political_theory, hang.gender, hang.ethnicity) == ("intermediate", "female",
                                                                     "Tày")
    assert hang.agency is not None
    assert hang.agency.code == "VP-UB"
    assert hang.date_of_birth == dt.date(1990, 2, 3)
    nam = Member.objects.get(card_number="37139318")  # "37 139 318", real Excel dates
    assert (nam.qualification, nam.political_theory, nam.cell.code) == ("master", "advanced",
                                                                        "T-A2")
    assert nam.admitted_on == dt.date(2008, 5, 19)
    quang = Member.objects.get(card_number="37139310")  # 37.13931: Excel dropped the last 0
    assert (quang.family_name, quang.middle_name, quang.given_name) == ("Tôn Thất", "Minh",
                                                                        "Quang")
    assert (quang.general_education, quang.religion) == ("lower_secondary", "Phật giáo")
    trang = Member.objects.get(card_number="37139320")
    assert trang.full_name == "Phạm Thu Trang"  # the written name, spacing normalised
    yen = Member.objects.get(given_name="Yến")
    assert (yen.card_number, yen.full_member_on, yen.family_name) == (None, None, "Đỗ")


def test_every_planted_fault_is_reported_at_the_offices_row_and_header_in_one_pass(
    office: World,
) -> None:
    before = counts()
    result = run(office, office_workbook(faulty_rows()))
    found = [(p.row, p.column, p.message) for p in result.errors]
    assert found == PLANTED
    assert {p.sheet for p in result.errors} == {SHEET}
    by_row = {p.row: p for p in result.errors}
    assert by_row[HEADER_ROW + 2].value == "31/02/1980"
    assert by_row[HEADER_ROW + 2].col == OFFICE_HEADERS.index("Sinh ngày")
    assert not result.written
    assert counts() == before
    assert result.unknown_values["agency"] == {"Phòng Văn phòng HĐND và UBND": [AGENCY_NAME]}


def test_the_command_json_lists_each_fault_with_sheet_row_column_and_value(
    office: World, tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from django.core.management import CommandError, call_command

    file = tmp_path / "ds.xlsx"
    file.write_bytes(office_workbook(faulty_rows()))
    with pytest.raises(CommandError):
        call_command("roster", "import", str(file), "--org", "Đảng bộ Khối A", "--dry-run",
                     "--format", "json")
    payload = json.loads(capsys.readouterr().out)
    assert set(payload) == {"written", "would_add", "would_update", "errors"}
    assert payload["written"] is False
    assert [(e["row"], e["column"], e["message"]) for e in payload["errors"]] == PLANTED
    assert payload["errors"][1] == {
        "sheet": SHEET, "row": HEADER_ROW + 2, "column": "Sinh ngày", "value": "31/02/1980",
        "message": "“31/02/1980” không phải là ngày hợp lệ.",
    }


def test_the_marked_copy_marks_each_faulty_cell_with_its_message(
    office: World, tmp_path: Any
) -> None:
    source = tmp_path / "ds.xlsx"
    source.write_bytes(office_workbook(faulty_rows()))
    result = run(office, source.read_bytes())
    out = io.BytesIO()
    marking.write_marked_copy(source, "ds.xlsx", result.errors, out)
    workbook = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    assert workbook.sheetnames[0] == marking.ERRORS_SHEET
    sheet = workbook[SHEET]
    assert sheet["A2"].value == "DANH SÁCH ĐẢNG VIÊN (đến ngày 31/05/2020)"  # the user's file
    for row, header, message in PLANTED:
        cell = sheet.cell(row=row, column=OFFICE_HEADERS.index(header) + 1)
        assert cell.comment is not None, (row, header)
        assert message in cell.comment.text
        assert cell.fill.fgColor.rgb.endswith("FFC7CE")
    assert sheet.cell(row=HEADER_ROW + 1, column=2).comment is None  # a good cell untouched
    listed = list(workbook[marking.ERRORS_SHEET].iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[2], r[4]) for r in listed] == PLANTED


def test_the_marked_copy_of_a_csv_keeps_its_rows_and_writes_formulas_as_text(
    office: World, tmp_path: Any
) -> None:
    source = tmp_path / "ds.csv"
    lines = ["Họ và tên;Ngày sinh;Giới tính;Ngày vào Đảng;Chi bộ",
             "=HYPERLINK(\"x\");01/01/1980;Nam;31/02/2005;Chi bộ A1"]
    source.write_bytes("\r\n".join(lines).encode("utf-8"))
    result = run(office, source.read_bytes(), "ds.csv")
    out = io.BytesIO()
    marking.write_marked_copy(source, "ds.csv", result.errors, out)
    workbook = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    sheet = workbook["ds"]
    assert sheet["A2"].data_type == "s"
    assert sheet["A2"].value == "=HYPERLINK(\"x\")"
    assert sheet["D2"].comment is not None
    assert "không phải là ngày hợp lệ" in sheet["D2"].comment.text


# --------------------------------------------------------------------------- finding the header


def test_the_header_is_found_on_a_later_sheet_after_a_cover_sheet(office: World) -> None:
    result = run(office, office_workbook(clean_rows(), cover_sheet=True), dry_run=True)
    assert result.ok, messages(result)
    assert result.mapping["sheet"] == SHEET
    assert result.created == 5


def test_the_user_picks_the_sheet_when_there_are_several(office: World) -> None:
    def second(workbook: Any, sheet: Any) -> None:
        other = workbook.create_sheet("Chi bộ A2")
        for col, text in enumerate(OFFICE_HEADERS, start=1):
            other.cell(row=1, column=col, value=text)
        for col, value in enumerate(clean_rows()[1], start=1):
            other.cell(row=2, column=col, value=value)

    data = office_workbook(clean_rows(), extra=second)
    guessed = run(office, data, dry_run=True)
    assert guessed.mapping["sheets"] == [SHEET, "Chi bộ A2"]
    picked = run(office, data, dry_run=True, sheet="Chi bộ A2")
    assert picked.ok, messages(picked)
    assert (picked.mapping["sheet"], picked.created) == ("Chi bộ A2", 1)


def test_a_two_level_header_and_a_row_of_column_numbers_are_read(office: World) -> None:
    headers = list(OFFICE_HEADERS)
    top = ["" if h in ("Trình độ GDPT", "Chuyên môn", "LLCT") else h for h in headers]

    def two_levels(workbook: Any, sheet: Any) -> None:
        sheet.insert_rows(HEADER_ROW + 1, amount=2)
        for col, text in enumerate(top, start=1):
            sheet.cell(row=HEADER_ROW, column=col).value = text or None
        sheet.cell(row=HEADER_ROW, column=8, value="Trình độ")
        for col, text in enumerate(headers, start=1):
            below = text if text in ("Trình độ GDPT", "Chuyên môn", "LLCT") else None
            sheet.cell(row=HEADER_ROW + 1, column=col, value=below)
            sheet.cell(row=HEADER_ROW + 2, column=col, value=f"({col})")

    result = run(office, office_workbook(clean_rows(), extra=two_levels), dry_run=True)
    assert result.ok, messages(result)
    assert result.mapping["header_rows"] == [HEADER_ROW, HEADER_ROW + 1]
    assert result.mapping["skip_rows"] == [HEADER_ROW + 2]
    assert result.created == 5


def test_two_rows_that_both_look_like_the_header_are_refused(office: World) -> None:
    def twice(workbook: Any, sheet: Any) -> None:
        for col, text in enumerate(OFFICE_HEADERS, start=1):
            sheet.cell(row=HEADER_ROW + 3, column=col, value=text)

    before = counts()
    result = run(office, office_workbook(clean_rows(), extra=twice))
    assert messages(result) == [
        f"Dòng {HEADER_ROW + 3}: Trang “{SHEET}” có hai dòng đều giống dòng tiêu đề (dòng "
        f"{HEADER_ROW} và dòng {HEADER_ROW + 3}); hãy xóa dòng thừa để chỉ còn một dòng tiêu đề."
    ]
    assert counts() == before


def test_a_column_mapped_twice_is_refused_naming_both_headers(office: World) -> None:
    headers = tuple("Ngày sinh" if h == "Ghi chú" else h for h in OFFICE_HEADERS)
    before = counts()
    result = run(office, office_workbook(clean_rows(), headers=headers))
    assert messages(result) == [
        f"Dòng {HEADER_ROW}: Các cột “Sinh ngày” (cột C) và “Ngày sinh” (cột Q) cùng được gán "
        "cho “Ngày sinh”; mỗi trường chỉ được gán cho một cột."
    ]
    [problem] = result.errors
    assert (problem.sheet, problem.col) == (SHEET, OFFICE_HEADERS.index("Ghi chú"))
    assert counts() == before


# --------------------------------------------------------------------------- formulas

FORMULA_MESSAGE = (
    "Ô chứa công thức “{}”: phần mềm không tính công thức; hãy thay công thức bằng giá trị của "
    "nó (sao chép cột rồi “Dán đặc biệt” → “Giá trị”) và tải lên lại."
)


def test_a_formula_is_reported_at_its_cell_in_the_first_pass_with_every_other_fault(
    office: World,
) -> None:
    lookup = "VLOOKUP(B5,'[can bo.xlsx]DS'!A:C,3,0)"
    rows = faulty_rows()
    rows[0][OFFICE_HEADERS.index("Chức vụ")] = Formula(lookup)
    rows[1][0] = Formula("A5+1")  # the row number (STT) is not imported: not reported
    rows[2][OFFICE_HEADERS.index("Ghi chú")] = Formula("TODAY()")  # an ignored column
    before = counts()
    result = run(office, office_workbook(rows))
    found = [(p.row, p.column, p.message) for p in result.errors]
    assert found == [
        PLANTED[0],
        (HEADER_ROW + 1, "Chức vụ", FORMULA_MESSAGE.format("=" + lookup)),
        *PLANTED[1:],
    ]
    formula = result.errors[1]
    assert (formula.sheet, formula.value, formula.col) == (
        SHEET, "=" + lookup, OFFICE_HEADERS.index("Chức vụ"))
    assert not result.written
    assert counts() == before


def test_a_formula_is_reported_even_when_the_file_keeps_its_computed_value(
    office: World,
) -> None:
    rows = clean_rows()
    rows[0][OFFICE_HEADERS.index("Sinh ngày")] = Formula("DATE(1990;2;3)", cached="03/02/1990")
    before = counts()
    result = run(office, office_ods(rows), "ds.ods")
    assert messages(result) == [
        f"Dòng {HEADER_ROW + 1}, cột “Sinh ngày”: "
        + FORMULA_MESSAGE.format("=DATE(1990;2;3)")
    ]
    assert counts() == before
    rows[0][OFFICE_HEADERS.index("Sinh ngày")] = "03/02/1990"  # the value instead: imports
    assert run(office, office_ods(rows), "ds.ods").created == 5


def test_a_formula_in_an_old_excel_file_is_reported_at_its_cell(office: World) -> None:
    rows = faulty_rows()
    rows[0][OFFICE_HEADERS.index("Chức vụ")] = Formula("UPPER(B5)")
    rows[1][0] = Formula("A5+1")  # the row number: not reported
    before = counts()
    result = run(office, office_xls(rows), "ds.xls")
    found = [(p.row, p.column, p.message) for p in result.errors]
    # The old format stores a formula compiled: the message names no formula text.
    assert found == [
        PLANTED[0],
        (HEADER_ROW + 1, "Chức vụ",
         "Ô chứa công thức: phần mềm không tính công thức; hãy thay công thức bằng giá trị của "
         "nó (sao chép cột rồi “Dán đặc biệt” → “Giá trị”) và tải lên lại."),
        *PLANTED[1:],
    ]
    assert counts() == before
    assert run(office, office_xls(clean_rows()), "ds.xls").created == 5  # values: imported


def test_a_broken_old_excel_file_is_reported_once_not_by_the_formula_search(
    office: World,
) -> None:
    from daihoi.roster.importing.formulas import xls_formulas

    data = bytearray(office_xls(clean_rows()))
    data[44:48] = (10**6).to_bytes(4, "little")  # a FAT larger than the file
    data[72:76] = (10**6).to_bytes(4, "little")  # and as many DIFAT sectors
    with pytest.raises(ValueError, match="DIFAT"):
        xls_formulas(bytes(data))
    [message] = messages(run(office, bytes(data[:600]), "ds.xls"))
    assert message == "Không đọc được tệp: tệp bị hỏng hoặc không phải là bảng tính hợp lệ."


def test_a_sheet_with_a_dtd_is_never_given_to_the_xml_parser() -> None:
    from daihoi.roster.importing.formulas import xlsx_formulas

    archive = zipfile.ZipFile(io.BytesIO(office_workbook(clean_rows())))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as copy:
        for info in archive.infolist():
            data = archive.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = b'<!DOCTYPE x [<!ENTITY a "b">]>' + data
                data = data.replace(b"<v>", b"<f>1+1</f><v>", 1)
            copy.writestr(info, data)
    with pytest.raises(ValueError, match="DTD"):
        xlsx_formulas(zipfile.ZipFile(out))


def test_the_marked_copy_marks_a_formula_cell(office: World, tmp_path: Any) -> None:
    rows = clean_rows()
    rows[3][OFFICE_HEADERS.index("Quê quán")] = Formula("B8&\" xã\"")
    source = tmp_path / "ds.xlsx"
    source.write_bytes(office_workbook(rows))
    result = run(office, source.read_bytes())
    out = io.BytesIO()
    marking.write_marked_copy(source, "ds.xlsx", result.errors, out)
    sheet = openpyxl.load_workbook(io.BytesIO(out.getvalue()))[SHEET]
    comment = sheet.cell(row=HEADER_ROW + 4, column=OFFICE_HEADERS.index("Quê quán") + 1).comment
    assert comment is not None
    assert "Ô chứa công thức “=B8&\" xã\"”" in comment.text


def test_a_merged_cell_across_members_is_refused_at_its_place(office: World) -> None:
    def merge(workbook: Any, sheet: Any) -> None:
        sheet.merge_cells(start_row=HEADER_ROW + 1, start_column=14, end_row=HEADER_ROW + 2,
                          end_column=14)

    before = counts()
    result = run(office, office_workbook(clean_rows(), extra=merge))
    problem = next(p for p in result.errors if "ô gộp" in p.message)
    assert (problem.row, problem.column) == (HEADER_ROW + 1, "Chi bộ")
    assert counts() == before


# --------------------------------------------------------------------------- mapping choices


def test_a_confirmed_near_miss_imports_and_is_saved_for_next_time(office: World) -> None:
    rows = clean_rows()
    rows[0][14] = "Phòng Văn phòng HĐND và UBND"
    first = run(office, office_workbook(rows), dry_run=True)
    assert not first.ok
    mapping = dict(first.mapping)
    mapping["values"] = {"agency": {"phong van phong hdnd va ubnd": "VP-UB"}}
    result = run(office, office_workbook(rows), mapping=mapping)
    assert result.ok, messages(result)
    assert Member.objects.get(card_number="37139317").agency == Agency.objects.get(code="VP-UB")


def test_the_saved_mapping_is_proposed_next_time(office: World) -> None:
    headers = tuple("Nơi sinh hoạt" if h == "Chi bộ" else h for h in OFFICE_HEADERS)
    data = office_workbook(clean_rows(), headers=headers)
    assert messages(run(office, data, dry_run=True)) == [
        "Chưa có cột “Chi bộ (mã hoặc tên)” (bắt buộc)."]
    services.import_mapping_save(
        actor=office.office, organization=office.committee, columns={"noi sinh hoat": "cell"},
        values={}, compound_names=["Tôn Thất"],
    )
    assert ImportMapping.objects.get(organization=office.committee).columns == {
        "noi sinh hoat": "cell"}
    result = run(office, data, dry_run=True)
    assert result.ok, messages(result)
    assert result.created == 5


def test_a_compound_family_name_can_be_changed_for_the_organization(office: World) -> None:
    services.import_mapping_save(actor=None, organization=office.committee, columns={},
                                 values={}, compound_names=[])
    result = run(office, office_workbook(clean_rows()))
    assert result.ok, messages(result)
    quang = Member.objects.get(card_number="37139310")
    assert (quang.family_name, quang.middle_name) == ("Tôn", "Thất Minh")


def test_a_reimport_updates_members_matched_by_dossier_or_citizen_number(
    office: World,
) -> None:
    member = office.member_a
    Member.objects.filter(pk=member.pk).update(dossier_number="LL-77", card_number=None,
                                               full_member_on=None)
    headers = ("Họ và tên", "Ngày sinh", "Giới tính", "Ngày vào Đảng", "Chi bộ", "Số lý lịch",
               "Chức vụ")
    rows = [["Nguyễn Văn Bình", "17/05/1980", "Nam", "26/03/2005", "T-A1", "LL-77",
             "Phó phòng"]]
    result = run(office, office_workbook(rows, headers=headers))
    assert result.ok, messages(result)
    assert (result.created, result.updated, result.matched_by) == (0, 1, {"dossier_number": 1})
    assert result.preview[0]["outcome"] == "Cập nhật (khớp theo số lý lịch)"
    member.refresh_from_db()
    assert member.position == "Phó phòng"


# --------------------------------------------------------------------------- upload limits


def _bomb(size: int = 30 * 1024 * 1024) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/sharedStrings.xml", b"<sst>" + b"A" * size + b"</sst>")
    return out.getvalue()


def test_a_decompression_bomb_is_refused_before_it_is_parsed(office: World) -> None:
    data = _bomb()
    assert len(data) < 100 * 1024
    [message] = messages(run(office, data))
    # The kernel's guard (the same for DOCX uploads) names the entry and the limit.
    assert message.startswith("Thành phần “xl/sharedStrings.xml” của tệp nén với tỉ lệ ")
    assert "quá giới hạn 200:1" in message


@override_settings(ROSTER_IMPORT_MAX_UNCOMPRESSED=10 * 1024 * 1024)
def test_a_workbook_too_large_once_uncompressed_is_refused(office: World) -> None:
    assert messages(run(office, _bomb(11 * 1024 * 1024))) == [
        "Nội dung tệp khi giải nén lớn hơn giới hạn 10 MB (tệp khai báo 11 MB)."
    ]


@override_settings(ROSTER_IMPORT_MAX_ENTRIES=5)
def test_a_workbook_with_too_many_entries_is_refused(office: World) -> None:
    assert messages(run(office, office_workbook(clean_rows())))[0].startswith(
        "Tệp gồm 9 thành phần nén, nhiều hơn giới hạn 5 thành phần"
    )


@override_settings(ROSTER_IMPORT_MAX_ROWS=6)
def test_a_sheet_with_too_many_rows_is_refused(office: World) -> None:
    assert messages(run(office, office_workbook(clean_rows())))[0].startswith(
        "Trang “DS đảng viên 2020” có 9 dòng × 17 cột, quá giới hạn 6 dòng"
    )


@override_settings(ROSTER_IMPORT_MAX_BYTES=1024)
def test_a_file_over_the_size_limit_is_refused_before_it_is_read(office: World) -> None:
    assert messages(run(office, office_workbook(clean_rows())))[0].startswith("Tệp quá lớn (")


TOO_LARGE = (
    "Tệp quá lớn ({}); giới hạn là 50 MB: hãy bỏ các trang, hình ảnh không cần hoặc chia danh "
    "sách thành nhiều tệp."
)


def test_a_file_one_byte_over_50_mb_is_refused_and_one_of_50_mb_is_read(office: World) -> None:
    limit = 50 * 1024 * 1024
    before = counts()
    over = b"PK\x03\x04" + b"\0" * (limit + 1 - 4)
    assert messages(run(office, over)) == [TOO_LARGE.format("50,1 MB")]
    at_limit = memoryview(over)[:limit]
    [message] = messages(run(office, bytes(at_limit)))
    assert not message.startswith("Tệp quá lớn")  # read, and found not to be a workbook
    assert counts() == before


def test_the_upload_form_refuses_a_file_over_50_mb_before_it_is_stored() -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from daihoi.roster.forms_import import ImportForm

    limit = 50 * 1024 * 1024
    over = ImportForm(files={"file": SimpleUploadedFile("ds.xlsx", b"\0" * (limit + 1))})
    assert not over.is_valid()
    assert over.errors["file"] == [TOO_LARGE.format("50,1 MB")]
    at_limit = ImportForm(files={"file": SimpleUploadedFile("ds.xlsx", b"\0" * limit)})
    assert at_limit.is_valid(), at_limit.errors


def test_file_sizes_are_never_shown_rounded_down_to_the_limit() -> None:
    from daihoi.roster.importing.reading import size_text

    assert [size_text(n) for n in (1000, 1024, 1025, 1024 * 1024, 50 * 1024 * 1024,
                                   50 * 1024 * 1024 + 1, 52_500_000)] == [
        "1 KB", "1 KB", "2 KB", "1 MB", "50 MB", "50,1 MB", "50,1 MB"]


# --------------------------------------------------------------------------- other formats


def test_the_office_workbook_as_old_excel_imports(office: World) -> None:
    result = run(office, office_xls(clean_rows()), "ds.xls")
    assert result.ok, messages(result)
    assert (result.created, result.mapping["header_rows"]) == (5, [HEADER_ROW])
    nam = Member.objects.get(card_number="37139318")
    assert nam.date_of_birth == dt.date(1985, 1, 1)  # a real date cell of the old format


def test_the_faults_of_an_old_excel_file_are_reported_at_their_rows(office: World) -> None:
    before = counts()
    result = run(office, office_xls(faulty_rows()), "ds.xls")
    assert [(p.row, p.column, p.message) for p in result.errors] == PLANTED
    assert counts() == before


def test_the_office_workbook_as_opendocument_imports(office: World) -> None:
    result = run(office, office_ods(clean_rows()), "ds.ods")
    assert result.ok, messages(result)
    assert result.created == 5
    assert Member.objects.get(card_number="37139317").agency is not None


# --------------------------------------------------------------------------- the member book


def test_the_partys_member_book_reads_sub_rows_and_cells_of_several_values(
    office: World,
) -> None:
    result = run(office, member_book(member_book_members()), "so-dang-vien.xlsx")
    assert result.ok, messages(result)
    assert (result.rows, result.created) == (3, 3)
    assert result.mapping["skip_rows"] == [HEADER_ROW + 1]
    hang = Member.objects.get(card_number="37139317")
    assert (hang.gender, hang.ethnicity, hang.religion) == ("female", "Tày", "Không")
    assert (hang.general_education, hang.qualification, hang.political_theory) == (
        "upper_secondary", "university", "intermediate")
    assert (hang.admitted_on, hang.full_member_on) == (dt.date(2015, 5, 19),
                                                       dt.date(2016, 5, 19))
    assert hang.dossier_number == "LL-0001"
    nam = Member.objects.get(card_number="37139318")  # all in one row, values on lines
    assert (nam.religion, nam.political_theory, nam.dossier_number) == ("Phật giáo",
                                                                        "advanced", "LL-0002")
    yen = Member.objects.get(dossier_number="LL-0003")
    assert (yen.card_number, yen.full_member_on, yen.ethnicity) == (None, None, "Kinh")


def test_a_fault_in_a_sub_row_of_the_member_book_is_reported_at_the_members_row(
    office: World,
) -> None:
    members = member_book_members()
    members[0][1][6] = "31/02/2016"
    before = counts()
    result = run(office, member_book(members), "so-dang-vien.xlsx")
    assert [(p.row, p.column, p.value) for p in result.errors] == [
        (HEADER_ROW + 2, "Ngày vào Đảng, ngày chính thức", "31/02/2016")]
    assert counts() == before


def test_the_corrected_workbook_imports_through_the_command_with_a_mapping_file(
    office: World, tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from django.core.management import call_command

    rows = clean_rows()
    rows[0][14] = "Phòng Văn phòng HĐND và UBND"  # a near miss, confirmed in the mapping file
    headers = tuple("Nơi sinh hoạt" if h == "Chi bộ" else h for h in OFFICE_HEADERS)
    file = tmp_path / "ds.xlsx"
    file.write_bytes(office_workbook(rows, headers=headers))
    mapping = tmp_path / "gan-cot.json"
    mapping.write_text(json.dumps({
        "columns": {"Nơi sinh hoạt": "cell", "Ghi chú": ""},
        "values": {"agency": {"Phòng Văn phòng HĐND và UBND": "VP-UB"}},
    }, ensure_ascii=False), encoding="utf-8")
    call_command("roster", "import", str(file), "--org", "T-A", "--mapping", str(mapping),
                 "--format", "json")
    payload = json.loads(capsys.readouterr().out)
    assert payload == {"written": True, "would_add": 5, "would_update": 0, "errors": []}
    hang = Member.objects.get(card_number="37139317")
    assert hang.agency is not None
    assert hang.agency.code == "VP-UB"


def test_a_mapping_file_naming_a_column_the_file_lacks_is_refused(
    office: World, tmp_path: Any
) -> None:
    from django.core.management import CommandError, call_command

    file = tmp_path / "ds.xlsx"
    file.write_bytes(office_workbook(clean_rows()))
    mapping = tmp_path / "gan-cot.json"
    mapping.write_text('{"columns": {"Nơi ở": "home_town"}}', encoding="utf-8")
    with pytest.raises(CommandError, match="Tệp gán cột nhắc đến cột “Nơi ở”"):
        call_command("roster", "import", str(file), "--org", "T-A", "--mapping", str(mapping))


def test_the_stats_command_shows_each_organizations_code(office: World) -> None:
    import io as _io

    from django.core.management import call_command

    out = _io.StringIO()
    call_command("roster", "stats", "--org", "T-A", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Mã ")
    assert any(line.startswith("T-A1 ") and "Chi bộ A1" in line for line in lines)
