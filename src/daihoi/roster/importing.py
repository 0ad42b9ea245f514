"""Import of a roster file (XLSX or CSV) into an organization's subtree.

The file is read row by row and every row is checked before anything is written; an import
with any error writes nothing. Rows whose card number (or, for a member without a card, whose
full name and date of birth) matches a member of the subtree update that member; other rows
create members. The write is one transaction with one audit entry.

The columns, their Vietnamese headers and what each accepts are in :data:`COLUMNS`; the
export (:mod:`daihoi.roster.exporting`) writes the same format, so an export imports back
without changes.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from django.db import IntegrityError, connection, transaction
from django.db.models import TextChoices
from django.utils import translation

from daihoi import clock
from daihoi.audit.services import audit_record
from daihoi.core.formulas import unescape_cell
from daihoi.core.text import clean_name
from daihoi.roster.choices import (
    ETHNICITIES,
    LEFT_STATUSES,
    Gender,
    GeneralEducation,
    MemberStatus,
    OrgKind,
    Qualification,
    TheoryLevel,
)
from daihoi.roster.models import Agency, CellChange, Member, Organization, StatusChange
from daihoi.roster.rules import member_record_errors
from daihoi.roster.services import committee_of, derived_name_fields

#: Callback ``(phase, done, total)``; ``total`` is None while it is not known.
Progress = Callable[[str, int, int | None], None]

#: Phases reported to the progress callback, with their label for the user.
PHASES = {
    "reading": "Đang đọc và kiểm tra từng dòng",
    "checking": "Đang đối chiếu với danh sách hiện có",
    "writing": "Đang ghi vào cơ sở dữ liệu",
}

SHEET_NAME = "Danh sách đảng viên"
HELP_SHEET_NAME = "Hướng dẫn"
#: Rows per INSERT/UPDATE statement and per lookup query.
BATCH_SIZE = 2000
#: Errors kept in full; beyond this only their number is reported.
MAX_REPORTED_ERRORS = 500
#: Larger uploads are refused before they are read.
MAX_FILE_BYTES = 60 * 1024 * 1024


@dataclass(frozen=True)
class Column:
    header: str
    #: The Member field (``cell``/``agency`` are given by code); None for STT.
    field: str | None
    kind: str  # text, date, choice, ethnicity, card, cell, agency, seq
    required: bool
    help: str
    choices: type[TextChoices] | None = None
    #: Value used when the cell is blank (for optional enumerations and texts with a default).
    default: str = ""


COLUMNS: tuple[Column, ...] = (
    Column("STT", None, "seq", False, "Số thứ tự; không bắt buộc, không được nhập."),
    Column("Họ", "family_name", "text", True, "Họ của đảng viên, ví dụ: Nguyễn."),
    Column("Tên đệm", "middle_name", "text", False, "Tên đệm (có thể để trống), ví dụ: Thị Thu."),
    Column("Tên", "given_name", "text", True, "Tên gọi, ví dụ: Hằng."),
    Column("Giới tính", "gender", "choice", True, "Giới tính.", Gender),
    Column("Ngày sinh", "date_of_birth", "date", True,
           "Ngày sinh: ô kiểu ngày của Excel, hoặc chữ dạng ngày/tháng/năm (17/05/1980)."),
    Column("Dân tộc", "ethnicity", "ethnicity", False,
           "Một trong 54 dân tộc Việt Nam (Danh mục các dân tộc Việt Nam); để trống là Kinh.",
           default="Kinh"),
    Column("Tôn giáo", "religion", "text", False, "Tôn giáo; để trống là “Không”.",
           default="Không"),
    Column("Quê quán", "home_town", "text", False, "Quê quán."),
    Column("Giáo dục phổ thông", "general_education", "choice", False,
           "Trình độ giáo dục phổ thông; để trống là Trung học phổ thông.", GeneralEducation,
           default=GeneralEducation.UPPER_SECONDARY),
    Column("Trình độ chuyên môn", "qualification", "choice", False,
           "Trình độ chuyên môn cao nhất; để trống là Đại học.", Qualification,
           default=Qualification.UNIVERSITY),
    Column("Chuyên ngành", "specialty", "text", False, "Chuyên ngành đào tạo."),
    Column("Lý luận chính trị", "political_theory", "choice", False,
           "Trình độ lý luận chính trị; để trống là Sơ cấp.", TheoryLevel,
           default=TheoryLevel.ELEMENTARY),
    Column("Ngày vào Đảng", "admitted_on", "date", True,
           "Ngày kết nạp vào Đảng (ngày/tháng/năm); khi đó phải đủ 18 tuổi."),
    Column("Ngày chính thức", "full_member_on", "date", False,
           "Ngày được công nhận đảng viên chính thức; để trống nếu là đảng viên dự bị."),
    Column("Số thẻ đảng viên", "card_number", "card", False,
           "Số thẻ đảng viên; bắt buộc với đảng viên chính thức. Dòng có số thẻ đã có trong "
           "đảng bộ sẽ cập nhật hồ sơ đó; đảng viên dự bị chưa có thẻ được nhận ra theo họ tên "
           "và ngày sinh."),
    Column("Mã chi bộ", "cell", "cell", True,
           "Mã của chi bộ nơi đảng viên sinh hoạt (xem danh mục chi bộ bên dưới)."),
    Column("Mã cơ quan", "agency", "agency", False,
           "Mã cơ quan, đơn vị nơi đảng viên công tác (xem danh mục bên dưới); phải thuộc "
           "đảng bộ của chi bộ. Có thể để trống."),
    Column("Chức vụ", "position", "text", False, "Chức vụ chính quyền, đoàn thể."),
    Column("Tình trạng", "status", "choice", False,
           "Tình trạng sinh hoạt; để trống là Đang sinh hoạt. Khi tình trạng của một đảng viên "
           "đã có thay đổi, lần thay đổi được ghi vào lịch sử với ngày hôm nay.", MemberStatus,
           default=MemberStatus.ACTIVE),
)
HEADERS: tuple[str, ...] = tuple(c.header for c in COLUMNS)

#: Order of the values in a parsed row (after the row number).
FIELDS: tuple[str, ...] = (
    "family_name", "middle_name", "given_name", "gender", "date_of_birth", "ethnicity",
    "religion", "home_town", "general_education", "qualification", "specialty",
    "political_theory", "admitted_on", "full_member_on", "card_number", "cell_id", "agency_id",
    "position", "status",
)
_IDX = {name: i for i, name in enumerate(FIELDS)}
_DATE_FIELDS = frozenset({"date_of_birth", "admitted_on", "full_member_on"})
_HEADER_OF = {
    **{c.field: c.header for c in COLUMNS if c.field},
    "cell_id": "Mã chi bộ",
    "agency_id": "Mã cơ quan",
}
#: Fields written when an existing member is updated (the record; cell and status have history).
RECORD_FIELDS: tuple[str, ...] = tuple(
    f for f in FIELDS if f not in ("cell_id", "status")
)


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Problem:
    """One error: of a row and column, or of the whole file (row and column None)."""

    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        if self.column is None:
            return f"Dòng {self.row}: {self.message}"
        return f"Dòng {self.row}, cột “{self.column}”: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message, "text": str(self)}


class UnreadableFileError(Exception):
    """The file as a whole cannot be read (not a spreadsheet, wrong headers, not UTF-8…)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class ImportResult:
    file_name: str
    sha256: str = ""
    dry_run: bool = False
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    status_changes: int = 0
    cell_changes: int = 0
    written: bool = False
    errors: list[Problem] = field(default_factory=list)
    error_count: int = 0

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def add_error(self, problem: Problem) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append(problem)

    def summary(self) -> dict[str, Any]:
        return {
            "file_name": self.file_name,
            "sha256": self.sha256,
            "dry_run": self.dry_run,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "status_changes": self.status_changes,
            "cell_changes": self.cell_changes,
            "written": self.written,
        }


