"""Reading a roster file: XLSX, old Excel (.xls), OpenDocument (.ods) or CSV, into sheets of
rows numbered as Excel numbers them.

Spreadsheets are read with ``python-calamine`` (measured 13× faster than openpyxl's read-only
mode on an export of 20,000 members: 0,40 s against 5,2 s). Before anything is parsed the file
is checked against the limits of :func:`limits` (size; for a zip container — XLSX, ODS — the
number of entries, their uncompressed size and compression ratio, the decompression-bomb
guard); after a sheet is loaded, its rows × columns. CSV is decoded as UTF-8 (with or without
a BOM), UTF-16 (with a BOM, or recognised by its zero bytes: Excel's "Unicode Text"), or
Windows-1258 (Excel's "CSV" in a Vietnamese Windows); the separator is ``,``, ``;`` or tab.

The zip guard here is minimal and specific to spreadsheets; a shared kernel helper for DOCX
uploads (``daihoi.core.zipguard``) is being written separately and the two should be unified.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import struct
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal
from pathlib import Path
from typing import Any, BinaryIO
from xml.etree import ElementTree

from django.conf import settings
from django.utils.translation import gettext

from daihoi.core.formulas import unescape_cell
from daihoi.core.numbers import vn_number
from daihoi.core.zipguard import ZipLimitError, ZipLimits, check_zip
from daihoi.roster.importing.formulas import (
    Formulas,
    ods_formulas,
    xls_formulas,
    xlsx_formulas,
)
from daihoi.roster.importing.results import UnreadableFileError

#: Characters that never belong in a name or a value (bidirectional overrides, zero widths).
_INVISIBLE = dict.fromkeys(
    [0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
     0x2066, 0x2067, 0x2068, 0x2069, 0xFEFF, 0x00AD]
)


@dataclass(frozen=True)
class Limits:
    """What an upload may be; each a setting (``ROSTER_IMPORT_*``) with this default."""

    max_bytes: int = 50 * 1024 * 1024
    max_entries: int = 1000
    max_uncompressed: int = 400 * 1024 * 1024
    max_ratio: int = 200
    max_rows: int = 200_000
    max_cells: int = 6_000_000


def limits() -> Limits:
    base = Limits()
    return Limits(**{
        name: int(getattr(settings, f"ROSTER_IMPORT_{name.upper()}", getattr(base, name)))
        for name in Limits.__dataclass_fields__
    })


def size_text(size: int) -> str:
    """A file size as the user reads it, rounded up so that a file over a limit never reads as
    the limit: 52,428,801 bytes → "50,1 MB", 50 MiB → "50 MB", 1,000 bytes → "1 KB"."""
    if size < 1024 * 1024:
        return f"{vn_number(-(-size // 1024))} KB"
    mb = (Decimal(size) / (1024 * 1024)).quantize(Decimal("0.1"), rounding=ROUND_CEILING)
    return f"{vn_number(mb, 0 if mb == mb.to_integral_value() else 1)} MB"


@dataclass
class Sheet:
    """One sheet; :meth:`rows` yields ``(Excel row number, values)`` with values from column A."""

    name: str
    _rows: list[tuple[Any, ...]] | None = None
    _source: Any = None
    #: Merged ranges, 0-based inclusive: (first row, first column, last row, last column).
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    height: int = 0
    width: int = 0
    #: Cells holding a formula: (Excel row, 0-based column) → the formula (XLSX and ODS).
    formulas: Formulas = field(default_factory=dict)

    def rows(self) -> Iterator[tuple[int, tuple[Any, ...]]]:
        if self._rows is not None:
            yield from enumerate(self._rows, start=1)
            return
        sheet = self._source
        pad = ("",) * sheet.start[1] if sheet.start else ()
        try:
            for number, values in enumerate(sheet.iter_rows(), start=1):
                yield number, (*pad, *values)
        except Exception as exc:  # calamine raises its own errors for a broken sheet
            raise UnreadableFileError(gettext(
                "Trang “%(sheet)s” bị hỏng: không đọc được hết các dòng.") % {"sheet": self.name}
            ) from exc


@dataclass
class Book:
    kind: str  # xlsx, xls, ods, csv
    sheets: list[Sheet]
    #: The CSV's encoding and separator, told to the user ("UTF-8, dấu phẩy").
    note: str = ""


_INVISIBLE_RE = re.compile("[" + "".join(chr(c) for c in _INVISIBLE) + "]")


def clean_text(text: str) -> str:
    """NFC without invisible and direction-override characters, trimmed."""
    if text.isascii():
        return text.strip()
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if _INVISIBLE_RE.search(text):
        text = _INVISIBLE_RE.sub("", text)
    return text.strip()


# --------------------------------------------------------------------------- the container


def _guard_zip(fh: BinaryIO, lim: Limits) -> zipfile.ZipFile:
    """The workbook's ZIP, once the kernel's guard (``core.zipguard``, the one used for DOCX
    uploads too) has found its entries within the roster's limits."""
    try:
        check_zip(fh, limits=ZipLimits(max_entries=lim.max_entries,
                                       max_uncompressed_bytes=lim.max_uncompressed,
                                       max_ratio=lim.max_ratio))
    except ZipLimitError as exc:
        raise UnreadableFileError(exc.message) from exc
    try:
        return zipfile.ZipFile(fh)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        raise UnreadableFileError(gettext(
            "Tệp Excel bị hỏng hoặc không đầy đủ (có thể tải lên bị gián đoạn); hãy mở lại "
            "bằng Excel, lưu lại rồi tải lên lần nữa."
        )) from exc


