"""The board head's rulings on what the reader could not read: an unsure name gives no entry
until every unsure name of its ballot is ruled, then the entry with the rulings; a whole ballot
ruled invalid; a ballot on the rescan list read by hand; only the head rules, only while
counting; each ruling audited with who and when, and listed in the minutes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from daihoi.audit.models import AuditEntry
from daihoi.core.errors import IllegalTransitionError, ServiceError
from daihoi.elections import printing
from daihoi.elections.models import Round, RoundStatus
from daihoi.scanning import minutes, services
from daihoi.scanning.models import BallotRuling, BallotState, ScannedMark
from tests.ballotread import generate
from tests.conftest import World
from tests.elections.factories import Setup
from tests.scanning import scans
from tests.scanning.conftest import scan_round
from tests.scanning.helpers import ballots, give, scan_desk_entries

pytestmark = pytest.mark.django_db


@pytest.fixture
def flagged(counting: Setup, tmp_path: Path, django_capture_on_commit_callbacks: Any) -> Setup:
    """Ballot 1: name 2 crossed, names 3 (a ring) and 5 (a partial line) unsure; ballot 2 read
    for sure; ballot 3 another election's page (to rescan)."""
    ballot = scans.round_ballot(counting.round)
    one = scans.scan(counting.round, crossed={2}, unsure={3: "circle", 5: "partial-family"},
                     seed=11, ballot=ballot)
    two = scans.scan(counting.round, crossed={1}, seed=12, ballot=ballot)
    stray = generate.blank_scan(6, 1, 200, code="DH-99-98-1").copy()
    give(counting, scans.write(tmp_path / "a.tif", scans.tiff([*one.pages, *two.pages, stray])),
         django_capture_on_commit_callbacks)
    read = ballots(counting)
    assert read[1].state == BallotState.TO_RULE
    assert [(m.position, m.reason) for m in read[1].marks.order_by("position")] == [
        (2, "ring"), (4, "partial-line-start")]
    assert read[3].state == BallotState.RESCAN
    return counting


def _marks(s: Setup) -> list[ScannedMark]:
    return list(ScannedMark.objects.filter(ballot__round=s.round, ballot__serial=1)
                .order_by("position"))


def test_an_unsure_ballot_is_entered_only_once_every_unsure_name_is_ruled(flagged: Setup) -> None:
    assert scan_desk_entries(flagged) == {2: "x:0"}
    ring, partial = _marks(flagged)
    services.mark_rule(actor=flagged.head, mark=ring, ruling="kept")
    assert 1 not in scan_desk_entries(flagged)  # one name still unsure: nothing entered
    services.mark_rule(actor=flagged.head, mark=ring, ruling="crossed")  # ruled again
    assert 1 not in scan_desk_entries(flagged)
    services.mark_rule(actor=flagged.head, mark=partial, ruling="kept")
    # Name 2 as read, name 3 as ruled (crossed), name 5 as ruled (kept).
    assert scan_desk_entries(flagged)[1] == "x:1,2"
    ballot = ballots(flagged)[1]
    assert (ballot.state, ballot.ruling, ballot.ruled_by) == (
        BallotState.COUNTED, BallotRuling.MARKS, flagged.head)
    ring.refresh_from_db()
    assert (ring.ruling, ring.ruled_by, ring.ruled_at is not None) == ("crossed", flagged.head,
                                                                       True)
    logged = list(AuditEntry.objects.filter(action="scanning.mark_rule").order_by("seq")
                  .values_list("summary", flat=True))
    assert len(logged) == 3
    assert logged[-1].startswith("Phiếu số 1, tên thứ 5 ")
    assert logged[-1].endswith(": chỉ gạch phần đầu (họ) — Ban kiểm phiếu quyết định: bầu")
    with pytest.raises(ServiceError, match="không còn chờ kết luận"):
        services.mark_rule(actor=flagged.head, mark=ring, ruling="kept")


def test_only_the_board_head_rules_and_a_refusal_is_logged(flagged: Setup, world: World) -> None:
    ring, _ = _marks(flagged)
    ballot = ballots(flagged)[1]
    scanner, keyer = flagged.desks[0].user, flagged.desks[1].user
    for user in (scanner, keyer, world.office):
        with pytest.raises(PermissionDenied):
            services.mark_rule(actor=user, mark=ring, ruling="kept")
        with pytest.raises(PermissionDenied):
            services.ballot_rule_invalid(actor=user, ballot=ballot, reason="3")
    assert not ScannedMark.objects.exclude(ruling="").exists()
    assert AuditEntry.objects.filter(action="election.refused").count() == 6


