"""Validation rules of a member's record, in one place: the model form and the importer both
call :func:`member_record_errors`. Pure Python; messages in Vietnamese, each a ``tally.Text``
that keeps its template, so that a page says it in its reader's language
(``daihoi.core.i18n.translated``) while the importer's report and marked copy keep the
Vietnamese."""

from __future__ import annotations

import datetime as dt

from daihoi.composition.checker import age_on
from daihoi.roster.choices import ETHNICITIES
from daihoi.tally.i18n import Text, gettext_noop

#: The Charter admits people of at least 18 full years (Điều lệ Đảng, Điều 1).
MIN_ADMISSION_AGE = 18


def member_record_errors(
    *,
    date_of_birth: dt.date | None,
    admitted_on: dt.date | None,
    full_member_on: dt.date | None,
    ethnicity: str | None,
    today: dt.date,
) -> dict[str, str]:
    """Errors by field name; empty when the record is consistent."""
    errors: dict[str, str] = {}
    if date_of_birth is not None and date_of_birth >= today:
        errors["date_of_birth"] = Text(gettext_noop("Ngày sinh phải trước ngày hôm nay."))
    if admitted_on is not None:
        if admitted_on > today:
            errors["admitted_on"] = Text(gettext_noop(
                "Ngày vào Đảng không được sau ngày hôm nay."))
        elif date_of_birth is not None and age_on(date_of_birth, admitted_on) < MIN_ADMISSION_AGE:
            errors["admitted_on"] = Text(gettext_noop(
                "Ngày vào Đảng phải khi đã đủ %(age)s tuổi (ngày sinh %(born)s)."), {
                    "age": MIN_ADMISSION_AGE, "born": f"{date_of_birth:%d/%m/%Y}"})
    if full_member_on is not None:
        if admitted_on is not None and full_member_on < admitted_on:
            errors["full_member_on"] = Text(gettext_noop(
                "Ngày chính thức không được trước ngày vào Đảng."))
        elif full_member_on > today:
            errors["full_member_on"] = Text(gettext_noop(
                "Ngày chính thức không được sau ngày hôm nay."))
    if ethnicity is not None and ethnicity not in ETHNICITIES:
        errors["ethnicity"] = Text(gettext_noop(
            "Dân tộc “%(ethnicity)s” không có trong danh mục 54 dân tộc Việt Nam."), {
                "ethnicity": ethnicity})
    return errors


#: Digits of a citizen's personal identification number (số định danh cá nhân, the number on
#: the CCCD); the 9-digit identity cards (CMND) went out of use on 01/01/2025.
CITIZEN_ID_DIGITS = 12


def compact_number(text: str) -> str:
    """A number as written with spaces, dots or dashes between its groups, without them."""
    return "".join(ch for ch in text.strip() if ch not in " .\u00a0-")


def citizen_id_error(value: str) -> str | None:
    """Why ``value`` (compacted) is not a personal identification number, or None."""
    if value.isdigit() and len(value) == CITIZEN_ID_DIGITS and value.isascii():
        return None
    return Text(gettext_noop(
        "Số CCCD (số định danh cá nhân) gồm đúng %(digits)s chữ số; số CMND 9 chữ số cũ không "
        "còn dùng."), {"digits": CITIZEN_ID_DIGITS})


def card_number_error(*, full_member_on: dt.date | None, card_number: str | None) -> str | None:
    """A full member (one with a full-member date) must have a party card number (blanks are
    none); the message, or ``None``. The record's model (``Member.clean``: its form and the
    services) and the importer call it: the same input is refused everywhere, in these words."""
    if full_member_on is not None and not (card_number or "").strip():
        return Text(gettext_noop(
            "Đảng viên chính thức (có ngày chính thức) phải có số thẻ đảng viên."))
    return None
