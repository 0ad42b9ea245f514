"""The demo congress's elections, ready to be counted: the executive committee (9 seats,
11 names) and the delegates to the district congress (10 + 2 alternates, 14 names), each with
its counting board, the threshold base and two entry desks given to two board members."""

from __future__ import annotations

from django.db import transaction

from daihoi.congress.demo import build_demo_congress
from daihoi.delegates.demo import build_demo_delegates
from daihoi.elections import services
from daihoi.elections.models import Election, ElectionKind
from daihoi.roster import services as roster_services
from daihoi.roster.choices import RoleKind
from daihoi.roster.demo import DEMO_PASSWORD, DemoLogin
from daihoi.roster.models import Member

_BOARD = "Ban kiểm phiếu, Đại hội lần thứ X"
DEMO_ELECTION_LOGINS = (
    DemoLogin("bkp.truongban", "Trưởng ban kiểm phiếu (kết luận khi hai tổ nhập khác nhau)",
              _BOARD),
    DemoLogin("bkp.to1", "Bàn nhập phiếu tổ 1", _BOARD),
    DemoLogin("bkp.to2", "Bàn nhập phiếu tổ 2", _BOARD),
)


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


@transaction.atomic
def build_demo_elections(*, actor: object = None) -> tuple[list[Election], bool]:
    """Build the demo elections (idempotent: a second run returns the first run's)."""
    congress, _ = build_demo_congress(actor=actor)
    build_demo_delegates(actor=actor)
    existing = list(Election.objects.filter(congress=congress).order_by("position"))
    if existing:
        return existing, False
    pool = _full_members(congress.organization.path)
    committee_list, delegate_list, board = pool[:11], pool[11:25], pool[25:30]
    users = []
    for member, login in zip(board, DEMO_ELECTION_LOGINS, strict=False):
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
