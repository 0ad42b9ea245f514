"""Finding the header of an office's workbook and mapping its columns to the roster's fields.

The header row is searched in the first rows of every sheet, under title rows, merged cells
and blank rows: each row scores the number of distinct fields its cells name (by the headers
of :data:`~daihoi.roster.fileformat.HEADER_ALIASES`, or by the organization's saved mapping).
A row under the header that names more fields in the columns the header leaves blank (a
two-level header: "Trình độ" over "GDPT | Chuyên môn | LLCT") is merged into it, and a row of
column numbers ("1 2 3 …" or "(1) (2) …") under it is skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext

from daihoi.roster.fileformat import (
    FIELD_LABELS,
    FULL_NAME,
    SEQ,
    SHEET_NAME,
    UNKEPT,
    field_for_header,
    header_key,
    parts_of,
)
from daihoi.roster.importing.reading import Book, Sheet, clean_text
from daihoi.roster.importing.results import UnreadableFileError

#: How many rows of a sheet are searched for the header.
SCAN_ROWS = 40
#: A header names at least this many fields.
MIN_FIELDS = 3
#: Compound family names kept whole when a full name is split (adjustable per organization).
COMPOUND_FAMILY_NAMES = (
    "Âu Dương", "Tư Mã", "Hoàng Phủ", "Gia Cát", "Công Tôn", "Thượng Quan", "Tôn Thất",
    "Tôn Nữ", "Nguyễn Phúc", "Nguyễn Phước",
)
_NUMBER_CELL = re.compile(r"^\(?\d{1,2}\)?$")


def column_letter(index: int) -> str:
    """Excel's letter of a 0-based column index (0 → A, 27 → AB)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_text(str(value))


