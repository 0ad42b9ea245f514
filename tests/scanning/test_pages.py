"""A ballot of two A4 pages (a list of 121 names): its pages 1 and 2 in sequence make one
ballot; two pages swapped, or a page missing, send that ballot to the rescan list without
shifting the numbers of the ballots after it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from daihoi.scanning.models import BallotState, ScanBatch
from tests.conftest import World
from tests.elections.factories import Setup
from tests.scanning import scans
from tests.scanning.conftest import scan_round
from tests.scanning.helpers import ballots, give, scan_desk_entries

pytestmark = pytest.mark.django_db

NAMES = 121  # one more than an A4 page holds: two pages


@pytest.fixture
def long_list(world: World) -> Setup:
    return scan_round(world, names=NAMES, seats=110, collected=4)


def _ballot(s: Setup, crossed: set[int], seed: int, **kw: Any) -> list[Any]:
    b = scans.scan(s.round, crossed=crossed, seed=seed, ballot=_cached(s), **kw)
    assert len(b.pages) == 2
    return b.pages


_BALLOTS: dict[int, Any] = {}


def _cached(s: Setup) -> Any:
    if s.round.pk not in _BALLOTS:
        _BALLOTS[s.round.pk] = scans.round_ballot(s.round)
    return _BALLOTS[s.round.pk]


def test_the_pages_of_a_ballot_make_one_ballot_and_a_swap_goes_to_the_rescan_list(
        long_list: Setup, tmp_path: Path, django_capture_on_commit_callbacks: Any) -> None:
    a = _ballot(long_list, {1, 120}, 1)
    b = _ballot(long_list, {2, 100}, 2)
    c = _ballot(long_list, {3, 121}, 3, unsure={90: "circle"})
    pages = [*a, b[1], b[0], *c]  # ballot 2's pages swapped
    batch = give(long_list, scans.write(tmp_path / "a.tif", scans.tiff(pages)),
                 django_capture_on_commit_callbacks)
    assert batch.status == ScanBatch.Status.DONE, batch.error
    assert (batch.pages, batch.ballots, batch.rejected, batch.flagged) == (6, 3, 1, 1)
    assert scan_desk_entries(long_list) == {1: "x:0,119"}
    read = ballots(long_list)
    assert (read[2].state, read[2].rejection) == (BallotState.RESCAN, "out-of-sequence")
    assert read[3].state == BallotState.TO_RULE  # its number is 3, not shifted
    (mark,) = read[3].marks.all()
    assert (mark.position, mark.page.page, mark.page.index) == (89, 2, 5)
    assert read[3].reading.count("x") == 2


def test_a_missing_page_ends_its_ballot_short_and_the_next_ballot_keeps_its_number(
        long_list: Setup, tmp_path: Path, django_capture_on_commit_callbacks: Any) -> None:
    a = _ballot(long_list, {1}, 1)
    b = _ballot(long_list, {2}, 2)
    c = _ballot(long_list, {3}, 3)
    d = _ballot(long_list, {4}, 4)
    batch = give(long_list, scans.write(tmp_path / "a.pdf", scans.pdf([*a, b[0], *c, d[0]])),
                 django_capture_on_commit_callbacks)
    assert batch.ballots == 4
    read = ballots(long_list)
    assert (read[2].state, read[2].rejection, read[2].rejection_page) == (
        BallotState.RESCAN, "missing-page", 2)
    assert (read[4].state, read[4].rejection) == (BallotState.RESCAN, "missing-page")  # the end
    assert scan_desk_entries(long_list) == {1: "x:0", 3: "x:2"}
