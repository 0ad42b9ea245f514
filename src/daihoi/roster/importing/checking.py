"""Checking the rows of a file: each value parsed as offices write it, each row against the
record's rules; every problem at its sheet, Excel row, header as written and value."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext

from daihoi import clock
from daihoi.core.i18n import translated
from daihoi.roster.choices import OrgKind
from daihoi.roster.fileformat import COLUMN_OF, COLUMNS, FULL_NAME, UNKEPT, fold, parts_of
from daihoi.roster.importing import values as parse
from daihoi.roster.importing.mapping import Mapping
from daihoi.roster.importing.results import ImportResult, Problem
from daihoi.roster.models import Agency, Member, Organization
from daihoi.roster.rules import card_number_error, member_record_errors

#: Order of the values in a checked row (after the row number): the Member columns written.
FIELDS: tuple[str, ...] = (
    "family_name", "middle_name", "given_name", "gender", "date_of_birth", "ethnicity",
    "religion", "home_town", "general_education", "qualification", "specialty",
    "political_theory", "admitted_on", "full_member_on", "card_number", "dossier_number",
    "citizen_id", "cell_id", "agency_id", "position", "status",
)
IDX = {name: i + 1 for i, name in enumerate(FIELDS)}  # position in a checked row
DATE_FIELDS = frozenset({"date_of_birth", "admitted_on", "full_member_on"})
#: The keys a row is matched to a member by, in this order.
KEY_FIELDS = ("card_number", "dossier_number", "citizen_id")
#: Words an office puts before a cell's or an agency's name, ignored when names are compared.
_PREFIXES = ("chi bo ", "dang bo ", "co quan ", "don vi ", "phong ", "ban ")


def _bare(folded: str) -> str:
    for prefix in _PREFIXES:
        if folded.startswith(prefix):
            return folded[len(prefix):]
    return folded


@dataclass
class _Named:
    """Cells or agencies that a value may name, by code and by (folded) name."""

    by_code: dict[str, tuple[int, str, str]]  # code → (pk, path, name)
    by_name: dict[str, str] = field(default_factory=dict)  # folded name → code
    #: Codes outside the organization, known so that the message can say where they belong.
    outside: dict[str, tuple[int, str, str]] = field(default_factory=dict)
    suggested: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for code, (_, _, name) in self.by_code.items():
            self.by_name.setdefault(fold(name), code)
            self.by_name.setdefault(_bare(fold(name)), code)
        self.by_folded_code = {fold(code): code for code in self.by_code}

    def find(self, text: str, confirmed: dict[str, str]) -> str | None:
        key = fold(text)
        if text in self.outside:
            self.by_code.setdefault(text, self.outside[text])  # reported as outside by the check
        for code in (confirmed.get(key), text if text in self.by_code else None,
                     self.by_folded_code.get(key), self.by_name.get(key),
                     self.by_name.get(_bare(key))):
            if code is not None and code in self.by_code:
                return code
        return None

    def suggest(self, text: str) -> list[str]:
        """Up to three names close to ``text`` (computed once per distinct value)."""
        if text not in self.suggested:
            self.suggested[text] = self._suggest(text)
        return self.suggested[text]

    def _suggest(self, text: str) -> list[str]:
        key = _bare(fold(text))
        scored = []
        for code, (_, _, name) in self.by_code.items():
            other = _bare(fold(name))
            ratio = difflib.SequenceMatcher(None, key, other).ratio()
            if key and (key in other or other in key):
                ratio = max(ratio, 0.8)
            if ratio >= 0.6:
                scored.append((-ratio, name, code))
        return [name for _, name, _ in sorted(scored)[:3]]


@dataclass
class Context:
    """What a row is checked against: the organization's cells and agencies, today."""

    org: Organization
    today: dt.date
    cells: _Named
    agencies: _Named
    mapping: Mapping
    enums: parse.Enumerations
    max_lengths: dict[str, int]
    #: Codes of the organizations of the subtree that are not cells (a common slip).
    other_orgs: frozenset[str] = frozenset()
    strings: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, org: Organization, mapping: Mapping) -> Context:
        cells = {
            code: (pk, path, name)
            for code, pk, path, name in Organization.objects.filter(
                kind=OrgKind.CELL, path__startswith=org.path
            ).values_list("code", "pk", "path", "name")
        }
        if org.kind == OrgKind.CELL:
            cells[org.code] = (org.pk, org.path, org.name)
        ancestors = [int(pk) for pk in org.path.strip("/").split("/") if pk]
        agencies = {
            code: (pk, path, name)
            for code, pk, path, name in Agency.objects.filter(
                organization__path__startswith=org.path
            ).values_list("code", "pk", "organization__path", "name")
        }
        agencies.update({
            code: (pk, path, name)
            for code, pk, path, name in Agency.objects.filter(
                organization__in=ancestors
            ).values_list("code", "pk", "organization__path", "name")
        })
        outside = {
            code: (pk, path, name)
            for code, pk, path, name in Agency.objects.exclude(code__in=agencies).values_list(
                "code", "pk", "organization__path", "name")
        }
        return cls(
            org=org, today=clock.today(), cells=_Named(cells),
            agencies=_Named(agencies, outside=outside),
            mapping=mapping, enums=parse.Enumerations(),
            other_orgs=frozenset(Organization.objects.filter(path__startswith=org.path).exclude(
                kind=OrgKind.CELL).values_list("code", flat=True)),
            max_lengths={
                f.name: int(getattr(f, "max_length", 0))
                for f in Member._meta.get_fields()
                if getattr(f, "max_length", None)
            },
        )

    @property
    def cell_needed(self) -> bool:
        return self.org.kind != OrgKind.CELL

    def intern(self, text: str) -> str:
        """Share equal strings (names, towns, positions repeat) to keep big imports small."""
        return self.strings.setdefault(text, text)


