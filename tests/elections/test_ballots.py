"""The printed ballot (R-025, R-030 to R-032) and ballot secrecy by design (R-003, R-030a):
one ballot for the printer to copy, nothing on it unique to one ballot, every page with the
heading, the stamp area and its page number, and the board's counting number (not a printed
serial) as what the desks key, reconcile and export."""

from __future__ import annotations

import csv
import io
import re
from itertools import pairwise
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics

from daihoi.core.errors import ServiceError
from daihoi.core.printing.fonts import pdf_faces
from daihoi.elections import ballot_pdf, services
from daihoi.elections.ballot_pdf import MM, BallotText, plan, render
from daihoi.elections.models import BallotEntry
from tests.conftest import PASSWORD, World
from tests.elections.factories import make_election, to_counting

GIVEN = ("An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Khánh", "Lan", "Minh", "Nga", "Oanh",
         "Phúc", "Quân", "Sơn", "Tâm", "Uyên", "Vinh", "Xuân", "Yến", "Đạt")
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi")
MIDDLE = ("Văn", "Thị", "Thị Thanh", "Hữu", "Ngọc")
#: What a printed serial or a per-ballot code looked like (``Số phiếu: 17``, ``DH12-17``).
SERIAL = re.compile(r"(?i)số phiếu|serial|\bDH\d+-\d+\b|\bphiếu số\b")
A5 = (round(148 * MM), round(210 * MM))
A4 = (round(210 * MM), round(297 * MM))


def login(user: Any) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


def names(n: int) -> tuple[str, ...]:
    """Distinct names (the list's own labels tell apart two people with one name)."""
    return tuple(f"{FAMILY[i % 8]} {MIDDLE[i % 5]} {GIVEN[i % 20]} ({i + 1})" for i in range(n))


