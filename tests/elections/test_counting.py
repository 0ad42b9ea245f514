"""The counting flow through the services: set-up checks, keyed entry with bad input, two
independent desks, reconciliation, the result from ``daihoi.tally`` checked by SQL, exports."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

from daihoi import tally
from daihoi.audit.models import AuditEntry
from daihoi.core.errors import IllegalTransitionError, ServiceError
from daihoi.elections import keying, selectors, services
from daihoi.elections.models import (
    BallotEntry,
    CandidateSource,
    CountedBallot,
    CountedMark,
    RoundStatus,
)
from daihoi.tally.cli import main as tally_cli
from tests.conftest import World
from tests.elections.factories import key_all, make_election, people, random_lines, to_counting

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------- set-up


def test_a_floor_nominee_needs_more_than_30_percent_of_those_attending(world: World) -> None:
    s = make_election(world.cell_a, seats=9, names=10)
    m1, m2 = people(world.cell_b, 2, tag="floor")
    with pytest.raises(ServiceError, match="hơn 30% số đại biểu dự đại hội"):
        services.candidate_add(actor=None, election=s.election, member=m1,
                               source=CandidateSource.FLOOR, floor_agree=12, floor_attending=40)
    cand = services.candidate_add(actor=None, election=s.election, member=m2,
                                  source=CandidateSource.FLOOR, floor_agree=13,
                                  floor_attending=40)
    assert cand.source == CandidateSource.FLOOR


def test_a_withdrawal_needs_the_congress_decision_and_leaves_the_ballot(world: World) -> None:
    s = make_election(world.cell_a, seats=9, names=11)
    with pytest.raises(ServiceError, match="quyết định của đại hội cho phép rút"):
        services.candidate_withdraw(actor=None, candidate=s.candidates[0], decision=" ")
    services.candidate_withdraw(actor=None, candidate=s.candidates[0],
                                decision="Đại hội biểu quyết cho rút (95%)")
    labels = [r.label for r in selectors.round_list(s.round)]
    assert s.candidates[0].member.full_name not in labels
    assert len(labels) == 10


@pytest.mark.parametrize(("names", "ok"), [(9, False), (10, True), (11, True), (12, False)])
def test_ballots_cannot_be_printed_until_the_surplus_is_right(world: World, names: int,
                                                              ok: bool) -> None:
    s = make_election(world.cell_a, seats=9, names=names)
    if ok:
        assert services.round_print(actor=None, rnd=s.round, count=10).ballots_printed == 10
    else:
        with pytest.raises(ServiceError, match=r"Danh sách phải nhiều hơn|Số dư \d+ vượt mức"):
            services.round_print(actor=None, rnd=s.round, count=10)


def test_the_ballot_lists_names_in_vietnamese_order_by_given_name(world: World) -> None:
    s = make_election(world.cell_a, seats=9, names=11)
    given = [r.candidate.member.given_name for r in selectors.round_list(s.round)]
    assert given[:4] == ["An", "Bình", "Cường", "Dũng"]
    assert given.index("Đạt") > given.index("Dũng") if "Đạt" in given else True


def test_a_probationary_member_or_a_listed_name_cannot_sit_on_the_board(world: World) -> None:
    s = make_election(world.cell_a, seats=9, names=11)
    probationary = people(world.cell_b, 1, tag="dubi")[0]
    probationary.full_member_on = None
    probationary.save()
    with pytest.raises(ServiceError, match="dự bị"):
        services.board_member_add(actor=None, election=s.election, member=probationary)
    with pytest.raises(ServiceError, match="có tên trong danh sách bầu cử không được"):
        services.board_member_add(actor=None, election=s.election,
                                  member=s.candidates[1].member)


# --------------------------------------------------------------------------- keyed entry


def test_the_desk_keys_the_printed_numbers_separated(world: World) -> None:
    keyed = keying.parse_line("2 10", candidates=11, form=tally.BallotForm.CROSS_OUT)
    assert keyed.content == "x:1,9"
    assert keying.keystrokes(keyed.content, candidates=11) == 5
    long = keying.parse_line("120 7", candidates=200, form=tally.BallotForm.CROSS_OUT)
    assert long.content == "x:6,119"
    with pytest.raises(keying.KeyingError, match="không có số 0 ở đầu"):  # no fixed width
        keying.parse_line("0512", candidates=60, form=tally.BallotForm.CROSS_OUT)


@pytest.mark.parametrize(("serial", "line", "message"), [
    (46, "1 2", "Không có phiếu số 46"),
    (0, "1 2", "Không có phiếu số 0"),
    (1, "2 2", "hai lần"),
    (1, "12", "chỉ có 11 tên"),
    (1, "1", "bầu thừa"),
    (1, "", "Dòng trống"),
    (1, " ".join(str(i) for i in range(1, 12)), "gạch hết tên"),
])
def test_bad_entries_are_refused_with_a_clear_message(world: World, serial: int, line: str,
                                                      message: str) -> None:
    s = make_election(world.cell_a, seats=9, names=11)
    to_counting(s)
    desk = s.desks[0]
    with pytest.raises(ServiceError, match=message):
        services.entry_submit(actor=desk.user, desk=desk, serial=serial, line=line)
    assert BallotEntry.objects.count() == 0


def test_the_counting_number_runs_to_the_ballots_collected_not_the_ballots_printed(
    world: World,
) -> None:
    s = make_election(world.cell_a, seats=9, names=11)
    to_counting(s, issued=45, collected=44)
    desk = s.desks[0]
    services.entry_submit(actor=desk.user, desk=desk, serial=44, line="1 2")
    with pytest.raises(ServiceError, match="từ 1 đến 44"):
        services.entry_submit(actor=desk.user, desk=desk, serial=45, line="1 2")


def test_a_ballot_with_no_name_crossed_is_recorded_and_counted_as_an_over_vote(
    world: World,
) -> None:
    s = make_election(world.cell_a, seats=9, names=11)
    to_counting(s, issued=2, collected=2, summoned=2)
    for desk in s.desks:
        services.entry_submit(actor=desk.user, desk=desk, serial=1, line="/7")
        services.entry_submit(actor=desk.user, desk=desk, serial=2, line="1 2")
    rnd = services.round_reconcile(actor=None, rnd=s.round)
    assert rnd.result["invalid_by_reason"] == {"over_vote": 1}
    assert rnd.result["valid"] == 1


def test_a_second_submission_of_the_same_ballot_at_a_desk_is_refused(world: World) -> None:
    s = make_election(world.cell_a, seats=9, names=11)
    to_counting(s)
    desk = s.desks[0]
    services.entry_submit(actor=desk.user, desk=desk, serial=5, line="1 2")
    with pytest.raises(ServiceError, match="đã được nhập ở bàn này"):
        services.entry_submit(actor=desk.user, desk=desk, serial=5, line="3 4")
    assert list(BallotEntry.objects.values_list("content", flat=True)) == ["x:0,1"]


def test_undo_removes_only_the_last_entry_of_the_desk(world: World) -> None:
    s = make_election(world.cell_a, seats=9, names=11)
    to_counting(s)
    desk = s.desks[0]
    services.entry_submit(actor=desk.user, desk=desk, serial=1, line="1 2")
    services.entry_submit(actor=desk.user, desk=desk, serial=2, line="3 4")
    assert services.entry_undo(actor=desk.user, desk=desk) == 2
    assert services.entry_undo(actor=desk.user, desk=desk) is None
    assert list(BallotEntry.objects.values_list("serial", flat=True)) == [1]


def test_a_desk_keys_only_as_its_own_user(world: World) -> None:
    from django.core.exceptions import PermissionDenied

    s = make_election(world.cell_a, seats=9, names=11)
    to_counting(s)
    with pytest.raises(PermissionDenied):
        services.entry_submit(actor=s.desks[1].user, desk=s.desks[0], serial=1, line="1 2")


def test_one_user_cannot_hold_two_desks(world: World) -> None:
    s = make_election(world.cell_a, seats=9, names=11)
    services.desk_assign(actor=None, rnd=s.round, user=s.board_users[0], team=1)
    with pytest.raises(ServiceError, match="một bàn"):
        services.desk_assign(actor=None, rnd=s.round, user=s.board_users[0], team=2)


# --------------------------------------------------------------------------- the whole count


def _count_45(world: World, teams: int = 2) -> tuple[Any, list[str]]:
    s = make_election(world.cell_a, seats=9, names=11)
    to_counting(s, teams=teams)
    lines = random_lines(45, names=11, max_kept=9)
    key_all(s, lines, desk_index=0)
    extra = " 3" if "3" not in lines[16].split() else " 4"
    planted = lines[16] + extra  # desk 2 misreads ballot 17
    key_all(s, lines, desk_index=1, override={17: planted})
    return s, lines


def test_two_desks_differ_on_one_ballot_and_the_head_resolves_it(world: World) -> None:
    s, lines = _count_45(world)
    agreed, diffs, _ = selectors.reconciliation(s.round)
    assert len(agreed) == 44
    assert [d.serial for d in diffs] == [17]
    with pytest.raises(ServiceError, match="chưa được Trưởng ban kết luận"):
        services.round_reconcile(actor=s.head, rnd=s.round)
    with pytest.raises(ServiceError, match="Ghi kết luận"):
        services.resolution_record(actor=s.head, rnd=s.round, serial=17, note="", from_team=1)
    services.resolution_record(actor=s.head, rnd=s.round, serial=17,
                               note="Kiểm tra phiếu gốc: theo tổ 1", from_team=1)
    rnd = services.round_reconcile(actor=s.head, rnd=s.round)
    expected = tally.tally(selectors.tally_election(
        rnd, [keying.parse_line(x, candidates=11, form=tally.BallotForm.CROSS_OUT).content
              for x in lines]))
    assert rnd.result == tally.result_to_dict(expected)
    assert rnd.status == RoundStatus.RECONCILED
    assert selectors.sql_votes(rnd, 11) == list(expected.votes)
    assert AuditEntry.objects.filter(action="election.resolve").count() == 1
    rnd = services.round_announce(actor=s.head, rnd=rnd)
    assert rnd.status == RoundStatus.ANNOUNCED


def test_the_result_is_blocked_when_the_sql_aggregate_disagrees(world: World) -> None:
    s, _ = _count_45(world)
    services.resolution_record(actor=s.head, rnd=s.round, serial=17, note="theo tổ 2",
                               from_team=2)
    rnd = services.round_reconcile(actor=s.head, rnd=s.round)
    ballot = CountedBallot.objects.filter(round=rnd, valid=True, content__startswith="x:").first()
    assert ballot is not None
    CountedMark.objects.create(ballot=ballot, position=10, mark="crossed")
    with pytest.raises(ServiceError, match="Kiểm tra độc lập bằng SQL"):
        services.round_announce(actor=s.head, rnd=rnd)


def test_the_head_cannot_rule_until_every_desk_has_keyed_every_ballot(world: World) -> None:
    s = make_election(world.cell_a, seats=9, names=11)
    to_counting(s, teams=3, issued=2, collected=2, summoned=3)
    d1, d2, d3 = s.desks
    for desk, line in ((d1, "1 2"), (d2, "1 3")):
        services.entry_submit(actor=desk.user, desk=desk, serial=2, line="10 11")
        services.entry_submit(actor=desk.user, desk=desk, serial=1, line=line)
    services.entry_submit(actor=d3.user, desk=d3, serial=1, line="1 2")
    assert not selectors.desks_finished(s.round)
    with pytest.raises(ServiceError, match="chưa nhập xong"):
        services.resolution_record(actor=s.head, rnd=s.round, serial=1, note="phiếu gốc",
                                   line="1 2")
    services.entry_submit(actor=d3.user, desk=d3, serial=2, line="10 11")
    assert selectors.desks_finished(s.round)
    services.resolution_record(actor=s.head, rnd=s.round, serial=1, note="phiếu gốc: 1 và 2",
                               line="1 2")
    # A ruled ballot cannot be keyed again or undone at a desk.
    with pytest.raises(ServiceError, match="kết luận"):
        services.entry_undo(actor=d2.user, desk=d2)


def test_a_ballot_both_desks_keyed_unclear_goes_to_the_head_and_counts_only_as_ruled(
    world: World,
) -> None:
    s = make_election(world.cell_a, seats=9, names=11)
    to_counting(s, issued=2, collected=2, summoned=2)
    for desk in s.desks:
        services.entry_submit(actor=desk.user, desk=desk, serial=1, line="/9")
        services.entry_submit(actor=desk.user, desk=desk, serial=2, line="1 2")
    agreed, diffs, _ = selectors.reconciliation(s.round)
    assert list(agreed) == [2]
    assert [d.serial for d in diffs] == [1]
    with pytest.raises(ServiceError, match="chưa được Trưởng ban kết luận"):
        services.round_reconcile(actor=s.head, rnd=s.round)
    with pytest.raises(ServiceError, match="chưa rõ"):
        services.resolution_record(actor=s.head, rnd=s.round, serial=1, note="x", from_team=1)
    with pytest.raises(ServiceError, match="không gõ “/9”"):
        services.resolution_record(actor=s.head, rnd=s.round, serial=1, note="x", line="/9")
    services.resolution_record(actor=s.head, rnd=s.round, serial=1,
                               note="Phiếu gốc: tên 3 gạch cả họ và tên, tên 4 chỉ gạch tên: "
                                    "Ban kiểm phiếu kết luận gạch 3 và 4", line="3 4")
    rnd = services.round_reconcile(actor=s.head, rnd=s.round)
    assert rnd.result["valid"] == 2
    assert sorted(CountedBallot.objects.values_list("content", flat=True)) == ["x:0,1", "x:2,3"]


def test_only_the_board_head_resolves(world: World) -> None:
    from django.core.exceptions import PermissionDenied

    s, _ = _count_45(world)
    with pytest.raises(PermissionDenied):
        services.resolution_record(actor=s.board_users[1], rnd=s.round, serial=17,
                                   note="x", from_team=1)


def test_more_ballots_collected_than_issued_voids_the_round_and_a_revote_follows(
    world: World,
) -> None:
    s = make_election(world.cell_a, seats=9, names=11)
    rnd = services.round_set_base(actor=None, rnd=s.round, summoned=45, deductions={})
    rnd = services.round_print(actor=None, rnd=rnd, count=45)
    rnd = services.round_issue_ballots(actor=None, rnd=rnd, issued=44)
    rnd = services.round_close_voting(actor=None, rnd=rnd, collected=45, present=44)
    assert rnd.status == RoundStatus.VOID
    nxt = services.round_open_next(actor=None, election=s.election,
                                   decision="Đại hội biểu quyết bầu lại (R-035)")
    assert nxt.sequence == 2
    assert nxt.number == 1
    assert len(selectors.round_list(nxt)) == 11


def test_every_illegal_transition_is_refused_and_logged(world: World) -> None:
    s = make_election(world.cell_a, seats=9, names=11)
    rnd = s.round
    steps = {
        "issue_ballots": lambda r: services.round_issue_ballots(actor=None, rnd=r, issued=1),
        "close_voting": lambda r: services.round_close_voting(actor=None, rnd=r, collected=1,
                                                              present=1),
        "start_counting": lambda r: services.round_start_counting(actor=None, rnd=r),
        "reconcile": lambda r: services.round_reconcile(actor=None, rnd=r),
        "announce": lambda r: services.round_announce(actor=None, rnd=r),
        "print": lambda r: services.round_print(actor=None, rnd=r, count=5),
    }
    legal_from = {"prepared": {"issue_ballots", "print"}}
    for name, step in steps.items():
        if name in legal_from["prepared"]:
            continue
        with pytest.raises(IllegalTransitionError):
            step(rnd)
    refused = AuditEntry.objects.filter(action="election.illegal_transition").count()
    assert refused == 4
    to_counting(s, issued=1, collected=1, summoned=1)
    for name in ("issue_ballots", "close_voting", "start_counting", "announce", "print"):
        with pytest.raises(IllegalTransitionError):
            steps[name](s.round)
    assert AuditEntry.objects.filter(action="election.illegal_transition").count() == 9
    from daihoi.audit.services import audit_verify

    assert audit_verify()[1] == []


def test_a_transition_refuses_while_something_blocks_it(world: World) -> None:
    s = make_election(world.cell_a, seats=9, names=11)
    with pytest.raises(ServiceError, match="Chưa in phiếu"):
        services.round_issue_ballots(actor=None, rnd=s.round, issued=5)
    assert s.round.status == RoundStatus.PREPARED


# --------------------------------------------------------------------------- secrecy, exports


def test_a_keyed_ballot_has_no_voter_no_timestamp_and_a_random_key(world: World) -> None:
    fields = {f.name for f in BallotEntry._meta.get_fields()} | {
        f.name for f in CountedBallot._meta.get_fields()}
    assert not any("user" in f or "member" in f or "_at" in f or "time" in f for f in fields)
    _count_45(world)
    keys = list(BallotEntry.objects.values_list("id", flat=True))
    assert all(isinstance(k, uuid.UUID) for k in keys)
    assert {k.version for k in keys} == {4}


def test_the_stored_order_is_shuffled_after_reconciliation(world: World) -> None:
    s, _ = _count_45(world)
    services.resolution_record(actor=s.head, rnd=s.round, serial=17, note="tổ 1", from_team=1)
    rnd = services.round_reconcile(actor=s.head, rnd=s.round)
    # Physical order (no ORDER BY) of the desk-1 entries is no longer the order of entry.
    serials = [e.serial for e in BallotEntry.objects.filter(desk=s.desks[0]).order_by()]
    counted = [b.serial for b in CountedBallot.objects.filter(round=rnd).order_by()]
    assert serials != sorted(serials)
    assert counted != sorted(counted)


def test_after_reconciliation_no_row_keeps_the_transaction_of_its_own_entry(
    world: World,
) -> None:
    """PostgreSQL commits each keyed ballot on its own (a desk must see its ballot stored at
    once); each row's ``xmin`` then tells the order of entry. Reconciliation rewrites every
    entry, and writes every counted ballot, in one transaction: afterwards all rows of the
    round share one ``xmin``. (Entry order is the board's counting order anyway, taken after
    the box is opened, so it never leads to a voter: R-030a.)"""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("xmin is PostgreSQL's (SQLite has no per-row transaction id)")
    s, _ = _count_45(world)

    def xmins(table: str, where: str, pk: int) -> set[str]:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT DISTINCT xmin::text FROM {table} WHERE {where} = %s",  # noqa: S608 - fixed names
                           [pk])
            return {row[0] for row in cursor.fetchall()}

    desks = [d.pk for d in s.desks]
    before = xmins("elections_ballotentry", "desk_id", desks[0])
    assert len(before) == 45  # one commit per keyed ballot while counting
    services.resolution_record(actor=s.head, rnd=s.round, serial=17, note="tổ 1", from_team=1)
    rnd = services.round_reconcile(actor=s.head, rnd=s.round)
    after = set().union(*(xmins("elections_ballotentry", "desk_id", d) for d in desks))
    assert len(after) == 1
    assert xmins("elections_countedballot", "round_id", rnd.pk) == after


def test_the_export_recounts_to_the_same_result_with_daihoi_tally(
    world: World, tmp_path: Any, capsys: Any,
) -> None:
    import hashlib

    s, _ = _count_45(world)
    services.resolution_record(actor=s.head, rnd=s.round, serial=17, note="tổ 1", from_team=1)
    rnd = services.round_reconcile(actor=s.head, rnd=s.round)
    assert hashlib.sha256(rnd.export_json.encode()).hexdigest() == rnd.export_sha256
    path = tmp_path / "phieu.json"
    path.write_text(rnd.export_json, encoding="utf-8")
    assert tally_cli([str(path)]) == 0
    recount = json.loads(capsys.readouterr().out)
    assert recount["votes"] == rnd.result["votes"]
    assert recount["elected"] == rnd.result["elected"]
    assert len(rnd.export_csv.strip().splitlines()) == 46


def test_a_tie_at_the_cut_off_opens_a_round_among_the_tied_with_the_decision(
    world: World,
) -> None:
    s = make_election(world.cell_a, seats=3, names=4, kind="committee")
    to_counting(s, summoned=4, issued=4, collected=4)
    # Each ballot crosses out one name, each name once: all four have 3 votes (threshold 3)
    # and compete for 3 seats.
    lines = ["1", "2", "3", "4"]
    key_all(s, lines, desk_index=0)
    key_all(s, lines, desk_index=1)
    rnd = services.round_reconcile(actor=s.head, rnd=s.round)
    rnd = services.round_announce(actor=s.head, rnd=rnd)
    assert rnd.result["seats_remaining_reason"] == "tie_at_cutoff"
    with pytest.raises(ServiceError, match="quyết định"):
        services.round_open_next(actor=None, election=s.election, decision="")
    nxt = services.round_open_next(
        actor=None, election=s.election,
        decision="Đại hội quyết định bầu tiếp giữa những người bằng phiếu")
    assert nxt.seats == 3
    assert nxt.number == 2
    assert len(selectors.round_list(nxt)) == 4


def test_a_cell_secretary_is_voted_at_most_three_times(world: World) -> None:
    from tests.elections.factories import make_congress

    congress = make_congress(world.cell_a, kind="members")
    s = make_election(world.cell_a, congress=congress, seats=1, names=1, kind="secretary")
    for n in range(1, 4):
        to_counting(s, summoned=4, issued=4, collected=4)
        lines = ["1", "1", "1", "/7"]  # 1 agrees ("/7": no "Không đồng ý"), 3 disagree
        key_all(s, lines, desk_index=0)
        key_all(s, lines, desk_index=1)
        rnd = services.round_reconcile(actor=s.head, rnd=s.round)
        rnd = services.round_announce(actor=s.head, rnd=rnd)
        assert rnd.number == n
        if n < 3:
            s.round = services.round_open_next(actor=None, election=s.election,
                                               decision=f"Bầu lần {n + 1}")
    with pytest.raises(ServiceError, match="cấp ủy cấp trên chỉ định"):
        services.round_open_next(actor=None, election=s.election, decision="Bầu lần 4")


def test_two_people_with_one_name_are_told_apart_on_the_ballot(world: World) -> None:
    from tests.conftest import make_member

    s = make_election(world.cell_a, seats=9, names=10)
    twin = s.candidates[0].member
    same = make_member(world.cell_b, family_name=twin.family_name, middle_name=twin.middle_name,
                       given_name=twin.given_name, card_number="77777777")
    services.candidate_add(actor=None, election=s.election, member=same)
    labels = [r.label for r in selectors.round_list(s.round)]
    assert len(set(labels)) == 11
    assert f"{twin.full_name} (1980, {world.cell_a.name})" in labels


def test_no_desk_can_key_once_the_round_is_reconciled(world: World) -> None:
    s = make_election(world.cell_a, seats=9, names=11)
    to_counting(s, issued=2, collected=2, summoned=3)
    for desk in s.desks:
        services.entry_submit(actor=desk.user, desk=desk, serial=1, line="1 2")
        services.entry_submit(actor=desk.user, desk=desk, serial=2, line="1 3")
    services.round_reconcile(actor=s.head, rnd=s.round)
    desk = s.desks[0]
    with pytest.raises(ServiceError, match="đã đối chiếu xong"):
        services.entry_submit(actor=desk.user, desk=desk, serial=2, line="1 2")
    assert BallotEntry.objects.filter(serial=2).count() == 2


def test_changing_the_list_after_printing_requires_printing_again(world: World) -> None:
    s = make_election(world.cell_a, seats=9, names=10)
    services.round_print(actor=None, rnd=s.round, count=45)
    services.candidate_add(actor=None, election=s.election,
                           member=people(world.cell_b, 1, tag="late")[0])
    s.round.refresh_from_db()
    assert s.round.ballots_printed is None
    assert "Chưa in phiếu bầu (số phiếu in)." in selectors.issues_before_issue_ballots(s.round)
