from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from daihoi.audit.models import AuditEntry
from daihoi.audit.services import audit_verify
from daihoi.core.errors import ConflictError, ServiceError
from daihoi.roster import services
from daihoi.roster.choices import MemberStatus
from daihoi.roster.models import Member
from tests.conftest import World, make_member


def test_creating_a_member_records_history_sort_key_and_audit(world: World) -> None:
    before = AuditEntry.objects.count()
    m = make_member(world.cell_a, family_name="Đặng", middle_name="Thị", given_name="Ánh")
    assert m.search_text == "dang thi anh"
    assert m.sort_key
    assert list(m.status_changes.values_list("status", flat=True)) == [MemberStatus.ACTIVE]
    assert AuditEntry.objects.count() == before + 1
    assert audit_verify()[1] == []


def test_the_second_of_two_concurrent_edits_is_refused_and_nothing_is_overwritten(
    world: World,
) -> None:
    first = Member.objects.get(pk=world.member_b.pk)
    second = Member.objects.get(pk=world.member_b.pk)
    services.member_update(actor=None, member=first, expected_version=first.version,
                           changes={"position": "Trưởng phòng"})
    with pytest.raises(ConflictError):
        services.member_update(actor=None, member=second, expected_version=second.version,
                               changes={"position": "Phó Trưởng phòng"})
    stored = Member.objects.get(pk=world.member_b.pk)
    assert stored.position == "Trưởng phòng"
    assert stored.version == 2


def test_a_stale_version_is_refused_even_if_the_row_was_reloaded(world: World) -> None:
    m = Member.objects.get(pk=world.member_b.pk)
    services.member_update(actor=None, member=m, expected_version=1, changes={"position": "X"})
    fresh = Member.objects.get(pk=world.member_b.pk)
    with pytest.raises(ConflictError):
        services.member_update(actor=None, member=fresh, expected_version=1,
                               changes={"position": "Y"})
    assert Member.objects.get(pk=world.member_b.pk).position == "X"


def test_an_update_with_an_invalid_record_writes_nothing(world: World) -> None:
    m = Member.objects.get(pk=world.member_b.pk)
    audit_before = AuditEntry.objects.count()
    with pytest.raises(ServiceError) as exc:
        services.member_update(actor=None, member=m, expected_version=1,
                               changes={"full_member_on": dt.date(2000, 1, 1)})
    assert "Ngày chính thức" in exc.value.message
    assert Member.objects.get(pk=m.pk).full_member_on == dt.date(2006, 3, 26)
    assert AuditEntry.objects.count() == audit_before


def test_moving_a_member_records_the_change(world: World) -> None:
    m = world.member_b
    services.member_move(actor=None, member=m, expected_version=m.version, to_cell=world.cell_a,
                         effective_on=dt.date(2020, 5, 1), note="Điều động")
    m.refresh_from_db()
    assert m.cell == world.cell_a
    change = m.cell_changes.get()
    assert (change.from_cell, change.to_cell) == (world.cell_b, world.cell_a)


def test_a_member_cannot_be_moved_to_a_committee(world: World) -> None:
    m = world.member_b
    with pytest.raises(ServiceError):
        services.member_move(actor=None, member=m, expected_version=m.version,
                             to_cell=world.committee, effective_on=dt.date(2020, 5, 1))


def test_status_history_keeps_dates_in_order(world: World) -> None:
    m = world.member_b
    services.member_status_change(actor=None, member=m, expected_version=m.version,
                                  status=MemberStatus.SUSPENDED, effective_on=dt.date(2020, 5, 1))
    with pytest.raises(ServiceError):
        services.member_status_change(actor=None, member=m, expected_version=m.version,
                                      status=MemberStatus.ACTIVE,
                                      effective_on=dt.date(2020, 4, 30))
    services.member_status_change(actor=None, member=m, expected_version=m.version,
                                  status=MemberStatus.ACTIVE, effective_on=dt.date(2020, 5, 1))
    assert list(m.status_changes.values_list("status", flat=True)) == [
        MemberStatus.ACTIVE, MemberStatus.SUSPENDED, MemberStatus.ACTIVE
    ]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"full_member_on": dt.date(2005, 3, 25)}, "full_member_on"),
        ({"admitted_on": dt.date(1998, 5, 16)}, "admitted_on"),
        ({"ethnicity": "Klingon"}, "ethnicity"),
        ({"date_of_birth": dt.date(2999, 1, 1)}, "date_of_birth"),
    ],
)
def test_it_rejects_an_inconsistent_record(world: World, overrides: dict[str, Any],
                                           field: str) -> None:
    count = Member.objects.count()
    with pytest.raises(ServiceError) as exc:
        make_member(world.cell_a, **overrides)
    label = str(Member._meta.get_field(field).verbose_name)
    assert exc.value.message.startswith(f"{label[0].upper()}{label[1:]}: ")  # never the code
    assert field not in exc.value.message
    assert Member.objects.count() == count


def test_admission_at_exactly_18_is_accepted(world: World) -> None:
    m = make_member(world.cell_a, date_of_birth=dt.date(1980, 5, 17),
                    admitted_on=dt.date(1998, 5, 17), full_member_on=None, card_number=None)
    assert not m.is_full_member()


def test_a_duplicate_card_number_is_refused(world: World) -> None:
    with pytest.raises(ServiceError):
        make_member(world.cell_a, card_number=world.member_a.card_number)


def test_a_name_with_right_to_left_and_zero_width_characters_is_stored_clean_and_found(
    world: World,
) -> None:
    from daihoi.roster.selectors import search_members

    member = make_member(world.cell_a, family_name="Tr\u202e\u1ea7n", middle_name="Th\u200bị",
                         given_name="\ufeffHoa\u2066\u0007", card_number="30000001")
    member.refresh_from_db()
    assert (member.family_name, member.middle_name, member.given_name) == ("Trần", "Thị", "Hoa")
    found = search_members(Member.objects.all(), "Trần Thị Hoa")
    assert list(found) == [member]
    services.member_update(actor=None, member=member, expected_version=1,
                           changes={"given_name": "H\u200do\u202ba"})
    member.refresh_from_db()
    assert member.given_name == "Hoa"
    assert list(search_members(Member.objects.all(), "tran thi hoa")) == [member]


def test_an_organization_and_an_agency_name_are_stored_clean(world: World) -> None:
    org = services.organization_create(actor=None, kind="cell", name="Chi bộ\u202e Y\u200b tế",
                                       code="YT", parent=world.committee)
    agency = services.agency_create(actor=None, name="\u2067Phòng\u00a0Y tế\x00",
                                    code="PYT", organization=world.committee)
    assert org.name == "Chi bộ Y tế"
    assert agency.name == "Phòng Y tế"
