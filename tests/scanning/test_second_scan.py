"""A second scan as the round's second reading (issue 15): two scan desks, each passing every
paper ballot through the scanner, each with its own batches, numbering and rescan list; the same
file or page image refused at the other desk; the board head's queue and the minutes name the
desk; the two readings reconciled as two keyed desks are."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from daihoi.core.errors import PermissionDeniedError, ServiceError
from daihoi.elections import printing, selectors
from daihoi.elections import services as election_services
from daihoi.elections.models import RoundStatus, SecondReadingMethod
from daihoi.scanning import inbox, minutes, services
from daihoi.scanning import selectors as scan_selectors
from daihoi.scanning.models import BallotState, ScanBatch, ScannedMark
from tests.conftest import World
from tests.elections.factories import Setup
from tests.scanning import scans
from tests.scanning.conftest import scan_round
from tests.scanning.helpers import ballots, give, scan_desk_entries

pytestmark = pytest.mark.django_db

#: What each of the four ballots crosses out (names numbered from 1).
CROSSED = [{1}, {2, 6}, set(), {4}]


@pytest.fixture
def two(world: World) -> Setup:
    """Four ballots collected, scan desks team 1 (board member 2) and team 2 (board member 3)."""
    return scan_round(world, collected=4, second_scan=True)


def _pages(s: Setup, *, seed: int, unsure: dict[int, dict[int, str]] | None = None
           ) -> list[Any]:
    """One pass of the four paper ballots through the scanner (``seed``: this pass's noise)."""
    ballot = scans.round_ballot(s.round)
    pages: list[Any] = []
    for i, crossed in enumerate(CROSSED):
        pages += scans.scan(s.round, crossed=crossed, seed=seed + i, ballot=ballot,
                            unsure=(unsure or {}).get(i + 1)).pages
    return pages


EXPECTED = {1: "x:0", 2: "x:1,5", 3: "x:", 4: "x:3"}


def test_two_scan_desks_read_the_ballots_from_two_passes_and_the_round_is_announced(
        two: Setup, tmp_path: Path, django_capture_on_commit_callbacks: Any) -> None:
    first, second = two.desks
    election_services.second_reading_choose(actor=two.head, rnd=two.round,
                                            method=SecondReadingMethod.SECOND_SCAN)
    a = give(two, scans.write(tmp_path / "lan1.tif", scans.tiff(_pages(two, seed=0))),
             django_capture_on_commit_callbacks, desk=first, actor=first.user)
    # The second pass: a new file (another scan of the same paper), the second desk's user.
    b = give(two, scans.write(tmp_path / "lan2.pdf", scans.pdf(_pages(two, seed=50))),
             django_capture_on_commit_callbacks, desk=second, actor=second.user)
    assert (a.desk_id, a.status, a.first_serial, a.last_serial) == (
        first.pk, ScanBatch.Status.DONE, 1, 4)
    assert (b.desk_id, b.status, b.first_serial, b.last_serial) == (
        second.pk, ScanBatch.Status.DONE, 1, 4)
    assert scan_desk_entries(two, first) == EXPECTED
    assert scan_desk_entries(two, second) == EXPECTED
    assert selectors.desks_finished(two.round)
    assert selectors.reconciliation(two.round)[1] == []
    rnd = election_services.round_reconcile(actor=two.head, rnd=two.round)
    assert rnd.status == RoundStatus.RECONCILED
    rnd = election_services.round_announce(actor=two.head, rnd=rnd)
    text = " ".join(str(b) for b in printing.minutes_blocks(rnd))
    assert "Bàn quét phiếu (bàn số 1): máy đọc" in text
    assert "Bàn quét phiếu (bàn số 2): quét lại mọi phiếu lần thứ hai;" in text
    assert "Quét lại mọi phiếu lần thứ hai: bàn quét số 1 và bàn quét số 2 mỗi bàn" in text


def test_a_ballot_the_two_scans_read_differently_is_caught_by_the_reconciliation(
        two: Setup, tmp_path: Path, django_capture_on_commit_callbacks: Any) -> None:
    """The second pass flags a ring around name 3 of ballot 2 (the first read it kept); the
    head rules it crossed at the second desk: the two desks differ on ballot 2 alone, the head
    decides it as for keyed desks; the queue and the minutes name the desk."""
    first, second = two.desks
    give(two, scans.write(tmp_path / "lan1.tif", scans.tiff(_pages(two, seed=0))),
         django_capture_on_commit_callbacks, desk=first)
    give(two, scans.write(tmp_path / "lan2.tif",
                          scans.tiff(_pages(two, seed=50, unsure={2: {3: "circle"}}))),
         django_capture_on_commit_callbacks, desk=second)
    assert ballots(two, first)[2].state == BallotState.COUNTED
    assert ballots(two, second)[2].state == BallotState.TO_RULE
    # The head's queue: the second desk's ballot, labelled with its desk.
    client = Client()
    client.force_login(two.head)
    page = client.get(reverse("scanning:queue", args=[two.round.pk])).content.decode()
    assert 'id="ballot-2-2"' in page
    assert "Bàn quét số 2" in page
    (mark,) = ScannedMark.objects.filter(ballot__desk=second)
    services.mark_rule(actor=two.head, mark=mark, ruling="crossed")
    assert scan_desk_entries(two, second)[2] == "x:1,2,5"
    _, diffs, _ = selectors.reconciliation(two.round)
    assert [(d.serial, d.by_team) for d in diffs] == [(2, {1: "x:1,5", 2: "x:1,2,5"})]
    assert selectors.issues_before_reconcile(two.round)[0] == (
        "Còn 1 phiếu hai bàn nhập khác nhau chưa được Trưởng ban kết luận.")
    election_services.resolution_record(actor=two.head, rnd=two.round, serial=2, from_team=1,
                                        note="Theo phiếu gốc: tên thứ 3 không bị gạch")
    rnd = election_services.round_reconcile(actor=two.head, rnd=two.round)
    assert rnd.status == RoundStatus.RECONCILED
    assert minutes.rulings_for_minutes(rnd) == [
        "Bàn quét số 2, phiếu số 2, tên thứ 3 " + selectors.round_labels(rnd)[2]
        + ": khoanh tròn tên — Ban kiểm phiếu quyết định: không bầu."]


def test_the_first_desk_s_file_or_page_is_refused_at_the_second_desk(
        two: Setup, tmp_path: Path, django_capture_on_commit_callbacks: Any) -> None:
    first, second = two.desks
    pages = _pages(two, seed=0)
    path = scans.write(tmp_path / "lan1.tif", scans.tiff(pages))
    copy = tmp_path / "ban2.tif"
    shutil.copy(path, copy)
    give(two, path, django_capture_on_commit_callbacks, desk=first)
    with pytest.raises(ServiceError, match=r"là tệp của bàn quét số 1 .* lần đọc thứ hai phải "
                                           r"quét lại các phiếu giấy qua máy quét"):
        services.batch_create(actor=two.head, rnd=two.round, path=copy, file_name="ban2.tif",
                              desk=second)
    # At its own desk, the same file is the plain "given twice".
    with pytest.raises(ServiceError, match="đã được tải lên"):
        services.batch_create(actor=two.head, rnd=two.round, path=copy, file_name="ban2.tif",
                              desk=first)
    # The first desk's page images in another file: a file of them alone is refused whole...
    alone = give(two, scans.write(tmp_path / "ban2.png", scans.png(pages[0])),
                 django_capture_on_commit_callbacks, desk=second)
    assert alone.discarded
    assert "ảnh trùng với một trang bàn quét kia đã quét" in alone.error
    # ... and among the second pass's pages, the ballot goes to the second desk's rescan list.
    mixed = give(two, scans.write(tmp_path / "ban2.tif",
                                  scans.tiff([pages[0], _pages(two, seed=50)[1]])),
                 django_capture_on_commit_callbacks, desk=second)
    assert (mixed.ballots, mixed.rejected) == (2, 1)
    assert ballots(two, second)[1].rejection == "other-desk-image"
    assert scan_desk_entries(two, second) == {2: "x:1,5"}
    (row,) = scan_selectors.rescan_list(second)
    assert row.serial == 1
    assert "bàn quét kia" in row.reason
    assert scan_selectors.rescan_list(first) == []


def test_each_desk_numbers_its_own_ballots(
        two: Setup, tmp_path: Path, django_capture_on_commit_callbacks: Any) -> None:
    first, second = two.desks
    pages = _pages(two, seed=0)
    give(two, scans.write(tmp_path / "a.tif", scans.tiff(pages[:2])),
         django_capture_on_commit_callbacks, desk=first)
    assert scan_selectors.next_number(first) == 3
    assert scan_selectors.next_number(second) == 1
    b = give(two, scans.write(tmp_path / "b.tif", scans.tiff(_pages(two, seed=50)[:3])),
             django_capture_on_commit_callbacks, desk=second)
    assert (b.first_serial, b.last_serial) == (1, 3)
    c = give(two, scans.write(tmp_path / "c.tif", scans.tiff(pages[2:])),
             django_capture_on_commit_callbacks, desk=first)
    assert (c.first_serial, c.last_serial) == (3, 4)
    assert (scan_selectors.next_number(first), scan_selectors.next_number(second)) == (5, 4)
    assert scan_selectors.counts(two.round, second).missing == 1
    assert sorted(ballots(two, first)) == [1, 2, 3, 4]
    assert sorted(ballots(two, second)) == [1, 2, 3]


def test_a_round_with_two_scan_desks_asks_which_desk_and_each_user_scans_at_their_own(
        two: Setup, tmp_path: Path) -> None:
    first, second = two.desks
    path = scans.write(tmp_path / "a.tif", scans.tiff(_pages(two, seed=0)[:1]))
    with pytest.raises(ServiceError, match="có hai bàn quét phiếu: chọn bàn quét"):
        services.batch_create(actor=two.head, rnd=two.round, path=path, file_name="a.tif")
    with pytest.raises(PermissionDeniedError):
        services.batch_create(actor=second.user, rnd=two.round, path=path, file_name="a.tif",
                              desk=first)


def test_each_scan_desk_s_user_sees_their_own_station_only(two: Setup, world: World) -> None:
    first, second = two.desks
    url = reverse("scanning:station", args=[two.round.pk])

    def client(user: Any) -> Client:
        c = Client()
        c.force_login(user)
        return c

    own = client(second.user).get(url).content.decode()
    assert "đây là bàn quét số 2" in own
    assert "Xem bàn quét số 1" not in own
    assert client(second.user).get(url + "?ban=1").status_code == 404
    assert client(second.user).get(url + "?ban=2").status_code == 200
    assert client(first.user).get(url + "?ban=2").status_code == 404
    # The board and the office see either desk's station, the first by default.
    head = client(two.head)
    assert "đây là bàn quét số 1" in head.get(url).content.decode()
    assert "Xem bàn quét số 2" in head.get(url).content.decode()
    assert "đây là bàn quét số 2" in head.get(url + "?ban=2").content.decode()
    assert head.get(url + "?ban=3").status_code == 404
    assert client(world.office).get(url + "?ban=2").status_code == 200


def test_the_second_desk_s_scan_folder_is_its_own_sub_folder(
        two: Setup, tmp_path: Path, django_capture_on_commit_callbacks: Any) -> None:
    first, second = two.desks
    root = scan_selectors.inbox_folder(two.round)
    assert scan_selectors.inbox_folder(two.round, first) == root
    assert scan_selectors.inbox_folder(two.round, second) == root / "ban-quet-2"
    pages = _pages(two, seed=0)
    root.mkdir(parents=True)
    (root / "ban-quet-2").mkdir()
    scans.write(root / "lan1.tif", scans.tiff(pages[:1]))
    scans.write(root / "ban-quet-2" / "lan2.tif", scans.tiff(_pages(two, seed=50)[:1]))
    with django_capture_on_commit_callbacks(execute=True):
        swept = inbox.sweep_all(settle=0)
    assert [(s.folder, s.taken) for s in swept] == [
        (root, ["lan1.tif"]), (root / "ban-quet-2", ["lan2.tif"])]
    assert scan_desk_entries(two, first) == {1: "x:0"}
    assert scan_desk_entries(two, second) == {1: "x:0"}
