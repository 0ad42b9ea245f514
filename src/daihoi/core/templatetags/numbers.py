"""``{% load numbers %}``: ``{{ x|vn_number }}``, ``{{ x|vn_number:1 }}``,
``{{ share|vn_percent }}`` (decimal comma, thousands dot; :mod:`daihoi.core.numbers`)."""

from __future__ import annotations

from decimal import Decimal

from django import template

from daihoi.core import numbers

register = template.Library()


@register.filter
def vn_number(value: Decimal | int | float | str, places: int = 0) -> str:
    return numbers.vn_number(value, int(places))


@register.filter
def vn_percent(value: Decimal | int | float | str, places: int = 2) -> str:
    return numbers.vn_percent(value, int(places))
