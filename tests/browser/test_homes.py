"""Each demo role logs in and lands on its own work (issue 14, point 1)."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from daihoi.roster.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser

#: login → (the part of the home page that is its work, a text found in it, parts it must not
#: show)
ROLES = {
    "vanphong": ("#office-dashboard", "Điều còn vướng trước ngày đại hội",
                 ("#opinion-queue", "#board-home", "#cell-home")),
    "tieuban.vankien": ("#opinion-queue", "Ý kiến chờ trả lời",
                        ("#office-dashboard", "#board-home", "#cell-home")),
    "bkp.truongban": ("#board-home", "Lần bỏ phiếu 1",
                      ("#office-dashboard", "#opinion-queue", "#cell-home")),
    "dangvien": ("#member-home", "Ý kiến của tôi",
                 ("#office-dashboard", "#opinion-queue", "#cell-home")),
    "bithu.tckh": ("#cell-home", "Việc của chi bộ",
                   ("#office-dashboard", "#opinion-queue")),
}


def test_each_demo_role_lands_on_its_work(live_server: Any, browser: Any,
                                          transactional_db: Any) -> None:
    call_command("demo", stdout=StringIO())
    for username, (part, text, absent) in ROLES.items():
        context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{live_server.url}/dang-nhap/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_selector(part)
        assert page.url == f"{live_server.url}/viec-cua-toi/", username
        assert text in page.inner_text(part), username
        for other in absent:
            assert page.locator(other).count() == 0, (username, other)
        assert page.locator("#notif-count").count() == 1
        context.close()


def test_the_sub_committee_filters_its_queue(live_server: Any, page: Any,
                                             transactional_db: Any) -> None:
    call_command("demo", stdout=StringIO())
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("input[name=username]", "tieuban.vankien")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#opinion-queue")
    page.click("#opinion-queue >> text=Cả hàng đợi")
    page.wait_for_selector("#queue")
    before = page.locator("#queue tbody tr").count()
    options = page.locator("select[name=chi_bo] option")
    assert options.count() > 2
    page.select_option("select[name=chi_bo]", index=1)  # submits itself (data-autosubmit)
    page.wait_for_url("**chi_bo=*")
    cell = page.locator("select[name=chi_bo] option:checked").inner_text().rsplit(" (", 1)[0]
    rows = page.locator("#queue tbody tr")
    assert 0 < rows.count() <= before
    for i in range(rows.count()):
        assert cell in rows.nth(i).inner_text()
