from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from daihoi.audit.models import AuditEntry
from daihoi.roster import services
from daihoi.roster.models import Member
from tests.conftest import PASSWORD, World


def _login(client: Client, user: Any) -> None:
    assert client.login(username=user.username, password=PASSWORD)


def _valid_post(world: World, **overrides: Any) -> dict[str, Any]:
    data = {
        "family_name": "Hoàng", "middle_name": "Thị", "given_name": "Yến", "gender": "female",
        "date_of_birth": "1990-02-03", "ethnicity": "Tày", "religion": "Không",
        "home_town": "xã Tân Lập", "general_education": "upper_secondary",
        "qualification": "university", "specialty": "Kế toán", "political_theory": "elementary",
        "admitted_on": "2015-05-19", "full_member_on": "2016-05-19", "card_number": "30000001",
        "agency": "", "position": "Chuyên viên", "cell": world.cell_a.pk,
    }
    data.update(overrides)
    return data


def test_the_office_adds_a_member(client: Client, world: World) -> None:
    _login(client, world.office)
    response = client.post(reverse("roster:member_create", args=[world.committee.code]),
                           _valid_post(world))
    member = Member.objects.get(card_number="30000001")
    assert response.status_code == 302
    assert response["Location"] == reverse("roster:member_detail", args=[member.pk])
    assert member.cell == world.cell_a


