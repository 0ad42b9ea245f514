from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from daihoi.congress.models import OutgoingKind
from daihoi.core.dates import VietnameseDateField


class IssueForm(forms.Form):
    kind = forms.ChoiceField(choices=OutgoingKind.choices, widget=forms.HiddenInput)
    ref = forms.IntegerField(min_value=0, max_value=2**31 - 1, widget=forms.HiddenInput)
    summary = forms.CharField(label=_("Trích yếu"), max_length=500)
    issued_on = VietnameseDateField(label=_("Ngày ban hành"))
