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

The voters' pens and marks, the scanner and the files it writes live in the product,
:mod:`daihoi.ballotread.synth` (the demo draws its scanned batch with them); they are re-exported
here under their old names. This module renders the ballots of the corpus's lists and keeps
their truth.

``python -m tests.ballotread.generate OUT_DIR [N]`` writes N scanned ballots as JPEG with a
truth file, and the layout, for trying ``daihoi scan`` by hand.
"""

from __future__ import annotations

import functools
import json
import random
import sys
from pathlib import Path

import cv2
import numpy as np

from daihoi.ballotread import raster
from daihoi.ballotread.layout import BallotLayout
from daihoi.ballotread.synth import (
    AMBIGUOUS,
    BOX_AMBIGUOUS,
    BOX_MARKS,
    DPIS,
    FAMILY,
    GIVEN,
    MIDDLE,
    PENS,
    STRIKES,
    Pen,
    Scan,
    Sheet,
    ambiguous,
    box_mark,
    names,
    restored,
    scanner,
    strike,
)
from daihoi.elections.ballot_pdf import BallotText, render_with_layout

__all__ = ["AMBIGUOUS", "BOX_AMBIGUOUS", "BOX_CODE", "BOX_MARKS", "CODE", "DPIS", "FAMILY",
           "GIVEN", "MIDDLE", "PENS", "REJECTED", "STRIKES", "Pen", "Scan", "Sheet", "ambiguous",
           "ballot", "blank_scan", "box_mark", "box_sheet", "names", "rejected_page", "restored",
           "scanner", "sheet", "strike"]

CODE = "DH-3-7-1"
BOX_CODE = "DH-3-8-1"


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


# -- sheets


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
