"""A whole election in a real browser: the office sets it up and prints the ballots, two
board members key 45 ballots at two desks (one difference planted), the head resolves it,
the result is announced and the minutes PDF names the elected."""

from __future__ import annotations

import io
from typing import Any

import pytest

from daihoi.roster import services as roster_services
from daihoi.roster.choices import RoleKind
from tests.browser.helpers import sign_in, step
from tests.conftest import PASSWORD, World
from tests.elections.factories import make_congress, people, random_lines

pytestmark = pytest.mark.browser


def _read_back(page: Any) -> list[str]:
    return [" ".join(t.split()) for t in page.locator("#echo li").all_inner_texts()]


def _key_ballots(page: Any, base: str, round_pk: int, lines: list[str]) -> None:
    page.goto(f"{base}/bau-cu/lan/{round_pk}/nhap-phieu/")
    printed = {page.locator("#keymap tr").nth(i).get_attribute("data-number"):
               page.locator("#keymap tr").nth(i).get_attribute("data-label")
               for i in range(1, page.locator("#keymap tr").count())}
    # A typo is shown before Enter and refused after it: "12" is not on an 11-name list.
    page.focus("#line")
    page.keyboard.type("3 12")
    assert "Không có tên số 12" in page.inner_text("#echo")
    page.keyboard.press("Enter")
    page.wait_for_selector("#desk-error")
    assert "chỉ có 11 tên" in page.inner_text("#desk-error")
    assert page.inner_text("#desk-count") == "0"
    page.fill("#line", "")
    for serial, line in enumerate(lines, start=1):
        assert page.input_value("#serial") == str(serial)
        page.focus("#line")
        page.keyboard.type(line)  # the printed numbers of the crossed names, space-separated
        if serial <= 3:  # every crossed name is read back, number and full name, before Enter
            assert _read_back(page) == [f"{n} {printed[n]}" for n in line.split()]
        page.keyboard.press("Enter")
        page.wait_for_selector(f"#desk-count:text-is('{serial}')")
    assert page.inner_text("#desk-last") == str(len(lines))


