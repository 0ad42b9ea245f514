"""Scanned ballots with known truth, drawn on the product's own ballot (issue 15, points 6 and
9): what voters draw, what the scanner and the paper do, and the files an office scanner writes.
Pure (no Django): the caller gives the ballot's pages rendered from its PDF
(:func:`daihoi.ballotread.raster.pdf_pages`) and its layout, so the marks land where the reader
looks, in the layout's millimetres.

Used by the test corpus (``tests/ballotread/generate.py``, which renders the ballots of its
lists), by the demo (``daihoi.scanning.demo``: the demo congress's scanned batch) and by the
benchmarks (``bench/bench_scan.py``, ``bench/bench_scan_count.py``).

- Voters: pens 0.3-1.2 mm wide, black, blue, violet or red (:class:`Pen`); ordinary strikes
  through the whole name, straight, slanted, wavy or double (:func:`strike`); the ambiguous
  marks the reader must flag (:func:`ambiguous`: a line through the family name only or the
  given name only, a ring, a tick, a mark in the number's cell, a smudge, a name struck and
  then restored); an X or a tick in an agree/disagree box (:func:`box_mark`).
- The scanner and the paper (:class:`Scan`): skew, scale, offset, blur, noise, faded toner, a
  shadow at the fold, JPEG, black and white, colour, the page upside down or sideways.
- A whole ballot of a round (:func:`vote`), and the files: a multi-page TIFF
  (:func:`write_tiff`) and a scanner's PDF of one JPEG image per page (:func:`write_pdf`), both
  written page by page so that a batch of any size holds one page in memory.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from random import Random
from typing import IO

import cv2
import numpy as np
from PIL import Image, TiffImagePlugin

from daihoi.ballotread.layout import BallotLayout, Box

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


def names(n: int, seed: int = 1) -> tuple[str, ...]:
    """``n`` Vietnamese names, sorted (ballot order)."""
    rng = Random(seed)
    out = []
    for _ in range(n):
        out.append(" ".join((rng.choice(FAMILY), rng.choice(MIDDLE), rng.choice(GIVEN))))
    return tuple(sorted(out))


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
    def random(cls, rng: Random, dpi: int | None = None, *,
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

    @classmethod
    def office(cls, rng: Random, dpi: int = 200, *, turn: int = 0) -> Scan:
        """A well-kept office scanner's grey scan, lossless: the paper a little skewed and
        offset on the glass, a little blur and sensor noise (the demo's scanner)."""
        return cls(dpi=dpi, angle=rng.uniform(-1.5, 1.5), scale=rng.uniform(0.995, 1.005),
                   offset=(rng.uniform(-2, 2), rng.uniform(-2, 2)), blur=rng.uniform(0.0, 0.5),
                   noise=rng.uniform(1, 3), gain=rng.uniform(0.94, 1.0), turn=turn)

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
        paper: float | tuple[int, int, int] = (245, 245, 245) if image.ndim == 3 else 245
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
        noise_field = _noise(out.shape)
        dx, dy = seed % 64, seed // 64 % 64
        noise = noise_field[dy:dy + out.shape[0], dx:dx + out.shape[1]]
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
            if not ok:  # pragma: no cover - OpenCV encodes any 8-bit image
                raise ValueError("JPEG encoding failed")
            decoded = cv2.imdecode(jpeg, cv2.IMREAD_UNCHANGED)
            if decoded is None:  # pragma: no cover - what OpenCV encoded it decodes
                raise ValueError("JPEG decoding failed")
            out = decoded
        return out


@functools.cache
def _noise(shape: tuple[int, ...]) -> np.ndarray:
    """A field of Gaussian noise (sd 8 about 128) a little larger than ``shape``."""
    noise_field = np.empty((shape[0] + 64, shape[1] + 64, *shape[2:]), np.uint8)
    cv2.setRNGSeed(len(shape) + shape[0] + shape[1])
    cn = shape[2] if len(shape) == 3 else 1
    cv2.randn(noise_field, (128.0,) * cn, (8.0,) * cn)  # type: ignore[call-overload]
    noise_field.setflags(write=False)
    return noise_field


def scanner(image: np.ndarray, dpi: int, rng: Random, *, flip: bool) -> np.ndarray:
    """The page through a random scanner (grey, lossless or JPEG), upside down if ``flip``."""
    scan = Scan.random(rng, dpi, turn=180 if flip else 0)
    if scan.bw is not None or scan.colour:
        scan = replace(scan, bw=None, colour=False, jpeg=scan.jpeg or rng.randint(55, 92))
    return scan.apply(image, rng.randrange(1 << 30))


# -- what voters draw


class Pen:
    """A voter's pen on the printed page (grey, or colour if the page is)."""

    def __init__(self, image: np.ndarray, dpi: int, rng: Random,
                 colour: str | None = None) -> None:
        self.img, self.ppm, self.rng = image, dpi / 25.4, rng
        self.width = rng.uniform(0.3, 1.2)  # mm
        self.colour = colour or rng.choice(tuple(PENS))
        b, g, r = PENS[self.colour]
        self.ink: float | tuple[int, int, int] = (
            (b, g, r) if image.ndim == 3 else round(0.114 * b + 0.587 * g + 0.299 * r))

    def poly(self, points_mm: Sequence[tuple[float, float]], width: float | None = None, *,
             closed: bool = False) -> None:
        pts = np.array([[x * self.ppm * 16, y * self.ppm * 16] for x, y in points_mm],
                       np.int32)
        thick = max(1, round((width or self.width) * self.ppm))
        cv2.polylines(self.img, [pts], closed, self.ink, thick, cv2.LINE_AA, shift=4)

    def fill(self, points_mm: Sequence[tuple[float, float]]) -> None:
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


def strike(pen: Pen, text: Box, rng: Random, kind: str | None = None) -> str:
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


def ambiguous(pen: Pen, kind: str, row: Box, zone: Box, text: Box, rng: Random) -> None:
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


def restored(pen: Pen, zone: Box, text: Box, rng: Random) -> None:
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


# -- sheets and ballots


@dataclass
class Sheet:
    image: np.ndarray
    truth: dict[int, str]  # number → crossed | kept | unsure (agree | disagree | unsure)
    marks: dict[int, str]  # number → what was drawn
    dpi: int
    scan: Scan | None = None
    pens: set[str] = field(default_factory=set)  # the pens' colours used
    widths: list[float] = field(default_factory=list)  # and their widths, mm


@dataclass
class Ballot:
    """One voter's ballot as scanned: its pages, and what each name carries."""

    pages: list[np.ndarray]
    truth: dict[int, str]  # number (1-based) → crossed | kept | unsure
    marks: dict[int, str]  # number → what was drawn ("" for nothing)


def vote(blanks: Sequence[np.ndarray], layout: BallotLayout, dpi: int, rng: Random, *,
         crossed: Collection[int] = (), unsure: Mapping[int, str] | None = None,
         scan: Scan | None = None, varied: bool = False) -> Ballot:
    """One ballot of a crossed-out list: ``blanks`` are its pages as printed, at ``dpi``
    (:func:`daihoi.ballotread.raster.pdf_pages` of the ballot PDF), ``layout`` the ballot's
    layout. The names numbered in ``crossed`` are struck through with a dark pen, a line through
    the whole name (``varied``: any of :data:`STRIKES` with any pen, some of which the reader
    rightly sends to the board); each name in ``unsure`` carries that ambiguous mark
    (:data:`AMBIGUOUS`). Each page then goes through ``scan`` (a fresh
    :meth:`Scan.office` per page by default)."""
    unsure = unsure or {}
    pages, truth, marks = [], {}, {}
    for lp, blank in zip(layout.pages, blanks, strict=True):
        scanned = scan or Scan.office(rng, dpi)
        image = scanned.printed(blank)
        for q in lp.positions:
            if q.number in unsure:
                pen = Pen(image, dpi, rng, None if varied else rng.choice(("black", "blue")))
                pen.width = max(pen.width, 0.5)
                ambiguous(pen, unsure[q.number], q.row, q.zone, q.text, rng)
                truth[q.number], marks[q.number] = "unsure", unsure[q.number]
            elif q.number in crossed:
                if varied:
                    marks[q.number] = strike(Pen(image, dpi, rng), q.text, rng)
                else:
                    pen = Pen(image, dpi, rng, rng.choice(("black", "blue")))
                    pen.width = rng.uniform(0.5, 0.9)
                    marks[q.number] = strike(pen, q.text, rng, "straight")
                truth[q.number] = "crossed"
            else:
                truth[q.number], marks[q.number] = "kept", ""
        pages.append(scanned.apply(image, rng.randrange(1 << 30)))
    return Ballot(pages, truth, marks)


# -- the files of an office scanner


def write_tiff(pages: Iterable[np.ndarray], path: Path, *, dpi: int = 200,
               quality: int = 90) -> int:
    """The pages as one multi-page TIFF at ``path`` (each page JPEG-compressed at ``quality``,
    as office scanners write grey pages), written one page at a time; how many."""
    n = 0
    with path.open("w+b") as out:
        tiff = TiffImagePlugin.AppendingTiffWriter(out)
        for page in pages:
            Image.fromarray(page).save(tiff, format="TIFF", compression="jpeg", quality=quality,
                                       dpi=(dpi, dpi))
            tiff.newFrame()
            n += 1
        tiff.close()  # the last page's offsets; ``out`` stays open until the writer is gone
        del tiff
    return n


def write_pdf(pages: Iterable[np.ndarray], path: Path, *, dpi: int = 200,
              quality: int = 85) -> int:
    """The pages as a scanner's PDF at ``path``: one JPEG image (grey, ``quality``) covering
    each page at ``dpi``, written one page at a time; how many."""
    with path.open("wb") as out:
        return _write_pdf(pages, out, dpi, quality)


def _write_pdf(pages: Iterable[np.ndarray], out: IO[bytes], dpi: int, quality: int) -> int:
    offsets: dict[int, int] = {}
    position = 0

    def put(data: bytes) -> None:
        nonlocal position
        out.write(data)
        position += len(data)

    def obj(number: int, body: bytes) -> None:
        offsets[number] = position
        put(b"%d 0 obj\n" % number + body + b"\nendobj\n")

    put(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    obj(1, b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = []
    number = 3
    for page in pages:
        grey = page if page.ndim == 2 else cv2.cvtColor(page, cv2.COLOR_BGR2GRAY)
        ok, jpeg = cv2.imencode(".jpg", grey, [cv2.IMWRITE_JPEG_QUALITY, quality])
        if not ok:  # pragma: no cover - OpenCV encodes any grey array
            raise ValueError("JPEG encoding failed")
        data = jpeg.tobytes()
        h, w = grey.shape
        width, height = w * 72 / dpi, h * 72 / dpi
        image, content, page_obj = number, number + 1, number + 2
        number += 3
        obj(image, b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace "
                   b"/DeviceGray /BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n"
            % (w, h, len(data)) + data + b"\nendstream")
        draw = b"q %.3f 0 0 %.3f 0 0 cm /Im0 Do Q" % (width, height)
        obj(content, b"<< /Length %d >>\nstream\n" % len(draw) + draw + b"\nendstream")
        obj(page_obj, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.3f %.3f] /Resources "
                      b"<< /XObject << /Im0 %d 0 R >> >> /Contents %d 0 R >>"
            % (width, height, image, content))
        kids.append(page_obj)
    obj(2, b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % k for k in kids), len(kids)))
    xref = position
    put(b"xref\n0 %d\n0000000000 65535 f \n" % number)
    for i in range(1, number):
        put(b"%010d 00000 n \n" % offsets[i])
    put(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (number, xref))
    return len(kids)
