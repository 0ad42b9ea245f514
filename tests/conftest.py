"""The cast of the test suite: an office admin, a cell secretary, a member, and an outsider
from another committee who must see nothing."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any

import pytest

from daihoi.roster import services
from daihoi.roster.choices import Gender, OrgKind, RoleKind
from daihoi.roster.models import Member, Organization

PASSWORD = "mat-khau-thu-nghiem-2020"


_cards = itertools.count(70_000_001)


def make_member(cell: Organization, **overrides: Any) -> Member:
    """A valid member of ``cell``; any field can be overridden. A full member gets a card
    number of their own unless one is given (``roster.rules.card_number_error``)."""
    fields: dict[str, Any] = {
        "family_name": "Nguyễn",
        "middle_name": "Văn",
        "given_name": "An",
        "gender": Gender.MALE,
        "date_of_birth": dt.date(1980, 5, 17),
        "ethnicity": "Kinh",
        "admitted_on": dt.date(2005, 3, 26),
        "full_member_on": dt.date(2006, 3, 26),
    }
    fields.update(overrides)
    if "card_number" not in overrides and fields["full_member_on"] is not None:
        fields["card_number"] = f"{next(_cards):08d}"
    return services.member_create(actor=None, cell=cell, **fields)


@dataclass
class World:
    district: Organization
    committee: Organization
    cell_a: Organization
    cell_b: Organization
    other_committee: Organization
    other_cell: Organization
    member_a: Member
    member_b: Member
    other_member: Member
    office: Any
    secretary_a: Any
    member_user: Any
    outsider: Any


@pytest.fixture
def world(db: Any) -> World:
    return make_world()


def make_world() -> World:
    """The world of the ``world`` fixture, in whatever database is current (the security
    sweep builds it outside pytest)."""
    org = services.organization_create
    district = org(actor=None, kind=OrgKind.UPPER, name="Đảng bộ huyện", code="T-HU", parent=None)
    committee = org(actor=None, kind=OrgKind.COMMITTEE, name="Đảng bộ Khối A", code="T-A",
                    parent=district)
    cell_a = org(actor=None, kind=OrgKind.CELL, name="Chi bộ A1", code="T-A1", parent=committee)
    cell_b = org(actor=None, kind=OrgKind.CELL, name="Chi bộ A2", code="T-A2", parent=committee)
    other = org(actor=None, kind=OrgKind.COMMITTEE, name="Đảng bộ Khối B", code="T-B",
                parent=district)
    other_cell = org(actor=None, kind=OrgKind.CELL, name="Chi bộ B1", code="T-B1", parent=other)
    member_a = make_member(cell_a, given_name="Bình", card_number="10000001")
    member_b = make_member(cell_b, given_name="Cường", card_number="10000002")
    other_member = make_member(other_cell, given_name="Dũng", card_number="20000001")
    user = services.user_create_with_role
    office = user(actor=None, username="office", password=PASSWORD, organization=committee,
                  kind=RoleKind.OFFICE_ADMIN)
    secretary_a = user(actor=None, username="secretary_a", password=PASSWORD,
                       organization=cell_a, kind=RoleKind.CELL_SECRETARY)
    member_user = user(actor=None, username="member_a", password=PASSWORD, organization=cell_a,
                       kind=RoleKind.MEMBER, member=member_a)
    outsider = user(actor=None, username="outsider", password=PASSWORD, organization=other,
                    kind=RoleKind.OFFICE_ADMIN)
    member_a.refresh_from_db()
    return World(district, committee, cell_a, cell_b, other, other_cell, member_a, member_b,
                 other_member, office, secretary_a, member_user, outsider)




@pytest.fixture(autouse=True)
def _vietnamese_between_tests() -> Any:
    """Each test starts in the default language: a request of an English reader activates
    English in the thread (as every request activates its reader's language), and code that
    runs outside a request (services, selectors) speaks the active language."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
