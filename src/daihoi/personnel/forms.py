from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from daihoi.composition import available_terms
from daihoi.core import bounds
from daihoi.core.dates import VietnameseDateField
from daihoi.personnel.models import PersonnelPlan, PlanKind, PlanLevel, Post
from daihoi.roster.models import Member


class PlanForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại đề án"), choices=PlanKind.choices)
    name = forms.CharField(label=_("Tên phương án"), max_length=120)
    term_rules = forms.ChoiceField(label=_("Quy định nhiệm kỳ"), choices=())
    level = forms.ChoiceField(label=_("Cấp tính tuổi"), choices=PlanLevel.choices)
    seats = bounds.SEATS.form_field(label=_("Số lượng"))
    alternates = bounds.ALTERNATES.form_field(label=_("Số dự khuyết (đề án đại biểu)"),
                                              initial=0, required=False)
    note = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}),
                           required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["term_rules"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(t, t) for t in available_terms()]


class CandidateForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Đảng viên"), queryset=Member.objects.none())
    reelection = forms.BooleanField(label=_("Tái cử"), required=False)
    post = forms.ChoiceField(label=_("Chức danh (ngoại lệ tuổi)"),
                             choices=Post.choices, required=False)
    retirement_month = VietnameseDateField(
        label=_("Tháng nghỉ hưu dự kiến (để trống: theo bảng tuổi nghỉ hưu)"), required=False)
    science_technology = forms.BooleanField(label=_("Có trình độ khoa học, công nghệ"),
                                            required=False)

    def __init__(self, *args: Any, plan: PersonnelPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org = plan.congress.organization
        field = self.fields["member"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Member.objects.filter(
            cell__path__startswith=org.path).exclude(
            pk__in=plan.candidates.values("member_id")).order_by("sort_key")
