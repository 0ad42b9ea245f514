"""The layout of a round's ballot, described once, for the printer and for the reader.

Units are millimetres, the origin the top-left corner of the page, y downwards (as an image is
read). Nothing here is unique to one ballot: every ballot of a round has the same layout, the
same code (R-030a); the counting board numbers the ballots when the box is opened.

A page carries:

- four registration marks, filled squares in the corners (top-left, top-right, bottom-right,
  bottom-left): the reader finds the page by them and straightens it;
- a QR code holding the page's code (the round's code, with ``-p<page>`` on a multi-page list),
  the same on every ballot of the round;
- for each name its row, its strike zone (the name's cell, where a line through the name is
  drawn), the extent of the printed name, and on an agree/disagree list the two boxes;
- optionally the blank page as the reader sees it (a grey PNG at ``blank_px_per_mm``), which
  the reader compares each row with.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field, replace
from typing import Any

FORMAT = "daihoi-ballot-layout"
VERSION = 1
#: The registration mark: a filled square this many millimetres wide, this far from the edges.
MARK_SIZE = 3.5
MARK_INSET = 4.0
#: One module of the QR code, in millimetres, and its quiet zone in modules.
QR_MODULE = 0.5
QR_QUIET = 2


class LayoutError(ValueError):
    """A layout file that is not one, or not this version."""


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x + self.w / 2, self.y + self.h / 2)

    def inset(self, dx: float, dy: float) -> Box:
        return Box(self.x + dx, self.y + dy, max(self.w - 2 * dx, 0.0), max(self.h - 2 * dy, 0.0))

    def to_list(self) -> list[float]:
        return [round(self.x, 3), round(self.y, 3), round(self.w, 3), round(self.h, 3)]

    @classmethod
    def of(cls, value: Any) -> Box:
        if not (isinstance(value, list) and len(value) == 4
                and all(isinstance(v, int | float) for v in value)):
            raise LayoutError(f"a box is [x, y, w, h] in mm, not {value!r}")
        return cls(*(float(v) for v in value))


@dataclass(frozen=True)
class Position:
    """One name on the ballot."""

    number: int  # its number in ballot order, from 1
    name: str
    row: Box  # the whole row: number, name (and the boxes)
    zone: Box  # the name's cell: where a line through the name is drawn
    text: Box  # the printed name inside the zone
    agree: Box | None = None  # an agree/disagree list: the two boxes
    disagree: Box | None = None


@dataclass(frozen=True)
class PageLayout:
    page: int  # from 1
    code: str  # the page's code, in the QR code and printed at the foot
    width: float
    height: float
    marks: tuple[Box, Box, Box, Box]  # top-left, top-right, bottom-right, bottom-left
    qr: Box  # the QR code's modules (without its quiet zone)
    positions: tuple[Position, ...]
    blank_png: bytes | None = None  # the blank page, grey, at blank_px_per_mm
    blank_px_per_mm: float = 0.0

    def mark_centres(self) -> list[tuple[float, float]]:
        return [m.centre for m in self.marks]


@dataclass(frozen=True)
class BallotLayout:
    round_code: str  # the round's code, the same on every ballot of the round
    cross_out: bool  # a list with surplus (names crossed out) or agree/disagree boxes
    pages: tuple[PageLayout, ...] = field(default_factory=tuple)

    def page_of_code(self, code: str) -> PageLayout | None:
        return next((p for p in self.pages if p.code == code), None)

    def with_blanks(self, blanks: list[bytes], px_per_mm: float) -> BallotLayout:
        if len(blanks) != len(self.pages):
            raise ValueError("one blank image per page")
        pages = tuple(replace(p, blank_png=b, blank_px_per_mm=px_per_mm)
                      for p, b in zip(self.pages, blanks, strict=True))
        return replace(self, pages=pages)

    # -- JSON
    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "units": "mm, origin top-left, y down",
            "round_code": self.round_code,
            "cross_out": self.cross_out,
            "pages": [_page_dict(p) for p in self.pages],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1)

    @classmethod
    def from_dict(cls, data: Any) -> BallotLayout:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise LayoutError(f"not a ballot layout (format {FORMAT!r} expected)")
        if data.get("version") != VERSION:
            raise LayoutError(
                f"layout version {data.get('version')!r}; this reader reads {VERSION}")
        try:
            pages = tuple(_page_of(p) for p in data["pages"])
            layout = cls(str(data["round_code"]), bool(data["cross_out"]), pages)
        except (KeyError, TypeError, ValueError) as exc:
            raise LayoutError(f"a layout with a missing or wrong field: {exc}") from exc
        if not pages:
            raise LayoutError("a layout without pages")
        return layout

    @classmethod
    def from_json(cls, text: str) -> BallotLayout:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise LayoutError(f"not JSON: {exc}") from exc
        return cls.from_dict(data)


def _page_dict(p: PageLayout) -> dict[str, Any]:
    out: dict[str, Any] = {
        "page": p.page, "code": p.code, "width": p.width, "height": p.height,
        "marks": [m.to_list() for m in p.marks], "qr": p.qr.to_list(),
        "positions": [_position_dict(q) for q in p.positions],
    }
    if p.blank_png is not None:
        out["blank"] = {"px_per_mm": p.blank_px_per_mm,
                        "png_base64": base64.b64encode(p.blank_png).decode("ascii")}
    return out


def _position_dict(q: Position) -> dict[str, Any]:
    out: dict[str, Any] = {"number": q.number, "name": q.name, "row": q.row.to_list(),
                           "zone": q.zone.to_list(), "text": q.text.to_list()}
    if q.agree is not None and q.disagree is not None:
        out["agree"] = q.agree.to_list()
        out["disagree"] = q.disagree.to_list()
    return out


def _page_of(d: dict[str, Any]) -> PageLayout:
    marks = tuple(Box.of(m) for m in d["marks"])
    if len(marks) != 4:
        raise LayoutError("a page has four registration marks")
    blank = d.get("blank")
    return PageLayout(
        page=int(d["page"]), code=str(d["code"]), width=float(d["width"]),
        height=float(d["height"]), marks=(marks[0], marks[1], marks[2], marks[3]),
        qr=Box.of(d["qr"]), positions=tuple(_position_of(q) for q in d["positions"]),
        blank_png=base64.b64decode(blank["png_base64"]) if blank else None,
        blank_px_per_mm=float(blank["px_per_mm"]) if blank else 0.0)


def _position_of(d: dict[str, Any]) -> Position:
    agree, disagree = d.get("agree"), d.get("disagree")
    return Position(
        number=int(d["number"]), name=str(d["name"]), row=Box.of(d["row"]),
        zone=Box.of(d["zone"]), text=Box.of(d["text"]),
        agree=Box.of(agree) if agree is not None else None,
        disagree=Box.of(disagree) if disagree is not None else None)


def mark_boxes(width: float, height: float) -> tuple[Box, Box, Box, Box]:
    """The four registration marks of a ``width`` × ``height`` page."""
    s, i = MARK_SIZE, MARK_INSET
    return (Box(i, i, s, s), Box(width - i - s, i, s, s),
            Box(width - i - s, height - i - s, s, s), Box(i, height - i - s, s, s))
