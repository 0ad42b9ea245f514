from __future__ import annotations

import datetime as dt
import io

from docx import Document
from pypdf import PdfReader

from daihoi.core.printing import PartyHeading, docx_bytes, new_docx, place_date_line, render_pdf

HEADING = PartyHeading(superior="Đảng bộ huyện", issuer="Đảng ủy Khối Chính quyền",
                       place="Huyện Tân Lập", date=dt.date(2020, 2, 5),
                       number_symbol="Số 12-BC/ĐU")


def test_the_date_line_pads_day_and_the_first_two_months() -> None:
    assert place_date_line("Hà Nội", dt.date(2018, 4, 3)) == "Hà Nội, ngày 03 tháng 4 năm 2018"
    assert place_date_line("Hà Nội", dt.date(2020, 2, 5)) == "Hà Nội, ngày 05 tháng 02 năm 2020"
    assert place_date_line("Hà Nội", dt.date(2020, 12, 25)) == "Hà Nội, ngày 25 tháng 12 năm 2020"


def test_a_docx_has_the_party_heading() -> None:
    doc = Document(io.BytesIO(docx_bytes(new_docx(HEADING, title="Báo cáo chính trị"))))
    cells = [c.text for c in doc.tables[0].rows[0].cells]
    assert "ĐẢNG BỘ HUYỆN" in cells[0]
    assert "ĐẢNG ỦY KHỐI CHÍNH QUYỀN" in cells[0]
    assert "Số 12-BC/ĐU" in cells[0]
    assert cells[1] == ""  # the gutter
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in cells[2]
    assert "Huyện Tân Lập, ngày 05 tháng 02 năm 2020" in cells[2]
    assert any(p.text == "BÁO CÁO CHÍNH TRỊ" for p in doc.paragraphs)


def test_a_pdf_has_the_party_heading() -> None:
    pdf = render_pdf("printing/base.html", {"heading": HEADING, "title": "Báo cáo chính trị"})
    # lines wrap where the installed font decides: compare with the whitespace collapsed
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages
                             ).split())
    assert pdf.startswith(b"%PDF")
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "ngày 05 tháng 02 năm 2020" in text
