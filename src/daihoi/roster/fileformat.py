"""The roster file format shared by the import and the export.

:data:`COLUMNS` are the columns the export and the template write (and the import reads back
without changes); :data:`HEADER_ALIASES` are the other headers offices write in their own
workbooks for the same fields ("Họ và tên", "Sinh ngày", "LLCT"…), which the import
recognises when it guesses a file's column mapping.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

from django.db.models import TextChoices
from django.utils import translation
from django.utils.translation import gettext_noop as _  # marks the help texts for the catalogue

from daihoi.roster.choices import (
    Gender,
    GeneralEducation,
    MemberStatus,
    Qualification,
    TheoryLevel,
)

SHEET_NAME = "Danh sách đảng viên"
HELP_SHEET_NAME = "Hướng dẫn"


@dataclass(frozen=True)
class Column:
    header: str
    #: The import field (``cell``/``agency`` are given by code or name); None for STT.
    field: str | None
    kind: str  # text, date, choice, ethnicity, card, cell, agency, seq, key
    required: bool
    help: str
    choices: type[TextChoices] | None = None
    #: Value used when the cell is blank (for optional enumerations and texts with a default).
    default: str = ""


#: The help texts stay Vietnamese here (the template's help sheet writes them so); the import
#: page translates them.
COLUMNS: tuple[Column, ...] = (
    Column("STT", None, "seq", False, _("Số thứ tự; không bắt buộc, không được nhập.")),
    Column("Họ", "family_name", "text", True, _("Họ của đảng viên, ví dụ: Nguyễn.")),
    Column("Tên đệm", "middle_name", "text", False,
           _("Tên đệm (có thể để trống), ví dụ: Thị Thu.")),
    Column("Tên", "given_name", "text", True, _("Tên gọi, ví dụ: Hằng.")),
    Column("Giới tính", "gender", "choice", True, _("Giới tính: Nam hoặc Nữ."), Gender),
    Column("Ngày sinh", "date_of_birth", "date", True,
           _("Ngày sinh: ô kiểu ngày của Excel, hoặc chữ dạng ngày/tháng/năm (17/05/1980).")),
    Column("Dân tộc", "ethnicity", "ethnicity", False,
           _("Một trong 54 dân tộc Việt Nam (Danh mục các dân tộc Việt Nam); để trống là Kinh."),
           default="Kinh"),
    Column("Tôn giáo", "religion", "text", False, _("Tôn giáo; để trống là “Không”."),
           default="Không"),
    Column("Quê quán", "home_town", "text", False, _("Quê quán.")),
    Column("Giáo dục phổ thông", "general_education", "choice", False,
           _("Trình độ giáo dục phổ thông (cũng nhận “12/12”, “10/10”, “9/12”); để trống là Trung "
           "học phổ thông."), GeneralEducation, default=GeneralEducation.UPPER_SECONDARY),
    Column("Trình độ chuyên môn", "qualification", "choice", False,
           _("Trình độ chuyên môn cao nhất (cũng nhận ĐH, CĐ, TC, ThS, TS); để trống là Đại học."),
           Qualification, default=Qualification.UNIVERSITY),
    Column("Chuyên ngành", "specialty", "text", False, _("Chuyên ngành đào tạo.")),
    Column("Lý luận chính trị", "political_theory", "choice", False,
           _("Trình độ lý luận chính trị (cũng nhận CC, TC, SC, CN); để trống là Sơ cấp."),
           TheoryLevel, default=TheoryLevel.ELEMENTARY),
    Column("Ngày vào Đảng", "admitted_on", "date", True,
           _("Ngày kết nạp vào Đảng (ngày/tháng/năm); khi đó phải đủ 18 tuổi.")),
    Column("Ngày chính thức", "full_member_on", "date", False,
           _("Ngày được công nhận đảng viên chính thức; để trống nếu là đảng viên dự bị.")),
    Column("Số thẻ đảng viên", "card_number", "card", False,
           _("Số thẻ đảng viên (dấu chấm, khoảng trắng được bỏ đi); bắt buộc với đảng viên chính "
           "thức. Dòng có số thẻ, số lý lịch hoặc số CCCD đã có trong đảng bộ sẽ cập nhật hồ sơ "
           "đó; đảng viên dự bị chưa có thẻ được nhận ra theo họ tên và ngày sinh.")),
    Column("Số lý lịch", "dossier_number", "key", False,
           _("Số lý lịch đảng viên (có thể để trống).")),
    Column("Số CCCD", "citizen_id", "key", False,
           _("Số căn cước công dân, số định danh cá nhân (12 chữ số; có thể để trống).")),
    Column("Mã chi bộ", "cell", "cell", True,
           _("Mã hoặc tên của chi bộ nơi đảng viên sinh hoạt (xem danh mục chi bộ bên dưới).")),
    Column("Mã cơ quan", "agency", "agency", False,
           _("Mã hoặc tên cơ quan, đơn vị nơi đảng viên công tác (xem danh mục bên dưới); phải "
           "thuộc đảng bộ của chi bộ. Có thể để trống.")),
    Column("Chức vụ", "position", "text", False, _("Chức vụ chính quyền, đoàn thể.")),
    Column("Tình trạng", "status", "choice", False,
           _("Tình trạng sinh hoạt; để trống là Đang sinh hoạt. Khi tình trạng của một đảng viên "
           "đã có thay đổi, lần thay đổi được ghi vào lịch sử với ngày hôm nay."), MemberStatus,
           default=MemberStatus.ACTIVE),
)
HEADERS: tuple[str, ...] = tuple(c.header for c in COLUMNS)
COLUMN_OF: dict[str, Column] = {c.field: c for c in COLUMNS if c.field}

#: The written full name, split the Vietnamese way into family, middle and given names.
FULL_NAME = "full_name"

#: Every field a file's column can be mapped to, with its label in the mapping form.
FIELD_LABELS: dict[str, str] = {
    FULL_NAME: "Họ và tên (cả ba phần trong một cột)",
    **{c.field: c.header for c in COLUMNS if c.field},
}

#: Headers offices write, per field (compared ignoring case, accents, spacing and punctuation).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    FULL_NAME: ("Họ và tên", "Họ tên", "Họ, tên đệm, tên", "Họ, tên đệm và tên",
                "Họ và tên đảng viên", "Họ tên đảng viên", "Họ và tên khai sinh"),
    "family_name": ("Họ",),
    "middle_name": ("Tên đệm", "Đệm", "Chữ đệm"),
    "given_name": ("Tên", "Tên gọi"),
    "gender": ("Giới tính", "Nam, nữ", "Nam/nữ", "Nam nữ", "Giới"),
    "date_of_birth": ("Ngày sinh", "Sinh ngày", "Ngày tháng năm sinh", "Ngày, tháng, năm sinh"),
    "ethnicity": ("Dân tộc",),
    "religion": ("Tôn giáo",),
    "home_town": ("Quê quán", "Nguyên quán"),
    "general_education": ("Giáo dục phổ thông", "Trình độ GDPT", "GDPT", "Văn hóa", "Văn hoá",
                          "Trình độ văn hóa", "Trình độ văn hoá", "Học vấn"),
    "qualification": ("Trình độ chuyên môn", "Chuyên môn", "CMNV", "Chuyên môn nghiệp vụ",
                      "Trình độ CMNV", "Trình độ chuyên môn nghiệp vụ", "Trình độ CM"),
    "specialty": ("Chuyên ngành", "Ngành đào tạo", "Chuyên ngành đào tạo"),
    "political_theory": ("Lý luận chính trị", "LLCT", "Trình độ LLCT",
                         "Trình độ lý luận chính trị", "Lý luận"),
    "admitted_on": ("Ngày vào Đảng", "Ngày kết nạp", "Ngày kết nạp vào Đảng", "Vào Đảng"),
    "full_member_on": ("Ngày chính thức", "Ngày công nhận chính thức", "Ngày chuyển chính thức",
                       "Chính thức"),
    "card_number": ("Số thẻ", "Số thẻ đảng viên", "Số thẻ ĐV", "Thẻ đảng viên"),
    "dossier_number": ("Số lý lịch", "Số LL", "Số lý lịch đảng viên", "Số LLĐV"),
    "citizen_id": ("CCCD", "Số CCCD", "Số định danh", "Số định danh cá nhân",
                   "Căn cước công dân", "Số căn cước công dân", "Số CMND/CCCD", "Số căn cước"),
    "position": ("Chức vụ", "Chức vụ chính quyền", "Chức vụ hiện nay", "Chức vụ, đơn vị"),
    "cell": ("Mã chi bộ", "Chi bộ", "Tên chi bộ", "Chi bộ sinh hoạt", "Sinh hoạt tại chi bộ"),
    "agency": ("Mã cơ quan", "Cơ quan", "Đơn vị", "Cơ quan, đơn vị", "Cơ quan đơn vị",
               "Nơi công tác", "Đơn vị công tác", "Cơ quan công tác"),
    "status": ("Tình trạng", "Tình trạng sinh hoạt"),
}
#: The row number column: not imported; in the Party's member book (Mẫu 7-HSĐV) a member's
#: first sub-row is the one with its number.
SEQ = "seq"
IGNORED_HEADERS = ("STT", "TT", "Số TT", "Số thứ tự")
#: A part of a multi-value cell that daihoi does not keep (the badge number).
UNKEPT = "unkept"

#: Columns of the Party's member book (Sổ danh sách đảng viên, Mẫu 7-HSĐV) that hold several
#: values, one per line (or separated by ";"), in this order: "gender+ethnicity+religion"…
COMPOSITE_ALIASES: dict[str, tuple[str, ...]] = {
    "gender+ethnicity+religion": (
        "Giới tính, dân tộc, tôn giáo", "Nam, nữ, dân tộc, tôn giáo", "Nam/nữ, dân tộc, tôn giáo",
        "Giới tính, dân tộc, tôn giáo (nam/nữ)",
    ),
    "admitted_on+full_member_on": (
        "Ngày vào Đảng, ngày chính thức", "Ngày vào Đảng, chính thức",
        "Ngày kết nạp, ngày chính thức", "Ngày vào Đảng / ngày chính thức",
        "Ngày, tháng, năm vào Đảng, chính thức",
    ),
    "card_number+dossier_number+unkept": (
        "Số thẻ, số lý lịch, số huy hiệu", "Số thẻ đảng viên, số lý lịch, số huy hiệu",
        "Số thẻ ĐV, số LL, số huy hiệu",
    ),
    "card_number+dossier_number": ("Số thẻ, số lý lịch", "Số thẻ đảng viên, số lý lịch"),
    "general_education+qualification+political_theory": (
        "Trình độ GDPT, CMNV, LLCT", "GDPT, CMNV, LLCT", "Văn hóa, chuyên môn, lý luận chính trị",
        "Trình độ văn hóa, chuyên môn, lý luận chính trị", "Văn hóa, CMNV, LLCT",
    ),
    "unkept+position": ("Nghề nghiệp, chức vụ", "Nghề nghiệp, chức vụ hiện nay"),
}
COMPOSITE_LABELS = {
    "gender+ethnicity+religion": "Giới tính / dân tộc / tôn giáo (mỗi dòng một giá trị)",
    "admitted_on+full_member_on": "Ngày vào Đảng / ngày chính thức (mỗi dòng một giá trị)",
    "card_number+dossier_number+unkept": "Số thẻ / số lý lịch / số huy hiệu (mỗi dòng một giá trị)",
    "card_number+dossier_number": "Số thẻ / số lý lịch (mỗi dòng một giá trị)",
    "general_education+qualification+political_theory":
        "GDPT / chuyên môn / lý luận chính trị (mỗi dòng một giá trị)",
    "unkept+position": "Nghề nghiệp / chức vụ (mỗi dòng một giá trị)",
}
FIELD_LABELS[SEQ] = "Số thứ tự (không nhập)"
FIELD_LABELS["cell"] = "Chi bộ (mã hoặc tên)"
FIELD_LABELS["agency"] = "Cơ quan, đơn vị (mã hoặc tên)"
FIELD_LABELS.update(COMPOSITE_LABELS)


def parts_of(name: str) -> tuple[str, ...]:
    """The fields a (composite) mapped name stands for."""
    return tuple(name.split("+"))


def norm(text: str) -> str:
    """NFC, case-folded, single-spaced: how labels and values are compared."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


