"""A full member must have a party card number (``roster.rules.card_number_error``): the same
input is refused by the services that create and edit a member, by the member form and by the
importer, in the same words; a probationary member (no full-member date) needs none."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from daihoi.audit.models import AuditEntry
from daihoi.core.errors import ServiceError
from daihoi.roster import services
from daihoi.roster.models import Member
from daihoi.roster.rules import card_number_error
from tests.conftest import World, make_member
from tests.roster.test_importing import assert_rejected, row, xlsx
from tests.roster.test_views import _login, _valid_post

MESSAGE = "Đảng viên chính thức (có ngày chính thức) phải có số thẻ đảng viên."
FULL = dt.date(2006, 3, 26)


def test_the_rule_says_it_in_one_message() -> None:
    assert card_number_error(full_member_on=FULL, card_number=None) == MESSAGE
    assert card_number_error(full_member_on=FULL, card_number="   ") == MESSAGE
    assert card_number_error(full_member_on=FULL, card_number="1") is None
    assert card_number_error(full_member_on=None, card_number=None) is None


# --------------------------------------------------------------------------- the services


@pytest.mark.parametrize("card", [None, "", "   "])
def test_creating_a_full_member_without_a_card_is_refused(world: World, card: Any) -> None:
    before = (Member.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ServiceError) as exc:
        make_member(world.cell_a, full_member_on=FULL, card_number=card)
    assert exc.value.message == f"Số thẻ đảng viên: {MESSAGE}"
    assert (Member.objects.count(), AuditEntry.objects.count()) == before


def test_an_english_reader_is_refused_in_english_by_the_fields_label(world: World) -> None:
    """The rule's sentence is a template the page translates; the refusal names the field by
    its label in the reader's language, never by its code (``card_number``)."""
    from django.utils import translation

    with translation.override("en"), pytest.raises(ServiceError) as exc:
        make_member(world.cell_a, full_member_on=FULL, card_number=None)
    assert exc.value.message == ("Party card number: A full member (one with a full-member "
                                 "date) must have a party card number.")


def test_a_probationary_member_needs_no_card_and_a_full_member_with_one_is_added(
        world: World) -> None:
    probationary = make_member(world.cell_a, full_member_on=None, card_number=None)
    assert probationary.card_number is None
    full = make_member(world.cell_a, full_member_on=FULL, card_number="40000001")
    assert full.is_full_member()


def test_an_edit_making_a_member_full_without_a_card_is_refused_and_writes_nothing(
        world: World) -> None:
    member = make_member(world.cell_a, full_member_on=None, card_number=None)
    version, audits = member.version, AuditEntry.objects.count()
    with pytest.raises(ServiceError) as exc:
        services.member_update(actor=None, member=member, expected_version=version,
                               changes={"full_member_on": FULL})
    assert exc.value.message == f"Số thẻ đảng viên: {MESSAGE}"
    stored = Member.objects.get(pk=member.pk)
    assert (stored.full_member_on, stored.version) == (None, version)
    assert AuditEntry.objects.count() == audits
    member = services.member_update(actor=None, member=stored, expected_version=version,
                                    changes={"full_member_on": FULL, "card_number": "40000002"})
    assert Member.objects.get(pk=member.pk).full_member_on == FULL


def test_an_edit_taking_the_card_of_a_full_member_away_is_refused(world: World) -> None:
    member = world.member_a
    with pytest.raises(ServiceError, match="phải có số thẻ đảng viên"):
        services.member_update(actor=None, member=member, expected_version=member.version,
                               changes={"card_number": None})
    assert Member.objects.get(pk=member.pk).card_number == "10000001"


# --------------------------------------------------------------------------- the form


def test_the_form_refuses_a_full_member_without_a_card_at_the_card_field(
        client: Client, world: World) -> None:
    _login(client, world.office)
    count = Member.objects.count()
    response = client.post(reverse("roster:member_create", args=[world.committee.code]),
                           _valid_post(world, card_number=" "))
    assert response.status_code == 200
    assert response.context["form"].errors["card_number"] == [MESSAGE]  # at its field
    assert MESSAGE in response.content.decode()
    assert Member.objects.count() == count


def test_the_form_adds_a_probationary_member_without_a_card(
        client: Client, world: World) -> None:
    _login(client, world.office)
    response = client.post(reverse("roster:member_create", args=[world.committee.code]),
                           _valid_post(world, card_number="", full_member_on=""))
    assert response.status_code == 302
    member = Member.objects.get(given_name="Yến")
    assert (member.full_member_on, member.card_number) == (None, None)


def test_the_edit_form_refuses_to_clear_a_full_members_card(
        client: Client, world: World) -> None:
    _login(client, world.office)
    member = world.member_a
    post = _valid_post(world, card_number="", full_member_on="26/03/2006",
                       version=member.version)
    post.pop("cell")
    response = client.post(reverse("roster:member_edit", args=[member.pk]), post)
    assert response.status_code == 200
    assert response.context["form"].errors["card_number"] == [MESSAGE]
    assert MESSAGE in response.content.decode()
    assert Member.objects.get(pk=member.pk).card_number == "10000001"


# --------------------------------------------------------------------------- the importer


def test_the_importer_refuses_the_same_row_in_the_same_words(world: World) -> None:
    assert_rejected(world, xlsx([row(**{"Số thẻ đảng viên": ""})]),
                    f"Dòng 2, cột “Số thẻ đảng viên”: {MESSAGE}")
