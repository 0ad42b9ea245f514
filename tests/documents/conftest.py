from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from daihoi import clock
from daihoi.congress import services as congress_services
from daihoi.roster import services as roster_services
from daihoi.roster.choices import RoleKind
from tests.conftest import PASSWORD, World, make_member
from tests.congress.factories import Preparation, at, make_preparation

#: The deadline of the consultation in these tests, and a moment before it.
DEADLINE = at(2020, 5, 20, 17)
BEFORE = DEADLINE - dt.timedelta(days=2)


@dataclass
class Docs:
    world: World
    prep: Preparation
    reviewer: Any  # a member of the documents sub-committee (a plain member otherwise)


@pytest.fixture
def docs(world: World) -> Docs:
    prep = make_preparation(world.committee, deadline=DEADLINE)
    drafter = make_member(world.cell_b, given_name="Hạnh", card_number="10000009")
    reviewer = roster_services.user_create_with_role(
        actor=None, username="reviewer", password=PASSWORD, organization=world.cell_b,
        kind=RoleKind.MEMBER, member=drafter)
    congress_services.subcommittee_member_add(actor=None, subcommittee=prep.subcommittee,
                                              member=drafter, role="Thành viên")
    return Docs(world, prep, reviewer)


@pytest.fixture
def before_deadline() -> Any:
    with clock.frozen(BEFORE):
        yield BEFORE
