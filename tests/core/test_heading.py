"""The Party heading is laid out once (core.printing.PartyHeading's two columns) and every
writer sets it in the same fixed columns: a long name wraps inside its own column and never
runs into the other one."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from docx import Document
from docx.shared import Mm
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics

from daihoi.core.printing import (
    HEADING_COLUMNS_MM,
    PARTY,
    PartyHeading,
    docx_bytes,
    new_docx,
    render_pdf,
)
from daihoi.core.printing.blocks import Para
from daihoi.core.printing.fonts import pdf_faces
from daihoi.core.printing.pdf import render_pdf as render_longform
from tests.reports import pdfchecks

LONG = PartyHeading(
    superior="Đảng bộ Khối các cơ quan và doanh nghiệp huyện Tân Lập tỉnh Phú Thọ",
    issuer="Đại hội đại biểu lần thứ XIII Đảng bộ Khối Chính quyền huyện",
    place="Huyện Tân Lập, tỉnh Phú Thọ", date=dt.date(2020, 6, 10),
    number_symbol="Số 12-NQ/ĐH")
#: A document of a working body of the congress: three lines above the star.
LONG_BODY = PartyHeading(
    superior="Đảng bộ Khối các cơ quan và doanh nghiệp huyện Tân Lập tỉnh Phú Thọ",
    intermediate="Đại hội đại biểu lần thứ XIII", issuer="Ban thẩm tra tư cách đại biểu",
    place="Huyện Tân Lập, tỉnh Phú Thọ", date=dt.date(2020, 6, 10),
    number_symbol="Số 12-BC/ĐH")
PT_PER_MM = 72 / 25.4
LEFT_MARGIN = 30 * PT_PER_MM
LEFT_BAND = (LEFT_MARGIN, LEFT_MARGIN + HEADING_COLUMNS_MM[0] * PT_PER_MM)
RIGHT_BAND = (LEFT_MARGIN + sum(HEADING_COLUMNS_MM[:2]) * PT_PER_MM,
              LEFT_MARGIN + sum(HEADING_COLUMNS_MM) * PT_PER_MM)


def _chunks(pdf: bytes) -> list[tuple[str, float, float]]:
    """(text, x0, x1) in points of every text the first page draws, measured in its face."""
    faces = dict(zip(("Tinos", "Tinos-Bold", "Tinos-Italic", "Tinos-BoldItalic"),
                     pdf_faces(), strict=True))
    out: list[tuple[str, float, float]] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        text = text.strip()
        if not text or font is None:
            return
        face = faces[str(font["/BaseFont"]).split("+", 1)[1]]
        x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
        size_pt = size * abs(cm[0]) * abs(tm[0])
        out.append((text.replace("\u00a0", " "), x,
                    x + pdfmetrics.stringWidth(text, face, size_pt)))

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return out


def _misplaced(pdf: bytes, heading: PartyHeading) -> list[tuple[str, float, float]]:
    """The heading's texts drawn outside their own column (half a point of tolerance)."""
    left = " ".join(line.text for line in heading.left).replace("\u00a0", " ")
    right = " ".join(line.text for line in heading.right).replace("\u00a0", " ")
    wrong = []
    seen = set()
    for text, x0, x1 in _chunks(pdf):
        band = LEFT_BAND if text in left else RIGHT_BAND if text in right else None
        if band is None:
            continue
        seen.add(text)
        if x0 < band[0] - 0.5 or x1 > band[1] + 0.5:
            wrong.append((text, round(x0, 1), round(x1, 1)))
    assert PARTY in seen  # the check saw the heading
    assert any("ĐẠI HỘI" in t for t in seen)
    return wrong


def _weasyprint(heading: PartyHeading) -> bytes:
    return render_pdf("printing/base.html", {"heading": heading, "title": "Báo cáo"})


def _reportlab(heading: PartyHeading) -> bytes:
    return render_longform(heading, "Nghị quyết", "", [Para.of("Nội dung.")])


@pytest.mark.parametrize("heading", [LONG, LONG_BODY], ids=["two-lines", "three-lines"])
@pytest.mark.parametrize("write", [_weasyprint, _reportlab], ids=["weasyprint", "reportlab"])
def test_a_long_name_wraps_inside_its_own_column(write: Any, heading: PartyHeading) -> None:
    pdf = write(heading)
    assert _misplaced(pdf, heading) == []
    # it did wrap: the superior body is longer than its column on one line
    texts = [t for t, _, _ in _chunks(pdf)]
    assert "ĐẢNG BỘ KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP HUYỆN TÂN LẬP TỈNH PHÚ THỌ" not in texts


def test_the_check_sees_a_text_that_runs_into_the_other_column() -> None:
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.setFont(pdf_faces()[1], 13)
    canvas.drawString(LEFT_MARGIN, 750, "ĐẠI HỘI ĐẠI BIỂU LẦN THỨ XIII ĐẢNG BỘ KHỐI CHÍNH QUYỀN")
    canvas.drawString(RIGHT_BAND[0], 700, PARTY)
    canvas.save()
    heading = PartyHeading("", "Đại hội đại biểu lần thứ XIII Đảng bộ Khối Chính quyền", "",
                           dt.date(2020, 6, 10))
    assert [t for t, _, _ in _misplaced(buffer.getvalue(), heading)] == [
        "ĐẠI HỘI ĐẠI BIỂU LẦN THỨ XIII ĐẢNG BỘ KHỐI CHÍNH QUYỀN"]