# --------------------------------------------------------------------------- normalising


def norm(text: str) -> str:
    """NFC, case-folded, single-spaced: how headers and enumeration labels are compared."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _choice_map(choices: type[TextChoices]) -> dict[str, str]:
    with translation.override("vi"):
        mapping = {norm(str(label)): value for value, label in choices.choices}
    mapping.update({norm(value): value for value in choices.values})
    return mapping


def choice_labels(choices: type[TextChoices]) -> list[str]:
    """The Vietnamese labels of an enumeration, as the template lists them."""
    with translation.override("vi"):
        return [str(label) for _, label in choices.choices]


def choice_label(choices: type[TextChoices], value: str) -> str:
    with translation.override("vi"):
        return str(choices(value).label)


_ETHNICITY_MAP = {norm(e): e for e in ETHNICITIES}
_DATE_RE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


class _BadValueError(Exception):
    """A cell's value is not acceptable; the message names the value."""


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return clean_name(str(value))


def parse_date(value: Any) -> dt.date:
    """A real spreadsheet date, an Excel serial number, or text ``dd/mm/yyyy``."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # Excel's serial range (1900-01-01 … 9999-12-31)
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise _BadValueError(f"“{_text(value)}” không phải là ngày hợp lệ.")
    text = _text(value)
    match = _DATE_RE.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        iso = _ISO_RE.match(text)
        if not iso:
            raise _BadValueError(
                f"“{text}” không phải là ngày; hãy ghi theo dạng ngày/tháng/năm, ví dụ 17/05/1980."
            )
        year, month, day = (int(g) for g in iso.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise _BadValueError(f"“{text}” không phải là ngày hợp lệ.") from None


# --------------------------------------------------------------------------- reading


def _detect_kind(head: bytes, file_name: str) -> str:
    suffix = Path(file_name).suffix.lower()
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableFileError(
            "Đây là tệp Excel đời cũ (.xls) hoặc tệp Office được đặt mật khẩu; hãy mở bằng "
            "Excel và lưu lại dưới dạng “Excel Workbook (.xlsx)”, không đặt mật khẩu."
        )
    if suffix == ".xlsx":
        raise UnreadableFileError("Tệp không phải là tệp Excel (.xlsx) hợp lệ: có thể tệp bị hỏng.")
    if suffix in (".csv", ".txt"):
        return "csv"
    raise UnreadableFileError("Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv).")


def _xlsx_rows(fh: BinaryIO) -> tuple[int | None, Iterator[tuple[int, tuple[Any, ...]]]]:
    import openpyxl  # heavy import, only for spreadsheets

    try:
        workbook = openpyxl.load_workbook(fh, read_only=True, data_only=True)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as exc:
        raise UnreadableFileError(
            "Tệp Excel bị hỏng hoặc không đầy đủ (có thể tải lên bị gián đoạn); hãy mở lại "
            "bằng Excel, lưu lại rồi tải lên lần nữa."
        ) from exc
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise UnreadableFileError(
            "Không đọc được tệp Excel: tệp không phải là bảng tính .xlsx hợp lệ."
        ) from exc
    sheet = workbook[SHEET_NAME] if SHEET_NAME in workbook.sheetnames else workbook.worksheets[0]
    total = sheet.max_row - 1 if sheet.max_row else None

    def rows() -> Iterator[tuple[int, tuple[Any, ...]]]:
        try:
            yield from enumerate(sheet.iter_rows(values_only=True), start=1)
        except (zipfile.BadZipFile, EOFError, KeyError, ValueError) as exc:
            raise UnreadableFileError(
                "Tệp Excel bị hỏng hoặc không đầy đủ: không đọc được hết các dòng."
            ) from exc
        finally:
            workbook.close()

    return total, rows()


def _csv_rows(fh: BinaryIO) -> tuple[int | None, Iterator[tuple[int, tuple[Any, ...]]]]:
    head = fh.read(4)
    fh.seek(0)
    if head.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8"
    text = io.TextIOWrapper(fh, encoding=encoding, errors="strict", newline="")
    try:
        first = text.readline()
    except UnicodeDecodeError as exc:
        raise UnreadableFileError(_NOT_UTF8) from exc
    delimiter = ";" if first.count(";") > first.count(",") else ","
    text.seek(0)

    def rows() -> Iterator[tuple[int, tuple[Any, ...]]]:
        reader = csv.reader(text, delimiter=delimiter)
        try:
            for number, values in enumerate(reader, start=1):
                yield number, tuple(unescape_cell(v) for v in values)
        except UnicodeDecodeError as exc:
            raise UnreadableFileError(_NOT_UTF8) from exc
        except csv.Error as exc:
            raise UnreadableFileError(f"Tệp CSV không đúng định dạng: {exc}.") from exc

    return None, rows()


_NOT_UTF8 = "Tệp CSV không phải mã UTF-8; hãy lưu lại với mã UTF-8 (trong Excel: “CSV UTF-8”)."


def read_table(
    fh: BinaryIO, file_name: str
) -> tuple[int | None, Iterator[tuple[int, tuple[Any, ...]]]]:
    """(estimated number of data rows, iterator of (row number, raw values)) of the file."""
    head = fh.read(8)
    fh.seek(0)
    if not head:
        raise UnreadableFileError("Tệp rỗng: không có dữ liệu.")
    kind = _detect_kind(head, file_name)
    return _xlsx_rows(fh) if kind == "xlsx" else _csv_rows(fh)


def map_headers(values: tuple[Any, ...]) -> dict[str, int]:
    """Column position of each header; a UnreadableFileError naming missing or unknown headers."""
    known = {norm(h): h for h in HEADERS}
    positions: dict[str, int] = {}
    unknown: list[str] = []
    duplicated: list[str] = []
    for i, value in enumerate(values):
        text = _text(value)
        if not text:
            continue
        header = known.get(norm(text))
        if header is None:
            unknown.append(text)
        elif header in positions:
            duplicated.append(header)
        else:
            positions[header] = i
    missing = [h for h in HEADERS if h not in positions and h != "STT"]
    if not positions and not unknown:
        raise UnreadableFileError("Tệp không có dòng tiêu đề: dòng 1 phải là tên các cột.")
    problems = []
    if missing:
        problems.append("thiếu cột " + ", ".join(f"“{h}”" for h in missing))
    if unknown:
        problems.append("có cột không nhận ra " + ", ".join(f"“{h}”" for h in unknown))
    if duplicated:
        problems.append("có cột bị lặp " + ", ".join(f"“{h}”" for h in duplicated))
    if problems:
        raise UnreadableFileError(
            "Dòng tiêu đề (dòng 1) không đúng mẫu: " + "; ".join(problems)
            + ". Hãy dùng tệp mẫu (các cột: " + ", ".join(HEADERS) + ")."
        )
    return positions


# --------------------------------------------------------------------------- checking rows


@dataclass
class _Context:
    """What a row is checked against: the target organization's cells, agencies, today."""

    org: Organization
    today: dt.date
    #: code → (pk, path, kind) of every organization (cells must be in the subtree).
    orgs: dict[str, tuple[int, str, str]]
    #: code → (pk, organization path)
    agencies: dict[str, tuple[int, str]]
    cell_paths: dict[int, str]
    choice_maps: dict[str, dict[str, str]]
    max_lengths: dict[str, int]
    strings: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, org: Organization) -> _Context:
        orgs = {
            code: (pk, path, kind)
            for code, pk, path, kind in Organization.objects.values_list(
                "code", "pk", "path", "kind"
            )
        }
        agencies = {
            code: (pk, path)
            for code, pk, path in Agency.objects.values_list(
                "code", "pk", "organization__path"
            )
        }
        return cls(
            org=org,
            today=clock.today(),
            orgs=orgs,
            agencies=agencies,
            cell_paths={pk: path for pk, path, _ in orgs.values()},
            choice_maps={
                c.field: _choice_map(c.choices) for c in COLUMNS if c.choices and c.field
            },
            max_lengths={
                f.name: int(getattr(f, "max_length", 0))
                for f in Member._meta.get_fields()
                if getattr(f, "max_length", None)
            },
        )

    def intern(self, text: str) -> str:
        """Share equal strings (names, towns, positions repeat) to keep big imports small."""
        return self.strings.setdefault(text, text)


