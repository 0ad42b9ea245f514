"""A posted number is accepted exactly within its range, with a Vietnamese message outside."""

from __future__ import annotations

import pytest

from daihoi.core.bounds import ALTERNATES, COUNT, ID, SEATS, Range


@pytest.mark.parametrize(("allowed", "value"), [
    (SEATS, "1"), (SEATS, "500"), (ALTERNATES, "0"), (ALTERNATES, "100"), (COUNT, "1000000"),
    (ID, str(2**63 - 1)), (SEATS, " 9 "),
])
def test_a_number_at_the_bound_is_accepted(allowed: Range, value: str) -> None:
    assert allowed.parse(value, label="Số lượng") == int(value)


@pytest.mark.parametrize(("allowed", "value"), [
    (SEATS, "0"), (SEATS, "501"), (ALTERNATES, "-1"), (ALTERNATES, "101"), (COUNT, "1000001"),
    (ID, str(2**63)), (ID, "0"),
])
def test_a_number_one_past_the_bound_is_refused_naming_the_range(allowed: Range,
                                                                  value: str) -> None:
    with pytest.raises(ValueError, match=r"^“Số lượng” phải từ [\d.]+ đến [\d.]+\.$"):
        allowed.parse(value, label="Số lượng")


@pytest.mark.parametrize("value", ["1e3", "  ", "", "9.0", "nine", None])
def test_what_is_not_a_whole_number_is_refused(value: str | None) -> None:
    with pytest.raises(ValueError, match=r"^“Số lượng” phải là một số nguyên\.$"):
        SEATS.parse(value, label="Số lượng")


def test_the_range_is_written_with_vietnamese_thousands_separators() -> None:
    with pytest.raises(ValueError, match=r"phải từ 0 đến 1\.000\.000\."):
        COUNT.parse("1000001", label="Số có mặt")


def test_the_form_field_refuses_past_the_bound_in_vietnamese() -> None:
    field = SEATS.form_field(label="Số lượng")
    assert field.clean("500") == 500
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match=r"Giá trị không được lớn hơn 500\."):
        field.clean("501")
    with pytest.raises(ValidationError, match="Hãy nhập một số nguyên"):
        field.clean("1e3")
