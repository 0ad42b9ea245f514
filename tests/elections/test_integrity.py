"""Counting that cannot announce a wrong result: alternates right in every round, desks that
cannot see each other, only the board head rules and announces, the election's own policies,
the congress's decision to stop, the quorum at the close of voting, minutes of every round."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from daihoi import tally
from daihoi.audit.models import AuditEntry
from daihoi.core.errors import ServiceError
from daihoi.core.printing.blocks import Block, Grid, Para
from daihoi.core.printing.signature import Signature
from daihoi.elections import keying, printing, selectors, services
from daihoi.elections.models import BallotEntry, RoundStatus
from daihoi.elections.outcome import election_outcome
from daihoi.roster import services as roster_services
from daihoi.roster.choices import RoleKind
from tests.conftest import PASSWORD, World
from tests.elections.factories import (
    Setup,
    key_both,
    line_for,
    make_congress,
    make_election,
    to_counting,
)

NAMES = 14


def _text(blocks: list[Block]) -> str:
    """The words of the minutes as printed (paragraph runs, table cells, signature)."""
    out: list[str] = []
    for b in blocks:
        if isinstance(b, Para):
            out.append("".join(r.text for r in b.runs))
        elif isinstance(b, Grid):
            out += [*b.head, *(c for row in b.rows for c in row)]
        elif isinstance(b, Signature):
            out += [*b.lines, b.name]
    return " ".join(out)


def _login(user: Any) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


def _count(s: Setup, lines: list[str], *, summoned: int) -> None:
    to_counting(s, summoned=summoned, issued=len(lines), collected=len(lines))
    key_both(s, lines)
    rnd = services.round_reconcile(actor=s.head, rnd=s.round)
    s.round = services.round_announce(actor=s.head, rnd=rnd)


def _delegates_10_plus_2(world: World) -> Setup:
    """Round 1 of a 10 + 2 delegate election on 20 ballots (base 20, min 11): positions 0-9
    on every ballot, position 10 on 12 (an alternate), position 11 on 5, 12 and 13 on none."""
    s = make_election(world.cell_a, kind="delegates", seats=10, alternates=2, names=NAMES)
    lines = []
    for b in range(20):
        kept = set(range(10)) | ({10} if b < 12 else set()) | ({11} if b >= 15 else set())
        lines.append(line_for([p for p in range(NAMES) if p not in kept], names=NAMES))
    _count(s, lines, summoned=20)
    return s


def test_a_round_for_the_last_alternate_elects_an_alternate_ranked_after_the_first(
    world: World,
) -> None:
    s = _delegates_10_plus_2(world)
    first = election_outcome(s.election)
    assert (len(first.elected), len(first.alternates)) == (10, 1)
    assert (first.seats_open, first.alternates_open) == (0, 1)
    assert not first.complete

    nxt = services.round_open_next(actor=None, election=s.election,
                                   decision="Đại hội biểu quyết bầu tiếp 1 đại biểu dự khuyết")
    assert (nxt.seats, nxt.alternates) == (0, 1)
    assert len(selectors.round_list(nxt)) == 3  # the three not elected
    s.round = nxt
    # 20 ballots, one name kept each: the first name 15 times (min 11), the second 5.
    _count(s, [line_for([1, 2], names=3)] * 15 + [line_for([0, 2], names=3)] * 5, summoned=20)
    assert s.round.result["elected"] == []
    assert len(s.round.result["alternates"]) == 1

    done = election_outcome(s.election)
    assert len(done.elected) == 10  # never 11 official delegates for 10 seats
    assert [p.rank for p in done.alternates] == [1, 2]
    assert done.alternates[1].round_sequence == 2
    assert done.complete

    view = printing.result_view(s.round)
    assert [a["rank"] for a in view.alternates] == [2]
    text = _text(printing.minutes_blocks(s.round))
    assert "bầu riêng đại biểu dự khuyết" in text
    assert "NGƯỜI TRÚNG CỬ" not in text


def test_the_resolution_lists_ten_delegates_and_two_alternates(world: World) -> None:
    from daihoi.reports.resolution import resolution_state

    s = _delegates_10_plus_2(world)
    s.round = services.round_open_next(actor=None, election=s.election, decision="Bầu tiếp")
    _count(s, [line_for([1, 2], names=3)] * 15 + [line_for([0, 2], names=3)] * 5, summoned=20)
    state = resolution_state(s.election.congress)
    mine = next(e for e in state.elections if e.election.pk == s.election.pk)
    assert (len(mine.elected), len(mine.alternates), mine.announced) == (10, 2, True)


def test_the_congress_may_stop_and_leave_the_open_place_to_the_higher_committee(
    world: World,
) -> None:
    s = _delegates_10_plus_2(world)
    with pytest.raises(ServiceError, match="Ghi quyết định"):
        services.election_stop(actor=None, election=s.election, decision=" ")
    election = services.election_stop(actor=None, election=s.election,
                                      decision="Đại hội biểu quyết không bầu tiếp dự khuyết")
    outcome = election_outcome(election)
    assert outcome.complete
    assert outcome.alternates_open == 1
    with pytest.raises(ServiceError, match="dừng"):
        services.round_open_next(actor=None, election=s.election, decision="Bầu tiếp")
    assert AuditEntry.objects.filter(action="election.stop").count() == 1


def test_a_full_election_cannot_be_stopped(world: World) -> None:
    s = make_election(world.cell_a, kind="delegates", seats=2, names=3)
    _count(s, [line_for([2], names=3)] * 5, summoned=5)
    with pytest.raises(ServiceError, match="đủ số lượng"):
        services.election_stop(actor=None, election=s.election, decision="Dừng")


def test_a_next_round_refuses_someone_already_elected(world: World) -> None:
    s = _delegates_10_plus_2(world)
    elected_id = election_outcome(s.election).elected[0].candidate_id
    with pytest.raises(ServiceError, match="Đã trúng cử"):
        services.round_open_next(actor=None, election=s.election, decision="Bầu tiếp",
                                 candidate_ids=[elected_id])


# --------------------------------------------------------------------------- desks


def _readings_differ(world: World) -> Setup:
    s = make_election(world.cell_a, kind="delegates", seats=2, names=3, board=3)
    to_counting(s, summoned=3, issued=2, collected=2, first_desk=1)  # the head keys nowhere
    d1, d2 = s.desks
    services.entry_submit(actor=d1.user, desk=d1, serial=1, line=line_for([0], names=3))
    services.entry_submit(actor=d2.user, desk=d2, serial=1, line=line_for([1], names=3))
    return s


def _round_urls(s: Setup) -> list[str]:
    pk = s.round.pk
    return [reverse(name, args=[pk]) for name in (
        "elections:round", "elections:desk", "elections:reconcile", "elections:results",
        "elections:minutes_pdf", "elections:export_json", "elections:export_csv")] + [
        reverse("elections:election", args=[s.election.pk]), reverse("elections:mine")]


def test_no_desk_sees_another_desks_reading_in_any_response(world: World) -> None:
    s = _readings_differ(world)
    labels = selectors.round_labels(s.round)
    keyed = {d.team: selectors.keyed_contents(d)[1] for d in s.desks}
    for me, other in ((0, 2), (1, 1)):
        reading = keying.describe(keyed[other], labels)
        c = _login(s.desks[me].user)
        for url in _round_urls(s):
            body = c.get(url).content.decode(errors="replace")
            assert reading not in body, url
        assert c.get(reverse("elections:reconcile", args=[s.round.pk])).status_code == 403


def test_the_office_and_the_desks_cannot_open_the_comparison_only_the_head(
    world: World,
) -> None:
    s = _readings_differ(world)
    url = reverse("elections:reconcile", args=[s.round.pk])
    assert _login(world.office).get(url).status_code == 403
    page = _login(s.head).get(url).content.decode()
    assert 'id="not-finished"' in page
    assert 'id="differences"' not in page
    for desk in s.desks:
        services.entry_submit(actor=desk.user, desk=desk, serial=2,
                              line=line_for([2], names=3))
    page = _login(s.head).get(url).content.decode()
    assert 'id="diff-1"' in page
    assert 'id="not-finished"' not in page


def test_the_head_sends_a_differing_ballot_back_to_be_keyed_again_blind(world: World) -> None:
    s = _readings_differ(world)
    for desk in s.desks:
        services.entry_submit(actor=desk.user, desk=desk, serial=2,
                              line=line_for([2], names=3))
    with pytest.raises(PermissionDenied):
        services.resolution_send_back(actor=s.desks[0].user, rnd=s.round, serial=1)
    desk_url = reverse("elections:desk", args=[s.round.pk])
    desk_page = _login(s.desks[0].user).get(desk_url).content.decode()
    assert 'id="desk-done"' in desk_page
    removed = services.resolution_send_back(actor=s.head, rnd=s.round, serial=1,
                                            note="Hai bàn khác nhau")
    assert removed == 2
    desk_page = _login(s.desks[0].user).get(desk_url).content.decode()
    assert 'id="desk-done"' not in desk_page
    assert 'name="serial" type="number" min="1" value="1"' in desk_page  # to key again
    assert not BallotEntry.objects.filter(desk__round=s.round, serial=1).exists()
    assert not selectors.desks_finished(s.round)
    for desk in s.desks:
        services.entry_submit(actor=desk.user, desk=desk, serial=1,
                              line=line_for([0], names=3))
    _, diffs, _ = selectors.reconciliation(s.round)
    assert diffs == []
    rnd = services.round_reconcile(actor=s.head, rnd=s.round)
    assert rnd.status == RoundStatus.RECONCILED


def test_only_the_head_reconciles_and_announces(world: World) -> None:
    s = make_election(world.cell_a, kind="delegates", seats=2, names=3)
    to_counting(s, summoned=3, issued=2, collected=2, first_desk=1)
    key_both(s, [line_for([2], names=3)] * 2)
    for actor in (world.office, s.desks[0].user):
        with pytest.raises(PermissionDenied):
            services.round_reconcile(actor=actor, rnd=s.round)
    refused = AuditEntry.objects.filter(action="election.refused").order_by("seq")
    assert [e.actor_name for e in refused] == [world.office.username, s.desks[0].user.username]
    s.round.refresh_from_db()
    assert s.round.status == RoundStatus.COUNTING
    rnd = services.round_reconcile(actor=s.head, rnd=s.round)
    with pytest.raises(PermissionDenied):
        services.round_announce(actor=world.office, rnd=rnd)
    assert services.round_announce(actor=s.head, rnd=rnd).status == RoundStatus.ANNOUNCED


def test_technical_staff_key_under_the_board_and_are_listed_as_such(world: World) -> None:
    s = make_election(world.cell_a, kind="delegates", seats=2, names=3, board=2)
    rnd = services.round_set_base(actor=None, rnd=s.round, summoned=3, deductions={})
    rnd = services.round_print(actor=None, rnd=rnd, count=2)
    rnd = services.round_issue_ballots(actor=None, rnd=rnd, issued=2)
    rnd = services.round_close_voting(actor=None, rnd=rnd, collected=2, present=2)
    staff = roster_services.user_create_with_role(
        actor=None, username="kythuat", password=PASSWORD, organization=world.committee,
        kind=RoleKind.MEMBER)
    with pytest.raises(ServiceError, match="nhân viên kỹ thuật"):
        services.desk_assign(actor=None, rnd=rnd, user=staff, team=1)
    services.desk_assign(actor=None, rnd=rnd, user=staff, team=1, technical_staff=True)
    services.desk_assign(actor=None, rnd=rnd, user=s.board_users[1], team=2)
    s.desks = list(rnd.desks.order_by("team"))
    s.round = services.round_start_counting(actor=None, rnd=rnd)
    key_both(s, [line_for([2], names=3)] * 2)
    s.round = services.round_announce(actor=s.head,
                                      rnd=services.round_reconcile(actor=s.head, rnd=s.round))
    text = _text(printing.minutes_blocks(s.round))
    assert "Nhân viên kỹ thuật nhập phiếu" in text
    assert "kythuat" in text


# --------------------------------------------------------------------------- policies


def test_the_single_name_policy_is_the_elections_own_and_fixed_once_printed(
    world: World,
) -> None:
    congress = make_congress(world.committee)
    s = make_election(world.cell_a, congress=congress, kind="secretary", seats=1, names=1)
    assert selectors.policies_of(s.election).single_name_both_or_none is (
        tally.SingleNamePolicy.INVALID)
    services.election_set_policies(actor=None, election=s.election,
                                   values={"single_name_both_or_none": "valid_no_vote"})
    s.election.refresh_from_db()
    assert selectors.policies_of(s.election).single_name_both_or_none is (
        tally.SingleNamePolicy.VALID_NO_VOTE)
    with pytest.raises(ServiceError, match="lựa chọn không hợp lệ"):
        services.election_set_policies(actor=None, election=s.election,
                                       values={"single_name_both_or_none": "maybe"})
    s.round.refresh_from_db()
    services.round_set_base(actor=None, rnd=s.round, summoned=3, deductions={})
    services.round_print(actor=None, rnd=s.round, count=3)
    with pytest.raises(ServiceError, match="đã in"):
        services.election_set_policies(actor=None, election=s.election, values={})
    assert printing.policy_lines(s.election)[0].startswith("Danh sách một người: đánh dấu cả")


@pytest.mark.parametrize(("policy", "valid"), [("invalid", 2), ("valid_no_vote", 3)])
def test_a_both_boxes_single_name_ballot_counts_by_the_elections_policy(
    world: World, policy: str, valid: int,
) -> None:
    s = make_election(world.cell_a, kind="secretary", seats=1, names=1)
    services.election_set_policies(actor=None, election=s.election,
                                   values={"single_name_both_or_none": policy})
    s.election.refresh_from_db()
    lines = ["/7", "/7", "*1"]  # agree, agree, both boxes (the ``*`` prefix)
    to_counting(s, summoned=3, issued=3, collected=3)
    key_both(s, lines)
    rnd = services.round_reconcile(actor=s.head, rnd=s.round)
    assert rnd.result["valid"] == valid
    assert rnd.result["policies"]["single_name_both_or_none"] == policy


# --------------------------------------------------------------------------- quorum, void


def test_below_the_quorum_the_vote_closes_only_once_acknowledged(world: World) -> None:
    s = make_election(world.cell_a, kind="delegates", seats=2, names=3)
    rnd = services.round_set_base(actor=None, rnd=s.round, summoned=9, deductions={})
    rnd = services.round_print(actor=None, rnd=rnd, count=9)
    rnd = services.round_issue_ballots(actor=None, rnd=rnd, issued=5)
    with pytest.raises(ServiceError, match="nhiều hơn số có mặt"):
        services.round_close_voting(actor=None, rnd=rnd, collected=5, present=4)
    # 2/3 of 9 is 6: 5 present is one short.
    with pytest.raises(ServiceError, match="dưới túc số 6"):
        services.round_close_voting(actor=None, rnd=rnd, collected=5, present=5)
    rnd = services.round_close_voting(actor=None, rnd=rnd, collected=5, present=5,
                                      quorum_acknowledged=True)
    assert rnd.quorum_acknowledged
    assert rnd.status == RoundStatus.VOTING_CLOSED


def test_at_the_quorum_no_acknowledgement_is_needed(world: World) -> None:
    s = make_election(world.cell_a, kind="delegates", seats=2, names=3)
    rnd = services.round_set_base(actor=None, rnd=s.round, summoned=9, deductions={})
    rnd = services.round_print(actor=None, rnd=rnd, count=9)
    rnd = services.round_issue_ballots(actor=None, rnd=rnd, issued=6)
    rnd = services.round_close_voting(actor=None, rnd=rnd, collected=6, present=6)
    assert not rnd.quorum_acknowledged


def test_a_void_round_has_its_own_minutes(world: World) -> None:
    s = make_election(world.cell_a, kind="delegates", seats=2, names=3)
    rnd = services.round_set_base(actor=None, rnd=s.round, summoned=9, deductions={})
    rnd = services.round_print(actor=None, rnd=rnd, count=9)
    rnd = services.round_issue_ballots(actor=None, rnd=rnd, issued=6)
    rnd = services.round_close_voting(actor=None, rnd=rnd, collected=7, present=7)
    assert rnd.status == RoundStatus.VOID
    response = _login(world.office).get(reverse("elections:minutes_docx", args=[rnd.pk]))
    assert response.status_code == 200
    text = _text(printing.minutes_blocks(rnd))
    assert "bị hủy" in text
    assert "Thành viên Ban kiểm phiếu" in text


def test_the_minutes_print_percentages_with_a_decimal_comma(world: World) -> None:
    s = make_election(world.cell_a, kind="delegates", seats=2, names=3)
    _count(s, [line_for([2], names=3)] * 2, summoned=3)
    text = _text(printing.minutes_blocks(s.round))
    assert "66,67" in text
    assert not re.search(r"\d\.\d\d\b", text)


def test_the_office_chooses_the_policies_on_the_election_page(world: World) -> None:
    s = make_election(world.cell_a, kind="secretary", seats=1, names=1)
    url = reverse("elections:election", args=[s.election.pk])
    office = _login(world.office)
    page = office.get(url).content.decode()
    assert 'id="policies-form"' in page
    assert "R-0" not in page.split('id="policies-form"')[1]
    r = office.post(url, {"action": "policies", "single_name_both_or_none": "valid_no_vote"})
    assert r.status_code == 302
    s.election.refresh_from_db()
    assert s.election.policies == {"single_name_both_or_none": "valid_no_vote"}
    # a counting-board member sees them but cannot change them
    board = _login(s.board_users[1])
    board.post(url, {"action": "policies", "single_name_both_or_none": "invalid"})
    s.election.refresh_from_db()
    assert s.election.policies == {"single_name_both_or_none": "valid_no_vote"}


def test_between_rounds_the_congress_may_add_a_name_to_the_next_rounds_list(
    world: World,
) -> None:
    from tests.elections.factories import make_official_delegates, people

    s = _delegates_10_plus_2(world)
    newcomer = people(world.cell_b, 1, tag="moi")[0]
    make_official_delegates(s.election.congress, [newcomer])
    added = services.candidate_add(actor=None, election=s.election, member=newcomer,
                                   source="floor", floor_agree=8, floor_attending=20)
    assert len(selectors.round_list(s.round)) == NAMES  # the counted round's ballot unchanged
    outcome = election_outcome(s.election)
    taken = {p.candidate_id for p in (*outcome.elected, *outcome.alternates)}
    rest = [c.pk for c in s.candidates if c.pk not in taken]
    assert len(rest) == 3
    nxt = services.round_open_next(
        actor=None, election=s.election, decision="Bầu tiếp, thêm 1 người ứng cử",
        candidate_ids=[*rest, added.pk])
    assert added.pk in {r.candidate_id for r in selectors.round_list(nxt)}
    # once the next round is being prepared, the list is its own (no adding on the fly)
    late = people(world.cell_b, 1, tag="muon")[0]
    make_official_delegates(s.election.congress, [late])
    with pytest.raises(ServiceError, match="đã chốt"):
        services.candidate_add(actor=None, election=s.election, member=late)


# --------------------------------------------------------------------------- conference


def _committee_of(world: World, *, seats: int, elected: int) -> Setup:
    """A 9-seat-style committee election that fills ``elected`` of ``seats`` and stops."""
    names = seats + 1
    s = make_election(world.cell_a, seats=seats, names=names, user_prefix="bch")
    # the first ``elected`` names on every ballot; the next one on 8 of 20 (below 11)
    _count(s, [line_for(list(range(elected, names)), names=names)] * 12 + [
        line_for(list(range(elected + 1, names)), names=names)] * 8, summoned=20)
    if elected < seats:
        services.election_stop(actor=None, election=s.election,
                               decision="Đại hội quyết định dừng bầu")
    return s


def test_a_conference_counts_on_the_committee_members_elected_not_the_number_decided(
    world: World,
) -> None:
    from daihoi.elections.models import ElectionBody

    committee = _committee_of(world, seats=10, elected=9)
    congress = committee.election.congress
    with pytest.raises(ServiceError, match="có 9 ủy viên; hội nghị không bầu 10"):
        services.election_create(actor=None, congress=congress, kind="standing_committee",
                                 seats=10, body=ElectionBody.CONFERENCE)
    conf = services.election_create(actor=None, congress=congress, kind="secretary",
                                    seats=1, body=ElectionBody.CONFERENCE)
    outsider = make_election(world.cell_b, congress=congress, kind="delegates", seats=1,
                             names=1, user_prefix="ngoai").candidates[0].member
    with pytest.raises(ServiceError, match="không phải ủy viên Ban Chấp hành"):
        services.candidate_add(actor=None, election=conf, member=outsider)
    elected = election_outcome(committee.election).elected
    member = next(c.member for c in committee.candidates if c.pk == elected[0].candidate_id)
    services.candidate_add(actor=None, election=conf, member=member)
    rnd = services.round_base_from_attendance(actor=None, rnd=conf.rounds.get())
    breakdown = selectors.base_breakdown(rnd)
    assert breakdown is not None
    # 10 decided, 9 elected and sitting: base 9, 5 votes needed
    assert (breakdown.summoned, breakdown.base) == (9, 9)
    assert tally.min_votes(breakdown.base) == 5


def test_no_conference_before_the_committee_is_elected(world: World) -> None:
    from daihoi.elections.models import ElectionBody

    congress = make_congress(world.committee)
    with pytest.raises(ServiceError, match="Ban Chấp hành khóa mới chưa được bầu"):
        services.election_create(actor=None, congress=congress, kind="standing_committee",
                                 seats=3, body=ElectionBody.CONFERENCE)
