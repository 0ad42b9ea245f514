"""A corpus of scanned ballots with known truth (issue 15, point 6).

The product's own ballots (``ballot_pdf.render_with_layout``), lists of 1 to 250 names on A5
and A4, crossed-out lists and agree/disagree lists, rendered by pypdfium2 at 150, 200 or
300 dpi. On them, what voters draw, in the layout's millimetres so that the truth of each
position is known:

- ordinary strikes: pens 0.3-1.2 mm wide, black, blue, violet or red, a straight, slanted,
  wavy or double line through the whole name; on an agree/disagree list an X or a tick in one
  box;
- planted ambiguous marks, which the reader must flag ``unsure``: a line through the family
  name only or the given name only, a ring round the name, a tick, a mark in the number's cell
  (outside the name's cell), a smudge, a name struck and then restored (a note, dots or a tick
  beside the line); on an agree/disagree list both boxes marked, or neither.

Then the scanner and the paper (:class:`Scan`): skew ±3°, scale ±2 %, offset, blur, noise,
faded toner, a shadow at the fold, JPEG, black-and-white thresholding, colour, the page upside
down or sideways. And the pages that must be rejected (:func:`rejected_page`): blank, without
a code, of another round, with a corner (and its mark) folded away.

``python -m tests.ballotread.generate OUT_DIR [N]`` writes N scanned ballots as JPEG with a
truth file, and the layout, for trying ``daihoi scan`` by hand.
"""

from __future__ import annotations

import functools
import json
import math
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from daihoi.ballotread import raster
from daihoi.ballotread.layout import BallotLayout, Box
from daihoi.elections.ballot_pdf import BallotText, render_with_layout

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ")
MIDDLE = ("Văn", "Thị", "Đức", "Minh", "Thanh", "Quang", "Ngọc", "Hữu")
GIVEN = ("An", "Bình", "Cường", "Dũng", "Hà", "Hạnh", "Hùng", "Lan", "Long", "Mai", "Nam",
         "Phương", "Quyết", "Sơn", "Thủy", "Tuấn", "Yến")
#: Ordinary strikes through a name.
STRIKES = ("straight", "slanted", "wavy", "double")
#: Ambiguous marks on a crossed-out list (the truth: ``unsure``).
AMBIGUOUS = ("partial-family", "partial-given", "ring", "tick", "number-cell", "smudge",
             "struck-then-restored")
#: Ordinary marks on an agree/disagree list, and the ambiguous ones.
BOX_MARKS = ("x", "tick")
BOX_AMBIGUOUS = ("both-boxes", "no-box")
#: Pens: (blue, green, red) as a colour scanner sees them. On a grey scan the pen is its grey.
PENS = {"black": (25, 25, 25), "blue": (150, 70, 25), "violet": (140, 40, 95),
        "red": (45, 40, 185)}
DPIS = (150, 200, 300)
CODE = "DH-3-7-1"
BOX_CODE = "DH-3-8-1"


def names(n: int, seed: int = 1) -> tuple[str, ...]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        out.append(" ".join((rng.choice(FAMILY), rng.choice(MIDDLE), rng.choice(GIVEN))))
    return tuple(sorted(out))