@functools.lru_cache(maxsize=65536)  # values repeat across rows: labels, cells, agencies
def fold(text: str) -> str:
    """Case-folded, without diacritics (đ → d), punctuation turned into spaces."""
    decomposed = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    cleaned = "".join(ch if ch.isalnum() else " " for ch in plain)
    return " ".join(cleaned.split())


def header_key(text: str) -> str:
    """How a header is compared: folded, without a trailing note in brackets or a colon."""
    text = text.split("(")[0] if not text.startswith("(") else text
    return fold(text)


_ALIAS_INDEX: dict[str, str] = {
    header_key(alias): name
    for name, aliases in (*HEADER_ALIASES.items(), *COMPOSITE_ALIASES.items())
    for alias in aliases
}
_IGNORED_INDEX = frozenset(header_key(h) for h in IGNORED_HEADERS)


def field_for_header(text: str) -> str | None:
    """The field a header names (:data:`SEQ` for STT), or None."""
    key = header_key(text)
    if not key:
        return None
    if key in _IGNORED_INDEX:
        return SEQ
    return _ALIAS_INDEX.get(key)


def choice_labels(choices: type[TextChoices]) -> list[str]:
    """The Vietnamese labels of an enumeration, as the template lists them."""
    with translation.override("vi"):
        return [str(label) for _, label in choices.choices]


def choice_label(choices: type[TextChoices], value: str) -> str:
    with translation.override("vi"):
        return str(choices(value).label)
