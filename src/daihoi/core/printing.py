"""Documents an office prints, in the Party's format (Hướng dẫn 36-HD/VPTW; spec §4, R-200…R-205).

One heading for every printed document, in DOCX (python-docx) and PDF (WeasyPrint from an HTML
template): on the left the issuing body under its superior, a star and the number and symbol; on
the right "ĐẢNG CỘNG SẢN VIỆT NAM" and the place and date line. A4 paper.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

#: The one typeface of every PDF: Tinos (Times-like, every Vietnamese letter of TCVN 6909:2001),
#: shipped in ``core/fonts`` under the SIL Open Font License, so that no font need be installed.
FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FAMILY = "Tinos"
#: The four faces: (style key, file, CSS weight, CSS style).
FONT_FACES = (
    ("regular", FONT_DIR / "Tinos-Regular.ttf", "normal", "normal"),
    ("bold", FONT_DIR / "Tinos-Bold.ttf", "bold", "normal"),
    ("italic", FONT_DIR / "Tinos-Italic.ttf", "normal", "italic"),
    ("bolditalic", FONT_DIR / "Tinos-BoldItalic.ttf", "bold", "italic"),
)
#: DOCX files name Times New Roman, which offices have.
DOCX_FONT = "Times New Roman"


def font_css() -> SafeString:
    """``@font-face`` rules for the shipped faces and the family for the whole page (the root,
    so that the page-number margin boxes use it too), for the WeasyPrint templates."""
    faces = "".join(
        f'@font-face {{ font-family: "{FONT_FAMILY}"; src: url("{path.as_uri()}"); '
        f"font-weight: {weight}; font-style: {style}; }}\n"
        for _key, path, weight, style in FONT_FACES)
    return mark_safe(f'{faces}html {{ font-family: "{FONT_FAMILY}"; }}\n')  # noqa: S308 - ours


@dataclass(frozen=True)
class PartyHeading:
    """The heading of a Party document (R-202, R-204)."""

    superior: str  # e.g. "ĐẢNG BỘ HUYỆN"
    issuer: str  # e.g. "ĐẢNG ỦY KHỐI CHÍNH QUYỀN" or "ĐẠI HỘI ĐẠI BIỂU LẦN THỨ X"
    place: str  # e.g. "Huyện Tân Lập"
    date: dt.date
    number_symbol: str = ""  # e.g. "Số 12-BC/ĐU"; blank leaves "Số     -BC/ĐU" to be filled

    @property
    def place_date(self) -> str:
        return place_date_line(self.place, self.date)


def place_date_line(place: str, date: dt.date) -> str:
    """``Huyện X, ngày 03 tháng 4 năm 2018``: day padded to two digits; January and February
    padded too, as the format requires (ngày 05 tháng 02)."""
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    return f"{place}, ngày {date.day:02d} tháng {month} năm {date.year}"


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """Render ``template_name`` (which extends ``printing/base.html``) to PDF bytes."""
    from weasyprint import HTML

    html = render_to_string(template_name, {"font_css": font_css(), **context})
    pdf: bytes = HTML(string=html, base_url=".").write_pdf()
    return pdf


def new_docx(heading: PartyHeading, *, title: str, subtitle: str = "") -> Any:
    """A new A4 DOCX with the Party heading and the document's title."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = doc.styles["Normal"]
    style.font.name = DOCX_FONT
    style.font.size = Pt(14)

    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells

    def line(cell: Any, text: str, *, bold: bool = False, italic: bool = False,
             underline: bool = False, size: int = 13, first: bool = False) -> None:
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0)
        run = p.add_run(text)
        run.bold, run.italic, run.underline = bold, italic, underline
        run.font.size = Pt(size)

    line(left, heading.superior.upper(), first=True)
    line(left, heading.issuer.upper(), bold=True)
    line(left, "*")
    line(left, heading.number_symbol or "Số      -", size=13)
    line(right, "ĐẢNG CỘNG SẢN VIỆT NAM", bold=True, underline=True, size=14, first=True)
    line(right, "")
    line(right, heading.place_date, italic=True, size=13)

    doc.add_paragraph()
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(title.upper())
    run.bold = True
    run.font.size = Pt(15)
    if subtitle:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(subtitle)
        run.bold = True
    return doc


def docx_bytes(doc: Any) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