@functools.cache
def ballot(n: int, code: str = CODE, *, cross_out: bool = True) -> tuple[bytes, BallotLayout]:
    """A ballot of ``n`` names with the round's ``code`` (a crossed-out list, or an
    agree/disagree list), and its layout (with the blank pages the reader compares with)."""
    text = BallotText(
        organization="Đảng bộ Khối Chính quyền huyện", congress="ĐẠI HỘI ĐẠI BIỂU LẦN THỨ X",
        election="Bầu Ban Chấp hành Đảng bộ Khối, nhiệm kỳ 2025–2030", round=1, code=code,
        names=names(n), cross_out=cross_out, max_kept=max(1, n * 4 // 5) if cross_out else n)
    pdf, layout = render_with_layout(text)
    return pdf, raster.blank_pages(pdf, layout)


@functools.cache
def blank_scan(n: int, page: int, dpi: int, code: str = CODE, *,
               cross_out: bool = True) -> np.ndarray:
    pdf, _ = ballot(n, code, cross_out=cross_out)
    image = next(raster.pdf_pages(pdf, dpi, first=page - 1, count=1))
    image.setflags(write=False)  # shared by every sheet drawn on it: copied first
    return image


# -- the scanner and the paper


@dataclass(frozen=True)
class Scan:
    """What the scanner and the paper do to one page."""

    dpi: int
    angle: float = 0.0  # skew, degrees
    scale: float = 1.0
    offset: tuple[float, float] = (0.0, 0.0)  # mm
    blur: float = 0.0  # Gaussian sigma, pixels at 200 dpi
    noise: float = 0.0  # standard deviation, grey levels
    gain: float = 1.0  # the scanner's brightness
    faded: float = 0.0  # faded toner: the printed dark this much lighter (0 none)
    fold: tuple[float, float] | None = None  # a shadow at the fold: (where, share of the
    #   page's height; depth)
    jpeg: int | None = None  # JPEG quality, or lossless
    bw: int | None = None  # black and white: the threshold, or grey
    colour: bool = False
    turn: int = 0  # the page as fed: 0, 90, 180 (upside down) or 270 degrees

    @classmethod
    def random(cls, rng: random.Random, dpi: int | None = None, *,
               turn: int | None = None) -> Scan:
        dpi = dpi or rng.choice(DPIS)
        if turn is None:
            r = rng.random()
            turn = 180 if r < 0.15 else 90 if r < 0.18 else 270 if r < 0.21 else 0
        bw = rng.randint(110, 150) if rng.random() < 0.1 else None
        return cls(
            dpi=dpi, angle=rng.uniform(-3.0, 3.0), scale=rng.uniform(0.98, 1.02),
            offset=(rng.uniform(-3, 3), rng.uniform(-3, 3)),
            blur=rng.uniform(0.0, 1.0), noise=rng.uniform(0, 8), gain=rng.uniform(0.88, 1.0),
            faded=rng.uniform(0.1, 0.3) if rng.random() < 0.2 else 0.0,
            fold=(rng.uniform(0.4, 0.6), rng.uniform(0.1, 0.25)) if rng.random() < 0.2 else None,
            jpeg=rng.randint(55, 92) if bw is None and rng.random() < 0.3 else None,
            bw=bw, colour=bw is None and rng.random() < 0.1, turn=turn)

    def effects(self) -> tuple[str, ...]:
        """The effects this scan has, by name (the corpus's coverage)."""
        out = [f"dpi-{self.dpi}"]
        if abs(self.angle) >= 1.0:
            out.append("skew")
        if abs(self.scale - 1) >= 0.01:
            out.append("scale")
        if max(abs(self.offset[0]), abs(self.offset[1])) >= 1.0:
            out.append("offset")
        for name, present in (("blur", self.blur > 0.2), ("noise", self.noise >= 2),
                              ("faded-toner", self.faded > 0), ("fold-shadow", bool(self.fold)),
                              ("jpeg", self.jpeg is not None),
                              ("black-and-white", self.bw is not None),
                              ("colour", self.colour), ("upside-down", self.turn == 180),
                              ("sideways", self.turn in (90, 270))):
            if present:
                out.append(name)
        return tuple(out)

    def printed(self, blank: np.ndarray) -> np.ndarray:
        """The ballot as the printer printed it (the toner maybe faded), ready for the pen:
        a copy of ``blank``, in colour for a colour scan."""
        page = blank.copy()
        if self.faded:  # faded toner: the printed dark lighter
            page = cv2.convertScaleAbs(page, alpha=1 - self.faded, beta=255 * self.faded)
        return cv2.cvtColor(page, cv2.COLOR_GRAY2BGR) if self.colour else page

    def apply(self, image: np.ndarray, seed: int) -> np.ndarray:
        """``image`` (the page at ``dpi``, grey or colour, as printed by :meth:`printed`
        and marked by the voter) as this scanner returns it: on the glass (a little larger
        than the page), skewed, scaled and offset; shaded at the fold, blurred, noisy; in
        black and white or as JPEG; maybe turned."""
        dpi = self.dpi
        ppm = dpi / 25.4
        pad = round(12 * ppm)  # the glass: the page skewed and offset stays on it
        paper = (245, 245, 245) if image.ndim == 3 else 245
        image = cv2.copyMakeBorder(image, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=paper)
        h, w = image.shape[:2]
        m = cv2.getRotationMatrix2D((w / 2, h / 2), self.angle, self.scale)
        m[0, 2] += self.offset[0] * ppm
        m[1, 2] += self.offset[1] * ppm
        out = cv2.warpAffine(image, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=paper)
        sigma = self.blur * dpi / 200
        if sigma > 0.2:
            out = cv2.GaussianBlur(out, (0, 0), sigma)
        if self.fold:  # a shadow at the fold, across the page
            where, depth = self.fold
            reach = round(12 * ppm)
            mid = round(h * where)
            lo, hi = max(0, mid - reach), min(h, mid + reach)
            rows = np.arange(lo, hi, dtype=np.float32) - mid
            shade = 1 - depth * np.exp(-(rows / (4 * ppm)) ** 2)
            band = out[lo:hi].astype(np.float32)
            band *= shade[:, None, None] if out.ndim == 3 else shade[:, None]
            out[lo:hi] = band.astype(np.uint8)
        # the sensor's noise: a crop of one field of noise (sd 8 about 128), at a random place
        field = _noise(out.shape)
        dx, dy = seed % 64, seed // 64 % 64
        noise = field[dy:dy + out.shape[0], dx:dx + out.shape[1]]
        k = self.noise / 8
        out = cv2.addWeighted(out, self.gain, noise, k, -128 * k, dtype=cv2.CV_8U)
        if self.bw is not None:
            grey = out if out.ndim == 2 else cv2.cvtColor(out, cv2.COLOR_BGR2GRAY)
            out = np.where(grey < self.bw, 0, 255).astype(np.uint8)
        if self.turn:
            out = cv2.rotate(out, {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180,
                                   270: cv2.ROTATE_90_COUNTERCLOCKWISE}[self.turn])
        if self.jpeg is not None:
            ok, jpeg = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, self.jpeg])
            assert ok
            out = cv2.imdecode(jpeg, cv2.IMREAD_UNCHANGED)
        return out


