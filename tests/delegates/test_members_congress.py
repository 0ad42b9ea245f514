"""A members' congress (đại hội đảng viên) run in daihoi: the roll of official members summoned,
absence for the whole congress with an approved reason (R-051d), an exempted member who comes
(R-051b), check-in, and the base handed to the elections."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from daihoi.audit.models import AuditEntry
from daihoi.core.errors import IllegalTransitionError, ServiceError
from daihoi.delegates import services
from daihoi.delegates.models import Delegate, DelegateSource, DelegateStatus
from daihoi.delegates.selectors import presence, threshold_breakdown_for
from daihoi.roster.models import Member
from daihoi.tally import Deduction, ThresholdBase
from tests.conftest import PASSWORD, World
from tests.delegates.factories import at, bulk_members
from tests.delegates.test_threshold_base import _members_congress, _status


@pytest.fixture
def cell(world: World) -> Any:
    """Chi bộ A1: the fixture's member plus 9 official members, one probationary."""
    bulk_members(world.cell_a, 9)
    bulk_members(world.cell_a, 1, full_member_on=None)
    return world.cell_a


def _roll(cell: Any) -> tuple[Any, dict[int, Delegate]]:
    congress = _members_congress(cell)
    services.members_roll_build(actor=None, congress=congress)
    rows = Delegate.objects.filter(congress=congress).select_related("member")
    return congress, {d.member_id: d for d in rows}


def test_the_roll_summons_every_official_member_once_in_name_order(cell: Any) -> None:
    gone = Member.objects.filter(cell=cell, full_member_on__isnull=False).order_by("pk")[1]
    _status(gone, "transferred_out", dt.date(2020, 4, 1))
    congress, rows = _roll(cell)
    official = Member.objects.filter(cell=cell, full_member_on__isnull=False).exclude(
        pk=gone.pk)
    # 9: neither the probationary member nor the one who left
    assert set(rows) == set(official.values_list("pk", flat=True))
    assert all(d.source == DelegateSource.MEMBER and d.status == DelegateStatus.SUMMONED
               for d in rows.values())
    by_number = sorted(rows.values(), key=lambda d: d.number)
    assert [d.member.sort_key for d in by_number] == sorted(d.member.sort_key for d in by_number)
    assert [d.number for d in by_number] == list(range(1, 10))
    late = bulk_members(cell, 1, full_member_on=dt.date(2019, 1, 1))[0]
    assert services.members_roll_build(actor=None, congress=congress) == 1  # only the new one
    assert Delegate.objects.get(congress=congress, member=late).number == 10
    assert AuditEntry.objects.filter(action="delegates.members_roll").count() == 2


def test_the_base_deducts_each_of_r051_a_to_d_once(cell: Any) -> None:
    members = list(Member.objects.filter(cell=cell, full_member_on__isnull=False).order_by("pk"))
    before = dt.date(2020, 1, 15)
    _status(members[0], "temporary_elsewhere", before)  # (a)
    _status(members[1], "exempted", before)  # (b), absent
    _status(members[2], "suspended", before)  # (c)
    congress, rows = _roll(cell)
    services.delegate_absence_approve(actor=None, delegate=rows[members[3].pk],
                                      reason="Đi công tác nước ngoài")  # (d)
    # approved absent and also on temporary activity elsewhere: deducted once, under (a)
    services.delegate_absence_approve(actor=None, delegate=rows[members[0].pk],
                                      reason="Sinh hoạt tạm thời nơi khác")
    detail = threshold_breakdown_for(congress)
    assert detail.base == ThresholdBase(summoned=10, deductions={
        Deduction.TEMPORARY_ACTIVITY_ELSEWHERE: 1, Deduction.EXEMPTED_ABSENT: 1,
        Deduction.SUSPENDED_OR_PROSECUTED: 1, Deduction.ABSENT_WHOLE_CONGRESS_APPROVED: 1})
    assert (detail.breakdown.base, detail.min_votes) == (6, 4)
    assert detail.names[Deduction.ABSENT_WHOLE_CONGRESS_APPROVED] == [
        f"{members[3].full_name} (Đi công tác nước ngoài)"]


