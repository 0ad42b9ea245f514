"""Per-organization counts over a tree of any depth."""

from __future__ import annotations

import datetime as dt
from io import StringIO

from django.core.management import call_command

from daihoi.roster import services
from daihoi.roster.choices import OrgKind
from daihoi.roster.models import Agency, Member, Organization
from daihoi.roster.selectors import (
    on_roll,
    organization_stats,
    paginate_members,
    search_members,
)
from tests.conftest import World, make_member


def _brute_force(org: Organization) -> tuple[int, int, int, int]:
    """Cells, full members, probationary members, agencies of ``org``'s subtree, counted
    directly."""
    subtree = Organization.objects.filter(path__startswith=org.path)
    members = on_roll(Member.objects.filter(cell__in=subtree))
    return (subtree.filter(kind=OrgKind.CELL).count(),
            members.filter(full_member_on__isnull=False).count(),
            members.filter(full_member_on__isnull=True).count(),
            Agency.objects.filter(organization__in=subtree).count())


def test_each_organization_counts_its_whole_subtree_at_any_depth(world: World) -> None:
    org = services.organization_create
    part = org(actor=None, kind=OrgKind.SUB_COMMITTEE, name="Đảng bộ bộ phận C", code="T-A-C",
               parent=world.committee)
    deep = org(actor=None, kind=OrgKind.SUB_COMMITTEE, name="Đảng bộ bộ phận C1",
               code="T-A-C1", parent=part)
    cell_c = org(actor=None, kind=OrgKind.CELL, name="Chi bộ C1a", code="T-A-C1a", parent=deep)
    cell_d = org(actor=None, kind=OrgKind.CELL, name="Chi bộ C2", code="T-A-C2", parent=part)
    for i in range(3):
        make_member(cell_c, given_name=f"Em{i}", card_number=f"5000000{i}")
    make_member(cell_d, given_name="Thử", full_member_on=None, card_number="")
    gone = make_member(cell_d, given_name="Đi", card_number="50000009")
    services.member_status_change(actor=None, member=gone, expected_version=gone.version,
                                  status="transferred_out", effective_on=dt.date(2020, 1, 2))
    for code, where in (("AG1", world.committee), ("AG2", part), ("AG3", deep)):
        services.agency_create(actor=None, name=f"Cơ quan {code}", code=code,
                               organization=where)

    stats = {s.code: s for s in organization_stats()}
    for o in Organization.objects.all():
        s = stats[o.code]
        assert (s.cells, s.full_members, s.probationary, s.agencies) == _brute_force(o), o.code
        assert s.members == s.full_members + s.probationary
    assert (stats["T-A-C"].cells, stats["T-A-C"].members, stats["T-A-C"].agencies) == (2, 4, 2)
    assert (stats["T-A"].cells, stats["T-A"].members) == (4, 6)
    assert stats["T-HU"].members == 7  # both committees
    # below a root: the same figures for the organizations of its subtree only
    assert {s.code: s for s in organization_stats(part)} == {
        c: stats[c] for c in ("T-A-C", "T-A-C1", "T-A-C1a", "T-A-C2")}


def test_the_stats_table_prints_each_organizations_code_for_the_org_option(world: World) -> None:
    out = StringIO()
    call_command("roster", "stats", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].split()[:2] == ["Mã", "Tổ"]
    first_words = {line.split()[0]: line for line in lines[2:]}
    assert set(first_words) == set(Organization.objects.values_list("code", flat=True))
    assert "Chi bộ A1" in first_words["T-A1"]


def _search_names(query: str) -> list[str]:
    page = paginate_members(search_members(Member.objects.filter(family_name="Lò"), query),
                            1, per_page=50)
    return [m.given_name for m in page.object_list]


def _name_cast(world: World) -> None:
    for i, given in enumerate(["Thanh", "Anh", "Hạnh", "Ánh", "Oanh", "Ảnh", "Mai Ánh"]):
        make_member(world.cell_a, family_name="Lò", middle_name="Thị", given_name=given,
                    gender="female", card_number=f"7100000{i}")


def test_a_search_with_diacritics_ranks_the_exact_name_first(world: World) -> None:
    _name_cast(world)
    assert _search_names("Ánh") == ["Ánh", "Mai Ánh", "Anh", "Ảnh", "Hạnh", "Oanh", "Thanh"]
    assert _search_names("ánh")[:2] == ["Ánh", "Mai Ánh"]


def test_a_search_without_diacritics_still_finds_every_spelling_whole_words_first(
        world: World) -> None:
    _name_cast(world)
    # Whole words first (any diacritics), then the letters as typed inside a name, then the
    # rest.
    assert _search_names("anh") == ["Anh", "Ảnh", "Ánh", "Mai Ánh", "Oanh", "Thanh", "Hạnh"]


def test_a_search_of_1000_characters_is_cut_and_answers(world: World) -> None:
    _name_cast(world)
    assert _search_names("Ánh" + " x" * 500) == []
    assert _search_names("a" * 1000) == []
