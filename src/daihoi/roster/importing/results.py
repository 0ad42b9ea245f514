"""What an import reports: its problems, each at its place in the user's own file, and its
counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext

#: Errors kept in full; beyond this only their number is reported.
MAX_REPORTED_ERRORS = 500


@dataclass(frozen=True)
class Problem:
    """One error: of a cell (sheet, Excel row, the header as written, the value), of a row, or
    of the whole file (row None)."""

    message: str
    row: int | None = None
    column: str | None = None
    sheet: str | None = None
    value: str | None = None
    #: 0-based position of the column in the sheet (to mark the cell in the copy), or None.
    col: int | None = None

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        if self.column is None:
            return gettext("Dòng %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return gettext("Dòng %(row)s, cột “%(column)s”: %(message)s") % {
            "row": self.row, "column": self.column, "message": self.message}

    def sort_key(self) -> tuple[int, int]:
        return (self.row or 0, -1 if self.col is None else self.col)

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet, "row": self.row, "column": self.column, "value": self.value,
            "message": self.message, "col": self.col, "text": str(self),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Problem:
        return cls(
            message=str(data.get("message", "")), row=data.get("row"),
            column=data.get("column"), sheet=data.get("sheet"), value=data.get("value"),
            col=data.get("col"),
        )


class UnreadableFileError(Exception):
    """The file as a whole cannot be read (not a spreadsheet, no header, too large…)."""

    def __init__(self, message: str, *, row: int | None = None, sheet: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.row = row
        self.sheet = sheet


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
    #: Columns of the file that no field was mapped to (their headers as written).
    ignored_columns: list[str] = field(default_factory=list)
    #: The mapping used (see :class:`~daihoi.roster.importing.mapping.Mapping`), as JSON.
    mapping: dict[str, Any] = field(default_factory=dict)
    #: How updated members were recognised: key → count (card_number, dossier_number…).
    matched_by: dict[str, int] = field(default_factory=dict)
    #: Rows per cell name: {"added": n, "updated": n}.
    per_cell: dict[str, dict[str, int]] = field(default_factory=dict)
    #: The first rows as mapped, for the preview.
    preview: list[dict[str, Any]] = field(default_factory=list)
    #: Values of cells and agencies not found, with suggestions: kind → {value: [names]}.
    unknown_values: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def add_error(self, problem: Problem) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append(problem)

    def sort_errors(self) -> None:
        self.errors.sort(key=Problem.sort_key)

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
            "ignored_columns": self.ignored_columns,
            "mapping": self.mapping,
            "matched_by": self.matched_by,
            "per_cell": self.per_cell,
            "preview": self.preview,
            "unknown_values": self.unknown_values,
        }

    def as_json(self) -> dict[str, Any]:
        """The command line's ``--format json`` object."""
        return {
            "written": self.written,
            "would_add": self.created,
            "would_update": self.updated,
            "errors": [
                {"sheet": p.sheet, "row": p.row, "column": p.column, "value": p.value,
                 "message": p.message}
                for p in self.errors
            ],
        }
