"""What the browser would say in its own language is said in the page's: an English-speaking
browser (locale en-US) on a Vietnamese page shows the file picker's button and the chosen
files, and every validation message, in Vietnamese; the same browser on the English UI shows
them in English (static/js/app.js, the texts on <body> in templates/base.html)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import new_page
from tests.conftest import PASSWORD, World

pytestmark = pytest.mark.browser


@pytest.fixture
def english_browser(browser: Any) -> Iterator[Any]:
    yield from new_page(browser, "en-US")


def _message(page: Any, selector: str) -> str:
    return str(page.eval_on_selector(selector, "e => e.validationMessage"))


def _login_page_checks(page: Any, base: str) -> None:
    page.goto(f"{base}/dang-nhap/")
    page.click("button[type=submit]")  # nothing typed


@pytest.mark.parametrize(("language", "texts"), [
    ("vi", {"required": "Mục này cần được điền.", "pick": "Chọn tệp", "none": "Chưa chọn tệp nào",
            "file": "Hãy chọn tệp.", "min": "Giá trị phải từ 1.000 trở lên."}),
    ("en", {"required": "Please fill in this field.", "pick": "Choose files",
            "none": "No file chosen", "file": "Please choose a file.",
            "min": "The value must be 1.000 or more."}),
])
def test_the_browsers_own_words_come_in_the_pages_language(
    live_server: Any, english_browser: Any, transactional_db: Any, world: World,
    language: str, texts: dict[str, str],
) -> None:
    from playwright.sync_api import expect

    page, base = english_browser, live_server.url
    page.context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    _login_page_checks(page, base)
    assert _message(page, "input[name=username]") == texts["required"]
    # a number under its least value (a field added to the page's form for the test): the
    # least value in the numbers' Vietnamese format, whatever the language
    page.evaluate("""() => {
        const f = document.querySelector("input[name=username]").form;
        f.insertAdjacentHTML("beforeend", '<input type="number" name="n" min="1000" value="5">');
        f.querySelector("input[name=username]").value = "x";
        f.querySelector("input[name=password]").value = "x";
        f.requestSubmit(); }""")
    assert _message(page, "input[name=n]") == texts["min"]
    page.evaluate("document.querySelector('input[name=n]').remove()")
    page.fill("input[name=username]", world.office.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()

    page.goto(f"{base}/to-chuc/{world.committee.code}/nhap/")
    field = page.locator("input[name=file]")
    pick = page.locator("button.file-pick")
    expect(pick).to_have_text(texts["pick"])
    expect(page.locator(".file-names")).to_have_text(texts["none"])
    assert not field.is_visible() or field.bounding_box()["width"] <= 1  # the browser's own
    field.evaluate("e => e.form.requestSubmit()")
    assert _message(page, "input[name=file]") == texts["file"]
    # the page's button opens the browser's file chooser
    with page.expect_file_chooser() as chooser:
        pick.click()
    chooser.value.set_files([{"name": "danh-sach.xlsx", "mimeType": "application/octet-stream",
                              "buffer": b"x"}])
    expect(page.locator(".file-names")).to_have_text("danh-sach.xlsx")
    assert _message(page, "input[name=file]") == ""  # chosen: the message is gone
