"""The reader's reasons and the board's rulings in Vietnamese words, once: the pages show them
through ``gettext`` (English in the .po), the counting minutes as they are (printed documents
are Vietnamese)."""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop

from daihoi.ballotread.reader import PAGE_REJECTIONS, UNSURE_REASONS

#: Why a ballot goes to the rescan list (the reader's page rejections, and the batch's own).
REJECTIONS: dict[str, str] = {
    "blank": gettext_noop("trang trắng"),
    "no-code": gettext_noop("không đọc được mã phiếu (không phải phiếu bầu, hoặc ảnh quá mờ)"),
    "other-round": gettext_noop("phiếu của cuộc bầu hoặc lần bỏ phiếu khác"),
    "marks-not-found": gettext_noop(
        "không thấy đủ bốn dấu định vị ở góc phiếu (phiếu gấp, bị che hoặc quét lệch)"),
    "marks-inconsistent": gettext_noop("dấu định vị không khớp với mã phiếu (ảnh quét bị méo)"),
    "duplicate-image": gettext_noop("ảnh trùng với một trang đã quét"),
    "other-desk-image": gettext_noop(
        "ảnh trùng với một trang bàn quét kia đã quét (lần đọc thứ hai phải quét lại phiếu "
        "giấy)"),
    "damaged": gettext_noop("trang của tệp bị hỏng, không giải mã được"),
    "out-of-sequence": gettext_noop("các trang của phiếu không đúng thứ tự"),
    "missing-page": gettext_noop("phiếu thiếu trang"),
    "extra": gettext_noop("nhiều phiếu hơn số phiếu thu vào"),
    "sent-back": gettext_noop("Trưởng ban trả về các bàn để đọc lại"),
    "not-scanned": gettext_noop("chưa quét"),
}
assert set(PAGE_REJECTIONS) <= set(REJECTIONS)

#: Why the reader is unsure of a name (``ballotread.reader.UNSURE_REASONS``).
UNSURE: dict[str, str] = {
    "partial-line": gettext_noop("gạch một phần tên"),
    "partial-line-start": gettext_noop("chỉ gạch phần đầu (họ)"),
    "partial-line-end": gettext_noop("chỉ gạch phần cuối (tên)"),
    "mark-not-a-line": gettext_noop("có dấu nhưng không phải nét gạch ngang tên"),
    "faint-line": gettext_noop("nét gạch rất mờ hoặc rất mảnh"),
    "mark-outside-name": gettext_noop("có dấu ngoài ô họ tên"),
    "ring": gettext_noop("khoanh tròn tên"),
    "smudge": gettext_noop("vết mực tô kín ô tên"),
    "line-along-edge": gettext_noop("nét chạy dọc mép trên hoặc mép dưới của chữ, không qua "
                                    "giữa tên"),
    "line-and-mark": gettext_noop("gạch tên và có thêm dấu bên cạnh (có thể đã giữ lại)"),
    "both-boxes": gettext_noop("đánh dấu cả hai ô"),
    "no-box": gettext_noop("không đánh dấu ô nào"),
}
assert set(UNSURE_REASONS) == set(UNSURE)

#: What the board head may rule for one name, as the minutes write the decision: on a list
#: with surplus, and on an agree/disagree list (the values of ``keying.content_from_marks``).
RULINGS_CROSS_OUT: dict[str, str] = {
    "crossed": gettext_noop("không bầu"),
    "kept": gettext_noop("bầu"),
}
RULINGS_MARKED: dict[str, str] = {
    "agree": gettext_noop("đồng ý"),
    "disagree": gettext_noop("không đồng ý"),
    "both": gettext_noop("đánh dấu cả hai ô"),
    "none": gettext_noop("không đánh dấu ô nào"),
}
#: The queue's buttons for the same rulings.
BUTTONS: dict[str, str] = {
    "crossed": gettext_noop("Gạch (không bầu)"),
    "kept": gettext_noop("Giữ (bầu)"),
    "agree": gettext_noop("Đồng ý"),
    "disagree": gettext_noop("Không đồng ý"),
    "both": gettext_noop("Cả hai ô"),
    "none": gettext_noop("Không ô nào"),
}


def rejection(key: str) -> str:
    return gettext(REJECTIONS.get(key, key))


def unsure(key: str) -> str:
    return gettext(UNSURE.get(key, key))


def ruling(key: str) -> str:
    return gettext({**RULINGS_CROSS_OUT, **RULINGS_MARKED}.get(key, key))
