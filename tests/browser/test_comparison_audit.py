"""The ballot-comparison audit in a real browser: the head chooses it on the round page, enters
the dice seed, sees the sample; the audit desk keys exactly the drawn ballots (its page offers
each in turn); the head concludes, reconciles on the audited desk alone and announces."""

from __future__ import annotations

from typing import Any

import pytest

from daihoi.elections import selectors
from daihoi.elections.models import SecondReading
from tests.browser.helpers import shot, signed_in_page, step
from tests.conftest import PASSWORD, World
from tests.elections.factories import key_all, make_election, to_counting

pytestmark = pytest.mark.browser

SEED = "31415 92653 58979 32384"
#: 60 ballots: votes 60, 60, 50, 10 on a base of 60 (threshold 31); smallest margin 20, so
#: 19 ballots are drawn at 5% (tests/elections/test_comparison_audit.py works it out).
LINES = ["4"] * 50 + ["3"] * 10


def test_the_head_audits_a_desk_from_the_browser(
    live_server: Any, browser: Any, transactional_db: Any, world: World
) -> None:
    base = live_server.url
    s = make_election(world.cell_a, seats=3, names=4, board=3, user_prefix="rla")
    to_counting(s, summoned=60, issued=60, collected=60, first_desk=1)
    rnd = s.round

    # The head chooses the audit of desk 1 by desk 2, at 5%.
    head = signed_in_page(browser, base, s.head.username, PASSWORD)
    head.goto(f"{base}/bau-cu/lan/{rnd.pk}/")
    head.check("#second-reading-form input[value=comparison_audit]")
    head.select_option("#second-reading-form select[name=audited_team]", "1")
    head.select_option("#second-reading-form select[name=audit_team]", "2")
    head.select_option("#second-reading-form select[name=risk_limit]", "5")
    step(head, "#second-reading-form")
    assert "giới hạn rủi ro 5%" in head.inner_text("#second-reading-line")
    shot(head, "round", prefix="audit")

    # The audited desk reads every ballot (here keyed through the service, as a scanner would).
    key_all(s, LINES, desk_index=0)

    # The seed, typed in groups as the dice gave it; the sample is shown to be printed.
    head.click("#go-audit")
    head.wait_for_load_state()
    assert "20 phiếu" in head.inner_text("#preview")
    assert "33,33%" in head.inner_text("#preview")
    shot(head, "seed", prefix="audit")
    head.fill("#seed", SEED)
    step(head, "#draw-form")
    shot(head, "drawn", prefix="audit")
    reading = SecondReading.objects.get(round=rnd)
    drawn = sorted(reading.serials)
    assert len(drawn) == 19
    shown = ", ".join(head.locator("#serial-lines li").all_inner_texts())
    assert shown == ", ".join(str(n) for n in drawn)
    assert head.inner_text("#seed-shown") == SEED.replace(" ", "")

    # The audit desk keys the drawn ballots, each offered in turn, and no other.
    desk = signed_in_page(browser, base, s.desks[1].user.username, PASSWORD)
    desk.goto(f"{base}/bau-cu/lan/{rnd.pk}/nhap-phieu/")
    assert "chỉ nhập các phiếu được rút (đã nhập 0/19)" in desk.inner_text("#desk-audit")
    for i, serial in enumerate(drawn, start=1):
        assert desk.input_value("#serial") == str(serial)
        desk.focus("#line")
        desk.keyboard.type(LINES[serial - 1])
        desk.keyboard.press("Enter")
        desk.wait_for_selector(f"#desk-count:text-is('{i}')")
    assert "đã nhập đủ 19 phiếu được rút" in desk.inner_text("#desk-audit")
    shot(desk, "desk", prefix="audit")
    desk.context.close()

    # The head concludes (no difference), reconciles on desk 1 alone and announces.
    head.goto(f"{base}/bau-cu/lan/{rnd.pk}/kiem-tra-doi-chieu/")
    assert head.inner_text("#audit-progress") == "Bàn kiểm tra đã đọc 19/19 phiếu được rút."
    step(head, "#conclude-form")
    assert "Không có sai khác" in head.inner_text("#audit-confirmed")
    shot(head, "confirmed", prefix="audit")
    head.goto(f"{base}/bau-cu/lan/{rnd.pk}/")
    step(head, "#reconcile-form")
    step(head, "#announce-form")
    assert head.inner_text("#round-status") == "Đã công bố kết quả"
    rnd.refresh_from_db()
    assert rnd.result is not None
    assert selectors.sql_check(rnd) == ""
    head.context.close()
