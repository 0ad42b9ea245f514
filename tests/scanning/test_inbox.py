"""Scan-to-folder: only the round's own folder under SCAN_INBOX; a file taken once complete
(unchanged for a few seconds), read like an upload; a refused file moved aside with why; the
command and the station's button."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from daihoi.scanning import inbox, selectors
from daihoi.scanning.models import ScanBatch, ScanSource
from tests.conftest import World
from tests.elections.factories import Setup, make_election
from tests.scanning import scans
from tests.scanning.conftest import scan_round
from tests.scanning.helpers import scan_desk_entries

pytestmark = pytest.mark.django_db


def _old(path: Path, seconds: float = 60) -> Path:
    """``path`` as if the scanner had finished writing it ``seconds`` ago."""
    then = time.time() - seconds
    os.utime(path, (then, then))
    return path


def _tiff(s: Setup, crossed: list[set[int]], seed: int = 0) -> bytes:
    ballot = scans.round_ballot(s.round)
    pages: list[Any] = []
    for i, names in enumerate(crossed):
        pages += scans.scan(s.round, crossed=names, seed=seed + i, ballot=ballot).pages
    return scans.tiff(pages)


def test_the_round_s_folder_is_under_scan_inbox_and_named_by_its_code(
        counting: Setup, settings: Any) -> None:
    folder = selectors.inbox_folder(counting.round)
    assert folder.parent == Path(settings.SCAN_INBOX).resolve()
    election = counting.round.election
    assert folder.name == f"DH-{election.congress_id}-{election.pk}-1"


def test_a_complete_file_is_taken_and_read_and_one_still_written_waits(
        counting: Setup, django_capture_on_commit_callbacks: Any) -> None:
    folder = selectors.inbox_folder(counting.round)
    folder.mkdir(parents=True)
    done = _old(scans.write(folder / "scan0001.tif", _tiff(counting, [{1}, {2}])))
    writing = scans.write(folder / "scan0002.tif", _tiff(counting, [{3}], seed=5))
    (folder / "ghi-chu.txt").write_text("không phải ảnh")
    (folder / ".scan0003.tif.part").write_bytes(b"II*\x00")  # hidden while written
    assert inbox.waiting_files(counting.round) == ["scan0001.tif", "scan0002.tif"]
    with django_capture_on_commit_callbacks(execute=True):
        (result,) = inbox.sweep_all()
    assert (result.taken, result.waiting) == (["scan0001.tif"], ["scan0002.tif"])
    assert inbox.waiting_files(counting.round) == ["scan0002.tif"]  # what the station lists
    assert not done.exists()
    assert writing.exists()
    assert (folder / "ghi-chu.txt").exists()  # not a scan: left alone
    batch = ScanBatch.objects.get()
    assert (batch.source, batch.file_name, batch.status) == (
        ScanSource.FOLDER, "scan0001.tif", ScanBatch.Status.DONE)
    assert scan_desk_entries(counting) == {1: "x:0", 2: "x:1"}
    _old(writing)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("scan_inbox", verbosity=0)
    assert scan_desk_entries(counting) == {1: "x:0", 2: "x:1", 3: "x:2"}


def test_a_file_given_twice_is_moved_aside_with_the_reason(
        counting: Setup, django_capture_on_commit_callbacks: Any) -> None:
    folder = selectors.inbox_folder(counting.round)
    folder.mkdir(parents=True)
    data = _tiff(counting, [{1}])
    _old(scans.write(folder / "a.tif", data))
    with django_capture_on_commit_callbacks(execute=True):
        inbox.sweep(counting.round)
    _old(scans.write(folder / "a-lan-2.tif", data))
    result = inbox.sweep(counting.round)
    assert result.refused[0][0] == "a-lan-2.tif"
    assert (folder / inbox.REFUSED / "a-lan-2.tif").exists()
    reason = (folder / inbox.REFUSED / "a-lan-2.tif.ly-do.txt").read_text(encoding="utf-8")
    assert "đã được tải lên" in reason
    assert inbox.refused_files(counting.round) == [("a-lan-2.tif", reason.strip())]
    assert ScanBatch.objects.count() == 1


def test_a_link_out_of_the_inbox_is_never_followed(counting: Setup, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    secret = _old(scans.write(outside / "x.tif", _tiff(counting, [{1}])))
    folder = selectors.inbox_folder(counting.round)
    folder.mkdir(parents=True)
    (folder / "link.tif").symlink_to(secret)
    result = inbox.sweep(counting.round)
    assert result.taken == []
    assert secret.exists()
    # A round folder that is itself a link out of the inbox is not read at all.
    folder.joinpath("link.tif").unlink()
    folder.rmdir()
    folder.symlink_to(outside, target_is_directory=True)
    assert inbox.sweep(counting.round).taken == []
    assert secret.exists()


def test_only_rounds_being_counted_with_a_scan_desk_are_swept(world: World,
                                                             counting: Setup) -> None:
    make_election(world.cell_a, congress=counting.election.congress, seats=5, names=6, board=2,
                  user_prefix="khac")
    assert inbox.rounds_to_sweep() == [counting.round]


def test_the_station_s_button_sweeps_in_the_worker(
        counting: Setup, django_capture_on_commit_callbacks: Any) -> None:
    folder = selectors.inbox_folder(counting.round)
    folder.mkdir(parents=True)
    _old(scans.write(folder / "a.tif", _tiff(counting, [{4}])))
    client = Client()
    client.force_login(counting.desks[0].user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("scanning:station", args=[counting.round.pk]),
                               {"action": "sweep"})
    assert response.status_code == 302
    assert scan_desk_entries(counting) == {1: "x:3"}


def test_the_command_takes_a_round_s_files_once(world: World,
                                                django_capture_on_commit_callbacks: Any) -> None:
    s = scan_round(world, collected=1)
    folder = selectors.inbox_folder(s.round)
    folder.mkdir(parents=True)
    _old(scans.write(folder / "a.tif", _tiff(s, [{2}])))
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("scan_inbox", verbosity=0)
    assert ScanBatch.objects.count() == 1
    assert scan_desk_entries(s) == {1: "x:1"}