def test_a_whole_election_is_counted_from_the_browser(
    live_server: Any, browser: Any, transactional_db: Any, world: World
) -> None:
    from pypdf import PdfReader

    base = live_server.url
    congress = make_congress(world.committee)
    names = people(world.cell_a, 11, tag="br")
    board = people(world.cell_b, 3, tag="brk")
    logins = ["truongban", "to1", "to2"]
    for member, username in zip(board, logins, strict=True):
        roster_services.user_create_with_role(actor=None, username=username, password=PASSWORD,
                                              organization=member.cell, kind=RoleKind.MEMBER,
                                              member=member)
    office = browser.new_context(locale="vi-VN").new_page()
    office.set_default_timeout(15_000)
    sign_in(office, base, "office", PASSWORD)

    # Set-up: the election, its list and its counting board.
    office.goto(f"{base}/bau-cu/dai-hoi/{congress.pk}/")
    office.select_option("select[name=kind]", "committee")
    office.fill("input[name=seats]", "9")
    step(office, "form.card")
    for m in names:
        office.select_option("#candidate-member", str(m.pk))
        office.click("text=Thêm vào danh sách")
        # The list answers in place (HTMX), naming who was added.
        office.wait_for_selector(f"text=Đã thêm {m.full_name} vào danh sách.")
    assert office.locator("#candidates tbody tr").count() == 11
    for i, m in enumerate(board):
        office.select_option("#board-member", str(m.pk))
        if i == 0:
            office.check("input[name=is_head]")
        office.click("text=Thêm vào Ban kiểm phiếu")
        office.wait_for_load_state()
    office.click("text=Lần 1")
    office.wait_for_load_state()
    round_pk = int(office.url.rstrip("/").split("/")[-1])

    # Base, printing, issuing, closing, desks, counting.
    office.fill("input[name=summoned]", "45")
    step(office, "#base-form")
    office.fill("#print-form input[name=count]", "45")
    step(office, "#print-form")
    pdf = office.request.get(f"{base}/bau-cu/lan/{round_pk}/phieu-bau.pdf")
    assert pdf.ok
    assert len(PdfReader(io.BytesIO(pdf.body())).pages) == 1  # one ballot, for the printer
    sheet = office.request.get(f"{base}/bau-cu/lan/{round_pk}/phieu-bau.pdf?copies=45")
    assert len(PdfReader(io.BytesIO(sheet.body())).pages) == 45
    office.fill("input[name=issued]", "45")
    step(office, "#issue-form")
    office.fill("input[name=collected]", "45")
    office.fill("input[name=present]", "45")
    # Closing the voting asks first, naming the election and the round; "Cancel" sends nothing.
    status = office.inner_text("#round-status")
    asked: list[str] = []
    office.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    office.click("#close-form button[type=submit]")
    assert len(asked) == 1
    assert asked[0].startswith("Kết thúc bỏ phiếu: ")
    assert "lần 1?" in asked[0]
    assert office.inner_text("#round-status") == status
    step(office, "#close-form")
    assert office.inner_text("#round-status") != status
    for team, username in ((1, "to1"), (2, "to2")):
        office.select_option("#desk-form select[name=team]", str(team))
        office.select_option("#desk-form select[name=user]", label=username)
        step(office, "#desk-form")
    step(office, "#start-form")
    assert office.inner_text("#round-status") == "Đang kiểm phiếu"

    # Two independent desks key every ballot; desk 2 misreads ballot 17.
    lines = random_lines(45, names=11, max_kept=9, seed=11)
    planted = list(lines)
    planted[16] = lines[16] + (" 5" if "5" not in lines[16].split() else " 6")
    for username, keyed in (("to1", lines), ("to2", planted)):
        desk = browser.new_context(locale="vi-VN").new_page()
        desk.set_default_timeout(15_000)
        sign_in(desk, base, username, PASSWORD)
        _key_ballots(desk, base, round_pk, keyed)
        desk.context.close()

    # The head sees the one difference and resolves it.
    head = browser.new_context(locale="vi-VN").new_page()
    head.set_default_timeout(15_000)
    sign_in(head, base, "truongban", PASSWORD)
    head.goto(f"{base}/bau-cu/lan/{round_pk}/doi-chieu/")
    assert head.inner_text("#diff-count") == "1"
    row = head.locator("#diff-17")
    row.locator("select[name=from_team]").select_option("1")
    row.locator("input[name=note]").fill("Đối chiếu phiếu gốc: đúng như tổ 1")
    row.get_by_role("button", name="Ghi kết luận").click()
    head.wait_for_load_state()
    assert head.inner_text("#diff-count") == "0"

    # Only the head reconciles and announces; the office watches (no such buttons).
    office.goto(f"{base}/bau-cu/lan/{round_pk}/")
    assert office.locator("#reconcile-form").count() == 0
    head.goto(f"{base}/bau-cu/lan/{round_pk}/")
    step(head, "#reconcile-form")
    step(head, "#announce-form")
    assert head.inner_text("#round-status") == "Đã công bố kết quả"

    # Result, projector page and minutes.
    office.goto(f"{base}/bau-cu/lan/{round_pk}/ket-qua/")
    elected = office.locator("#elected tbody tr td:nth-child(2)").all_inner_texts()
    assert len(elected) == 9
    minutes = office.request.get(f"{base}/bau-cu/lan/{round_pk}/bien-ban.pdf")
    text = " ".join(" ".join(p.extract_text().split())
                    for p in PdfReader(io.BytesIO(minutes.body())).pages)
    assert "BIÊN BẢN KIỂM PHIẾU" in text
    assert all(name in text for name in elected)
    docx = office.request.get(f"{base}/bau-cu/lan/{round_pk}/bien-ban.docx")
    assert docx.ok
    assert docx.body()[:2] == b"PK"
    head.context.close()
    office.context.close()
