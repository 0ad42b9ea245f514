"""Spreadsheet exports that carry no formulas (OWASP's "CSV injection" rule), and the inverse
for the importer.

A cell whose text begins with ``= + - @``, a tab or a carriage return is taken by Excel or
LibreOffice as a formula (``=HYPERLINK(…)``, ``=cmd|…``). Exports therefore write such text

- in XLSX as a text cell with Excel's "quote prefix" style (the cell shows the text, and
  stays text when edited), see :func:`xlsx_text_cell`;
- in CSV with one single quote in front (``'=…``), see :func:`csv_safe`.

So that every export imports back unchanged, text that already begins with quotes followed by
one of those characters gets one more quote, and :func:`unescape_cell` (called by the importer
on every value it reads) takes exactly one off: ``unescape_cell(csv_safe(s)) == s`` for every
string ``s``.
"""

from __future__ import annotations

from typing import Any

#: The first characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(text: str) -> bool:
    """Whether ``text``, its leading single quotes aside, starts like a formula."""
    return text.lstrip("'").startswith(FORMULA_STARTS)


def csv_safe(value: Any) -> Any:
    """``value`` with a protective single quote in front if it is text that starts like a
    formula; anything else unchanged."""
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


def unescape_cell(value: Any) -> Any:
    """The inverse of :func:`csv_safe`: one protective quote off text that starts with a quote
    followed by what starts like a formula; anything else unchanged."""
    if isinstance(value, str) and value.startswith("'") and is_formula_like(value[1:]):
        return value[1:]
    return value


def xlsx_text_cell(sheet: Any, value: Any) -> Any:
    """For a write-only ``sheet``: ``value`` itself, or, if it is text that starts like a
    formula, a cell that holds it as text (never a formula) with the quote-prefix style."""
    if not (isinstance(value, str) and value.startswith(FORMULA_STARTS)):
        return value
    from openpyxl.cell import WriteOnlyCell  # heavy import, only for spreadsheets

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell
