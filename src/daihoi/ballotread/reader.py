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

from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np
import zxingcpp

from daihoi.ballotread.layout import QR_MODULE, BallotLayout, Box, PageLayout, Position
from daihoi.ballotread.raster import READ_PX_PER_MM, Grey

# Thresholds (the reader's policy): each is tested at its boundary in tests/ballotread.
#: A crossed name: a line covers at least this share of the printed name's width.
CROSSED_COVERAGE = 0.9
#: Below this many mm² of new ink in the row (after removing specks), a name is kept.
KEPT_INK_MM2 = 0.6
#: New-ink specks smaller than this (mm²) are scanner noise.
SPECK_MM2 = 0.2
#: A line running under a printed letter is hidden there: gaps up to this (mm) are bridged.
BRIDGE_MM = 2.5
#: The blank page's ink widened by this many pixels (at READ_PX_PER_MM) for the registration
#: error.
REF_GROW_PX = 2
#: A page with less dark area than this share is blank.
BLANK_INK_SHARE = 0.002
#: Marks and QR code may disagree by this much (mm) before the page is refused.
MARK_TOLERANCE_MM = 3.0

CROSSED, KEPT, UNSURE = "crossed", "kept", "unsure"
AGREE, DISAGREE = "agree", "disagree"


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
        ink = (blank < 200).astype(np.uint8)
        kernel = np.ones((2 * REF_GROW_PX + 1, 2 * REF_GROW_PX + 1), np.uint8)
        self.mask = cv2.dilate(ink, kernel) > 0

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
    def read(self, image: Grey) -> PageReading:
        grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        grey = np.ascontiguousarray(grey, dtype=np.uint8)
        codes = zxingcpp.read_barcodes(grey, formats=zxingcpp.BarcodeFormat.QRCode)
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
        straight = self._straighten(grey, code, ref)
        if isinstance(straight, str):
            return rejected(straight, code=code.text)
        page, rotation = straight
        # -- 3. the names
        readings = tuple(self._position(page, ref, q) for q in ref.page.positions)
        return PageReading("read", code=code.text, page=ref.page.page, rotation=rotation,
                           positions=readings)

    # -- 2. the page
    def _straighten(self, grey: Grey, code: Any, ref: _Reference) -> tuple[Grey, int] | str:
        pos = code.position
        seen = np.array([[pos.top_left.x, pos.top_left.y], [pos.top_right.x, pos.top_right.y],
                         [pos.bottom_left.x, pos.bottom_left.y]], np.float32)
        qr = ref.page.qr
        printed = np.array([[qr.x, qr.y], [qr.right, qr.y], [qr.x, qr.bottom]], np.float32)
        rough = cv2.getAffineTransform(printed, seen)  # mm → scan pixels
        ppm_scan = float(np.hypot(*(seen[1] - seen[0]))) / qr.w
        if ppm_scan < 2:  # below ~50 dpi there is nothing to read
            return "no-code"
        centres = np.array(ref.page.mark_centres(), np.float32)
        predicted = cv2.transform(centres[None], rough)[0]
        found = _marks(grey, predicted, ppm_scan)
        if found is None:
            return "marks-not-found"
        target = centres * ref.ppm
        warp = cv2.getPerspectiveTransform(found, target)
        # The QR code where the marks put it: the two must agree.
        qr_seen = cv2.perspectiveTransform(seen[None], warp)[0] / ref.ppm
        if float(np.max(np.abs(qr_seen - printed))) > MARK_TOLERANCE_MM:
            return "marks-inconsistent"
        page = cv2.warpPerspective(grey, warp, ref.size, flags=cv2.INTER_LINEAR,
                                   borderMode=cv2.BORDER_CONSTANT, borderValue=255)
        angle = float(np.degrees(np.arctan2(*(seen[1] - seen[0])[::-1])))
        rotation = int(round(angle / 90.0)) % 4 * 90
        return page, rotation

    # -- 3. the names
    def _position(self, page: Grey, ref: _Reference, q: Position) -> Reading:
        ppm = ref.ppm
        x0, y0, x1, y1 = ref.px(q.row.inset(0.4, 0.35))
        crop = page[y0:y1, x0:x1]
        white = float(np.percentile(page[::4, ::4], 90))
        ink = crop < white * 0.62
        new = (ink & ~ref.mask[y0:y1, x0:x1]).astype(np.uint8)
        new = _despeckle(new, SPECK_MM2 * ppm * ppm)
        ink_mm2 = float(new.sum()) / (ppm * ppm)
        if q.agree is not None and q.disagree is not None:
            return self._boxes(new, ref, q, (x0, y0), ink_mm2)
        zx0, _, zx1, _ = ref.px(q.zone)
        tx0, ty0, tx1, ty1 = ref.px(q.text)
        # the band of the printed name, a little taller (a line through it may run high or low)
        grow = round(0.25 * (ty1 - ty0))
        band = new[max(0, ty0 - grow - y0):max(0, ty1 + grow - y0), :]
        cols = band.any(axis=0)
        cols = _bridge(cols, round(BRIDGE_MM * ppm))
        name_cols = cols[max(0, tx0 - x0):max(0, tx1 - x0)]
        coverage = float(name_cols.mean()) if name_cols.size else 0.0
        outside = float(new[:, :max(0, zx0 - x0)].sum() + new[:, max(0, zx1 - x0):].sum())
        outside_mm2 = outside / (ppm * ppm)

        def unsure(reason: str) -> Reading:
            return Reading(q.number, q.name, UNSURE, reason, coverage, ink_mm2)

        if ink_mm2 < KEPT_INK_MM2:
            return Reading(q.number, q.name, KEPT, None, coverage, ink_mm2)
        if coverage >= CROSSED_COVERAGE:
            zone_area = (zx1 - zx0) * (y1 - y0)
            if new.sum() > 0.45 * zone_area:
                return unsure("smudge")  # a blot, not a line
            return Reading(q.number, q.name, CROSSED, None, coverage, ink_mm2)
        if outside_mm2 >= KEPT_INK_MM2 and ink_mm2 - outside_mm2 < KEPT_INK_MM2:
            return unsure("mark-outside-name")
        if coverage >= 0.2:
            first = int(np.argmax(name_cols))
            last = len(name_cols) - int(np.argmax(name_cols[::-1]))
            if first <= 0.05 * len(name_cols):
                return unsure("partial-line-start")
            if last >= 0.95 * len(name_cols):
                return unsure("partial-line-end")
            return unsure("partial-line")
        return unsure("mark-not-a-line")

    def _boxes(self, new: np.ndarray, ref: _Reference, q: Position,
               origin: tuple[int, int], ink_mm2: float) -> Reading:
        assert q.agree is not None and q.disagree is not None
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


