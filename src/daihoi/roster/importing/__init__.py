"""Import of a roster file (the office's own workbook, the template, or an export) into an
organization's subtree.

The steps, one module each:

- :mod:`.reading`: the file's sheets (XLSX, XLS, ODS, CSV) after the upload limits;
- :mod:`.mapping`: the header row found under title rows, the columns mapped to fields
  (guessed, or the organization's saved mapping, or the user's);
- :mod:`.values` and :mod:`.checking`: every row checked, values read as offices write them;
- :mod:`.matching`: rows matched to members (card, dossier or citizen number), duplicates;
- :mod:`.writing` and :mod:`.bulk`: one transaction with one audit entry.

Every error of the file is reported in one pass, each at its sheet, Excel row, header as
written and value; an import with any error writes nothing. The file format shared with the
export is :mod:`daihoi.roster.fileformat`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from django.utils.translation import gettext, gettext_noop

from daihoi.roster.choices import Gender
from daihoi.roster.fileformat import (
    COLUMNS,
    HEADERS,
    HELP_SHEET_NAME,
    SEQ,
    SHEET_NAME,
    Column,
    choice_label,
    choice_labels,
    norm,
)
from daihoi.roster.importing import mapping as mapping_mod
from daihoi.roster.importing.checking import FIELDS, IDX, CheckedRow, Context, check_row
from daihoi.roster.importing.mapping import Mapping
from daihoi.roster.importing.matching import KEY_LABELS, Plan, match
from daihoi.roster.importing.reading import Book, Sheet, open_book
from daihoi.roster.importing.results import (
    MAX_REPORTED_ERRORS,
    ImportResult,
    Problem,
    UnreadableFileError,
)
from daihoi.roster.importing.values import text_of
from daihoi.roster.importing.writing import ConflictError, write
from daihoi.roster.models import ImportMapping, Organization

__all__ = [
    "COLUMNS", "FIELDS", "HEADERS", "HELP_SHEET_NAME", "MAX_FILE_BYTES", "MAX_REPORTED_ERRORS",
    "PHASES", "SHEET_NAME", "Column", "ImportResult", "Mapping", "Problem", "Progress",
    "UnreadableFileError", "choice_label", "choice_labels", "inspect", "norm", "roster_import",
]

#: Callback ``(phase, done, total)``; ``total`` is None while it is not known.
Progress = Callable[[str, int, int | None], None]

#: Phases reported to the progress callback, with their label for the user (Vietnamese, the
#: catalogue's msgid: a page says it in its reader's language).
PHASES = {
    "reading": gettext_noop("Đang đọc và kiểm tra từng dòng"),
    "checking": gettext_noop("Đang đối chiếu với danh sách hiện có"),
    "writing": gettext_noop("Đang ghi vào cơ sở dữ liệu"),
}
#: Larger uploads are refused before they are read (the setting ROSTER_IMPORT_MAX_BYTES).
MAX_FILE_BYTES = 50 * 1024 * 1024
#: Rows shown in the preview after a clean check.
PREVIEW_ROWS = 10


def file_sha256(fh: BinaryIO) -> str:
    digest = hashlib.sha256()
    fh.seek(0)
    for chunk in iter(lambda: fh.read(1024 * 1024), b""):
        digest.update(chunk)
    fh.seek(0)
    return digest.hexdigest()


def saved_mapping(organization: Organization) -> ImportMapping | None:
    return ImportMapping.objects.filter(organization=organization).first()


def guess_mapping(
    book: Book, organization: Organization, *, sheet: str | None = None
) -> Mapping:
    """The header found in ``book`` with its columns guessed, the organization's saved
    mapping (headers, confirmed values, compound names) applied."""
    saved = saved_mapping(organization)
    mapping = mapping_mod.detect(book, sheet=sheet, saved=saved.columns if saved else None)
    if saved is not None:
        mapping.values = {kind: dict(v) for kind, v in saved.values.items()}
        mapping.compound_names = tuple(saved.compound_names)
    return mapping


def roster_import(
    *,
    actor: Any,
    organization: Organization,
    source: BinaryIO | Path | str,
    file_name: str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    mapping: Mapping | dict[str, Any] | None = None,
    sheet: str | None = None,
) -> ImportResult:
    """Check every row of ``source`` and, if none has an error (and not ``dry_run``), write
    them all in one transaction with one audit entry. ``mapping`` (from the mapping form or a
    mapping file) replaces the guessed one. Never raises for bad data: the errors are in the
    result, sorted by row and column."""
    if isinstance(source, str | Path):
        path = Path(source)
        with path.open("rb") as fh:
            return roster_import(
                actor=actor, organization=organization, source=fh,
                file_name=file_name or path.name, dry_run=dry_run, progress=progress,
                mapping=mapping, sheet=sheet,
            )
    report = progress or (lambda phase, done, total: None)
    result = ImportResult(file_name=file_name or "", dry_run=dry_run)
    try:
        result.sha256 = file_sha256(source)
        book = open_book(source, result.file_name)
        if isinstance(mapping, dict):
            mapping = Mapping.from_json(mapping)
        if mapping is None:
            mapping = guess_mapping(book, organization, sheet=sheet)
        elif not any(s.name == mapping.sheet for s in book.sheets):
            raise UnreadableFileError(gettext("Tệp không có trang “%(sheet)s”.")
                                      % {"sheet": mapping.sheet})
        plan = _check(book, mapping, organization, result, report)
    except UnreadableFileError as exc:
        result.add_error(Problem(exc.message, exc.row, None, exc.sheet))
        return result
    result.sort_errors()
    if not result.ok or dry_run or plan is None:
        return result
    try:
        write(plan, organization, actor, result, report)
    except ConflictError as exc:
        result.add_error(Problem(exc.message))
    return result


def _check(
    book: Book, mapping: Mapping, organization: Organization, result: ImportResult,
    report: Progress,
) -> Plan | None:
    ctx = Context.load(organization, mapping)
    result.mapping = mapping.as_json()
    result.ignored_columns = mapping.ignored()
    problems = mapping_mod.mapping_problems(mapping, cell_needed=ctx.cell_needed)
    for message, col in problems:
        # A column mapped twice is at the header row, in the file's own words and letters.
        result.add_error(Problem(message, None if col is None else mapping.last_header_row,
                                 None, mapping.sheet, None, col))
    if problems:
        return None
    sheet = next(s for s in book.sheets if s.name == mapping.sheet)
    first_data = mapping.last_header_row + 1
    for r0, c0, r1, _ in [] if mapping.member_book else sheet.merged:
        if r1 > r0 and r0 + 1 >= first_data:
            result.add_error(Problem(
                gettext("ô gộp qua các dòng %(first)s–%(last)s: mỗi đảng viên phải ở một dòng "
                        "riêng; hãy bỏ gộp ô (Merge & Center) và điền giá trị vào từng dòng.")
                % {"first": r0 + 1, "last": r1 + 1},
                r0 + 1, mapping.header_of(c0), mapping.sheet, None, c0,
            ))
    _formula_problems(sheet, mapping, result)
    checked: list[CheckedRow] = []
    total = max(sheet.height - mapping.last_header_row, 0) or None
    report("reading", 0, total)
    for number, raw in _records(sheet, mapping):
        result.rows += 1
        checked.append(check_row(number, raw, ctx, result))
        if result.rows % 1000 == 0:
            report("reading", result.rows, total)
    if result.rows == 0:
        raise UnreadableFileError(gettext(
            "Trang “%(sheet)s” chỉ có dòng tiêu đề (dòng %(row)s), không có đảng viên nào ở "
            "dưới.") % {"sheet": mapping.sheet, "row": mapping.last_header_row},
            sheet=mapping.sheet,
        )
    report("reading", result.rows, result.rows)
    plan = match(checked, ctx, result, report)
    if result.ok:
        _preview(checked, plan, ctx, result)
    return plan


def _formula_problems(sheet: Sheet, mapping: Mapping, result: ImportResult) -> None:
    """Each formula cell of an imported column under the header: its value is whatever the
    program that saved the file last computed (or nothing), so the user replaces the formula by
    its value. The row number column (STT, often ``=A5+1``) is not imported and not reported."""
    skip = set(mapping.skip_rows)
    first_data = mapping.last_header_row + 1
    for (number, col), formula in sorted(sheet.formulas.items()):
        field_name = mapping.columns.get(col)
        if number < first_data or number in skip or not field_name or field_name == SEQ:
            continue
        # An old Excel file stores formulas compiled, a shared formula once: no text to show.
        written = f" “{formula}”" if formula != "=" else ""
        result.add_error(Problem(
            gettext("Ô chứa công thức%(formula)s: phần mềm không tính công thức; hãy thay công "
                    "thức bằng giá trị của nó (sao chép cột rồi “Dán đặc biệt” → “Giá trị”) và "
                    "tải lên lại.") % {"formula": written},
            number, mapping.header_of(col), mapping.sheet, formula, col,
        ))


def _records(sheet: Sheet, mapping: Mapping) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """The member rows under the header: one row each, or in the Party's member book one
    member over several sub-rows (its first has its number). A multi-value column keeps one
    line per sub-row (a blank card line stays blank); other columns join their texts."""
    skip = set(mapping.skip_rows)
    first_data = mapping.last_header_row + 1
    seq = next((c for c, f in mapping.columns.items() if f == SEQ), None)
    composite = {c for c, f in mapping.columns.items() if "+" in f}
    current: tuple[int, list[list[str]]] | None = None

    def joined(record: tuple[int, list[list[str]]]) -> tuple[int, tuple[Any, ...]]:
        number, columns = record
        return number, tuple(
            "\n".join(texts).rstrip("\n") if col in composite else " ".join(t for t in texts if t)
            for col, texts in enumerate(columns)
        )

    for number, raw in sheet.rows():
        if number < first_data or number in skip:
            continue
        if not any(text_of(v) for v in raw):
            continue
        if not mapping.member_book or seq is None:
            yield number, raw
            continue
        texts = [text_of(v) for v in raw]
        if current is None or (seq < len(texts) and texts[seq]):
            if current is not None:
                yield joined(current)
            current = (number, [[t] for t in texts])
            continue
        columns = current[1]
        columns.extend([[""] * len(columns[0]) if columns else [] for _ in
                        range(len(texts) - len(columns))])
        for col, text in enumerate(texts):
            columns[col].append(text)
    if current is not None:
        yield joined(current)


def _preview(checked: list[CheckedRow], plan: Plan, ctx: Context, result: ImportResult) -> None:
    """The first rows as mapped, and the rows to add and update per cell."""
    cell_names = {pk: name for pk, _, name in ctx.cells.by_code.values()}
    agency_names = {pk: name for pk, _, name in ctx.agencies.by_code.values()}
    updated = {r[0] for r, _, _, _, _ in plan.updates}
    for row in checked:
        values = row.values
        if values is None:
            continue
        cell = cell_names.get(values[IDX["cell_id"]], "")
        counts = result.per_cell.setdefault(cell, {"added": 0, "updated": 0, "unchanged": 0})
        how = plan.matched.get(row.number, "")
        if row.number in plan.unchanged:
            counts["unchanged"] += 1
            outcome = gettext("Không đổi")
        elif row.number in updated:
            counts["updated"] += 1
            outcome = gettext("Cập nhật (khớp theo %(key)s)") % {"key": gettext(KEY_LABELS[how])}
        else:
            counts["added"] += 1
            outcome = gettext("Thêm mới")
        if len(result.preview) < PREVIEW_ROWS:
            name = " ".join(p for p in values[1:4] if p)
            full = values[IDX["full_member_on"]]
            result.preview.append({
                "row": row.number,
                "name": name,
                "gender": choice_label(Gender, values[IDX["gender"]]),
                "born": text_of(values[IDX["date_of_birth"]]),
                "admitted": text_of(values[IDX["admitted_on"]]),
                "full": text_of(full) if full else "",
                "card": values[IDX["card_number"]] or "",
                "cell": cell,
                "agency": agency_names.get(values[IDX["agency_id"]], ""),
                "outcome": outcome,
            })


def inspect(
    source: BinaryIO, file_name: str, organization: Organization, *, sheet: str | None = None
) -> Mapping:
    """The guessed mapping of a file, for the mapping form; UnreadableFileError."""
    book = open_book(source, file_name)
    return guess_mapping(book, organization, sheet=sheet)
