"""Reading a batch in the worker (the task run synchronously after the commit): the counting
numbers, the ballots collected at their boundary, the same file twice, another round's page,
an upside-down page, a blank sheet, pages out of sequence, damaged files and a decompression
bomb, a batch stopped in the middle."""

from __future__ import annotations

import struct
import time
import zlib
from pathlib import Path
from typing import Any

import pytest

from daihoi.ballotread import raster
from daihoi.core.errors import ServiceError
from daihoi.elections import services as election_services
from daihoi.scanning import selectors, services, tasks
from daihoi.scanning.models import BallotState, ScanBatch, ScannedBallot, ScanPage
from tests.ballotread import generate
from tests.conftest import World
from tests.elections.factories import Setup, make_election, to_counting
from tests.scanning import scans
from tests.scanning.conftest import scan_round
from tests.scanning.helpers import ballots, give, scan_desk_entries

pytestmark = pytest.mark.django_db


def _file(tmp_path: Path, name: str, pages: list[Any]) -> Path:
    data = scans.tiff(pages) if name.endswith(".tif") else scans.pdf(pages)
    return scans.write(tmp_path / name, data)


def _stack(s: Setup, crossed: list[set[int]], *, seed: int = 0) -> list[Any]:
    ballot = scans.round_ballot(s.round)
    pages: list[Any] = []
    for i, names in enumerate(crossed):
        pages += scans.scan(s.round, crossed=names, seed=seed + i, ballot=ballot).pages
    return pages


def test_a_batch_numbers_its_ballots_in_order_and_enters_those_read_for_sure(
        counting: Setup, tmp_path: Path, django_capture_on_commit_callbacks: Any) -> None:
    path = _file(tmp_path, "quet-001.tif", _stack(counting, [{1}, {2, 6}, set()]))
    batch = give(counting, path, django_capture_on_commit_callbacks)
    assert batch.status == ScanBatch.Status.DONE, batch.error
    assert (batch.pages, batch.pages_read, batch.ballots, batch.flagged, batch.rejected) == (
        3, 3, 3, 0, 0)
    assert (batch.first_serial, batch.last_serial) == (1, 3)
    assert scan_desk_entries(counting) == {1: "x:0", 2: "x:1,5", 3: "x:"}
    assert not Path(path).exists()  # the file read to its end is not kept
    # Nothing unsure, nothing refused: no page image is kept.
    assert not ScanPage.objects.exclude(image_path="").exists()


def test_a_second_file_continues_the_numbering_and_the_station_says_where(
        counting: Setup, tmp_path: Path, django_capture_on_commit_callbacks: Any) -> None:
    assert selectors.next_number(counting.desks[0]) == 1
    give(counting, _file(tmp_path, "a.tif", _stack(counting, [{1}, {2}])),
         django_capture_on_commit_callbacks)
    assert selectors.next_number(counting.desks[0]) == 3
    second = give(counting, _file(tmp_path, "b.pdf", _stack(counting, [{3}, {4}], seed=7)),
                  django_capture_on_commit_callbacks)
    assert (second.first_serial, second.last_serial) == (3, 4)
    assert scan_desk_entries(counting) == {1: "x:0", 2: "x:1", 3: "x:2", 4: "x:3"}
    assert selectors.next_number(counting.desks[0]) == 5


def test_the_ballot_numbered_as_the_ballots_collected_counts_and_one_more_is_refused(
        world: World, tmp_path: Path, django_capture_on_commit_callbacks: Any) -> None:
    s = scan_round(world, collected=3)
    batch = give(s, _file(tmp_path, "a.tif", _stack(s, [{1}, {2}, {3}, {4}])),
                 django_capture_on_commit_callbacks)
    assert batch.status == ScanBatch.Status.DONE
    assert scan_desk_entries(s) == {1: "x:0", 2: "x:1", 3: "x:2"}  # ballot 3 = collected
    assert (batch.ballots, batch.extras, batch.last_serial) == (3, 1, 3)
    assert "1 phiếu thừa không được tính" in batch.notice
    assert "quá số phiếu thu vào (3)" in batch.notice
    assert not ScannedBallot.objects.filter(serial=4).exists()
    assert ScanPage.objects.filter(reason="extra").count() == 1