def _check_row(
    number: int, raw: tuple[Any, ...], positions: dict[str, int], ctx: _Context,
    result: ImportResult,
) -> tuple[Any, ...] | None:
    """The row's values in :data:`FIELDS` order (after its number), or None with its errors."""
    values: dict[str, Any] = {}
    errors: list[Problem] = []
    width = len(raw)
    for column in COLUMNS:
        if column.field is None:
            continue
        pos = positions[column.header]
        cell = raw[pos] if pos < width else None
        text_value = _text(cell)
        if not text_value:
            if column.required:
                errors.append(Problem("chưa điền (bắt buộc).", number, column.header))
            values[column.field] = str(column.default) if column.kind != "date" else None
            continue
        try:
            values[column.field] = _parse_cell(column, cell, text_value, ctx)
        except _BadValueError as exc:
            errors.append(Problem(str(exc), number, column.header))
            values[column.field] = None
    # Cell and agency: the cell must be in the subtree, the agency in the cell's committee.
    cell_code = values.pop("cell")
    agency_code = values.pop("agency")
    values["cell_id"] = None
    values["agency_id"] = None
    if cell_code:
        found = ctx.orgs.get(cell_code)
        if found is None or not found[1].startswith(ctx.org.path):
            errors.append(Problem(
                f"không có chi bộ mã “{cell_code}” trong {ctx.org.name}.", number, "Mã chi bộ"
            ))
        elif found[2] != OrgKind.CELL:
            errors.append(Problem(
                f"“{cell_code}” không phải là mã của một chi bộ.", number, "Mã chi bộ"
            ))
        else:
            values["cell_id"] = found[0]
    if agency_code:
        agency = ctx.agencies.get(agency_code)
        if agency is None:
            errors.append(Problem(
                f"không có cơ quan, đơn vị mã “{agency_code}”.", number, "Mã cơ quan"
            ))
        elif values["cell_id"] is not None:
            if not ctx.cell_paths[values["cell_id"]].startswith(agency[1]):
                errors.append(Problem(
                    f"cơ quan “{agency_code}” không thuộc đảng bộ của chi bộ “{cell_code}”.",
                    number, "Mã cơ quan",
                ))
            else:
                values["agency_id"] = agency[0]
    # The record's own rules, as the member form checks them.
    for name, message in member_record_errors(
        date_of_birth=values["date_of_birth"],
        admitted_on=values["admitted_on"],
        full_member_on=values["full_member_on"],
        ethnicity=values["ethnicity"],
        today=ctx.today,
    ).items():
        errors.append(Problem(message, number, _HEADER_OF[name]))
    if values["full_member_on"] is not None and not values["card_number"]:
        errors.append(Problem(
            "đảng viên chính thức (có ngày chính thức) phải có số thẻ đảng viên.",
            number, "Số thẻ đảng viên",
        ))
    if errors:
        for problem in errors:
            result.add_error(problem)
        return None
    if not values["card_number"]:
        values["card_number"] = None
    return (number, *(values[name] for name in FIELDS))


