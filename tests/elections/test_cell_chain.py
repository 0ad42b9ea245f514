"""One chain from the count to the summons: a cell congress's counted delegate election fills
its record and the committee congress's delegate list with no typing, ranked alternates
included; a typed report that differs blocks the summons; an absent delegate is replaced only by
the next alternate of the same cell, after a confirmation page naming both (R-072)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from daihoi.audit.models import AuditEntry
from daihoi.clock import LOCAL_TZ
from daihoi.congress.models import CellCongressResult, Congress, ResultRole
from daihoi.congress.services import (
    cell_congress_mark_held,
    cell_congress_submit_results,
    congress_create,
)
from daihoi.core.errors import IllegalTransitionError, ServiceError
from daihoi.delegates import services as delegates
from daihoi.delegates.models import Delegate, DelegateSource, DelegateStatus
from daihoi.elections import cell_results, selectors, services
from daihoi.roster.models import Member
from tests.conftest import PASSWORD, World
from tests.delegates.factories import bulk_delegates, bulk_members
from tests.elections.factories import Setup, key_all, make_congress, make_election, to_counting

pytestmark = pytest.mark.django_db


def login(user: Any) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


def _cell_congress(world: World, committee_congress: Congress, cell: Any) -> Congress:
    return congress_create(actor=None, organization=cell, kind="members", ordinal=10,
                           term_start=2020, term_end=2025, part_of=committee_congress,
                           opens_at=dt.datetime(2020, 4, 8, 7, 30, tzinfo=LOCAL_TZ))


def _counted_delegate_election(world: World) -> tuple[Congress, Congress, list[Member]]:
    """The committee congress, the cell congress of cell A, and the five names of its delegate
    election (2 delegates + 2 alternates), by ballot position, counted and announced. Votes of
    10 voters (base 10, at least 6): 10, 10, 8, 7, 5: delegates the first two, alternates
    ranked the third (8) then the fourth (7); the fifth is not elected."""
    committee_congress = make_congress(world.committee)
    cc = _cell_congress(world, committee_congress, world.cell_a)
    # 1 + 5 names + 2 on the board: 8 official members, so the cell elects its secretary
    # directly (no cell committee).
    s = make_election(world.cell_a, congress=cc, kind="delegates", seats=2, alternates=2,
                      names=5, board=2, user_prefix="cc")
    by_position = [r.candidate.member for r in selectors.round_list(s.round)]
    to_counting(s, summoned=10, issued=10, collected=10)
    crossed = [4] * 5 + [3] * 3 + [2] * 2
    lines = [str(p + 1) for p in crossed]
    key_all(s, lines, desk_index=0)
    key_all(s, lines, desk_index=1)
    rnd = services.round_reconcile(actor=None, rnd=s.round)
    services.round_announce(actor=None, rnd=rnd)
    _count_secretary(s, cc, by_position[0])
    cell_congress_mark_held(actor=None, cell_congress=cc)
    return committee_congress, cc, by_position


def _count_secretary(s: Setup, cc: Congress, member: Member) -> None:
    """The cell's secretary elected on a single-name list by every voter, same board."""
    election = services.election_create(actor=None, congress=cc, kind="secretary", seats=1)
    services.candidate_add(actor=None, election=election, member=member)
    for i, user in enumerate(s.board_users):
        services.board_member_add(actor=None, election=election, member=user.member,
                                  is_head=i == 0)
    sec = Setup(election, election.rounds.get(), [], s.board_users, s.head)
    to_counting(sec, summoned=10, issued=10, collected=10)
    key_all(sec, ["/7"] * 10, desk_index=0)
    key_all(sec, ["/7"] * 10, desk_index=1)
    services.round_announce(actor=None, rnd=services.round_reconcile(actor=None, rnd=sec.round))


def test_the_counted_results_are_read_with_the_alternates_ranked(world: World) -> None:
    _, cc, names = _counted_delegate_election(world)
    results = cell_results.counted(cc)
    assert results is not None
    assert results.ids(ResultRole.DELEGATE) == [names[0].pk, names[1].pk]
    assert results.ids(ResultRole.ALTERNATE) == [names[2].pk, names[3].pk]


def test_the_summons_takes_a_counted_cell_congress_without_any_typing(world: World) -> None:
    committee_congress, cc, names = _counted_delegate_election(world)
    assert not CellCongressResult.objects.filter(congress=cc).exists()
    added = delegates.delegates_import_from_cells(actor=None, congress=committee_congress)
    assert added == 4
    rows = list(Delegate.objects.filter(congress=committee_congress).order_by("number"))
    assert [(d.member_id, d.source, d.elected_by_id) for d in rows] == [
        (names[0].pk, DelegateSource.ELECTED, cc.pk), (names[1].pk, DelegateSource.ELECTED, cc.pk),
        (names[2].pk, DelegateSource.ALTERNATE, cc.pk),
        (names[3].pk, DelegateSource.ALTERNATE, cc.pk)]


