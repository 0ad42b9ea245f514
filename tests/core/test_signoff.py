"""The sign-off of a printed document (core.printing.Signature): the authority and title, room
to sign, the full name from the records or a blank line (never a made-up name), and "Nơi nhận"
at the left. It is never alone on a page: every writer keeps it with the body's last lines."""

from __future__ import annotations

import copy
import datetime as dt
import io
from pathlib import Path
from typing import Any

from django.conf import settings
from django.test import override_settings
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from daihoi.core.printing import (
    BLANK_NAME,
    RECIPIENTS_LABEL,
    PartyHeading,
    Signature,
    append_signoff,
    docx_bytes,
    new_docx,
    render_pdf,
)
from daihoi.core.printing.blocks import Block, Grid, Para
from daihoi.core.printing.docx import append_docx
from daihoi.core.printing.pdf import render_pdf as render_longform

HEADING = PartyHeading("Đảng bộ huyện", "Đại hội đại biểu lần thứ X", "Huyện Tân Lập",
                       dt.date(2020, 6, 10), draft=True)
SIGN = Signature(("T/M BAN KIỂM PHIẾU", "TRƯỞNG BAN"), "Nguyễn Văn An",
                 ("Đoàn Chủ tịch Đại hội", "Lưu hồ sơ Đại hội"))
LAST = "Đoạn cuối của thân văn bản."


def _pages(pdf: bytes) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages]


def _body(n: int) -> list[Block]:
    return [Para.of(f"Dòng số {i} của nội dung báo cáo.") for i in range(n)] + [
        Para.of(LAST)]


def _page_of(pages: list[str], text: str) -> int:
    return next(i for i, page in enumerate(pages) if text in page)


def test_the_recipients_end_with_a_comma_each_and_a_full_stop_last() -> None:
    assert SIGN.recipient_lines == ("- Đoàn Chủ tịch Đại hội,", "- Lưu hồ sơ Đại hội.")


def test_a_signer_the_records_do_not_hold_is_a_blank_line_never_a_name() -> None:
    blank = Signature(("T/M ĐOÀN CHỦ TỊCH",))
    assert blank.printed_name == BLANK_NAME
    text = " ".join(_pages(render_longform(HEADING, "Nghị quyết", "", [
        Para.of("Nội dung."), blank])))
    assert text.rstrip(" 1/").endswith(f"T/M ĐOÀN CHỦ TỊCH {BLANK_NAME}")
    doc = Document(io.BytesIO(_docx([Para.of("Nội dung."), blank])))
    sign_cell = doc.tables[-1].rows[0].cells[1]
    assert [p.text for p in sign_cell.paragraphs] == ["T/M ĐOÀN CHỦ TỊCH", BLANK_NAME]


def test_the_reportlab_signoff_is_never_alone_on_a_page() -> None:
    moved = 0
    for n in range(12, 32):  # the body's end crosses the foot of the first page
        pages = _pages(render_longform(HEADING, "Biên bản kiểm phiếu", "", [*_body(n), SIGN]))
        name, label = _page_of(pages, "Nguyễn Văn An"), _page_of(pages, RECIPIENTS_LABEL)
        assert name == label == _page_of(pages, "T/M BAN KIỂM PHIẾU"), n
        assert LAST in pages[name], n  # the body's last lines are on the signature's page
        moved += name > 0
    assert 0 < moved < 20  # some bodies fit on one page with the sign-off, some did not


def _weasy_template(tmp: Path) -> dict[str, Any]:
    (tmp / "signoff_test.html").write_text(
        '{% extends "printing/base.html" %}{% block body %}'
        "{% for line in lines %}<p>{{ line }}</p>{% endfor %}"
        '<p>{{ last }}</p>{% include "printing/_signoff.html" %}{% endblock %}',
        encoding="utf-8")
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [tmp, *templates[0]["DIRS"]]
    return {"TEMPLATES": templates}


def test_the_weasyprint_signoff_is_never_alone_on_a_page(tmp_path: Path) -> None:
    moved = 0
    with override_settings(**_weasy_template(tmp_path)):
        for n in range(8, 24, 2):
            pages = _pages(render_pdf("signoff_test.html", {
                "heading": HEADING, "title": "Báo cáo", "signature": SIGN, "last": LAST,
                "lines": [f"Dòng số {i} của nội dung báo cáo." for i in range(n)]}))
            name = _page_of(pages, "Nguyễn Văn An")
            assert name == _page_of(pages, "T/M BAN KIỂM PHIẾU") == _page_of(
                pages, RECIPIENTS_LABEL), n
            assert LAST in pages[name], n
            moved += name > 0
    assert 0 < moved < 8


def _docx(blocks: list[Block]) -> bytes:
    doc = new_docx(HEADING, title="Biên bản")
    append_docx(doc, blocks)
    return docx_bytes(doc)


def _kept(paragraph: Any) -> bool:
    ppr = paragraph._p.pPr
    return ppr is not None and ppr.find(qn("w:keepNext")) is not None


