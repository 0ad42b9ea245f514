"""Pages as grey images: a PDF's pages (pypdfium2), image files (Pillow, one frame at a time),
and the blank pages of a ballot that the reader compares each row with.

A scanned file is read **page by page**: a PDF's pages are rendered one at a time, a TIFF's
frames decoded one at a time, so a batch of a thousand pages holds one page in memory. Before
any page is decoded its size in pixels is read from the file's header (a PDF: each embedded
image's size too) and a page over ``max_pixels`` is refused: a small file that decodes to a
huge image (a "decompression bomb") never reaches the decoder.
"""

from __future__ import annotations

import struct
import warnings
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image, UnidentifiedImageError

from daihoi.ballotread.layout import BallotLayout, Box

Grey = np.ndarray  # a 2-D uint8 array
#: The resolution the reader straightens every page to (px per mm; 6 ≈ 152 dpi).
READ_PX_PER_MM = 6.0


#: The most pixels one page may have (about an A3 page at 600 dpi; an A4 page at 300 dpi has
#: 8.7 million).
MAX_PIXELS = 70_000_000
#: The image formats of office scanners (Pillow's names).
IMAGE_FORMATS = ("TIFF", "PNG", "JPEG", "MPO")


#: What Pillow raises on a damaged file (its plug-ins raise more than OSError).
_DAMAGED = (OSError, SyntaxError, ValueError, TypeError, KeyError, IndexError, struct.error,
            ZeroDivisionError)


class ImageError(ValueError):
    """A file that is not an image or PDF the reader can open."""


class TooLargeError(ImageError):
    """A page with more pixels than allowed (a decompression bomb, or a scan far finer than
    any office scanner's)."""

    def __init__(self, index: int, pixels: int, max_pixels: int) -> None:
        super().__init__(f"page {index + 1}: more than {max_pixels} pixels"
                         + (f" ({pixels})" if pixels else ""))
        self.index, self.pixels, self.max_pixels = index, pixels, max_pixels


class BadPageError(ImageError):
    """A page of an otherwise readable file that cannot be decoded (a corrupt TIFF frame)."""

    def __init__(self, index: int, detail: str) -> None:
        super().__init__(f"page {index + 1}: {detail}")
        self.index = index


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


