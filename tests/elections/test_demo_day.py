"""What the demo shows of issue 10, read from one demo built for the module: the congress's
executive committee counted at the two desks and announced by the board head; the pilot cell's
delegate election whose last alternate place was filled by a round for it alone; the pilot's
record and summons taken from its count; the new committee's first conference."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from daihoi.core.printing import UNNUMBERED
from daihoi.elections.models import Election, ElectionBody, EntryDesk, Round, RoundStatus
from daihoi.elections.outcome import election_outcome
from daihoi.roster.demo import DEMO_PASSWORD

#: The demo is built once, in the module's fixture, and rolled back at its end.
pytestmark = pytest.mark.django_db


@dataclass
class Demo:
    elections: list[Election]


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Demo]:
    from django.db import transaction

    from daihoi.elections.demo import build_demo_elections
    from daihoi.roster.demo import build_demo_roster

    with django_db_blocker.unblock(), transaction.atomic():
        build_demo_roster()
        elections, _ = build_demo_elections()
        yield Demo(elections)
        transaction.set_rollback(True)


def _minutes_text(rnd: Round) -> str:
    from daihoi.elections.printing import minutes_blocks

    return " ".join("".join(r.text for r in b.runs) for b in minutes_blocks(rnd)
                    if hasattr(b, "runs"))


def _minutes_heading(rnd: Round) -> Any:
    from daihoi.elections.printing import _minutes_titles

    return _minutes_titles(rnd)[0]


def _client(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=DEMO_PASSWORD)
    return client


def _table(page: str, html_id: str) -> list[tuple[str, str]]:
    """The (first cell, name) rows of the table ``html_id`` of a page; none without it."""
    if f'id="{html_id}"' not in page:
        return []
    body = page.split(f'id="{html_id}"', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<tr><td>(\d+)</td><td>([^<]+)</td>", body)


def test_the_committee_was_counted_at_the_desks_and_announced_by_the_board_head(
        demo: Demo) -> None:
    from daihoi.audit.models import AuditEntry
    from daihoi.delegates.models import CheckIn

    committee = demo.elections[0]
    rnd = committee.rounds.get()
    assert rnd.result is not None
    assert len(rnd.result["elected"]) == 9
    # the number slot of the register (not issued: blank), the term under it
    # issued by the congress's counting board, under the congress
    assert [line.text for line in _minutes_heading(rnd).left] == [
        "ĐẢNG BỘ KHỐI CHÍNH QUYỀN HUYỆN", "ĐẠI HỘI ĐẠI BIỂU LẦN THỨ X", "BAN KIỂM PHIẾU", "*",
        UNNUMBERED + "BB/ĐH", "Nhiệm kỳ 2020–2025"]
    official = committee.congress.attendance_sessions.order_by("starts_at").last()
    present = CheckIn.objects.filter(session=official).count()
    assert rnd.present == rnd.ballots_collected == present
    desks = {d.user.username for d in EntryDesk.objects.filter(round=rnd).select_related("user")}
    assert desks == {"bkp.to1", "bkp.to2"}
    for step in ("election.round_reconcile", "election.round_announce"):
        entry = AuditEntry.objects.get(action=step, object_id=str(rnd.pk))
        assert entry.actor is not None
        assert entry.actor.username == "bkp.truongban"


def test_the_pilot_cell_elected_its_last_alternate_in_a_round_for_that_place_alone(
        demo: Demo) -> None:
    """Issue 10, point 1, in the demo: 7 + 2 on one list; the first round fills the 7 seats
    and one alternate place, a further round (0 seats, 1 alternate place) elects the second
    alternate: 7 delegates (never 8), alternates ranked 1, 2, on the results pages, the
    election page and in the minutes."""
    election = Election.objects.get(congress__is_pilot=True, kind="delegates")
    assert (election.seats, election.alternates) == (7, 2)
    first, second = election.rounds.order_by("sequence")
    assert first.status == second.status == RoundStatus.ANNOUNCED
    assert first.result is not None
    assert second.result is not None
    assert (len(first.result["elected"]), len(first.result["alternates"])) == (7, 1)
    assert (second.seats, second.alternates) == (0, 1)
    assert (second.result["elected"], len(second.result["alternates"])) == ([], 1)
    outcome = election_outcome(election)
    assert len(outcome.elected) == 7
    assert [(p.rank, p.round_sequence) for p in outcome.alternates] == [(1, 1), (2, 2)]
    assert outcome.complete
    first_alt, second_alt = outcome.alternates
    minutes = _minutes_text(second)
    assert "bầu riêng đại biểu dự khuyết" in minutes
    assert "IV. NGƯỜI TRÚNG CỬ" not in minutes  # no official seat in this round

    office = _client("vanphong")
    shown = {}
    for rnd in (first, second):
        page = office.get(reverse("elections:results", args=[rnd.pk])).content.decode()
        shown[rnd.sequence] = (len(_table(page, "elected")), _table(page, "alternates"))
    # Each round's own result: 7 official, then none; the alternates with their rank.
    assert shown == {1: (7, [("1", first_alt.name)]), 2: (0, [("2", second_alt.name)])}
    first_page = office.get(reverse("elections:results", args=[first.pk])).content.decode()
    assert 'id="outcome"' not in first_page  # a later round was announced after it
    assert 'id="alternates-only"' not in first_page
    # The last round's results page and the election page: the whole election.
    pages = [office.get(reverse("elections:results", args=[second.pk])).content.decode(),
             office.get(reverse("elections:election", args=[election.pk])).content.decode()]
    assert 'id="alternates-only"' in pages[0]  # no table of official delegates at all
    for page in pages:
        assert "Trúng cử 7/7 chính thức, 2/2 dự khuyết" in page
        assert [n for _, n in _table(page, "outcome-elected")] == [
            p.name for p in outcome.elected]
        assert _table(page, "outcome-alternates") == [("1", first_alt.name),
                                                      ("2", second_alt.name)]


def test_the_pilot_cell_summons_its_counted_delegates_and_ranked_alternates(
        demo: Demo) -> None:
    """Issue 10, point 9, in the demo: the pilot's record is filled from its count (nothing
    typed), and the committee's congress summons exactly those delegates, and those
    alternates in their rank order."""
    from daihoi.audit.models import AuditEntry
    from daihoi.congress.models import CellCongressResult, Congress, CongressStatus, ResultRole
    from daihoi.delegates.models import Delegate, DelegateSource, DelegateStatus
    from daihoi.delegates.services import issues_before_import_from_cells, next_alternate_for
    from daihoi.elections import cell_results

    pilot = Congress.objects.get(is_pilot=True)
    assert pilot.status == CongressStatus.RESULTS_SUBMITTED
    outcome = election_outcome(Election.objects.get(congress=pilot, kind="delegates"))
    counted_delegates = [p.member_id for p in outcome.elected]
    counted_alternates = [p.member_id for p in outcome.alternates]
    assert len(counted_delegates) == 7
    assert len(counted_alternates) == 2
    record = cell_results.typed(pilot)
    assert record is not None
    assert record.ids(ResultRole.DELEGATE) == counted_delegates
    assert record.ids(ResultRole.ALTERNATE) == counted_alternates  # the ranking kept
    counted = cell_results.counted(pilot)
    assert counted is not None
    for role in (ResultRole.SECRETARY, ResultRole.DEPUTY_SECRETARY, ResultRole.COMMITTEE):
        assert record.ids(role) == counted.ids(role)
    assert cell_results.differences(pilot) == []
    filled = AuditEntry.objects.get(action="congress.cell_results", object_id=str(pilot.pk))
    assert filled.actor is not None
    assert filled.actor.username == "bithu.tckh"
    assert "kiểm phiếu" in pilot.results_note

    congress = pilot.part_of
    assert congress is not None
    assert issues_before_import_from_cells(congress) == []
    sent = list(Delegate.objects.filter(congress=congress, elected_by=pilot).order_by("number"))
    elected = [d for d in sent if d.source == DelegateSource.ELECTED]
    alternates = [d for d in sent if d.source == DelegateSource.ALTERNATE]
    assert [d.member_id for d in elected] == counted_delegates
    assert [d.member_id for d in alternates] == counted_alternates
    assert {d.status for d in elected} == {DelegateStatus.SUMMONED}
    assert {d.status for d in alternates} == {DelegateStatus.RESERVE}
    assert next_alternate_for(elected[0]) == alternates[0]
    # The other 20 cells typed their reports; the congress summons 113 official delegates,
    # as before the pilot counted in daihoi.
    assert CellCongressResult.objects.filter(congress__part_of=congress).values(
        "congress").distinct().count() == 21
    assert Delegate.objects.filter(congress=congress,
                                   status=DelegateStatus.SUMMONED).count() == 113
    import datetime as dt

    from daihoi.congress.selectors import cell_progress

    progress = cell_progress(congress, dt.date(2020, 6, 1))
    assert (progress.submitted, progress.late) == (21, 0)
    assert progress.rows[0].congress == pilot
    assert progress.rows[0].delegates == 7


def test_the_first_conference_elected_its_standing_committee_secretary_and_deputy(
        demo: Demo) -> None:
    """Issue 10, point 7, in the demo: the new committee's first conference, on its own base
    (the 9 members elected), counted and announced; the secretary and deputy from the
    standing committee it elected."""
    committee, _, standing, secretary, deputy = demo.elections
    body = {p.member_id for p in election_outcome(committee).elected}
    assert len(body) == 9
    office = _client("vanphong")
    for election in (standing, secretary, deputy):
        assert election.body == ElectionBody.CONFERENCE
        rnd = election.rounds.get()
        assert rnd.status == RoundStatus.ANNOUNCED
        assert rnd.result is not None
        assert (rnd.summoned, rnd.present) == (9, 9)
        assert rnd.result["base"]["base"] == 9
        assert rnd.result["threshold"] == 5
        assert rnd.result["congress"] == "conference"
        staff = list(EntryDesk.objects.filter(round=rnd))
        assert len(staff) == 2
        assert all(d.technical_staff for d in staff)
        text = _minutes_text(rnd)
        assert "Tổng số ủy viên đã được bầu: 9" in text
        assert "Căn cứ kết quả bầu Ban Chấp hành tại đại hội" in text
        assert "Nhân viên kỹ thuật nhập phiếu" in text
        page = office.get(reverse("elections:results", args=[rnd.pk])).content.decode()
        assert "Hội nghị lần thứ nhất Ban Chấp hành khóa mới" in page
        head = _minutes_heading(rnd)  # the committee elected issues it, not the congress
        assert [line.text for line in head.left[1:]] == [
            "BAN CHẤP HÀNH KHÓA X", "*", UNNUMBERED + "BB/ĐU", "Hội nghị lần thứ nhất"]
        assert len(_table(page, "elected")) == len(rnd.result["elected"])
    elected = {e.kind: [p.member_id for p in election_outcome(e).elected]
               for e in (standing, secretary, deputy)}
    assert len(elected["standing_committee"]) == 3
    assert set(elected["standing_committee"]) <= body
    assert elected["secretary"] == elected["standing_committee"][:1]
    assert elected["deputy_secretary"][0] in elected["standing_committee"][1:]
