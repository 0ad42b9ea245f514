"""Vietnamese labels for the minutes and the text report."""

from __future__ import annotations

from daihoi.tally.model import CongressKind, Deduction, ElectionKind, InvalidReason

CONGRESS_LABELS: dict[CongressKind, str] = {
    CongressKind.MEMBERS: "Đại hội đảng viên",
    CongressKind.DELEGATES: "Đại hội đại biểu",
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
    Deduction.TEMPORARY_ACTIVITY_ELSEWHERE: "giới thiệu sinh hoạt tạm thời nơi khác (R-051a)",
    Deduction.EXEMPTED_ABSENT: "miễn công tác và sinh hoạt đảng, vắng mặt (R-051b)",
    Deduction.SUSPENDED_OR_PROSECUTED: "bị đình chỉ sinh hoạt, khởi tố, truy tố, tạm giam (R-051c)",
    Deduction.ABSENT_WHOLE_CONGRESS_APPROVED: "vắng mặt suốt đại hội có lý do được cấp ủy"
    " triệu tập đồng ý (R-051d)",
    Deduction.COMMITTEE_MEMBERS_ABSENT_WHOLE_CONGRESS: "cấp ủy viên cấp triệu tập vắng mặt"
    " suốt đại hội (R-052a)",
    Deduction.DELEGATES_ABSENT_NOT_REPLACED: "đại biểu chính thức vắng mặt suốt đại hội, không"
    " có dự khuyết thay (R-052b)",
}

INVALID_LABELS: dict[InvalidReason, str] = {
    InvalidReason.NOT_ISSUED: "không phải phiếu do Ban kiểm phiếu phát ra",
    InvalidReason.OVER_VOTE: "bầu thừa số lượng",
    InvalidReason.NONE_KEPT: "gạch hết, không bầu ai (danh sách có số dư)",
    InvalidReason.WRITE_IN: "ghi thêm tên ngoài danh sách",
    InvalidReason.MARKED: "có dấu hiệu đánh dấu",
    InvalidReason.TORN: "phiếu rách",
    InvalidReason.ILLEGIBLE: "không xác định được người được bầu",
    InvalidReason.OTHER: "lý do khác do Ban kiểm phiếu kết luận",
    InvalidReason.SINGLE_NAME_NOT_ONE_BOX: "danh sách một người: không đánh dấu đúng một ô",
}

STATUS_LABELS: dict[str, str] = {
    "elected": "Trúng cử",
    "alternate": "Dự khuyết",
    "tied": "Bằng phiếu tại ngưỡng",
    "qualified_not_elected": "Trên một nửa, không trúng (đã đủ số)",
    "not_qualified": "Không đạt quá một nửa",
    "not_counted": "Không kiểm (vòng bầu bị hủy)",
}
