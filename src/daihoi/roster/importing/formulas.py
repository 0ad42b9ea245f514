"""Cells that hold a formula, in an XLSX or ODS workbook.

python-calamine reads a formula cell's last computed value and does not say it was a formula,
so a formula (a date computed by ``=DATE(…)``, a name looked up by ``=VLOOKUP(…)`` in another
file) would be imported as whatever Excel last showed, or as nothing when the file was written
by a program that stores no computed values. The import reports each formula cell of a mapped
column instead (see ``importing._check``).

The sheet's XML is first scanned as a stream for a formula tag (``<f``; ``table:formula`` in
ODS): a workbook without formulas, the usual case, costs one pass of decompression and a byte
search. Only a sheet that has one is parsed for the cells' places.

In an old Excel file (.xls, BIFF8) the FORMULA records of each worksheet are found in the
``Workbook`` stream of the compound file (a minimal reader below: the header, the FAT, the
directory); their formulas are stored compiled, so the message shows no text.
"""

from __future__ import annotations

import posixpath
import re
import struct
import zipfile
from collections.abc import Iterator
from typing import Any, Literal
from xml.etree.ElementTree import iterparse

#: (Excel row number, 0-based column) → the formula as written (``=…``; ``=`` alone when the
#: cell shares a formula written in another cell).
Formulas = dict[tuple[int, int], str]

_XLSX_FORMULA = re.compile(rb"<(?:[A-Za-z0-9_]+:)?f[\s>/]")
_ODS_FORMULA = re.compile(rb"table:formula=")
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)")
_CELL_REF = re.compile(r"([A-Z]+)(\d+)")
_CHUNK = 1 << 20
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _has(archive: zipfile.ZipFile, part: str, pattern: re.Pattern[bytes]) -> bool:
    """Whether ``part`` contains ``pattern``, reading it as a stream of 1 MB chunks. A part
    with a DTD (which no spreadsheet program writes, and through which entity expansion attacks
    an XML parser) raises ValueError: only parts scanned here are given to ``iterparse``."""
    tail = b""
    found = False
    with archive.open(part) as stream:
        while chunk := stream.read(_CHUNK):
            window = tail + chunk
            if _DTD.search(window):
                raise ValueError(f"{part}: DTD")
            found = found or bool(pattern.search(window))
            tail = chunk[-32:]
    return found


def _parse(
    archive: zipfile.ZipFile, part: str,
    events: tuple[Literal["start", "end"], ...] = ("end",),
) -> Any:
    """``iterparse`` of a part that :func:`_has` found without a DTD."""
    _has(archive, part, _DTD)
    return iterparse(archive.open(part), events=events)  # noqa: S314 - no DTD, checked above


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def xlsx_formulas(archive: zipfile.ZipFile) -> dict[str, Formulas]:
    """Sheet name → its formula cells, for each sheet that has any."""
    parts = _xlsx_sheet_parts(archive)
    found: dict[str, Formulas] = {}
    for name, part in parts.items():
        if part in archive.NameToInfo and _has(archive, part, _XLSX_FORMULA):
            cells = _xlsx_cells(_parse(archive, part, ("start", "end")))
            if cells:
                found[name] = cells
    return found


