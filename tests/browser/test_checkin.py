"""The check-in desk in a real browser: a delegate found by name and checked in with one click,
another by the QR payload a scanner types; the presence page counts both. Every scan shows its
own outcome in place of the previous one, and the counter follows each scan and the other
desks."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from daihoi.collation import fold
from daihoi.delegates import services
from daihoi.delegates.badges import badge_payload
from daihoi.delegates.models import CheckIn
from tests.conftest import PASSWORD, World
from tests.delegates.factories import make_day

pytestmark = pytest.mark.browser


def test_the_desk_checks_in_by_name_search_and_by_qr_payload(
    live_server: Any, page: Any, transactional_db: Any, world: World
) -> None:
    day = make_day(world.cell_a, n=6)
    by_name, by_qr = day.delegates[1], day.delegates[4]
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("input[name=username]", world.office.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/dai-bieu/dai-hoi/{day.congress.pk}/diem-danh/"
              f"{day.official.pk}/")

    # By name, typed without diacritics, then one click.
    page.fill("#q", fold(by_name.member.full_name))
    button = page.get_by_role("button", name=f"Điểm danh {by_name.member.full_name}")
    button.click()
    page.wait_for_selector("#check-in-result [data-created='1']")
    assert by_name.member.full_name in page.inner_text("#check-in-result")
    # The search results refresh: the delegate is now shown as checked in, without a button.
    page.wait_for_selector("#search-results .tag.ok")
    assert button.count() == 0

    # By the badge's QR payload, as a scanner types it and presses Enter.
    page.fill("#code", badge_payload(congress_id=day.congress.pk, delegate_id=by_qr.pk))
    page.press("#code", "Enter")
    # (``expect``, not a JavaScript predicate: the pages' CSP forbids evaluating strings)
    expect(page.locator("#check-in-result")).to_contain_text(by_qr.member.full_name)
    assert page.input_value("#code") == ""

    # The same badge again: told when, nothing recorded.
    page.fill("#code", badge_payload(congress_id=day.congress.pk, delegate_id=by_qr.pk))
    page.press("#code", "Enter")
    page.wait_for_selector("#check-in-result [data-created='0']")
    assert "đã điểm danh lúc" in page.inner_text("#check-in-result")

    assert set(CheckIn.objects.values_list("delegate_id", flat=True)) == {by_name.pk, by_qr.pk}
    page.goto(f"{live_server.url}/dai-bieu/dai-hoi/{day.congress.pk}/hien-dien/"
              f"{day.official.pk}/")
    assert page.inner_text("#present-count") == "2"


def _scan(page: Any, code: str) -> dict[str, str]:
    """Scan ``code`` and wait for this scan's own answer (a new outcome element)."""
    page.evaluate("document.querySelector('#check-in-result .scan-outcome')"
                  "?.setAttribute('data-stale', '1')")
    page.fill("#code", code)
    page.press("#code", "Enter")
    page.wait_for_selector("#check-in-result .scan-outcome:not([data-stale])")
    return {
        "outcome": page.get_attribute("#check-in-result .scan-outcome", "data-outcome"),
        "text": page.inner_text("#check-in-result"),
        "count": page.inner_text("#checked-count"),
        "outcomes": str(page.locator("#check-in-result .scan-outcome").count()),
    }


def test_each_scan_shows_its_own_outcome_and_the_counter_follows(
    live_server: Any, page: Any, transactional_db: Any, world: World
) -> None:
    day = make_day(world.cell_a, n=5)
    other = make_day(world.other_cell, n=1, term_start=2010)
    first, second, absent = day.delegates[0], day.delegates[1], day.delegates[2]
    services.delegate_set_not_summoned(actor=None, delegate=absent, reason="Bị kỷ luật")
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("input[name=username]", world.office.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/dai-bieu/dai-hoi/{day.congress.pk}/diem-danh/"
              f"{day.official.pk}/")
    assert page.inner_text("#checked-count") == "0"

    def code(d: Any, congress_pk: int = day.congress.pk) -> str:
        return badge_payload(congress_id=congress_pk, delegate_id=d.pk)

    shown = _scan(page, code(first))
    assert (shown["outcome"], shown["count"], shown["outcomes"]) == ("checked-in", "1", "1")
    assert first.member.full_name in shown["text"]

    # An unknown code replaces the green message with its own refusal.
    shown = _scan(page, "ABC-123")
    assert (shown["outcome"], shown["count"], shown["outcomes"]) == ("refused", "1", "1")
    assert "không phải thẻ đại biểu" in shown["text"]
    assert first.member.full_name not in shown["text"]
    assert page.evaluate("getComputedStyle(document.querySelector('.scan-outcome'))"
                         ".backgroundColor") == "rgb(253, 236, 234)"

    shown = _scan(page, code(second))
    assert (shown["outcome"], shown["count"]) == ("checked-in", "2")
    assert page.evaluate("getComputedStyle(document.querySelector('.scan-outcome'))"
                         ".backgroundColor") == "rgb(230, 244, 234)"

    # The first badge again: when it was checked in, nothing recorded.
    shown = _scan(page, code(first))
    assert (shown["outcome"], shown["count"]) == ("already", "2")
    assert "đã điểm danh lúc" in shown["text"]
    assert first.member.full_name in shown["text"]

    # Another congress's badge, then a delegate who was not summoned.
    shown = _scan(page, code(other.delegates[0], other.congress.pk))
    assert (shown["outcome"], shown["count"]) == ("refused", "2")
    assert "đại hội khác" in shown["text"]
    shown = _scan(page, code(absent))
    assert (shown["outcome"], shown["count"]) == ("refused", "2")
    assert "không được triệu tập" in shown["text"]
    assert absent.member.full_name in shown["text"]

    # Another desk checks someone in: this desk's counter follows without a scan.
    services.delegate_check_in(actor=None, session=day.official, delegate=day.delegates[3],
                               desk="Bàn 2")
    expect(page.locator("#checked-count")).to_have_text("3", timeout=12000)
    assert set(CheckIn.objects.values_list("delegate_id", flat=True)) == {
        first.pk, second.pk, day.delegates[3].pk}
