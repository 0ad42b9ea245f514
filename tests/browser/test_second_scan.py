"""In a real browser, a second scan: the head uploads the first pass at scan desk 1, goes to
scan desk 2's station, is refused the first desk's file there with the reason in words, uploads
the second pass, rules the name the second pass flagged from the queue (labelled with its
desk), and both stations show every ballot entered."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PASSWORD, World
from tests.scanning import scans
from tests.scanning.conftest import scan_round

pytestmark = pytest.mark.browser

BALLOTS = 3


def test_the_head_runs_both_scan_desks_of_a_second_scan(
        live_server: Any, page: Any, transactional_db: Any, world: World, settings: Any,
        tmp_path: Path) -> None:
    from playwright.sync_api import expect  # only where a browser runs (else skipped)

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SCAN_INBOX = tmp_path / "inbox"
    s = scan_round(world, collected=BALLOTS, second_scan=True)
    ballot = scans.round_ballot(s.round)

    def one_pass(seed: int, unsure: dict[int, str] | None = None) -> bytes:
        pages: list[Any] = []
        for i in range(BALLOTS):
            pages += scans.scan(s.round, crossed={i + 1}, seed=seed + i, ballot=ballot,
                                unsure=unsure if i == 1 else None).pages
        return scans.tiff(pages)

    first = one_pass(0)
    base = live_server.url
    page.goto(f"{base}/dang-nhap/")
    page.fill("input[name=username]", s.head.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()

    def upload(name: str, data: bytes) -> None:
        page.set_input_files("input[name=files]", files=[{
            "name": name, "mimeType": "image/tiff", "buffer": data}])
        page.click("#upload-form button[type=submit]")
        page.wait_for_load_state()

    page.goto(f"{base}/quet-phieu/lan/{s.round.pk}/")
    expect(page.locator("#second-scan")).to_contain_text("đây là bàn quét số 1")
    upload("lan1.tif", first)
    expect(page.locator("#count-entered")).to_have_text(str(BALLOTS))

    page.click("a.other-desk")
    expect(page.locator("#second-scan")).to_contain_text("đây là bàn quét số 2")
    expect(page.locator("#count-entered")).to_have_text("0")
    expect(page.locator("#next-number")).to_have_text("Tệp tiếp theo: phiếu số 1 trở đi.")
    upload("ban2.tif", first)
    expect(page.locator(".messages")).to_contain_text(
        "là tệp của bàn quét số 1")
    expect(page.locator(".messages")).to_contain_text(
        "lần đọc thứ hai phải quét lại các phiếu giấy qua máy quét")
    expect(page.locator("#no-batches")).to_be_visible()
    upload("lan2.tif", one_pass(50, {3: "circle"}))
    expect(page.locator("#second-scan")).to_contain_text("đây là bàn quét số 2")
    expect(page.locator("#count-entered")).to_have_text(str(BALLOTS - 1))
    expect(page.locator("#count-to-rule")).to_have_text("1")

    page.click("#go-queue")
    card = page.locator("#ballot-2-2")
    expect(card.locator(".scan-desk-label")).to_have_text("Bàn quét số 2")
    card.locator("button", has_text="Giữ (bầu)").click()
    page.wait_for_load_state()
    expect(page.locator("#queue-empty")).to_be_visible()

    page.goto(f"{base}/quet-phieu/lan/{s.round.pk}/?ban=2")
    expect(page.locator("#count-entered")).to_have_text(str(BALLOTS))
    expect(page.locator("#count-missing")).to_have_text("0")