@dataclass
class CheckedRow:
    """A row's values in :data:`FIELDS` order after its number, or None when it has errors;
    its keys either way (so duplicates are reported in the same pass)."""

    number: int
    values: tuple[Any, ...] | None
    keys: tuple[str | None, ...]


def check_row(
    number: int, raw: tuple[Any, ...], ctx: Context, result: ImportResult
) -> CheckedRow:
    mapping = ctx.mapping
    columns = mapping.field_columns()
    errors: list[Problem] = []
    values: dict[str, Any] = {}
    written: dict[str, str] = {}
    width = len(raw)
    failed: set[str] = set()

    def problem(message: str, name: str) -> Problem:
        col = columns.get(name)
        if col is None and name in ("family_name", "given_name", "middle_name"):
            col = columns.get(FULL_NAME)
        return Problem(
            translated(message), number, mapping.header_of(col) if col is not None else None,
            mapping.sheet, written.get(name, "") if col is not None else None, col,
        )

    parts: dict[str, str] = {}  # the values of a multi-value cell (Mẫu 7-HSĐV), by field
    for name, col in list(columns.items()):
        cell = raw[col] if col < width else None
        written[name] = parse.text_of(cell)
        if "+" in name:
            whole = cell if isinstance(cell, str) else written[name]  # keep a blank first line
            lines = [parse.text_of(line) for line in whole.split("\n")]
            if len(lines) == 1:
                lines = [line.strip() for line in lines[0].split(";")]
            for part, text in zip(parts_of(name), lines, strict=False):
                if part != UNKEPT:
                    columns.setdefault(part, col)
                    parts[part] = written[part] = text
    if FULL_NAME in columns and not ({"family_name", "given_name"} <= columns.keys()
                                     and written.get("given_name")):
        full = " ".join(written.get(FULL_NAME, "").split())
        family, middle, given = parse.split_full_name(full, mapping.compound_names)
        written.update(family_name=family, middle_name=middle, given_name=given)
        for name in ("family_name", "middle_name", "given_name"):
            columns.setdefault(name, columns[FULL_NAME])
        if full and not family:
            errors.append(problem(gettext(
                "“%(name)s” chỉ có một chữ; cần đủ họ và tên, ví dụ “Nguyễn Văn An”."
            ) % {"name": full}, "given_name"))
    for column in COLUMNS:
        if column.field is None:
            continue
        name = column.field
        text = written.get(name, "")
        if not text:
            if column.required and (name != "cell" or ctx.cell_needed):
                missing = problem(gettext("chưa điền (bắt buộc)."), name)
                if not any(e.col == missing.col for e in errors):  # one error per full name
                    errors.append(missing)
            values[name] = None if column.kind in ("date", "card", "key") else column.default
            continue
        at = columns.get(name)  # None for a specialty taken from "ĐH Luật"
        cell = raw[at] if at is not None and at < width and name not in parts else text
        try:
            values[name] = _parse(column.kind, name, cell, text, ctx, values, written)
        except parse.BadValueError as exc:
            errors.append(problem(str(exc), name))
            failed.add(name)
            values[name] = None
    _cell_and_agency(values, written, ctx, result, errors, problem)
    for name, message in member_record_errors(
        date_of_birth=values["date_of_birth"],
        admitted_on=values["admitted_on"],
        full_member_on=values["full_member_on"],
        ethnicity=values["ethnicity"] or "Kinh",
        today=ctx.today,
    ).items():
        errors.append(problem(message, name))
    no_card = card_number_error(full_member_on=values["full_member_on"],
                                card_number=values["card_number"])
    if no_card is not None and "card_number" not in failed:
        errors.append(problem(no_card, "card_number"))
    keys = tuple(values.get(k) or None for k in KEY_FIELDS)
    if errors:
        for found in errors:
            result.add_error(found)
        return CheckedRow(number, None, keys)
    values["card_number"] = values["card_number"] or None  # unique: None when there is none
    values["dossier_number"] = values["dossier_number"] or ""
    values["citizen_id"] = values["citizen_id"] or ""
    return CheckedRow(number, (number, *(values[name] for name in FIELDS)), keys)


