"""The committee that leads an organization, named from the organization's name (one rule for
the member list and every congress document)."""

from __future__ import annotations

import pytest

from daihoi.roster.naming import committee_name_of, signing_body_of


@pytest.mark.parametrize(("name", "committee"), [
    ("Đảng bộ huyện", "Huyện ủy"),
    ("Đảng bộ huyện Tân Lập", "Huyện ủy Tân Lập"),
    ("Đảng bộ tỉnh Phú Thọ", "Tỉnh ủy Phú Thọ"),
    ("Đảng bộ Khối Chính quyền huyện", "Đảng ủy Khối Chính quyền huyện"),
    ("Đảng bộ xã Tân Phú", "Đảng ủy xã Tân Phú"),
    ("Đảng bộ bộ phận Phòng Nội vụ", "Đảng ủy bộ phận Phòng Nội vụ"),
    ("Chi bộ Phòng Tư pháp", "Chi bộ Phòng Tư pháp"),
    ("chi bộ xã Đảng bộ", "chi bộ xã Đảng bộ"),  # the rule reads the name's start only
])
def test_the_committee_of_an_organization_is_named_from_its_name(name: str, committee: str
                                                                 ) -> None:
    assert committee_name_of(name) == committee


@pytest.mark.parametrize(("name", "cell", "body"), [
    ("Đảng bộ huyện Tân Lập", False, "HUYỆN ỦY"),
    ("Đảng bộ thành phố Việt Trì", False, "THÀNH ỦY"),
    ("Đảng bộ Khối Chính quyền huyện", False, "ĐẢNG ỦY"),
    ("Đảng bộ xã Tân Phú", False, "ĐẢNG ỦY"),
    ("Chi bộ Phòng Tư pháp", True, "CHI BỘ"),
])
def test_a_committee_document_is_signed_for_the_committee_named_short(
        name: str, cell: bool, body: str) -> None:
    assert signing_body_of(name, cell=cell) == body
