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


#: The heading's columns in mm, for every writer: the issuer's column on the left, a gutter,
#: the Party's column on the right (165 mm of text between the 30 mm and 15 mm margins). A long
#: name wraps inside its own column; the gutter keeps the two columns from touching.
HEADING_COLUMNS_MM = (76.0, 6.0, 83.0)
PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"
#: The number slot of a document not yet issued, to be filled by hand: no-break spaces, which
#: no writer collapses into one.
UNNUMBERED = "Số" + "\u00a0" * 6 + "-"


@dataclass(frozen=True)
class HeadingLine:
    """One line of the heading as every writer sets it: centred in its column. ``before``:
    space above it in points."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    size: float = 13.0
    before: float = 0.0


@dataclass(frozen=True)
class PartyHeading:
    """The heading of a Party document (R-202, R-204): :attr:`left` and :attr:`right` are its
    two columns, which the PDF writers (WeasyPrint, ReportLab) and the DOCX writer all set."""

    superior: str  # e.g. "ĐẢNG BỘ HUYỆN"
    issuer: str  # e.g. "ĐẢNG ỦY KHỐI CHÍNH QUYỀN" or "ĐẠI HỘI ĐẠI BIỂU LẦN THỨ X"
    place: str  # e.g. "Huyện Tân Lập"
    date: dt.date
    number_symbol: str = ""  # e.g. "Số 12-BC/ĐU"; blank leaves "Số     -BC/ĐU" to be filled

    @property
    def place_date(self) -> str:
        return place_date_line(self.place, self.date)

    @property
    def left(self) -> tuple[HeadingLine, ...]:
        """The superior body, the issuing body in bold, the star, the number and symbol."""
        return (HeadingLine(self.superior.upper()), HeadingLine(self.issuer.upper(), bold=True),
                HeadingLine("*"), HeadingLine(self.number_symbol or UNNUMBERED))

    @property
    def right(self) -> tuple[HeadingLine, ...]:
        """"ĐẢNG CỘNG SẢN VIỆT NAM" underlined, then the place and date in italics."""
        return (HeadingLine(PARTY, bold=True, underline=True, size=14),
                HeadingLine(self.place_date, italic=True, before=10))


def place_date_line(place: str, date: dt.date) -> str:
    """``Huyện X, ngày 03 tháng 4 năm 2018``: day padded to two digits; January and February
    padded too, as the format requires (ngày 05 tháng 02)."""
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    return f"{place}, ngày {date.day:02d} tháng {month} năm {date.year}"


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """Render ``template_name`` (which extends ``printing/base.html``) to PDF bytes."""
    from weasyprint import HTML

    html = render_to_string(template_name, {
        "font_css": font_css(), "heading_columns_mm": HEADING_COLUMNS_MM,
        "heading_width_mm": sum(HEADING_COLUMNS_MM), **context})
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

    table = doc.add_table(rows=1, cols=3)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, cell, width in zip(table.columns, table.rows[0].cells, HEADING_COLUMNS_MM,
                                   strict=True):
        column.width = cell.width = Mm(width)  # the grid (LibreOffice) and the cells (Word)
    left, _gutter, right = table.rows[0].cells
    for cell, lines in ((left, heading.left), (right, heading.right)):
        for i, line in enumerate(lines):
            p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.space_before = Pt(line.before)
            p.paragraph_format.space_after = Pt(0)
            run = p.add_run(line.text)
            run.bold, run.italic, run.underline = line.bold, line.italic, line.underline
            run.font.size = Pt(line.size)

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
