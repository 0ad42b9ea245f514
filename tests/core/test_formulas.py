"""Text that starts like a spreadsheet formula is escaped on export and unescaped on import."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from daihoi.core.formulas import csv_safe, is_formula_like, unescape_cell


def test_every_formula_start_gets_one_protective_quote() -> None:
    for text in ("=HYPERLINK(\"http://x\")", "=cmd|' /C calc'!A0", "+1", "-1", "@SUM(A1)",
                 "\tx", "\rx"):
        assert csv_safe(text) == "'" + text


def test_ordinary_text_and_non_text_are_left_alone() -> None:
    for value in ("Nguyễn Văn An", "'quoted", "a=b", "", 5, None):
        assert csv_safe(value) == value


def test_text_that_already_starts_with_a_quote_before_a_formula_gets_one_more() -> None:
    assert csv_safe("'=1") == "''=1"
    assert unescape_cell("''=1") == "'=1"


def test_the_importer_leaves_a_quote_it_did_not_add() -> None:
    assert unescape_cell("'quoted") == "'quoted"
    assert unescape_cell("'") == "'"


@given(st.text())
def test_unescape_inverts_the_escape_for_every_text(text: str) -> None:
    escaped = csv_safe(text)
    assert unescape_cell(escaped) == text
    assert not escaped.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert is_formula_like(text) == (escaped != text)
