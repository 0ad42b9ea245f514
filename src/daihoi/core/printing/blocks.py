"""The block model of long printed reports: :class:`Para` (runs of plain, bold or italic
text), :class:`Grid` (a bordered table with a header row) and the sign-off
(:class:`~daihoi.core.printing.signature.Signature`). A report's author builds its blocks once;
:mod:`daihoi.core.printing.docx` and :mod:`daihoi.core.printing.pdf` write them."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from daihoi.core.printing.signature import Signature


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Para:
    """A paragraph of runs. ``size`` in points (None: the body size); ``indent`` in mm;
    ``before``, ``after``: space before and after in points (None after: the default)."""

    runs: tuple[Run, ...]
    size: float | None = None
    indent: float = 0
    before: float = 0
    after: float | None = None
    align: str = "left"  # left | center | right
    #: Kept on the page of the block that follows (a heading, the last lines before the
    #: sign-off).
    keep: bool = False

    @classmethod
    def of(cls, *runs: Run | str, **kwargs: Any) -> Para:
        return cls(tuple(r if isinstance(r, Run) else Run(r) for r in runs), **kwargs)


@dataclass(frozen=True)
class Grid:
    """A bordered table: a bold header row (repeated on each page), then rows of text.

    ``widths``: each column's share of the text width (default: ``first_width`` for the first,
    the rest shared equally). ``align``: each column's alignment (default: the first left, the
    others right, for counts). Cells are wrapped when too long for their column."""

    head: Sequence[str]
    rows: Sequence[Sequence[str]]
    first_width: float = 0.28
    size: float = 10
    widths: Sequence[float] | None = None
    align: Sequence[str] | None = None

    def shares(self) -> list[float]:
        if self.widths is not None:
            return list(self.widths)
        other = (1 - self.first_width) / max(1, len(self.head) - 1)
        return [self.first_width] + [other] * (len(self.head) - 1)

    def alignment(self) -> list[str]:
        if self.align is not None:
            return list(self.align)
        return ["left"] + ["right"] * (len(self.head) - 1)


Block = Para | Grid | Signature

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(text: str) -> str:
    """Text as printed: NFC (a font has the precomposed Vietnamese letters; typed text may be
    decomposed), without control characters (which XML and PDF text cannot carry)."""
    return unicodedata.normalize("NFC", _CONTROL.sub("", text))
