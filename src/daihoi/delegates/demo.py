"""The demo congress's delegates, ready for the congress day: the delegates the cell congresses
reported (or, without cell results, one in two full members of each cell; the pilot's come from
its count, summoned by the elections demo), the outgoing executive committee ex officio, the two
sessions, and the credentials committee's show-of-hands election. No one is checked in yet (the
elections demo holds the congress day). And the pilot cell congress (a members'
congress, 08/04/2020) as it was run: its roll of official members, one absence for the whole
congress approved by the committee (R-051d), everyone else checked in at its one session.
Deterministic and idempotent."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from daihoi import clock
from daihoi.clock import LOCAL_TZ
from daihoi.congress.demo import committee_members
from daihoi.congress.models import CellCongressResult, Congress, ResultRole
from daihoi.delegates import services
from daihoi.delegates.models import AttendanceSession, Delegate, DelegateSource, VoteSubject
from daihoi.roster.choices import MemberStatus, OrgKind
from daihoi.roster.demo import COMMITTEE_CODE, PILOT_CELL_CODE
from daihoi.roster.models import Member, Organization


def _fallback_delegates(actor: object, congress: Congress) -> None:
    """Without cell results: one in two active full members of each cell, in roster order."""
    present = set(Delegate.objects.filter(congress=congress).values_list("member_id", flat=True))
    for cell in Organization.objects.filter(path__startswith=congress.organization.path,
                                            kind=OrgKind.CELL).order_by("path"):
        members = list(Member.objects.filter(cell=cell, full_member_on__isnull=False,
                                                    status=MemberStatus.ACTIVE).order_by("pk"))
        for m in members[: max(1, len(members) // 2)]:
            if m.pk not in present:
                services.delegate_add(actor=actor, congress=congress, member=m,
                                      source=DelegateSource.ELECTED)
                present.add(m.pk)


def _at(d: dt.datetime | None, fallback: dt.datetime) -> dt.datetime:
    return d if d is not None else fallback


def _pilot_congress_day(actor: object, congress: Congress) -> None:
    pilot = Congress.objects.select_related("organization").filter(
        part_of=congress, organization__code=PILOT_CELL_CODE).first()
    if pilot is None or pilot.opens_at is None or pilot.delegates.exists():
        return
    with clock.frozen(pilot.opens_at - dt.timedelta(days=2)):
        services.members_roll_build(actor=actor, congress=pilot)
        roll = list(Delegate.objects.filter(congress=pilot).select_related("member")
                    .order_by("number"))
        # The one away holds no office in the cell (not one of its first three members, the
        # outgoing committee) and no demo login: the last such on the roll.
        office = set(Member.objects.filter(cell=pilot.organization).order_by("pk")
                     .values_list("pk", flat=True)[:3])
        away = [d for d in roll if d.member_id not in office and d.member.user_id is None]
        if not away:
            return
        absent = away[-1]
        services.delegate_absence_approve(
            actor=actor, delegate=absent,
            reason="Đi học tập trung dài hạn, được Đảng ủy đồng ý")
        roll.remove(absent)
        session = services.session_create(actor=actor, congress=pilot, name="Phiên đại hội",
                                          starts_at=pilot.opens_at, holds_elections=True)
    with clock.frozen(pilot.opens_at):
        for d in roll:
            if d.member.status not in (MemberStatus.TEMPORARY_ELSEWHERE, MemberStatus.EXEMPTED,
                                       MemberStatus.SUSPENDED, MemberStatus.PROSECUTED):
                services.delegate_check_in(actor=actor, session=session, delegate=d,
                                           desk="Bàn 1")


@transaction.atomic
def build_demo_delegates(*, actor: object = None) -> Congress:
    congress = Congress.objects.select_related("organization").get(
        organization__code=COMMITTEE_CODE, term_start=2020, part_of__isnull=True)
    # The outgoing committee first: they sit ex officio, not as delegates of their cells.
    present = set(Delegate.objects.filter(congress=congress).values_list("member_id", flat=True))
    for m in committee_members():
        if m.pk not in present and m.full_member_on is not None:
            services.delegate_add(actor=actor, congress=congress, member=m,
                                  source=DelegateSource.EX_OFFICIO)
    if Delegate.objects.filter(congress=congress, source=DelegateSource.ELECTED).exists():
        pass  # built before: nothing to add (and no empty audit entry)
    elif CellCongressResult.objects.filter(congress__part_of=congress,
                                           role=ResultRole.DELEGATE).exists():
        services.delegates_import_from_cells(actor=actor, congress=congress)
    else:
        _fallback_delegates(actor, congress)
    opens = _at(congress.opens_at, dt.datetime(2020, 6, 10, 7, 30, tzinfo=LOCAL_TZ))
    prep = _at(congress.preparatory_session_at, opens - dt.timedelta(hours=17, minutes=30))
    sessions = {s.name: s for s in AttendanceSession.objects.filter(congress=congress)}
    if "Phiên trù bị" not in sessions:
        sessions["Phiên trù bị"] = services.session_create(
            actor=actor, congress=congress, name="Phiên trù bị", starts_at=prep)
    if "Phiên chính thức" not in sessions:
        services.session_create(actor=actor, congress=congress, name="Phiên chính thức",
                                starts_at=opens, holds_elections=True)
    if not congress.show_of_hands_votes.exists():
        names = "\n".join(m.full_name for m in committee_members()[:3])
        n = Delegate.objects.filter(congress=congress, status="summoned").count()
        services.show_of_hands_record(
            actor=actor, congress=congress, subject=VoteSubject.CREDENTIALS_COMMITTEE,
            title="Bầu Ban Thẩm tra tư cách đại biểu (3 đồng chí)", names=names, present=n,
            in_favour=n, session=sessions["Phiên trù bị"])
    _pilot_congress_day(actor, congress)
    return congress