@dataclass
class Mapping:
    """Where the data of a file are and what each column holds."""

    sheet: str
    #: Excel row numbers of the header (two for a two-level header).
    header_rows: tuple[int, ...]
    #: Column (0-based) → the header as written in the file.
    headers: dict[int, str]
    #: Column → field; ``""`` for a column to ignore.
    columns: dict[int, str]
    #: Rows under the header that are not members (a row of column numbers).
    skip_rows: tuple[int, ...] = ()
    #: Confirmed values: "cell"/"agency" → {value as written (folded): code}.
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    compound_names: tuple[str, ...] = COMPOUND_FAMILY_NAMES
    #: Names of the sheets that have a header too (the user may choose another).
    sheets: tuple[str, ...] = ()

    @property
    def last_header_row(self) -> int:
        return max(self.header_rows)

    def field_columns(self) -> dict[str, int]:
        return {name: col for col, name in sorted(self.columns.items()) if name}

    def header_of(self, col: int) -> str:
        return self.headers.get(col) or f"Cột {column_letter(col)}"

    def ignored(self) -> list[str]:
        return [self.headers[c] for c in sorted(self.headers)
                if self.headers[c] and not self.columns.get(c)]

    @property
    def member_book(self) -> bool:
        """The layout of the Party's member book (Mẫu 7-HSĐV): several values in one cell,
        a member over several sub-rows that start with its number."""
        return any("+" in name for name in self.columns.values()) and SEQ in self.columns.values()

    def duplicates(self) -> list[tuple[str, list[int]]]:
        seen: dict[str, list[int]] = {}
        for col, name in sorted(self.columns.items()):
            for part in parts_of(name) if name else ():
                if part != UNKEPT:
                    seen.setdefault(part, []).append(col)
        return [(name, cols) for name, cols in seen.items() if len(cols) > 1]

    def as_json(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet, "header_rows": list(self.header_rows),
            "headers": {str(c): h for c, h in self.headers.items()},
            "columns": {str(c): f for c, f in self.columns.items()},
            "skip_rows": list(self.skip_rows), "values": self.values,
            "compound_names": list(self.compound_names), "sheets": list(self.sheets),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Mapping:
        return cls(
            sheet=str(data["sheet"]),
            header_rows=tuple(int(r) for r in data["header_rows"]),
            headers={int(c): str(h) for c, h in data.get("headers", {}).items()},
            columns={int(c): str(f) for c, f in data.get("columns", {}).items()},
            skip_rows=tuple(int(r) for r in data.get("skip_rows", [])),
            values={k: dict(v) for k, v in data.get("values", {}).items()},
            compound_names=tuple(data.get("compound_names") or COMPOUND_FAMILY_NAMES),
            sheets=tuple(data.get("sheets", [])),
        )


@dataclass
class _Candidate:
    row: int
    score: int
    headers: dict[int, str]
    fields: dict[int, str]


def _recognise(
    values: tuple[Any, ...], saved: dict[str, str]
) -> tuple[dict[int, str], dict[int, str]]:
    headers: dict[int, str] = {}
    fields: dict[int, str] = {}
    for col, value in enumerate(values):
        text = cell_text(value)
        if not text or len(text) > 80:
            continue
        headers[col] = text
        name = saved.get(header_key(text))
        if name is None:
            name = field_for_header(text)
        if name is not None:
            fields[col] = name
    return headers, fields


def _score(fields: dict[int, str]) -> int:
    return len({part for f in fields.values() if f and f != SEQ for part in parts_of(f)})


def _header_of_sheet(
    sheet: Sheet, saved: dict[str, str]
) -> tuple[Mapping | None, int, tuple[int, int] | None]:
    """The sheet's header (or None), its score, and two rows that both look like headers."""
    rows: list[tuple[int, tuple[Any, ...]]] = []
    for number, values in sheet.rows():
        rows.append((number, values))
        if number >= SCAN_ROWS:
            break
    candidates: list[_Candidate] = []
    for number, values in rows:
        headers, fields = _recognise(values, saved)
        candidates.append(_Candidate(number, _score(fields), headers, fields))
    if not candidates:
        return None, 0, None
    best = max(candidates, key=lambda c: c.score)
    if best.score < MIN_FIELDS:
        return None, best.score, None
    headers, fields = dict(best.headers), dict(best.fields)
    header_rows = [best.row]
    index = candidates.index(best)
    nxt = candidates[index + 1] if index + 1 < len(candidates) else None
    if nxt is not None and nxt.fields and all(
        col not in fields or not fields[col] for col in nxt.fields
    ):
        # A two-level header: the sub-row names fields under a group title or a blank.
        for col, text in nxt.headers.items():
            if col in nxt.fields or col not in headers:
                headers[col] = text
                if col in nxt.fields:
                    fields[col] = nxt.fields[col]
        header_rows.append(nxt.row)
        index += 1
    twin = next(
        (c for c in candidates if c.row not in header_rows and c.score >= best.score), None
    )
    skip: list[int] = []
    after = candidates[index + 1] if index + 1 < len(candidates) else None
    if after is not None and len(after.headers) >= MIN_FIELDS and all(
        _NUMBER_CELL.match(t) for t in after.headers.values()
    ):
        skip.append(after.row)
    mapping = Mapping(
        sheet=sheet.name, header_rows=tuple(header_rows), headers=headers,
        columns={col: fields.get(col, "") for col in headers}, skip_rows=tuple(skip),
    )
    return mapping, _score(fields), (best.row, twin.row) if twin is not None else None


def detect(book: Book, *, sheet: str | None = None, saved: dict[str, str] | None = None) -> Mapping:
    """The guessed mapping of ``book`` (on ``sheet`` when given); UnreadableFileError."""
    saved = saved or {}
    sheets = book.sheets
    if sheet is not None:
        sheets = [s for s in book.sheets if s.name == sheet]
        if not sheets:
            raise UnreadableFileError(gettext("Tệp không có trang “%(sheet)s”.")
                                      % {"sheet": sheet})
    found: list[tuple[Mapping, int]] = []
    twins: list[tuple[str, tuple[int, int]]] = []
    for candidate in sheets:
        mapping, score, twin = _header_of_sheet(candidate, saved)
        if mapping is not None:
            found.append((mapping, score))
            if twin is not None:
                twins.append((candidate.name, twin))
    if not found:
        where = (gettext("trang “%(sheet)s”") % {"sheet": sheets[0].name} if len(sheets) == 1
                 else gettext("trang nào"))
        raise UnreadableFileError(gettext(
            "Không tìm thấy dòng tiêu đề ở %(where)s trong %(rows)s dòng đầu: cần một dòng ghi "
            "tên các cột, ví dụ “Họ và tên”, “Ngày sinh”, “Giới tính”, “Ngày vào Đảng”, "
            "“Chi bộ”."
        ) % {"where": where, "rows": SCAN_ROWS})
    preferred = [m for m, _ in found if m.sheet == SHEET_NAME]
    chosen = preferred[0] if preferred else max(found, key=lambda f: f[1])[0]
    for name, (first, second) in twins:
        if name == chosen.sheet:
            raise UnreadableFileError(gettext(
                "Trang “%(sheet)s” có hai dòng đều giống dòng tiêu đề (dòng %(first)s và dòng "
                "%(second)s); hãy xóa dòng thừa để chỉ còn một dòng tiêu đề."
            ) % {"sheet": name, "first": first, "second": second}, row=second, sheet=name)
    chosen.sheets = tuple(m.sheet for m, _ in found)
    return chosen


def apply_choices(
    mapping: Mapping, *, columns: dict[int, str] | None = None,
    values: dict[str, dict[str, str]] | None = None,
    compound_names: tuple[str, ...] | None = None,
) -> Mapping:
    """``mapping`` with the user's choices (from the mapping form or a mapping file)."""
    if columns is not None:
        for col, name in columns.items():
            if col in mapping.headers or name:
                if name and name not in FIELD_LABELS:
                    raise UnreadableFileError(gettext("Không có trường “%(name)s” để gán cột.")
                                              % {"name": name})
                mapping.columns[col] = name
                mapping.headers.setdefault(col, f"Cột {column_letter(col)}")
    if values is not None:
        for kind, chosen in values.items():
            mapping.values.setdefault(kind, {}).update(chosen)
    if compound_names is not None:
        mapping.compound_names = compound_names
    return mapping


def mapping_problems(
    mapping: Mapping, *, cell_needed: bool
) -> list[tuple[str, int | None]]:
    """What keeps the mapping from being used, each with the column it is at (or None): a
    field mapped twice (at its second column, the columns named with their letters), a required
    one missing."""
    problems: list[tuple[str, int | None]] = []
    for name, cols in mapping.duplicates():
        written = f" {gettext('và')} ".join(
            gettext("“%(header)s” (cột %(letter)s)")
            % {"header": mapping.header_of(c), "letter": column_letter(c)} for c in cols)
        problems.append((gettext(
            "Các cột %(columns)s cùng được gán cho “%(field)s”; mỗi trường chỉ được gán cho một "
            "cột.") % {"columns": written, "field": FIELD_LABELS.get(name, name)}, cols[1],
        ))
    fields = {part: col for name, col in mapping.field_columns().items()
              for part in parts_of(name)}
    has_name = FULL_NAME in fields or {"family_name", "given_name"} <= fields.keys()
    if not has_name:
        problems.append((gettext(
            "Chưa có cột họ tên: cần cột “Họ và tên”, hoặc hai cột “Họ” và “Tên”."), None,
        ))
    required = ["gender", "date_of_birth", "admitted_on"] + (["cell"] if cell_needed else [])
    for name in required:
        if name not in fields:
            problems.append((gettext("Chưa có cột “%(field)s” (bắt buộc).")
                             % {"field": FIELD_LABELS[name]}, None))
    return problems


def saved_columns(mapping: Mapping) -> dict[str, str]:
    """The mapping as saved for the organization: header (compared folded) → field."""
    return {
        header_key(mapping.headers[col]): name
        for col, name in mapping.columns.items()
        if mapping.headers.get(col) and header_key(mapping.headers[col])
    }
