"""Reading one scanned page of a ballot.

1. The page's code: the QR code (zxing-cpp), in any orientation. No code: the page is rejected
   (``blank`` if it carries almost no ink, else ``no-code``); a code of another round or
   election: ``other-round``.
2. The page: the QR code's corners tell roughly where the four registration marks are (and
   which way up the page is); each is then found as a filled square of the right size near
   there. The four centres give the perspective that straightens the page (rotation, upside
   down too, skew, scale, offset) to the layout's size at :data:`READ_PX_PER_MM`. A mark not
   found, or marks that disagree with the QR code, reject the page (``marks-not-found``,
   ``marks-inconsistent``).
3. Each name: new ink is what is dark on the scan and not on the blank page (the layout's
   rendering, widened a little for the registration error). In the name's strike zone the
   reader measures how much of the printed name's width a line covers in the band of the name
   (gaps where the line runs under a letter are bridged), the ink elsewhere in the zone and
   in the row's other cells. A line through the whole name is ``crossed``; no new ink is
   ``kept``; anything else is ``unsure``, with the reason. Nothing unsure is guessed.
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

# Thresholds (the reader's policy): each is tested at its boundary in tests/ballotread.
#: A crossed name: a line covers at least this share of the printed name's width.
CROSSED_COVERAGE = 0.9
#: Below this many mm² of new ink in the row (after removing specks), a name is kept.
KEPT_INK_MM2 = 1.0
#: A line covering at least this share of the name, but not enough to cross it, is partial.
PARTIAL_COVERAGE = 0.2
#: A name's cell inked over more than this share is a blot, not a line.
SMUDGE_FILL = 0.45
#: New-ink specks smaller than this (mm²) are scanner noise.
SPECK_MM2 = 0.2
#: A line running under printed letters is hidden there: gaps up to this (mm) are bridged
#: where the scan is inked all along them.
BRIDGE_MM = 6.0
#: New ink above and below the name over this share of its width: a ring round the name;
#: so is ink reaching from over to under the letters (this share of the name's height, the
#: top of the first ink to the foot of the last) along that share of its width.
RING_COVERAGE = 0.5
RING_SPAN = 0.75
#: The blank page's ink widened by this many pixels (at READ_PX_PER_MM) for the registration
#: error.
REF_GROW_PX = 1
#: A page with less dark area than this share is blank.
BLANK_INK_SHARE = 0.002
#: Marks and QR code may disagree by this much (mm) before the page is refused.
MARK_TOLERANCE_MM = 3.0

CROSSED, KEPT, UNSURE = "crossed", "kept", "unsure"
AGREE, DISAGREE = "agree", "disagree"
#: Why a position is unsure (docs/scan-format.md).
UNSURE_REASONS = ("partial-line", "partial-line-start", "partial-line-end", "mark-not-a-line",
                  "mark-outside-name", "ring", "smudge", "both-boxes", "no-box")
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
            return rejected("no-code")
        known = [c for c in codes if c.text in self.refs]
        if not known:
            return rejected("other-round", code=codes[0].text)
        code = known[0]
        ref = self.refs[code.text]
        # -- 2. the page
        pos = code.position
        seen = np.array([[pos.top_left.x, pos.top_left.y], [pos.top_right.x, pos.top_right.y],
                         [pos.bottom_left.x, pos.bottom_left.y]], np.float32)
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
        new = (ink & ~ref.mask).astype(np.uint8)
        readings = tuple(self._position(ink, new, ref, q) for q in ref.page.positions)
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
    def _position(self, ink: np.ndarray, new_ink: np.ndarray, ref: _Reference,
                  q: Position) -> Reading:
        """``ink``: the straightened page's ink; ``new_ink``: the part of it that the blank
        page does not have."""
        ppm = ref.ppm
        x0, y0, x1, y1 = ref.px(q.row.inset(0.4, 0.35))
        new = _despeckle(new_ink[y0:y1, x0:x1], SPECK_MM2 * ppm * ppm)
        ink_mm2 = float(new.sum()) / (ppm * ppm)
        if q.agree is not None and q.disagree is not None:
            return self._boxes(new, ref, q, (x0, y0), ink_mm2)
        zx0, _, zx1, _ = ref.px(q.zone)
        tx0, ty0, tx1, ty1 = ref.px(q.text)
        # the band of the printed name where a line through it runs (not the ascenders' tops
        # nor the descenders' feet)
        b0 = max(0, ty0 + round(0.1 * (ty1 - ty0)) - y0)
        b1 = max(b0 + 1, ty0 + round(0.9 * (ty1 - ty0)) - y0)
        band = new[b0:b1, :]
        cols = _bridge(band, ink[y0 + b0:y0 + b1, x0:x1], round(BRIDGE_MM * ppm),
                       round(0.5 * ppm))
        n0, n1 = max(0, tx0 - x0), max(0, tx1 - x0)
        name_cols = cols[n0:n1]
        coverage = float(name_cols.mean()) if name_cols.size else 0.0
        above = float(new[:b0, n0:n1].any(axis=0).mean()) if b0 > 0 and n1 > n0 else 0.0
        below = (float(new[b1:, n0:n1].any(axis=0).mean())
                 if b1 < new.shape[0] and n1 > n0 else 0.0)
        outside = float(new[:, :max(0, zx0 - x0)].sum() + new[:, max(0, zx1 - x0):].sum())
        outside_mm2 = outside / (ppm * ppm)
        if ink_mm2 >= KEPT_INK_MM2 and (
                min(above, below) >= RING_COVERAGE
                or _tall(new[:, n0:n1], RING_SPAN * (ty1 - ty0)) >= RING_COVERAGE):
            # a ring round the name: ink above and below it, or over and under its letters
            return Reading(q.number, q.name, UNSURE, "ring", coverage, ink_mm2)

        status, reason = classify(coverage, ink_mm2, outside_mm2,
                                  float(new.sum()) / max(1, (zx1 - zx0) * (y1 - y0)),
                                  _partial_side(name_cols))
        return Reading(q.number, q.name, status, reason, coverage, ink_mm2)

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
        agree, disagree = (m >= 2 * KEPT_INK_MM2 for m in marks)
        if agree and not disagree:
            return Reading(q.number, q.name, AGREE, None, 0.0, ink_mm2)
        if disagree and not agree:
            return Reading(q.number, q.name, DISAGREE, None, 0.0, ink_mm2)
        return Reading(q.number, q.name, UNSURE, "both-boxes" if agree else "no-box", 0.0,
                       ink_mm2)


def classify(coverage: float, ink_mm2: float, outside_mm2: float, fill: float,
             side: str) -> tuple[str, str | None]:
    """A name's reading from what the reader measured in its row: the share of the name's
    width a line covers, the new ink in the row and the part of it outside the name's cell
    (mm²), the share of the name's cell that is inked, and which end of the name a partial
    line touches (``start``, ``end`` or ``""``)."""
    if ink_mm2 < KEPT_INK_MM2:
        return KEPT, None
    if coverage >= CROSSED_COVERAGE:
        if fill > SMUDGE_FILL:
            return UNSURE, "smudge"  # a blot, not a line
        return CROSSED, None
    if outside_mm2 >= KEPT_INK_MM2 and ink_mm2 - outside_mm2 < KEPT_INK_MM2:
        return UNSURE, "mark-outside-name"
    if coverage >= PARTIAL_COVERAGE:
        return UNSURE, f"partial-line-{side}" if side else "partial-line"
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
            bw, bh = stats[i, cv2.CC_STAT_WIDTH], stats[i, cv2.CC_STAT_HEIGHT]
            area = stats[i, cv2.CC_STAT_AREA]
            if not (0.75 * side <= bw <= 1.4 * side and 0.75 * side <= bh <= 1.4 * side):
                continue
            if area < 0.6 * side * side or area < 0.6 * bw * bh:
                continue
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


def _codes(grey: Grey) -> list[Any]:
    """The QR codes on the page; a blurred or light scan is tried with other thresholds."""
    qr = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    for binarizer in (zxingcpp.Binarizer.LocalAverage, zxingcpp.Binarizer.FixedThreshold,
                      zxingcpp.Binarizer.GlobalHistogram):
        codes = zxingcpp.read_barcodes(grey, formats=qr, binarizer=binarizer)
        if codes:
            return list(codes)
    return []


def _tall(cols: np.ndarray, span: float) -> float:
    """The share of the inked columns of ``cols`` whose ink reaches over ``span`` rows, from
    the first inked row to the last (a line, single, double or wavy, stays lower)."""
    inked = cols.any(axis=0)
    if not inked.any():
        return 0.0
    c = cols[:, inked]
    first = np.argmax(c, axis=0)
    last = c.shape[0] - np.argmax(c[::-1], axis=0)
    return float(np.mean(last - first >= span))


def _despeckle(binary: np.ndarray, least: float) -> np.ndarray:
    """``binary`` without its connected pieces smaller than ``least`` pixels."""
    if not binary.any():
        return binary
    _n, labels, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    keep = stats[:, cv2.CC_STAT_AREA] >= least
    keep[0] = False
    out: np.ndarray = keep[labels].astype(np.uint8)
    return out


def _bridge(band_new: np.ndarray, band_ink: np.ndarray, gap: int, tol: int) -> np.ndarray:
    """The columns of the band that a line covers: those with new ink, and the gaps (up to
    ``gap`` columns) between two such columns where the line may run under printed letters,
    that is where every column of the gap is inked (by a letter or the line) within ``tol``
    rows of the rows the new ink takes at the gap's two ends."""
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
    return out


__all__ = ["AGREE", "CROSSED", "DISAGREE", "KEPT", "QR_MODULE", "UNSURE", "PageReading",
           "Reader", "Reading", "rejected"]
