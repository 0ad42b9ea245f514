"""The demo's elections, every one through the real services (each step audited).

The pilot cell congress (Chi bộ Tài chính - Kế hoạch, 08/04/2020), a members' congress, as it
was counted in daihoi on its roll's base (R-051, one absence approved), keyed at two desks,
reconciled and announced: its cell committee (3 seats, 4 names), its secretary and deputy
secretary, and its delegates to the committee's congress (7 + 2 alternates on one list of 9).
The first round elects the 7 delegates and one alternate; the last name falls short of the
threshold, and a further round held for that alternate place alone (0 official seats) elects
the second alternate, ranked after the first. The cell's record is then filled from its count
(``cell_results.cell_results_from_count``, no typing) and its delegates and ranked alternates
are summoned from it (``delegates_import_from_cells``).

The committee's 10th congress on its day (10/06/2020), mid-afternoon: the delegates checked in
at both sessions (two away at the official session only), the executive committee elected
(9 seats, 11 names, counted at the desks ``bkp.to1`` and ``bkp.to2``, reconciled and announced
by ``bkp.truongban``), then the new committee's first conference, held during the congress,
electing its standing committee (3 of 4), secretary and deputy secretary on the conference's
base (the 9 members elected, R-054), keyed by the two desk users as technical staff. The
delegates to the district congress (10 + 2 alternates, 14 names) are being counted: the vote
closed at 15:50 (every delegate present voted) and the board counts with a scanner: the scan desk
is ``bkp.to1``'s (tổ 1), the keyed desk ``bkp.to2``'s (tổ 2); the board head has not yet chosen
the second reading (another desk keying every ballot, or the comparison audit of the scan desk).
The scanned ballots themselves are the scanning app's part of the demo
(``daihoi.scanning.demo``: one file read, a few names waiting for the head, the next file in the
round's scan folder)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from daihoi import clock
from daihoi.congress.demo import build_demo_congress
from daihoi.congress.models import Congress
from daihoi.delegates import services as delegate_services
from daihoi.delegates.demo import build_demo_delegates
from daihoi.delegates.models import AttendanceSession, CheckIn, Delegate, DelegateStatus
from daihoi.elections import cell_results, selectors, services
from daihoi.elections.models import Election, ElectionBody, ElectionKind, EntryDesk, Round
from daihoi.elections.outcome import election_outcome
from daihoi.roster import services as roster_services
from daihoi.roster.choices import RoleKind
from daihoi.roster.demo import DEMO_PASSWORD, PILOT_CELL_CODE, DemoLogin
from daihoi.roster.models import Member

User = get_user_model()
_BOARD = "Ban kiểm phiếu, Đại hội lần thứ X"
_PILOT_BOARD = "Ban kiểm phiếu, đại hội Chi bộ Tài chính - Kế hoạch (đã kiểm xong)"
_COUNTING_LOGINS = (
    DemoLogin("bkp.truongban", "Trưởng ban kiểm phiếu (kết luận khi hai tổ nhập khác nhau)",
              _BOARD),
    DemoLogin("bkp.to1", "Bàn nhập phiếu tổ 1", _BOARD),
    DemoLogin("bkp.to2", "Bàn nhập phiếu tổ 2", _BOARD),
)
_PILOT_LOGIN = DemoLogin("bkp.tckh", "Bàn nhập phiếu tổ 2 (tổ 1: dangvien)", _PILOT_BOARD)
DEMO_ELECTION_LOGINS = (*_COUNTING_LOGINS, _PILOT_LOGIN)

#: The pilot's delegates to the committee's congress: official seats and alternate places.
PILOT_DELEGATES, PILOT_ALTERNATES = 7, 2
#: The first conference's standing committee (seats, names).
STANDING_SEATS = 3


def _full_members(committee_path: str) -> list[Member]:
    rows = Member.objects.filter(
        cell__path__startswith=committee_path, status="active", full_member_on__isnull=False,
        user__isnull=True,
    ).select_related("cell").order_by("pk")
    seen: set[str] = set()
    out = []
    for m in rows:  # distinct names, so that the demo ballots read without ambiguity
        if m.full_name in seen:
            continue
        seen.add(m.full_name)
        out.append(m)
    return out


def _local(congress: Congress, hour: int, minute: int = 0) -> dt.datetime:
    assert congress.opens_at is not None
    opens = congress.opens_at.astimezone(clock.LOCAL_TZ)
    return opens.replace(hour=hour, minute=minute).astimezone(dt.UTC)


def _count(rnd: Round, against: Sequence[Sequence[Member]], at: dt.datetime, *,
           office: Any, head: Any, desks: Sequence[tuple[Any, bool]] = (),
           present: int | None = None, minutes: tuple[int, int] = (15, 40)) -> Round:
    """Vote and count one round at ``at``: one ballot per entry of ``against`` (the names voted
    against: crossed out, or marked "Không đồng ý" on a list without surplus), the base taken
    from the attendance record, the ballots keyed alike at the round's desks by the numbers
    printed beside the names, then reconciled and announced by ``head``; the vote closes and
    the count ends ``minutes`` after ``at``."""
    voters = len(against)
    with clock.frozen(at):
        rnd = services.round_base_from_attendance(actor=office, rnd=rnd)
        if (rnd.ballots_printed or 0) < voters:
            rnd = services.round_print(actor=office, rnd=rnd, count=voters)
        rnd = services.round_issue_ballots(actor=office, rnd=rnd, issued=voters)
    with clock.frozen(at + dt.timedelta(minutes=minutes[0])):
        rnd = services.round_close_voting(actor=office, rnd=rnd, collected=voters,
                                          present=voters if present is None else present)
        for team, (user, technical) in enumerate(desks, start=1):
            services.desk_assign(actor=office, rnd=rnd, user=user, team=team,
                                 technical_staff=technical)
        rnd = services.round_start_counting(actor=office, rnd=rnd)
        number = {row.candidate.member_id: row.position + 1 for row in selectors.round_list(rnd)}
        lines = [" ".join(str(number[m.pk]) for m in names) or "/7" for names in against]
        for desk in EntryDesk.objects.filter(round=rnd).select_related("user").order_by("team"):
            for serial, line in enumerate(lines, start=1):
                services.entry_submit(actor=desk.user, desk=desk, serial=serial, line=line)
    with clock.frozen(at + dt.timedelta(minutes=minutes[1])):
        rnd = services.round_reconcile(actor=head, rnd=rnd)
        return services.round_announce(actor=head, rnd=rnd)


def _election(congress: Congress, kind: str, seats: int, names: Sequence[Member],
              board: Sequence[Member], decision: str, *, alternates: int = 0,
              body: str = ElectionBody.CONGRESS, actor: Any = None) -> Election:
    election = services.election_create(actor=actor, congress=congress, kind=kind, seats=seats,
                                        alternates=alternates, seats_decision=decision,
                                        body=body)
    # The list the congress adopted, in one action (as pasted or taken from the plan).
    services.candidates_add_many(actor=actor, election=election, members=list(names),
                                 origin="danh sách đại hội biểu quyết thông qua")
    for i, member in enumerate(board):
        services.board_member_add(actor=actor, election=election, member=member,
                                  is_head=i == 0)
    return election


# --------------------------------------------------------------------------- the pilot cell


def _pilot_congress(congress: Congress) -> None:
    """The pilot cell congress's elections, counted on 08/04/2020; its record filled from the
    count and its delegates summoned from it."""
    pilot = Congress.objects.select_related("organization").filter(
        part_of=congress, organization__code=PILOT_CELL_CODE, is_pilot=True).first()
    if pilot is None or pilot.opens_at is None or pilot.elections.exists():
        return
    came = [c.delegate.member for c in CheckIn.objects.filter(session__congress=pilot)
            .select_related("delegate__member").order_by("delegate__number")]
    cell = list(Member.objects.filter(cell=pilot.organization).order_by("pk"))
    committee = [m for m in cell[:3] if m in came]  # the outgoing committee, re-elected
    users = {u.username: u for u in User.objects.filter(username__in=["dangvien", "bithu.tckh"])
             .select_related("member")}
    dangvien, secretary_user = users.get("dangvien"), users.get("bithu.tckh")
    desk_one = getattr(dangvien, "member", None)
    others = [m for m in came if m not in committee and m != desk_one]
    if len(committee) != 3 or desk_one is None or len(others) < 3 + PILOT_ALTERNATES:
        return
    extra, head, desk_two = others[0], others[1], others[2]
    board = [head, desk_one, desk_two]
    # Everyone who came and holds no place on the board stands for the committee's congress.
    delegates = [m for m in came if m not in board][:PILOT_DELEGATES + PILOT_ALTERNATES]
    if len(delegates) < PILOT_DELEGATES + PILOT_ALTERNATES:
        return
    voters = len(came)
    start = _local(pilot, 9, 30)
    with clock.frozen(start - dt.timedelta(minutes=30)):
        second = roster_services.user_create_with_role(
            actor=None, username=_PILOT_LOGIN.username, password=DEMO_PASSWORD,
            organization=desk_two.cell, kind=RoleKind.MEMBER, member=desk_two,
            full_name=desk_two.full_name)
    desks = [(dangvien, False), (second, False)]
    count: dict[str, Any] = {"office": None, "head": None, "desks": desks}

    with clock.frozen(start):
        election = _election(
            pilot, ElectionKind.CELL_COMMITTEE, 3, [*committee, extra], board,
            "Đại hội biểu quyết thông qua số lượng chi ủy khóa mới là 03 đồng chí")
    # Most cross out the fourth name; two cross out one of the committee; one two names.
    _count(election.rounds.get(), [[extra]] * (voters - 3) + [
        [committee[1]], [committee[2]], [extra, committee[0]]], start, **count)

    for kind, who, against, hour in (
        (ElectionKind.SECRETARY, committee[0], 1, 10),
        (ElectionKind.DEPUTY_SECRETARY, committee[1], 2, 11),
    ):
        at = _local(pilot, hour, 0)
        with clock.frozen(at):
            election = _election(pilot, kind, 1, [who], board,
                                 "Đại hội biểu quyết bầu 01 đồng chí")
        _count(election.rounds.get(), [[who]] * against + [[]] * (voters - against), at,
               **count)

    # The delegates: one list of 9 for 7 seats and 2 alternate places (no surplus, so the
    # ballot has "Đồng ý" / "Không đồng ý" columns). The ninth name has half the votes,
    # short of the threshold; the eighth is the first alternate.
    first_alternate, short = delegates[-2], delegates[-1]
    at = _local(pilot, 13, 30)
    with clock.frozen(at):
        election = _election(
            pilot, ElectionKind.DELEGATES, PILOT_DELEGATES, delegates, board,
            "Đảng ủy Khối phân bổ 07 đại biểu chính thức; đại hội biểu quyết bầu 02 đại biểu "
            "dự khuyết", alternates=PILOT_ALTERNATES)
    half = voters // 2
    _count(election.rounds.get(), [[short]] * half + [[first_alternate]] * 2 + [[delegates[0]]]
           + [[]] * (voters - half - 3), at, **count)
    at = _local(pilot, 14, 30)
    with clock.frozen(at):
        last = services.round_open_next(
            actor=None, election=election,
            decision="Đại hội biểu quyết bầu tiếp 01 đại biểu dự khuyết còn thiếu; danh sách "
                     "là đồng chí chưa trúng cử", candidate_ids=[
                         c.pk for c in election.candidates.filter(member=short)])
    _count(last, [[short]] * 3 + [[]] * (voters - 3), at, **count)

    # The record from the count (no typing), then the summons from the record.
    with clock.frozen(_local(pilot, 17, 0)):
        cell_results.cell_results_from_count(actor=secretary_user, cell_congress=pilot)
    with clock.frozen(_local(pilot, 17, 0) + dt.timedelta(days=50)):
        delegate_services.delegates_import_from_cells(actor=None, congress=congress)


# --------------------------------------------------------------------------- the congress day


def _check_in(congress: Congress, office: Any, keep_away: set[int]) -> int:
    """Both sessions' check-in; the ``keep_away`` delegates attend the preparatory session
    only (away at the vote, not absent for the whole congress). Returns those present at the
    official session."""
    sessions = list(AttendanceSession.objects.filter(congress=congress).order_by("starts_at"))
    summoned = list(Delegate.objects.filter(congress=congress, status=DelegateStatus.SUMMONED)
                    .select_related("member").order_by("number"))
    present = 0
    for i, session in enumerate(sessions):
        official = i == len(sessions) - 1
        for n, d in enumerate(summoned):
            if official and d.member_id in keep_away:
                continue
            with clock.frozen(session.starts_at - dt.timedelta(minutes=40 - n // 4)):
                delegate_services.delegate_check_in(actor=office, session=session, delegate=d,
                                                    desk=f"Bàn {1 + n % 2}")
            present += official
    return present


def _congress_day(congress: Congress, committee: Election, users: list[Any],
                  office: Any) -> list[Election]:
    """The check-in, the executive committee's count, then the new committee's first
    conference (standing committee, secretary, deputy secretary)."""
    names = [c.member for c in selectors.active_candidates(committee)]
    board_ids = set(committee.board.values_list("member_id", flat=True))
    away = [d.member_id for d in Delegate.objects.filter(
        congress=congress, status=DelegateStatus.SUMMONED).order_by("-number")
        if d.member_id not in board_ids and d.member_id not in {m.pk for m in names}
        and d.member.user_id is None][:2]
    present = _check_in(congress, office, set(away))
    head, desk_users = users[0], users[1:3]
    # Two names short of more than half: the last two of the list as the congress drew it.
    losers = [m for m in names if m.pk in {c.member_id for c in committee.candidates.order_by(
        "-pk")[:2]}]
    winners = [m for m in names if m not in losers]
    against: list[list[Member]] = [losers] * (present - 12)
    against += [[losers[0], winners[i % len(winners)]] for i in range(6)]
    against += [[losers[1], winners[(i + 3) % len(winners)]] for i in range(6)]
    _count(committee.rounds.get(), against, _local(congress, 14, 0), office=office, head=head,
           present=present, minutes=(20, 55))

    body = [m for m in winners if m.pk in {p.member_id for p in
                                             election_outcome(committee).elected}]
    standing, board = body[:STANDING_SEATS + 1], body[STANDING_SEATS + 1:STANDING_SEATS + 4]
    desks = [(u, True) for u in desk_users]  # the office's technical staff, for the board
    sitting = len(body)
    out = []
    # During the break after the committee's announcement (14:55), before the delegates'
    # election (15:30): each vote of the nine takes a few minutes.
    quick = (4, 8)
    at = _local(congress, 15, 0)
    with clock.frozen(at):
        election = _election(
            congress, ElectionKind.STANDING_COMMITTEE, STANDING_SEATS, standing, board,
            "Hội nghị biểu quyết thông qua số lượng Ban Thường vụ là 03 đồng chí",
            body=ElectionBody.CONFERENCE, actor=office)
    out.append(election)
    _count(election.rounds.get(), [[standing[-1]]] * (sitting - 3)
           + [[standing[-1], standing[1]], [standing[2]], [standing[2]]], at,
           office=office, head=None, desks=desks, minutes=quick)
    for kind, who, against_n, minute in ((ElectionKind.SECRETARY, standing[0], 1, 10),
                                         (ElectionKind.DEPUTY_SECRETARY, standing[1], 2, 20)):
        at = _local(congress, 15, minute)
        with clock.frozen(at):
            election = _election(congress, kind, 1, [who], board,
                                 "Hội nghị biểu quyết bầu 01 đồng chí",
                                 body=ElectionBody.CONFERENCE, actor=office)
        out.append(election)
        _count(election.rounds.get(), [[who]] * against_n + [[]] * (sitting - against_n), at,
               office=office, head=None, desks=desks, minutes=quick)
    return out


def _prepare_round(election: Election, desks: list[Any], office: Any, *,
                   scanned: bool = False) -> Round:
    """Base, ballots printed, desks assigned; with ``scanned`` the first desk is the round's
    scan desk."""
    rnd = election.rounds.get(sequence=1)
    # The base of R-052 from the congress's delegate list and its attendance record.
    rnd = services.round_base_from_attendance(actor=office, rnd=rnd)
    rnd = services.round_print(actor=office, rnd=rnd, count=rnd.summoned or 0)
    for team, user in enumerate(desks, start=1):
        services.desk_assign(actor=office, rnd=rnd, user=user, team=team,
                             scanned=scanned and team == 1)
    return rnd


def _vote(rnd: Round, office: Any, at: dt.datetime) -> Round:
    """Every delegate present at the official session votes; the box is opened for counting
    twenty-five minutes later."""
    official = AttendanceSession.objects.filter(congress=rnd.election.congress).order_by(
        "starts_at").last()
    present = CheckIn.objects.filter(session=official).count() if official else 0
    with clock.frozen(at):
        rnd = services.round_issue_ballots(actor=office, rnd=rnd, issued=present)
    with clock.frozen(at + dt.timedelta(minutes=20)):
        rnd = services.round_close_voting(actor=office, rnd=rnd, collected=present,
                                          present=present)
    with clock.frozen(at + dt.timedelta(minutes=25)):
        return services.round_start_counting(actor=office, rnd=rnd)


@transaction.atomic
def build_demo_elections(*, actor: object = None) -> tuple[list[Election], bool]:
    """Build the demo elections (idempotent: a second run returns the first run's): the
    congress's elections first (the executive committee, the delegates), then the first
    conference's (standing committee, secretary, deputy secretary)."""
    congress, _ = build_demo_congress(actor=actor)
    build_demo_delegates(actor=actor)
    _pilot_congress(congress)
    existing = list(Election.objects.filter(congress=congress).order_by("position"))
    if existing:
        return existing, False
    office = actor or User.objects.filter(username="vanphong").first()
    pool = _full_members(congress.organization.path)
    # At a delegates' congress only its official delegates stand for the higher congress.
    summoned = set(Delegate.objects.filter(congress=congress, status=DelegateStatus.SUMMONED)
                   .values_list("member_id", flat=True))
    committee_list, rest = pool[:11], pool[11:]
    delegate_list = [m for m in rest if m.pk in summoned][:14]
    board = [m for m in rest if m not in delegate_list][:5]
    users = []
    for member, login in zip(board, _COUNTING_LOGINS, strict=False):
        users.append(roster_services.user_create_with_role(
            actor=actor, username=login.username, password=DEMO_PASSWORD,
            organization=member.cell, kind=RoleKind.MEMBER, member=member,
            full_name=member.full_name,
        ))
    elections = []
    with clock.frozen(_local(congress, 7, 0)):
        for kind, seats, alternates, names, decision in (
            (ElectionKind.COMMITTEE, 9, 0, committee_list,
             "Đại hội biểu quyết thông qua số lượng Ban Chấp hành khóa mới là 09 đồng chí"),
            (ElectionKind.DELEGATES, 10, 2, delegate_list,
             "Đảng bộ huyện phân bổ 10 đại biểu chính thức; đại hội quyết định bầu 02 dự "
             "khuyết"),
        ):
            elections.append(_election(congress, kind, seats, names, board, decision,
                                       alternates=alternates, actor=office))
    committee, delegates = elections
    with clock.frozen(_local(congress, 13, 30)):
        _prepare_round(committee, users[1:3], office)
    conference = _congress_day(congress, committee, users, office)
    with clock.frozen(_local(congress, 15, 25)):
        rnd = _prepare_round(delegates, users[1:3], office, scanned=True)
    _vote(rnd, office, _local(congress, 15, 30))
    return [*elections, *conference], True
