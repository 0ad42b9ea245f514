"""In a real browser, as the counting board's head: a generated batch of the round's ballots
uploaded at the scan station and read to its end (counts and the file's row), one name the
reader could not read ruled from the queue with its crop in view, and the scan desk's count
complete on the station and on the round's page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.helpers import shot
from tests.conftest import PASSWORD, World
from tests.scanning import scans
from tests.scanning.conftest import scan_round

pytestmark = pytest.mark.browser

BALLOTS = 6


def test_the_head_scans_a_batch_rules_a_flagged_name_and_sees_the_scan_desk_complete(
        live_server: Any, page: Any, transactional_db: Any, world: World, settings: Any,
        tmp_path: Path) -> None:
    from playwright.sync_api import expect  # only where a browser runs (else skipped)

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SCAN_INBOX = tmp_path / "inbox"
    s = scan_round(world, names=11, seats=9, collected=BALLOTS)
    ballot = scans.round_ballot(s.round)
    pages: list[Any] = []
    for i in range(BALLOTS):
        pages += scans.scan(s.round, crossed={i + 1, 11}, seed=i, ballot=ballot,
                            unsure={4: "circle"} if i == 3 else None,
                            flip=i == 2).pages
    base = live_server.url
    page.goto(f"{base}/dang-nhap/")
    page.fill("input[name=username]", s.head.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()

    page.goto(f"{base}/bau-cu/lan/{s.round.pk}/")
    page.click("#go-scan")
    expect(page.locator("#next-number")).to_have_text("Tệp tiếp theo: phiếu số 1 trở đi.")
    page.set_input_files("input[name=files]", files=[{
        "name": "scan0001.tif", "mimeType": "image/tiff", "buffer": scans.tiff(pages)}])
    page.click("#upload-form button[type=submit]")
    page.wait_for_load_state()
    row = page.locator("#batches tbody tr").first
    expect(row.locator(".batch-status")).to_have_text("Hoàn tất")
    expect(row).to_contain_text(f"{BALLOTS}/{BALLOTS}")
    expect(row.locator(".batch-ballots")).to_contain_text("số 1–6")
    expect(row.locator(".batch-flagged")).to_have_text("1")
    expect(page.locator("#count-entered")).to_have_text(str(BALLOTS - 1))
    expect(page.locator("#count-to-rule")).to_have_text("1")
    expect(page.locator("#next-number")).to_have_text("Tệp tiếp theo: phiếu số 7 trở đi.")
    shot(page, "1-station", prefix="scan")

    page.click("#go-queue")
    mark = page.locator(".scan-mark").first
    expect(page.locator("#ballot-4 h2")).to_contain_text("Phiếu số 4")
    expect(mark).to_contain_text("Tên thứ 4")
    expect(mark).to_contain_text("khoanh tròn tên")
    crop = mark.locator("img.scan-crop")
    expect(crop).to_be_visible()
    # The row's image, served to the head: loaded, as wide as a row.
    page.wait_for_function("() => { const img = document.querySelector('img.scan-crop');"
                           " return img && img.complete && img.naturalWidth > 0; }")
    assert crop.evaluate("img => img.naturalWidth") > 100
    shot(page, "2-queue", prefix="scan")
    mark.locator("button", has_text="Giữ (bầu)").click()
    page.wait_for_load_state()
    expect(page.locator(".messages")).to_contain_text("Phiếu số 4, tên thứ 4: đã ghi kết luận.")
    expect(page.locator("#queue-empty")).to_be_visible()

    page.goto(f"{base}/quet-phieu/lan/{s.round.pk}/")
    expect(page.locator("#count-entered")).to_have_text(str(BALLOTS))
    expect(page.locator("#count-to-rule")).to_have_text("0")
    expect(page.locator("#count-missing")).to_have_text("0")
    shot(page, "3-station-done", prefix="scan")
    page.goto(f"{base}/bau-cu/lan/{s.round.pk}/")
    expect(page.locator("#desks")).to_contain_text(
        f"Tổ 1: {s.desks[0].user.username} — bàn quét phiếu — đã nhập {BALLOTS} phiếu, còn 0")
