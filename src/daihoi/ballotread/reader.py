"""Reading one scanned page of a ballot.

1. The page's code: the QR code (zxing-cpp), in any orientation. No code: the page is rejected
   (``blank`` if it carries almost no ink, else ``no-code``); a code of another round or
   election: ``other-round``.
2. The page: the QR code's corners tell roughly where the four registration marks are (and
   which way up the page is); each is then found as a whole filled square of the right size
   near there. The four centres give the perspective that straightens the page (rotation,
   upside down too, skew, scale, offset) to the layout's size at :data:`READ_PX_PER_MM`. A
   mark not found, or marks that disagree with the QR code, reject the page
   (``marks-not-found``, ``marks-inconsistent``).
3. Each name: new ink is what is dark on the scan and not on the blank page (the layout's
   rendering, widened a little and moved by up to a pixel in each row to where it fits). In
   the row the reader measures (:func:`measure`) how much of the printed name's width a line
   covers (gaps where the line runs under letters are bridged) and how much through the
   middle of the letters, whether the ink goes round the name, how much of the paper it
   covers, and the ink beside the line and outside the name's cell. A line through the whole
   name and nothing else is ``crossed``; no new ink is ``kept``; anything else is ``unsure``,
   with the reason (:func:`classify`). Nothing unsure is guessed.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np
import zxingcpp

from daihoi.ballotread.layout import MARK_SIZE, QR_MODULE, BallotLayout, Box, PageLayout, Position
from daihoi.ballotread.raster import READ_PX_PER_MM, Grey

# The reader's policy: the thresholds of classify(), each tested at its boundary in
# tests/ballotread/test_reader_rules.py.
#: A crossed name: a line covers at least this share of the printed name's width ...
CROSSED_COVERAGE = 0.9
#: ... and runs through the middle of the letters (this part of the name's height) over at
#: least this share of its width (a line along the letters' tops is a ring's arc, or unclear).
MIDDLE = (0.3, 0.7)
MIDDLE_COVERAGE = 0.3
#: Below this many mm² of new ink in the row (after removing specks), a name is kept; as
#: much ink beside a line through the name is another mark; a box of an agree/disagree list
#: is marked from this much ink on ...
KEPT_INK_MM2 = 0.75
#: ... a name is kept unless that little ink runs along this share of its width (a thin line
#: hidden under the letters).
FAINT_COVERAGE = 0.1
#: A line covering at least this share of the name, but not enough to cross it, is partial.
PARTIAL_COVERAGE = 0.2
#: Ink covering more than this share of the paper between the letters, over the name's inked
#: width, is a blot, not a line.
SMUDGE_FILL = 0.65
#: Ink going round the name along at least this share of its width is a ring: above and below
#: the name; or reaching over RING_SPAN of the name's height, from over to under the letters,
#: with at least RING_HOLE of it uninked between; or closing round a hole RING_HOLE deep.
RING_COVERAGE = 0.5
RING_SPAN = 0.75
RING_HOLE = 0.25

# How the reader measures (its tolerances; the corpus of tests/ballotread checks them).
#: New-ink specks smaller than this (mm²) are scanner noise.
SPECK_MM2 = 0.2
#: A line running under printed letters is hidden there: gaps up to this (mm) are bridged
#: where the scan is inked all along them.
BRIDGE_MM = 12.0
#: A ring's side may run hidden under a printed border for up to this many mm.
RING_SIDE_MM = 3.0
#: The blank page's ink widened by this many pixels (at READ_PX_PER_MM) for the registration
#: error ...
REF_GROW_PX = 1
#: ... and moved by up to this many pixels either way, in each row, to where it fits best.
SHIFT_PX = 1
#: A row's rules: this far (mm) into the row from its top and bottom edges.
ROW_INSET_MM = 0.35
#: A page with less dark area than this share is blank.
BLANK_INK_SHARE = 0.002
#: Marks and QR code may disagree by this much (mm) before the page is refused.
MARK_TOLERANCE_MM = 3.0

CROSSED, KEPT, UNSURE = "crossed", "kept", "unsure"
AGREE, DISAGREE = "agree", "disagree"
#: Why a position is unsure (docs/scan-format.md).
UNSURE_REASONS = ("partial-line", "partial-line-start", "partial-line-end", "mark-not-a-line",
                  "faint-line", "mark-outside-name", "ring", "smudge", "line-along-edge",
                  "line-and-mark", "both-boxes", "no-box")
#: Why a page is rejected (docs/scan-format.md); ``duplicate-image`` is found by the command.
PAGE_REJECTIONS = ("blank", "no-code", "other-round", "marks-not-found", "marks-inconsistent",
                   "duplicate-image")


@dataclass(frozen=True)
class Reading:
    number: int
    name: str
    status: str  # crossed | kept | unsure (agree | disagree | unsure on an agree/disagree list)
    reason: str | None = None  # why unsure
    coverage: float = 0.0  # share of the name's width a line covers
    ink_mm2: float = 0.0  # new ink in the row

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"number": self.number, "name": self.name, "status": self.status}
        if self.reason:
            out["reason"] = self.reason
        out["coverage"] = round(self.coverage, 3)
        out["ink_mm2"] = round(self.ink_mm2, 2)
        return out


@dataclass(frozen=True)
class PageReading:
    status: str  # read | rejected
    code: str | None = None
    page: int | None = None
    rotation: int | None = None  # the page's rotation as scanned, degrees (0, 90, 180, 270)
    reason: str | None = None  # why rejected
    positions: tuple[Reading, ...] = field(default_factory=tuple)
    #: The page straightened to the layout at READ_PX_PER_MM (grey), when asked for
    #: (``Reader.read(..., keep_page=True)``): what a person is shown of an unsure mark.
    straightened: Grey | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"status": self.status, "code": self.code, "page": self.page}
        if self.status == "read":
            out["rotation"] = self.rotation
            out["positions"] = [p.to_dict() for p in self.positions]
        else:
            out["reason"] = self.reason
        return out


def rejected(reason: str, code: str | None = None) -> PageReading:
    return PageReading("rejected", code=code, reason=reason)


class _Reference:
    """One page of the layout, ready to compare with: the blank page's ink, widened."""

    def __init__(self, page: PageLayout) -> None:
        self.page = page
        self.ppm = READ_PX_PER_MM
        self.size = (round(page.width * self.ppm), round(page.height * self.ppm))
        if page.blank_png is None:
            raise ValueError(f"the layout of page {page.page} has no blank image")
        blank = cv2.imdecode(np.frombuffer(page.blank_png, np.uint8), cv2.IMREAD_GRAYSCALE)
        if blank is None:
            raise ValueError(f"the blank image of page {page.page} is not a PNG")
        if page.blank_px_per_mm != self.ppm or (blank.shape[1], blank.shape[0]) != self.size:
            blank = cv2.resize(blank, self.size, interpolation=cv2.INTER_AREA)
        # The blank page goes through the same straightening as a scan (its marks' centres to
        # the same pixels), so that the two agree to the rounding of the rasterizer.
        target = self.mark_pixels()
        found = []
        for x, y in target:
            r = round(0.8 * MARK_SIZE * self.ppm)  # the mark, not its neighbours
            x0, y0 = max(0, round(x) - r), max(0, round(y) - r)
            ys, xs = np.nonzero(blank[y0:y0 + 2 * r + 1, x0:x0 + 2 * r + 1] < 128)
            if xs.size == 0:
                raise ValueError(f"the blank image of page {page.page} has no marks")
            found.append((xs.mean() + x0, ys.mean() + y0))
        warp = cv2.getPerspectiveTransform(np.array(found, np.float32), target)
        blank = cv2.warpPerspective(blank, warp, self.size, flags=cv2.INTER_LINEAR,
                                    borderMode=cv2.BORDER_CONSTANT, borderValue=255)
        ink = (blank < 160).astype(np.uint8)
        kernel = np.ones((2 * REF_GROW_PX + 1, 2 * REF_GROW_PX + 1), np.uint8)
        self.mask = cv2.dilate(ink, kernel) > 0
        self.padded = np.pad(self.mask, SHIFT_PX)

    def new_ink(self, ink: np.ndarray,
                box: tuple[int, int, int, int]) -> tuple[np.ndarray, np.ndarray]:
        """The new ink in ``box`` (pixel bounds x0, y0, x1, y1): what is inked on the scan and
        not on the blank page, the blank moved by up to :data:`SHIFT_PX` pixels either way to
        where it fits best there (what straightening leaves: a paper's stretch, the rounding
        of the rasterizer); and the blank page's (widened) ink so placed."""
        x0, y0, x1, y1 = box
        region = ink[y0:y1, x0:x1]
        s = SHIFT_PX
        best: tuple[np.ndarray, np.ndarray] | None = None
        least = -1
        for dy, dx in sorted(itertools.product(range(-s, s + 1), repeat=2),
                             key=lambda d: abs(d[0]) + abs(d[1])):
            printed = self.padded[y0 + s + dy:y1 + s + dy, x0 + s + dx:x1 + s + dx]
            fit = region & ~printed
            count = int(np.count_nonzero(fit))
            if best is None or count < least:
                best, least = (fit, printed), count
        assert best is not None
        return best[0].astype(np.uint8), best[1]

    def mark_pixels(self) -> np.ndarray:
        """Where the marks' centres go on the straightened page (pixel index coordinates:
        the centre of the first pixel is 0)."""
        return np.array(self.page.mark_centres(), np.float32) * self.ppm - 0.5

    def px(self, box: Box) -> tuple[int, int, int, int]:
        """``box`` as pixel bounds (x0, y0, x1, y1), inside the page."""
        w, h = self.size
        return (max(0, round(box.x * self.ppm)), max(0, round(box.y * self.ppm)),
                min(w, round(box.right * self.ppm)), min(h, round(box.bottom * self.ppm)))


