"""The check-in desk in a real browser: a delegate found by name and checked in with one click,
another by the QR payload a scanner types; the presence page counts both."""

from __future__ import annotations

from typing import Any

import pytest

from daihoi.collation import fold
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
    page.wait_for_function(
        "name => document.querySelector('#check-in-result').innerText.includes(name)",
        arg=by_qr.member.full_name)
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
