"""What the browser tests do alike: sign in, take a step of a round (confirming it when the page
asks), and keep a full-page PNG to look at when ``SCREENSHOT_DIR`` is set."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings


def sign_in(page: Any, base: str, username: str, password: str) -> None:
    """``page`` signed in as ``username`` through the sign-in form."""
    page.goto(f"{base}/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def signed_in_page(browser: Any, base: str, username: str, password: str, *,
                   lang: str = "vi", timeout: int = 15_000) -> Any:
    """A page of its own browser context (a person at their own computer), signed in, its UI
    in ``lang``."""
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    if lang != "vi":
        context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": lang,
                              "url": base}])
    page = context.new_page()
    page.set_default_timeout(timeout)
    sign_in(page, base, username, password)
    return page


def step(page: Any, form: str) -> None:
    """Submit ``form``; a step that cannot be undone asks first, and is confirmed."""
    if page.get_attribute(form, "data-confirm"):
        page.once("dialog", lambda dialog: dialog.accept())
    page.click(f"{form} button[type=submit]")
    page.wait_for_load_state()


def shot(page: Any, name: str, *, prefix: str) -> None:
    """A full-page PNG ``<prefix>-<name>.png`` when ``SCREENSHOT_DIR`` is set."""
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        page.screenshot(path=str(Path(folder) / f"{prefix}-{name}.png"), full_page=True)