@functools.cache
def _noise(shape: tuple[int, ...]) -> np.ndarray:
    """A field of Gaussian noise (sd 8 about 128) a little larger than ``shape``."""
    field = np.empty((shape[0] + 64, shape[1] + 64, *shape[2:]), np.uint8)
    cv2.setRNGSeed(len(shape) + shape[0] + shape[1])
    cn = shape[2] if len(shape) == 3 else 1
    cv2.randn(field, (128.0,) * cn, (8.0,) * cn)
    field.setflags(write=False)
    return field


def scanner(image: np.ndarray, dpi: int, rng: random.Random, *, flip: bool) -> np.ndarray:
    """The page through a random scanner (grey, lossless or JPEG), upside down if ``flip``."""
    scan = Scan.random(rng, dpi, turn=180 if flip else 0)
    if scan.bw is not None or scan.colour:
        scan = Scan(**{**scan.__dict__, "bw": None, "colour": False,
                       "jpeg": scan.jpeg or rng.randint(55, 92)})
    return scan.apply(image, rng.randrange(1 << 30))


# -- what voters draw


class Pen:
    """A voter's pen on the printed page (grey, or colour if the page is)."""

    def __init__(self, image: np.ndarray, dpi: int, rng: random.Random,
                 colour: str | None = None) -> None:
        self.img, self.ppm, self.rng = image, dpi / 25.4, rng
        self.width = rng.uniform(0.3, 1.2)  # mm
        self.colour = colour or rng.choice(tuple(PENS))
        b, g, r = PENS[self.colour]
        self.ink: float | tuple[int, int, int] = (
            (b, g, r) if image.ndim == 3 else round(0.114 * b + 0.587 * g + 0.299 * r))

    def poly(self, points_mm: list[tuple[float, float]], width: float | None = None, *,
             closed: bool = False) -> None:
        pts = np.array([[x * self.ppm * 16, y * self.ppm * 16] for x, y in points_mm],
                       np.int32)
        thick = max(1, round((width or self.width) * self.ppm))
        cv2.polylines(self.img, [pts], closed, self.ink, thick, cv2.LINE_AA, shift=4)

    def fill(self, points_mm: list[tuple[float, float]]) -> None:
        pts = np.array([[x * self.ppm * 16, y * self.ppm * 16] for x, y in points_mm],
                       np.int32)
        cv2.fillPoly(self.img, [pts], self.ink, cv2.LINE_AA, shift=4)

    def dot(self, x: float, y: float, d: float) -> None:
        centre = (round(x * self.ppm * 16), round(y * self.ppm * 16))
        cv2.circle(self.img, centre, round(d / 2 * self.ppm * 16), self.ink, -1, cv2.LINE_AA,
                   shift=4)

    def line(self, x0: float, x1: float, y: float, *, slant: float = 0.0, wave: float = 0.0,
             period: float = 12.0) -> None:
        steps = max(2, int((x1 - x0) / 0.5))
        phase = self.rng.uniform(0, math.tau)
        pts = []
        for i in range(steps + 1):
            t = i / steps
            x = x0 + (x1 - x0) * t
            pts.append((x, y + slant * (t - 0.5) + wave * math.sin(phase + math.tau * x / period)))
        self.poly(pts)