class Reader:
    """Reads scanned pages of one round's ballot, by its layout."""

    def __init__(self, layout: BallotLayout) -> None:
        self.layout = layout
        self.refs = {p.code: _Reference(p) for p in layout.pages}

    # -- 1. the code
    def read(self, image: Grey, *, keep_page: bool = False) -> PageReading:
        """The reading of one scanned page; with ``keep_page`` a page read keeps its
        straightened image (``PageReading.straightened``)."""
        grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        grey = np.ascontiguousarray(grey, dtype=np.uint8)
        codes = _codes(grey)
        if not codes:
            white = float(np.percentile(grey, 95))
            if float(np.mean(grey < white * 0.6)) < BLANK_INK_SHARE:
                return rejected("blank")
            codes = _codes(grey, upscale=2)  # a coarse scan: the code's modules under 3 px
            if not codes:
                return rejected("no-code")
        known = [c for c in codes if c.text in self.refs]
        if not known:
            return rejected("other-round", code=codes[0].text)
        code = known[0]
        ref = self.refs[code.text]
        # -- 2. the page
        seen = code.corners.copy()
        ppm_scan = float(np.hypot(*(seen[1] - seen[0]))) / ref.page.qr.w
        if ppm_scan > 1.25 * ref.ppm:  # a fine scan: averaged down first (no aliasing)
            f = ref.ppm / ppm_scan
            grey = cv2.resize(grey, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
            seen *= f
        straight = self._straighten(grey, seen, ref)
        if isinstance(straight, str):
            return rejected(straight, code=code.text)
        page, rotation = straight
        # -- 3. the names
        white = float(np.percentile(page[::4, ::4], 90))
        ink = page < white * 0.62
        readings = tuple(self._position(ink, ref, q) for q in ref.page.positions)
        return PageReading("read", code=code.text, page=ref.page.page, rotation=rotation,
                           positions=readings, straightened=page if keep_page else None)

    # -- 2. the page
    def _straighten(self, grey: Grey, seen: np.ndarray,
                    ref: _Reference) -> tuple[Grey, int] | str:
        """The page straightened to the layout at the reading resolution, and its rotation as
        scanned; or why not. ``seen``: the QR code's top-left, top-right and bottom-left
        corners on the scan."""
        qr = ref.page.qr
        printed = np.array([[qr.x, qr.y], [qr.right, qr.y], [qr.x, qr.bottom]], np.float32)
        rough = cv2.getAffineTransform(printed, seen)  # mm → scan pixels
        ppm_scan = float(np.hypot(*(seen[1] - seen[0]))) / qr.w
        if ppm_scan < 2:  # below ~50 dpi there is nothing to read
            return "no-code"
        centres = np.array(ref.page.mark_centres(), np.float32)
        predicted = cv2.transform(centres[None], rough)[0]
        found = _marks(grey, predicted, ppm_scan, cv2.invertAffineTransform(rough),
                       qr.inset(-2.0, -2.0))
        if found is None:
            return "marks-not-found"
        warp = cv2.getPerspectiveTransform(found, ref.mark_pixels())
        # The QR code where the marks put it: the two must agree.
        qr_seen = (cv2.perspectiveTransform(seen[None], warp)[0] + 0.5) / ref.ppm
        if float(np.max(np.abs(qr_seen - printed))) > MARK_TOLERANCE_MM:
            return "marks-inconsistent"
        page = cv2.warpPerspective(grey, warp, ref.size, flags=cv2.INTER_LINEAR,
                                   borderMode=cv2.BORDER_CONSTANT, borderValue=255)
        angle = float(np.degrees(np.arctan2(*(seen[1] - seen[0])[::-1])))
        rotation = round(angle / 90.0) % 4 * 90
        return page, rotation

    # -- 3. the names
    def _position(self, ink: np.ndarray, ref: _Reference, q: Position) -> Reading:
        """``ink``: the straightened page's ink."""
        ppm = ref.ppm
        x0, y0, x1, y1 = ref.px(q.row.inset(0.4, 0.0))
        raw, printed = ref.new_ink(ink, (x0, y0, x1, y1))
        inset = round(ROW_INSET_MM * ppm)  # the row's rules and what runs along them
        if not raw[inset:-inset].any():
            if q.agree is not None:
                return Reading(q.number, q.name, UNSURE, "no-box")
            return Reading(q.number, q.name, KEPT)
        new = _despeckle(raw, SPECK_MM2 * ppm * ppm)
        if q.agree is not None and q.disagree is not None:
            inner = new[inset:-inset]
            return self._boxes(inner, ref, q, (x0, y0 + inset),
                               float(inner.sum()) / (ppm * ppm))
        m = measure(raw, new, ink[y0:y1, x0:x1], printed, ref.px(q.zone), ref.px(q.text),
                    (x0, y0), ppm, inset)
        status, reason = classify(m)
        return Reading(q.number, q.name, status, reason, m.coverage, m.ink_mm2)

    def _boxes(self, new: np.ndarray, ref: _Reference, q: Position,
               origin: tuple[int, int], ink_mm2: float) -> Reading:
        assert q.agree is not None
        assert q.disagree is not None
        ppm = ref.ppm
        marks = []
        for box in (q.agree, q.disagree):
            bx0, by0, bx1, by1 = ref.px(box.inset(0.8, 0.8))
            cell = new[by0 - origin[1]:by1 - origin[1], bx0 - origin[0]:bx1 - origin[0]]
            marks.append(float(cell.sum()) / (ppm * ppm))
        agree, disagree = (m >= KEPT_INK_MM2 for m in marks)
        if agree and not disagree:
            return Reading(q.number, q.name, AGREE, None, 0.0, ink_mm2)
        if disagree and not agree:
            return Reading(q.number, q.name, DISAGREE, None, 0.0, ink_mm2)
        return Reading(q.number, q.name, UNSURE, "both-boxes" if agree else "no-box", 0.0,
                       ink_mm2)


@dataclass(frozen=True)
class Measures:
    """What the reader measures in the row of one name (docs/scan-format.md)."""

    ink_mm2: float  # the new ink in the row, specks removed
    coverage: float  # the share of the printed name's width that a line covers
    outside_mm2: float = 0.0  # the new ink outside the name's cell (the number's cell)
    fill: float = 0.0  # in the name's inked columns, the share of the unprinted paper inked
    ring: float = 0.0  # the share of the name's width that a ring goes round
    extra_mm2: float = 0.0  # the new ink away from the lines through the name
    side: str = ""  # which end of the name a partial line touches: start, end or ""
    middle: float = 1.0  # the share of the name's width a line covers through its middle


def measure(raw: np.ndarray, full_new: np.ndarray, ink: np.ndarray, printed: np.ndarray,
            zone: tuple[int, int, int, int], text: tuple[int, int, int, int],
            origin: tuple[int, int], ppm: float, inset: int) -> Measures:
    """The measures of one row: ``raw`` its new ink, ``full_new`` the same without specks,
    ``ink`` the scan's ink, ``printed`` the blank page's ink (as placed on the scan), all
    cropped to the row at ``origin``; ``zone`` and ``text`` the pixel bounds of the name's
    cell and of the printed name on the page; ``inset``: the rows at the top and the bottom
    that hold the row's rules."""
    x0 = origin[0]
    y0 = origin[1] + inset
    full_ink, full_printed = ink, printed
    raw, ink, printed = raw[inset:-inset], ink[inset:-inset], printed[inset:-inset]
    new = full_new[inset:-inset]
    h, w = new.shape
    zx0, zx1 = max(0, zone[0] - x0), max(0, zone[2] - x0)
    tx0, ty0, tx1, ty1 = text
    n0, n1 = min(w, max(0, tx0 - x0)), min(w, max(0, tx1 - x0))
    ink_mm2 = float(new.sum()) / (ppm * ppm)
    if n1 <= n0:
        return Measures(ink_mm2, 0.0)
    lines = _pieces(raw)  # pieces of lines: not specks, not slivers along letters
    if not lines.any():
        return Measures(ink_mm2, 0.0)
    # the band of the printed name where a line through it runs (not the ascenders' tops nor
    # the descenders' feet)
    b0 = min(h - 1, max(0, ty0 + round(0.1 * (ty1 - ty0)) - y0))
    b1 = min(h, max(b0 + 1, ty0 + round(0.9 * (ty1 - ty0)) - y0))
    gap = round(BRIDGE_MM * ppm)
    cols = _bridge(lines[b0:b1], ink[b0:b1], gap, round(0.5 * ppm), raw[b0:b1])
    name_cols = cols[n0:n1]
    coverage = float(name_cols.mean())
    # ... and through the middle of the letters (not along their tops or their feet)
    m0 = min(h - 1, max(0, ty0 + round(MIDDLE[0] * (ty1 - ty0)) - y0))
    m1 = min(h, max(m0 + 1, ty0 + round(MIDDLE[1] * (ty1 - ty0)) - y0))
    middle = float(_bridge(lines[m0:m1], ink[m0:m1], gap, round(0.5 * ppm),
                           raw[m0:m1])[n0:n1].mean())
    outside_mm2 = float(new[:, :zx0].sum() + new[:, zx1:].sum()) / (ppm * ppm)
    inked = new[:, n0:n1].any(axis=0)
    free = int((~printed[:, n0:n1][:, inked]).sum())
    fill = float(new[:, n0:n1][:, inked].sum()) / free if free else 0.0
    # lines and rings with the parts hidden under the letters bridged
    joined = _joined(full_new, full_ink, gap)
    name = joined[inset:-inset, n0:n1]
    above = float(name[:b0].any(axis=0).mean()) if b0 > 0 else 0.0
    below = float(name[b1:].any(axis=0).mean()) if b1 < h else 0.0
    # a ring closes round the name; over the row's rules it may run hidden, so these close it
    rules = np.zeros_like(joined)
    side = round(0.5 * ppm)
    across = full_printed[:, zx0 + side:zx1 - side].mean(axis=1) > 0.8
    across[3 * inset:-3 * inset] = False  # the rules at the top and the foot of the row
    rules[across, zx0 + side:zx1 - side] = 1
    # and its sides may run hidden under the cell's borders
    sides = _joined(full_new, full_ink, round(RING_SIDE_MM * ppm), vertical=True)
    deep = _holes(joined | sides | rules)[:, n0:n1].sum(axis=0) >= RING_HOLE * (ty1 - ty0)
    ring = max(min(above, below), _tall(name, RING_SPAN * (ty1 - ty0), RING_HOLE * (ty1 - ty0)),
               float(deep.mean()))
    # ink beside the line through the name (before it or after it)
    first, last = _line_extent(cols, n0, n1)
    extra_mm2 = float(new[:, :first].sum() + new[:, last:].sum()) / (ppm * ppm)
    return Measures(ink_mm2, coverage, outside_mm2, fill, ring, extra_mm2,
                    _partial_side(name_cols), middle)


def classify(m: Measures) -> tuple[str, str | None]:
    """A name's reading from what the reader measured in its row."""
    if m.ink_mm2 < KEPT_INK_MM2:
        if m.coverage >= FAINT_COVERAGE:
            return UNSURE, "faint-line"  # little ink, but along the name: a thin line
        return KEPT, None
    if m.fill > SMUDGE_FILL:
        return UNSURE, "smudge"  # a blot, not a line
    if m.ring >= RING_COVERAGE:
        return UNSURE, "ring"  # ink above and below the name, or round it over its letters
    if m.coverage >= CROSSED_COVERAGE:
        if m.middle < MIDDLE_COVERAGE:
            return UNSURE, "line-along-edge"  # along the letters' tops or feet: a ring's arc?
        if m.extra_mm2 >= KEPT_INK_MM2:
            return UNSURE, "line-and-mark"  # struck, and something else: restored?
        return CROSSED, None
    if m.outside_mm2 >= KEPT_INK_MM2 and m.ink_mm2 - m.outside_mm2 < KEPT_INK_MM2:
        return UNSURE, "mark-outside-name"
    if m.coverage >= PARTIAL_COVERAGE:
        return UNSURE, f"partial-line-{m.side}" if m.side else "partial-line"
    return UNSURE, "mark-not-a-line"


def _partial_side(name_cols: np.ndarray) -> str:
    """Which end of the name a partial line starts or ends at, if one."""
    if not name_cols.any():
        return ""
    n = len(name_cols)
    first = int(np.argmax(name_cols))
    last = n - int(np.argmax(name_cols[::-1]))
    if first <= 0.05 * n:
        return "start"  # the family name (and more) struck, not the whole name
    if last >= 0.95 * n:
        return "end"  # the given name (and more) struck
    return ""


def _marks(grey: Grey, predicted: np.ndarray, ppm: float, back: np.ndarray,
           qr: Box) -> np.ndarray | None:
    """The centres of the four registration marks: filled squares of the mark's size, each the
    nearest to where the QR code puts it (within 25 mm; the QR code's own corners, mapped
    ``back`` to the layout, excluded); None if one is missing."""
    side = MARK_SIZE * ppm
    reach = 25 * ppm
    found = []
    h, w = grey.shape
    for px, py in predicted:
        x0, y0 = max(0, int(px - reach)), max(0, int(py - reach))
        x1, y1 = min(w, int(px + reach) + 1), min(h, int(py + reach) + 1)
        if x1 - x0 < side or y1 - y0 < side:
            return None
        window = grey[y0:y1, x0:x1]
        _, binary = cv2.threshold(window, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
        n, _, stats, cents = cv2.connectedComponentsWithStats(binary, connectivity=8)
        best, best_d = None, reach
        for i in range(1, n):
            left, top = stats[i, cv2.CC_STAT_LEFT], stats[i, cv2.CC_STAT_TOP]
            bw, bh = stats[i, cv2.CC_STAT_WIDTH], stats[i, cv2.CC_STAT_HEIGHT]
            area = stats[i, cv2.CC_STAT_AREA]
            if not (0.9 * side <= bw <= 1.3 * side and 0.9 * side <= bh <= 1.3 * side):
                continue
            if not 0.9 * side * side <= area <= 1.3 * side * side or area < 0.8 * bw * bh:
                continue  # not a whole square: a corner folded over it, a blot
            if (x0 + left == 0 or y0 + top == 0 or x0 + left + bw == w
                    or y0 + top + bh == h):
                continue  # cut by the edge of the scan
            cx, cy = cents[i][0] + x0, cents[i][1] + y0
            mx, my = back @ np.array([cx, cy, 1.0])
            if qr.x <= mx <= qr.right and qr.y <= my <= qr.bottom:
                continue  # a finder pattern of the QR code
            d = float(np.hypot(cx - px, cy - py))
            if d < best_d:
                best, best_d = (cx, cy), d
        if best is None:
            return None
        found.append(best)
    return np.array(found, np.float32)


@dataclass(frozen=True)
class _Code:
    text: str
    corners: np.ndarray  # top-left, top-right and bottom-left corners on the scan (pixels)


def _codes(grey: Grey, *, upscale: int = 1) -> list[_Code]:
    """The QR codes on the page; a blurred or light scan is tried with other thresholds; with
    ``upscale`` the page is first enlarged that many times (a coarse scan whose modules are
    too few pixels wide for the decoder), the corners given on the page as it is."""
    qr = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    image = grey if upscale == 1 else cv2.resize(grey, None, fx=upscale, fy=upscale,
                                                 interpolation=cv2.INTER_LINEAR)
    for binarizer in (zxingcpp.Binarizer.LocalAverage, zxingcpp.Binarizer.FixedThreshold,
                      zxingcpp.Binarizer.GlobalHistogram):
        found = zxingcpp.read_barcodes(image, formats=qr, binarizer=binarizer,
                                       try_rotate=False,  # a QR code reads at any angle
                                       try_invert=False)
        if found:
            out = []
            for code in found:
                p = code.position
                corners = np.array([[p.top_left.x, p.top_left.y], [p.top_right.x, p.top_right.y],
                                    [p.bottom_left.x, p.bottom_left.y]], np.float32)
                # pixel centres: x on the page is (x' + 0.5) / upscale - 0.5 on the enlarged one
                out.append(_Code(code.text, (corners + 0.5) / upscale - 0.5))
            return out
    return []


def _tall(cols: np.ndarray, span: float, hollow: float) -> float:
    """The share of the inked columns of ``cols`` whose ink reaches over ``span`` rows, from
    the first inked row to the last, with at least ``hollow`` rows uninked between (a ring's
    two arcs; a line, single, double or wavy, stays lower, a thick double line is solid)."""
    inked = cols.any(axis=0)
    if not inked.any():
        return 0.0
    c = cols[:, inked].astype(bool)
    rows = c.shape[0]
    first = np.argmax(c, axis=0)
    last = rows - np.argmax(c[::-1], axis=0)
    # the longest run of uninked rows inside each column's ink
    index = np.arange(rows)[:, None]
    inside = (index >= first) & (index < last) & ~c
    run = np.zeros(c.shape[1], int)
    longest = np.zeros(c.shape[1], int)
    for r in range(rows):
        run = np.where(inside[r], run + 1, 0)
        longest = np.maximum(longest, run)
    return float(np.mean((last - first >= span) & (longest >= hollow)))


def _joined(new: np.ndarray, ink: np.ndarray, gap: int, *, vertical: bool = False) -> np.ndarray:
    """``new`` with the parts of its lines hidden under printed letters: the scan's ink between
    two pieces of new ink in the same rows (give or take one), up to ``gap`` columns apart;
    or, ``vertical``, in the same columns, up to ``gap`` rows apart."""
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (3, gap) if vertical else (gap, 3))
    closed = cv2.morphologyEx(new, cv2.MORPH_CLOSE, kernel, borderType=cv2.BORDER_CONSTANT,
                              borderValue=0)
    out: np.ndarray = new | (closed & ink.astype(np.uint8))
    return out


def _holes(binary: np.ndarray) -> np.ndarray:
    """The holes of ``binary``: the parts of its background that it closes round, cut off from
    the edges of the image."""
    background = (binary == 0).astype(np.uint8)
    n, labels = cv2.connectedComponents(background, connectivity=4)
    if n <= 2:
        return np.zeros(binary.shape, bool)
    edge = np.zeros(n, bool)
    for side in (labels[0], labels[-1], labels[:, 0], labels[:, -1]):
        edge[side] = True
    edge[0] = True  # the label of the ink itself
    out: np.ndarray = ~edge[labels]
    return out


def _line_extent(cols: np.ndarray, n0: int, n1: int) -> tuple[int, int]:
    """The columns a line through the name takes: from the first to the last of the runs of
    covered ``cols`` that meet the name's columns ``n0:n1``."""
    padded = np.concatenate(([False], cols, [False])).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    starts, stops = edges[0::2], edges[1::2]
    meet = (starts < n1) & (stops > n0)
    if not meet.any():
        return n0, n0
    return int(np.min(starts[meet])), int(np.max(stops[meet]))


def _pieces(binary: np.ndarray) -> np.ndarray:
    """``binary`` without the pieces a single pixel wide or high (a sliver along a printed
    letter where the scan's letter is a little wider than the blank page's, a speck)."""
    if not binary.any():
        return binary
    _n, labels, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    keep = (stats[:, cv2.CC_STAT_WIDTH] >= 2) & (stats[:, cv2.CC_STAT_HEIGHT] >= 2)
    keep[0] = False
    out: np.ndarray = keep[labels].astype(np.uint8)
    return out


def _despeckle(binary: np.ndarray, least: float) -> np.ndarray:
    """``binary`` without its connected pieces smaller than ``least`` pixels, nor those
    nowhere two pixels thick (a sliver along a printed letter where the scan's letter is a
    little wider than the blank page's; a pen's line is thicker)."""
    if not binary.any():
        return binary
    _n, labels, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    keep = stats[:, cv2.CC_STAT_AREA] >= least
    thick = np.zeros_like(keep)
    thick[labels[cv2.erode(binary, np.ones((2, 2), np.uint8)) > 0]] = True
    keep &= thick
    keep[0] = False
    out: np.ndarray = keep[labels].astype(np.uint8)
    return out


def _bridge(band_new: np.ndarray, band_ink: np.ndarray, gap: int, tol: int,
            slivers: np.ndarray | None = None) -> np.ndarray:
    """The columns of the band that a line covers: those with new ink, and the gaps (up to
    ``gap`` columns) between two such columns where the line may run under printed letters,
    that is where every column of the gap is inked (by a letter or the line) within ``tol``
    rows of the rows the new ink takes at the gap's two ends.

    With ``slivers`` (all the new ink, slivers too) a line is also followed from the end of
    each covered run, either way, through the slivers it leaves where it runs along the
    letters' edges (a thin line hidden under a word but for a pixel here and there): a sliver
    in the rows of the line's end, give or take ``tol``, with every column up to it inked in
    those rows, continues the line. A line is never followed across a word space: there only
    a visible line is ink."""
    cols = band_new.any(axis=0)
    out = cols.copy()
    idx = np.flatnonzero(cols)
    for a, b in itertools.pairwise(idx):
        if not 1 < b - a <= gap + 1:
            continue
        rows = np.flatnonzero(band_new[:, a] | band_new[:, b])
        lo, hi = max(0, int(rows[0]) - tol), int(rows[-1]) + tol + 1
        if band_ink[lo:hi, a + 1:b].any(axis=0).all():
            out[a:b] = True
    if slivers is not None and idx.size:
        _follow(out, band_new, slivers, band_ink, gap, tol)
    return out


def _follow(out: np.ndarray, band_new: np.ndarray, slivers: np.ndarray, band_ink: np.ndarray,
            gap: int, tol: int) -> None:
    """Extend the covered runs of ``out`` (in place) along ``slivers`` (see :func:`_bridge`)."""
    w = out.size
    padded = np.concatenate(([False], out, [False])).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    for start, stop in zip(edges[0::2], edges[1::2], strict=True):
        for end, step in ((int(stop) - 1, 1), (int(start), -1)):
            rows = np.flatnonzero(band_new[:, end])
            if rows.size == 0:
                continue
            lo, hi = int(rows[0]), int(rows[-1])
            while True:
                reach = range(end + step, end + step * (gap + 2), step)
                found = None
                for c in reach:
                    if not 0 <= c < w:
                        break
                    a, b = max(0, lo - tol), hi + tol + 1
                    if not band_ink[a:b, c].any():
                        break  # the line cannot run hidden here
                    here = np.flatnonzero(slivers[a:b, c])
                    if here.size:
                        found = c, a + int(here[0]), a + int(here[-1])
                        break
                if found is None:
                    break
                c, lo, hi = found
                lo_c, hi_c = sorted((end, c))
                out[lo_c:hi_c + 1] = True
                end = c


__all__ = ["AGREE", "CROSSED", "DISAGREE", "KEPT", "QR_MODULE", "UNSURE", "PageReading",
           "Reader", "Reading", "rejected"]