def _xlsx_sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its part in the archive (``xl/worksheets/sheet1.xml``)."""
    try:
        targets = {
            element.get("Id", ""): element.get("Target", "")
            for _, element in _parse(archive, "xl/_rels/workbook.xml.rels")
            if _local(element.tag) == "Relationship"
        }
        sheets = [
            (element.get("name", ""), element.get(f"{{{_REL}}}id", ""))
            for _, element in _parse(archive, "xl/workbook.xml")
            if _local(element.tag) == "sheet"
        ]
    except KeyError:
        return {}
    parts = {}
    for name, rel in sheets:
        target = targets.get(rel, "")
        if not target:
            continue
        parts[name] = (target.lstrip("/") if target.startswith("/")
                       else posixpath.normpath(posixpath.join("xl", target)))
    return parts


def _xlsx_cells(parsed: Iterator[tuple[str, Any]]) -> Formulas:
    cells: Formulas = {}
    row = 0
    col = -1
    for event, element in parsed:
        tag = _local(element.tag)
        if event == "start":
            if tag == "row":
                row = int(element.get("r") or row + 1)
                col = -1
            elif tag == "c":
                ref = _CELL_REF.fullmatch(element.get("r") or "")
                col = _column_index(ref.group(1)) if ref else col + 1
                if ref:
                    row = int(ref.group(2))
            continue
        if tag == "f":
            cells[(row, col)] = "=" + (element.text or "").strip()
        elif tag == "row":
            element.clear()
    return cells


def ods_formulas(archive: zipfile.ZipFile) -> dict[str, Formulas]:
    """Sheet name → its formula cells (``content.xml``), for each sheet that has any."""
    if "content.xml" not in archive.NameToInfo or not _has(archive, "content.xml",
                                                            _ODS_FORMULA):
        return {}
    found: dict[str, Formulas] = {}
    table = ""
    row = 0
    col = 0
    for event, element in _parse(archive, "content.xml", ("start", "end")):
        tag = _local(element.tag)
        if event == "start":
            if tag == "table":
                table = element.get(f"{{{_TABLE}}}name", "")
                row = 0
            elif tag == "table-row":
                col = 0
            elif tag in ("table-cell", "covered-table-cell"):
                formula = element.get(f"{{{_TABLE}}}formula")
                if formula:
                    text = formula.split(":", 1)[1] if formula.startswith("of:") else formula
                    found.setdefault(table, {})[(row + 1, col)] = (
                        text if text.startswith("=") else "=" + text
                    )
            continue
        if tag in ("table-cell", "covered-table-cell"):
            col += int(element.get(f"{{{_TABLE}}}number-columns-repeated") or 1)
        elif tag == "table-row":
            row += int(element.get(f"{{{_TABLE}}}number-rows-repeated") or 1)
            element.clear()
    return found


# --------------------------------------------------------------------------- old Excel (.xls)

_CFB_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END_OF_CHAIN = 0xFFFFFFFE
_BOF, _EOF, _BOUNDSHEET, _FORMULA = 0x0809, 0x000A, 0x0085, 0x0006
_NO_TEXT = "="


class _Compound:
    """Just enough of the compound file binary format to read one stream by name."""

    def __init__(self, data: bytes) -> None:
        if not data.startswith(_CFB_SIGNATURE) or len(data) < 512:
            raise ValueError("not a compound file")
        self.data = data
        self.sector: int = 1 << int(struct.unpack_from("<H", data, 30)[0])
        header: tuple[int, ...] = struct.unpack_from("<7I", data, 48)
        self.dir_start, self.cutoff = header[0], header[2]
        difat_start, difat_count = header[5], header[6]
        difat = list(struct.unpack_from("<109I", data, 76))
        per = self.sector // 4
        if difat_count > len(data) // self.sector:
            raise ValueError("more DIFAT sectors than the file has")
        sector = difat_start
        for _ in range(difat_count):
            entries = struct.unpack_from(f"<{per}I", data, self._offset(sector))
            difat.extend(entries[:-1])
            sector = entries[-1]
        self.fat: list[int] = []
        for fat_sector in difat:
            if fat_sector >= _END_OF_CHAIN - 1:
                continue
            self.fat.extend(struct.unpack_from(f"<{per}I", data, self._offset(fat_sector)))

    def _offset(self, sector: int) -> int:
        offset = (sector + 1) * self.sector
        if offset + self.sector > len(self.data):
            raise ValueError("sector outside the file")
        return offset

    def _chain(self, start: int, size: int | None = None) -> bytes:
        parts = []
        sector, seen = start, 0
        while sector < _END_OF_CHAIN - 1:
            if seen > len(self.fat):
                raise ValueError("a loop in the sector chain")
            offset = self._offset(sector)
            parts.append(self.data[offset:offset + self.sector])
            sector = self.fat[sector]
            seen += 1
        joined = b"".join(parts)
        return joined if size is None else joined[:size]

    def stream(self, names: tuple[str, ...]) -> bytes | None:
        directory = self._chain(self.dir_start)
        for entry in range(0, len(directory) - 127, 128):
            length = struct.unpack_from("<H", directory, entry + 64)[0]
            kind = directory[entry + 66]
            name = directory[entry:entry + max(length - 2, 0)].decode("utf-16-le", "replace")
            if kind != 2 or name not in names:
                continue
            start = struct.unpack_from("<I", directory, entry + 116)[0]
            size = struct.unpack_from("<Q", directory, entry + 120)[0] & 0xFFFFFFFF
            # Excel and xlwt pad the workbook stream to the cut-off (4,096 bytes), so it is never
            # in the mini stream; a smaller one is not searched.
            return self._chain(start, size) if size >= self.cutoff else None
        return None


def xls_formulas(data: bytes) -> dict[str, Formulas]:
    """Sheet name → its formula cells, from the FORMULA records of each worksheet."""
    workbook = _Compound(data).stream(("Workbook", "Book"))
    if workbook is None:
        return {}
    sheets: dict[int, str] = {}
    found: dict[str, Formulas] = {}
    current: str | None = None
    position = 0
    end = len(workbook)
    while position + 4 <= end:
        kind, length = struct.unpack_from("<HH", workbook, position)
        body = position + 4
        if kind == _BOUNDSHEET and length >= 8:
            offset = struct.unpack_from("<I", workbook, body)[0]
            count, flags = workbook[body + 6], workbook[body + 7]
            raw = workbook[body + 8:body + 8 + (count * 2 if flags & 1 else count)]
            sheets[offset] = raw.decode("utf-16-le" if flags & 1 else "latin-1", "replace")
        elif kind == _BOF:
            current = sheets.get(position)
        elif kind == _EOF:
            current = None
        elif kind == _FORMULA and current is not None and length >= 4:
            row, col = struct.unpack_from("<HH", workbook, body)
            found.setdefault(current, {})[(row + 1, col)] = _NO_TEXT
        position = body + length
    return found