def _kind(fh: BinaryIO, head: bytes, file_name: str, lim: Limits) -> str:
    suffix = Path(file_name).suffix.lower()
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        archive = _guard_zip(fh, lim)
        names = set(archive.namelist())
        fh.seek(0)
        if "mimetype" in names and archive.read("mimetype").startswith(
            b"application/vnd.oasis.opendocument.spreadsheet"
        ):
            return "ods"
        if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
            return "xlsx"
        raise UnreadableFileError(gettext(
            "Tệp không phải là bảng tính (.xlsx, .xls, .ods): có thể là tệp Word hoặc tệp nén."
        ))
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        fh.seek(0)
        data = fh.read()
        fh.seek(0)
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise UnreadableFileError(gettext(
                "Tệp Excel được đặt mật khẩu; hãy mở bằng Excel, bỏ mật khẩu (Tệp → Thông tin "
                "→ Bảo vệ sổ làm việc) rồi tải lên lại."
            ))
        return "xls"
    if suffix in (".xlsx", ".xls", ".ods"):
        raise UnreadableFileError(gettext(
            "Tệp không phải là bảng tính hợp lệ: có thể tệp bị hỏng hoặc bị đổi tên."
        ))
    if suffix in (".csv", ".txt", ".tsv", ""):
        return "csv"
    raise UnreadableFileError(gettext(
        "Chỉ nhận tệp Excel (.xlsx, .xls), OpenDocument (.ods) hoặc CSV (.csv)."
    ))


def open_book(fh: BinaryIO, file_name: str) -> Book:
    """The file's sheets, after the size and decompression checks; UnreadableFileError."""
    lim = limits()
    fh.seek(0, io.SEEK_END)
    size = fh.tell()
    fh.seek(0)
    if size > lim.max_bytes:
        raise UnreadableFileError(gettext(
            "Tệp quá lớn (%(size)s); giới hạn là %(limit)s: hãy bỏ các trang, hình ảnh không cần "
            "hoặc chia danh sách thành nhiều tệp."
        ) % {"size": size_text(size), "limit": size_text(lim.max_bytes)})
    head = fh.read(8)
    fh.seek(0)
    if not head:
        raise UnreadableFileError(gettext("Tệp rỗng: không có dữ liệu."))
    kind = _kind(fh, head, file_name, lim)
    if kind == "csv":
        return _csv_book(fh, file_name, lim)
    return _spreadsheet_book(fh, kind, lim)


def _formulas(fh: BinaryIO, kind: str) -> dict[str, Formulas]:
    """Each sheet's formula cells (XLSX, ODS, XLS), read before calamine, which reads only
    values."""
    fh.seek(0)
    try:
        if kind == "xls":
            return xls_formulas(fh.read())
        with zipfile.ZipFile(fh) as archive:
            return xlsx_formulas(archive) if kind == "xlsx" else ods_formulas(archive)
    except (zipfile.BadZipFile, KeyError, ValueError, EOFError, IndexError, struct.error,
            ElementTree.ParseError):
        return {}  # a broken part: calamine says the file is broken
    finally:
        fh.seek(0)


