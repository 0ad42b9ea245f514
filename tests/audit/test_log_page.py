"""The audit log page: an office sees its organization's entries (not another committee's),
filtered and paged, with the chain's state."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from daihoi.audit import selectors
from daihoi.audit.models import AuditEntry
from daihoi.roster import services
from tests.conftest import PASSWORD, World, make_member


@pytest.fixture
def office(client: Client, world: World) -> Client:
    assert client.login(username=world.office.username, password=PASSWORD)
    return client


def test_the_office_sees_its_entries_and_not_another_committees(office: Client,
                                                                world: World) -> None:
    mine = make_member(world.cell_a, given_name="Mới", card_number="10000077")
    theirs = make_member(world.other_cell, given_name="Khác", card_number="20000077")
    html = office.get(reverse("audit:log", args=[world.committee.code])).content.decode()
    assert mine.full_name in html
    assert theirs.full_name not in html
    assert 'id="chain-state" data-intact="1"' in html


def test_entries_filter_by_area_text_and_actor(world: World) -> None:
    services.agency_create(actor=world.office, name="Phòng Tư pháp", code="PTP",
                           organization=world.committee)
    make_member(world.cell_a, given_name="Lọc", card_number="10000078")
    all_entries = selectors.entries_for(world.committee)
    seqs = list(all_entries.values_list("seq", flat=True))
    assert seqs == sorted(seqs, reverse=True)  # newest first
    by_area = selectors.entries_for(world.committee, area="roster")
    assert by_area.count() == all_entries.filter(action__startswith="roster.").count() > 0
    assert [e.summary for e in selectors.entries_for(world.committee, query="tư pháp")] == [
        AuditEntry.objects.get(action="roster.agency_create", summary__contains="Tư pháp").summary]
    by_actor = selectors.entries_for(world.committee, actor="office")
    assert by_actor.count() >= 1
    assert all(e.actor_name == "office" for e in by_actor)
    assert selectors.entries_for(world.committee, area="no-such-area").count() == \
        all_entries.count()


def test_pages_hold_fifty_entries(office: Client, world: World) -> None:
    for i in range(60):
        make_member(world.cell_b, given_name=f"Trang{i}", card_number=f"4000{i:04d}")
    url = reverse("audit:log", args=[world.committee.code])
    first = office.get(url).content.decode()
    second = office.get(url, {"trang": 2}).content.decode()
    assert first.count("data-seq=") == 50
    total = selectors.entries_for(world.committee).count()
    assert second.count("data-seq=") == min(50, total - 50)


def test_a_tampered_entry_is_shown_at_once_on_the_page(office: Client, world: World,
                                                       settings: object) -> None:
    entry = AuditEntry.objects.filter(organization=world.committee).order_by("seq").first()
    assert entry is not None
    with connection.cursor() as cursor:  # an edit outside daihoi: no audited write follows
        cursor.execute("UPDATE audit_auditentry SET summary = %s WHERE id = %s",
                       ["sửa lén", entry.pk])
    from django.core.cache import cache

    cache.clear()  # as after the minute the check is kept
    html = office.get(reverse("audit:log", args=[world.committee.code])).content.decode()
    assert 'data-intact="0"' in html
    assert f"#{entry.seq}: nội dung đã bị sửa" in html


def test_only_an_office_of_the_organization_sees_its_log(client: Client, world: World) -> None:
    url = reverse("audit:log", args=[world.committee.code])
    for user in (world.secretary_a, world.member_user, world.outsider):
        client.force_login(user)
        assert client.get(url).status_code in (403, 404), user


def test_the_page_shows_the_check_code_printed_on_the_minutes(office: Client,
                                                              world: World) -> None:
    from django.core.cache import cache

    cache.clear()
    html = office.get(reverse("audit:log", args=[world.committee.code])).content.decode()
    assert selectors.audit_head().short in html


def test_an_edit_shows_as_a_sentence_with_what_changed_and_no_action_code(
    office: Client, world: World
) -> None:
    member = make_member(world.cell_a, given_name="Mai", card_number="10000078")
    services.member_update(actor=world.office, member=member,
                           expected_version=member.version,
                           changes={"given_name": "Lan", "gender": "female"})
    html = office.get(reverse("audit:log", args=[world.committee.code])).content.decode()
    text = " ".join(html.split())
    assert "Tên: <del>Mai</del> → <ins>Lan</ins>" in text
    assert "Giới tính: <del>Nam</del> → <ins>Nữ</ins>" in text
    assert ">roster.member_update<" not in text  # the code is a tooltip, not text
