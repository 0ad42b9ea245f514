"""Issue 15's "done when", in a real browser on the built demo: the board head (bkp.truongban)
opens the scan station of the delegates' election, reads the file waiting in the round's scan
folder, rules the names the reader could not read, chooses the comparison audit and enters the
dice seed; the audit desk (bkp.to2) keys the drawn ballots from the paper; the head concludes,
reconciles and announces, and the results page shows the elected; the minutes carry the
rulings and the audit.

With ``SCREENSHOT_DIR`` set, the station, the queue (in Vietnamese and in English), the audit
page, the results page and the minutes' pages are kept as PNG files there, to look at."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from daihoi.roster.demo import DEMO_PASSWORD
from tests.browser.helpers import shot, signed_in_page, step

pytestmark = pytest.mark.browser

SEED = "8316 2047 5590 1873 4462"
#: The demo's smallest margin is 18 votes on 111 ballots: ⌈6.2254 × 111 / 18⌉ = 39 at 5%.
SAMPLE = 39


def _keep_pdf(data: bytes, name: str) -> None:
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder and shutil.which("pdftoppm"):
        path = Path(folder) / f"scan-demo-{name}.pdf"
        path.write_bytes(data)
        subprocess.run(["pdftoppm", "-png", "-r", "70", str(path), str(path.with_suffix(""))],
                       check=True)


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def test_the_board_counts_the_demo_by_scanner_audits_and_announces_from_the_browser(
        live_server: Any, browser: Any, transactional_db: Any, settings: Any,
        tmp_path: Path) -> None:
    from playwright.sync_api import expect  # only where a browser runs (else skipped)

    from daihoi.elections import selectors
    from daihoi.elections.models import SecondReading
    from daihoi.scanning import demo as scan_demo
    from daihoi.scanning import selectors as scan_selectors

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SCAN_INBOX = tmp_path / "inbox"
    call_command("demo", stdout=StringIO())
    rnd = scan_demo.demo_round()
    assert rnd is not None
    truth = {b.serial: b for b in scan_demo.demo_ballots()}
    base = live_server.url

    # The head opens the station from the round's page: the first file read, its counts.
    head = signed_in_page(browser, base, "bkp.truongban", DEMO_PASSWORD, timeout=20_000)
    head.goto(f"{base}/bau-cu/lan/{rnd.pk}/")
    head.click("#go-scan")
    first = head.locator("#batches tbody tr").last
    expect(first).to_contain_text(scan_demo.FIRST_FILE)
    expect(first.locator(".batch-status")).to_have_text("Hoàn tất")
    expect(first.locator(".batch-ballots")).to_contain_text("số 1–60")
    expect(first.locator(".batch-flagged")).to_have_text("3")
    expect(head.locator("#count-entered")).to_have_text("57")
    expect(head.locator("#count-to-rule")).to_have_text("3")
    expect(head.locator("#next-number")).to_have_text("Tệp tiếp theo: phiếu số 61 trở đi.")
    expect(head.locator("#inbox-folder")).to_contain_text(scan_selectors.round_code(rnd))
    expect(head.locator("#waiting-files")).to_contain_text(scan_demo.SECOND_FILE)
    shot(head, "1-station", prefix="scan-demo")

    # The file waiting in the scan folder, read with the station's button.
    head.set_default_timeout(120_000)  # the worker reads 51 ballots (here in the request)
    step(head, "#sweep-form")
    head.goto(f"{base}/quet-phieu/lan/{rnd.pk}/")
    head.set_default_timeout(20_000)
    second = head.locator("#batches tbody tr").first
    expect(second).to_contain_text(scan_demo.SECOND_FILE)
    expect(second.locator(".batch-status")).to_have_text("Hoàn tất")
    expect(second.locator(".batch-ballots")).to_contain_text("số 61–111")
    expect(head.locator("#count-entered")).to_have_text("108")
    expect(head.locator("#count-missing")).to_have_text("0")
    assert not scan_demo.inbox_file(rnd).exists()
    expect(head.locator("#waiting-files")).to_have_count(0)
    shot(head, "2-station-both-files", prefix="scan-demo")

    # The queue, in English once to look at it; then the rulings, by what the voter meant.
    english = signed_in_page(browser, base, "bkp.truongban", DEMO_PASSWORD, timeout=20_000,
                             lang="en")
    english.goto(f"{base}/quet-phieu/lan/{rnd.pk}/ket-luan/")
    expect(english.locator("#ballot-33 h2")).to_contain_text("Ballot 33")
    shot(english, "3-queue-en", prefix="scan-demo")
    english.context.close()
    head.click("#go-queue")
    head.wait_for_function("() => [...document.querySelectorAll('img.scan-crop')]"
                           ".every(img => img.complete && img.naturalWidth > 100)")
    shot(head, "3-queue", prefix="scan-demo")
    for serial, ballot in sorted(scan_demo.UNSURE.items()):
        for number, (_, ruling) in sorted(ballot.items()):
            mark = head.locator(f"#ballot-{serial} .scan-mark",
                                has_text=f"Tên thứ {number}:")
            label = "Gạch (không bầu)" if ruling == "crossed" else "Giữ (bầu)"
            mark.locator("button", has_text=label).click()
            head.wait_for_load_state()
            expect(head.locator(".messages")).to_contain_text(
                f"Phiếu số {serial}, tên thứ {number}: đã ghi kết luận.")
    expect(head.locator("#queue-empty")).to_be_visible()

    # The second reading: the comparison audit of the scan desk by tổ 2, at 5%; the seed.
    head.goto(f"{base}/bau-cu/lan/{rnd.pk}/")
    head.check("#second-reading-form input[value=comparison_audit]")
    head.select_option("#second-reading-form select[name=audited_team]", "1")
    head.select_option("#second-reading-form select[name=audit_team]", "2")
    head.select_option("#second-reading-form select[name=risk_limit]", "5")
    step(head, "#second-reading-form")
    head.click("#go-audit")
    head.wait_for_load_state()
    assert f"{SAMPLE}/111" in head.inner_text("#preview")
    shot(head, "4-audit-before-draw", prefix="scan-demo")
    head.fill("#seed", SEED)
    step(head, "#draw-form")
    reading = SecondReading.objects.get(round=rnd)
    drawn = sorted(reading.serials)
    assert len(drawn) == SAMPLE
    assert reading.margin == 18
    shot(head, "5-audit-drawn", prefix="scan-demo")

    # The audit desk keys the drawn ballots from the paper, each offered in turn.
    desk = signed_in_page(browser, base, "bkp.to2", DEMO_PASSWORD, timeout=20_000)
    desk.goto(f"{base}/bau-cu/lan/{rnd.pk}/nhap-phieu/")
    for i, serial in enumerate(drawn, start=1):
        assert desk.input_value("#serial") == str(serial)
        desk.focus("#line")
        desk.keyboard.type(truth[serial].line)
        desk.keyboard.press("Enter")
        desk.wait_for_selector(f"#desk-count:text-is('{i}')")
    assert f"đã nhập đủ {SAMPLE} phiếu được rút" in desk.inner_text("#desk-audit")
    desk.context.close()

    # The head concludes, reconciles on the scan desk's reading and announces.
    head.goto(f"{base}/bau-cu/lan/{rnd.pk}/kiem-tra-doi-chieu/")
    step(head, "#conclude-form")
    assert "Không có sai khác" in head.inner_text("#audit-confirmed")
    shot(head, "6-audit-confirmed", prefix="scan-demo")
    head.goto(f"{base}/bau-cu/lan/{rnd.pk}/")
    step(head, "#reconcile-form")
    step(head, "#announce-form")
    assert head.inner_text("#round-status") == "Đã công bố kết quả"

    # The results page: the ten elected and the two alternates the voters chose.
    names = selectors.round_labels(rnd)
    head.goto(f"{base}/bau-cu/lan/{rnd.pk}/ket-qua/")
    elected = head.locator("#elected tbody tr td:nth-child(2)").all_inner_texts()
    assert sorted(elected) == sorted(names[n - 1] for n in (1, 2, 3, 5, 6, 8, 10, 11, 13, 14))
    alternates = head.locator("#alternates tbody tr td:nth-child(2)").all_inner_texts()
    assert alternates == [names[4 - 1], names[9 - 1]]
    shot(head, "7-results", prefix="scan-demo")

    # The minutes: the scan desk, the head's four rulings, the audit with its seed and sample.
    response = head.request.get(f"{base}/bau-cu/lan/{rnd.pk}/bien-ban.pdf")
    assert response.status == 200
    pdf = response.body()
    _keep_pdf(pdf, "minutes")
    text = " ".join(_pdf_text(pdf).split())
    assert "Bàn quét phiếu (bàn số 1)" in text
    for serial, ballot in scan_demo.UNSURE.items():
        for number in ballot:
            assert f"Phiếu số {serial}, tên thứ {number}" in text
    assert "Stark" in text
    assert SEED.replace(" ", "") in text.replace(" ", "")
    head.context.close()
