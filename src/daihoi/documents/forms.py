from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from daihoi.core import jobs
from daihoi.core.dates import VietnameseDateTimeField
from daihoi.documents.models import Answer, DocumentKind, Stance
from daihoi.roster.models import Organization

#: Default of the setting DOCUMENTS_IMPORT_MAX_BYTES.
MAX_BYTES = 10 * 1024 * 1024


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại văn kiện"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Tên văn kiện"), max_length=300)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Word (.docx) của dự thảo"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".docx"}))
    note = forms.CharField(label=_("Ghi chú phiên bản"), max_length=300, required=False)

    def clean_file(self) -> Any:
        """Only the size is checked here (the file is read by the worker, never here)."""
        upload = self.cleaned_data["file"]
        limit = jobs.setting("DOCUMENTS_IMPORT_MAX_BYTES", MAX_BYTES)
        if limit and upload.size > limit:
            raise forms.ValidationError(jobs.size_message(limit))
        if upload.size == 0:
            raise forms.ValidationError(_("Tệp rỗng: không có nội dung để nhập."))
        return upload


class SendForm(forms.Form):
    cells = forms.ModelMultipleChoiceField(
        label=_("Gửi đến chi bộ"), queryset=Organization.objects.none(),
        widget=forms.CheckboxSelectMultiple)
    deadline = VietnameseDateTimeField(label=_("Hạn góp ý"))

    def __init__(self, *args: Any, cells: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cells"].queryset = cells  # type: ignore[attr-defined]  # Field has no queryset; this one is a ModelChoiceField


class OpinionForm(forms.Form):
    stance = forms.ChoiceField(label=_("Ý kiến"), choices=Stance.choices,
                               widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Lý do (khi không tán thành)"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    proposed_text = forms.CharField(label=_("Đề nghị sửa thành (khi tán thành một phần)"),
                                    required=False, widget=forms.Textarea(attrs={"rows": 3}))
    on_behalf = forms.ModelChoiceField(
        label=_("Góp ý thay mặt chi bộ (sau họp chi bộ)"), queryset=Organization.objects.none(),
        required=False, empty_label=_("— ý kiến của cá nhân tôi —"))

    def __init__(self, *args: Any, cells: Any, personal: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on_behalf"].queryset = cells  # type: ignore[attr-defined]  # Field has no queryset; this one is a ModelChoiceField
        if not cells.exists():
            del self.fields["on_behalf"]
        elif not personal:
            self.fields["on_behalf"].required = True
            self.fields["on_behalf"].empty_label = None  # type: ignore[attr-defined]  # Field has no empty_label; a ModelChoiceField has


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(label=_("Trả lời"), choices=[
        (Answer.ACCEPTED.value, Answer.ACCEPTED.label),
        (Answer.EXPLAINED.value, Answer.EXPLAINED.label),
        (Answer.NOTED.value, Answer.NOTED.label)])
    response = forms.CharField(label=_("Nội dung trả lời"), required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))
