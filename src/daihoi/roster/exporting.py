"""Export of a roster, and the blank template, in the import format (XLSX or CSV).

The columns are :data:`daihoi.roster.fileformat.COLUMNS`, so an export imports back without
changes. Text that a spreadsheet would take for a formula (``=…``, ``+…``, ``-…``, ``@…``) is
written as text (:mod:`daihoi.core.formulas`). Members come in Vietnamese name order;
enumerations are written by their Vietnamese label, dates as real dates (XLSX) or
``dd/mm/yyyy`` (CSV).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

from django.db.models import Q
from django.utils import translation

from daihoi.core.formulas import FORMULA_STARTS, csv_safe, xlsx_text_cell
from daihoi.roster.choices import (
    ETHNICITIES,
    Gender,
    GeneralEducation,
    MemberStatus,
    OrgKind,
    Qualification,
    TheoryLevel,
)
from daihoi.roster.fileformat import (
    COLUMNS,
    HEADERS,
    HELP_SHEET_NAME,
    SHEET_NAME,
    choice_labels,
)
from daihoi.roster.models import Agency, Member, Organization

FORMATS = ("xlsx", "csv")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
_DATE_COLUMNS = frozenset(i for i, c in enumerate(COLUMNS) if c.kind == "date")
_WIDTHS = (6, 14, 14, 10, 9, 12, 10, 10, 24, 20, 20, 20, 18, 14, 14, 16, 14, 14, 14, 14, 22, 26)
_VALUES = (
    "family_name", "middle_name", "given_name", "gender", "date_of_birth", "ethnicity",
    "religion", "home_town", "general_education", "qualification", "specialty",
    "political_theory", "admitted_on", "full_member_on", "card_number", "dossier_number",
    "citizen_id", "cell__code",
    "agency__code", "position", "status",
)
_CHOICES = {
    "gender": Gender, "general_education": GeneralEducation, "qualification": Qualification,
    "political_theory": TheoryLevel, "status": MemberStatus,
}


def _labels() -> dict[str, dict[str, str]]:
    with translation.override("vi"):
        return {
            name: {value: str(label) for value, label in choices.choices}
            for name, choices in _CHOICES.items()
        }


def member_rows(organization: Organization) -> Iterator[list[Any]]:
    """Every member of ``organization``'s subtree (any status), in Vietnamese name order, as
    the cells of one row each (dates as :class:`datetime.date`)."""
    labels = _labels()
    label_at = [(i, labels[name]) for i, name in enumerate(_VALUES) if name in labels]
    query = (
        Member.objects.filter(cell__path__startswith=organization.path)
        .order_by("sort_key", "pk")
        .values_list(*_VALUES)
    )
    for number, values in enumerate(query.iterator(chunk_size=2000), start=1):
        row: list[Any] = [number, *values]
        for i, mapping in label_at:
            row[i + 1] = mapping.get(row[i + 1], row[i + 1])
        yield row


def _org_lists(
    organization: Organization | None,
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    cells = Organization.objects.filter(kind=OrgKind.CELL)
    agencies = Agency.objects.all()
    if organization is not None:
        cells = cells.filter(path__startswith=organization.path)
        ancestors = [int(pk) for pk in organization.path.strip("/").split("/")]
        agencies = agencies.filter(
            Q(organization__path__startswith=organization.path) | Q(organization__in=ancestors)
        )
    return (
        list(cells.order_by("path", "position").values_list("code", "name")),
        list(agencies.order_by("name").values_list("code", "name")),
    )


def _help_rows(organization: Organization | None) -> Iterator[list[str]]:
    yield ["Hướng dẫn điền danh sách đảng viên"]
    yield [
        f"Điền mỗi đảng viên một dòng ở trang “{SHEET_NAME}”, giữ nguyên dòng tiêu đề (dòng 1). "
        "Ngày ghi theo dạng ngày/tháng/năm (17/05/1980) hoặc ô kiểu ngày của Excel."
    ]
    yield [
        "Tệp có bất kỳ lỗi nào thì không có gì được ghi; hệ thống báo lỗi theo dòng và cột "
        "để sửa rồi nhập lại. Dòng có số thẻ đảng viên đã có trong đảng bộ thì cập nhật hồ sơ "
        "đó; dòng khác thêm đảng viên mới."
    ]
    yield []
    yield ["Cột", "Bắt buộc", "Nội dung", "Giá trị được dùng"]
    for column in COLUMNS:
        allowed = ""
        if column.choices is not None:
            allowed = "; ".join(choice_labels(column.choices))
        elif column.kind == "ethnicity":
            allowed = ", ".join(ETHNICITIES)
        elif column.kind == "cell":
            allowed = "Xem danh mục chi bộ bên dưới"
        elif column.kind == "agency":
            allowed = "Xem danh mục cơ quan, đơn vị bên dưới"
        yield [column.header, "Có" if column.required else "", column.help, allowed]
    cells, agencies = _org_lists(organization)
    yield []
    where = f" của {organization.name}" if organization is not None else ""
    yield [f"Danh mục chi bộ{where}"]
    yield ["Mã chi bộ", "Tên chi bộ"]
    yield from ([code, name] for code, name in cells)
    yield []
    yield [f"Danh mục cơ quan, đơn vị{where}"]
    yield ["Mã cơ quan", "Tên cơ quan, đơn vị"]
    yield from ([code, name] for code, name in agencies)


def write_xlsx(
    out: BinaryIO, rows: Iterable[list[Any]], *, organization: Organization | None = None
) -> int:
    """Write the roster sheet (``rows``) and the help sheet; returns the number of rows."""
    from openpyxl import Workbook  # heavy import, only for spreadsheets
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_NAME)
    for i, width in enumerate(_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for text in HEADERS:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in rows:
        for i, value in enumerate(row):
            if i in _DATE_COLUMNS:
                if value is not None:
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.number_format = "DD/MM/YYYY"
                    row[i] = cell
            else:
                row[i] = xlsx_text_cell(sheet, value)
        sheet.append(row)
        count += 1
    guide = workbook.create_sheet(HELP_SHEET_NAME)
    for letter, width in zip("ABCD", (24, 10, 80, 80), strict=True):
        guide.column_dimensions[letter].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    for values in _help_rows(organization):
        cells = []
        for value in values:
            cell = WriteOnlyCell(guide, value=value)
            if isinstance(value, str) and value.startswith(FORMULA_STARTS):
                cell.data_type = "s"
                cell.quotePrefix = True
            cell.alignment = wrap
            cells.append(cell)
        guide.append(cells)
    workbook.save(out)
    return count


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return str(csv_safe(str(value)))


def write_csv(out: BinaryIO, rows: Iterable[list[Any]]) -> int:
    """UTF-8 with a BOM (so Excel opens it as UTF-8), comma-separated, the same columns; text
    that starts like a formula gets a single quote in front (OWASP's rule)."""
    out.write(codecs.BOM_UTF8)
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow(HEADERS)
    count = 0
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
        count += 1
    text.flush()
    text.detach()
    return count


def roster_export(*, organization: Organization, fmt: str, out: BinaryIO) -> int:
    """Write ``organization``'s members (its whole subtree, every status) to ``out`` in
    ``fmt`` (``xlsx`` or ``csv``); returns the number of members written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    rows = member_rows(organization)
    if fmt == "csv":
        return write_csv(out, rows)
    return write_xlsx(out, rows, organization=organization)


def template_write(*, fmt: str, out: BinaryIO, organization: Organization | None = None) -> None:
    """The blank template: headers only (XLSX: with the help sheet, listing the cells and
    agencies of ``organization``, or of every organization when it is None)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    if fmt == "csv":
        write_csv(out, [])
    else:
        write_xlsx(out, [], organization=organization)


def export_file_name(organization: Organization | None, fmt: str, *, template: bool = False) -> str:
    code = organization.code if organization is not None else "mau"
    stem = "mau-danh-sach-dang-vien" if template else "danh-sach-dang-vien"
    return f"{stem}-{code}.{fmt}"