def test_an_exempted_member_who_came_to_any_session_before_the_vote_is_counted(
    cell: Any,
) -> None:
    members = list(Member.objects.filter(cell=cell, full_member_on__isnull=False).order_by("pk"))
    _status(members[1], "exempted", dt.date(2020, 1, 15))
    _status(members[2], "exempted", dt.date(2020, 1, 15))
    _status(members[3], "exempted", dt.date(2020, 1, 15))
    congress, rows = _roll(cell)
    morning = services.session_create(actor=None, congress=congress, name="Phiên khai mạc",
                                      starts_at=at(2020, 4, 8, 8))
    vote = services.session_create(actor=None, congress=congress, name="Phiên bầu cử",
                                   starts_at=at(2020, 4, 8, 14), holds_elections=True)
    services.delegate_check_in(actor=None, session=morning, delegate=rows[members[0].pk])
    services.delegate_check_in(actor=None, session=vote, delegate=rows[members[1].pk])
    services.delegate_check_in(actor=None, session=morning, delegate=rows[members[2].pk])
    # Attendance is taken once for the congress (spec of 2026-12-01): members[1] came to the
    # vote and members[2] to the morning session, so both are counted; members[3] never came.
    at_vote = threshold_breakdown_for(congress, session=vote)
    assert at_vote.base == ThresholdBase(summoned=10,
                                         deductions={Deduction.EXEMPTED_ABSENT: 1})
    assert at_vote.names[Deduction.EXEMPTED_ABSENT] == [members[3].full_name]
    # an election in the morning: members[1] had not come yet
    in_morning = threshold_breakdown_for(congress, session=morning)
    assert sorted(in_morning.names[Deduction.EXEMPTED_ABSENT]) == sorted(
        [members[1].full_name, members[3].full_name])


@pytest.mark.parametrize(("policy", "deducted"), [("absent_only", 1), ("always", 2)])
def test_members_on_temporary_activity_elsewhere_are_deducted_by_the_named_policy(
    cell: Any, policy: str, deducted: int,
) -> None:
    members = list(Member.objects.filter(cell=cell, full_member_on__isnull=False).order_by("pk"))
    _status(members[0], "temporary_elsewhere", dt.date(2020, 1, 15))  # comes
    _status(members[1], "temporary_elsewhere", dt.date(2020, 1, 15))  # does not come
    congress, rows = _roll(cell)
    services.temporary_elsewhere_policy_set(actor=None, congress=congress, value=policy)
    session = services.session_create(actor=None, congress=congress, name="Phiên bầu cử",
                                      starts_at=at(2020, 4, 8, 8), holds_elections=True)
    services.delegate_check_in(actor=None, session=session, delegate=rows[members[0].pk])
    detail = threshold_breakdown_for(congress, session=session)
    assert detail.base.deductions == {Deduction.TEMPORARY_ACTIVITY_ELSEWHERE: deducted}
    assert detail.breakdown.base == 10 - deducted


def test_twenty_one_members_one_suspended_give_base_twenty_and_eleven_votes(
    world: World,
) -> None:
    bulk_members(world.cell_b, 20)  # with the fixture's member_b: 21 official members
    suspended = Member.objects.filter(cell=world.cell_b).order_by("pk").first()
    assert suspended is not None
    _status(suspended, "suspended", dt.date(2020, 1, 15))
    congress = _members_congress(world.cell_b)
    services.members_roll_build(actor=None, congress=congress)
    detail = threshold_breakdown_for(congress)
    # The suspended member is summoned on the roll and deducted once (not 19 and 10).
    assert detail.base == ThresholdBase(summoned=21,
                                        deductions={Deduction.SUSPENDED_OR_PROSECUTED: 1})
    assert (detail.breakdown.base, detail.min_votes) == (20, 11)


