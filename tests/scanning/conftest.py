"""A round being counted with a scan desk (team 1, a board member) and a keyed desk (team 2);
uploads, images and the scan folder under the test's own folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from daihoi.elections import services
from tests.conftest import World
from tests.elections.factories import Setup, make_election


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SCAN_INBOX = tmp_path / "inbox"
    return tmp_path


def scan_round(world: World, *, names: int = 6, seats: int = 5, collected: int = 5,
               issued: int | None = None, board: int = 3, technical_user: Any = None,
               kind: str = "committee", second_scan: bool = False) -> Setup:
    """An election of ``names`` names for ``seats`` counted on ``collected`` ballots: the
    scan desk is team 1 (board member 2, or ``technical_user`` as technical staff), the keyed
    desk team 2 (board member 3; with ``second_scan`` a second scan desk); the head (board
    member 1) keys nowhere."""
    s = make_election(world.cell_a, seats=seats, names=names, board=board, kind=kind)
    issued = issued if issued is not None else collected
    rnd = services.round_set_base(actor=None, rnd=s.round, summoned=max(issued, collected),
                                  deductions={}, teams_required=2)
    rnd = services.round_print(actor=None, rnd=rnd, count=max(issued, 1))
    rnd = services.round_issue_ballots(actor=None, rnd=rnd, issued=max(issued, 1))
    rnd = services.round_close_voting(actor=None, rnd=rnd, collected=collected,
                                      present=max(issued, collected))
    scanner = technical_user or s.board_users[1]
    s.desks = [
        services.desk_assign(actor=None, rnd=rnd, user=scanner, team=1, scanned=True,
                             technical_staff=technical_user is not None),
        services.desk_assign(actor=None, rnd=rnd, user=s.board_users[2], team=2,
                             scanned=second_scan),
    ]
    s.round = services.round_start_counting(actor=None, rnd=rnd)
    return s


@pytest.fixture
def counting(world: World) -> Setup:
    return scan_round(world)