def is_pdf(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(5) == b"%PDF-"


def _pdf(path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        raise ImageError(f"not a PDF: {exc}") from exc


def _image(path: Path) -> Image.Image:
    """The image file opened lazily (its header only), or ImageError."""
    try:
        with warnings.catch_warnings():
            # Pillow's own bomb check warns (and errs at twice its limit); ours is per page.
            # A damaged file's warnings (corrupt EXIF…) become the errors below, if any.
            warnings.simplefilter("ignore")
            image = Image.open(path)
    except Image.DecompressionBombError as exc:
        raise TooLargeError(0, 0, MAX_PIXELS) from exc
    except (UnidentifiedImageError, *_DAMAGED) as exc:
        raise ImageError(f"not an image (PDF, TIFF, PNG or JPEG): {exc}") from exc
    if image.format not in IMAGE_FORMATS:
        image.close()
        raise ImageError(f"not a scanner's image format: {image.format}")
    return image


def page_count(path: Path) -> int:
    """How many pages the PDF or image file has (read from its structure, nothing decoded)."""
    if is_pdf(path):
        pdf = _pdf(path)
        try:
            return len(pdf)
        finally:
            pdf.close()
    image = _image(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return max(1, int(getattr(image, "n_frames", 1)))
    except (*_DAMAGED, EOFError) as exc:
        raise ImageError(f"a damaged file: {exc}") from exc
    finally:
        image.close()


def file_pages(path: Path, dpi: float = 200, *, first: int = 0,
               max_pixels: int = MAX_PIXELS) -> Iterator[Grey]:
    """Every page of a PDF, TIFF, PNG or JPEG file from page ``first`` (0-based) as a grey
    image (a PDF at ``dpi``), one page at a time. A page over ``max_pixels`` raises
    :class:`TooLargeError` before it is decoded; a page that cannot be decoded
    :class:`BadPageError`; a file that is neither :class:`ImageError`."""
    for _index, page in read_pages(path, dpi, first=first, max_pixels=max_pixels):
        if isinstance(page, ImageError):
            raise page
        yield page


def read_pages(path: Path, dpi: float = 200, *, first: int = 0,
               max_pixels: int = MAX_PIXELS) -> Iterator[tuple[int, Grey | ImageError]]:
    """(index, page) for every page of the file from ``first``, one page at a time, where a
    page that cannot be had is its error instead (:class:`TooLargeError` before decoding,
    :class:`BadPageError`), so that a caller may go on with the next page. After a page
    whose error leaves the rest of the file out of reach (a TIFF whose chain of frames is
    broken) nothing more is yielded. A file that cannot be opened at all raises
    :class:`ImageError`."""
    if is_pdf(path):
        yield from _pdf_pages_of(path, dpi, first, max_pixels)
        return
    image = _image(path)
    try:
        index = first
        while True:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    image.seek(index)
            except EOFError:
                return
            except _DAMAGED as exc:  # the frame cannot be found: nor can those after it
                yield index, BadPageError(index, str(exc))
                return
            width, height = image.size
            if width * height > max_pixels:
                yield index, TooLargeError(index, width * height, max_pixels)
                index += 1
                continue
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    grey: Grey | ImageError = _grey(image)
            except (*_DAMAGED, Image.DecompressionBombError) as exc:
                grey = BadPageError(index, str(exc))
            yield index, grey
            index += 1
    finally:
        image.close()


def _grey(image: Image.Image) -> Grey:
    """The current frame of ``image`` decoded as grey (8 bits; a 16-bit grey scan scaled)."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        wide = np.asarray(image, dtype=np.uint32)
        top = max(1, int(np.max(wide)))
        return (wide * 255 // top).astype(np.uint8) if top > 255 else wide.astype(np.uint8)
    frame = image if image.mode == "L" else image.convert("L")
    return np.array(frame, dtype=np.uint8)


def _pdf_pages_of(path: Path, dpi: float, first: int,
                  max_pixels: int) -> Iterator[tuple[int, Grey | ImageError]]:
    pdf = _pdf(path)
    try:
        for i in range(first, len(pdf)):
            yield i, _pdf_page(pdf, i, dpi, max_pixels)
    finally:
        pdf.close()


def _pdf_page(pdf: pdfium.PdfDocument, i: int, dpi: float, max_pixels: int) -> Grey | ImageError:
    try:
        page = pdf[i]
    except pdfium.PdfiumError as exc:
        return BadPageError(i, str(exc))
    try:
        width, height = page.get_size()
        pixels = round(width * dpi / 72) * round(height * dpi / 72)
        if pixels > max_pixels:
            return TooLargeError(i, pixels, max_pixels)
        images = list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2))
        for obj in images:
            w, h = obj.get_px_size()
            if w * h > max_pixels:  # a scan embedded far finer than the page needs
                return TooLargeError(i, w * h, max_pixels)
        scan = _the_scan(page, images)
        if scan is not None:
            return scan
        bitmap = page.render(scale=dpi / 72, grayscale=True)
        array = np.array(bitmap.to_numpy(), dtype=np.uint8, copy=True)
    except pdfium.PdfiumError as exc:
        return BadPageError(i, str(exc))
    finally:
        page.close()
    if array.ndim == 3:
        array = array[:, :, 0]
    return array


def _the_scan(page: pdfium.PdfPage, images: list[pdfium.PdfImage]) -> Grey | None:
    """A scanner's PDF page is one image covering the page, upright: that image at its own
    resolution, as the scanner made it (rendering would resample it, and blur what the reader
    compares); None for any other page, which is rendered."""
    if len(images) != 1 or page.get_rotation() != 0:
        return None
    image = images[0]
    m = image.get_matrix()
    width, height = page.get_size()
    if m.b != 0 or m.c != 0 or m.a <= 0 or m.d <= 0:
        return None  # turned or mirrored on the page
    if abs(m.a - width) > 0.02 * width or abs(m.d - height) > 0.02 * height:
        return None  # not the whole page
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            frame = image.get_bitmap(render=False).to_pil()
        except (pdfium.PdfiumError, *_DAMAGED):
            return None
    return _grey(frame)


def png(image: Grey, *, compression: int = 6) -> bytes:
    """A grey image as PNG bytes."""
    ok, data = cv2.imencode(".png", image, [cv2.IMWRITE_PNG_COMPRESSION, compression])
    if not ok:  # pragma: no cover - OpenCV encodes any grey array
        raise ImageError("PNG encoding failed")
    return bytes(data.tobytes())


def shrunk(image: Grey, longest: int) -> Grey:
    """``image`` scaled down so that its longer side is at most ``longest`` pixels."""
    h, w = image.shape[:2]
    if max(h, w) <= longest:
        return image
    f = longest / max(h, w)
    return cv2.resize(image, (max(1, round(w * f)), max(1, round(h * f))),
                      interpolation=cv2.INTER_AREA)


def crop_png(page_png: bytes, box: Box, px_per_mm: float, *, margin_mm: float = 1.5) -> bytes:
    """The part ``box`` (mm, with ``margin_mm`` around it) of a straightened page stored as PNG
    at ``px_per_mm``, as PNG."""
    page = cv2.imdecode(np.frombuffer(page_png, np.uint8), cv2.IMREAD_GRAYSCALE)
    if page is None:
        raise ImageError("not a PNG")
    h, w = page.shape
    x0 = max(0, round((box.x - margin_mm) * px_per_mm))
    y0 = max(0, round((box.y - margin_mm) * px_per_mm))
    x1 = min(w, round((box.right + margin_mm) * px_per_mm))
    y1 = min(h, round((box.bottom + margin_mm) * px_per_mm))
    if x1 <= x0 or y1 <= y0:
        raise ImageError("the box is outside the page")
    return png(page[y0:y1, x0:x1])


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