def test_a_form_with_bad_values_shows_every_error_and_saves_nothing(
    client: Client, world: World
) -> None:
    _login(client, world.office)
    count, audits = Member.objects.count(), AuditEntry.objects.count()
    response = client.post(
        reverse("roster:member_create", args=[world.committee.code]),
        _valid_post(world, date_of_birth="1990-02-30", full_member_on="2010-01-01",
                    given_name="", card_number=world.member_a.card_number),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('class="error"') >= 3
    assert "Ngày chính thức không được trước ngày vào Đảng." in page
    assert Member.objects.count() == count
    assert AuditEntry.objects.count() == audits


def test_the_office_cannot_put_a_member_into_another_committees_cell(
    client: Client, world: World
) -> None:
    _login(client, world.office)
    client.post(reverse("roster:member_create", args=[world.committee.code]),
                _valid_post(world, cell=world.other_cell.pk))
    assert not Member.objects.filter(card_number="30000001").exists()


def test_a_stale_edit_answers_409_and_keeps_the_newer_record(client: Client, world: World) -> None:
    _login(client, world.office)
    url = reverse("roster:member_edit", args=[world.member_a.pk])
    form = {**_valid_post(world), "card_number": world.member_a.card_number, "version": 1}
    form.pop("cell")
    first = client.post(url, {**form, "position": "Trưởng phòng"})
    assert first.status_code == 302
    second = client.post(url, {**form, "position": "Văn thư"})
    assert second.status_code == 409
    assert "vừa được người khác sửa" in second.content.decode()
    assert Member.objects.get(pk=world.member_a.pk).position == "Trưởng phòng"


def test_the_office_records_a_status_change(client: Client, world: World) -> None:
    _login(client, world.office)
    url = reverse("roster:member_status", args=[world.member_b.pk])
    response = client.post(url, {"version": 1, "status": "exempted",
                                 "effective_on": "2020-01-06", "note": "Tuổi cao"})
    assert response.status_code == 302
    assert Member.objects.get(pk=world.member_b.pk).status == "exempted"


def test_the_office_moves_a_member(client: Client, world: World) -> None:
    _login(client, world.office)
    url = reverse("roster:member_move", args=[world.member_b.pk])
    response = client.post(url, {"version": 1, "to_cell": world.cell_a.pk,
                                 "effective_on": "2020-01-06"})
    assert response.status_code == 302
    assert Member.objects.get(pk=world.member_b.pk).cell == world.cell_a


def test_search_finds_names_without_diacritics(client: Client, world: World) -> None:
    _login(client, world.office)
    url = reverse("roster:member_list", args=[world.committee.code])
    page = client.get(url, {"q": "cuong"}).content.decode()
    assert world.member_b.full_name in page
    assert world.member_a.full_name not in page


def test_the_search_fragment_is_the_same_template_as_the_page(client: Client, world: World) -> None:
    _login(client, world.office)
    url = reverse("roster:member_list", args=[world.committee.code])
    response = client.get(url, {"q": "binh"}, headers={"HX-Request": "true",
                                                       "HX-Target": "member-rows"})
    page = response.content.decode()
    assert "<html" not in page
    assert world.member_a.full_name in page


def test_the_member_list_is_in_vietnamese_name_order(client: Client, world: World) -> None:
    from tests.conftest import make_member

    make_member(world.cell_a, family_name="Lê", given_name="Đức", card_number="1")
    make_member(world.cell_a, family_name="Bùi", given_name="Dung", card_number="2")
    make_member(world.cell_a, family_name="Trần", given_name="Ân", card_number="3")
    _login(client, world.office)
    page = client.get(reverse("roster:member_list", args=[world.cell_a.code])).content.decode()
    order = ["Trần Văn Ân", "Nguyễn Văn Bình", "Bùi Văn Dung", "Lê Văn Đức"]
    positions = [page.index(n) for n in order]
    assert positions == sorted(positions)


def test_the_member_list_runs_a_fixed_number_of_queries(
    client: Client, world: World, django_assert_max_num_queries: Any
) -> None:
    from tests.conftest import make_member

    for i in range(30):
        make_member(world.cell_a, given_name=f"Tên{i}", card_number=f"9{i:05d}")
    _login(client, world.office)
    with django_assert_max_num_queries(10):
        client.get(reverse("roster:member_list", args=[world.committee.code]))


def test_the_member_form_reads_dates_day_first_and_refuses_31_february(
    client: Client, world: World
) -> None:
    _login(client, world.office)
    url = reverse("roster:member_create", args=[world.committee.code])
    count = Member.objects.count()
    page = client.post(url, _valid_post(world, date_of_birth="31/02/1980")).content.decode()
    assert "Ngày 31/02/1980 không có trên lịch: tháng 2 năm 1980 có 29 ngày." in page
    assert 'value="31/02/1980"' in page
    assert Member.objects.count() == count
    response = client.post(url, _valid_post(world, date_of_birth="07/04/2001",
                                            admitted_on="19/05/2021", full_member_on=""))
    assert response.status_code == 302
    member = Member.objects.get(card_number="30000001")
    assert str(member.date_of_birth) == "2001-04-07"
    edit = client.get(reverse("roster:member_edit", args=[member.pk])).content.decode()
    assert 'value="07/04/2001"' in edit
    assert 'placeholder="dd/mm/yyyy"' in edit


# ------------------------------------------------------------ dossier and citizen numbers

CITIZEN_ID = "001090001234"


def test_the_dossier_and_citizen_numbers_are_saved_from_the_form_and_shown_on_the_member_page(
    client: Client, world: World
) -> None:
    _login(client, world.office)
    form_page = client.get(reverse("roster:member_create", args=[world.committee.code]))
    assert 'name="dossier_number"' in form_page.content.decode()
    assert 'name="citizen_id"' in form_page.content.decode()
    response = client.post(
        reverse("roster:member_create", args=[world.committee.code]),
        _valid_post(world, dossier_number=" LL-0042 ", citizen_id="001 090.001 234"),
    )
    assert response.status_code == 302
    member = Member.objects.get(card_number="30000001")
    assert (member.dossier_number, member.citizen_id) == ("LL-0042", CITIZEN_ID)
    page = client.get(reverse("roster:member_detail", args=[member.pk])).content.decode()
    assert "<dt>Số lý lịch đảng viên</dt><dd>LL-0042</dd>" in page
    assert f"<dt>Số CCCD (số định danh cá nhân)</dt><dd>{CITIZEN_ID}</dd>" in page


def test_the_dossier_and_citizen_numbers_are_edited_on_the_member_form(
    client: Client, world: World
) -> None:
    _login(client, world.office)
    url = reverse("roster:member_edit", args=[world.member_a.pk])
    form = {**_valid_post(world), "card_number": world.member_a.card_number, "version": 1,
            "dossier_number": "LL-7", "citizen_id": CITIZEN_ID}
    form.pop("cell")
    assert client.post(url, form).status_code == 302
    # Saved again with its own numbers: not "taken" by itself.
    assert client.post(url, {**form, "version": 2, "position": "Văn thư"}).status_code == 302
    member = Member.objects.get(pk=world.member_a.pk)
    assert (member.dossier_number, member.citizen_id, member.position) == (
        "LL-7", CITIZEN_ID, "Văn thư")
    cleared = client.post(url, {**form, "version": 3, "dossier_number": "", "citizen_id": ""})
    assert cleared.status_code == 302
    member.refresh_from_db()
    assert (member.dossier_number, member.citizen_id) == ("", "")


@pytest.mark.parametrize(
    ("typed", "accepted"),
    [
        (CITIZEN_ID, True),
        ("00109000123", False),  # 11 digits
        ("0010900012345", False),  # 13 digits
        ("123456789", False),  # an old 9-digit identity card (CMND)
        ("00109000123A", False),
        ("００１０９０００１２３４", False),  # full-width digits are not the 12 digits
    ],
)
def test_a_citizen_id_has_exactly_12_digits(
    client: Client, world: World, typed: str, accepted: bool
) -> None:
    _login(client, world.office)
    response = client.post(reverse("roster:member_create", args=[world.committee.code]),
                           _valid_post(world, citizen_id=typed))
    assert Member.objects.filter(card_number="30000001").exists() is accepted
    if not accepted:
        assert response.status_code == 200
        assert ("Số CCCD (số định danh cá nhân) gồm đúng 12 chữ số; số CMND 9 chữ số cũ không "
                "còn dùng.") in response.content.decode()


def test_dossier_and_citizen_numbers_are_unique_within_the_committee_only(
    client: Client, world: World
) -> None:
    Member.objects.filter(pk=world.member_b.pk).update(dossier_number="LL-9",
                                                       citizen_id=CITIZEN_ID)
    _login(client, world.office)
    count, audits = Member.objects.count(), AuditEntry.objects.count()
    response = client.post(
        reverse("roster:member_create", args=[world.committee.code]),
        _valid_post(world, dossier_number="LL-9", citizen_id=CITIZEN_ID),
    )
    page = response.content.decode()
    name = world.member_b.full_name
    assert f"Số lý lịch “LL-9” đã là của đồng chí {name} (Chi bộ A2) trong Đảng bộ Khối A." in page
    assert (f"Số CCCD “{CITIZEN_ID}” đã là của đồng chí {name} (Chi bộ A2) trong Đảng bộ "
            "Khối A.") in page
    assert (Member.objects.count(), AuditEntry.objects.count()) == (count, audits)
    # Another committee keeps its own numbers: the same ones are accepted there.
    other = services.member_create(
        actor=None, cell=world.other_cell, family_name="Lý", given_name="Hoa", gender="female",
        date_of_birth=dt.date(1990, 1, 1), admitted_on=dt.date(2015, 1, 1),
        dossier_number="LL-9", citizen_id=CITIZEN_ID,
    )
    assert other.citizen_id == CITIZEN_ID
