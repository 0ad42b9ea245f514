"""Dates typed and shown as dd/mm/yyyy whatever the browser's language.

``<input type="date">`` shows the browser's own format (mm/dd/yyyy in an English browser, so
07/04/2001 reads as 4 July) while every page prints dd/mm/yyyy. Every form with a date uses
:class:`VietnameseDateField` instead: a text input that shows dd/mm/yyyy and accepts only a
day-first date (or the unambiguous ISO yyyy-mm-dd that programs send), never the month first;
a date with its time uses :class:`VietnameseDateTimeField` (dd/mm/yyyy hh:mm, 24-hour clock).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

from django import forms
from django.forms.utils import from_current_timezone
from django.utils.timezone import is_naive
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

#: The one display and input format of a date.
DATE_FORMAT = "%d/%m/%Y"
_DAY_FIRST = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


class VietnameseDateInput(forms.DateInput):
    """A text input showing dd/mm/yyyy, with that pattern as its placeholder."""

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric",
                                "autocomplete": "off", "maxlength": "10", "size": "10",
                                "class": "date-input", **(attrs or {})},
                         format=DATE_FORMAT)


class VietnameseDateField(forms.DateField):
    """A date typed as dd/mm/yyyy; an impossible date (31/02/1980) is refused with the reason."""

    widget = VietnameseDateInput
    input_formats = [DATE_FORMAT]
    default_error_messages = {
        "invalid": gettext_lazy("Nhập ngày theo dạng ngày/tháng/năm (dd/mm/yyyy), "
                                "ví dụ 07/04/2001 là ngày 7 tháng 4 năm 2001."),
    }

    def to_python(self, value: Any) -> dt.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        if match := _DAY_FIRST.fullmatch(text):
            day, month, year = (int(g) for g in match.groups())
        elif match := _ISO.fullmatch(text):
            year, month, day = (int(g) for g in match.groups())
        else:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return _calendar_date(text, year, month, day, self.error_messages["invalid"])


def _calendar_date(text: str, year: int, month: int, day: int, invalid: Any) -> dt.date:
    """The date, or the reason why there is no such date."""
    if not 1 <= month <= 12:
        raise forms.ValidationError(
            _("Ngày %(value)s không có trên lịch: tháng phải từ 1 đến 12.")
            % {"value": text}, code="invalid")
    if year < 1:
        raise forms.ValidationError(invalid, code="invalid")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise forms.ValidationError(
            _("Ngày %(value)s không có trên lịch: tháng %(month)d năm %(year)d có "
              "%(days)d ngày.") % {"value": text, "month": month, "year": year, "days": days},
            code="invalid")
    return dt.date(year, month, day)


#: The one display and input format of a date with its time (24-hour clock).
DATETIME_FORMAT = "%d/%m/%Y %H:%M"
_DAY_FIRST_TIME = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})\s+(\d{1,2})[:h](\d{2})")
_ISO_TIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::\d{2})?")


class VietnameseDateTimeInput(forms.DateTimeInput):
    """A text input showing dd/mm/yyyy hh:mm, with that pattern as its placeholder."""

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"placeholder": "dd/mm/yyyy hh:mm", "autocomplete": "off",
                                "maxlength": "16", "size": "16", "class": "datetime-input",
                                **(attrs or {})},
                         format=DATETIME_FORMAT)


class VietnameseDateTimeField(forms.DateTimeField):
    """A date and time typed as dd/mm/yyyy hh:mm (24-hour clock), in Vietnam's time."""

    widget = VietnameseDateTimeInput
    input_formats = [DATETIME_FORMAT]
    default_error_messages = {
        "invalid": gettext_lazy("Nhập ngày giờ theo dạng ngày/tháng/năm giờ:phút "
                                "(dd/mm/yyyy hh:mm), ví dụ 10/06/2020 07:30."),
    }

    def to_python(self, value: Any) -> dt.datetime | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return from_current_timezone(value) if is_naive(value) else value
        if isinstance(value, dt.date):
            return from_current_timezone(dt.datetime.combine(value, dt.time()))
        text = " ".join(str(value).split())
        if match := _DAY_FIRST_TIME.fullmatch(text):
            day, month, year, hour, minute = (int(g) for g in match.groups())
        elif match := _ISO_TIME.fullmatch(text):
            year, month, day, hour, minute = (int(g) for g in match.groups())
        else:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        date = _calendar_date(text.split()[0], year, month, day, self.error_messages["invalid"])
        if hour > 23 or minute > 59:
            raise forms.ValidationError(
                _("Giờ %(value)s không có: giờ từ 0 đến 23, phút từ 0 đến 59.")
                % {"value": text}, code="invalid")
        return from_current_timezone(dt.datetime.combine(date, dt.time(hour, minute)))
