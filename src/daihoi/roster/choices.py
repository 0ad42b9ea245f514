"""Enumerations of the roster, with the Vietnamese labels an office uses."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgKind(models.TextChoices):
    UPPER = "upper", _("Đảng bộ cấp trên")
    COMMITTEE = "committee", _("Đảng bộ")
    SUB_COMMITTEE = "sub_committee", _("Đảng bộ bộ phận")
    CELL = "cell", _("Chi bộ")


class Gender(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class GeneralEducation(models.TextChoices):
    PRIMARY = "primary", _("Tiểu học")
    LOWER_SECONDARY = "lower_secondary", _("Trung học cơ sở")
    UPPER_SECONDARY = "upper_secondary", _("Trung học phổ thông")


class Qualification(models.TextChoices):
    NONE = "none", _("Chưa qua đào tạo")
    ELEMENTARY = "elementary", _("Sơ cấp")
    INTERMEDIATE = "intermediate", _("Trung cấp")
    COLLEGE = "college", _("Cao đẳng")
    UNIVERSITY = "university", _("Đại học")
    MASTER = "master", _("Thạc sĩ")
    DOCTORATE = "doctorate", _("Tiến sĩ")


class TheoryLevel(models.TextChoices):
    NONE = "none", _("Chưa qua đào tạo")
    ELEMENTARY = "elementary", _("Sơ cấp")
    INTERMEDIATE = "intermediate", _("Trung cấp")
    ADVANCED = "advanced", _("Cao cấp")
    BACHELOR = "bachelor", _("Cử nhân")


class MemberStatus(models.TextChoices):
    """A member's standing. Every status that the threshold base deducts (R-051, R-052) is here."""

    ACTIVE = "active", _("Đang sinh hoạt")
    TEMPORARY_ELSEWHERE = "temporary_elsewhere", _("Sinh hoạt tạm thời nơi khác")
    EXEMPTED = "exempted", _("Miễn công tác và sinh hoạt đảng")
    SUSPENDED = "suspended", _("Bị đình chỉ sinh hoạt đảng")
    PROSECUTED = "prosecuted", _("Bị khởi tố, truy tố, tạm giam")
    TRANSFERRED_OUT = "transferred_out", _("Đã chuyển sinh hoạt đi")
    DECEASED = "deceased", _("Từ trần")


#: Statuses of people who are no longer on the committee's roll.
LEFT_STATUSES = frozenset({MemberStatus.TRANSFERRED_OUT, MemberStatus.DECEASED})


class RoleKind(models.TextChoices):
    OFFICE_ADMIN = "office_admin", _("Văn phòng (quản trị)")
    CELL_SECRETARY = "cell_secretary", _("Bí thư chi bộ")
    MEMBER = "member", _("Đảng viên")


#: The 54 ethnic groups of Vietnam (Danh mục các dân tộc Việt Nam), for validation of imports.
ETHNICITIES = (
    "Kinh", "Tày", "Thái", "Mường", "Khmer", "Hoa", "Nùng", "Mông", "Dao", "Gia Rai",
    "Ngái", "Ê Đê", "Ba Na", "Xơ Đăng", "Sán Chay", "Cơ Ho", "Chăm", "Sán Dìu", "Hrê", "Mnông",
    "Raglay", "Xtiêng", "Bru Vân Kiều", "Thổ", "Giáy", "Cơ Tu", "Gié Triêng", "Mạ", "Khơ Mú",
    "Co", "Tà Ôi", "Chơ Ro", "Kháng", "Xinh Mun", "Hà Nhì", "Chu Ru", "Lào", "La Chí", "La Ha",
    "Phù Lá", "La Hủ", "Lự", "Lô Lô", "Chứt", "Mảng", "Pà Thẻn", "Cơ Lao", "Cống", "Bố Y",
    "Si La", "Pu Péo", "Brâu", "Ơ Đu", "Rơ Măm",
)