def strike(pen: Pen, text: Box, rng: random.Random, kind: str | None = None) -> str:
    """An ordinary line through the whole name; returns its kind."""
    kind = kind or rng.choice(STRIKES)
    x0 = text.x - rng.uniform(0.0, 4.0)
    x1 = text.right + rng.uniform(0.0, 6.0)
    y = text.y + text.h * rng.uniform(0.4, 0.65)
    h = text.h
    if kind == "straight":
        pen.line(x0, x1, y, slant=rng.uniform(-0.1, 0.1) * h)
    elif kind == "slanted":
        pen.line(x0, x1, y, slant=rng.choice((-1, 1)) * rng.uniform(0.15, 0.35) * h)
    elif kind == "wavy":
        pen.line(x0, x1, y, wave=rng.uniform(0.1, 0.22) * h, period=rng.uniform(6, 14))
    else:
        pen.line(x0, x1, y - 0.14 * h, slant=rng.uniform(-0.05, 0.05) * h)
        pen.line(x0, x1, y + 0.14 * h, slant=rng.uniform(-0.05, 0.05) * h)
    return kind


def ambiguous(pen: Pen, kind: str, row: Box, zone: Box, text: Box, rng: random.Random) -> None:
    """A mark the reader must not decide by itself."""
    y = text.y + text.h * 0.55
    if kind == "partial-family":  # the family name only
        pen.line(text.x - 1.0, text.x + text.w * rng.uniform(0.25, 0.55), y)
    elif kind == "partial-given":  # the given name only
        pen.line(text.x + text.w * rng.uniform(0.45, 0.75), text.right + 2.0, y)
    elif kind in ("ring", "circle"):  # round the name; on a tight row over its letters' tops
        cx, cy = text.centre
        rx = text.w / 2 + rng.uniform(1.5, 4.0)
        low = 0.42 * text.h
        ry = rng.uniform(low, max(low, zone.h / 2 - 0.2 - pen.width / 2))
        p = rng.uniform(2.0, 4.0)  # a hand-drawn ellipse, rounder or squarer
        start = rng.uniform(0, math.tau)
        pts = []
        for a in np.linspace(start, start + math.tau * rng.uniform(1.0, 1.08), 90):
            c, s = math.cos(a), math.sin(a)
            pts.append((cx + rx * math.copysign(abs(c) ** (2 / p), c),
                        cy + ry * math.copysign(abs(s) ** (2 / p), s)))
        pen.poly(pts)
    elif kind == "tick":
        x = text.right + rng.uniform(3.0, 8.0)
        x = min(x, zone.right - 5.0)
        pen.poly([(x, y - 0.5), (x + 1.0, y + 1.2), (x + 3.5, y - 2.0)])
    elif kind == "number-cell":  # a tick in the number's cell, beside the number
        x = row.x + 0.9
        pen.poly([(x, y - 0.4), (x + 0.6, y + 0.6), (x + 1.6, y - 1.0)])
    elif kind == "smudge":  # a blot of ink over the name or part of it, above to below
        inner = row.inset(0.0, 0.45)
        w = text.w * rng.uniform(0.3, 1.1)
        x0 = text.x + rng.uniform(-2.0, max(-2.0, text.w - w))
        pts = []
        for a in np.linspace(0, math.tau, 40, endpoint=False):
            rr = rng.uniform(0.92, 1.08)
            c, s = math.cos(a), math.sin(a)
            pts.append((x0 + w / 2 + w / 2 * rr * math.copysign(abs(c) ** 0.5, c),
                        inner.y + inner.h / 2
                        + inner.h / 2 * rr * math.copysign(abs(s) ** 0.5, s)))
        pen.fill(pts)
    elif kind == "struck-then-restored":
        restored(pen, zone, text, rng)
    else:
        raise ValueError(kind)


