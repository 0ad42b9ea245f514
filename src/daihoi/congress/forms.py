from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from daihoi.congress.models import (
    Congress,
    LessonTopic,
    Responsibility,
    Session,
    SubCommittee,
    SubCommitteeKind,
    TaskStatus,
)
from daihoi.congress.services import CONGRESS_FIELDS
from daihoi.core import bounds
from daihoi.core.dates import VietnameseDateField, VietnameseDateTimeField
from daihoi.roster.models import Member


class MemberChoice(forms.ModelChoiceField):  # type: ignore[type-arg]  # the stubs' field is generic over the model
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} — {obj.cell.name}"


class MembersChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]  # the stubs' field is generic over the model
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Any) -> str:
        return obj.full_name  # type: ignore[no-any-return]  # obj is a Member, typed Any by the stubs


class CongressForm(forms.ModelForm):  # type: ignore[type-arg]  # the stubs' form is generic over the model
    version = bounds.VERSION.form_field(widget=forms.HiddenInput)

    class Meta:
        model = Congress
        fields = list(CONGRESS_FIELDS)
        field_classes = {
            "preparatory_session_at": VietnameseDateTimeField,
            "opens_at": VietnameseDateTimeField,
            "closes_at": VietnameseDateTimeField,
        }
        widgets = {"theme": forms.Textarea(attrs={"rows": 3})}


class ProgrammeItemForm(forms.Form):
    session = forms.ChoiceField(label=_("Phiên"), choices=Session.choices)
    starts_at = VietnameseDateTimeField(label=_("Thời gian"))
    title = forms.CharField(label=_("Nội dung"), max_length=400)
    presenter = forms.CharField(label=_("Trình bày / điều hành"), max_length=200, required=False)


class ScheduleForm(forms.Form):
    opens_at = VietnameseDateTimeField(label=_("Ngày giờ đại hội"))
    venue = forms.CharField(label=_("Địa điểm"), max_length=300, required=False)


class ResultsForm(forms.Form):
    secretary = MemberChoice(label=_("Bí thư chi bộ"), queryset=Member.objects.none())
    deputy = MemberChoice(label=_("Phó Bí thư"), queryset=Member.objects.none(), required=False)
    committee = MembersChoice(label=_("Chi ủy viên"), queryset=Member.objects.none(),
                              required=False)
    delegates = MembersChoice(label=_("Đại biểu dự Đại hội Đảng bộ"),
                              queryset=Member.objects.none())
    alternates = MembersChoice(label=_("Đại biểu dự khuyết"), queryset=Member.objects.none(),
                               required=False)
    note = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}),
                           required=False)

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("secretary", "deputy", "committee", "delegates", "alternates"):
            self.fields[name].queryset = members  # type: ignore[attr-defined]  # Field has no queryset; this one is a ModelChoiceField


class LessonForm(forms.Form):
    topic = forms.ChoiceField(label=_("Vấn đề"), choices=LessonTopic.choices)
    text = forms.CharField(label=_("Nội dung rút kinh nghiệm"),
                           widget=forms.Textarea(attrs={"rows": 3}))


class SubCommitteeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=SubCommitteeKind.choices)
    name = forms.CharField(label=_("Tên tiểu ban"), max_length=200)


class SubCommitteeMemberForm(forms.Form):
    member = MemberChoice(label=_("Đảng viên"), queryset=Member.objects.none())
    role = forms.CharField(label=_("Chức danh"), max_length=100, required=False)

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members  # type: ignore[attr-defined]  # Field has no queryset; this one is a ModelChoiceField


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Nội dung công việc"), max_length=300)
    subcommittee = forms.ModelChoiceField(label=_("Tiểu ban"), queryset=SubCommittee.objects.none(),
                                          required=False)
    owner = MemberChoice(label=_("Đồng chí phụ trách"), queryset=Member.objects.none(),
                         required=False)
    responsibility = forms.ChoiceField(label=_("Trách nhiệm"), choices=Responsibility.choices)
    deadline = VietnameseDateField(label=_("Thời hạn"))
    note = forms.CharField(label=_("Ghi chú"), required=False)

    def __init__(self, *args: Any, subcommittees: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subcommittee"].queryset = subcommittees  # type: ignore[attr-defined]  # Field has no queryset; this one is a ModelChoiceField
        self.fields["owner"].queryset = members  # type: ignore[attr-defined]  # Field has no queryset; this one is a ModelChoiceField


class TaskStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Tình trạng"), choices=TaskStatus.choices)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Tệp đính kèm"))