def _parse(
    kind: str, name: str, cell: Any, text: str, ctx: Context, values: dict[str, Any],
    written: dict[str, str],
) -> Any:
    if kind == "date":
        return parse.parse_date(cell)
    if kind == "choice":
        value, rest = ctx.enums.parse(name, text)
        if rest and name == "qualification" and not written.get("specialty"):
            written["specialty"] = rest  # "ĐH Luật": the specialty is "Luật"
        return value
    if kind == "ethnicity":
        return ctx.enums.ethnicity(text)
    if kind in ("cell", "agency"):
        return text
    if kind == "card":
        value = parse.card_number(cell)
    elif name == "citizen_id":
        value = parse.citizen_id(cell)
    elif kind == "key":
        value = text.replace(" ", "")
    else:
        value = ctx.intern(" ".join(text.split()))
    limit = ctx.max_lengths.get(name)
    if limit and len(value) > limit:
        raise parse.BadValueError(gettext("dài quá %(limit)s ký tự.") % {"limit": limit})
    return value


def _cell_and_agency(
    values: dict[str, Any], written: dict[str, str], ctx: Context, result: ImportResult,
    errors: list[Problem], problem: Any,
) -> None:
    """The cell must be in the subtree, the agency in the cell's committee; by code or name."""
    cell_text = values.pop("cell")
    agency_text = values.pop("agency")
    values["cell_id"] = None
    values["agency_id"] = None
    cell_path = None
    confirmed = ctx.mapping.values
    if not cell_text and not ctx.cell_needed:
        values["cell_id"], cell_path = ctx.org.pk, ctx.org.path
    elif cell_text:
        code = ctx.cells.find(cell_text, confirmed.get("cell", {}))
        if code is None and cell_text in ctx.other_orgs:
            errors.append(problem(gettext("“%(code)s” không phải là mã của một chi bộ.")
                                  % {"code": cell_text}, "cell"))
        elif code is None:
            hints = ctx.cells.suggest(cell_text)
            result.unknown_values.setdefault("cell", {})[cell_text] = hints
            errors.append(problem(
                gettext("không có chi bộ “%(cell)s” trong %(org)s.")
                % {"cell": cell_text, "org": ctx.org.name} + _hint(hints), "cell"
            ))
        else:
            values["cell_id"], cell_path, _ = ctx.cells.by_code[code]
    if agency_text:
        code = ctx.agencies.find(agency_text, confirmed.get("agency", {}))
        if code is None:
            hints = ctx.agencies.suggest(agency_text)
            result.unknown_values.setdefault("agency", {})[agency_text] = hints
            errors.append(problem(gettext("không có cơ quan, đơn vị “%(agency)s”.")
                                  % {"agency": agency_text} + _hint(hints), "agency"))
        elif cell_path is not None:
            pk, agency_path, _ = ctx.agencies.by_code[code]
            if not cell_path.startswith(agency_path):
                errors.append(problem(gettext(
                    "cơ quan “%(agency)s” không thuộc đảng bộ của chi bộ “%(cell)s”."
                ) % {"agency": agency_text, "cell": cell_text}, "agency"))
            else:
                values["agency_id"] = pk


def _hint(hints: list[str]) -> str:
    """" Có phải “…”?" after an unknown cell or agency, the closest known one; or nothing."""
    return " " + gettext("Có phải “%(hint)s”?") % {"hint": hints[0]} if hints else ""


def header_of_field(name: str) -> str:
    return COLUMN_OF[name].header