def test_the_docx_signoff_is_one_row_that_does_not_split_kept_with_the_body() -> None:
    for data in (_docx([*_body(3), SIGN]), _with_object_api()):
        doc = Document(io.BytesIO(data))
        body = doc.element.body
        table = doc.tables[-1]
        row = table.rows[0]
        assert row._tr.trPr.find(qn("w:cantSplit")) is not None
        left, right = row.cells
        assert [p.text for p in left.paragraphs] == [
            RECIPIENTS_LABEL, "- Đoàn Chủ tịch Đại hội,", "- Lưu hồ sơ Đại hội."]
        assert [p.text for p in right.paragraphs] == [
            "T/M BAN KIỂM PHIẾU", "TRƯỞNG BAN", "Nguyễn Văn An"]
        # every paragraph but the name keeps with the next, and so does the body's last one
        assert [_kept(p) for p in right.paragraphs] == [True, True, False]
        before = table._tbl.getprevious()
        assert before.tag == qn("w:p")
        assert LAST in "".join(before.itertext())
        assert before.find(qn("w:pPr")).find(qn("w:keepNext")) is not None
        assert body.index(table._tbl) == len(body) - 2  # then only the section properties


def _with_object_api() -> bytes:
    doc = new_docx(HEADING, title="Báo cáo")
    doc.add_paragraph("Nội dung.")
    doc.add_paragraph(LAST)
    append_signoff(doc, SIGN)
    return docx_bytes(doc)


def test_the_docx_draft_mark_is_boxed_in_the_heading() -> None:
    doc = Document(io.BytesIO(_docx([Para.of("Nội dung.")])))
    right = doc.tables[0].rows[0].cells[2]
    mark = right.paragraphs[-1]
    assert mark.text == "DỰ THẢO"
    assert mark.runs[0].bold
    assert mark.runs[0]._r.rPr.find(qn("w:bdr")) is not None


def test_a_long_table_keeps_its_last_rows_with_the_signoff() -> None:
    """A table longer than a page before the sign-off: its last rows move with it, so the
    sign-off's page always has some of the table above it."""
    for n in range(40, 76, 5):
        rows = [[str(i + 1), f"Người số {i + 1}", "Đại biểu"] for i in range(n)]
        grid = Grid(["STT", "Họ và tên", "Ghi chú"], rows, size=11,
                             widths=(0.1, 0.6, 0.3))
        pages = _pages(render_longform(HEADING, "Danh sách", "", [grid, SIGN]))
        assert len(pages) >= 2, n
        name = _page_of(pages, "Nguyễn Văn An")
        assert f"Người số {n} " in pages[name] or pages[name].find(f"Người số {n}") >= 0, n
        assert name == _page_of(pages, "T/M BAN KIỂM PHIẾU"), n


def _filler_then_table(lines: int, rows: int = 12) -> list[Block]:
    return [*(Para.of(f"Dòng đệm số {i}.") for i in range(lines)),
            Para.of("I. DANH SÁCH BẦU CỬ", keep=True),
            Grid(["STT", "Họ và tên"], [[str(i), f"Người số {i}"] for i in range(1, rows + 1)])]


def test_a_heading_stays_with_the_start_of_its_table_not_the_whole_table() -> None:
    """A long table under a heading starts under it on the same page when its header and first
    rows fit there (the rest follows on the next page); otherwise the heading goes with it to
    the next page, never alone at the foot of a page."""
    layouts = []
    for lines in range(46):
        pages = _pages(render_longform(HEADING, "Biên bản", "", _filler_then_table(lines)))
        head = _page_of(pages, "I. DANH SÁCH BẦU CỬ")
        first, last = _page_of(pages, "Người số 1 "), _page_of(pages, "Người số 12")
        assert head == first  # never parted from its first row
        layouts.append((head, last))
    # some filler leaves room for the start only: the table is split, the heading stays
    assert (0, 1) in layouts
    # more filler leaves no room for the start: heading and table on the next page together
    assert (1, 1) in layouts
    # and the whole table kept on page 1 while it fits
    assert (0, 0) in layouts


def test_a_paragraph_split_across_pages_leaves_two_lines_on_each() -> None:
    """Widow and orphan control: a paragraph broken at the foot of a page leaves at least two
    of its lines there and takes at least two to the next; one of three lines goes whole."""
    words = " ".join(f"từ{i:03d}" for i in range(60))  # about four lines
    splits = set()
    for lines in range(24, 30):
        pdf = render_longform(HEADING, "Biên bản", "", [
            *(Para.of(f"Dòng đệm số {i}.") for i in range(lines)), Para.of(words)])
        per_page = [[line for line in (p.extract_text() or "").splitlines() if "từ0" in line]
                    for p in PdfReader(io.BytesIO(pdf)).pages]
        counts = tuple(len(p) for p in per_page if p)
        assert sum(counts) >= 4
        assert all(c >= 2 for c in counts), counts
        splits.add(len(counts))
    assert splits == {1, 2}  # split where it may be, and moved whole where it may not
