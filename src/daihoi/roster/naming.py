"""The names the Party's documents give an organization's bodies, in one place: the committee
that leads an organization ("Đảng bộ huyện Tân Lập" → "Huyện ủy Tân Lập"). Pure Python.

The member list's heading (``roster.printing``) and every document of a congress
(``congress.issuers``) name the committee with :func:`committee_name_of`."""

from __future__ import annotations

#: "Đảng bộ huyện X" → "Huyện ủy X": the committee of a territorial Đảng bộ bears the unit's name.
_TERRITORIAL = (("tỉnh", "Tỉnh ủy"), ("thành phố", "Thành ủy"), ("huyện", "Huyện ủy"),
                ("quận", "Quận ủy"), ("thị xã", "Thị ủy"), ("xã", "Đảng ủy xã"),
                ("phường", "Đảng ủy phường"), ("thị trấn", "Đảng ủy thị trấn"))
_PARTY_BODY = "đảng bộ"


def committee_name_of(name: str) -> str:
    """The committee that leads an organization: "Đảng bộ Khối Chính quyền huyện" → "Đảng ủy
    Khối Chính quyền huyện", "Đảng bộ huyện Tân Lập" → "Huyện ủy Tân Lập", "Đảng bộ bộ phận X"
    → "Đảng ủy bộ phận X"; a cell (chi bộ) is led by itself, so keeps its name."""
    if not name.lower().startswith(_PARTY_BODY):
        return name
    rest = name[len(_PARTY_BODY):].strip()
    for unit, committee in _TERRITORIAL:
        if rest.lower() == unit or rest.lower().startswith(unit + " "):
            return f"{committee} {rest[len(unit):].strip()}".strip()
    return f"Đảng ủy {rest}".strip()


def signing_body_of(name: str, *, cell: bool) -> str:
    """The collective body a committee's document is signed for ("T/M …"), short, as the
    heading names it in full: "ĐẢNG ỦY", "HUYỆN ỦY", "THÀNH ỦY"; "CHI BỘ" for a cell."""
    if cell:
        return "CHI BỘ"
    committee = committee_name_of(name)
    end = committee.lower().find("ủy")
    return (committee[:end + 2] if end >= 0 else committee).upper()
