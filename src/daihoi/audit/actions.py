"""What each action of the audit log means, in the reader's language: the one catalogue of the
action codes the apps record (``audit_record(action=...)``), each with its label.

The log is below every app and imports none of them; the apps write their codes as plain
strings, and the codes are listed here once, so that the log page can say what happened in
Vietnamese or in English. The entry itself keeps its code and the Vietnamese sentence written
when it was recorded (hashed: never rewritten); the label is the page's, not the record's.

``tests/audit/test_actions.py`` reads every ``audit_record`` call in ``src/`` and fails on a code
without a label here, and on a label whose code is no longer written (a code retired while old
entries still carry it goes to ``RETIRED`` and keeps its label)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

#: Action code → what happened, as the log page says it (in the catalogue under the context
#: "audit": the log says what was done where a button says what to do).
ACTIONS: dict[str, Promise] = {
    # roster
    "roster.organization_create": pgettext_lazy("audit", "Tạo tổ chức đảng"),
    "roster.agency_create": pgettext_lazy("audit", "Tạo cơ quan, đơn vị"),
    "roster.member_create": pgettext_lazy("audit", "Thêm đảng viên"),
    "roster.member_update": pgettext_lazy("audit", "Sửa hồ sơ đảng viên"),
    "roster.member_move": pgettext_lazy("audit", "Chuyển đảng viên sang chi bộ khác"),
    "roster.member_status_change": pgettext_lazy("audit", "Đổi tình trạng đảng viên"),
    "roster.user_create": pgettext_lazy("audit", "Tạo tài khoản người dùng"),
    "roster.import": pgettext_lazy("audit", "Nhập danh sách đảng viên từ tệp"),
    "roster.import_mapping_save": pgettext_lazy("audit", "Lưu cách gán cột khi nhập danh sách"),
    "roster.import_interrupted": pgettext_lazy("audit", "Lần nhập danh sách bị gián đoạn"),
    "account.password_change": pgettext_lazy("audit", "Đổi mật khẩu của chính mình"),
    "account.password_reset": pgettext_lazy("audit", "Đặt lại mật khẩu của người dùng"),
    # congress
    "congress.create": pgettext_lazy("audit", "Tạo đại hội"),
    "congress.update": pgettext_lazy("audit", "Sửa thông tin đại hội"),
    "congress.programme_item_add": pgettext_lazy("audit", "Thêm mục vào chương trình đại hội"),
    "congress.programme_item_delete": pgettext_lazy("audit", "Bỏ mục khỏi chương trình đại hội"),
    "congress.cell_congresses_create": pgettext_lazy("audit", "Lập đại hội các chi bộ trực thuộc"),
    "congress.pilot_set": pgettext_lazy("audit", "Chọn chi bộ tổ chức đại hội điểm"),
    "congress.cell_schedule": pgettext_lazy("audit", "Đặt lịch đại hội chi bộ"),
    "congress.cell_held": pgettext_lazy("audit", "Ghi nhận chi bộ đã tổ chức đại hội"),
    "congress.cell_results": pgettext_lazy("audit", "Chi bộ báo cáo kết quả đại hội"),
    "congress.pilot_lesson_add": pgettext_lazy("audit", "Ghi bài học rút kinh nghiệm đại hội điểm"),
    "congress.subcommittee_create": pgettext_lazy("audit", "Thành lập tiểu ban đại hội"),
    "congress.subcommittee_member_add": pgettext_lazy("audit", "Thêm thành viên tiểu ban"),
    "congress.task_create": pgettext_lazy("audit", "Giao nhiệm vụ chuẩn bị đại hội"),
    "congress.task_status": pgettext_lazy("audit", "Đổi trạng thái nhiệm vụ"),
    "congress.task_attach": pgettext_lazy("audit", "Đính kèm tệp vào nhiệm vụ"),
    "congress.document_issue": pgettext_lazy("audit", "Ban hành văn bản, lấy số"),
    # documents
    "documents.create": pgettext_lazy("audit", "Tạo văn kiện đại hội"),
    "documents.version_create": pgettext_lazy("audit", "Thêm phiên bản văn kiện"),
    "documents.send": pgettext_lazy("audit", "Gửi văn kiện lấy ý kiến"),
    "documents.finalize": pgettext_lazy("audit", "Hoàn thiện văn kiện"),
    "documents.opinion_submit": pgettext_lazy("audit", "Góp ý vào văn kiện"),
    "documents.opinion_answer": pgettext_lazy("audit", "Trả lời ý kiến góp ý"),
    # personnel
    "personnel.plan_create": pgettext_lazy("audit", "Lập đề án nhân sự"),
    "personnel.plan_update": pgettext_lazy("audit", "Sửa đề án nhân sự"),
    "personnel.candidate_add": pgettext_lazy("audit", "Đưa người vào đề án nhân sự"),
    "personnel.candidate_remove": pgettext_lazy("audit", "Bỏ người khỏi đề án nhân sự"),
    # delegates and the congress's days
    "delegates.members_roll": pgettext_lazy("audit", "Lập danh sách đảng viên được triệu tập"),
    "delegates.import_from_cells": pgettext_lazy(
        "audit", "Lập danh sách đại biểu từ kết quả đại hội chi bộ"),
    "delegates.add": pgettext_lazy("audit", "Thêm đại biểu"),
    "delegates.not_summoned": pgettext_lazy("audit", "Không triệu tập đại biểu"),
    "delegates.replace": pgettext_lazy("audit", "Thay đại biểu bằng đại biểu dự khuyết"),
    "delegates.replace_refused": pgettext_lazy(
        "audit", "Từ chối thay đại biểu bằng đại biểu dự khuyết"),
    "delegates.replace_undo": pgettext_lazy("audit", "Hoàn tác việc thay đại biểu"),
    "delegates.replace_undo_refused": pgettext_lazy("audit", "Từ chối hoàn tác việc thay đại biểu"),
    "delegates.absence_approve": pgettext_lazy("audit", "Chấp thuận vắng mặt cả đại hội"),
    "delegates.absence_withdraw": pgettext_lazy("audit", "Hủy chấp thuận vắng mặt cả đại hội"),
    "delegates.session_create": pgettext_lazy("audit", "Tạo phiên điểm danh"),
    "delegates.check_in": pgettext_lazy("audit", "Điểm danh đại biểu"),
    "delegates.show_of_hands": pgettext_lazy("audit", "Ghi kết quả biểu quyết giơ tay"),
    "delegates.credentials_conclude": pgettext_lazy("audit", "Kết luận thẩm tra tư cách đại biểu"),
    "delegates.quorum_policy": pgettext_lazy("audit", "Đặt túc số đại hội"),
    "delegates.temporary_elsewhere_policy": pgettext_lazy(
        "audit", "Chọn cách tính đảng viên sinh hoạt tạm thời nơi khác"),
    # elections
    "election.create": pgettext_lazy("audit", "Tạo cuộc bầu cử"),
    "election.policies": pgettext_lazy("audit", "Chọn các quy định áp dụng cho cuộc bầu"),
    "election.candidate_add": pgettext_lazy("audit", "Thêm người vào danh sách bầu cử"),
    "election.candidates_add": pgettext_lazy("audit", "Thêm nhiều người vào danh sách bầu cử"),
    "election.candidate_withdraw": pgettext_lazy("audit", "Rút tên khỏi danh sách bầu cử"),
    "election.board_add": pgettext_lazy("audit", "Thêm thành viên Ban kiểm phiếu"),
    "election.round_base": pgettext_lazy("audit", "Nhập cơ sở tính kết quả bầu cử"),
    "election.desk_assign": pgettext_lazy("audit", "Giao bàn nhập phiếu"),
    "election.round_print": pgettext_lazy("audit", "In phiếu bầu"),
    "election.round_issue_ballots": pgettext_lazy("audit", "Phát phiếu bầu"),
    "election.round_close_voting": pgettext_lazy("audit", "Kết thúc bỏ phiếu"),
    "election.round_start_counting": pgettext_lazy("audit", "Bắt đầu kiểm phiếu"),
    "election.round_reconcile": pgettext_lazy("audit", "Đối chiếu xong các bàn nhập phiếu"),
    "election.round_announce": pgettext_lazy("audit", "Công bố kết quả bầu cử"),
    "election.illegal_transition": pgettext_lazy(
        "audit", "Từ chối chuyển bước không đúng trình tự"),
    "election.refused": pgettext_lazy("audit", "Từ chối việc chỉ Trưởng ban kiểm phiếu được làm"),
    "election.send_back": pgettext_lazy("audit", "Trả phiếu về các bàn nhập lại"),
    "election.resolve": pgettext_lazy("audit", "Trưởng ban kiểm phiếu kết luận một phiếu"),
    "election.round_open": pgettext_lazy("audit", "Mở lần bỏ phiếu tiếp theo"),
    "election.stop": pgettext_lazy("audit", "Dừng bầu"),
    "election.second_reading": pgettext_lazy("audit", "Chọn cách đọc phiếu lần thứ hai"),
    "election.audit_draw": pgettext_lazy("audit", "Rút phiếu để kiểm tra đối chiếu"),
    "election.audit_conclude": pgettext_lazy("audit", "Kết luận kiểm tra đối chiếu phiếu"),
    # scanning
    "scanning.batch_create": pgettext_lazy("audit", "Nộp tệp phiếu quét"),
    "scanning.batch_start": pgettext_lazy("audit", "Bắt đầu đọc tệp phiếu quét"),
    "scanning.batch_done": pgettext_lazy("audit", "Đọc xong tệp phiếu quét"),
    "scanning.batch_failed": pgettext_lazy("audit", "Dừng đọc tệp phiếu quét vì lỗi"),
    "scanning.batch_interrupted": pgettext_lazy("audit", "Việc đọc tệp phiếu quét bị gián đoạn"),
    "scanning.batch_resume": pgettext_lazy("audit", "Đọc tiếp tệp phiếu quét"),
    "scanning.batch_discard": pgettext_lazy("audit", "Bỏ tệp phiếu quét"),
    "scanning.mark_rule": pgettext_lazy(
        "audit", "Trưởng ban kiểm phiếu kết luận một dấu chưa rõ trên phiếu quét"),
    "scanning.ballot_invalid": pgettext_lazy(
        "audit", "Trưởng ban kiểm phiếu kết luận phiếu quét không hợp lệ"),
    "scanning.ballot_by_hand": pgettext_lazy(
        "audit", "Trưởng ban kiểm phiếu nhập tay một phiếu quét lại không được"),
    # the site
    "site.notifications_read": pgettext_lazy("audit", "Đánh dấu đã đọc thông báo"),
}

#: Codes no longer written whose entries stay in the log (they keep their label above).
RETIRED: frozenset[str] = frozenset()


def action_label(code: str) -> str:
    """What the action ``code`` did, in the active language; an unknown code (written by a
    version of daihoi that this one does not know) is shown as it is."""
    label = ACTIONS.get(code)
    return str(label) if label is not None else code
