"""In a real browser: a member gives an opinion on a section of the district's draft, and the
documents sub-committee answers it."""

from __future__ import annotations

from typing import Any

import pytest

from daihoi.congress.demo import DOCUMENTS_LOGIN, build_demo_congress
from daihoi.documents.demo import build_demo_documents
from daihoi.roster.demo import DEMO_PASSWORD, build_demo_roster
from tests.browser.helpers import sign_in

pytestmark = pytest.mark.browser

PROPOSAL = "Đề nghị bổ sung đột phá về phát triển kinh tế số ở các xã vùng cao."


def test_a_member_gives_an_opinion_and_the_subcommittee_answers_it(
    live_server: Any, page: Any, transactional_db: Any
) -> None:
    build_demo_roster()
    build_demo_congress()
    build_demo_documents()
    from daihoi.documents.models import Answer, Opinion

    base = live_server.url
    sign_in(page, base, "dangvien", DEMO_PASSWORD)
    page.goto(f"{base}/van-kien/")
    page.click("text=Dự thảo Báo cáo chính trị Đại hội Đảng bộ huyện lần thứ XXIV")
    page.click("text=IV. Các đột phá chiến lược")
    page.check("input[name=stance][value=partial]")
    page.fill("textarea[name=proposed_text]", PROPOSAL)
    page.click("form.opinion-form button[type=submit]")
    page.wait_for_selector(".messages li")
    assert "Đã ghi nhận ý kiến" in page.inner_text(".messages")
    assert PROPOSAL in page.inner_text("#opinions")
    opinion = Opinion.objects.get(proposed_text=PROPOSAL)
    assert opinion.member is not None
    assert opinion.member.user.username == "dangvien"
    section_url = page.url

    page.context.clear_cookies()
    sign_in(page, base, DOCUMENTS_LOGIN, DEMO_PASSWORD)
    page.goto(section_url)
    card = page.locator(f"#opinion-{opinion.pk}")
    card.locator("select[name=answer]").select_option("accepted")
    card.locator("textarea[name=response]").fill("Tiếp thu, sẽ bổ sung vào dự thảo.")
    card.locator("button[type=submit]").click()
    page.wait_for_selector(f"#opinion-{opinion.pk} .answer")  # swapped in place by HTMX
    assert "Tiếp thu, sẽ bổ sung" in page.inner_text(f"#opinion-{opinion.pk}")
    opinion.refresh_from_db()
    assert opinion.answer == Answer.ACCEPTED
    assert opinion.answered_by.username == DOCUMENTS_LOGIN

    page.context.clear_cookies()
    sign_in(page, base, "dangvien", DEMO_PASSWORD)
    page.goto(section_url)
    assert "Tiếp thu, sẽ bổ sung" in page.inner_text(f"#opinion-{opinion.pk}")
