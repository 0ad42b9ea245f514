"""The board's second reading and the ballot-comparison audit, through the services and the
pages: the head's choice, the draw with the dice seed (refused while the audited desk lacks a
ballot), the blind audit desk, the conclusion (all alike: the round is counted on the audited
desk alone; one difference: a full second reading), and the minutes."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from daihoi import tally
from daihoi.audit.models import AuditEntry
from daihoi.core.errors import ServiceError
from daihoi.elections import comparison, printing, selectors, services
from daihoi.elections.models import (
    AuditOutcome,
    BallotEntry,
    CountedBallot,
    RoundStatus,
    SecondReading,
    SecondReadingMethod,
)
from daihoi.elections.result_store import load_result
from tests.conftest import PASSWORD, World
from tests.elections.factories import Setup, key_all, make_election, to_counting
from tests.elections.test_integrity import _text

pytestmark = pytest.mark.django_db

AUDIT = SecondReadingMethod.COMPARISON_AUDIT
SEED = "31415926535897932384"
#: 60 ballots, 3 seats, 4 names: names 1 and 2 kept on every ballot, name 3 crossed on 10,
#: name 4 on 50. Votes 60, 60, 50, 10; base 60, threshold 31. Margins: over the threshold
#: 30, 30, 20; the last elected (50) against the first not elected (10): 40. Smallest 20;
#: mu = 20/60; n = ceil(2 x 1.03905 x ln 20 x 60 / 20) = ceil(6.2254 x 3) = ceil(18.68) = 19.
LINES = ["4"] * 50 + ["3"] * 10


def audited_round(world: World, *, lines: list[str] = LINES, teams: int = 2,
                  risk_limit: int = 5) -> Setup:
    """A round counting with desks for board users 1, 2 (…), the head keying at none, and a
    ballot-comparison audit of desk 1 by desk 2 chosen."""
    s = make_election(world.cell_a, seats=3, names=4, board=teams + 1)
    n = len(lines)
    to_counting(s, summoned=n, issued=n, collected=n, teams=teams, first_desk=1)
    services.second_reading_choose(actor=s.head, rnd=s.round, method=AUDIT,
                                   risk_limit=risk_limit, audited_desk=s.desks[0],
                                   audit_desk=s.desks[1])
    return s


def drawn(world: World, **kwargs: Any) -> tuple[Setup, SecondReading]:
    s = audited_round(world, **kwargs)
    key_all(s, kwargs.get("lines", LINES), desk_index=0)
    return s, services.audit_draw(actor=s.head, rnd=s.round, seed=SEED)


def key_sample(s: Setup, reading: SecondReading, *, lines: list[str] = LINES,
               override: dict[int, str] | None = None) -> None:
    desk = s.desks[1]
    for serial in selectors.audit_to_key(s.round, reading):
        assert selectors.next_serial(desk, len(lines)) == serial
        services.entry_submit(actor=desk.user, desk=desk, serial=serial,
                              line=(override or {}).get(serial, lines[serial - 1]))


def login(user: Any) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


# --------------------------------------------------------------------------- the choice


def test_only_the_head_chooses_the_second_reading(world: World) -> None:
    s = make_election(world.cell_a, seats=3, names=4, board=3)
    to_counting(s, summoned=10, issued=10, collected=10, first_desk=1)
    for who in (world.office, s.desks[0].user):
        with pytest.raises(PermissionDenied):
            services.second_reading_choose(actor=who, rnd=s.round, method=AUDIT,
                                           audited_desk=s.desks[0], audit_desk=s.desks[1])
    assert not SecondReading.objects.exists()
    assert AuditEntry.objects.filter(action="election.refused").count() == 2
    reading = services.second_reading_choose(actor=s.head, rnd=s.round, method=AUDIT,
                                             audited_desk=s.desks[0], audit_desk=s.desks[1])
    assert (reading.method, reading.risk_limit, reading.chosen_by) == (AUDIT, 5, s.head)
    assert AuditEntry.objects.filter(action="election.second_reading").count() == 1
    # Back to the default, before any draw.
    services.second_reading_choose(actor=s.head, rnd=s.round, method=SecondReadingMethod.FULL)
    reading.refresh_from_db()
    assert (reading.method, reading.audited_desk, reading.audit_desk) == ("full", None, None)


@pytest.mark.parametrize(("risk", "ok"), [(0, False), (1, True), (10, True), (11, False)])
def test_the_risk_limit_is_1_to_10_percent(world: World, risk: int, ok: bool) -> None:
    s = make_election(world.cell_a, seats=3, names=4, board=3)
    to_counting(s, summoned=10, issued=10, collected=10, first_desk=1)

    def choose() -> SecondReading:
        return services.second_reading_choose(actor=s.head, rnd=s.round, method=AUDIT,
                                              risk_limit=risk, audited_desk=s.desks[0],
                                              audit_desk=s.desks[1])
    if ok:
        assert choose().risk_limit == risk
    else:
        with pytest.raises(ServiceError, match="1% đến 10%"):
            choose()


def test_the_audit_needs_two_different_desks_of_the_round(world: World) -> None:
    s = make_election(world.cell_a, seats=3, names=4, board=3)
    to_counting(s, summoned=10, issued=10, collected=10, first_desk=1)
    other = make_election(world.cell_a, congress=s.election.congress, seats=3, names=4,
                          board=3, user_prefix="o")
    to_counting(other, summoned=10, issued=10, collected=10, first_desk=1)
    with pytest.raises(ServiceError, match="khác bàn được kiểm tra"):
        services.second_reading_choose(actor=s.head, rnd=s.round, method=AUDIT,
                                       audited_desk=s.desks[0], audit_desk=s.desks[0])
    with pytest.raises(ServiceError, match="các bàn nhập phiếu của lần bỏ phiếu này"):
        services.second_reading_choose(actor=s.head, rnd=s.round, method=AUDIT,
                                       audited_desk=s.desks[0], audit_desk=other.desks[1])
    with pytest.raises(ServiceError, match="không hợp lệ"):
        services.second_reading_choose(actor=s.head, rnd=s.round, method="guess")


def test_the_choice_is_fixed_once_drawn_and_after_the_count_is_reconciled(
        world: World) -> None:
    s, _reading = drawn(world)
    with pytest.raises(ServiceError, match="Đã rút mẫu"):
        services.second_reading_choose(actor=s.head, rnd=s.round,
                                       method=SecondReadingMethod.FULL)
    plain = make_election(world.cell_a, congress=s.election.congress, seats=3, names=4,
                          board=3, user_prefix="p")
    to_counting(plain, summoned=4, issued=4, collected=4, first_desk=1)
    for i in (0, 1):
        key_all(plain, ["1", "2", "3", "4"], desk_index=i)
    services.round_reconcile(actor=plain.head, rnd=plain.round)
    with pytest.raises(ServiceError, match="đã đối chiếu xong"):
        services.second_reading_choose(actor=plain.head, rnd=plain.round, method=AUDIT,
                                       audited_desk=plain.desks[0], audit_desk=plain.desks[1])


# --------------------------------------------------------------------------- the draw


def test_the_draw_is_refused_while_the_audited_desk_lacks_one_ballot(world: World) -> None:
    s = audited_round(world)
    key_all(s, LINES[:59], desk_index=0)
    with pytest.raises(ServiceError, match=r"tổ 1\) còn 1 phiếu chưa nhập"):
        services.audit_draw(actor=s.head, rnd=s.round, seed=SEED)
    assert selectors.second_reading_of(s.round).drawn_at is None  # type: ignore[union-attr]
    desk = s.desks[0]
    services.entry_submit(actor=desk.user, desk=desk, serial=60, line=LINES[59])
    reading = services.audit_draw(actor=s.head, rnd=s.round, seed=SEED)
    assert (reading.margin, reading.ballots, reading.sample_size, reading.full_required) == (
        20, 60, 19, False)
    assert reading.margin_detail == {"kind": "above_threshold", "candidates": [2],
                                     "votes": [50], "threshold": 31}
    assert reading.diluted_margin == Decimal("0.33333333")
    assert reading.serials == list(tally.draw_sample(SEED, ballots=60, size=19))
    assert len(set(reading.serials)) == 19
    assert (reading.seed, reading.drawn_by) == (SEED, s.head)
    entry = AuditEntry.objects.get(action="election.audit_draw")
    assert entry.data["serials"] == sorted(reading.serials)
    with pytest.raises(ServiceError, match="chỉ rút một lần"):
        services.audit_draw(actor=s.head, rnd=s.round, seed="9" * 20)


def test_only_the_head_draws_and_concludes(world: World) -> None:
    s = audited_round(world)
    key_all(s, LINES, desk_index=0)
    for who in (world.office, s.desks[1].user):
        with pytest.raises(PermissionDenied):
            services.audit_draw(actor=who, rnd=s.round, seed=SEED)
    reading = services.audit_draw(actor=s.head, rnd=s.round, seed=SEED)
    key_sample(s, reading)
    with pytest.raises(PermissionDenied):
        services.audit_conclude(actor=s.desks[0].user, rnd=s.round)
    assert services.audit_conclude(actor=s.head, rnd=s.round).outcome == AuditOutcome.CONFIRMED


@pytest.mark.parametrize("seed", ["1" * 19, "1234567890123456789x", ""])
def test_a_bad_seed_is_refused_and_nothing_is_drawn(world: World, seed: str) -> None:
    s = audited_round(world)
    key_all(s, LINES, desk_index=0)
    with pytest.raises(ServiceError, match="chữ số"):
        services.audit_draw(actor=s.head, rnd=s.round, seed=seed)
    assert not selectors.second_reading_of(s.round).drawn  # type: ignore[union-attr]


def test_an_unclear_ballot_of_the_audited_desk_is_ruled_before_the_draw(world: World) -> None:
    s = audited_round(world)
    key_all(s, LINES, desk_index=0, override={7: "/9"})
    with pytest.raises(ServiceError, match="chuyển Trưởng ban \\(chưa rõ\\)"):
        services.audit_draw(actor=s.head, rnd=s.round, seed=SEED)
    _, diffs, _ = selectors.reconciliation(s.round)
    assert [d.serial for d in diffs] == [7]
    services.resolution_record(actor=s.head, rnd=s.round, serial=7, line="4",
                               note="Phiếu gốc: gạch tên số 4")
    reading = services.audit_draw(actor=s.head, rnd=s.round, seed=SEED)
    # Whether or not ballot 7 was drawn, a ballot the head ruled on is not keyed again.
    assert 7 not in selectors.audit_to_key(s.round, reading)


def test_a_tie_or_a_sample_as_large_as_the_ballots_needs_the_full_reading(
        world: World) -> None:
    """10 ballots all crossing name 4: votes 10, 10, 10, 0, base 10, threshold 6; the smallest
    margin is 10 - 5 = 5 votes, and at 5% no margin under 7 can be confirmed by a sample."""
    lines = ["4"] * 10
    s, reading = drawn(world, lines=lines)
    assert (reading.margin, reading.sample_size, reading.full_required, reading.serials) == (
        5, 10, True, [])
    assert selectors.audit_in_force(s.round) is None
    desk = s.desks[1]
    assert selectors.next_serial(desk, 10) == 1
    assert any("tổ 2 còn 10 phiếu" in i for i in selectors.issues_before_reconcile(s.round))
    key_all(s, lines, desk_index=1)
    rnd = services.round_reconcile(actor=s.head, rnd=s.round)
    assert rnd.status == RoundStatus.RECONCILED


# --------------------------------------------------------------------------- the audit desk


def test_the_audit_desk_keys_only_the_drawn_ballots(world: World) -> None:
    s = audited_round(world)
    desk = s.desks[1]
    with pytest.raises(ServiceError, match="chưa rút mẫu"):
        services.entry_submit(actor=desk.user, desk=desk, serial=1, line="4")
    key_all(s, LINES, desk_index=0)
    assert selectors.next_serial(desk, 60) is None
    reading = services.audit_draw(actor=s.head, rnd=s.round, seed=SEED)
    outside = next(n for n in range(1, 61) if n not in reading.serials)
    with pytest.raises(ServiceError, match=f"Phiếu số {outside} không thuộc các phiếu được rút"):
        services.entry_submit(actor=desk.user, desk=desk, serial=outside, line="4")
    assert selectors.next_serial(desk, 60) == min(reading.serials)
    key_sample(s, reading)
    assert selectors.next_serial(desk, 60) is None
    assert BallotEntry.objects.filter(desk=desk).count() == 19


def test_the_audited_reading_is_fixed_once_drawn(world: World) -> None:
    s, _ = drawn(world)
    desk = s.desks[0]
    with pytest.raises(ServiceError, match="đã chốt"):
        services.entry_undo(actor=desk.user, desk=desk)
    assert BallotEntry.objects.filter(desk=desk).count() == 60


def test_a_third_desk_keys_nothing_while_the_audit_decides(world: World) -> None:
    s = audited_round(world, teams=3)
    third = s.desks[2]
    with pytest.raises(ServiceError, match="bàn này không nhập phiếu"):
        services.entry_submit(actor=third.user, desk=third, serial=1, line="4")


def test_the_audit_desk_never_sees_the_audited_reading(world: World) -> None:
    s, reading = drawn(world)
    c = login(s.desks[1].user)
    for name in ("comparison_audit", "reconcile"):
        assert c.get(reverse(f"elections:{name}", args=[s.round.pk])).status_code == 403
    page = c.get(reverse("elections:desk", args=[s.round.pk])).content.decode()
    assert "chỉ nhập các phiếu được rút (đã nhập 0/19)" in page
    assert f'value="{min(reading.serials)}"' in page
    assert "Gạch: " not in page  # no reading at all (the audited desk's included)


# --------------------------------------------------------------------------- the conclusion


def test_all_alike_the_round_is_reconciled_and_announced_on_the_audited_desk_alone(
        world: World) -> None:
    s, reading = drawn(world)
    with pytest.raises(ServiceError, match="Bàn kiểm tra còn 19 phiếu"):
        services.audit_conclude(actor=s.head, rnd=s.round)
    key_sample(s, reading)
    assert selectors.issues_before_reconcile(s.round) == [
        "Trưởng ban chưa kết luận kiểm tra đối chiếu."]
    with pytest.raises(ServiceError, match="chưa kết luận"):
        services.round_reconcile(actor=s.head, rnd=s.round)
    reading = services.audit_conclude(actor=s.head, rnd=s.round)
    assert (reading.outcome, reading.discrepancies) == (AuditOutcome.CONFIRMED, [])
    assert selectors.issues_before_reconcile(s.round) == []
    assert len(selectors.counted_contents(s.round)) == 60
    rnd = services.round_reconcile(actor=s.head, rnd=s.round)
    rnd = services.round_announce(actor=s.head, rnd=rnd)
    assert rnd.status == RoundStatus.ANNOUNCED
    assert load_result(rnd).votes == [60, 60, 50, 10]  # type: ignore[union-attr]
    assert CountedBallot.objects.filter(round=rnd).count() == 60
    assert BallotEntry.objects.filter(desk=s.desks[1]).count() == 19


def test_one_difference_on_a_drawn_ballot_escalates_to_a_full_second_reading(
        world: World) -> None:
    s, reading = drawn(world)
    wrong = sorted(reading.serials)[3]
    key_sample(s, reading, override={wrong: "1" if LINES[wrong - 1] != "1" else "2"})
    reading = services.audit_conclude(actor=s.head, rnd=s.round)
    assert (reading.outcome, reading.discrepancies) == (AuditOutcome.ESCALATED, [wrong])
    assert selectors.audit_in_force(s.round) is None
    issues = selectors.issues_before_reconcile(s.round)
    assert any("tổ 2 còn 41 phiếu" in i for i in issues)
    with pytest.raises(ServiceError):
        services.round_reconcile(actor=s.head, rnd=s.round)
    page = login(s.head).get(reverse("elections:comparison_audit", args=[s.round.pk]))
    body = page.content.decode()
    assert 'id="audit-escalated"' in body
    assert f"<td>{wrong}</td>" in body
    # The audit desk now keys every ballot; the usual reconciliation follows.
    desk = s.desks[1]
    assert selectors.next_serial(desk, 60) is not None
    for serial in range(1, 61):
        if serial not in reading.serials:
            services.entry_submit(actor=desk.user, desk=desk, serial=serial,
                                  line=LINES[serial - 1])
    _, diffs, _ = selectors.reconciliation(s.round)
    assert [d.serial for d in diffs] == [wrong]
    with pytest.raises(ServiceError, match="chưa được Trưởng ban"):
        services.round_reconcile(actor=s.head, rnd=s.round)
    services.resolution_record(actor=s.head, rnd=s.round, serial=wrong, from_team=1,
                               note="Phiếu gốc: như tổ 1")
    rnd = services.round_reconcile(actor=s.head, rnd=s.round)
    assert load_result(rnd).votes == [60, 60, 50, 10]  # type: ignore[union-attr]
    text = _text(printing.minutes_blocks(rnd))
    assert f"1 phiếu đọc khác nhau (số {wrong}): Ban kiểm phiếu đã cho nhập lại toàn bộ" in text


# --------------------------------------------------------------------------- the minutes


def test_the_minutes_carry_the_method_and_the_figures(world: World) -> None:
    s, reading = drawn(world)
    key_sample(s, reading)
    services.audit_conclude(actor=s.head, rnd=s.round)
    rnd = services.round_reconcile(actor=s.head, rnd=s.round)
    text = _text(printing.minutes_blocks(rnd))
    serials = ", ".join(str(n) for n in sorted(reading.serials))
    for expected in (
        "Đọc phiếu lần hai: Kiểm tra đối chiếu phiếu theo giới hạn rủi ro: kết quả đọc của bàn "
        "số 1 được kiểm tra bằng các phiếu rút ngẫu nhiên, đọc lại ở bàn số 2; giới hạn rủi ro "
        "5%.",
        "Stark (2010)", "làm tròn lên số nguyên", "γ = 1,03905",
        "Chênh lệch nhỏ nhất quyết định kết quả: 20 phiếu (",
        "được 50 phiếu, số phiếu tối thiểu để trúng cử là 31); tỷ lệ trên 60 phiếu thu vào (μ): "
        "33,33%.",
        "Số phiếu cần kiểm tra: 19/60.", f"gieo xúc xắc để rút phiếu: {SEED}.",
        f"Các phiếu được rút (số thứ tự kiểm phiếu): {serials}.",
        "19 phiếu được rút đều đọc giống bàn số 1; không có sai khác",
        "Không có phiếu phải kết luận.",
    ):
        assert expected in text, expected
    assert "nhập giống nhau mọi phiếu" not in text
    pdf = printing.minutes_pdf(rnd)
    words = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert SEED in words
    assert "19/60" in words
    doc = Document(io.BytesIO(printing.minutes_docx(rnd)))
    docx_text = "\n".join(p.text for p in doc.paragraphs)
    assert "Kiểm tra đối chiếu phiếu theo giới hạn rủi ro" in docx_text
    assert SEED in docx_text


def test_the_minutes_of_the_default_state_another_desk_keyed_every_ballot(
        world: World) -> None:
    s = make_election(world.cell_a, seats=3, names=4, board=3)
    to_counting(s, summoned=4, issued=4, collected=4, first_desk=1)
    for i in (0, 1):
        key_all(s, ["1", "2", "3", "4"], desk_index=i)
    rnd = services.round_reconcile(actor=s.head, rnd=s.round)
    text = _text(printing.minutes_blocks(rnd))
    assert "Đọc phiếu lần hai: Một bàn khác nhập lại mọi phiếu (2 bàn nhập độc lập)." in text
    assert "giới hạn rủi ro" not in text


# --------------------------------------------------------------------------- the pages


def test_the_head_chooses_on_the_round_page_and_draws_on_the_audit_page(world: World) -> None:
    s = make_election(world.cell_a, seats=3, names=4, board=3)
    to_counting(s, summoned=60, issued=60, collected=60, first_desk=1)
    head = login(s.head)
    step = reverse("elections:round_step", args=[s.round.pk])
    head.post(step, {"step": "second_reading", "method": AUDIT, "audited_team": "1",
                     "audit_team": "2", "risk_limit": "5", "risk_limit_typed": "7"})
    reading = selectors.second_reading_of(s.round)
    assert reading is not None
    assert (reading.method, reading.risk_limit) == (AUDIT, 7)
    office = login(world.office)
    office.post(step, {"step": "second_reading", "method": "full"})
    assert selectors.second_reading_of(s.round).method == AUDIT  # type: ignore[union-attr]
    assert office.get(reverse("elections:comparison_audit",
                              args=[s.round.pk])).status_code == 403
    round_page = head.get(reverse("elections:round", args=[s.round.pk])).content.decode()
    assert "giới hạn rủi ro 7%" in round_page
    assert 'id="go-audit"' in round_page
    url = reverse("elections:comparison_audit", args=[s.round.pk])
    assert "tổ 1) còn 60 phiếu" in head.get(url).content.decode()
    key_all(s, LINES, desk_index=0)
    page = head.get(url).content.decode()
    assert 'id="draw-form"' in page
    assert "33,33%" in page
    response = head.post(url, {"action": "draw", "seed": "31415 92653 58979 32384"})
    assert response.status_code == 302
    reading = selectors.second_reading_of(s.round)
    assert reading is not None
    assert reading.seed == SEED
    page = head.get(url).content.decode()
    first_line = comparison.serial_lines(reading.serials)[0]
    assert first_line in page
    assert SEED in page


def test_the_audit_pages_speak_the_readers_language(world: World) -> None:
    """The round page, the audit page (before the draw, drawn, escalated) and the audit desk's
    page in English show no Vietnamese but the data (names), and in Vietnamese no English."""
    from django.conf import settings

    from tests.test_language import DataFilter, foreign, stored_values, visible_text

    s = audited_round(world)
    key_all(s, LINES, desk_index=0)
    urls = {s.head: [reverse("elections:round", args=[s.round.pk]),
                     reverse("elections:comparison_audit", args=[s.round.pk])],
            s.desks[1].user: [reverse("elections:desk", args=[s.round.pk])]}

    def pages() -> list[tuple[str, str]]:
        out = []
        for user, addresses in urls.items():
            c = login(user)
            for lang in ("vi", "en"):
                c.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
                out += [(lang, c.get(u).content.decode()) for u in addresses]
        return out

    seen = pages()
    reading = services.audit_draw(actor=s.head, rnd=s.round, seed=SEED)
    seen += pages()
    key_sample(s, reading, override={sorted(reading.serials)[0]: "1"})
    services.audit_conclude(actor=s.head, rnd=s.round)
    seen += pages()
    data = DataFilter(stored_values())
    found = {(lang, chunk) for lang, page in seen
             for chunk in foreign(visible_text(page), lang, data)}
    assert found == set()
    english = "\n".join(page for lang, page in seen if lang == "en")
    for words in ("Risk-limiting ballot-comparison audit", "Smallest margin deciding the result",
                  "Ballots to pull from the stack", "every ballot must be entered again"):
        assert words in english
