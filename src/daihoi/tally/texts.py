"""Vietnamese labels for the minutes and the text report."""

from __future__ import annotations

from daihoi.tally.audit import MarginKind
from daihoi.tally.i18n import gettext_noop as _
from daihoi.tally.model import CongressKind, Deduction, ElectionKind, InvalidReason
from daihoi.tally.ranking import NextAction

CONGRESS_LABELS: dict[CongressKind, str] = {
    CongressKind.MEMBERS: "Đại hội đảng viên",
    CongressKind.DELEGATES: "Đại hội đại biểu",
    CongressKind.CONFERENCE: "Hội nghị Ban Chấp hành",
}

#: Who the base counts, as the explanation of the count names them.
BASE_WHO: dict[CongressKind, str] = {
    CongressKind.MEMBERS: "đảng viên chính thức được triệu tập",
    CongressKind.DELEGATES: "đại biểu chính thức được triệu tập",
    CongressKind.CONFERENCE: "ủy viên Ban Chấp hành đã được bầu",
}

ELECTION_LABELS: dict[ElectionKind, str] = {
    ElectionKind.COMMITTEE: "Ban Chấp hành (cấp ủy)",
    ElectionKind.STANDING_COMMITTEE: "Ban Thường vụ",
    ElectionKind.SECRETARY: "Bí thư",
    ElectionKind.DEPUTY_SECRETARY: "Phó Bí thư",
    ElectionKind.INSPECTION_COMMITTEE: "Ủy ban Kiểm tra",
    ElectionKind.INSPECTION_CHAIR: "Chủ nhiệm Ủy ban Kiểm tra",
    ElectionKind.DELEGATES: "Đại biểu dự đại hội cấp trên",
    ElectionKind.CELL_COMMITTEE: "Chi ủy",
}

DEDUCTION_LABELS: dict[Deduction, str] = {
    Deduction.TEMPORARY_ACTIVITY_ELSEWHERE: _("giới thiệu sinh hoạt tạm thời nơi khác"),
    Deduction.EXEMPTED_ABSENT: _("miễn công tác và sinh hoạt đảng, vắng mặt"),
    Deduction.SUSPENDED_OR_PROSECUTED: _("bị đình chỉ sinh hoạt, khởi tố, truy tố, tạm giam"),
    Deduction.ABSENT_WHOLE_CONGRESS_APPROVED: _("vắng mặt suốt đại hội có lý do được cấp ủy"
    " triệu tập đồng ý"),
    Deduction.COMMITTEE_MEMBERS_ABSENT_WHOLE_CONGRESS: _("cấp ủy viên cấp triệu tập vắng mặt"
    " suốt đại hội"),
    Deduction.DELEGATES_ABSENT_NOT_REPLACED: _("đại biểu chính thức vắng mặt suốt đại hội, không"
    " có dự khuyết thay"),
    Deduction.CONFERENCE_EXCLUDED: _("ủy viên không tính vào cơ sở theo quyết định của hội nghị"),
}

INVALID_LABELS: dict[InvalidReason, str] = {
    InvalidReason.NOT_ISSUED: _("không phải phiếu do Ban kiểm phiếu phát ra"),
    InvalidReason.OVER_VOTE: _("bầu thừa số lượng"),
    InvalidReason.NONE_KEPT: _("gạch hết, không bầu ai (danh sách có số dư)"),
    InvalidReason.WRITE_IN: _("ghi thêm tên ngoài danh sách"),
    InvalidReason.MARKED: _("có dấu hiệu đánh dấu"),
    InvalidReason.TORN: _("phiếu rách"),
    InvalidReason.ILLEGIBLE: _("không xác định được người được bầu"),
    InvalidReason.OTHER: _("lý do khác do Ban kiểm phiếu kết luận"),
    InvalidReason.SINGLE_NAME_NOT_ONE_BOX: _("danh sách một người: không đánh dấu đúng một ô"),
}

STATUS_LABELS: dict[str, str] = {
    "elected": _("Trúng cử"),
    "alternate": _("Trúng cử đại biểu dự khuyết"),
    "tied": _("Bằng phiếu ở vị trí cuối, đại hội quyết định"),
    "qualified_not_elected": _("Quá một nửa nhưng đã đủ số lượng"),
    "not_qualified": _("Không đủ số phiếu quá một nửa"),
    "not_counted": _("Không kiểm (lần bầu bị hủy)"),
}

#: What the congress is asked to decide after a round, in plain words (no rule codes).
NEXT_ACTION_LABELS: dict[NextAction, str] = {
    NextAction.REVOTE: _("Số phiếu thu vào nhiều hơn số phiếu phát ra: lần bỏ phiếu bị hủy, bầu"
    " lại với cùng danh sách"),
    NextAction.CONGRESS_DECIDES_TIE: _("Có người bằng phiếu nhau ở vị trí cuối: đại hội quyết"
    " định bầu tiếp trong số những người bằng phiếu hay dừng"),
    NextAction.NEXT_ROUND: _("Chưa bầu đủ số lượng: đại hội quyết định bầu tiếp (với danh sách"
    " nào) hay dừng"),
    NextAction.SEPARATE_ALTERNATE_ROUND: _("Bầu đại biểu dự khuyết bằng một lần bỏ phiếu riêng"),
    NextAction.HIGHER_COMMITTEE_APPOINTS: _("Đã bầu ba lần chưa có người trúng cử: cấp ủy cấp"
    " trên chỉ định"),
    NextAction.HIGHER_COMMITTEE_MAY_APPOINT: _("Dừng bầu; số còn thiếu do cấp ủy cấp trên xem xét"
    " chỉ định bổ sung"),
}

#: What a margin of the ballot-comparison audit separates (``tally.audit.result_margins``):
#: ``a``/``b`` the names, ``va``/``vb`` their votes, ``t`` the threshold, ``names`` a tied group.
MARGIN_LABELS: dict[MarginKind, str] = {
    MarginKind.ABOVE_THRESHOLD: _("%(a)s được %(va)s phiếu, số phiếu tối thiểu để trúng cử là"
    " %(t)s"),
    MarginKind.BELOW_THRESHOLD: _("%(a)s được %(va)s phiếu, chưa đạt số phiếu tối thiểu %(t)s"
    " trong khi còn chỗ chưa bầu đủ"),
    MarginKind.SEAT_CUTOFF: _("%(a)s (%(va)s phiếu, người trúng cử ít phiếu nhất) và %(b)s"
    " (%(vb)s phiếu, người nhiều phiếu nhất chưa trúng cử chính thức)"),
    MarginKind.ALTERNATE_ORDER: _("%(a)s (%(va)s phiếu) và %(b)s (%(vb)s phiếu), liền nhau"
    " trong thứ tự dự khuyết"),
    MarginKind.ALTERNATE_CUTOFF: _("%(a)s (%(va)s phiếu, dự khuyết cuối cùng) và %(b)s"
    " (%(vb)s phiếu, người nhiều phiếu nhất không trúng cử)"),
    MarginKind.TIE: _("%(names)s bằng phiếu nhau (%(va)s phiếu) ở vị trí cuối"),
}


def line_start(label: str) -> str:
    """``label`` as a line or sentence starts it (its first letter capitalised): how pages, the
    minutes and the desk show the labels above."""
    return label[:1].upper() + label[1:]
