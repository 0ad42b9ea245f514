"""Dates are typed and shown as dd/mm/yyyy, never month first, on every form with a date."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.utils import translation

from daihoi import clock
from daihoi.congress.forms import TaskForm
from daihoi.core.dates import (
    VietnameseDateField,
    VietnameseDateInput,
    VietnameseDateTimeField,
    VietnameseDateTimeInput,
)
from daihoi.personnel.forms import CandidateForm
from daihoi.roster.forms import MemberForm, MoveForm, StatusForm


def _clean(text: str) -> dt.date | None:
    with translation.override("vi"):
        return VietnameseDateField().clean(text)  # type: ignore[no-any-return]


def test_07_04_2001_is_the_7th_of_april() -> None:
    assert _clean("07/04/2001") == dt.date(2001, 4, 7)
    assert _clean(" 7/4/2001 ") == dt.date(2001, 4, 7)


def test_the_iso_form_programs_send_is_read_year_first() -> None:
    assert _clean("2001-04-07") == dt.date(2001, 4, 7)


@pytest.mark.parametrize(("text", "message"), [
    ("31/02/1980", "Ngày 31/02/1980 không có trên lịch: tháng 2 năm 1980 có 29 ngày."),
    ("29/02/1981", "Ngày 29/02/1981 không có trên lịch: tháng 2 năm 1981 có 28 ngày."),
    ("31/04/2001", "Ngày 31/04/2001 không có trên lịch: tháng 4 năm 2001 có 30 ngày."),
    ("07/13/2001", "Ngày 07/13/2001 không có trên lịch: tháng phải từ 1 đến 12."),
])
def test_an_impossible_date_is_refused_with_a_vietnamese_reason(text: str, message: str) -> None:
    with pytest.raises(forms.ValidationError) as caught:
        _clean(text)
    assert caught.value.messages == [message]


def test_the_last_day_of_february_in_a_leap_year_is_accepted() -> None:
    assert _clean("29/02/1980") == dt.date(1980, 2, 29)


@pytest.mark.parametrize("text", ["04-07-2001", "07/04/01", "07.04.2001", "7 April 2001",
                                  "2001/04/07", "00/04/2001"])
def test_another_form_of_date_is_refused_with_the_expected_form(text: str) -> None:
    with pytest.raises(forms.ValidationError) as caught:
        _clean(text)
    assert "dd/mm/yyyy" in caught.value.messages[0] or "không có trên lịch" in \
        caught.value.messages[0]


def test_an_english_browser_gets_the_same_day_first_reading() -> None:
    with translation.override("en"):
        assert VietnameseDateField().clean("07/04/2001") == dt.date(2001, 4, 7)


def test_the_widget_is_a_text_input_showing_dd_mm_yyyy() -> None:
    html = VietnameseDateInput().render("d", dt.date(2001, 4, 7))
    assert 'type="text"' in html
    assert 'value="07/04/2001"' in html
    assert 'placeholder="dd/mm/yyyy"' in html
    assert 'type="date"' not in html


def test_a_refused_value_is_shown_again_as_typed() -> None:
    assert 'value="31/02/1980"' in VietnameseDateInput().render("d", "31/02/1980")


@pytest.mark.parametrize(("form_class", "names"), [
    (MemberForm, ["date_of_birth", "admitted_on", "full_member_on"]),
    (MoveForm, ["effective_on"]),
    (StatusForm, ["effective_on"]),
    (TaskForm, ["deadline"]),
    (CandidateForm, ["retirement_month"]),
])
def test_every_form_with_a_date_uses_the_shared_field(form_class: type, names: list[str]) -> None:
    fields = form_class.base_fields  # type: ignore[attr-defined]
    for name in names:
        assert isinstance(fields[name], VietnameseDateField), name
        assert isinstance(fields[name].widget, VietnameseDateInput), name
    others = [n for n, f in fields.items()
              if isinstance(f, forms.DateField) and not isinstance(f, VietnameseDateField)]
    assert others == []


def test_no_form_of_the_project_has_a_browser_date_input() -> None:
    """A walk over every form class of every app: a date field is the shared one."""
    import importlib
    import inspect
    import pkgutil

    import daihoi

    checked = 0
    for module_info in pkgutil.walk_packages(daihoi.__path__, "daihoi."):
        if not module_info.name.endswith(".forms"):
            continue
        module = importlib.import_module(module_info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, forms.BaseForm) or cls.__module__ != module.__name__:
                continue
            for name, field in cls.base_fields.items():
                if isinstance(field, forms.DateField):
                    assert isinstance(field, VietnameseDateField), (cls, name)
                    checked += 1
                if isinstance(field, forms.DateTimeField):
                    assert isinstance(field, VietnameseDateTimeField), (cls, name)
                    checked += 1
    assert checked >= 13


def _clean_datetime(text: str) -> dt.datetime | None:
    with translation.override("vi"):
        return VietnameseDateTimeField().clean(text)  # type: ignore[no-any-return]


def test_a_date_and_time_is_read_day_first_in_vietnams_time() -> None:
    at = _clean_datetime("07/04/2020 07:30")
    assert at is not None
    assert at.tzinfo is not None
    assert (at.astimezone(clock.LOCAL_TZ).replace(tzinfo=None)
            == dt.datetime(2020, 4, 7, 7, 30))
    assert _clean_datetime("2020-04-07T07:30") == at


@pytest.mark.parametrize(("text", "message"), [
    ("31/02/2020 07:30", "Ngày 31/02/2020 không có trên lịch: tháng 2 năm 2020 có 29 ngày."),
    ("07/04/2020 24:00", "Giờ 07/04/2020 24:00 không có: giờ từ 0 đến 23, phút từ 0 đến 59."),
    ("07/04/2020", "Nhập ngày giờ theo dạng ngày/tháng/năm giờ:phút (dd/mm/yyyy hh:mm), "
                   "ví dụ 10/06/2020 07:30."),
])
def test_an_impossible_date_and_time_is_refused_with_the_reason(text: str, message: str) -> None:
    with pytest.raises(forms.ValidationError) as caught:
        _clean_datetime(text)
    assert caught.value.messages == [message]


def test_the_date_and_time_widget_shows_dd_mm_yyyy_hh_mm_in_vietnams_time() -> None:
    field = VietnameseDateTimeField()
    at = dt.datetime(2020, 6, 10, 0, 30, tzinfo=dt.UTC)
    with translation.override("vi"):
        html = VietnameseDateTimeInput().render("d", field.prepare_value(at))
    assert 'value="10/06/2020 07:30"' in html
    assert 'type="text"' in html
