"""The demo congress's elections, ready to be counted: the executive committee (9 seats,
11 names) and the delegates to the district congress (10 + 2 alternates, 14 names), each with
its counting board, the threshold base and two entry desks given to two board members.

And the pilot cell congress's election of its cell committee (3 seats, 4 names, 08/04/2020) as
it was counted: the base from its roll (R-051, one absence approved), the ballots keyed at two
desks, reconciled and announced, electing the committee its reported results name."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction

from daihoi import clock
from daihoi.congress.demo import build_demo_congress
from daihoi.congress.models import CellCongressResult, Congress, ResultRole
from daihoi.delegates.demo import build_demo_delegates
from daihoi.delegates.models import CheckIn, Delegate, DelegateStatus
from daihoi.elections import selectors, services
from daihoi.elections.models import Election, ElectionKind
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


def _prepare_round(election: Election, desks: list[object]) -> None:
    rnd = election.rounds.get(sequence=1)
    # The base of R-052 from the congress's delegate list and its attendance record (the
    # delegates demo leaves check-in open, so nobody is deducted yet).
    rnd = services.round_base_from_attendance(actor=None, rnd=rnd)
    services.round_print(actor=None, rnd=rnd, count=rnd.summoned or 0)
    for team, user in enumerate(desks, start=1):
        services.desk_assign(actor=None, rnd=rnd, user=user, team=team)


def _pilot_election(actor: object, congress: Congress) -> None:
    """The pilot cell congress's cell committee, counted as it was on 08/04/2020."""
    pilot = Congress.objects.filter(part_of=congress, organization__code=PILOT_CELL_CODE,
                                    is_pilot=True).first()
    if pilot is None or pilot.opens_at is None or pilot.elections.exists():
        return
    results = CellCongressResult.objects.filter(congress=pilot).select_related("member")
    committee: list[Member] = []
    for r in results.filter(role__in=[ResultRole.SECRETARY, ResultRole.COMMITTEE]).order_by(
            "role", "position"):
        if r.member not in committee:  # the secretary is listed among the committee too
            committee.append(r.member)
    came = list(CheckIn.objects.filter(session__congress=pilot).select_related(
        "delegate__member").order_by("delegate__number"))
    others = [c.delegate.member for c in came
              if c.delegate.member.pk not in {m.pk for m in committee}]
    dangvien = User.objects.filter(username="dangvien").select_related("member").first()
    desk_one = getattr(dangvien, "member", None)
    others = [m for m in others if desk_one is None or m.pk != desk_one.pk]
    if len(committee) != 3 or len(others) < 3 or desk_one is None or not came:
        return
    extra, head, desk_two = others[0], others[1], others[2]
    start = pilot.opens_at + dt.timedelta(hours=2)
    with clock.frozen(start):
        election = services.election_create(
            actor=actor, congress=pilot, kind=ElectionKind.CELL_COMMITTEE, seats=3,
            seats_decision="Đại hội biểu quyết thông qua số lượng chi ủy khóa mới là 03 đồng chí")
        for member in [*committee, extra]:
            services.candidate_add(actor=actor, election=election, member=member)
        for member in (head, desk_one, desk_two):
            services.board_member_add(actor=actor, election=election, member=member,
                                      is_head=member is head)
        second = roster_services.user_create_with_role(
            actor=actor, username=_PILOT_LOGIN.username, password=DEMO_PASSWORD,
            organization=desk_two.cell, kind=RoleKind.MEMBER, member=desk_two,
            full_name=desk_two.full_name)
        rnd = services.round_base_from_attendance(actor=actor, rnd=election.rounds.get())
        voters = len(came)
        rnd = services.round_print(actor=actor, rnd=rnd, count=voters)
        rnd = services.round_issue_ballots(actor=actor, rnd=rnd, issued=voters)
    with clock.frozen(start + dt.timedelta(minutes=20)):
        rnd = services.round_close_voting(actor=actor, rnd=rnd, collected=voters,
                                          present=voters)
        desks = [services.desk_assign(actor=actor, rnd=rnd, user=u, team=t)
                 for t, u in ((1, dangvien), (2, second))]
        rnd = services.round_start_counting(actor=actor, rnd=rnd)
        # The typist types the number printed beside each crossed name (``keying``).
        key = {row.candidate.member.pk: str(row.position + 1)
               for row in selectors.round_list(rnd)}
        # Most cross out the fourth name; two cross out one of the committee; one two names.
        lines = [key[extra.pk]] * (voters - 3) + [
            key[committee[1].pk], key[committee[2].pk],
            f"{key[extra.pk]} {key[committee[0].pk]}"]
        for desk in desks:
            for serial, line in enumerate(lines, start=1):
                services.entry_submit(actor=desk.user, desk=desk, serial=serial, line=line)
    with clock.frozen(start + dt.timedelta(minutes=50)):
        rnd = services.round_reconcile(actor=actor, rnd=rnd)
        services.round_announce(actor=actor, rnd=rnd)


@transaction.atomic
def build_demo_elections(*, actor: object = None) -> tuple[list[Election], bool]:
    """Build the demo elections (idempotent: a second run returns the first run's)."""
    congress, _ = build_demo_congress(actor=actor)
    build_demo_delegates(actor=actor)
    _pilot_election(actor, congress)
    existing = list(Election.objects.filter(congress=congress).order_by("position"))
    if existing:
        return existing, False
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
    for kind, seats, alternates, names, decision in (
        (ElectionKind.COMMITTEE, 9, 0, committee_list,
         "Đại hội biểu quyết thông qua số lượng Ban Chấp hành khóa mới là 09 đồng chí"),
        (ElectionKind.DELEGATES, 10, 2, delegate_list,
         "Đảng bộ huyện phân bổ 10 đại biểu chính thức; đại hội quyết định bầu 02 dự khuyết"),
    ):
        election = services.election_create(actor=actor, congress=congress, kind=kind,
                                            seats=seats, alternates=alternates,
                                            seats_decision=decision)
        for member in names:
            services.candidate_add(actor=actor, election=election, member=member)
        for i, member in enumerate(board):
            services.board_member_add(actor=actor, election=election, member=member,
                                      is_head=i == 0)
        _prepare_round(election, users[1:3])
        elections.append(election)
    return elections, True
