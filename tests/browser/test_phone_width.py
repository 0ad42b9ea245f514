"""Every page of the demo at a phone's width (390 px), opened by every demo role: the page never
scrolls sideways (a wide table scrolls inside its own box), and the menu keeps to one line."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from daihoi.roster.demo import DEMO_PASSWORD
from tests.browser.helpers import sign_in
from tests.demo_walk import DEMO_ROLES, demo_urls, demo_values

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _pages_of(username: str, urls: list[str]) -> list[str]:
    """The URLs that answer ``username`` with a page of its own (200, HTML with a <main>): not
    a download, an error, a view that answers only POST or an HTMX fragment."""
    client = Client()
    assert client.login(username=username, password=DEMO_PASSWORD)
    pages = []
    for url in urls:
        response = client.get(url)
        if (response.status_code == 200 and "html" in response.get("Content-Type", "")
                and b"<main" in response.getvalue()):
            pages.append(url)
    return pages


def _page_width(page: Any, url: str) -> int:
    page.goto(url)
    return int(page.evaluate("() => document.documentElement.scrollWidth"))


def test_no_demo_page_scrolls_sideways_on_a_phone(
    live_server: Any, browser: Any, transactional_db: Any
) -> None:
    call_command("demo", stdout=StringIO())
    urls = [u for u in demo_urls(demo_values().walks, files=False) if u != "/dang-xuat/"]
    wide: dict[str, int] = {}
    measured = 0
    for username in DEMO_ROLES:
        context = browser.new_context(locale="vi-VN", viewport=PHONE)
        page = context.new_page()
        page.set_default_timeout(15_000)
        sign_in(page, live_server.url, username, DEMO_PASSWORD)
        for url in _pages_of(username, urls):
            width = _page_width(page, f"{live_server.url}{url}")
            measured += 1
            if width > PHONE["width"]:
                wide[f"{username} {url}"] = width
        context.close()
    assert measured > 120
    assert wide == {}


def test_the_width_check_sees_a_page_wider_than_the_phone(
    live_server: Any, browser: Any, transactional_db: Any
) -> None:
    call_command("demo", stdout=StringIO())
    context = browser.new_context(locale="vi-VN", viewport=PHONE)
    page = context.new_page()
    sign_in(page, live_server.url, "vanphong", DEMO_PASSWORD)
    url = f"{live_server.url}/to-chuc/DBKCQ/dang-vien/"
    assert _page_width(page, url) == PHONE["width"]
    page.evaluate("() => { document.querySelector('main').style.minWidth = '600px'; }")
    assert int(page.evaluate("() => document.documentElement.scrollWidth")) >= 600
    context.close()


def test_the_menu_keeps_to_one_line_on_a_phone(
    live_server: Any, browser: Any, transactional_db: Any
) -> None:
    call_command("demo", stdout=StringIO())
    context = browser.new_context(locale="vi-VN", viewport=PHONE)
    page = context.new_page()
    sign_in(page, live_server.url, "vanphong", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/dai-hoi/")
    links = page.locator(".mainnav a")
    assert links.count() > 5
    tops = {round(links.nth(i).bounding_box()["y"]) for i in range(links.count())}
    assert len(tops) == 1
    context.close()