def test_the_same_file_twice_is_refused_and_taken_again_once_the_first_is_discarded(
        counting: Setup, tmp_path: Path, django_capture_on_commit_callbacks: Any) -> None:
    data = scans.tiff(_stack(counting, [{1}, {2}]))
    first = give(counting, scans.write(tmp_path / "a.tif", data),
                 django_capture_on_commit_callbacks)
    again = scans.write(tmp_path / "a-lan-2.tif", data)
    with pytest.raises(ServiceError, match=r"đã được tải lên .*không đọc hai lần"):
        services.batch_create(actor=counting.head, rnd=counting.round, path=again,
                              file_name="a-lan-2.tif")
    assert ScanBatch.objects.count() == 1
    assert len(scan_desk_entries(counting)) == 2  # nothing counted twice
    services.batch_discard(actor=counting.head, batch=first)
    assert scan_desk_entries(counting) == {}
    assert selectors.next_number(counting.desks[0]) == 1
    batch = give(counting, again, django_capture_on_commit_callbacks)
    assert (batch.first_serial, batch.last_serial) == (1, 2)


def test_a_page_of_another_round_goes_to_the_rescan_list_and_keeps_its_number(
        counting: Setup, tmp_path: Path, django_capture_on_commit_callbacks: Any) -> None:
    ours = _stack(counting, [{1}, {2}])
    stray = generate.blank_scan(6, 1, 200, code="DH-99-98-1").copy()  # another election's
    batch = give(counting, _file(tmp_path, "a.tif", [ours[0], stray, ours[1]]),
                 django_capture_on_commit_callbacks)
    assert (batch.ballots, batch.rejected) == (3, 1)
    assert scan_desk_entries(counting) == {1: "x:0", 3: "x:1"}
    refused = ballots(counting)[2]
    assert (refused.state, refused.rejection, refused.rejection_page) == (
        BallotState.RESCAN, "other-round", 1)
    (row,) = selectors.rescan_list(counting.desks[0])
    assert row.serial == 2
    assert row.reason.startswith("phiếu của cuộc bầu hoặc lần bỏ phiếu khác")
    # The refused page's image is kept for the board head; the others' are not.
    assert list(ScanPage.objects.exclude(image_path="").values_list("reason", flat=True)) == [
        "other-round"]


def test_an_upside_down_page_is_read_right(
        counting: Setup, tmp_path: Path, django_capture_on_commit_callbacks: Any) -> None:
    page = scans.scan(counting.round, crossed={5}, flip=True, seed=3).pages
    give(counting, _file(tmp_path, "nguoc.pdf", page), django_capture_on_commit_callbacks)
    assert scan_desk_entries(counting) == {1: "x:4"}
    assert ScanPage.objects.get().rotation == 180


def test_a_blank_sheet_takes_no_number(
        counting: Setup, tmp_path: Path, django_capture_on_commit_callbacks: Any) -> None:
    a, b = _stack(counting, [{1}, {2}])
    batch = give(counting, _file(tmp_path, "a.tif", [scans.blank_page(), a, scans.blank_page(1),
                                                     b]), django_capture_on_commit_callbacks)
    assert (batch.ballots, batch.blanks, batch.rejected) == (2, 2, 0)
    assert scan_desk_entries(counting) == {1: "x:0", 2: "x:1"}


def test_a_file_that_is_not_ballots_is_refused_whole_and_writes_nothing(
        counting: Setup, tmp_path: Path, django_capture_on_commit_callbacks: Any) -> None:
    stray = [generate.blank_scan(6, 1, 200, code="DH-99-98-1").copy()] * 1
    text = scans.blank_page()
    text[400:420, 200:1400] = 0  # ink, no code: a page of some document
    batch = give(counting, _file(tmp_path, "van-ban.pdf", [text, *stray]),
                 django_capture_on_commit_callbacks)
    assert batch.status == ScanBatch.Status.FAILED
    assert batch.discarded  # holds up no later file
    assert batch.error.startswith("Tệp không phải phiếu bầu đã quét của lần bỏ phiếu này")
    assert "Không có gì được ghi" in batch.error
    assert not ScannedBallot.objects.exists()
    assert not ScanPage.objects.exists()
    assert selectors.next_number(counting.desks[0]) == 1


