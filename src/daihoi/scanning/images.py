"""The kept page images, read back for the board head: a whole page, or the row of an unsure
name cut from its straightened page."""

from __future__ import annotations

from pathlib import Path

from django.http import Http404

from daihoi.ballotread import raster
from daihoi.ballotread.layout import Box
from daihoi.ballotread.raster import READ_PX_PER_MM
from daihoi.scanning.models import ScannedMark, ScanPage


def page_png(page: ScanPage) -> bytes:
    path = Path(page.image_path) if page.image_path else None
    if path is None or not path.is_file():
        raise Http404
    return path.read_bytes()


def mark_crop(mark: ScannedMark) -> bytes:
    """The name's row with a margin, from the straightened page it is on."""
    if not mark.page.straightened:
        raise Http404
    try:
        return raster.crop_png(page_png(mark.page), Box.of(mark.row), READ_PX_PER_MM,
                               margin_mm=2.0)
    except (raster.ImageError, ValueError) as exc:
        raise Http404 from exc