def _parse_cell(column: Column, cell: Any, text_value: str, ctx: _Context) -> Any:
    kind = column.kind
    assert column.field is not None
    if kind == "date":
        return parse_date(cell)
    if kind == "choice":
        value = ctx.choice_maps[column.field].get(norm(text_value))
        if value is None:
            assert column.choices is not None
            allowed = ", ".join(choice_labels(column.choices))
            raise _BadValueError(
                f"“{text_value}” không phải là giá trị hợp lệ; dùng một trong: {allowed}."
            )
        return value
    if kind == "ethnicity":
        # Accept any case; the rule itself (54 groups) is checked by member_record_errors.
        return _ETHNICITY_MAP.get(norm(text_value), text_value)
    if kind in ("cell", "agency"):
        return text_value
    limit = ctx.max_lengths.get(column.field)
    if limit is not None and len(text_value) > limit:
        raise _BadValueError(f"dài quá {limit} ký tự.")
    if kind == "card":
        return text_value.replace(" ", "")
    return ctx.intern(" ".join(text_value.split()))


# --------------------------------------------------------------------------- the import


@dataclass
class _Plan:
    creates: list[tuple[Any, ...]] = field(default_factory=list)
    #: (row, member pk, version seen, status before, cell before)
    updates: list[tuple[tuple[Any, ...], int, int, str, int]] = field(default_factory=list)


