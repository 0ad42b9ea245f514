"""A second scan as the second reading (issue 15): a round may have two scan desks, never a
third; the head may choose "scan every ballot a second time" only once the round has its two
scan desks; the round page offers it then, and names it; the two scan desks are reconciled as
two keyed desks are (tests/scanning/test_second_scan.py reads real scans)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from daihoi.audit.models import AuditEntry
from daihoi.core.errors import ServiceError
from daihoi.elections import comparison, selectors, services
from daihoi.elections.models import SecondReadingMethod
from tests.conftest import World
from tests.elections.factories import Setup, make_election

pytestmark = pytest.mark.django_db

SECOND_SCAN = SecondReadingMethod.SECOND_SCAN


def closed_round(world: World, *, teams: int = 3) -> Setup:
    """Voting closed on 4 ballots, ``teams`` desks required, no desk yet; board users 1.. are
    free to take a desk (the head, user 0, keys nowhere)."""
    s = make_election(world.cell_a, seats=3, names=4, board=teams + 1)
    rnd = services.round_set_base(actor=None, rnd=s.round, summoned=4, deductions={},
                                  teams_required=teams)
    rnd = services.round_print(actor=None, rnd=rnd, count=4)
    rnd = services.round_issue_ballots(actor=None, rnd=rnd, issued=4)
    s.round = services.round_close_voting(actor=None, rnd=rnd, collected=4, present=4)
    return s


def _desk(s: Setup, team: int, *, scanned: bool) -> Any:
    return services.desk_assign(actor=None, rnd=s.round, user=s.board_users[team], team=team,
                                scanned=scanned)


def test_a_round_has_two_scan_desks_at_most(world: World) -> None:
    s = closed_round(world)
    assert selectors.MAX_SCAN_DESKS == 2
    _desk(s, 1, scanned=True)
    _desk(s, 2, scanned=True)  # the second: a second scan
    with pytest.raises(ServiceError, match="đã có 2 bàn quét phiếu"):
        _desk(s, 3, scanned=True)
    assert [d.team for d in selectors.scan_desks(s.round)] == [1, 2]
    _desk(s, 3, scanned=False)  # a keyed desk is still welcome


def test_a_second_scan_needs_the_round_s_two_scan_desks(world: World) -> None:
    s = closed_round(world)
    _desk(s, 1, scanned=True)
    _desk(s, 2, scanned=False)
    assert not selectors.second_scan_possible(s.round)
    with pytest.raises(ServiceError, match="cần hai bàn quét phiếu"):
        services.second_reading_choose(actor=s.head, rnd=s.round, method=SECOND_SCAN)
    assert selectors.second_reading_of(s.round) is None
    _desk(s, 3, scanned=True)
    assert selectors.second_scan_possible(s.round)
    reading = services.second_reading_choose(actor=s.head, rnd=s.round, method=SECOND_SCAN)
    assert (reading.method, reading.audited_desk, reading.audit_desk) == (SECOND_SCAN, None,
                                                                           None)
    assert not reading.is_audit
    assert selectors.audit_in_force(s.round) is None  # reconciled as every desk keyed
    entry = AuditEntry.objects.filter(action="election.second_reading").get()
    assert "Quét lại mọi phiếu lần thứ hai (bàn quét thứ hai)" in entry.summary
    assert comparison.method_line(reading, s.round) == (
        "Quét lại mọi phiếu lần thứ hai: bàn quét số 1 và bàn quét số 3 mỗi bàn quét riêng mọi "
        "phiếu qua máy quét, kết quả đọc được đối chiếu như các bàn nhập (3 bàn độc lập).")


def test_the_round_page_offers_the_second_scan_once_there_are_two_scan_desks(
        world: World) -> None:
    s = closed_round(world, teams=2)
    _desk(s, 1, scanned=True)
    head = Client()
    head.force_login(s.head)
    url = reverse("elections:round", args=[s.round.pk])
    page = head.get(url).content.decode()
    assert f'value="{SECOND_SCAN}"' not in page
    assert 'id="second-scan-needs-desk"' in page
    _desk(s, 2, scanned=True)
    page = head.get(url).content.decode()
    assert f'value="{SECOND_SCAN}"' in page
    response = head.post(reverse("elections:round_step", args=[s.round.pk]),
                         {"step": "second_reading", "method": SECOND_SCAN}, follow=True)
    assert response.status_code == 200
    reading = selectors.second_reading_of(s.round)
    assert reading is not None
    assert reading.method == SECOND_SCAN
    assert "Quét lại mọi phiếu lần thứ hai: bàn quét số 1 và bàn quét số 2" in (
        response.content.decode())