def _spreadsheet_book(fh: BinaryIO, kind: str, lim: Limits) -> Book:
    import python_calamine as calamine  # compiled reader, only for spreadsheets

    formulas = _formulas(fh, kind)
    fh.seek(0)
    try:
        workbook = calamine.CalamineWorkbook.from_filelike(fh)
        names = [
            m.name for m in workbook.sheets_metadata
            if str(m.visible).endswith("Visible") and str(m.typ).endswith("WorkSheet")
        ] or list(workbook.sheet_names)
    except calamine.PasswordError as exc:
        raise UnreadableFileError(gettext(
            "Tệp được đặt mật khẩu; hãy bỏ mật khẩu rồi tải lên lại."
        )) from exc
    except Exception as exc:  # calamine raises many kinds for a file that is not a workbook
        raise UnreadableFileError(gettext(
            "Không đọc được tệp: tệp bị hỏng hoặc không phải là bảng tính hợp lệ."
        )) from exc
    sheets = []
    for name in names:
        try:
            source = workbook.get_sheet_by_name(name)
        except Exception as exc:
            raise UnreadableFileError(gettext("Trang “%(sheet)s” bị hỏng, không đọc được.")
                                      % {"sheet": name}) from exc
        end = source.end  # 0-based (last row, last column) of the used range, None when empty
        height, width = (end[0] + 1, end[1] + 1) if end else (0, 0)
        if height > lim.max_rows or height * width > lim.max_cells:
            raise UnreadableFileError(gettext(
                "Trang “%(sheet)s” có %(rows)s dòng × %(columns)s cột, quá giới hạn "
                "%(max_rows)s dòng hoặc %(max_cells)s ô; hãy chia thành nhiều tệp."
            ) % {"sheet": name, "rows": vn_number(height), "columns": vn_number(width),
                 "max_rows": vn_number(lim.max_rows), "max_cells": vn_number(lim.max_cells)})
        merged = [
            (r0, c0, r1, c1) for (r0, c0), (r1, c1) in (source.merged_cell_ranges or [])
        ]
        sheets.append(Sheet(name=name, _source=source, merged=merged, height=height,
                            width=width, formulas=formulas.get(name, {})))
    if not sheets:
        raise UnreadableFileError(gettext("Tệp không có trang tính nào."))
    return Book(kind=kind, sheets=sheets)


# --------------------------------------------------------------------------- CSV


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8"), "UTF-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "UTF-16"
    sample = data[:4096]
    if len(sample) >= 4 and sample.count(b"\x00") * 3 > len(sample):
        # UTF-16 without its BOM: every other byte is zero for Vietnamese and ASCII text.
        zeros_odd = sample[1::2].count(0)
        return data.decode("utf-16-le" if zeros_odd > sample[0::2].count(0) else "utf-16-be"), (
            "UTF-16"
        )
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1258"), "Windows-1258"
    except UnicodeDecodeError:
        raise UnreadableFileError(gettext(
            "Không nhận ra bảng mã của tệp CSV (không phải UTF-8, UTF-16 hay Windows-1258); "
            "hãy lưu lại với mã UTF-8 (trong Excel: “CSV UTF-8”)."
        )) from None


def _csv_book(fh: BinaryIO, file_name: str, lim: Limits) -> Book:
    try:
        text, encoding = _decode(fh.read())
    except UnicodeDecodeError as exc:
        raise UnreadableFileError(gettext(
            "Tệp CSV hỏng: không giải mã được theo bảng mã của nó."
        )) from exc
    text = unicodedata.normalize("NFC", text)  # Windows-1258 writes tones as combining marks
    lines = [line for line in text.splitlines()[:30] if line.strip()]
    counts = {sep: sum(line.count(sep) for line in lines) for sep in (",", ";", "\t")}
    delimiter = max(counts, key=lambda s: counts[s])
    try:
        # A value the exporter protected from being read as a formula ('=…) comes back as
        # it was written (``core.formulas``).
        rows = [tuple(unescape_cell(v) for v in values)
                for values in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        raise UnreadableFileError(gettext("Tệp CSV không đúng định dạng: %(error)s.")
                                  % {"error": exc}) from exc
    width = max((len(r) for r in rows), default=0)
    if len(rows) > lim.max_rows or len(rows) * width > lim.max_cells:
        raise UnreadableFileError(gettext(
            "Tệp có %(rows)s dòng × %(columns)s cột, quá giới hạn %(max_rows)s dòng hoặc "
            "%(max_cells)s ô; hãy chia thành nhiều tệp."
        ) % {"rows": vn_number(len(rows)), "columns": vn_number(width),
             "max_rows": vn_number(lim.max_rows), "max_cells": vn_number(lim.max_cells)})
    separator = {",": "dấu phẩy", ";": "dấu chấm phẩy", "\t": "dấu tab"}[delimiter]
    return Book(
        kind="csv",
        sheets=[Sheet(name=Path(file_name).stem or "CSV", _rows=rows, height=len(rows),
                      width=width)],
        note=f"{encoding}, {separator}",
    )
