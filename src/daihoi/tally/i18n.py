"""The engine's words are Vietnamese; the pages translate them (``gettext`` in the views), and
``gettext_noop`` marks them for the catalogue without importing Django."""

from __future__ import annotations


def gettext_noop(message: str) -> str:
    """``message`` unchanged; the name is what ``makemessages`` looks for."""
    return message