def test_a_corrupt_tiff_is_refused_with_a_clear_message(
        counting: Setup, tmp_path: Path, django_capture_on_commit_callbacks: Any) -> None:
    path = scans.write(tmp_path / "hong.tif", b"II*\x00" + b"\xff" * 5000)
    batch = give(counting, path, django_capture_on_commit_callbacks)
    assert batch.status == ScanBatch.Status.FAILED
    assert batch.error.startswith("Tệp không đọc được: không phải tệp ảnh quét PDF, TIFF, PNG "
                                  "hoặc JPEG, hoặc tệp bị hỏng")
    assert batch.discarded
    assert not ScannedBallot.objects.exists()


def test_a_tiff_damaged_in_its_middle_keeps_the_ballots_before_and_says_so(
        counting: Setup, tmp_path: Path, django_capture_on_commit_callbacks: Any) -> None:
    data = scans.tiff(_stack(counting, [{1}, {2}, {3}]))
    path = scans.write(tmp_path / "cat.tif", data[: len(data) * 3 // 5])  # cut off
    batch = give(counting, path, django_capture_on_commit_callbacks)
    assert batch.status == ScanBatch.Status.DONE
    entries = scan_desk_entries(counting)
    assert entries[1] == "x:0"
    assert 3 not in entries
    damaged = [b for b in ballots(counting).values() if b.state == BallotState.RESCAN]
    assert [b.rejection for b in damaged] == ["damaged"]
    assert "hỏng" in batch.notice


def _png_bomb(width: int, height: int) -> bytes:
    """A valid PNG of ``width`` × ``height`` grey pixels, all black: tiny compressed, huge
    decoded."""
    compressor = zlib.compressobj(9)
    row = b"\x00" * (width + 1)
    body = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body)
            + chunk(b"IEND", b""))


def test_a_decompression_bomb_is_refused_before_it_is_decoded(
        counting: Setup, tmp_path: Path, django_capture_on_commit_callbacks: Any,
        monkeypatch: pytest.MonkeyPatch, settings: Any) -> None:
    settings.SCAN_MAX_PIXELS = 20_000_000
    bomb = _png_bomb(6000, 6000)  # 36 million pixels in a few tens of kB
    assert len(bomb) < 100_000

    def never(*args: Any) -> Any:
        raise AssertionError("the bomb was decoded")

    monkeypatch.setattr(raster, "_grey", never)
    batch = give(counting, scans.write(tmp_path / "bom.png", bomb),
                 django_capture_on_commit_callbacks)
    assert batch.status == ScanBatch.Status.FAILED
    assert batch.error.startswith("Trang 1 của tệp quá lớn (hơn 20.000.000 điểm ảnh)")
    assert not ScannedBallot.objects.exists()


def test_a_scan_one_pixel_under_the_limit_is_read(
        counting: Setup, tmp_path: Path, django_capture_on_commit_callbacks: Any,
        settings: Any) -> None:
    page = scans.scan(counting.round, crossed={2}).pages[0]
    h, w = page.shape
    settings.SCAN_MAX_PIXELS = h * w  # exactly the page: allowed
    give(counting, scans.write(tmp_path / "a.png", scans.png(page)),
         django_capture_on_commit_callbacks)
    assert scan_desk_entries(counting) == {1: "x:1"}
    settings.SCAN_MAX_PIXELS = h * w - 1
    second = scans.scan(counting.round, crossed={3}, seed=2).pages[0]
    batch = give(counting, scans.write(tmp_path / "b.png", scans.png(second)),
                 django_capture_on_commit_callbacks)
    assert batch.error.startswith("Trang 1 của tệp quá lớn")