def restored(pen: Pen, zone: Box, text: Box, rng: random.Random) -> None:
    """A line through the whole name, and then the voter's sign that the name stands, after
    the line: a note ("giữ lại"), a tick or a small ring."""
    h = text.h
    y = text.y + h * rng.uniform(0.45, 0.6)
    x1 = text.right + rng.uniform(0.0, 3.0)
    pen.line(text.x - rng.uniform(0.0, 3.0), x1, y, slant=rng.uniform(-0.1, 0.1) * h)
    x = x1 + 1.5 + pen.width
    sign = rng.choice(("note", "tick", "ring"))
    if sign == "tick":
        x = min(x, zone.right - 4.5)
        pen.poly([(x, y - 0.3), (x + 1.0, y + 1.0), (x + 3.5, y - 1.8)])
    elif sign == "ring":
        r = min(1.5, zone.h / 2 - 0.6)
        pen.poly([(x + r + r * math.cos(a), y + r * math.sin(a))
                  for a in np.linspace(0, math.tau, 30)], width=min(pen.width, 0.6))
    else:
        length = min(rng.uniform(7.0, 12.0), zone.right - 1.0 - x)
        amp = min(1.2, zone.h / 2 - 0.6)
        strokes = round(length * 1.5)  # a handwritten word or two
        pts = [(x + length * i / strokes, y + amp * (1 if i % 2 else -1) * rng.uniform(0.4, 1))
               for i in range(strokes + 1)]
        pen.poly(pts, width=min(pen.width, 0.6))


def box_mark(pen: Pen, box: Box, kind: str) -> None:
    """An X or a tick in an agree/disagree box."""
    cx, cy = box.centre
    r = min(box.w, box.h) / 2 - 0.8
    if kind == "x":
        pen.poly([(cx - r, cy - r), (cx + r, cy + r)])
        pen.poly([(cx - r, cy + r), (cx + r, cy - r)])
    else:
        pen.poly([(cx - r, cy), (cx - r / 3, cy + r), (cx + r, cy - r)])


# -- sheets


@dataclass
class Sheet:
    image: np.ndarray
    truth: dict[int, str]  # number → crossed | kept | unsure (agree | disagree | unsure)
    marks: dict[int, str]  # number → what was drawn
    dpi: int
    scan: Scan | None = None
    pens: set[str] = field(default_factory=set)  # the pens' colours used
    widths: list[float] = field(default_factory=list)  # and their widths, mm


def sheet(seed: int, n: int = 12, *, page: int = 1, dpi: int | None = None,
          ambiguous_share: float = 0.1, crossed_share: float = 0.3,
          kinds: tuple[str, ...] = AMBIGUOUS, scan: Scan | None = None) -> Sheet:
    """One scanned page of a crossed-out list with known truth. Without ``scan`` a random
    scanner, grey (lossless or JPEG), upside down one time in seven."""
    rng = random.Random(seed)
    dpi = dpi or (scan.dpi if scan else rng.choice(DPIS))
    if scan is None:
        scan = Scan.random(rng, dpi, turn=180 if rng.random() < 0.15 else 0)
        scan = Scan(**{**scan.__dict__, "bw": None, "colour": False})
    _, layout = ballot(n)
    lp = layout.pages[page - 1]
    image = scan.printed(blank_scan(n, page, dpi))
    truth, marks, pens, widths = {}, {}, set(), []
    for q in lp.positions:
        pen = Pen(image, dpi, rng)
        r = rng.random()
        if r < ambiguous_share:
            kind = rng.choice(kinds)
            ambiguous(pen, kind, q.row, q.zone, q.text, rng)
            truth[q.number], marks[q.number] = "unsure", kind
        elif r < ambiguous_share + crossed_share:
            marks[q.number] = strike(pen, q.text, rng)
            truth[q.number] = "crossed"
        else:
            truth[q.number], marks[q.number] = "kept", ""
            continue
        pens.add(pen.colour)
        widths.append(pen.width)
    image = scan.apply(image, rng.randrange(1 << 30))
    return Sheet(image, truth, marks, dpi, scan, pens, widths)


