"""Scanned ballots of a test round, with known truth: the round's own ballot (its layout and
blank pages, as the station builds them), marked by the corpus generator's pens
(``tests/ballotread/generate.py``) and passed through its scanner, written as the files an
office scanner writes (PDF, multi-page TIFF, PNG, JPEG)."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from daihoi.ballotread import raster
from daihoi.ballotread.layout import BallotLayout
from daihoi.elections import ballot_pdf, printing
from daihoi.elections.models import Round
from tests.ballotread import generate


@dataclass
class Ballot:
    """One scanned ballot: its pages (grey images) and what each name carries."""

    pages: list[np.ndarray]
    truth: dict[int, str]  # number (1-based) → crossed | kept | unsure
    marks: dict[int, str]  # number → the ambiguous mark drawn


def round_ballot(rnd: Round) -> tuple[bytes, BallotLayout]:
    pdf, layout = ballot_pdf.render_with_layout(printing.ballot_text(rnd))
    return pdf, raster.blank_pages(pdf, layout)


def scan(rnd: Round, *, crossed: set[int] | frozenset[int] = frozenset(),
         unsure: dict[int, str] | None = None, seed: int = 1, dpi: int = 200,
         flip: bool = False, effects: bool = False, voters: bool = False,
         ballot: tuple[bytes, BallotLayout] | None = None) -> Ballot:
    """A ballot of ``rnd`` with the names numbered in ``crossed`` struck through and
    ``unsure`` names carrying an ambiguous mark (``generate.AMBIGUOUS``), scanned at ``dpi``:
    upside down with ``flip``; with ``effects`` the generator's scanner (skew, scale, blur,
    noise, JPEG...), else a clean scan. The strikes are a plain line through the middle of the
    name, or with ``voters`` what the generator's voters draw (straight, slanted, wavy,
    double: some of which the reader flags for the board rather than read)."""
    pdf, layout = ballot or round_ballot(rnd)
    rng = random.Random(seed)
    unsure = unsure or {}
    pages, truth, marks = [], {}, {}
    for lp in layout.pages:
        image = next(raster.pdf_pages(pdf, dpi, first=lp.page - 1, count=1)).copy()
        for q in lp.positions:
            pen = generate.Pen(image, dpi, rng)
            pen.width, pen.ink = max(pen.width, 0.5), min(pen.ink, 40)
            if q.number in unsure:
                generate.ambiguous(pen, unsure[q.number], q.row, q.zone, q.text, rng)
                truth[q.number], marks[q.number] = "unsure", unsure[q.number]
            elif q.number in crossed:
                if voters:
                    generate.strike(pen, q.text, rng)
                else:
                    pen.width, pen.ink = 0.6, 20
                    pen.line(q.text.x - 2.0, q.text.right + 2.0, q.text.y + 0.48 * q.text.h)
                truth[q.number] = "crossed"
            else:
                truth[q.number] = "kept"
        if effects:
            image = generate.scanner(image, dpi, rng, flip=flip)
        else:
            # A scanner never gives the same image twice: a little sensor noise.
            noise = np.random.default_rng(rng.randrange(1 << 30)).integers(-2, 3, image.shape)
            image = np.clip(image.astype(np.int16) + noise, 0, 255).astype(np.uint8)
            if flip:
                image = cv2.rotate(image, cv2.ROTATE_180)
        pages.append(image)
    return Ballot(pages, truth, marks)


def blank_page(dpi: int = 200, seed: int = 0) -> np.ndarray:
    """A blank A4 sheet as a scanner sees it (paper white, a little noise)."""
    h, w = round(297 * dpi / 25.4), round(210 * dpi / 25.4)
    noise = np.random.default_rng(seed).normal(0, 2, (h, w))
    return np.clip(245 + noise, 0, 255).astype(np.uint8)


def tiff(pages: list[np.ndarray]) -> bytes:
    frames = [Image.fromarray(p) for p in pages]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="TIFF", save_all=True, append_images=frames[1:],
                   compression="tiff_deflate")
    return buffer.getvalue()


def pdf(pages: list[np.ndarray], dpi: int = 200) -> bytes:
    """The pages as a scanner's PDF (each page a JPEG image at ``dpi``)."""
    frames = [Image.fromarray(p) for p in pages]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="PDF", save_all=True, append_images=frames[1:],
                   resolution=dpi, quality=90)
    return buffer.getvalue()


def png(page: np.ndarray) -> bytes:
    return raster.png(page)


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