def test_a_working_body_s_heading_has_the_congress_between_in_regular_type() -> None:
    assert [(line.text.replace("\u00a0", " "), line.bold) for line in LONG_BODY.left] == [
        ("ĐẢNG BỘ KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP HUYỆN TÂN LẬP TỈNH PHÚ THỌ", False),
        ("ĐẠI HỘI ĐẠI BIỂU LẦN THỨ XIII", False), ("BAN THẨM TRA TƯ CÁCH ĐẠI BIỂU", True),
        ("*", False), ("Số 12-BC/ĐH", False)]
    assert [line.text.replace("\u00a0", " ") for line in LONG.left][:2] == [
        "ĐẢNG BỘ KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP HUYỆN TÂN LẬP TỈNH PHÚ THỌ",
        "ĐẠI HỘI ĐẠI BIỂU LẦN THỨ XIII ĐẢNG BỘ KHỐI CHÍNH QUYỀN HUYỆN"]


@pytest.mark.parametrize("write", [_weasyprint, _reportlab], ids=["weasyprint", "reportlab"])
def test_every_pdf_writer_sets_the_three_lines_in_order_and_weight(write: Any) -> None:
    text, bold = pdfchecks.issuer_column(write(LONG_BODY))
    assert text == ("ĐẢNG BỘ KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP HUYỆN TÂN LẬP TỈNH PHÚ THỌ "
                    "ĐẠI HỘI ĐẠI BIỂU LẦN THỨ XIII BAN THẨM TRA TƯ CÁCH ĐẠI BIỂU * Số 12-BC/ĐH")
    assert bold == "BAN THẨM TRA TƯ CÁCH ĐẠI BIỂU"


def test_the_docx_sets_the_three_lines_in_order_and_weight() -> None:
    doc = Document(io.BytesIO(docx_bytes(new_docx(LONG_BODY, title="Báo cáo"))))
    left = doc.tables[0].rows[0].cells[0]
    assert [(p.text, p.runs[0].bold) for p in left.paragraphs] == [
        (line.text, line.bold) for line in LONG_BODY.left]


def test_the_docx_heading_has_the_same_fixed_columns() -> None:
    doc = Document(io.BytesIO(docx_bytes(new_docx(LONG, title="Nghị quyết"))))
    table = doc.tables[0]
    assert [round(c.width / Mm(1)) for c in table.columns] == [round(w) for w in
                                                                 HEADING_COLUMNS_MM]
    left, gutter, right = table.rows[0].cells
    assert [p.text for p in left.paragraphs] == [line.text for line in LONG.left]
    assert gutter.text == ""
    assert [p.text for p in right.paragraphs] == [line.text for line in LONG.right]
    party = right.paragraphs[0].runs[0]
    assert (party.bold, party.underline) == (True, True)
    assert right.paragraphs[1].runs[0].italic


def test_an_unnumbered_document_leaves_the_number_to_be_filled() -> None:
    heading = PartyHeading("Đảng bộ huyện", "Đảng ủy khối", "Huyện X", dt.date(2020, 6, 1))
    assert heading.left[-1].text == "Số\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0-"
    assert [line.text for line in heading.right] == [PARTY, "Huyện X, ngày 01 tháng 6 năm 2020"]


# --- balanced lines: the left column breaks between the kind of body and its name


def _lines(text: str, **kwargs: Any) -> list[str]:
    from daihoi.core.printing.heading import balanced

    out = balanced(text, **kwargs)
    if "\u00a0" not in out:  # unbroken: a line that fits keeps its ordinary spaces
        return [out]
    return [line.replace("\u00a0", " ") for line in out.split(" ")]


def test_a_name_that_fits_stays_on_one_line() -> None:
    assert _lines("ĐẢNG BỘ HUYỆN TÂN LẬP") == ["ĐẢNG BỘ HUYỆN TÂN LẬP"]


def test_a_long_name_breaks_after_the_kind_of_body_not_inside_the_name() -> None:
    # Greedy filling gives "ĐẢNG BỘ KHỐI CHÍNH QUYỀN / HUYỆN"; balanced breaks after "KHỐI".
    assert _lines("ĐẢNG BỘ KHỐI CHÍNH QUYỀN HUYỆN") == ["ĐẢNG BỘ KHỐI", "CHÍNH QUYỀN HUYỆN"]
    assert _lines("ĐẠI HỘI CHI BỘ TÀI CHÍNH - KẾ HOẠCH LẦN THỨ X", bold=True) == [
        "ĐẠI HỘI CHI BỘ", "TÀI CHÍNH - KẾ HOẠCH", "LẦN THỨ X"]


def test_the_break_happens_exactly_where_the_line_no_longer_fits() -> None:
    from daihoi.core.printing.heading import BALANCE_WIDTH_MM

    text = "ĐẢNG BỘ KHỐI CHÍNH QUYỀN HUYỆN"
    regular = pdf_faces()[0]
    width_mm = pdfmetrics.stringWidth(text, regular, 13.0) / 72 * 25.4
    assert width_mm > BALANCE_WIDTH_MM  # the default column breaks it (above)
    assert _lines(text, width_mm=width_mm) == [text]
    assert _lines(text, width_mm=width_mm - 0.01) == ["ĐẢNG BỘ KHỐI", "CHÍNH QUYỀN HUYỆN"]


def test_a_dash_and_lan_thu_x_are_never_broken() -> None:
    for lines in (_lines("CHI BỘ TÀI CHÍNH - KẾ HOẠCH LẦN THỨ X", width_mm=w)
                  for w in (30.0, 45.0, 60.0)):
        assert not any(line.startswith("-") or line.endswith("-") for line in lines)
        assert not any(line.endswith(("LẦN", "THỨ")) for line in lines)