def test_a_ruling_outside_the_list_s_choices_is_refused(flagged: Setup) -> None:
    ring, _ = _marks(flagged)
    with pytest.raises(ServiceError, match="Kết luận không hợp lệ"):
        services.mark_rule(actor=flagged.head, mark=ring, ruling="agree")


def test_the_head_rules_a_whole_ballot_invalid(flagged: Setup) -> None:
    ballot = services.ballot_rule_invalid(actor=flagged.head, ballot=ballots(flagged)[1],
                                          reason="3", note="Có ký hiệu riêng")
    assert scan_desk_entries(flagged)[1] == "i:marked"
    assert (ballot.ruling, ballot.ruled_reason, ballot.ruling_note) == (
        BallotRuling.INVALID, "3", "Có ký hiệu riêng")
    with pytest.raises(ServiceError, match="Chọn lý do"):
        services.ballot_rule_invalid(actor=flagged.head, ballot=ballots(flagged)[3], reason="9")


def test_the_head_reads_a_ballot_on_the_rescan_list_by_hand(flagged: Setup) -> None:
    stray = ballots(flagged)[3]
    with pytest.raises(ServiceError, match="không gõ “/9”"):
        services.ballot_key_by_hand(actor=flagged.head, ballot=stray, line="/9")
    with pytest.raises(ServiceError, match="Không có tên số 7"):
        services.ballot_key_by_hand(actor=flagged.head, ballot=stray, line="7")
    services.ballot_key_by_hand(actor=flagged.head, ballot=stray, line="4 6", note="Phiếu gốc")
    assert scan_desk_entries(flagged)[3] == "x:3,5"
    stray.refresh_from_db()
    assert (stray.state, stray.ruling) == (BallotState.COUNTED, BallotRuling.BY_HAND)
    # A ballot waiting for rulings on its names is not read by hand (its marks are ruled).
    with pytest.raises(ServiceError, match="không còn chờ kết luận"):
        services.ballot_key_by_hand(actor=flagged.head, ballot=ballots(flagged)[1], line="1")


def test_no_ruling_once_the_round_is_no_longer_counted(world: World, tmp_path: Path,
                                                       django_capture_on_commit_callbacks: Any
                                                       ) -> None:
    s = scan_round(world, collected=1)
    one = scans.scan(s.round, unsure={2: "tick"}, seed=3)
    give(s, scans.write(tmp_path / "a.tif", scans.tiff(one.pages)),
         django_capture_on_commit_callbacks)
    (mark,) = ScannedMark.objects.filter(ballot__round=s.round)
    Round.objects.filter(pk=s.round.pk).update(status=RoundStatus.RECONCILED)
    with pytest.raises(IllegalTransitionError, match="Chỉ kết luận khi đang kiểm phiếu"):
        services.mark_rule(actor=s.head, mark=mark, ruling="crossed")


def test_the_rulings_are_listed_in_the_minutes_in_vietnamese(flagged: Setup) -> None:
    ring, partial = _marks(flagged)
    services.mark_rule(actor=flagged.head, mark=ring, ruling="crossed")
    services.mark_rule(actor=flagged.head, mark=partial, ruling="kept")
    services.ballot_key_by_hand(actor=flagged.head, ballot=ballots(flagged)[3], line="/7")
    names = [r.label for r in flagged.round.entries_list.order_by("position")]
    with translation.override("en"):
        lines = minutes.rulings_for_minutes(flagged.round)
    assert lines == [
        f"Phiếu số 1, tên thứ 3 {names[2]}: khoanh tròn tên — Ban kiểm phiếu quyết định: "
        "không bầu.",
        f"Phiếu số 1, tên thứ 5 {names[4]}: chỉ gạch phần đầu (họ) — Ban kiểm phiếu quyết "
        "định: bầu.",
        "Phiếu số 3 (máy không đọc được: phiếu của cuộc bầu hoặc lần bỏ phiếu khác): Trưởng "
        "ban đọc phiếu gốc — ghi nhận: Không gạch tên nào.",
    ]
    text = " ".join(str(b) for b in printing.minutes_blocks(flagged.round))
    assert "Bàn quét phiếu (bàn số 1)" in text
    assert lines[0] in text


