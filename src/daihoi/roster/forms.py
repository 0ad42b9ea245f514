from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from daihoi import clock
from daihoi.core import bounds
from daihoi.core.dates import VietnameseDateField
from daihoi.roster.choices import ETHNICITIES, MemberStatus
from daihoi.roster.models import Agency, Member, Organization
from daihoi.roster.rules import compact_number
from daihoi.roster.services import EDITABLE_FIELDS


class MemberForm(forms.ModelForm):  # type: ignore[type-arg]  # the stubs' form is generic over the model
    """The member's record. Validation lives on the model (``Member.clean``), so the form,
    the importer and the services apply the same rules."""

    version = bounds.VERSION.form_field(widget=forms.HiddenInput, required=False)
    ethnicity = forms.ChoiceField(label=_("Dân tộc"), choices=[(e, e) for e in ETHNICITIES])
    dossier_number = forms.CharField(
        label=_("Số lý lịch đảng viên"), required=False, max_length=30,
    )
    # Longer than the 12 digits, so that a number typed in groups ("001 090 001 234") is read.
    citizen_id = forms.CharField(
        label=_("Số CCCD (số định danh cá nhân)"), required=False, max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off",
                                      "placeholder": _("12 chữ số, như trên thẻ căn cước.")}),
    )

    class Meta:
        model = Member
        fields = [*EDITABLE_FIELDS, "cell"]
        field_classes = {
            "date_of_birth": VietnameseDateField,
            "admitted_on": VietnameseDateField,
            "full_member_on": VietnameseDateField,
        }

    def __init__(
        self, *args: Any, cells: Any, agencies: Any, editing: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cell"].queryset = cells  # type: ignore[attr-defined]  # Field has no queryset; this one is a ModelChoiceField
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]  # Field has no queryset; this one is a ModelChoiceField
        # Django 6.1's blank label ("- Select an option -") has no Vietnamese translation.
        self.fields["agency"].empty_label = _("— Không thuộc cơ quan nào —")  # type: ignore[attr-defined]  # a ModelChoiceField
        if editing:
            # Moving between cells is its own action with a date and a history entry.
            del self.fields["cell"]

    def clean_dossier_number(self) -> str:
        return str(self.cleaned_data.get("dossier_number") or "").strip()

    def clean_citizen_id(self) -> str:
        """Without the spaces or dots it was typed with; the 12 digits are checked by the model
        (``Member.clean``), like the uniqueness in the committee."""
        return compact_number(str(self.cleaned_data.get("citizen_id") or ""))

    def clean_card_number(self) -> str | None:
        value: str | None = self.cleaned_data.get("card_number")
        return value.strip() or None if value else None


class MoveForm(forms.Form):
    version = bounds.VERSION.form_field(widget=forms.HiddenInput)
    to_cell = forms.ModelChoiceField(
        label=_("Chuyển đến chi bộ"), queryset=Organization.objects.none()
    )
    effective_on = VietnameseDateField(label=_("Từ ngày"))
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=300)

    def __init__(self, *args: Any, cells: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_cell"].queryset = cells  # type: ignore[attr-defined]  # Field has no queryset; this one is a ModelChoiceField
        self.fields["effective_on"].initial = clock.today()


class StatusForm(forms.Form):
    version = bounds.VERSION.form_field(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Tình trạng mới"), choices=MemberStatus.choices)
    effective_on = VietnameseDateField(label=_("Từ ngày"))
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["effective_on"].initial = clock.today()


__all__ = ["Agency", "MemberForm", "MoveForm", "StatusForm"]
