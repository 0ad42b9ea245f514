"""The scan desk is one desk of the existing reconciliation, end to end: ballots generated with
known truth (the voters' strikes and ambiguous marks, through the scanner's effects) are read,
the board head rules what the reader flagged with the paper in hand, a second desk keys every
ballot, the comparison finds the one ballot the keyed desk got wrong, the head rules it, and the
round is counted and announced; the minutes name the scan desk and list the rulings."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from daihoi import tally
from daihoi.core.errors import ServiceError
from daihoi.elections import keying, printing, selectors
from daihoi.elections import services as election_services
from daihoi.elections.models import AuditOutcome, RoundStatus, SecondReadingMethod
from daihoi.elections.result_store import load_result
from daihoi.scanning import selectors as scan_selectors
from daihoi.scanning import services
from daihoi.scanning.models import BallotState, ScannedMark
from tests.conftest import World
from tests.scanning import scans
from tests.scanning.conftest import scan_round
from tests.scanning.helpers import ballots, give, scan_desk_entries

pytestmark = pytest.mark.django_db

BALLOTS = 16
NAMES, SEATS = 11, 9


def _decided(truth: dict[int, str]) -> list[int]:
    """The names the board holds crossed: the struck ones; an ambiguous mark it rules kept."""
    return sorted(n for n, t in truth.items() if t == "crossed")


def test_a_scanned_round_reconciles_with_a_keyed_desk_and_is_announced(
        world: World, tmp_path: Path, django_capture_on_commit_callbacks: Any) -> None:
    s = scan_round(world, names=NAMES, seats=SEATS, collected=BALLOTS)
    rng = random.Random(2026)
    ballot = scans.round_ballot(s.round)
    truths, pages = [], []
    for i in range(BALLOTS):
        crossed = set(rng.sample(range(1, NAMES + 1), rng.choice((2, 2, 3))))
        unsure = ({rng.choice([n for n in range(1, NAMES + 1) if n not in crossed]):
                   rng.choice(("circle", "tick", "partial-family", "partial-given"))}
                  if i % 5 == 2 else {})
        b = scans.scan(s.round, crossed=crossed, unsure=unsure, seed=100 + i, voters=True,
                       effects=True, ballot=ballot)
        truths.append(b.truth)
        pages += b.pages
    # Two files, as the scanner's feeder takes them.
    give(s, scans.write(tmp_path / "scan0001.pdf", scans.pdf(pages[:9])),
         django_capture_on_commit_callbacks)
    give(s, scans.write(tmp_path / "scan0002.tif", scans.tiff(pages[9:])),
         django_capture_on_commit_callbacks)
    read = ballots(s)
    assert sorted(read) == list(range(1, BALLOTS + 1))
    assert not [b for b in read.values() if b.state == BallotState.RESCAN]
    # Every planted ambiguous mark is flagged (nothing unsure is guessed).
    for serial, truth in enumerate(truths, start=1):
        for number, t in truth.items():
            if t == "unsure":
                assert read[serial].state == BallotState.TO_RULE
                assert read[serial].marks.filter(position=number - 1).exists()
    # The head rules each flagged name as the paper shows it.
    for mark in ScannedMark.objects.filter(ballot__round=s.round).select_related("ballot"):
        truth = truths[mark.ballot.serial - 1][mark.position + 1]
        services.mark_rule(actor=s.head, mark=mark,
                           ruling="crossed" if truth == "crossed" else "kept")
    entries = scan_desk_entries(s)
    assert entries == {serial: "x:" + ",".join(str(n - 1) for n in _decided(truth))
                       for serial, truth in enumerate(truths, start=1)}
    # The keyed desk keys every ballot blind, and gets ballot 5 wrong.
    keyed = s.desks[1]
    for serial, truth in enumerate(truths, start=1):
        crossed = _decided(truth)
        if serial == 5:
            crossed = [n for n in crossed if n != 11] if 11 in crossed else [*crossed, 11]
        line = keying.line_for("x:" + ",".join(str(n - 1) for n in sorted(crossed)),
                               candidates=NAMES) + ("!" if len(crossed) < NAMES - SEATS else "")
        election_services.entry_submit(actor=keyed.user, desk=keyed, serial=serial, line=line)
    assert selectors.desks_finished(s.round)
    _, diffs, _ = selectors.reconciliation(s.round)
    assert [d.serial for d in diffs] == [5]
    assert diffs[0].by_team[1] == entries[5]  # the scan desk's reading, as the head sees it
    election_services.resolution_record(actor=s.head, rnd=s.round, serial=5, from_team=1,
                                        note="Theo phiếu gốc: bàn quét đọc đúng")
    rnd = election_services.round_reconcile(actor=s.head, rnd=s.round)
    assert rnd.status == RoundStatus.RECONCILED
    expected = tally.tally(selectors.tally_election(
        rnd, [entries[n] for n in sorted(entries)]))
    assert rnd.result is not None
    assert printing.result_view(rnd).result.votes == list(expected.votes)  # type: ignore[union-attr]
    rnd = election_services.round_announce(actor=s.head, rnd=rnd)
    text = " ".join(str(b) for b in printing.minutes_blocks(rnd))
    assert "Bàn quét phiếu (bàn số 1)" in text
    assert "Ban kiểm phiếu quyết định: " in text
    assert "Phiếu số 5: Theo phiếu gốc: bàn quét đọc đúng" in text
    assert printing.minutes_pdf(rnd).startswith(b"%PDF")


def test_a_ballot_sent_back_by_the_head_is_scanned_again_alone(
        world: World, tmp_path: Path, django_capture_on_commit_callbacks: Any) -> None:
    s = scan_round(world, collected=3)
    ballot = scans.round_ballot(s.round)
    sheets = [scans.scan(s.round, crossed={n}, seed=n, ballot=ballot).pages[0] for n in (1, 2, 3)]
    give(s, scans.write(tmp_path / "a.tif", scans.tiff(sheets)),
         django_capture_on_commit_callbacks)
    keyed = s.desks[1]
    for serial, line in ((1, "1"), (2, "3"), (3, "3")):  # ballot 2 keyed wrong
        election_services.entry_submit(actor=keyed.user, desk=keyed, serial=serial, line=line)
    election_services.resolution_send_back(actor=s.head, rnd=s.round, serial=2)
    assert 2 not in scan_desk_entries(s)
    (row,) = scan_selectors.rescan_list(s.desks[0])
    assert (row.serial, row.reason) == (2, "Trưởng ban trả về các bàn để đọc lại")
    again = scans.scan(s.round, crossed={2}, seed=22, ballot=ballot).pages
    give(s, scans.write(tmp_path / "lai.tif", scans.tiff(again)),
         django_capture_on_commit_callbacks, rescan_of=2)
    election_services.entry_submit(actor=keyed.user, desk=keyed, serial=2, line="2")
    assert scan_desk_entries(s) == {1: "x:0", 2: "x:1", 3: "x:2"}
    assert selectors.reconciliation(s.round)[1] == []
    assert election_services.round_reconcile(actor=s.head, rnd=s.round).status == (
        RoundStatus.RECONCILED)


def test_the_scan_desk_checked_by_a_ballot_comparison_audit(
        world: World, tmp_path: Path, django_capture_on_commit_callbacks: Any) -> None:
    """60 ballots scanned (name 4 crossed on 50, name 3 on 10), the scan desk audited by a
    blind reading of the drawn ballots at the keyed desk: confirmed, counted on the scanned
    reading alone; once drawn, the scanned reading is fixed."""
    s = scan_round(world, names=4, seats=3, collected=60)
    ballot = scans.round_ballot(s.round)
    crossed = [4] * 50 + [3] * 10
    pages = [scans.scan(s.round, crossed={n}, seed=i, ballot=ballot).pages[0]
             for i, n in enumerate(crossed)]
    batch = give(s, scans.write(tmp_path / "a.tif", scans.tiff(pages)),
                 django_capture_on_commit_callbacks)
    assert (batch.ballots, batch.flagged, batch.rejected) == (60, 0, 0)
    election_services.second_reading_choose(
        actor=s.head, rnd=s.round, method=SecondReadingMethod.COMPARISON_AUDIT, risk_limit=5,
        audited_desk=s.desks[0], audit_desk=s.desks[1])
    reading = election_services.audit_draw(actor=s.head, rnd=s.round,
                                           seed="31415926535897932384")
    with pytest.raises(ServiceError, match="đã chốt"):
        services.batch_discard(actor=s.head, batch=batch)
    keyed = s.desks[1]
    for serial in selectors.audit_to_key(s.round, reading):
        election_services.entry_submit(actor=keyed.user, desk=keyed, serial=serial,
                                       line=str(crossed[serial - 1]))
    reading = election_services.audit_conclude(actor=s.head, rnd=s.round)
    assert reading.outcome == AuditOutcome.CONFIRMED
    rnd = election_services.round_reconcile(actor=s.head, rnd=s.round)
    assert load_result(rnd).votes == [60, 60, 50, 10]  # type: ignore[union-attr]
    text = " ".join(str(b) for b in printing.minutes_blocks(rnd))
    assert "Bàn quét phiếu (bàn số 1)" in text
