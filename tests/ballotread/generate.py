"""A corpus of scanned ballots with known truth (issue 15, point 6).

The product's own ballots (``ballot_pdf.render_with_layout``) rendered by pypdfium2 at 150, 200
or 300 dpi; on them, what voters draw: ordinary strikes (pens 0.3-1.2 mm, grey to black,
straight, slanted, wavy, double) and planted ambiguous marks (a partial line through the family
or the given name only, a circle round the name, a tick, a mark in the number's cell); then the
scanner: skew ±3°, scale ±2 %, offset, upside down, faded toner, a shadow at the fold, blur,
noise, JPEG.

Every drawing is in the layout's millimetres, so the truth of each position is known:
``crossed``, ``kept`` or ``unsure`` (an ambiguous mark the reader must flag).

``python -m tests.ballotread.generate OUT_DIR [N]`` writes N scanned ballots as JPEG with a
truth file, and the layout, for trying ``daihoi scan`` by hand.
"""

from __future__ import annotations

import functools
import json
import math
import random
import sys
from dataclasses import dataclass
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
AMBIGUOUS = ("partial-family", "partial-given", "circle", "tick", "number-cell")


def names(n: int, seed: int = 1) -> tuple[str, ...]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        out.append(" ".join((rng.choice(FAMILY), rng.choice(MIDDLE), rng.choice(GIVEN))))
    return tuple(sorted(out))


@functools.cache
def ballot(n: int, code: str = "DH-3-7-1") -> tuple[bytes, BallotLayout]:
    """A cross-out ballot of ``n`` names with the round's ``code``, and its layout (with the
    blank pages the reader compares with)."""
    text = BallotText(
        organization="Đảng bộ Khối Chính quyền huyện", congress="ĐẠI HỘI ĐẠI BIỂU LẦN THỨ X",
        election="Bầu Ban Chấp hành Đảng bộ Khối, nhiệm kỳ 2025–2030", round=1, code=code,
        names=names(n), cross_out=True, max_kept=max(1, n * 4 // 5))
    pdf, layout = render_with_layout(text)
    return pdf, raster.blank_pages(pdf, layout)


@functools.cache
def blank_scan(n: int, page: int, dpi: int, code: str = "DH-3-7-1") -> np.ndarray:
    pdf, _ = ballot(n, code)
    return next(raster.pdf_pages(pdf, dpi, first=page - 1, count=1))


@dataclass
class Sheet:
    image: np.ndarray
    truth: dict[int, str]  # number → crossed | kept | unsure
    marks: dict[int, str]  # number → what was drawn
    dpi: int


class Pen:
    def __init__(self, image: np.ndarray, dpi: int, rng: random.Random) -> None:
        self.img, self.ppm, self.rng = image, dpi / 25.4, rng
        self.width = rng.uniform(0.3, 1.2)  # mm
        self.tone = rng.randint(0, 90)  # black to a blue ballpoint's grey

    def poly(self, points_mm: list[tuple[float, float]], width: float | None = None) -> None:
        pts = np.array([[x * self.ppm * 16, y * self.ppm * 16] for x, y in points_mm],
                       np.int32)
        thick = max(1, round((width or self.width) * self.ppm))
        cv2.polylines(self.img, [pts], False, self.tone, thick, cv2.LINE_AA, shift=4)

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


def strike(pen: Pen, text: Box, rng: random.Random) -> str:
    """An ordinary line through the whole name; returns its kind."""
    kind = rng.choice(("straight", "slanted", "wavy", "double"))
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
    elif kind == "circle":
        cx, cy = text.centre
        rx, ry = text.w / 2 + 2.0, zone.h / 2 - 0.8
        pts = [(cx + rx * math.cos(a), cy + ry * math.sin(a))
               for a in np.linspace(0, math.tau, 60)]
        pen.poly(pts)
    elif kind == "tick":
        x = text.right + rng.uniform(3.0, 8.0)
        x = min(x, zone.right - 5.0)
        pen.poly([(x, y - 0.5), (x + 1.0, y + 1.2), (x + 3.5, y - 2.0)])
    elif kind == "number-cell":  # a tick in the number's cell, beside the number
        x = row.x + 0.9
        pen.poly([(x, y - 0.4), (x + 0.6, y + 0.6), (x + 1.6, y - 1.0)])


def scanner(image: np.ndarray, dpi: int, rng: random.Random, *, flip: bool) -> np.ndarray:
    """The page on the scanner's glass (a little larger than the page), skewed, scaled and
    offset; faded toner, a shadow at the fold, blur, noise, JPEG; maybe upside down."""
    pad = round(6 * dpi / 25.4)
    image = cv2.copyMakeBorder(image, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=245)
    h, w = image.shape
    angle = rng.uniform(-3.0, 3.0)
    scale = rng.uniform(0.98, 1.02)
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, scale)
    m[0, 2] += rng.uniform(-3, 3) * dpi / 25.4
    m[1, 2] += rng.uniform(-3, 3) * dpi / 25.4
    out = cv2.warpAffine(image, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=245)
    sigma = rng.uniform(0.0, 1.0) * dpi / 200
    if sigma > 0.2:
        out = cv2.GaussianBlur(out, (0, 0), sigma)
    if rng.random() < 0.2:  # faded toner: the dark lighter
        out = (255 - (255 - out.astype(np.float32)) * rng.uniform(0.7, 0.9)).astype(np.uint8)
    if rng.random() < 0.2:  # a shadow at the fold, across the middle of the page
        rows = np.arange(h, dtype=np.float32)[:, None]
        fold = h * rng.uniform(0.4, 0.6)
        shade = 1 - rng.uniform(0.1, 0.25) * np.exp(-((rows - fold) / (4 * dpi / 25.4)) ** 2)
        out = (out.astype(np.float32) * shade).astype(np.uint8)
    noise = np.random.default_rng(rng.randrange(1 << 30)).normal(0, rng.uniform(0, 8), out.shape)
    out = np.clip(out.astype(np.float32) * rng.uniform(0.88, 1.0) + noise, 0, 255)
    out = out.astype(np.uint8)
    if flip:
        out = cv2.rotate(out, cv2.ROTATE_180)
    quality = rng.randint(55, 92)
    ok, jpeg = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return cv2.imdecode(jpeg, cv2.IMREAD_GRAYSCALE)


def sheet(seed: int, n: int = 12, *, page: int = 1, dpi: int | None = None,
          ambiguous_share: float = 0.1, crossed_share: float = 0.3) -> Sheet:
    """One scanned ballot page with known truth."""
    rng = random.Random(seed)
    dpi = dpi or rng.choice((150, 200, 300))
    _, layout = ballot(n)
    lp = layout.pages[page - 1]
    image = blank_scan(n, page, dpi).copy()
    truth, marks = {}, {}
    for q in lp.positions:
        pen = Pen(image, dpi, rng)
        r = rng.random()
        if r < ambiguous_share:
            kind = rng.choice(AMBIGUOUS)
            ambiguous(pen, kind, q.row, q.zone, q.text, rng)
            truth[q.number], marks[q.number] = "unsure", kind
        elif r < ambiguous_share + crossed_share:
            marks[q.number] = strike(pen, q.text, rng)
            truth[q.number] = "crossed"
        else:
            truth[q.number], marks[q.number] = "kept", ""
    image = scanner(image, dpi, rng, flip=rng.random() < 0.15)
    return Sheet(image, truth, marks, dpi)


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