def box_sheet(seed: int, n: int, *, page: int = 1, ambiguous_share: float = 0.1,
              scan: Scan | None = None) -> Sheet:
    """One scanned page of an agree/disagree list with known truth."""
    rng = random.Random(seed)
    scan = scan or Scan.random(rng)
    _, layout = ballot(n, BOX_CODE, cross_out=False)
    lp = layout.pages[page - 1]
    image = scan.printed(blank_scan(n, page, scan.dpi, BOX_CODE, cross_out=False))
    truth, marks, pens, widths = {}, {}, set(), []
    for q in lp.positions:
        assert q.agree is not None
        assert q.disagree is not None
        pen = Pen(image, scan.dpi, rng)
        kind = rng.choice(BOX_MARKS)
        if rng.random() < ambiguous_share:
            which = rng.choice(BOX_AMBIGUOUS)
            if which == "both-boxes":
                box_mark(pen, q.agree, kind)
                box_mark(pen, q.disagree, rng.choice(BOX_MARKS))
            truth[q.number], marks[q.number] = "unsure", which
        else:
            status = rng.choice(("agree", "disagree"))
            box_mark(pen, q.agree if status == "agree" else q.disagree, kind)
            truth[q.number], marks[q.number] = status, kind
        if marks[q.number] != "no-box":
            pens.add(pen.colour)
            widths.append(pen.width)
    image = scan.apply(image, rng.randrange(1 << 30))
    return Sheet(image, truth, marks, scan.dpi, scan, pens, widths)


#: The pages that are not ballots of the round, and the reason the reader gives.
REJECTED = {"blank": "blank", "no-code": "no-code", "other-round": "other-round",
            "corner-folded": "marks-not-found", "code-moved": "marks-inconsistent"}


def rejected_page(kind: str, seed: int) -> tuple[np.ndarray, int]:
    """A scanned page the reader must reject with ``REJECTED[kind]``: a blank sheet, a ballot
    whose code is torn away, a ballot of another round, a ballot with a corner folded back
    (its registration mark hidden), a ballot whose code was cut out and stuck back elsewhere
    (its marks are not where the code puts them). Returns the page and the number of names
    of the round's list (its layout: :func:`ballot`)."""
    rng = random.Random(seed)
    scan = Scan.random(rng, turn=rng.choice((0, 180)))
    dpi = scan.dpi
    k = dpi / 25.4
    if kind == "blank":
        image = np.full((round(210 * k), round(148 * k)), 250, np.uint8)
        return scan.apply(image, rng.randrange(1 << 30)), 12
    if kind == "other-round":
        image = scan.printed(blank_scan(12, 1, dpi, "DH-3-7-2"))
        return scan.apply(image, rng.randrange(1 << 30)), 12
    n = rng.choice((12, 62))
    image = scan.printed(blank_scan(n, 1, dpi))
    _, layout = ballot(n)
    lp = layout.pages[0]
    if kind == "no-code":  # the corner with the code torn off: the scanner's lid shows
        qr = lp.qr.inset(-3, -3)
        image[int(qr.y * k):, :int(qr.right * k)] = 250
    elif kind == "code-moved":  # the code cut out and stuck back 6-15 mm to the right
        qr = lp.qr.inset(-1, -1)
        x0, y0, x1, y1 = (round(v * k) for v in (qr.x, qr.y, qr.right, qr.bottom))
        label = image[y0:y1, x0:x1].copy()
        image[y0:y1, x0:x1] = 250
        dx = round(rng.uniform(6, 15) * k)
        image[y0:y1, x0 + dx:x1 + dx] = label
    elif kind == "corner-folded":  # a corner folded back: its mark is gone
        mark = lp.marks[rng.choice((0, 1, 2))]
        cx, cy = mark.centre
        s = rng.uniform(17, 24)  # the fold, this far from the corner along each edge
        corner = (0.0 if cx < lp.width / 2 else lp.width, 0.0 if cy < lp.height / 2
                  else lp.height)
        ex = corner[0] + (s if corner[0] == 0 else -s)
        ey = corner[1] + (s if corner[1] == 0 else -s)
        tri = np.array([[corner[0] * k, corner[1] * k], [ex * k, corner[1] * k],
                        [corner[0] * k, ey * k]], np.int32)
        cv2.fillPoly(image, [tri], (250, 250, 250) if image.ndim == 3 else 250)
    else:
        raise ValueError(kind)
    return scan.apply(image, rng.randrange(1 << 30)), n


def main(argv: list[str]) -> int:
    out = Path(argv[0])
    count = int(argv[1]) if len(argv) > 1 else 20
    out.mkdir(parents=True, exist_ok=True)
    _, layout = ballot(12)
    (out / "LAYOUT.json").write_text(layout.to_json(), encoding="utf-8")
    truth = {}
    for i in range(count):
        s = sheet(i)
        name = f"ballot-{i:04d}.jpg"
        cv2.imwrite(str(out / name), s.image, [cv2.IMWRITE_JPEG_QUALITY, 90])
        truth[name] = {"dpi": s.dpi, "truth": s.truth, "marks": s.marks}
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1),
                                    encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
