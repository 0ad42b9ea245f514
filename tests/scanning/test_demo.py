"""The demo's scanned ballots (issue 15, point 9), on one demo built for the module: the
delegates' election being counted by scanner, its first file read by the real job with its
counts, the four names the reader could not read waiting for the board head, the second file
waiting in the round's scan folder; building it again writes nothing; and the count carried
through to the announcement from there (the scan folder read, the rulings, the keyed desk's
full second reading) gives the result the demo's voters meant."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from daihoi.ballotread import raster
from daihoi.elections import ballot_pdf, printing
from daihoi.elections import selectors as election_selectors
from daihoi.elections.models import BallotEntry, Round, RoundStatus
from daihoi.roster.demo import DEMO_PASSWORD
from daihoi.scanning import demo as scan_demo
from daihoi.scanning import selectors
from daihoi.scanning.models import BallotState, ScanBatch, ScannedBallot, ScannedMark

pytestmark = pytest.mark.django_db


@dataclass
class Demo:
    round: Round
    batches: list[ScanBatch]


@pytest.fixture
def media() -> None:
    """The demo's files stay where the module's demo wrote them (tests/settings.py's folder),
    not in each test's folder as tests/scanning/conftest.py's fixture puts them."""


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Demo]:
    from django.db import transaction

    from daihoi.roster.demo import build_demo_roster

    with django_db_blocker.unblock(), transaction.atomic():
        build_demo_roster()
        batches, created = scan_demo.build_demo_scanning()
        assert created
        rnd = scan_demo.demo_round()
        assert rnd is not None
        yield Demo(rnd, batches)
        transaction.set_rollback(True)


def _counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in apps.get_models()}


def test_the_delegates_election_is_counted_by_scanner_its_first_file_read(demo: Demo) -> None:
    rnd = Round.objects.get(pk=demo.round.pk)
    assert rnd.status == RoundStatus.COUNTING
    assert rnd.election.kind == "delegates"
    desk = selectors.scan_desk(rnd)
    assert desk is not None
    assert (desk.team, desk.user.username) == (1, "bkp.to1")
    (batch,) = demo.batches
    batch.refresh_from_db()
    assert batch.status == ScanBatch.Status.DONE
    assert batch.file_name == scan_demo.FIRST_FILE
    assert batch.uploaded_by == desk.user
    assert (batch.first_serial, batch.last_serial) == (1, 60)
    assert (batch.pages, batch.pages_read, batch.ballots) == (60, 60, 60)
    assert (batch.flagged, batch.rejected, batch.extras, batch.blanks) == (3, 0, 0, 0)
    assert not batch.stored_path  # a file read to its end is deleted
    counts = selectors.counts(rnd, desk)
    assert (counts.collected, counts.entered, counts.to_rule, counts.rescan, counts.missing) == (
        111, 57, 3, 0, 51)
    # Ballot 12 was fed upside down, and read.
    upside = ScannedBallot.objects.get(round=rnd, serial=scan_demo.UPSIDE_DOWN)
    assert upside.state == BallotState.COUNTED
    assert upside.pages.get().rotation == 180
    # What the scan desk holds is what the voters crossed.
    truth = {b.serial: b for b in scan_demo.demo_ballots()}
    entries = dict(BallotEntry.objects.filter(desk=desk).values_list("serial", "content"))
    assert set(entries) == set(range(1, 61)) - set(scan_demo.UNSURE)
    for serial, content in entries.items():
        crossed = {int(n) + 1 for n in content.removeprefix("x:").split(",") if n}
        assert crossed == truth[serial].crossed, serial


def test_four_names_wait_for_the_board_head_with_what_the_voter_drew(demo: Demo) -> None:
    marks = ScannedMark.objects.filter(ballot__round=demo.round).select_related("ballot")
    found = {(m.ballot.serial, m.position + 1): m.reason for m in marks}
    assert found == {(7, 7): "partial-line-start", (19, 1): "ring", (33, 2): "line-and-mark",
                     (33, 12): "partial-line-end"}
    assert {(s, n) for s, names in scan_demo.UNSURE.items() for n in names} == set(found)
    assert all(not m.ruling for m in marks)
    head = Client()
    assert head.login(username="bkp.truongban", password=DEMO_PASSWORD)
    page = head.get(reverse("scanning:queue", args=[demo.round.pk])).content.decode()
    for serial in (7, 19, 33):
        assert f'id="ballot-{serial}"' in page
    mark = marks.first()
    assert mark is not None
    image = head.get(reverse("scanning:mark_image", args=[mark.pk]))
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"


def test_the_second_file_waits_in_the_rounds_scan_folder(demo: Demo) -> None:
    path = scan_demo.inbox_file(demo.round)
    assert path.parent == selectors.inbox_folder(demo.round)
    assert path.is_file()
    assert [p.name for p in path.parent.iterdir()] == [scan_demo.SECOND_FILE]
    assert time.time() - path.stat().st_mtime > 60  # settled: the sweep takes it at once
    assert raster.page_count(path) == 51
    head = Client()
    assert head.login(username="bkp.truongban", password=DEMO_PASSWORD)
    station = head.get(reverse("scanning:station", args=[demo.round.pk])).content.decode()
    assert f"<code>{scan_demo.SECOND_FILE}</code>" in station.split('id="waiting-files"')[1]
    # Drawn on the round's own ballot: its pages carry the round's code, and read.
    from daihoi.ballotread.reader import Reader

    pdf, layout = ballot_pdf.render_with_layout(printing.ballot_text(demo.round))
    reader = Reader(raster.blank_pages(pdf, layout))
    first = next(raster.file_pages(path))
    reading = reader.read(first)
    assert (reading.status, reading.code) == ("read", selectors.round_code(demo.round))
    truth = {b.serial: b for b in scan_demo.demo_ballots()}
    assert {p.number for p in reading.positions if p.status == "crossed"} == truth[61].crossed


def test_building_the_demo_again_writes_nothing(demo: Demo) -> None:
    from daihoi.audit.services import audit_verify

    before = _counts()
    folder = selectors.inbox_folder(demo.round)
    files = sorted((p.name, p.stat().st_mtime) for p in folder.iterdir())
    batches, created = scan_demo.build_demo_scanning()
    assert not created
    assert [b.pk for b in batches] == [b.pk for b in demo.batches]
    assert _counts() == before
    assert sorted((p.name, p.stat().st_mtime) for p in folder.iterdir()) == files
    assert audit_verify()[1] == []


def test_the_voters_cross_at_least_two_names_and_the_marks_agree_with_their_choice(
        monkeypatch: pytest.MonkeyPatch) -> None:
    ballots = scan_demo.demo_ballots()
    assert len(ballots) == 111
    assert min(len(b.crossed) for b in ballots) == 2  # 14 names, at most 12 kept
    votes = {n: sum(n not in b.crossed for b in ballots) for n in range(1, 15)}
    assert sorted(votes.values(), reverse=True) == [111] * 5 + [110] * 5 + [92, 74, 30, 12]
    # A mark whose ruling contradicts the voter's choice is refused.
    monkeypatch.setitem(scan_demo.UNSURE, 19, {1: ("ring", "crossed")})  # name 1 is kept
    with pytest.raises(ValueError, match="disagrees"):
        scan_demo.demo_ballots()


def test_the_count_is_carried_to_the_announcement_from_the_demo(
        demo: Demo, settings: Any, tmp_path: Path,
        django_capture_on_commit_callbacks: Any) -> None:
    """The second file read from the scan folder, the head's four rulings, ``bkp.to2`` keying
    every ballot (the default second reading), reconciled and announced: the ten elected and
    the two alternates the voters chose; the rulings in the minutes."""
    from daihoi.elections.outcome import election_outcome
    from daihoi.scanning import inbox, services

    rnd = demo.round
    # A copy of the scan folder, so that the module's demo keeps its waiting file.
    shutil.copytree(selectors.inbox_folder(rnd).parent, tmp_path / "inbox")
    settings.SCAN_INBOX = tmp_path / "inbox"
    os.utime(settings.SCAN_INBOX / selectors.round_code(rnd) / scan_demo.SECOND_FILE,
             (time.time() - 60, time.time() - 60))
    head_user = get_user_model().objects.get(username="bkp.truongban")
    with django_capture_on_commit_callbacks(execute=True):
        swept = inbox.sweep(rnd, actor=head_user)
    assert swept.taken == [scan_demo.SECOND_FILE]
    second = ScanBatch.objects.filter(round=rnd).order_by("pk").last()
    assert second is not None
    assert (second.status, second.first_serial, second.last_serial, second.flagged) == (
        ScanBatch.Status.DONE, 61, 111, 0)
    truth = {b.serial: b for b in scan_demo.demo_ballots()}
    for mark in ScannedMark.objects.filter(ballot__round=rnd).select_related("ballot"):
        _, ruling = truth[mark.ballot.serial].unsure[mark.position + 1]
        services.mark_rule(actor=head_user, mark=mark, ruling=ruling)
    assert selectors.counts(rnd, selectors.scan_desk(rnd)).entered == 111
    desk = Client()
    assert desk.login(username="bkp.to2", password=DEMO_PASSWORD)
    for serial, ballot in truth.items():
        desk.post(reverse("elections:desk", args=[rnd.pk]),
                  {"serial": serial, "line": ballot.line}, HTTP_HX_REQUEST="1")
    assert BallotEntry.objects.filter(desk__round=rnd, desk__team=2).count() == 111
    board = Client()
    assert board.login(username="bkp.truongban", password=DEMO_PASSWORD)
    for step in ("reconcile", "announce"):
        assert board.post(reverse("elections:round_step", args=[rnd.pk]),
                          {"step": step}).status_code == 302
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.ANNOUNCED
    outcome = election_outcome(rnd.election)
    names = [r.candidate.member_id for r in election_selectors.round_list(rnd)]
    assert sorted(names.index(p.member_id) + 1 for p in outcome.elected) == [
        1, 2, 3, 5, 6, 8, 10, 11, 13, 14]
    assert [names.index(p.member_id) + 1 for p in outcome.alternates] == [4, 9]
    minutes = " ".join("".join(r.text for r in b.runs) for b in printing.minutes_blocks(rnd)
                       if hasattr(b, "runs"))
    assert "Phiếu số 7, tên thứ 7" in minutes
    assert "Phiếu số 33, tên thứ 12" in minutes
    assert "Bàn quét phiếu (bàn số 1)" in minutes
