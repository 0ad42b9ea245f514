"""The demo is the congress day: the executive committee announced, the delegates' election being
counted (by scanner: tests/scanning/test_demo.py), and building it twice changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from daihoi.elections import selectors
from daihoi.elections.demo import DEMO_ELECTION_LOGINS, build_demo_elections
from daihoi.elections.models import Election, EntryDesk
from daihoi.roster.demo import build_demo_roster


@pytest.mark.django_db
def test_the_demo_is_the_congress_day_with_the_delegates_election_being_counted() -> None:
    from daihoi.delegates.models import CheckIn
    from daihoi.elections.models import ElectionBody, RoundStatus

    build_demo_roster()
    elections, created = build_demo_elections()
    assert created
    committee, delegates, *conference = elections
    assert (committee.seats, len(selectors.active_candidates(committee))) == (9, 11)
    assert committee.rounds.get().status == RoundStatus.ANNOUNCED
    assert (delegates.seats, delegates.alternates) == (10, 2)
    rnd = delegates.rounds.get()
    # Every delegate present at the official session voted; the board counts by scanner.
    official = delegates.congress.attendance_sessions.order_by("starts_at").last()
    present = CheckIn.objects.filter(session=official).count()
    assert rnd.status == RoundStatus.COUNTING
    assert rnd.ballots_issued == rnd.ballots_collected == rnd.present == present == 111
    desks = [(d.team, d.user.username, d.scanned) for d in
             EntryDesk.objects.filter(round=rnd).select_related("user").order_by("team")]
    assert desks == [(1, "bkp.to1", True), (2, "bkp.to2", False)]
    assert [(e.kind, e.body) for e in conference] == [
        ("standing_committee", ElectionBody.CONFERENCE), ("secretary", ElectionBody.CONFERENCE),
        ("deputy_secretary", ElectionBody.CONFERENCE)]
    again, created_again = build_demo_elections()
    assert not created_again
    assert [e.pk for e in again] == [e.pk for e in elections]
    # and the pilot cell congress's four: committee, secretary, deputy, delegates
    assert Election.objects.count() == 5 + 4
    from django.contrib.auth import get_user_model

    names = set(get_user_model().objects.values_list("username", flat=True))
    assert {login.username for login in DEMO_ELECTION_LOGINS} <= names
    from daihoi.audit.services import audit_verify

    assert audit_verify()[1] == []


@pytest.mark.django_db
def test_the_pilot_cell_congress_counted_its_committee_on_the_roll_base() -> None:
    from daihoi.congress.models import CellCongressResult, ResultRole
    from daihoi.delegates.models import Delegate, DelegateStatus
    from daihoi.delegates.selectors import threshold_breakdown_for
    from daihoi.elections.models import RoundStatus
    from daihoi.elections.printing import minutes_blocks

    build_demo_roster()
    build_demo_elections()
    pilot_election = Election.objects.get(congress__is_pilot=True, kind="cell_committee")
    rnd = pilot_election.rounds.get()
    assert rnd.status == RoundStatus.ANNOUNCED
    pilot = pilot_election.congress
    detail = threshold_breakdown_for(pilot)
    assert rnd.summoned == detail.base.summoned == Delegate.objects.filter(
        congress=pilot).count()
    assert Delegate.objects.filter(congress=pilot,
                                   status=DelegateStatus.ABSENT_APPROVED).count() == 1
    result = rnd.result
    assert result is not None
    assert result["base"]["base"] == detail.breakdown.base
    assert result["threshold"] == detail.min_votes
    reported = {r.member.full_name for r in CellCongressResult.objects.filter(
        congress=pilot, role__in=[ResultRole.SECRETARY, ResultRole.COMMITTEE])}
    assert set(result["elected"]) == reported  # the count elects what the cell reported
    text = " ".join("".join(r.text for r in b.runs) for b in minutes_blocks(rnd)
                    if hasattr(b, "runs"))
    assert "đảng viên chính thức được triệu tập" in text
    from daihoi.congress.issuers import document_heading

    assert pilot.place == ""  # a cell congress prints its committee congress's place name
    assert document_heading(pilot, "minutes", on=dt.date(2020, 4, 8)).place_date.startswith(
        f"{pilot.part_of.place}, ngày 08")
    assert pilot.part_of.place
    # The minutes name the deduction with the engine's own label.
    from daihoi.tally import Deduction, texts

    assert texts.DEDUCTION_LABELS[Deduction.ABSENT_WHOLE_CONGRESS_APPROVED] in text.lower()
