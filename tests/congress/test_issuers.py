"""Who issues each document of a congress, derived from the organization tree and the kind of
document (``congress.issuers``): the left column of the heading (text and weight of each line)
and the sign-off of every issuing body, on a small tree: a province above a district, a bloc
committee under the district, a cell under the bloc."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest

from daihoi.congress import services
from daihoi.congress.issuers import (
    BODY_OF_KIND,
    IssuingBody,
    document_heading,
    document_signature,
    heading,
    issuing_body,
    signature,
)
from daihoi.congress.models import Congress, CongressKind, OutgoingKind, SubCommittee
from daihoi.core.printing import BLANK_NAME, UNNUMBERED
from daihoi.roster import services as roster_services
from daihoi.roster.choices import OrgKind
from daihoi.roster.models import Member, Organization
from tests.conftest import make_member
from tests.congress.factories import at

pytestmark = pytest.mark.django_db

NO = UNNUMBERED  # the number slot of a document not issued
#: It breaks as it is signed, after "BAN THẨM TRA", or not at all.
CREDENTIALS_COMMITTEE = "BAN THẨM TRA TƯ CÁCH ĐẠI BIỂU"


@dataclass
class Tree:
    province: Organization
    district: Organization
    bloc: Organization
    cell: Organization
    district_congress: Congress
    bloc_congress: Congress
    cell_congress: Congress


@pytest.fixture
def tree(db: Any) -> Tree:
    org = roster_services.organization_create
    province = org(actor=None, kind=OrgKind.UPPER, name="Đảng bộ tỉnh Phú Thọ", code="PT",
                   parent=None)
    district = org(actor=None, kind=OrgKind.UPPER, name="Đảng bộ huyện Tân Lập", code="TL",
                   parent=province)
    bloc = org(actor=None, kind=OrgKind.COMMITTEE, name="Đảng bộ Khối Chính quyền huyện",
               code="KCQ", parent=district)
    cell = org(actor=None, kind=OrgKind.CELL, name="Chi bộ Phòng Tư pháp", code="TP",
               parent=bloc)

    def congress(organization: Organization, ordinal: int) -> Congress:
        return services.congress_create(
            actor=None, organization=organization, kind=CongressKind.DELEGATES, ordinal=ordinal,
            term_start=2020, term_end=2025, opens_at=at(2020, 6, 10, 7))

    district_congress = congress(district, 24)
    bloc_congress = congress(bloc, 10)
    (cell_congress,) = services.cell_congresses_create(actor=None, congress=bloc_congress)
    return Tree(province, district, bloc, cell, district_congress, bloc_congress, cell_congress)


def _left(head: Any) -> list[tuple[str, bool]]:
    """The left column: (text, bold) of each line."""
    # A single no-break space between two words is the balanced line-breaking's glue (the
    # number slot's run of them is kept).
    return [(re.sub(r"(?<=\S)\u00a0(?=\S)", " ", line.text), line.bold) for line in head.left]


# --------------------------------------------------------------------------- one test per body


def test_the_congress_issues_under_its_organization(tree: Tree) -> None:
    """R-204, the one form the spec confirms: the organization, then its congress."""
    head = heading(tree.bloc_congress, IssuingBody.CONGRESS, "programme")
    assert _left(head) == [("ĐẢNG BỘ KHỐI CHÍNH QUYỀN HUYỆN", False),
                           ("ĐẠI HỘI ĐẠI BIỂU LẦN THỨ X", True), ("*", False),
                           (NO + "CTr/ĐH", False)]
    assert head.draft
    sign = signature(tree.bloc_congress, IssuingBody.CONGRESS, "programme", "Lê Văn Tám")
    assert (sign.lines, sign.name) == (("T/M ĐOÀN CHỦ TỊCH",), "Lê Văn Tám")
    assert sign.recipients == ("Các đại biểu dự Đại hội", "Lưu hồ sơ Đại hội")


def test_a_members_congress_is_not_a_delegates_congress(tree: Tree) -> None:
    congress = tree.bloc_congress
    congress.kind = CongressKind.MEMBERS
    assert _left(heading(congress, IssuingBody.CONGRESS, "resolution"))[1] == (
        "ĐẠI HỘI LẦN THỨ X", True)


def test_the_presidium_issues_under_the_congress(tree: Tree) -> None:
    head = heading(tree.bloc_congress, IssuingBody.PRESIDIUM, "programme")
    assert _left(head) == [("ĐẢNG BỘ KHỐI CHÍNH QUYỀN HUYỆN", False),
                           ("ĐẠI HỘI ĐẠI BIỂU LẦN THỨ X", False), ("ĐOÀN CHỦ TỊCH", True),
                           ("*", False), (NO + "CTr/ĐH", False)]
    sign = signature(tree.bloc_congress, IssuingBody.PRESIDIUM, "programme")
    assert (sign.lines, sign.printed_name) == (("T/M ĐOÀN CHỦ TỊCH",), BLANK_NAME)


def test_the_credentials_committee_issues_under_the_congress(tree: Tree) -> None:
    head = heading(tree.bloc_congress, IssuingBody.CREDENTIALS_COMMITTEE, "credentials")
    assert _left(head) == [("ĐẢNG BỘ KHỐI CHÍNH QUYỀN HUYỆN", False),
                           ("ĐẠI HỘI ĐẠI BIỂU LẦN THỨ X", False),
                           (CREDENTIALS_COMMITTEE, True), ("*", False),
                           (NO + "BC/ĐH", False)]
    sign = signature(tree.bloc_congress, IssuingBody.CREDENTIALS_COMMITTEE, "credentials",
                     "Trần Thị Hoa")
    assert sign.lines == ("T/M BAN THẨM TRA", "TƯ CÁCH ĐẠI BIỂU", "TRƯỞNG BAN")
    assert sign.name == "Trần Thị Hoa"


def test_the_counting_board_issues_under_the_congress_in_its_series(tree: Tree) -> None:
    from daihoi.congress.register import document_issue

    congress = tree.bloc_congress
    head = heading(congress, IssuingBody.COUNTING_BOARD, "minutes", 7)
    assert _left(head) == [("ĐẢNG BỘ KHỐI CHÍNH QUYỀN HUYỆN", False),
                           ("ĐẠI HỘI ĐẠI BIỂU LẦN THỨ X", False), ("BAN KIỂM PHIẾU", True),
                           ("*", False), (NO + "BB/ĐH", False), ("Nhiệm kỳ 2020–2025", False)]
    # the congress's one series of numbers: after the congress's credentials report
    document_issue(actor=None, congress=congress, kind="credentials", summary="Báo cáo")
    document_issue(actor=None, congress=congress, kind="minutes", ref=7, summary="Biên bản")
    assert heading(congress, IssuingBody.COUNTING_BOARD, "minutes", 7).number_symbol == (
        "Số 2-BB/ĐH")
    sign = signature(congress, IssuingBody.COUNTING_BOARD, "minutes", "Phạm Văn Đức")
    assert (sign.lines, sign.name) == (("T/M BAN KIỂM PHIẾU", "TRƯỞNG BAN"), "Phạm Văn Đức")


def test_the_executive_committee_issues_under_the_parent_organization(tree: Tree) -> None:
    head = heading(tree.bloc_congress, IssuingBody.EXECUTIVE_COMMITTEE, "personnel_plan")
    assert _left(head) == [("ĐẢNG BỘ HUYỆN TÂN LẬP", False),
                           ("ĐẢNG ỦY KHỐI CHÍNH QUYỀN HUYỆN", True), ("*", False),
                           (NO + "ĐA/ĐU", False)]
    sign = signature(tree.bloc_congress, IssuingBody.EXECUTIVE_COMMITTEE, "personnel_plan")
    assert (sign.lines, sign.printed_name) == (("T/M ĐẢNG ỦY", "BÍ THƯ"), BLANK_NAME)
    assert sign.recipients == ("Ban Thường vụ Huyện ủy Tân Lập (để b/c)", "Lưu Văn phòng")
    # a territorial Đảng bộ is led by its "Huyện ủy", under the province
    head = heading(tree.district_congress, IssuingBody.EXECUTIVE_COMMITTEE, "personnel_plan")
    assert _left(head)[:2] == [("ĐẢNG BỘ TỈNH PHÚ THỌ", False), ("HUYỆN ỦY TÂN LẬP", True)]
    assert signature(tree.district_congress, IssuingBody.EXECUTIVE_COMMITTEE,
                     "personnel_plan").lines == ("T/M HUYỆN ỦY", "BÍ THƯ")


def test_the_new_executive_committee_issues_its_first_conference_s_documents(tree: Tree
                                                                             ) -> None:
    head = heading(tree.bloc_congress, IssuingBody.NEW_EXECUTIVE_COMMITTEE, "conference_minutes")
    assert _left(head) == [("ĐẢNG BỘ KHỐI CHÍNH QUYỀN HUYỆN", False),
                           ("BAN CHẤP HÀNH KHÓA X", True), ("*", False), (NO + "BB/ĐU", False),
                           ("Hội nghị lần thứ nhất", False)]
    sign = signature(tree.bloc_congress, IssuingBody.NEW_EXECUTIVE_COMMITTEE,
                     "conference_minutes")
    assert sign.lines == ("T/M BAN CHẤP HÀNH", "BÍ THƯ")


def _documents_subcommittee(congress: Congress, roles: dict[str, str]) -> SubCommittee:
    sub = services.subcommittee_create(actor=None, congress=congress, kind="documents",
                                       name="Tiểu ban văn kiện")
    for given, role in roles.items():
        member = make_member(Organization.objects.get(code="TP"), given_name=given)
        services.subcommittee_member_add(actor=None, subcommittee=sub, member=member, role=role)
    return sub


def test_a_sub_committee_issues_under_the_committee_signed_by_its_head(tree: Tree) -> None:
    congress = tree.bloc_congress
    _documents_subcommittee(congress, {"An": "Phó Trưởng tiểu ban", "Bình": " trưởng  Tiểu ban",
                                       "Chi": "Thành viên"})
    head = heading(congress, IssuingBody.SUB_COMMITTEE, "report", 3)
    assert _left(head) == [("ĐẢNG ỦY KHỐI CHÍNH QUYỀN HUYỆN", False),
                           ("TIỂU BAN VĂN KIỆN", True), ("*", False), (NO + "BC/ĐU", False)]
    sign = signature(congress, IssuingBody.SUB_COMMITTEE, "report")
    assert sign.lines == ("T/M TIỂU BAN", "TRƯỞNG TIỂU BAN")
    head_member = Member.objects.get(given_name="Bình")
    assert sign.name == head_member.full_name  # not the deputy
    assert sign.recipients == ("Ban Thường vụ Đảng ủy Khối Chính quyền huyện (để b/c)",
                               "Lưu Văn phòng")


def test_a_sub_committee_without_a_recorded_head_leaves_the_name_blank(tree: Tree) -> None:
    _documents_subcommittee(tree.bloc_congress, {"An": "Phó Trưởng tiểu ban", "Chi": ""})
    sign = signature(tree.bloc_congress, IssuingBody.SUB_COMMITTEE, "report")
    assert sign.printed_name == BLANK_NAME


def test_a_report_of_opinions_is_the_documents_sub_committee_s_else_the_committee_s(
        tree: Tree) -> None:
    congress = tree.bloc_congress
    assert issuing_body(congress, "report") == IssuingBody.EXECUTIVE_COMMITTEE
    assert _left(document_heading(congress, "report", 3))[1] == (
        "ĐẢNG ỦY KHỐI CHÍNH QUYỀN HUYỆN", True)
    assert document_signature(congress, "report").lines == ("T/M ĐẢNG ỦY", "BÍ THƯ")
    with pytest.raises(ValueError):
        heading(congress, IssuingBody.SUB_COMMITTEE, "report")
    # another sub-committee does not issue it
    services.subcommittee_create(actor=None, congress=congress, kind="personnel",
                                 name="Tiểu ban nhân sự")
    assert issuing_body(congress, "report") == IssuingBody.EXECUTIVE_COMMITTEE
    _documents_subcommittee(congress, {})
    assert issuing_body(congress, "report") == IssuingBody.SUB_COMMITTEE
    assert _left(document_heading(congress, "report", 3))[1] == ("TIỂU BAN VĂN KIỆN", True)
    assert document_signature(congress, "report").lines == ("T/M TIỂU BAN", "TRƯỞNG TIỂU BAN")


# --------------------------------------------------------------------------- a cell's congress


def test_a_cell_s_congress_stands_under_the_cell_s_party_committee(tree: Tree) -> None:
    cell = tree.cell_congress
    assert _left(heading(cell, IssuingBody.CONGRESS, "resolution"))[:2] == [
        ("ĐẢNG BỘ KHỐI CHÍNH QUYỀN HUYỆN", False),
        ("ĐẠI HỘI CHI BỘ PHÒNG TƯ PHÁP LẦN THỨ X", True)]
    assert _left(heading(cell, IssuingBody.COUNTING_BOARD, "minutes"))[:3] == [
        ("ĐẢNG BỘ KHỐI CHÍNH QUYỀN HUYỆN", False),
        ("ĐẠI HỘI CHI BỘ PHÒNG TƯ PHÁP LẦN THỨ X", False), ("BAN KIỂM PHIẾU", True)]
    # the cell's own documents: the cell, under its Đảng bộ; signed for the cell
    assert _left(heading(cell, IssuingBody.EXECUTIVE_COMMITTEE, "delegate_list"))[:2] == [
        ("ĐẢNG BỘ KHỐI CHÍNH QUYỀN HUYỆN", False), ("CHI BỘ PHÒNG TƯ PHÁP", True)]
    sign = signature(cell, IssuingBody.EXECUTIVE_COMMITTEE, "dossier_index")
    assert sign.lines == ("T/M CHI BỘ", "BÍ THƯ")
    assert sign.recipients[0] == "Đảng ủy Khối Chính quyền huyện (để b/c)"


# --------------------------------------------------------------------------- which document


def test_each_document_has_its_issuing_body() -> None:
    assert {kind: body.value for kind, body in BODY_OF_KIND.items()} == {
        "programme": "congress", "resolution": "congress",
        "credentials": "credentials_committee", "minutes": "counting_board",
        "elected_list": "counting_board", "conference_minutes": "new_executive_committee",
        "conference_elected_list": "new_executive_committee",
        "personnel_plan": "executive_committee", "upper_report": "executive_committee",
        "delegate_list": "executive_committee", "dossier_index": "executive_committee",
        "report": "sub_committee"}
    assert set(OutgoingKind.values) <= set(BODY_OF_KIND)


@pytest.mark.parametrize("kind", sorted(BODY_OF_KIND))
def test_the_heading_and_the_sign_off_name_the_same_body(tree: Tree, kind: str) -> None:
    """The body a document is signed for is the one its heading names (the congress is signed
    for by its presidium), but the first conference's counting documents, which its counting
    board signs."""
    congress = tree.bloc_congress
    issuer = document_heading(congress, kind).issuer
    authority = document_signature(congress, kind).lines[0]
    expected = {"ĐẠI HỘI ĐẠI BIỂU LẦN THỨ X": "T/M ĐOÀN CHỦ TỊCH",
                CREDENTIALS_COMMITTEE: "T/M BAN THẨM TRA",
                "BAN KIỂM PHIẾU": "T/M BAN KIỂM PHIẾU",
                "Đảng ủy Khối Chính quyền huyện": "T/M ĐẢNG ỦY",
                "BAN CHẤP HÀNH KHÓA X": "T/M BAN KIỂM PHIẾU"}
    assert expected[issuer] == authority
