"""The round's threshold base handed over from the congress's attendance record (R-052)."""

from __future__ import annotations

import datetime as dt

from daihoi.delegates import services as delegate_services
from daihoi.elections import services
from daihoi.roster import services as roster_services
from daihoi.roster.models import Member
from daihoi.tally import Deduction
from tests.conftest import World
from tests.delegates.factories import make_day
from tests.elections.factories import make_congress, make_election


def test_the_round_takes_the_base_of_example_1a_from_the_attendance(world: World) -> None:
    day = make_day(world.cell_a, n=45)
    for d in day.delegates[2:]:
        delegate_services.delegate_check_in(actor=None, session=day.official, delegate=d)
    setup = make_election(world.cell_b, congress=day.congress)
    rnd = services.round_base_from_attendance(actor=None, rnd=setup.round)
    rnd.refresh_from_db()
    assert rnd.summoned == 45
    breakdown = services.selectors.base_breakdown(rnd)
    assert breakdown is not None
    assert dict(breakdown.deductions) == {Deduction.DELEGATES_ABSENT_NOT_REPLACED: 2}
    assert breakdown.base == 43
    assert "Phiên chính thức" in rnd.base_note


def test_a_members_congress_takes_its_base_from_the_members_statuses(world: World) -> None:
    congress = make_congress(world.cell_a, kind="members")
    setup = make_election(world.cell_a, congress=congress, seats=3, names=4)
    m = setup.candidates[0].member
    roster_services.member_status_change(actor=None, member=m, expected_version=m.version,
                                         status="exempted", effective_on=dt.date(2020, 1, 6))
    rnd = services.round_base_from_attendance(actor=None, rnd=setup.round)
    official = Member.objects.filter(cell=world.cell_a, full_member_on__isnull=False).count()
    assert rnd.summoned == official
    breakdown = services.selectors.base_breakdown(rnd)
    assert breakdown is not None
    assert dict(breakdown.deductions) == {Deduction.EXEMPTED_ABSENT: 1}
    assert breakdown.base == official - 1
    assert rnd.base_note == "Theo tình trạng đảng viên vào ngày đại hội"


def test_a_members_congress_with_its_roll_takes_r051d_and_the_attendance(world: World) -> None:
    from daihoi.delegates.models import Delegate

    congress = make_congress(world.cell_a, kind="members")
    setup = make_election(world.cell_a, congress=congress, seats=3, names=4)
    delegate_services.members_roll_build(actor=None, congress=congress)
    rows = list(Delegate.objects.filter(congress=congress).order_by("number"))
    delegate_services.delegate_absence_approve(actor=None, delegate=rows[0], reason="Ốm nặng")
    session = delegate_services.session_create(
        actor=None, congress=congress, name="Phiên bầu cử", holds_elections=True,
        starts_at=congress.opens_at or dt.datetime(2020, 4, 8, tzinfo=dt.UTC))
    for d in rows[1:]:
        delegate_services.delegate_check_in(actor=None, session=session, delegate=d)
    rnd = services.round_base_from_attendance(actor=None, rnd=setup.round)
    breakdown = services.selectors.base_breakdown(rnd)
    assert breakdown is not None
    assert rnd.summoned == len(rows)
    assert dict(breakdown.deductions) == {Deduction.ABSENT_WHOLE_CONGRESS_APPROVED: 1}
    assert breakdown.base == len(rows) - 1
    assert rnd.base_note == "Theo danh sách đảng viên triệu tập và điểm danh (Phiên bầu cử)"
