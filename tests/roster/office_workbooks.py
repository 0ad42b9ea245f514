"""Office-style workbooks, as a district office keeps its member list: two merged title rows,
a blank row, the header on row 4 with the office's own headers, names in one column, cells and
agencies by name, dates as dd/mm/yyyy text, "12/12", "ĐH", "TC", card numbers with dots."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

import openpyxl

HEADER_ROW = 4
OFFICE_HEADERS = (
    "STT", "Họ và tên", "Sinh ngày", "Nam, nữ", "Dân tộc", "Tôn giáo", "Quê quán",
    "Trình độ GDPT", "Chuyên môn", "LLCT", "Ngày vào Đảng", "Ngày chính thức", "Số thẻ",
    "Chi bộ", "Cơ quan", "Chức vụ", "Ghi chú",
)
AGENCY_NAME = "Văn phòng HĐND và UBND huyện"


@dataclass(frozen=True)
class Formula:
    """A cell holding a formula (without its ``=``), and the value last computed (ODS keeps it;
    openpyxl writes none, as many programs that generate workbooks do)."""

    text: str
    cached: str = ""


def clean_rows() -> list[list[Any]]:
    """Five members as an office writes them (all valid for the tests' world)."""
    return [
        [1, "Trần Thị Hằng", "03/02/1990", "Nữ", "Tày", "Không", "xã Tân Lập", "12/12",
         "ĐH Kế toán", "TC", "19/05/2015", "19/05/2016", "37.139317", "Chi bộ A1", AGENCY_NAME,
         "Chuyên viên", ""],
        [2, "Lê Văn Nam", dt.datetime(1985, 1, 1), "Nam", "Kinh", "", "", "10/10", "ThS", "CC",
         dt.datetime(2008, 5, 19), dt.datetime(2009, 5, 19), "37 139 318", "Chi bộ A2", "",
         "Trưởng phòng", ""],
        [3, "Tôn Thất Minh Quang", "15/08/1979", "Nam", "Kinh", "Phật giáo", "", "9/12", "CĐ",
         "SC", "03/02/2001", "03/02/2002", 37.13931, "T-A1", "", "", ""],
        [4, "Phạm  Thu Trang", "12/12/1992", "Nữ", "Kinh", "", "", "12/12", "TC", "SC",
         "01/09/2016", "01/09/2017", "37.139320", "Chi bộ A2", "", "", "chuyển đến 2019"],
        [5, "Đỗ Yến", "07/07/1995", "Nữ", "Kinh", "", "", "12/12", "ĐH", "SC", "01/09/2019",
         "", "", "Chi bộ A1", "", "", "dự bị"],
    ]


#: The faults planted in :func:`faulty_rows`: (Excel row, header as written, message start).
PLANTED = [
    (HEADER_ROW + 1, "Số thẻ", "số thẻ “37139317” trùng với dòng 7."),
    (HEADER_ROW + 2, "Sinh ngày", "“31/02/1980” không phải là ngày hợp lệ."),
    (HEADER_ROW + 3, "Số thẻ", "số thẻ “37139317” trùng với dòng 5."),
    (HEADER_ROW + 4, "Họ và tên", "chưa điền (bắt buộc)."),
    (HEADER_ROW + 5, "Ngày chính thức", "Ngày chính thức không được trước ngày vào Đảng."),
    (HEADER_ROW + 6, "Chi bộ", "không có chi bộ “Chi bộ Z9” trong Đảng bộ Khối A."),
    (HEADER_ROW + 6, "Cơ quan",
     "không có cơ quan, đơn vị “Phòng Văn phòng HĐND và UBND”. Có phải “Văn phòng HĐND và "
     "UBND huyện”?"),
]


def faulty_rows() -> list[list[Any]]:
    """Six rows: the first clean, then one planted fault each (see :data:`PLANTED`)."""
    rows = clean_rows()
    good = rows[0]

    def variant(number: int, name: str, card: str, **changes: Any) -> list[Any]:
        new = list(good)
        new[0], new[1], new[12] = number, name, card
        for index, value in changes.items():
            new[int(index.removeprefix("c"))] = value
        return new

    return [
        good,
        variant(2, "Nguyễn Văn Một", "37.000002", c2="31/02/1980"),
        variant(3, "Nguyễn Văn Hai", "37.139317"),
        variant(4, "", "37.000004"),
        variant(5, "Nguyễn Văn Năm", "37.000005", c11="18/05/2015"),
        variant(6, "Nguyễn Văn Sáu", "37.000006", c13="Chi bộ Z9",
                c14="Phòng Văn phòng HĐND và UBND"),
    ]


def office_workbook(
    rows: list[list[Any]], *, headers: tuple[str, ...] = OFFICE_HEADERS,
    cover_sheet: bool = False, extra: Any = None,
) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "DS đảng viên 2020"
    if cover_sheet:
        cover = workbook.create_sheet("Bìa", 0)
        cover["B3"] = "ĐẢNG BỘ KHỐI A"
        cover["B5"] = "SỔ THEO DÕI ĐẢNG VIÊN"
    sheet["A1"] = "ĐẢNG BỘ KHỐI A"
    sheet.merge_cells("A1:F1")
    sheet["H1"] = "ĐẢNG CỘNG SẢN VIỆT NAM"
    sheet.merge_cells("H1:P1")
    sheet["A2"] = "DANH SÁCH ĐẢNG VIÊN (đến ngày 31/05/2020)"
    sheet.merge_cells("A2:P2")
    for col, text in enumerate(headers, start=1):
        sheet.cell(row=HEADER_ROW, column=col, value=text)
    for offset, values in enumerate(rows, start=1):
        for col, value in enumerate(values, start=1):
            if isinstance(value, Formula):
                sheet.cell(row=HEADER_ROW + offset, column=col, value=f"={value.text}")
            elif value not in (None, ""):
                cell = sheet.cell(row=HEADER_ROW + offset, column=col, value=value)
                if isinstance(value, dt.datetime):
                    cell.number_format = "DD/MM/YYYY"
    if extra is not None:
        extra(workbook, sheet)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _title_and_header(headers: tuple[str, ...]) -> list[list[Any]]:
    return [["ĐẢNG BỘ KHỐI A"], ["DANH SÁCH ĐẢNG VIÊN (đến ngày 31/05/2020)"], [],
            list(headers)]


def office_xls(rows: list[list[Any]], headers: tuple[str, ...] = OFFICE_HEADERS) -> bytes:
    """The same workbook as an old Excel file (.xls, BIFF8), title rows merged."""
    import xlwt  # test-only writer of the old format

    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("DS đảng viên 2020")
    date_style = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    sheet.write_merge(0, 0, 0, 5, "ĐẢNG BỘ KHỐI A")
    sheet.write_merge(1, 1, 0, 15, "DANH SÁCH ĐẢNG VIÊN (đến ngày 31/05/2020)")
    for col, text in enumerate(headers):
        sheet.write(HEADER_ROW - 1, col, text)
    for offset, values in enumerate(rows):
        for col, value in enumerate(values):
            if isinstance(value, Formula):
                sheet.write(HEADER_ROW + offset, col, xlwt.Formula(value.text))
                continue
            if value in (None, ""):
                continue
            if isinstance(value, dt.datetime):
                sheet.write(HEADER_ROW + offset, col, value.date(), date_style)
            else:
                sheet.write(HEADER_ROW + offset, col, value)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def office_ods(rows: list[list[Any]], headers: tuple[str, ...] = OFFICE_HEADERS) -> bytes:
    """The same workbook as OpenDocument (.ods), written by hand (text and number cells)."""
    import zipfile
    from xml.sax.saxutils import escape

    def cell(value: Any) -> str:
        if isinstance(value, Formula):
            formula = escape(value.text, {'"': "&quot;"})
            return (f'<table:table-cell table:formula="of:={formula}"'
                    f' office:value-type="string"><text:p>{escape(value.cached)}</text:p>'
                    "</table:table-cell>")
        if value in (None, ""):
            return "<table:table-cell/>"
        if isinstance(value, dt.datetime):
            return (f'<table:table-cell office:value-type="date" '
                    f'office:date-value="{value:%Y-%m-%d}"><text:p>{value:%d/%m/%Y}</text:p>'
                    "</table:table-cell>")
        if isinstance(value, int | float):
            return (f'<table:table-cell office:value-type="float" office:value="{value}">'
                    f"<text:p>{value}</text:p></table:table-cell>")
        return (f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}'
                "</text:p></table:table-cell>")

    body = "".join(
        "<table:table-row>" + "".join(cell(v) for v in values) + "</table:table-row>"
        for values in [*_title_and_header(headers), *rows]
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="DS đảng viên 2020">'
        f"{body}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2"><manifest:file-entry manifest:full-path="/"'
        ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"),
                         "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


MEMBER_BOOK_HEADERS = (
    "STT", "Họ và tên", "Ngày sinh", "Giới tính, dân tộc, tôn giáo", "Quê quán",
    "Trình độ GDPT, CMNV, LLCT", "Ngày vào Đảng, ngày chính thức",
    "Số thẻ, số lý lịch, số huy hiệu", "Chi bộ", "Ghi chú",
)


def member_book(members: list[list[list[Any]]]) -> bytes:
    """The Party's member book (Sổ danh sách đảng viên, Mẫu 7-HSĐV): each member over
    several sub-rows (its number and name merged over them), several values in one column."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Mẫu 7-HSĐV"
    sheet["A1"] = "SỔ DANH SÁCH ĐẢNG VIÊN"
    sheet.merge_cells("A1:J1")
    sheet["A2"] = "Đảng bộ Khối A"
    sheet.merge_cells("A2:J2")
    for col, text in enumerate(MEMBER_BOOK_HEADERS, start=1):
        sheet.cell(row=HEADER_ROW, column=col, value=text)
    for col in range(1, len(MEMBER_BOOK_HEADERS) + 1):
        sheet.cell(row=HEADER_ROW + 1, column=col, value=col)  # the row of column numbers
    row = HEADER_ROW + 2
    for sub_rows in members:
        for offset, values in enumerate(sub_rows):
            for col, value in enumerate(values, start=1):
                if value not in (None, ""):
                    sheet.cell(row=row + offset, column=col, value=value)
        last = row + len(sub_rows) - 1
        for col in (1, 2):
            sheet.merge_cells(start_row=row, start_column=col, end_row=last, end_column=col)
        row = last + 1
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def member_book_members() -> list[list[list[Any]]]:
    return [
        [[1, "Trần Thị Hằng", "03/02/1990", "Nữ", "xã Tân Lập", "12/12", "19/05/2015",
          "37.139317", "Chi bộ A1"],
         ["", "", "", "Tày", "", "ĐH Kế toán", "19/05/2016", "LL-0001", ""],
         ["", "", "", "Không", "", "TC", "", "HH 30 năm", ""]],
        [[2, "Lê Văn Nam", "01/01/1985", "Nam\nKinh\nPhật giáo", "", "10/10\nThS\nCC",
          "19/05/2008\n19/05/2009", "37.139318\nLL-0002", "Chi bộ A2"]],
        [[3, "Đỗ Yến", "07/07/1995", "Nữ", "", "12/12", "01/09/2019", "", "Chi bộ A1"],
         ["", "", "", "Kinh", "", "ĐH", "", "LL-0003", ""]],
    ]
