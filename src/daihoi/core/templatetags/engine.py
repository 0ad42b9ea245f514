"""``{% load engine %}``: ``{{ sentence|translated }}``, a sentence of the counting engine or
the composition rules in the reader's language (:mod:`daihoi.core.i18n`)."""

from __future__ import annotations

from django import template

from daihoi.core import i18n

register = template.Library()


@register.filter
def translated(sentence: object) -> str:
    return i18n.translated(sentence)