def _marks(grey: Grey, predicted: np.ndarray, ppm: float) -> np.ndarray | None:
    """The centres of the four registration marks: filled squares of the mark's size, each the
    nearest to where the QR code puts it (within 12 mm); None if one is missing."""
    from daihoi.ballotread.layout import MARK_SIZE

    side = MARK_SIZE * ppm
    reach = 12 * ppm
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
            bw, bh, area = stats[i, cv2.CC_STAT_WIDTH], stats[i, cv2.CC_STAT_HEIGHT], \
                stats[i, cv2.CC_STAT_AREA]
            if not (0.6 * side <= bw <= 1.6 * side and 0.6 * side <= bh <= 1.6 * side):
                continue
            if area < 0.6 * side * side or area < 0.7 * bw * bh:
                continue
            cx, cy = cents[i][0] + x0, cents[i][1] + y0
            d = float(np.hypot(cx - px, cy - py))
            if d < best_d:
                best, best_d = (cx, cy), d
        if best is None:
            return None
        found.append(best)
    return np.array(found, np.float32)


def _despeckle(binary: np.ndarray, least: float) -> np.ndarray:
    """``binary`` without its connected pieces smaller than ``least`` pixels."""
    if not binary.any():
        return binary
    n, labels, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    keep = stats[:, cv2.CC_STAT_AREA] >= least
    keep[0] = False
    return keep[labels].astype(np.uint8)


def _bridge(cols: np.ndarray, gap: int) -> np.ndarray:
    """``cols`` with every run of False no longer than ``gap`` between two Trues made True."""
    out = cols.copy()
    idx = np.flatnonzero(cols)
    if idx.size < 2:
        return out
    for a, b in zip(idx[:-1], idx[1:], strict=True):
        if 1 < b - a <= gap + 1:
            out[a:b] = True
    return out


__all__ = ["AGREE", "CROSSED", "DISAGREE", "KEPT", "QR_MODULE", "UNSURE", "PageReading",
           "Reader", "Reading", "rejected"]