def test_the_cell_record_is_filled_from_the_count_from_the_page(world: World) -> None:
    _, cc, names = _counted_delegate_election(world)
    c = login(world.secretary_a)
    page = c.get(reverse("elections:congress", args=[cc.pk])).content.decode()
    assert "Ghi kết quả đại hội chi bộ theo kết quả kiểm phiếu" in page
    assert names[2].full_name in page
    r = c.post(reverse("elections:congress", args=[cc.pk]), {"action": "results_from_count"})
    assert r.status_code == 302
    rows = CellCongressResult.objects.filter(congress=cc)
    assert list(rows.filter(role=ResultRole.DELEGATE).order_by("position").values_list(
        "member_id", flat=True)) == [names[0].pk, names[1].pk]
    assert list(rows.filter(role=ResultRole.ALTERNATE).order_by("position").values_list(
        "member_id", flat=True)) == [names[2].pk, names[3].pk]
    assert cell_results.differences(cc) == []


def test_a_typed_report_that_differs_from_the_count_blocks_the_summons(world: World) -> None:
    committee_congress, cc, names = _counted_delegate_election(world)
    # The secretary typed the fifth name (5 votes, not elected) instead of the second.
    cell_congress_submit_results(actor=None, cell_congress=cc, secretary=names[0],
                                 delegates=[names[0], names[4]],
                                 alternates=[names[2], names[3]])
    with pytest.raises(ServiceError) as info:
        delegates.delegates_import_from_cells(actor=None, congress=committee_congress)
    message = info.value.message
    assert "Chi bộ A1: kết quả báo cáo khác kết quả kiểm phiếu" in message
    assert names[4].full_name in message
    assert not Delegate.objects.filter(congress=committee_congress).exists()
    # Corrected delegates, but the alternates in the wrong order: the ranking counts too.
    CellCongressResult.objects.filter(congress=cc, role=ResultRole.DELEGATE,
                                      member=names[4]).update(member=names[1])
    CellCongressResult.objects.filter(congress=cc, role=ResultRole.ALTERNATE,
                                      member=names[2]).update(position=99)
    assert cell_results.differences(cc) == [
        f"đại biểu dự khuyết (theo thứ tự): kiểm phiếu {names[2].full_name}, "
        f"{names[3].full_name}, báo cáo {names[3].full_name}, {names[2].full_name}"]


def _summoned(world: World) -> tuple[Congress, list[Delegate], Delegate]:
    """The summons of the counted cell congress, and an alternate elected by cell A2."""
    committee_congress, _, _ = _counted_delegate_election(world)
    delegates.delegates_import_from_cells(actor=None, congress=committee_congress)
    rows = list(Delegate.objects.filter(congress=committee_congress).select_related(
        "member").order_by("number"))
    other_cc = _cell_congress(world, committee_congress, world.cell_b)
    [other] = bulk_delegates(committee_congress, bulk_members(world.cell_b, 1),
                             source=DelegateSource.ALTERNATE, elected_by=other_cc)
    return committee_congress, rows, other


def test_an_alternate_of_another_cell_is_refused_with_nothing_written_and_logged(
        world: World) -> None:
    _, rows, other = _summoned(world)
    absent = rows[0]
    with pytest.raises(IllegalTransitionError, match="dự khuyết do chi bộ khác bầu"):
        delegates.delegate_replace(actor=None, absent=absent, alternate=other)
    absent.refresh_from_db()
    other.refresh_from_db()
    assert (absent.status, other.status) == (DelegateStatus.SUMMONED, DelegateStatus.RESERVE)
    assert AuditEntry.objects.filter(action="delegates.replace_refused").count() == 1
    assert not AuditEntry.objects.filter(action="delegates.replace").exists()


def test_alternates_replace_in_rank_order(world: World) -> None:
    _, rows, _ = _summoned(world)
    absent, first, second = rows[0], rows[2], rows[3]
    with pytest.raises(IllegalTransitionError, match=f"còn {first.member.full_name}"):
        delegates.delegate_replace(actor=None, absent=absent, alternate=second)
    delegates.delegate_replace(actor=None, absent=absent, alternate=first)
    assert delegates.next_alternate_for(rows[1]) == second


def test_the_replacement_is_confirmed_on_a_page_naming_both_people(world: World) -> None:
    committee_congress, rows, other = _summoned(world)
    absent, first = rows[0], rows[2]
    c = login(world.office)
    url = reverse("delegates:replace", args=[absent.pk])
    page = c.get(url).content.decode()
    assert absent.member.full_name in page
    assert first.member.full_name in page
    assert f'name="alternate" value="{first.pk}"' in page
    absent.refresh_from_db()
    assert absent.status == DelegateStatus.SUMMONED  # a GET changes nothing
    r = c.post(url, {"alternate": other.pk})
    assert r.status_code == 409
    assert "dự khuyết do chi bộ khác bầu" in r.content.decode()
    r = c.post(url, {"alternate": first.pk})
    assert r.status_code == 302
    first.refresh_from_db()
    assert (first.status, first.replaces_id) == (DelegateStatus.SUMMONED, absent.pk)
    listing = c.get(reverse("delegates:delegate_list", args=[committee_congress.pk]))
    assert "<select name=\"alternate\"" not in listing.content.decode()