def file_sha256(fh: BinaryIO) -> str:
    digest = hashlib.sha256()
    fh.seek(0)
    for chunk in iter(lambda: fh.read(1024 * 1024), b""):
        digest.update(chunk)
    fh.seek(0)
    return digest.hexdigest()


def roster_import(
    *,
    actor: Any,
    organization: Organization,
    source: BinaryIO | Path | str,
    file_name: str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Check every row of ``source`` and, if none has an error (and not ``dry_run``), write
    them all in one transaction with one audit entry. Never raises for bad data: the errors
    are in the result."""
    if isinstance(source, str | Path):
        path = Path(source)
        with path.open("rb") as fh:
            return roster_import(
                actor=actor, organization=organization, source=fh,
                file_name=file_name or path.name, dry_run=dry_run, progress=progress,
            )
    report = progress or (lambda phase, done, total: None)
    result = ImportResult(file_name=file_name or "", dry_run=dry_run)
    try:
        rows = _read_and_check(source, organization, result, report)
    except UnreadableFileError as exc:
        result.add_error(Problem(exc.message))
        return result
    if not result.ok:
        return result
    plan = _match(rows, organization, result, report)
    if not result.ok or dry_run:
        return result
    try:
        _write(plan, organization, actor, result, report)
    except _ConflictError as exc:
        result.add_error(Problem(exc.message))
    return result


def _read_and_check(
    fh: BinaryIO, org: Organization, result: ImportResult, report: Progress
) -> list[tuple[Any, ...]]:
    fh.seek(0, io.SEEK_END)
    size = fh.tell()
    if size > MAX_FILE_BYTES:
        raise UnreadableFileError(
            f"Tệp quá lớn ({size // (1024 * 1024)} MB); giới hạn là "
            f"{MAX_FILE_BYTES // (1024 * 1024)} MB."
        )
    result.sha256 = file_sha256(fh)
    total, table = read_table(fh, result.file_name)
    positions: dict[str, int] | None = None
    ctx = _Context.load(org)
    rows: list[tuple[Any, ...]] = []
    report("reading", 0, total)
    for number, raw in table:
        if positions is None:  # row 1: the headers
            positions = map_headers(raw)
            continue
        if not any(_text(v) for v in raw):
            continue
        result.rows += 1
        row = _check_row(number, raw, positions, ctx, result)
        if row is not None:
            rows.append(row)
        if result.rows % 1000 == 0:
            report("reading", result.rows, total)
    if positions is None:
        raise UnreadableFileError("Tệp rỗng: không có dòng tiêu đề và không có dữ liệu.")
    if result.rows == 0:
        raise UnreadableFileError("Tệp chỉ có dòng tiêu đề, không có đảng viên nào.")
    report("reading", result.rows, result.rows)
    return rows


def _chunks(items: list[Any], size: int = BATCH_SIZE) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _match(
    rows: list[tuple[Any, ...]], org: Organization, result: ImportResult, report: Progress
) -> _Plan:
    """Decide, per row, create or update; errors for duplicates and foreign card numbers."""
    card_i = 1 + _IDX["card_number"]
    total = len(rows)
    report("checking", 0, total)
    # Duplicate card numbers inside the file: report every row involved.
    first_row: dict[str, int] = {}
    reported: set[str] = set()
    for row in rows:
        card = row[card_i]
        if card is None:
            continue
        if card not in first_row:
            first_row[card] = row[0]
            continue
        other = first_row[card]
        if card not in reported:  # the first row, once, naming the second
            reported.add(card)
            result.add_error(Problem(
                f"số thẻ “{card}” trùng với dòng {row[0]}.", other, "Số thẻ đảng viên"
            ))
        result.add_error(Problem(
            f"số thẻ “{card}” trùng với dòng {other}.", row[0], "Số thẻ đảng viên"
        ))
    # Existing members of the subtree: by card number, and the card-less ones by name and birth.
    subtree = Member.objects.filter(cell__path__startswith=org.path)
    by_card: dict[str, int] = {
        card: pk
        for card, pk in subtree.filter(card_number__isnull=False).values_list("card_number", "pk")
        if card is not None
    }
    no_card: dict[tuple[str, str, str, dt.date], list[int]] = {}
    for member_pk, family, middle, given, born in subtree.filter(
        card_number__isnull=True
    ).values_list("pk", "family_name", "middle_name", "given_name", "date_of_birth"):
        no_card.setdefault((norm(family), norm(middle), norm(given), born), []).append(member_pk)
    # Card numbers used outside the subtree.
    foreign = [c for c in first_row if c not in by_card]
    taken: set[str] = set()
    for chunk in _chunks(foreign):
        taken.update(
            card
            for card in Member.objects.filter(card_number__in=chunk)
            .exclude(cell__path__startswith=org.path)
            .values_list("card_number", flat=True)
            if card is not None
        )
    plan = _Plan()
    matched: dict[int, tuple[Any, ...]] = {}
    targets: list[tuple[tuple[Any, ...], int]] = []
    fi, mi, gi, bi = (1 + _IDX[n] for n in ("family_name", "middle_name", "given_name",
                                              "date_of_birth"))
    for done, row in enumerate(rows, start=1):
        card = row[card_i]
        pk: int | None = None
        if card is not None and card in taken:
            result.add_error(Problem(
                f"số thẻ “{card}” đã là của một đảng viên ngoài {org.name}; nếu đảng viên "
                "chuyển đến, hãy làm thủ tục chuyển sinh hoạt trước.", row[0], "Số thẻ đảng viên",
            ))
            continue
        if card is not None:
            pk = by_card.get(card)
        if pk is None:
            candidates = no_card.get((norm(row[fi]), norm(row[mi]), norm(row[gi]), row[bi]), [])
            if len(candidates) > 1:
                result.add_error(Problem(
                    f"có {len(candidates)} đảng viên chưa có thẻ cùng họ tên và ngày sinh này; "
                    "không biết cập nhật người nào. Hãy sửa trên trang hồ sơ.", row[0],
                ))
                continue
            if candidates:
                pk = candidates[0]
        if pk is None:
            plan.creates.append(row)
        elif pk in matched:
            result.add_error(Problem(
                f"dòng này và dòng {matched[pk][0]} cùng là một đảng viên.", row[0]
            ))
        else:
            matched[pk] = row
            targets.append((row, pk))
        if done % 5000 == 0:
            report("checking", done, total)
    if not result.ok:
        return plan
    # Compare with the stored records: only changed rows are updated.
    compare = ("pk", "version", *RECORD_FIELDS, "cell_id", "status")
    for chunk in _chunks(targets):
        stored = {
            values[0]: values
            for values in Member.objects.filter(pk__in=[pk for _, pk in chunk]).values_list(
                *compare
            )
        }
        for row, pk in chunk:
            current = stored[pk]
            new = dict(zip(FIELDS, row[1:], strict=True))
            old = dict(zip(compare, current, strict=True))
            if all(new[f] == old[f] for f in (*RECORD_FIELDS, "cell_id", "status")):
                result.unchanged += 1
                continue
            if new["cell_id"] != old["cell_id"] and old["status"] in LEFT_STATUSES:
                result.add_error(Problem(
                    "đảng viên đã rời đảng bộ; không chuyển chi bộ được.", row[0], "Mã chi bộ"
                ))
                continue
            plan.updates.append((row, pk, old["version"], old["status"], old["cell_id"]))
    result.created = len(plan.creates)
    result.updated = len(plan.updates)
    result.status_changes = sum(
        1 for r in plan.creates if r[1 + _IDX["status"]] != MemberStatus.ACTIVE
    ) + sum(1 for r, _, _, status, _ in plan.updates if r[1 + _IDX["status"]] != status)
    result.cell_changes = sum(
        1 for r, _, _, _, cell in plan.updates if r[1 + _IDX["cell_id"]] != cell
    )
    report("checking", total, total)
    return plan


class _ConflictError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _write(
    plan: _Plan, org: Organization, actor: Any, result: ImportResult, report: Progress
) -> None:
    now = clock.now()
    today = clock.today()
    recorded_by = actor if getattr(actor, "pk", None) else None
    note = f"Nhập từ tệp {result.file_name}"[:300]
    total = len(plan.creates) + len(plan.updates)
    report("writing", 0, total)
    status_i = 1 + _IDX["status"]
    cell_i = 1 + _IDX["cell_id"]
    done = 0
    try:
        with transaction.atomic():
            for chunk in _chunks(plan.creates):
                _create_members(chunk, now=now, today=today, note=note, recorded_by=recorded_by)
                done += len(chunk)
                report("writing", done, total)
            for chunk in _chunks(plan.updates):
                query = Member.objects.filter(pk__in=[pk for _, pk, _, _, _ in chunk])
                if connection.features.has_select_for_update:
                    query = query.select_for_update()
                members_by_pk = {m.pk: m for m in query}
                changed = []
                status_rows = []
                cell_rows = []
                for row, pk, version, status_before, cell_before in chunk:
                    member = members_by_pk[pk]
                    if member.version != version:
                        raise _ConflictError(
                            f"Hồ sơ của đồng chí {member.full_name} (dòng {row[0]}) vừa được "
                            "người khác sửa trong lúc kiểm tra tệp. Không có gì được ghi; hãy "
                            "nhập lại tệp."
                        )
                    for name, value in zip(FIELDS, row[1:], strict=True):
                        setattr(member, name, value)
                    for name, value in derived_name_fields(
                        member.family_name, member.middle_name, member.given_name
                    ).items():
                        setattr(member, name, value)
                    member.version = version + 1
                    member.updated_at = now
                    changed.append(member)
                    if row[status_i] != status_before:
                        status_rows.append(StatusChange(
                            member_id=pk, status=row[status_i], effective_on=today, note=note,
                            recorded_at=now, recorded_by=recorded_by,
                        ))
                    if row[cell_i] != cell_before:
                        cell_rows.append(CellChange(
                            member_id=pk, from_cell_id=cell_before, to_cell_id=row[cell_i],
                            effective_on=today, note=note, recorded_at=now,
                            recorded_by=recorded_by,
                        ))
                Member.objects.bulk_update(
                    changed,
                    [*RECORD_FIELDS, "cell_id", "status", "sort_key", "search_text", "version",
                     "updated_at"],
                    batch_size=500,
                )
                StatusChange.objects.bulk_create(status_rows, batch_size=BATCH_SIZE)
                CellChange.objects.bulk_create(cell_rows, batch_size=BATCH_SIZE)
                done += len(chunk)
                report("writing", done, total)
            audit_record(
                actor=actor, action="roster.import", obj=org,
                organization_id=committee_of(org).pk,
                summary=(
                    f"Nhập danh sách từ tệp {result.file_name}: thêm {result.created}, "
                    f"cập nhật {result.updated}, không đổi {result.unchanged}"
                ),
                data={
                    "file_name": result.file_name,
                    "sha256": result.sha256,
                    "organization": org.code,
                    "rows": result.rows,
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                    "status_changes": result.status_changes,
                    "cell_changes": result.cell_changes,
                },
            )
    except IntegrityError as exc:
        raise _ConflictError(
            "Không ghi được: một số thẻ đảng viên vừa được dùng cho hồ sơ khác trong lúc kiểm "
            f"tra tệp ({exc}). Không có gì được ghi; hãy nhập lại tệp."
        ) from exc
    result.written = True


#: Columns of a member written by the import's INSERT, after the parsed :data:`FIELDS`.
_MEMBER_EXTRA = ("version", "sort_key", "search_text", "created_at", "updated_at")
_STATUS_COLUMNS = ("member_id", "status", "effective_on", "note", "recorded_at", "recorded_by_id")


def _insert(
    model: type[Any], columns: tuple[str, ...], rows: list[tuple[Any, ...]], *, returning: bool
) -> list[int]:
    """Insert ``rows`` (already adapted to the database), optionally returning the new primary
    keys in order. Django's ``bulk_create`` spends most of a 100,000-row import preparing field
    values one by one; the values here are checked and typed already."""
    if connection.vendor == "postgresql":
        return _insert_unnest(model, columns, rows, returning=returning)
    ops = connection.ops
    table = ops.quote_name(model._meta.db_table)
    names = ", ".join(ops.quote_name(c) for c in columns)
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    # A multi-row INSERT; SQLite allows 32,766 parameters per statement. SQLite (3.35+) returns
    # the keys of a multi-row insert in order, which is what ``bulk_create`` relies on as well.
    per_statement = max(1, 30000 // len(columns))
    ids: list[int] = []
    with connection.cursor() as cursor:
        for chunk in _chunks(rows, per_statement):
            # Only quoted identifiers and placeholders are formatted in; values are parameters.
            sql = f"INSERT INTO {table} ({names}) VALUES {', '.join([one] * len(chunk))}"  # noqa: S608
            if returning:
                sql += f" RETURNING {ops.quote_name(model._meta.pk.column)}"
            cursor.execute(sql, [value for row in chunk for value in row])
            if returning:
                ids.extend(r[0] for r in cursor.fetchall())
    return ids


def _insert_unnest(
    model: type[Any], columns: tuple[str, ...], rows: list[tuple[Any, ...]], *, returning: bool
) -> list[int]:
    """PostgreSQL: one ``INSERT … SELECT FROM unnest(array, array, …)`` with one array per
    column. A multi-row VALUES statement has one placeholder per value, and psycopg parses
    such a statement in Python: measured 17 s of the 20 s it took to insert 100,000 members.
    The keys are drawn from the table's sequence first, so each row's key is known without
    relying on the order of RETURNING."""
    if not rows:
        return []
    ops = connection.ops
    meta = model._meta
    table = meta.db_table
    by_column = {f.column: f for f in meta.concrete_fields}
    pk = meta.pk.column
    names = [pk, *columns] if returning else list(columns)
    casts = [f"%s::{by_column[c].db_type(connection)}[]" for c in names]
    with connection.cursor() as cursor:
        ids: list[int] = []
        if returning:
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) "
                           "FROM generate_series(1, %s)", [table, pk, len(rows)])
            ids = [r[0] for r in cursor.fetchall()]
        arrays = [list(column) for column in zip(*rows, strict=True)]
        if returning:
            arrays.insert(0, ids)
        # Only quoted identifiers and the columns' own types are formatted in.
        cursor.execute(
            f"INSERT INTO {ops.quote_name(table)} ({', '.join(ops.quote_name(c) for c in names)}) "  # noqa: S608
            f"SELECT * FROM unnest({', '.join(casts)})", arrays)
    return ids


def _create_members(
    chunk: list[tuple[Any, ...]], *, now: dt.datetime, today: dt.date, note: str,
    recorded_by: Any,
) -> None:
    """Insert the members of ``chunk`` and the start of their status history."""
    ops = connection.ops
    date = ops.adapt_datefield_value
    at = ops.adapt_datetimefield_value(now)
    on = date(today)
    date_positions = [i for i, name in enumerate(FIELDS) if name in _DATE_FIELDS]
    rows = []
    for row in chunk:
        values = list(row[1:])
        keys = derived_name_fields(values[0], values[1], values[2])
        for i in date_positions:
            values[i] = date(values[i])
        rows.append((*values, 1, keys["sort_key"], keys["search_text"], at, at))
    ids = _insert(Member, (*FIELDS, *_MEMBER_EXTRA), rows, returning=True)
    if len(ids) != len(rows):  # pragma: no cover - a database that does not return keys
        raise RuntimeError("the database did not return the keys of the new members")
    actor_id = getattr(recorded_by, "pk", None)
    admitted_i, full_i, status_i = (
        _IDX["admitted_on"] + 1, _IDX["full_member_on"] + 1, _IDX["status"] + 1
    )
    changes = []
    for member_id, row in zip(ids, chunk, strict=True):
        changes.append((
            member_id, MemberStatus.ACTIVE.value, date(row[admitted_i]),
            "Kết nạp" if row[full_i] is None else "", at, actor_id,
        ))
        if row[status_i] != MemberStatus.ACTIVE:
            changes.append((member_id, row[status_i], on, note, at, actor_id))
    _insert(StatusChange, _STATUS_COLUMNS, changes, returning=False)
