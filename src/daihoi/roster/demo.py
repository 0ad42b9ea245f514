"""The demo organization of the seed article, deterministic and synthetic.

"Đảng bộ Khối Chính quyền huyện" under "Đảng bộ huyện": 21 cells, 24 agencies, 235 members,
the pilot cell "Chi bộ Tài chính - Kế hoạch". Names and profiles are generated; no real
person's data.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction

from daihoi.roster import services
from daihoi.roster.choices import (
    Gender,
    GeneralEducation,
    MemberStatus,
    OrgKind,
    Qualification,
    RoleKind,
    TheoryLevel,
)
from daihoi.roster.models import Member, Organization

DISTRICT_CODE = "HU"
COMMITTEE_CODE = "DBKCQ"
PILOT_CELL_CODE = "CB-TCKH"
DEMO_PASSWORD = "daihoi2020"  # noqa: S105 - the published password of the synthetic demo


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    where: str


DEMO_LOGINS = (
    DemoLogin("vanphong", "Văn phòng Đảng ủy (quản trị)", "Đảng bộ Khối Chính quyền huyện"),
    DemoLogin("bithu.tckh", "Bí thư chi bộ", "Chi bộ Tài chính - Kế hoạch"),
    DemoLogin("dangvien", "Đảng viên", "Chi bộ Tài chính - Kế hoạch"),
)

#: (cell code, cell name, [(agency code, agency name), …], members)
CELLS: tuple[tuple[str, str, tuple[tuple[str, str], ...], int], ...] = (
    ("CB-VP", "Chi bộ Văn phòng HĐND và UBND",
     (("VP", "Văn phòng HĐND và UBND huyện"), ("BTCD", "Ban Tiếp công dân huyện")), 22),
    (PILOT_CELL_CODE, "Chi bộ Tài chính - Kế hoạch", (("TCKH", "Phòng Tài chính - Kế hoạch"),), 14),
    ("CB-NV", "Chi bộ Nội vụ", (("NV", "Phòng Nội vụ"),), 12),
    ("CB-TP", "Chi bộ Tư pháp", (("TP", "Phòng Tư pháp"),), 6),
    ("CB-KTHT", "Chi bộ Kinh tế và Hạ tầng", (("KTHT", "Phòng Kinh tế và Hạ tầng"),), 13),
    ("CB-NN", "Chi bộ Nông nghiệp và Phát triển nông thôn",
     (("NN", "Phòng Nông nghiệp và Phát triển nông thôn"),
      ("TTBVTV", "Trạm Trồng trọt và Bảo vệ thực vật")), 16),
    ("CB-TNMT", "Chi bộ Tài nguyên và Môi trường",
     (("TNMT", "Phòng Tài nguyên và Môi trường"),
      ("VPDKDD", "Chi nhánh Văn phòng Đăng ký đất đai")), 15),
    ("CB-LDTBXH", "Chi bộ Lao động - Thương binh và Xã hội",
     (("LDTBXH", "Phòng Lao động - Thương binh và Xã hội"),), 9),
    ("CB-VHTT", "Chi bộ Văn hóa và Thông tin", (("VHTT", "Phòng Văn hóa và Thông tin"),), 7),
    ("CB-GDDT", "Chi bộ Giáo dục và Đào tạo", (("GDDT", "Phòng Giáo dục và Đào tạo"),), 14),
    ("CB-YT", "Chi bộ Y tế", (("YT", "Phòng Y tế"),), 5),
    ("CB-TT", "Chi bộ Thanh tra huyện", (("TT", "Thanh tra huyện"),), 8),
    ("CB-DT", "Chi bộ Dân tộc", (("DT", "Phòng Dân tộc"),), 6),
    ("CB-TTVH", "Chi bộ Trung tâm Văn hóa, Thể thao và Truyền thông",
     (("TTVH", "Trung tâm Văn hóa, Thể thao và Truyền thông"),), 17),
    ("CB-BQLDA", "Chi bộ Ban Quản lý dự án đầu tư xây dựng",
     (("BQLDA", "Ban Quản lý dự án đầu tư xây dựng huyện"),), 10),
    ("CB-PTQD", "Chi bộ Trung tâm Phát triển quỹ đất",
     (("PTQD", "Trung tâm Phát triển quỹ đất"),), 7),
    ("CB-TK", "Chi bộ Chi cục Thống kê", (("TK", "Chi cục Thống kê khu vực"),), 5),
    ("CB-KB", "Chi bộ Kho bạc Nhà nước", (("KB", "Kho bạc Nhà nước huyện"),), 9),
    ("CB-THA", "Chi bộ Chi cục Thi hành án dân sự", (("THA", "Chi cục Thi hành án dân sự"),), 12),
    ("CB-BHXH", "Chi bộ Bảo hiểm xã hội", (("BHXH", "Bảo hiểm xã hội huyện"),), 14),
    ("CB-KL", "Chi bộ Hạt Kiểm lâm", (("KL", "Hạt Kiểm lâm"),), 14),
)

FAMILY = (
    ("Nguyễn", 30), ("Trần", 8), ("Lê", 8), ("Phạm", 6), ("Hoàng", 6), ("Vũ", 4), ("Đặng", 4),
    ("Bùi", 4), ("Đỗ", 3), ("Ngô", 2), ("Dương", 3), ("Đinh", 3), ("Hà", 3), ("Lương", 3),
    ("Nông", 3), ("Lò", 2), ("Triệu", 2), ("Ma", 2), ("Hứa", 1), ("Âu", 1), ("Đàm", 1),
)
MALE_MIDDLE = ("Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân", "Ngọc", "Thanh", "Mạnh", "Trung")
FEMALE_MIDDLE = ("Thị", "Thu", "Thanh", "Ngọc", "Minh", "Hồng", "Thị Thu", "Thị Hồng", "Kim")
MALE_GIVEN = (
    "An", "Bình", "Cường", "Chiến", "Dũng", "Đạt", "Đức", "Giang", "Hải", "Hiếu", "Hoàng",
    "Hùng", "Huy", "Khánh", "Lâm", "Long", "Mạnh", "Nam", "Phong", "Phúc", "Quân", "Quyết",
    "Sơn", "Tâm", "Thắng", "Thành", "Toàn", "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Ân",
)
FEMALE_GIVEN = (
    "Anh", "Ánh", "Bích", "Chi", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng", "Hoa",
    "Huyền", "Hương", "Lan", "Liên", "Linh", "Loan", "Mai", "Nga", "Ngân", "Nhung", "Oanh",
    "Phương", "Thảo", "Thủy", "Trang", "Tuyết", "Vân", "Yến", "Ngọc",
)
ETHNIC = (
    ("Kinh", 68), ("Tày", 14), ("Nùng", 6), ("Thái", 5), ("Mường", 3), ("Dao", 3), ("Mông", 1),
)
HOME_TOWNS = (
    "xã Tân Lập", "xã Đồng Tâm", "thị trấn", "xã Hòa Bình", "xã Quang Trung", "xã Yên Thịnh",
    "xã Minh Khai", "xã Phú Lương", "xã Thanh Sơn", "xã Vĩnh Lộc",
)
POSITIONS = ("Chuyên viên", "Chuyên viên", "Chuyên viên", "Cán sự", "Kế toán", "Viên chức",
             "Phó Trưởng phòng", "Trưởng phòng", "Nhân viên")


def _weighted(rng: random.Random, items: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([i for i, _ in items], weights=[w for _, w in items])[0]


def _date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


@transaction.atomic
def build_demo_roster(*, actor: object = None) -> tuple[Organization, bool]:
    """Build the demo roster. Returns (committee, created); a second run reuses the first."""
    existing = Organization.objects.filter(code=COMMITTEE_CODE).first()
    if existing is not None:
        return existing, False
    rng = random.Random(20200610)  # noqa: S311 - synthetic data, not security
    district = services.organization_create(
        actor=actor, kind=OrgKind.UPPER, name="Đảng bộ huyện", code=DISTRICT_CODE, parent=None
    )
    committee = services.organization_create(
        actor=actor, kind=OrgKind.COMMITTEE, name="Đảng bộ Khối Chính quyền huyện",
        code=COMMITTEE_CODE, parent=district,
    )
    card_seq = 0
    pilot_members: list[Member] = []
    for position, (cell_code, cell_name, agencies, size) in enumerate(CELLS, start=1):
        cell = services.organization_create(
            actor=actor, kind=OrgKind.CELL, name=cell_name, code=cell_code, parent=committee,
            position=position,
        )
        agency_objs = [
            services.agency_create(actor=actor, name=name, code=code, organization=committee)
            for code, name in agencies
        ]
        for i in range(size):
            female = rng.random() < 0.42
            born = _date(rng, dt.date(1963, 1, 1), dt.date(1997, 12, 31))
            admitted = _date(rng, born.replace(year=born.year + 20), min(
                dt.date(2020, 3, 1), born.replace(year=born.year + 45)))
            probationary = admitted >= dt.date(2019, 6, 1)
            full_on = None if probationary else admitted + dt.timedelta(days=365)
            card_seq += 1
            qualification = rng.choices(
                [Qualification.MASTER, Qualification.UNIVERSITY, Qualification.COLLEGE,
                 Qualification.INTERMEDIATE, Qualification.DOCTORATE],
                weights=[14, 70, 7, 8, 1],
            )[0]
            theory = rng.choices(
                [TheoryLevel.ELEMENTARY, TheoryLevel.INTERMEDIATE, TheoryLevel.ADVANCED,
                 TheoryLevel.BACHELOR, TheoryLevel.NONE],
                weights=[45, 38, 8, 2, 7],
            )[0]
            member = services.member_create(
                actor=actor,
                cell=cell,
                family_name=_weighted(rng, FAMILY),
                middle_name=rng.choice(FEMALE_MIDDLE if female else MALE_MIDDLE),
                given_name=rng.choice(FEMALE_GIVEN if female else MALE_GIVEN),
                gender=Gender.FEMALE if female else Gender.MALE,
                date_of_birth=born,
                ethnicity=_weighted(rng, ETHNIC),
                religion="Không",
                home_town=rng.choice(HOME_TOWNS),
                general_education=GeneralEducation.UPPER_SECONDARY,
                qualification=qualification,
                specialty=rng.choice(("Kinh tế", "Luật", "Tài chính", "Quản lý đất đai",
                                      "Nông học", "Sư phạm", "Kế toán", "Xây dựng")),
                political_theory=theory,
                admitted_on=admitted,
                full_member_on=full_on,
                card_number=None if probationary else f"{21000000 + card_seq * 37:08d}",
                agency=agency_objs[i % len(agency_objs)],
                position="Trưởng phòng" if i == 0 else rng.choice(POSITIONS),
            )
            if cell_code == PILOT_CELL_CODE:
                pilot_members.append(member)
    # A few status changes that the threshold base deducts.
    members = list(Member.objects.filter(cell__path__startswith=committee.path).order_by("pk"))
    for member, status, on in (
        (members[17], MemberStatus.TEMPORARY_ELSEWHERE, dt.date(2020, 3, 2)),
        (members[64], MemberStatus.EXEMPTED, dt.date(2019, 11, 15)),
        (members[120], MemberStatus.EXEMPTED, dt.date(2020, 1, 6)),
        (members[201], MemberStatus.SUSPENDED, dt.date(2020, 4, 20)),
    ):
        services.member_status_change(
            actor=actor, member=member, expected_version=member.version, status=status,
            effective_on=on, note="Dữ liệu mẫu",
        )
    pilot_cell = Organization.objects.get(code=PILOT_CELL_CODE)
    services.user_create_with_role(
        actor=actor, username="vanphong", password=DEMO_PASSWORD, organization=committee,
        kind=RoleKind.OFFICE_ADMIN, full_name="Văn phòng Đảng ủy Khối",
    )
    services.user_create_with_role(
        actor=actor, username="bithu.tckh", password=DEMO_PASSWORD, organization=pilot_cell,
        kind=RoleKind.CELL_SECRETARY, member=pilot_members[0], full_name=pilot_members[0].full_name,
    )
    services.user_create_with_role(
        actor=actor, username="dangvien", password=DEMO_PASSWORD, organization=pilot_cell,
        kind=RoleKind.MEMBER, member=pilot_members[3], full_name=pilot_members[3].full_name,
    )
    return committee, True