def test_an_absence_cannot_be_approved_after_check_in_nor_a_check_in_after_approval(
    cell: Any
) -> None:
    congress, rows = _roll(cell)
    first, second = list(rows.values())[:2]
    session = services.session_create(actor=None, congress=congress, name="Phiên chính thức",
                                      starts_at=at(2020, 4, 8, 8), holds_elections=True)
    services.delegate_check_in(actor=None, session=session, delegate=first)
    with pytest.raises(IllegalTransitionError, match="đã điểm danh"):
        services.delegate_absence_approve(actor=None, delegate=first, reason="Ốm")
    with pytest.raises(ServiceError, match="Cần ghi lý do"):
        services.delegate_absence_approve(actor=None, delegate=second, reason="  ")
    services.delegate_absence_approve(actor=None, delegate=second, reason="Ốm")
    with pytest.raises(ServiceError, match="hủy chấp thuận"):
        services.delegate_check_in(actor=None, session=session, delegate=second)
    # approved absentees stay summoned for the quorum
    assert (presence(congress, session).summoned, presence(congress, session).present) == (10, 1)
    services.delegate_absence_withdraw(actor=None, delegate=second)
    assert services.delegate_check_in(actor=None, session=session, delegate=second).created
    with pytest.raises(IllegalTransitionError):
        services.delegate_absence_withdraw(actor=None, delegate=second)
    assert [e.action for e in AuditEntry.objects.filter(
        action__startswith="delegates.absence").order_by("seq")] == [
        "delegates.absence_approve", "delegates.absence_withdraw"]


def test_the_roll_and_r051d_are_for_a_members_congress_only(world: World) -> None:
    from tests.delegates.factories import make_day

    day = make_day(world.cell_a, n=2)
    with pytest.raises(ServiceError, match="đại hội đảng viên"):
        services.members_roll_build(actor=None, congress=day.congress)
    with pytest.raises(ServiceError, match="đại hội đảng viên"):
        services.delegate_absence_approve(actor=None, delegate=day.delegates[0], reason="Ốm")


def test_the_cell_secretary_builds_the_roll_and_records_an_absence_through_the_pages(
    client: Client, world: World, cell: Any
) -> None:
    congress = _members_congress(cell)
    assert client.login(username=world.secretary_a.username, password=PASSWORD)
    url = reverse("delegates:delegate_list", args=[congress.pk])
    page = client.get(url).content.decode()
    assert "Lập danh sách đảng viên triệu tập" in page
    assert "Lấy đại biểu từ kết quả đại hội chi bộ" not in page
    client.post(url, {"action": "roll"})
    row = Delegate.objects.filter(congress=congress).order_by("number").first()
    assert row is not None
    client.post(reverse("delegates:absence_approve", args=[row.pk]), {"reason": "Nằm viện"})
    row.refresh_from_db()
    assert (row.status, row.status_reason) == (DelegateStatus.ABSENT_APPROVED, "Nằm viện")
    base = client.get(reverse("delegates:threshold_base", args=[congress.pk])).content.decode()
    # the engine's label of the deduction (tally.texts), as the minutes print it
    assert "Vắng mặt suốt đại hội có lý do được cấp ủy triệu tập đồng ý" in base
    assert "Tổng số đảng viên chính thức được triệu tập" in base
    assert f"{row.member.full_name} (Nằm viện)" in base
    # the other committee's office sees nothing of it
    client.logout()
    assert client.login(username=world.outsider.username, password=PASSWORD)
    assert client.get(url).status_code == 404
    assert client.post(reverse("delegates:absence_withdraw", args=[row.pk])).status_code == 404


def test_the_list_shows_who_came_and_offers_an_absence_only_to_who_did_not(
    client: Client, world: World, cell: Any
) -> None:
    congress, rows = _roll(cell)
    session = services.session_create(actor=None, congress=congress, name="Phiên đại hội",
                                      starts_at=at(2020, 4, 8, 8), holds_elections=True)
    came, away = sorted(rows.values(), key=lambda d: d.number)[:2]
    services.delegate_check_in(actor=None, session=session, delegate=came)
    assert client.login(username=world.office.username, password=PASSWORD)
    page = client.get(reverse("delegates:delegate_list", args=[congress.pk])).content.decode()
    assert page.count('data-attended="1"') == 1
    assert reverse("delegates:absence_approve", args=[came.pk]) not in page
    assert reverse("delegates:absence_approve", args=[away.pk]) in page
