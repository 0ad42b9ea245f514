"""The pure packages' sentences in the reader's language.

``daihoi.tally`` and ``daihoi.composition`` write Vietnamese and import no Django: a sentence
with values is a ``tally.Text`` that keeps its template (a msgid of the catalogue) and its
values. A page translates the template and fills it in (``translated``, or the template filter
``{{ sentence|translated }}`` of ``core.templatetags.engine``); a printed document keeps the
Vietnamese sentence as it is."""

from __future__ import annotations

from django.utils.translation import gettext

from daihoi.tally import Text


def translated(sentence: object) -> str:
    """``sentence`` in the active language: a ``Text`` from its template, its values (a nested
    sentence translated too, several joined by "; "); anything else (a name, a rule file's own
    wording) as it is."""
    if not isinstance(sentence, Text):
        return str(sentence)
    template = gettext(sentence.template)
    if not sentence.params:
        return template
    return template % {name: _value(value) for name, value in sentence.params.items()}


def _value(value: object) -> object:
    if isinstance(value, tuple):
        return "; ".join(translated(v) for v in value)
    return translated(value) if isinstance(value, Text) else value
