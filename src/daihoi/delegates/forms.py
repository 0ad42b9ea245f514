from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from daihoi.congress.models import Congress
from daihoi.core import bounds
from daihoi.core.dates import VietnameseDateTimeField
from daihoi.delegates.models import DelegateSource, VoteSubject
from daihoi.roster.models import Member


class DelegateAddForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Đảng viên"), queryset=Member.objects.none())
    source = forms.ChoiceField(label=_("Thành phần"), choices=[
        (DelegateSource.EX_OFFICIO, DelegateSource.EX_OFFICIO.label),
        (DelegateSource.APPOINTED, DelegateSource.APPOINTED.label),
        (DelegateSource.ELECTED, DelegateSource.ELECTED.label),
        (DelegateSource.ALTERNATE, DelegateSource.ALTERNATE.label)])

    def __init__(self, *args: Any, congress: Congress, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["member"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Member.objects.filter(
            cell__path__startswith=congress.organization.path).exclude(
            pk__in=congress.delegates.values("member_id")).order_by("sort_key")


class SessionForm(forms.Form):
    name = forms.CharField(label=_("Tên phiên"), max_length=120)
    starts_at = VietnameseDateTimeField(label=_("Bắt đầu"))
    holds_elections = forms.BooleanField(label=_("Có bầu cử trong phiên"), required=False)


class VoteForm(forms.Form):
    subject = forms.ChoiceField(label=_("Biểu quyết về"), choices=VoteSubject.choices)
    title = forms.CharField(label=_("Nội dung"), max_length=300)
    names = forms.CharField(label=_("Danh sách (mỗi dòng một người)"), required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))
    present = bounds.COUNT.form_field(label=_("Có mặt"))
    in_favour = bounds.COUNT.form_field(label=_("Tán thành"))
    against = bounds.COUNT.form_field(label=_("Không tán thành"), initial=0)
    abstain = bounds.COUNT.form_field(label=_("Không biểu quyết"), initial=0)


class ConclusionForm(forms.Form):
    text = forms.CharField(label=_("Kết luận của Ban Thẩm tra tư cách đại biểu"),
                           widget=forms.Textarea(attrs={"rows": 4}))
    recognised = bounds.COUNT.form_field(label=_("Số đại biểu đủ tư cách"))


class QuorumForm(forms.Form):
    numerator = bounds.QUORUM.form_field(label=_("Tử số"))
    denominator = bounds.QUORUM.form_field(label=_("Mẫu số"))
