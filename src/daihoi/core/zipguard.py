"""Check a ZIP-based upload (DOCX, XLSX) before it is parsed: a "decompression bomb" is
refused from its central directory alone, without inflating anything.

Three limits, each a setting (see ``daihoi/settings.py``):

- ``DAIHOI_UPLOAD_MAX_ZIP_ENTRIES``: the number of entries (default 2,000; a DOCX or XLSX of
  an office has a few dozen);
- ``DAIHOI_UPLOAD_MAX_UNCOMPRESSED_BYTES``: the sum of the entries' uncompressed sizes
  (default 20 MB);
- ``DAIHOI_UPLOAD_MAX_COMPRESSION_RATIO``: an entry's uncompressed size over its compressed
  size (default 100), checked on entries above :data:`RATIO_FLOOR_BYTES` (a small part may
  compress far better, harmlessly).

The sizes checked are the ones the archive declares. That is enough for readers built on
:mod:`zipfile` (python-docx, openpyxl): :class:`zipfile.ZipExtFile` never returns more than the
declared size of an entry, and an entry whose data inflate to more fails its CRC check.

Use::

    from daihoi.core.zipguard import ZipLimitError, check_zip

    try:
        check_zip(data)            # bytes, or a binary file object (its position is kept)
    except ZipLimitError as exc:
        ...                        # exc.message: the limit, in the active language

A file that is not a ZIP at all passes (the parser then says what it is not).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

from django.utils.translation import gettext

#: Entries smaller than this (uncompressed) are not checked for their compression ratio.
RATIO_FLOOR_BYTES = 1024 * 1024

DEFAULT_MAX_ENTRIES = 2_000
DEFAULT_MAX_UNCOMPRESSED_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_RATIO = 100


class ZipLimitError(Exception):
    """The archive goes beyond a limit; ``message`` names it, in the active language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ZipLimits:
    max_entries: int = DEFAULT_MAX_ENTRIES
    max_uncompressed_bytes: int = DEFAULT_MAX_UNCOMPRESSED_BYTES
    max_ratio: int = DEFAULT_MAX_RATIO


def zip_limits() -> ZipLimits:
    """The limits from the settings (the defaults above when a setting is absent)."""
    from django.conf import settings

    return ZipLimits(
        max_entries=getattr(settings, "DAIHOI_UPLOAD_MAX_ZIP_ENTRIES", DEFAULT_MAX_ENTRIES),
        max_uncompressed_bytes=getattr(settings, "DAIHOI_UPLOAD_MAX_UNCOMPRESSED_BYTES",
                                       DEFAULT_MAX_UNCOMPRESSED_BYTES),
        max_ratio=getattr(settings, "DAIHOI_UPLOAD_MAX_COMPRESSION_RATIO", DEFAULT_MAX_RATIO),
    )


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _size(nbytes: int) -> str:
    if nbytes >= 1024 * 1024:
        return f"{_number(round(nbytes / (1024 * 1024)))} MB"
    return f"{_number(max(1, round(nbytes / 1024)))} KB"


def check_zip(source: bytes | BinaryIO, *, limits: ZipLimits | None = None) -> None:
    """Refuse ``source`` with :class:`ZipLimitError` if its entries go beyond ``limits``
    (default: :func:`zip_limits`). Reads only the central directory."""
    limits = limits or zip_limits()
    fh: BinaryIO = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
    position = fh.tell()
    try:
        try:
            archive = zipfile.ZipFile(fh)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError):
            return  # not a ZIP: for the parser to refuse
        with archive:
            entries = archive.infolist()
    finally:
        fh.seek(position)
    if len(entries) > limits.max_entries:
        raise ZipLimitError(gettext(
            "Tệp gồm %(entries)s thành phần nén, nhiều hơn giới hạn %(limit)s thành phần."
        ) % {"entries": _number(len(entries)), "limit": _number(limits.max_entries)})
    total = 0
    for info in entries:
        total += info.file_size
        if total > limits.max_uncompressed_bytes:
            raise ZipLimitError(gettext(
                "Nội dung tệp khi giải nén lớn hơn giới hạn %(limit)s (tệp khai báo %(size)s)."
            ) % {"limit": _size(limits.max_uncompressed_bytes),
                 "size": _size(sum(i.file_size for i in entries))})
        if info.file_size > RATIO_FLOOR_BYTES:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.max_ratio:
                raise ZipLimitError(gettext(
                    "Thành phần “%(name)s” của tệp nén với tỉ lệ %(ratio)s:1, quá giới hạn "
                    "%(limit)s:1 (dấu hiệu của tệp được tạo để làm quá tải máy chủ)."
                ) % {"name": info.filename[:100], "ratio": _number(round(ratio)),
                     "limit": _number(limits.max_ratio)})
