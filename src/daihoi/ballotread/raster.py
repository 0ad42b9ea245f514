"""Pages as grey images: a PDF's pages (pypdfium2), image files (OpenCV), and the blank pages
of a ballot that the reader compares each row with."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium

from daihoi.ballotread.layout import BallotLayout

Grey = np.ndarray  # a 2-D uint8 array
#: The resolution the reader straightens every page to (px per mm; 6 ≈ 152 dpi).
READ_PX_PER_MM = 6.0


class ImageError(ValueError):
    """A file that is not an image or PDF the reader can open."""


def pdf_pages(data: bytes, dpi: float, *, first: int = 0,
              count: int | None = None) -> Iterator[Grey]:
    """The pages of a PDF as grey images at ``dpi``."""
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ImageError(f"not a PDF: {exc}") from exc
    try:
        last = len(pdf) if count is None else min(len(pdf), first + count)
        for i in range(first, last):
            page = pdf[i]
            bitmap = page.render(scale=dpi / 72, grayscale=True)
            array = np.array(bitmap.to_numpy(), dtype=np.uint8, copy=True)
            if array.ndim == 3:
                array = array[:, :, 0]
            yield array
    finally:
        pdf.close()


def file_pages(path: Path, dpi: float = 200) -> Iterator[Grey]:
    """Every page of a PDF, TIFF, PNG or JPEG file as a grey image (a PDF at ``dpi``)."""
    data = path.read_bytes()
    if data[:5] == b"%PDF-":
        yield from pdf_pages(data, dpi)
        return
    ok, images = cv2.imdecodemulti(np.frombuffer(data, np.uint8), cv2.IMREAD_GRAYSCALE)
    if not ok or not images:
        raise ImageError("not an image (PDF, TIFF, PNG or JPEG)")
    yield from images


def blank_pages(pdf: bytes, layout: BallotLayout,
                px_per_mm: float = READ_PX_PER_MM) -> BallotLayout:
    """The layout with the blank pages of its ballot ``pdf`` (one ballot), as the reader sees
    them: grey PNGs of exactly ``width`` × ``height`` mm at ``px_per_mm``."""
    blanks = []
    for page, image in zip(layout.pages, pdf_pages(pdf, px_per_mm * 25.4,
                                                    count=len(layout.pages)), strict=True):
        size = (round(page.width * px_per_mm), round(page.height * px_per_mm))
        if (image.shape[1], image.shape[0]) != size:
            image = cv2.resize(image, size, interpolation=cv2.INTER_AREA)
        ok, png = cv2.imencode(".png", image, [cv2.IMWRITE_PNG_COMPRESSION, 9])
        if not ok:  # pragma: no cover - OpenCV encodes any grey array
            raise ImageError("PNG encoding failed")
        blanks.append(png.tobytes())
    return layout.with_blanks(blanks, px_per_mm)
