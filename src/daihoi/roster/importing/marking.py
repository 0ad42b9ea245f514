"""The copy of the user's workbook with each faulty cell marked and its message in a comment,
so the clerk fixes the file they know; a first sheet "Lỗi" lists every error.

An XLSX is copied with its formatting (openpyxl); a CSV, XLS or ODS is copied into a new XLSX
with its rows at the same row and column numbers. Values that would start a formula are
written as text (OWASP's rule for spreadsheets).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

from daihoi.roster.importing.reading import open_book
from daihoi.roster.importing.results import Problem

ERRORS_SHEET = "Lỗi"
#: Above this many rows the copy has only the list of errors (a copy would cost too much).
MAX_MARKED_ROWS = 20_000
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(cell: Any, value: Any) -> None:
    cell.value = value
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        cell.data_type = "s"


def write_marked_copy(source: Path, file_name: str, problems: list[Problem], out: BinaryIO) -> None:
    """Write to ``out`` the copy of ``source`` with ``problems`` marked (an XLSX)."""
    from openpyxl import Workbook, load_workbook  # heavy import, only for this copy
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill

    with source.open("rb") as fh:
        book = open_book(fh, file_name)
    small = all(s.height <= MAX_MARKED_ROWS for s in book.sheets)
    workbook: Any
    if book.kind == "xlsx" and small:
        workbook = load_workbook(source)
    else:
        workbook = Workbook()
        workbook.remove(workbook.active)
        for sheet in book.sheets if small else []:
            target = workbook.create_sheet(sheet.name[:31])
            for number, values in sheet.rows():
                for col, value in enumerate(values, start=1):
                    if value not in (None, ""):
                        _safe(target.cell(row=number, column=col), value)
    fill = PatternFill("solid", fgColor="FFC7CE")
    notes: dict[tuple[str, int, int], list[str]] = {}
    for problem in problems:
        if problem.row is None or problem.sheet is None or (
            problem.sheet not in workbook.sheetnames
        ):
            continue
        key = (problem.sheet, problem.row, (problem.col or 0) + 1)
        notes.setdefault(key, []).append(problem.message)
    for (sheet_name, row, col), messages in notes.items():
        cell = workbook[sheet_name].cell(row=row, column=col)
        cell.fill = fill
        comment = Comment("\n".join(messages), "daihoi")
        comment.width, comment.height = 320, 60 + 40 * len(messages)
        cell.comment = comment
    errors = workbook.create_sheet(ERRORS_SHEET, 0)
    bold = Font(bold=True)
    for col, text in enumerate(("Trang", "Dòng", "Cột", "Giá trị", "Lỗi"), start=1):
        errors.cell(row=1, column=col, value=text).font = bold
    for letter, width in zip("ABCDE", (22, 8, 24, 24, 90), strict=True):
        errors.column_dimensions[letter].width = width
    for number, problem in enumerate(problems, start=2):
        for col, value in enumerate(
            (problem.sheet or "", problem.row, problem.column or "", problem.value or "",
             problem.message), start=1,
        ):
            _safe(errors.cell(row=number, column=col), value)
    workbook.active = 0
    workbook.save(out)


def marked_file_name(file_name: str) -> str:
    return f"{Path(file_name).stem}-danh-dau-loi.xlsx"
