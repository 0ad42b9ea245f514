"""The engine's words are Vietnamese; the pages translate them (``gettext`` in the views), and
``gettext_noop`` marks them for the catalogue without importing Django.

A sentence with values is a :class:`Text`: the Vietnamese sentence itself (a ``str``, for the
printed documents, the command line and every caller that only reads it) that keeps the
template it was made from, so that a page translates the template, not the sentence filled
in (``daihoi.core.i18n.translated``)."""

from __future__ import annotations

from collections.abc import Mapping


def gettext_noop(message: str) -> str:
    """``message`` unchanged; the name is what ``makemessages`` looks for."""
    return message


class Text(str):
    """A Vietnamese sentence made from ``template`` (a catalogue msgid with ``%(name)s``
    placeholders, marked by ``gettext_noop``) and ``params``: numbers, names, other sentences,
    or a tuple of sentences (joined by "; ").

    >>> t = Text("Chi ủy có tối đa %(max)s người, đề nghị %(seats)s.", {"max": 7, "seats": 9})
    >>> t
    'Chi ủy có tối đa 7 người, đề nghị 9.'
    >>> t.template, t.params["seats"]
    ('Chi ủy có tối đa %(max)s người, đề nghị %(seats)s.', 9)
    """

    template: str
    params: Mapping[str, object]

    def __new__(cls, template: str, params: Mapping[str, object] | None = None) -> Text:
        values = dict(params or {})
        shown = {k: "; ".join(v) if isinstance(v, tuple) else v for k, v in values.items()}
        text = super().__new__(cls, template % shown if values else template)
        text.template = template
        text.params = values
        return text