def test_a_batch_stopped_in_the_middle_keeps_whole_ballots_and_reads_on(
        counting: Setup, tmp_path: Path, django_capture_on_commit_callbacks: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    path = _file(tmp_path, "a.tif", _stack(counting, [{1}, {2}, {3}, {4}]))
    real = election_services.entry_from_scanner

    def fails_on_3(**kwargs: Any) -> Any:
        if kwargs["serial"] == 3:
            raise RuntimeError("the worker dies while writing ballot 3")
        return real(**kwargs)

    monkeypatch.setattr(election_services, "entry_from_scanner", fails_on_3)
    batch = give(counting, path, django_capture_on_commit_callbacks)
    assert batch.status == ScanBatch.Status.FAILED
    assert "bấm “Đọc tiếp”" in batch.error
    assert batch.status_label == "Dừng giữa chừng (đã ghi 2 phiếu)"
    # Ballot 3 was written whole or not at all: not at all.
    assert scan_desk_entries(counting) == {1: "x:0", 2: "x:1"}
    assert sorted(ballots(counting)) == [1, 2]
    assert ScanPage.objects.count() == 2
    assert (batch.resume_from, batch.ballots) == (2, 2)
    # A later file waits for it (its numbering continues it).
    later = give(counting, _file(tmp_path, "b.tif", _stack(counting, [{5}], seed=9)),
                 django_capture_on_commit_callbacks)
    assert later.status == ScanBatch.Status.PENDING
    assert selectors.waiting_for(later) == batch
    monkeypatch.setattr(election_services, "entry_from_scanner", real)
    with django_capture_on_commit_callbacks(execute=True):
        services.batch_resume(actor=counting.head, batch=batch)
    batch.refresh_from_db()
    later.refresh_from_db()
    assert batch.status == ScanBatch.Status.DONE
    assert later.status == ScanBatch.Status.DONE
    assert scan_desk_entries(counting) == {1: "x:0", 2: "x:1", 3: "x:2", 4: "x:3", 5: "x:4"}
    assert ScanPage.objects.count() == 5


def test_a_batch_over_its_time_limit_stops_and_says_so(
        counting: Setup, tmp_path: Path, django_capture_on_commit_callbacks: Any,
        monkeypatch: pytest.MonkeyPatch, settings: Any) -> None:
    settings.SCAN_MAX_SECONDS = 1
    path = _file(tmp_path, "a.tif", _stack(counting, [{1}]))

    def stuck(*args: Any, **kwargs: Any) -> Any:
        while True:  # a page that never ends: the alarm stops it
            time.sleep(0.05)

    monkeypatch.setattr("daihoi.ballotread.reader.Reader.read", stuck)
    batch = give(counting, path, django_capture_on_commit_callbacks)
    assert batch.status == ScanBatch.Status.FAILED
    assert batch.error.startswith("Đọc tệp quá thời gian cho phép (1 giây).")
    assert not batch.discarded
    assert Path(batch.stored_path).is_file()  # kept, to read on


def test_a_rescan_replaces_a_refused_ballot_and_only_such_a_number_may_be_rescanned(
        counting: Setup, tmp_path: Path, django_capture_on_commit_callbacks: Any) -> None:
    ours = _stack(counting, [{1}, {2}])
    stray = generate.blank_scan(6, 1, 200, code="DH-99-98-1").copy()
    give(counting, _file(tmp_path, "a.tif", [ours[0], stray]), django_capture_on_commit_callbacks)
    assert ballots(counting)[2].state == BallotState.RESCAN
    for serial, message in ((1, "đã được đọc và ghi"), (3, "chưa được quét"),
                            (6, "Không có phiếu số 6")):
        with pytest.raises(ServiceError, match=message):
            services.batch_create(actor=counting.head, rnd=counting.round,
                                  path=_file(tmp_path, f"r{serial}.tif", [ours[1]]),
                                  file_name="r.tif", rescan_of=serial)
    batch = give(counting, _file(tmp_path, "lai-2.tif", [ours[1]]),
                 django_capture_on_commit_callbacks, rescan_of=2)
    assert (batch.status, batch.first_serial, batch.last_serial) == (ScanBatch.Status.DONE, 2, 2)
    assert scan_desk_entries(counting) == {1: "x:0", 2: "x:1"}
    assert selectors.rescan_list(counting.desks[0]) == []
    assert ScannedBallot.objects.filter(serial=2, state=BallotState.REPLACED).count() == 1
    assert selectors.next_number(counting.desks[0]) == 3  # a rescan does not move the numbering


def test_scanning_is_refused_outside_counting_and_without_a_scan_desk(
        world: World, tmp_path: Path) -> None:
    s = make_election(world.cell_a, seats=5, names=6, board=3)
    path = scans.write(tmp_path / "a.png", b"x")
    with pytest.raises(ServiceError, match="Chỉ quét phiếu khi đang kiểm phiếu"):
        services.batch_create(actor=s.head, rnd=s.round, path=path, file_name="a.png")
    to_counting(s, summoned=5, issued=5, collected=5)
    with pytest.raises(ServiceError, match="chưa có bàn quét phiếu"):
        services.batch_create(actor=s.head, rnd=s.round, path=path, file_name="a.png")


def test_a_keyed_desk_cannot_be_typed_at_when_it_is_the_scan_desk(counting: Setup) -> None:
    desk = counting.desks[0]
    with pytest.raises(ServiceError, match="Bàn quét phiếu chỉ nhận phiếu do máy đọc"):
        election_services.entry_submit(actor=desk.user, desk=desk, serial=1, line="1")


def test_the_waiting_task_reads_nothing_twice(
        counting: Setup, tmp_path: Path, django_capture_on_commit_callbacks: Any) -> None:
    give(counting, _file(tmp_path, "a.tif", _stack(counting, [{1}])),
         django_capture_on_commit_callbacks)
    assert tasks.run_round(counting.round.pk) == []  # nothing pending: nothing read again
    assert scan_desk_entries(counting) == {1: "x:0"}


def test_the_same_image_again_in_another_file_goes_to_the_rescan_list(
        counting: Setup, tmp_path: Path, django_capture_on_commit_callbacks: Any) -> None:
    a, b = _stack(counting, [{1}, {2}])
    give(counting, _file(tmp_path, "a.tif", [a]), django_capture_on_commit_callbacks)
    # The same pixels again, in another file (another hash of the file).
    batch = give(counting, _file(tmp_path, "b.tif", [a, b]), django_capture_on_commit_callbacks)
    assert (batch.first_serial, batch.ballots, batch.rejected) == (2, 2, 1)
    assert ballots(counting)[2].rejection == "duplicate-image"
    assert scan_desk_entries(counting) == {1: "x:0", 3: "x:1"}  # nothing counted twice


def test_a_rescan_that_is_no_ballot_of_the_round_leaves_the_ballot_on_the_rescan_list(
        counting: Setup, tmp_path: Path, django_capture_on_commit_callbacks: Any) -> None:
    ours = _stack(counting, [{1}])
    stray = generate.blank_scan(6, 1, 200, code="DH-99-98-1").copy()
    give(counting, _file(tmp_path, "a.tif", [ours[0], stray]), django_capture_on_commit_callbacks)
    wrong = give(counting, _file(tmp_path, "lai.tif", [stray.copy() // 2 + 100]),
                 django_capture_on_commit_callbacks, rescan_of=2)
    assert (wrong.status, wrong.discarded) == (ScanBatch.Status.FAILED, True)
    assert [(r.serial, r.ballot.state if r.ballot else None)
            for r in selectors.rescan_list(counting.desks[0])] == [(2, BallotState.RESCAN)]
    right = give(counting, _file(tmp_path, "lai-2.tif", _stack(counting, [{2}], seed=4)),
                 django_capture_on_commit_callbacks, rescan_of=2)
    assert right.status == ScanBatch.Status.DONE
    assert scan_desk_entries(counting) == {1: "x:0", 2: "x:1"}
