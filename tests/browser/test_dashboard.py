from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from daihoi.roster.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def test_the_office_logs_in_and_reads_the_dashboard_numbers(
    live_server: Any, page: Any, transactional_db: Any
) -> None:
    call_command("demo", stdout=StringIO())
    page.goto(f"{live_server.url}/")
    assert "/dang-nhap/" in page.url
    page.fill("input[name=username]", "vanphong")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    # The office lands on its congress dashboard; the roster figures are one click away.
    page.wait_for_selector("#office-dashboard")
    page.click("#office-dashboard >> text=Số liệu đảng viên")
    page.wait_for_selector("[data-stat=members]")
    assert page.inner_text("h1") == "Đảng bộ Khối Chính quyền huyện"
    assert page.inner_text("[data-stat=cells]") == "21"
    assert page.inner_text("[data-stat=members]") == "235"
    assert page.inner_text("[data-stat=agencies]") == "24"
    assert page.locator("html").get_attribute("lang") == "vi"


def test_the_office_searches_a_member_without_diacritics(
    live_server: Any, page: Any, transactional_db: Any
) -> None:
    call_command("demo", stdout=StringIO())
    from daihoi.roster.models import Member

    target = Member.objects.filter(family_name="Đặng").order_by("sort_key").first()
    assert target is not None
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("input[name=username]", "vanphong")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#office-dashboard")
    page.goto(f"{live_server.url}/to-chuc/DBKCQ/dang-vien/")
    page.fill("input[name=q]", f"dang {target.middle_name} {target.given_name}".lower())
    page.wait_for_function(
        "() => document.querySelectorAll('#member-rows tbody tr').length < 50"
    )
    assert target.full_name in page.inner_text("#member-rows")
