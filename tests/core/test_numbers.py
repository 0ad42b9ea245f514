"""Numbers as Vietnamese writes them, whatever the page's language."""

from __future__ import annotations

from decimal import Decimal

from django.template import Context, Template
from django.utils import translation

from daihoi.core.numbers import vn_number, vn_percent


def test_a_decimal_is_written_with_a_comma_and_thousands_with_a_dot() -> None:
    assert vn_percent("97.13") == "97,13"
    assert vn_percent("20.00") == "20,00"
    assert vn_number(1234567) == "1.234.567"
    assert vn_number("1234.5", 1) == "1.234,5"
    assert vn_number(999) == "999"


def test_it_rounds_half_up_at_the_last_place() -> None:
    assert vn_number(Decimal(200) / 3, 2) == "66,67"
    assert vn_number("0.125", 2) == "0,13"
    assert vn_number("37.94", 1) == "37,9"


def test_it_writes_vietnamese_even_on_an_english_page() -> None:
    with translation.override("en"):
        assert vn_percent("53.66") == "53,66"
        page = Template("{% load numbers %}{{ x|vn_percent }} {{ y|vn_number:1 }}").render(
            Context({"x": "10.5", "y": "1234.56"}))
    assert page == "10,50 1.234,6"


def test_a_blank_cell_stays_blank() -> None:
    assert vn_number("") == ""
