"""Scanned files read page by page: a TIFF's frames decoded one at a time, a page's pixels
checked from the header before decoding (a decompression bomb), a damaged frame given as an
error in its place, a scanner's PDF read at the resolution of its embedded scan."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

from daihoi.ballotread import raster
from daihoi.ballotread.layout import Box


def _tiff(pages: list[np.ndarray]) -> bytes:
    frames = [Image.fromarray(p) for p in pages]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="TIFF", save_all=True, append_images=frames[1:])
    return buffer.getvalue()


def _pages(n: int, shape: tuple[int, int] = (300, 200)) -> list[np.ndarray]:
    return [np.full(shape, 40 * (i + 1), np.uint8) for i in range(n)]


def test_a_tiff_is_decoded_one_frame_at_a_time(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.tif"
    path.write_bytes(_tiff(_pages(4)))
    decoded: list[int] = []
    real = raster._grey

    def counted(image: Any) -> np.ndarray:
        decoded.append(image.tell())
        return real(image)

    monkeypatch.setattr(raster, "_grey", counted)
    assert raster.page_count(path) == 4
    pages = raster.file_pages(path)
    first = next(pages)
    assert decoded == [0]  # the other frames are not decoded yet
    assert int(first[0, 0]) == 40
    assert [int(p[0, 0]) for p in pages] == [80, 120, 160]
    assert decoded == [0, 1, 2, 3]
    assert [int(p[0, 0]) for p in raster.file_pages(path, first=2)] == [120, 160]


def test_a_page_over_the_pixel_limit_is_refused_before_decoding(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.tif"
    path.write_bytes(_tiff([*_pages(1), *_pages(1, (400, 300))]))

    real = raster._grey

    def never(image: Any) -> np.ndarray:
        if image.size == (300, 400):
            raise AssertionError("decoded")
        return real(image)

    monkeypatch.setattr(raster, "_grey", never)
    read = list(raster.read_pages(path, max_pixels=300 * 400 - 1))
    assert isinstance(read[0][1], np.ndarray)
    error = read[1][1]
    assert isinstance(error, raster.TooLargeError)
    assert (error.index, error.pixels) == (1, 120_000)
    # Exactly at the limit: read.
    monkeypatch.undo()
    assert len(list(raster.file_pages(path, max_pixels=300 * 400))) == 2


def test_a_damaged_frame_is_an_error_in_its_place_and_what_came_before_is_read(
        tmp_path: Path) -> None:
    data = _tiff(_pages(3, (600, 400)))
    path = tmp_path / "cut.tif"
    path.write_bytes(data[: len(data) // 2])
    read = list(raster.read_pages(path))
    assert isinstance(read[0][1], np.ndarray)
    assert any(isinstance(page, raster.BadPageError) for _, page in read)
    with pytest.raises(raster.BadPageError):
        list(raster.file_pages(path))


def test_a_file_that_is_no_image_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.tif"
    path.write_bytes(b"II*\x00" + b"\xff" * 100)
    with pytest.raises(raster.ImageError, match="not an image"):
        list(raster.read_pages(path))
    gif = tmp_path / "x.gif"
    Image.new("L", (10, 10)).save(gif)
    with pytest.raises(raster.ImageError, match="not a scanner's image format: GIF"):
        list(raster.read_pages(gif))


def test_a_scanner_s_pdf_is_read_at_its_own_resolution(tmp_path: Path) -> None:
    page = (np.arange(330 * 233) % 251).astype(np.uint8).reshape(330, 233)
    buffer = io.BytesIO()
    Image.fromarray(page).save(buffer, format="PDF", resolution=40)
    path = tmp_path / "scan.pdf"
    path.write_bytes(buffer.getvalue())
    (read,) = list(raster.file_pages(path, dpi=200))
    assert read.shape == (330, 233)  # not rendered at 200 dpi: the scan itself


def test_the_row_of_a_name_is_cut_from_a_straightened_page() -> None:
    page = np.full((600, 600), 255, np.uint8)
    page[60:120, 30:300] = 0  # a box at 5..20 mm × 10..50 mm at 6 px/mm
    crop = raster.crop_png(raster.png(page), Box(5.0, 10.0, 45.0, 10.0), 6.0, margin_mm=0)
    image = np.asarray(Image.open(io.BytesIO(crop)))
    assert image.shape == (60, 270)
    assert int(image.max()) == 0
