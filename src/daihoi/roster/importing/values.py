"""Values as offices write them: full names, dates, degrees, political theory, card numbers.

Every parser takes the cell's raw value (what the reader gave: text, number, date) and returns
the field's value or raises :class:`BadValueError` with a Vietnamese sentence naming the value.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db.models import TextChoices
from django.utils import translation
from django.utils.translation import gettext

from daihoi.core.i18n import translated
from daihoi.roster.choices import (
    ETHNICITIES,
    Gender,
    GeneralEducation,
    MemberStatus,
    Qualification,
    TheoryLevel,
)
from daihoi.roster.fileformat import choice_labels, fold, norm
from daihoi.roster.importing.reading import clean_text
from daihoi.roster.rules import citizen_id_error, compact_number


class BadValueError(Exception):
    """A cell's value is not acceptable; the message names the value."""


def text_of(value: Any) -> str:
    """The value as the user reads it in the cell (dates dd/mm/yyyy, whole numbers without .0)."""
    if type(value) is str:  # most cells
        return clean_text(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return clean_text(str(value))


# --------------------------------------------------------------------------- names


def split_full_name(text: str, compounds: tuple[str, ...] = ()) -> tuple[str, str, str]:
    """(family, middle, given) of a Vietnamese full name: the first word is the family name
    (or the first two when they form one of ``compounds``, e.g. "Tôn Thất"), the last the
    given name, the rest the middle name. The three joined give back the written name."""
    words = text.split()
    if not words:
        return "", "", ""
    if len(words) == 1:
        return "", "", words[0]
    family_len = 1
    for compound in compounds:
        parts = compound.split()
        if len(words) > len(parts) and [norm(w) for w in words[:len(parts)]] == [
            norm(p) for p in parts
        ]:
            family_len = max(family_len, len(parts))
    family = " ".join(words[:family_len])
    return family, " ".join(words[family_len:-1]), words[-1]


# --------------------------------------------------------------------------- dates

_DATE_RE = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_ISO_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def parse_date(value: Any) -> dt.date:
    """A real spreadsheet date, an Excel serial number, or text ``dd/mm/yyyy``."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # Excel's serial range (1900-01-01 … 9999-12-31)
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise BadValueError(gettext("“%(value)s” không phải là ngày hợp lệ.")
                            % {"value": text_of(value)})
    text = text_of(value)
    match = _DATE_RE.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        iso = _ISO_RE.match(text)
        if not iso:
            raise BadValueError(gettext(
                "“%(value)s” không phải là ngày; hãy ghi theo dạng ngày/tháng/năm, ví dụ "
                "17/05/1980.") % {"value": text})
        year, month, day = (int(g) for g in iso.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise BadValueError(gettext("“%(value)s” không phải là ngày hợp lệ.")
                            % {"value": text}) from None


# --------------------------------------------------------------------------- enumerations


def _labels_map(choices: type[TextChoices]) -> dict[str, str]:
    with translation.override("vi"):
        mapping = {fold(str(label)): value for value, label in choices.choices}
    mapping.update({fold(value): value for value in choices.values})
    return mapping


#: Abbreviations and other words offices use, folded, per field.
_ABBREVIATIONS: dict[str, dict[str, str]] = {
    "gender": {"nam": Gender.MALE, "nu": Gender.FEMALE, "x": Gender.MALE},
    "general_education": {
        "thpt": GeneralEducation.UPPER_SECONDARY, "thcs": GeneralEducation.LOWER_SECONDARY,
        "th": GeneralEducation.PRIMARY, "cap 3": GeneralEducation.UPPER_SECONDARY,
        "cap iii": GeneralEducation.UPPER_SECONDARY, "cap 2": GeneralEducation.LOWER_SECONDARY,
        "cap ii": GeneralEducation.LOWER_SECONDARY, "cap 1": GeneralEducation.PRIMARY,
        "cap i": GeneralEducation.PRIMARY, "bo tuc thpt": GeneralEducation.UPPER_SECONDARY,
    },
    "qualification": {
        "dh": Qualification.UNIVERSITY, "cd": Qualification.COLLEGE,
        "tc": Qualification.INTERMEDIATE, "sc": Qualification.ELEMENTARY,
        "ths": Qualification.MASTER, "ts": Qualification.DOCTORATE,
        "tien si": Qualification.DOCTORATE, "thac si": Qualification.MASTER,
        "cu nhan": Qualification.UNIVERSITY, "ky su": Qualification.UNIVERSITY,
        "bac si": Qualification.UNIVERSITY, "duoc si": Qualification.UNIVERSITY,
        "kien truc su": Qualification.UNIVERSITY, "ck i": Qualification.MASTER,
        "ck ii": Qualification.DOCTORATE, "pgs ts": Qualification.DOCTORATE,
        "khong": Qualification.NONE, "chua": Qualification.NONE,
    },
    "political_theory": {
        "cc": TheoryLevel.ADVANCED, "tc": TheoryLevel.INTERMEDIATE,
        "sc": TheoryLevel.ELEMENTARY, "cn": TheoryLevel.BACHELOR,
        "cu nhan": TheoryLevel.BACHELOR, "cao cap": TheoryLevel.ADVANCED,
        "trung cap": TheoryLevel.INTERMEDIATE, "so cap": TheoryLevel.ELEMENTARY,
        "khong": TheoryLevel.NONE, "chua": TheoryLevel.NONE,
    },
    "status": {},
}
_CHOICES: dict[str, type[TextChoices]] = {
    "gender": Gender, "general_education": GeneralEducation, "qualification": Qualification,
    "political_theory": TheoryLevel, "status": MemberStatus,
}
_GRADE_RE = re.compile(r"^(\d{1,2})\s*/\s*(10|12)$")


class Enumerations:
    """The parsers of the enumerated fields, built once per import."""

    def __init__(self) -> None:
        self.maps = {
            name: {**_labels_map(choices), **_ABBREVIATIONS[name]}
            for name, choices in _CHOICES.items()
        }
        self.ethnicities = {fold(e): e for e in ETHNICITIES}
        #: (field, text) → parsed: the same few values repeat on every row.
        self.parsed: dict[tuple[str, str], tuple[str, str]] = {}

    def parse(self, name: str, text: str) -> tuple[str, str]:
        """(value, rest): rest is what followed a degree ("ĐH Luật" → university, "Luật")."""
        cached = self.parsed.get((name, text))
        if cached is None:
            cached = self.parsed[(name, text)] = self._parse(name, text)
        return cached

    def _parse(self, name: str, text: str) -> tuple[str, str]:
        key = fold(text)
        found = self.maps[name].get(key)
        if found is not None:
            return str(found), ""
        if name == "general_education":
            grade = _GRADE_RE.match(text.replace(" ", ""))
            if grade:
                return _grade_level(int(grade.group(1)), int(grade.group(2)), text), ""
        if name in ("qualification", "political_theory"):
            words = key.split()
            for size in (3, 2, 1):  # the longest abbreviation or label first
                head = " ".join(words[:size])
                if len(words) > size and head in self.maps[name]:
                    rest = text.split(None, size)[-1] if len(text.split()) > size else ""
                    return str(self.maps[name][head]), rest.strip(" :-,")
        allowed = ", ".join(choice_labels(_CHOICES[name]))
        raise BadValueError(gettext(
            "“%(value)s” không phải là giá trị hợp lệ; dùng một trong: %(allowed)s.")
            % {"value": text, "allowed": allowed})

    def ethnicity(self, text: str) -> str:
        key = fold(text.removeprefix("Dân tộc ").removeprefix("dân tộc "))
        # The rule itself (54 groups) is checked by member_record_errors.
        return self.ethnicities.get(key, text)


def _grade_level(grade: int, system: int, text: str) -> str:
    """"12/12", "10/10" → upper secondary; "9/12", "7/10" → lower secondary; less → primary."""
    if grade < 1 or grade > system:
        raise BadValueError(gettext(
            "“%(value)s” không phải là lớp hợp lệ (lớp/hệ 10 hoặc 12 năm).") % {"value": text})
    upper, lower = (10, 6) if system == 12 else (8, 5)
    if grade >= upper:
        return GeneralEducation.UPPER_SECONDARY.value
    if grade >= lower:
        return GeneralEducation.LOWER_SECONDARY.value
    return GeneralEducation.PRIMARY.value


# --------------------------------------------------------------------------- numbers


def card_number(value: Any) -> str:
    """Digits and letters of a card number; "37.139317" (dots, spaces) → "37139317".

    A dotted card number that Excel turned into a number (37.13931 for "37.139310") gets its
    six digits after the dot back."""
    if isinstance(value, float) and not value.is_integer() and 10 <= value < 100:
        text = f"{value:.6f}"
    else:
        text = text_of(value)
    compact = "".join(ch for ch in text if ch not in " .\u00a0-")
    if not compact.isalnum():
        raise BadValueError(gettext(
            "“%(value)s” không phải là số hợp lệ: chỉ gồm chữ số (và chữ cái).")
            % {"value": text})
    return compact.upper()


def citizen_id(value: Any) -> str:
    """The personal identification number, as the member form checks it (``rules``)."""
    text = text_of(value)
    compact = compact_number(text)
    problem = citizen_id_error(compact)
    if problem is not None:
        why = translated(problem)
        raise BadValueError(gettext("“%(value)s”: %(why)s")
                            % {"value": text, "why": why[0].lower() + why[1:]})
    return compact