def ballot(n: int, *, cross_out: bool = True, max_kept: int | None = None) -> BallotText:
    return BallotText(
        organization="Đảng bộ Khối Chính quyền huyện", congress="ĐẠI HỘI ĐẠI BIỂU LẦN THỨ X",
        election="Bầu Ban Chấp hành Đảng bộ Khối Chính quyền huyện, nhiệm kỳ 2020–2025",
        round=1, code=ballot_pdf.round_code(3, 12, 1), names=names(n), cross_out=cross_out,
        max_kept=max_kept if max_kept is not None else max(1, n * 4 // 5 if cross_out else n))


def pages_of(pdf: bytes) -> list[Any]:
    return list(PdfReader(io.BytesIO(pdf)).pages)


def text_of(page: Any) -> str:
    return " ".join(page.extract_text().split())


def size_of(page: Any) -> tuple[int, int]:
    box = page.mediabox
    return round(float(box.width)), round(float(box.height))


# --------------------------------------------------------------------------- one ballot, N copies


def test_a_ballot_rendered_twice_is_byte_identical() -> None:
    assert render(ballot(62)) == render(ballot(62))


@pytest.mark.parametrize("n", [11, 250])
def test_every_copy_of_a_sheet_has_the_same_page_content_and_text(n: int) -> None:
    single = pages_of(render(ballot(n)))
    sheet = pages_of(render(ballot(n), copies=5))
    k = len(single)
    assert len(sheet) == 5 * k
    for i, page in enumerate(sheet):
        model = sheet[i % k]
        assert page.get_contents().get_data() == model.get_contents().get_data()
        assert text_of(page) == text_of(single[i % k])
    if k > 1:  # a copy's pages are the ballot's pages in order (recto verso)
        assert text_of(sheet[0]) != text_of(sheet[1])


def test_a_sheet_of_348_copies_is_348_pages_of_the_one_ballot() -> None:
    sheet = pages_of(render(ballot(62), copies=348))
    assert len(sheet) == 348
    assert len({p.get_contents().get_data() for p in sheet}) == 1


@pytest.mark.parametrize("copies", [0, ballot_pdf.MAX_COPIES + 1])
def test_a_sheet_outside_1_to_the_maximum_is_refused(copies: int) -> None:
    with pytest.raises(ValueError):
        render(ballot(3), copies=copies)


@pytest.mark.parametrize(("n", "cross_out"), [(11, True), (250, True), (5, False)])
def test_no_ballot_carries_a_serial_number_or_a_rule_code(n: int, cross_out: bool) -> None:
    for page in pages_of(render(ballot(n, cross_out=cross_out), copies=3)):
        text = text_of(page)
        assert not SERIAL.search(text), text
        assert not re.search(r"\bR-\d", text), text
        assert "DH-3-12-1" in text  # the round's code, the same on every ballot


# --------------------------------------------------------------------------- layout


@pytest.mark.parametrize(("n", "paper", "pages"), [
    (1, A5, 1), (18, A5, 1), (19, A5, 1), (36, A5, 1),  # A5: one column, then two
    (37, A4, 1), (62, A4, 1), (120, A4, 1),  # one A4 page: two columns, then three
    (121, A4, 2), (250, A4, 2), (253, A4, 3),  # longer: A4 pages, the names shared evenly
])
def test_a_list_with_surplus_goes_on_one_a5_or_a4_page_while_it_fits(
    n: int, paper: tuple[int, int], pages: int,
) -> None:
    printed = pages_of(render(ballot(n)))
    assert len(printed) == pages
    assert {size_of(p) for p in printed} == {paper}


@pytest.mark.parametrize(("n", "paper", "pages"), [
    (1, A5, 1), (16, A5, 1), (17, A4, 1), (80, A4, 1), (81, A4, 2), (168, A4, 2),
])
def test_an_agree_disagree_list_goes_on_one_a5_or_a4_page_while_it_fits(
    n: int, paper: tuple[int, int], pages: int,
) -> None:
    printed = pages_of(render(ballot(n, cross_out=False)))
    assert len(printed) == pages
    assert {size_of(p) for p in printed} == {paper}


def test_the_plan_boundaries_are_those_of_the_tiers() -> None:
    assert plan(36, cross_out=True).tier.paper == "A5"
    assert plan(37, cross_out=True).tier.paper == "A4"
    assert plan(120, cross_out=True).pages == 1
    assert plan(121, cross_out=True).pages == 2
    assert plan(252, cross_out=True).pages == 2
    assert plan(253, cross_out=True).pages == 3
    assert plan(250, cross_out=True).per_page == 125


def test_every_page_of_a_long_ballot_has_the_heading_the_stamp_area_and_its_number() -> None:
    printed = pages_of(render(ballot(250)))
    assert len(printed) == 2
    for i, page in enumerate(printed, start=1):
        text = text_of(page)
        for needle in ("ĐẢNG CỘNG SẢN VIỆT NAM", "ĐẠI HỘI ĐẠI BIỂU LẦN THỨ X", "PHIẾU BẦU CỬ",
                       "Bầu Ban Chấp hành", "Lần bỏ phiếu thứ 1", "Dấu của cấp ủy triệu tập",
                       f"Trang {i}/2", f"DH-3-12-1-p{i}", "gạch ngang cả họ và tên"):
            assert needle in text, (i, needle)
    first, second = text_of(printed[0]), text_of(printed[1])
    listed = names(250)
    assert f"1 {listed[0]}" in first
    assert f"125 {listed[124]}" in first
    assert f"126 {listed[125]}" in second
    assert f"250 {listed[249]}" in second
    assert listed[125] not in first
    assert listed[124] not in second


def test_a_one_page_ballot_has_no_page_number() -> None:
    text = text_of(pages_of(render(ballot(11)))[0])
    assert "Trang" not in text
    assert "Dấu của cấp ủy triệu tập" in text


def test_every_name_is_printed_once_beside_its_number_in_ballot_order() -> None:
    text = " ".join(text_of(p) for p in pages_of(render(ballot(120))))
    for i, name in enumerate(names(120), start=1):
        assert text.count(name) == 1, name
        assert f"{i} {name}" in text, name


def test_the_instructions_follow_the_kind_of_list() -> None:
    crossed = text_of(pages_of(render(ballot(11, max_kept=9)))[0])
    assert "gạch ngang cả họ và tên người đó" in crossed
    assert "Bầu không quá 9 người" in crossed
    assert "Không đồng ý" not in crossed
    marked = text_of(pages_of(render(ballot(5, cross_out=False)))[0])
    for needle in ("STT", "Họ và tên", "Đồng ý", "Không đồng ý", "đánh dấu X"):
        assert needle in marked, needle
    assert "gạch ngang" not in marked


# --------------------------------------------------------------------------- nothing overprints


def _boxes(page: Any) -> list[tuple[str, float, float, float, float]]:
    """(text, x0, y0, x1, y1) of every text the page draws, measured in its face."""
    faces = {pdfmetrics.getFont(n).face.name.decode(): n for n in pdf_faces()}
    out: list[tuple[str, float, float, float, float]] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        text = text.strip()
        if not text:
            return
        face = faces[str(font["/BaseFont"]).split("+", 1)[1]]
        x, y = tm[4] + cm[4], tm[5] + cm[5]
        width = pdfmetrics.stringWidth(text, face, size)
        out.append((text, x, y - 0.2 * size, x + width, y + 0.75 * size))

    page.extract_text(visitor_text=visit)
    return out


@pytest.mark.parametrize(("n", "cross_out"), [(1, False), (11, True), (16, False), (36, True),
                                              (62, True), (80, False), (120, True), (250, True)])
def test_no_text_overprints_another_or_leaves_the_page(n: int, cross_out: bool) -> None:
    long_names = ballot(n, cross_out=cross_out)
    long_names = BallotText(**{**long_names.__dict__, "names": tuple(
        name + (" (1975, Chi bộ Tài chính - Kế hoạch)" if i % 7 == 3 else "")
        for i, name in enumerate(long_names.names))})
    for page in pages_of(render(long_names)):
        width, height = size_of(page)
        boxes = _boxes(page)
        assert len(boxes) > n // 3
        for text, x0, y0, x1, y1 in boxes:
            assert 5 * MM <= x0 < x1 <= width - 5 * MM, text
            assert 5 * MM <= y0 < y1 <= height - 5 * MM, text
        for a, b in ((a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]):
            overlap = min(a[3], b[3]) - max(a[1], b[1]) > 0.5 and min(a[4], b[4]) - max(
                a[2], b[2]) > 0.5
            assert not overlap, (a, b)


def test_the_rows_of_a_column_go_down_the_page_in_order() -> None:
    page = pages_of(render(ballot(36)))[0]
    numbers = [(int(t), y0) for t, _, y0, _, _ in _boxes(page) if t.isdigit()]
    first_column = [y for num, y in numbers if num <= 18]
    assert len(first_column) == 18
    assert all(a > b for a, b in pairwise(first_column))


# --------------------------------------------------------------------------- the round's ballot


def test_the_round_ballot_is_one_ballot_with_the_congress_election_round_and_code(
    world: World,
) -> None:
    s = make_election(world.cell_a, seats=9, names=11)
    office = login(world.office)
    url = reverse("elections:ballots_pdf", args=[s.round.pk])
    response = office.get(url)
    assert response.status_code == 200
    printed = pages_of(response.content)
    assert len(printed) == 1
    assert size_of(printed[0]) == A5
    text = text_of(printed[0])
    congress = s.election.congress
    for needle in (f"LẦN THỨ {congress.ordinal_roman}", s.election.title, congress.term,
                   "Lần bỏ phiếu thứ 1", f"DH-{congress.pk}-{s.election.pk}-1",
                   *(c.member.full_name for c in s.candidates)):
        assert needle in text, needle
    assert not SERIAL.search(text)
    sheet = pages_of(office.get(url, {"copies": "45"}).content)
    assert len(sheet) == 45
    assert {text_of(p) for p in sheet} == {text}


@pytest.mark.parametrize("copies", ["0", "5001", "abc"])
def test_a_sheet_of_a_wrong_number_of_copies_is_refused_with_a_message(
    world: World, copies: str,
) -> None:
    s = make_election(world.cell_a, seats=9, names=11)
    response = login(world.office).get(
        reverse("elections:ballots_pdf", args=[s.round.pk]), {"copies": copies}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("elections:round", args=[s.round.pk])
    page = response.content.decode()
    assert "Số bản in từ 1 đến 5000" in page or "phải là một số nguyên" in page


def test_no_ballot_prints_while_the_list_fails_its_check(world: World) -> None:
    s = make_election(world.cell_a, seats=9, names=0)
    response = login(world.office).get(reverse("elections:ballots_pdf", args=[s.round.pk]),
                                       follow=True)
    assert response.redirect_chain
    assert "Chưa in được phiếu bầu" in response.content.decode()


def test_the_round_page_offers_the_ballot_and_a_sheet_of_copies(world: World) -> None:
    s = make_election(world.cell_a, seats=9, names=11)
    page = login(world.office).get(reverse("elections:round", args=[s.round.pk])).content.decode()
    assert 'id="ballots-pdf"' in page
    assert 'id="copies-form"' in page
    assert "mang số 1" not in page


# --------------------------------------------------------------------------- counting numbers


def test_the_desks_key_the_boards_counting_numbers_from_1_to_the_ballots_collected(
    world: World,
) -> None:
    s = make_election(world.cell_a, seats=9, names=11)
    to_counting(s, summoned=50, issued=45, collected=40)
    desk = s.desks[0]
    with pytest.raises(ServiceError, match="từ 1 đến 40"):
        services.entry_submit(actor=desk.user, desk=desk, serial=41, line="1 2")
    assert BallotEntry.objects.count() == 0
    services.entry_submit(actor=desk.user, desk=desk, serial=40, line="1 2")
    assert BallotEntry.objects.get().serial == 40


def test_a_numbered_ballot_keyed_alike_counts_and_one_ruled_not_issued_is_invalid(
    world: World,
) -> None:
    s = make_election(world.cell_a, seats=9, names=11)
    # 50 copies made, 3 issued and collected: the board numbers the 3 ballots 1, 2, 3.
    rnd = services.round_set_base(actor=None, rnd=s.round, summoned=3, deductions={})
    rnd = services.round_print(actor=None, rnd=rnd, count=50)
    rnd = services.round_issue_ballots(actor=None, rnd=rnd, issued=3)
    rnd = services.round_close_voting(actor=None, rnd=rnd, collected=3, present=3)
    s.desks = [services.desk_assign(actor=None, rnd=rnd, user=s.board_users[t], team=t + 1)
               for t in range(2)]
    s.round = services.round_start_counting(actor=None, rnd=rnd)
    for desk in s.desks:
        # ballot 3 has no stamp: the board rules it not issued (R-030, R-034)
        for number, line in ((2, "1 2"), (1, "3 4"), (3, "/1")):
            services.entry_submit(actor=desk.user, desk=desk, serial=number, line=line)
    rnd = services.round_reconcile(actor=None, rnd=s.round)
    assert rnd.result["valid"] == 2
    assert rnd.result["invalid_by_reason"] == {"not_issued": 1}
    rows = list(csv.reader(io.StringIO(rnd.export_csv)))
    assert rows[0][0] == "so_thu_tu_kiem_phieu"
    assert [r[0] for r in rows[1:]] == ["1", "2", "3"]
    assert rows[3][2:] == ["", "not_issued"]
    assert "thứ tự kiểm phiếu" in rnd.export_json


def test_an_a5_ballot_prints_two_to_an_a4_sheet_with_a_line_to_cut_along() -> None:
    single = text_of(pages_of(render(ballot(11)))[0])
    sheet = pages_of(render(ballot(11), copies=5, two_up=True))
    assert len(sheet) == 3
    assert {size_of(p) for p in sheet} == {(A4[1], A4[0])}
    assert text_of(sheet[0]).count("PHIẾU BẦU CỬ") == 2
    assert text_of(sheet[2]).count("PHIẾU BẦU CỬ") == 1  # the fifth copy alone
    assert sheet[0].get_contents().get_data() == sheet[1].get_contents().get_data()
    assert single in text_of(sheet[2])


def test_an_a4_ballot_ignores_two_up() -> None:
    assert render(ballot(62), copies=4, two_up=True) == render(ballot(62), copies=4)


def test_the_ballot_s_layout_downloads_beside_it_and_reads_the_printed_ballot(
    world: World,
) -> None:
    """Issue 15: the layout (LAYOUT.json) that the reader of scanned ballots reads by; the
    ballot as printed reads back with every name kept, by the round's code in its QR code."""
    from daihoi.ballotread.layout import BallotLayout
    from daihoi.ballotread.raster import pdf_pages
    from daihoi.ballotread.reader import Reader

    s = make_election(world.cell_a, seats=9, names=11)
    office = login(world.office)
    url = reverse("elections:ballots_pdf", args=[s.round.pk])
    response = office.get(url, {"layout": "1"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    layout = BallotLayout.from_json(response.content.decode())
    code = f"DH-{s.election.congress.pk}-{s.election.pk}-1"
    assert layout.round_code == code
    assert [q.name for q in layout.pages[0].positions] == [
        c.member.full_name for c in sorted(s.candidates, key=lambda c: c.member.full_name)
    ] or len(layout.pages[0].positions) == 11
    (image,) = pdf_pages(office.get(url).content, 200)
    reading = Reader(layout).read(image)
    assert (reading.status, reading.code) == ("read", code)
    assert [p.status for p in reading.positions] == ["kept"] * 11, reading.positions[:2]
    page = office.get(reverse("elections:round", args=[s.round.pk])).content.decode()
    assert 'id="ballot-layout"' in page
