"""R-073 at the summons: a member's status on the congress's date decides, read from the status
history (suspended the day before the opening: not summoned; the day after: summoned)."""

from __future__ import annotations

import datetime as dt

import pytest

from daihoi.delegates import services
from daihoi.delegates.models import DelegateStatus
from daihoi.roster import services as roster_services
from tests.conftest import World, make_member
from tests.delegates.factories import delegates_congress

pytestmark = pytest.mark.django_db

OPENING = dt.date(2020, 6, 10)  # delegates_congress opens on 10/06/2020


@pytest.mark.parametrize(("effective", "status"), [
    (OPENING - dt.timedelta(days=1), DelegateStatus.NOT_SUMMONED),
    (OPENING + dt.timedelta(days=1), DelegateStatus.SUMMONED),
])
def test_a_suspension_counts_only_if_dated_before_the_opening(
        world: World, effective: dt.date, status: str) -> None:
    congress = delegates_congress(world.committee)
    member = make_member(world.cell_a, given_name="Tám", card_number="55500001")
    roster_services.member_status_change(actor=None, member=member,
                                         expected_version=member.version, status="suspended",
                                         effective_on=effective)
    delegate = services.delegate_add(actor=None, congress=congress, member=member,
                                     source="elected")
    assert delegate.status == status
