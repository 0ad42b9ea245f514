"""The one conversion of a ValidationError into the service error, and the one way a service
error is shown on a form."""

from __future__ import annotations

import pytest
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from daihoi.core.errors import ServiceError, clean_or_refuse, refusal, show_on_form


def test_a_validation_error_becomes_its_messages_in_order_after_their_fields() -> None:
    exc = ValidationError({"code": ["Mã đã có."], "name": ["Cần ghi tên.", "Tên quá dài."],
                           NON_FIELD_ERRORS: ["Trùng với một tổ chức khác."]})
    error = refusal(exc)
    assert error.message == ("code: Mã đã có.; name: Cần ghi tên. Tên quá dài.; "
                             "Trùng với một tổ chức khác.")
    assert error.field is None
    assert refusal(ValidationError(["Quá ngắn.", "Quá phổ biến."])).message == (
        "Quá ngắn. Quá phổ biến.")
    assert refusal(ValidationError("Mật khẩu quá ngắn."), field="password").field == "password"


class _Checked:
    def __init__(self, problem: str | None) -> None:
        self.problem = problem
        self.excluded: list[str] | None = None

    def full_clean(self, exclude: list[str] | None = None) -> None:
        self.excluded = exclude
        if self.problem:
            raise ValidationError({"title": [self.problem]})


def test_clean_or_refuse_raises_the_service_error_and_passes_the_exclusions() -> None:
    ok = _Checked(None)
    clean_or_refuse(ok, exclude=["path"])
    assert ok.excluded == ["path"]
    with pytest.raises(ServiceError, match=r"^title: Cần ghi tiêu đề\.$") as caught:
        clean_or_refuse(_Checked("Cần ghi tiêu đề."))
    assert isinstance(caught.value.__cause__, ValidationError)


class _Form(forms.Form):
    title = forms.CharField(required=False)
    new_password1 = forms.CharField(required=False)


@pytest.mark.parametrize(("field", "override", "shown_on"), [
    ("title", None, "title"),            # a field the form has
    ("seats", None, "__all__"),          # a field it has not: above the form
    (None, None, "__all__"),
    ("password", "new_password1", "new_password1"),
])
def test_a_service_error_is_shown_on_its_field_or_above_the_form(
        field: str | None, override: str | None, shown_on: str) -> None:
    form = _Form({})
    assert form.is_valid()
    show_on_form(form, ServiceError("Không được.", field=field), field=override)
    assert form.errors == {shown_on: ["Không được."]}
