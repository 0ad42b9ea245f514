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
FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
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
#: The mark of a document not yet issued (entered in the register of outgoing documents).
DRAFT_MARK = "DỰ THẢO"
#: The blank line left for a signer's name the records do not hold (never a made-up name).
BLANK_NAME = "…" * 14
#: The recipients' label (Hướng dẫn 36-HD/VPTW: underlined, above the list).
RECIPIENTS_LABEL = "Nơi nhận:"


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
    #: Drawn in a box (the draft mark).
    boxed: bool = False


@dataclass(frozen=True)
class PartyHeading:
    """The heading of a Party document (R-202, R-204): :attr:`left` and :attr:`right` are its
    two columns, which the PDF writers (WeasyPrint, ReportLab) and the DOCX writer all set."""

    superior: str  # e.g. "ĐẢNG BỘ HUYỆN"
    issuer: str  # e.g. "ĐẢNG ỦY KHỐI CHÍNH QUYỀN" or "ĐẠI HỘI ĐẠI BIỂU LẦN THỨ X"
    place: str  # e.g. "Huyện Tân Lập"
    date: dt.date
    number_symbol: str = ""  # e.g. "Số 12-BC/ĐU"; blank leaves "Số     -BC/ĐU" to be filled
    #: Not issued yet: "DỰ THẢO" under the place and date, boxed, in bold.
    draft: bool = False
    #: A line under the number: the term of the congress ("Nhiệm kỳ 2020–2025") or the
    #: conference ("Hội nghị lần thứ nhất") of the minutes.
    under_number: str = ""

    @property
    def place_date(self) -> str:
        return place_date_line(self.place, self.date)

    @property
    def left(self) -> tuple[HeadingLine, ...]:
        """The superior body, the issuing body in bold, the star, the number and symbol (and
        the line under it, if any)."""
        lines = (HeadingLine(self.superior.upper()), HeadingLine(self.issuer.upper(), bold=True),
                 HeadingLine("*"), HeadingLine(self.number_symbol or UNNUMBERED))
        return lines + ((HeadingLine(self.under_number),) if self.under_number else ())

    @property
    def right(self) -> tuple[HeadingLine, ...]:
        """"ĐẢNG CỘNG SẢN VIỆT NAM" underlined, then the place and date in italics."""
        lines: tuple[HeadingLine, ...] = (
            HeadingLine(PARTY, bold=True, underline=True, size=14),
            HeadingLine(self.place_date, italic=True, before=10))
        if self.draft:
            lines += (HeadingLine(DRAFT_MARK, bold=True, size=14, before=8, boxed=True),)
        return lines


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
        "heading_width_mm": sum(HEADING_COLUMNS_MM), "sign_size": SIGN_SIZE,
        "sign_space_mm": SIGN_SPACE_MM, "recipients_label": RECIPIENTS_LABEL,
        "recipients_label_size": RECIPIENTS_LABEL_SIZE, "recipients_size": RECIPIENTS_SIZE,
        "signoff_shares": SIGNOFF_SHARES, **context})
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
            if line.boxed:
                _box_run(run)

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


def _box_run(run: Any) -> None:
    """A border around a run (the draft mark): ``w:bdr`` in its properties."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    border = OxmlElement("w:bdr")
    for key, value in (("val", "single"), ("sz", "8"), ("space", "2"), ("color", "000000")):
        border.set(qn(f"w:{key}"), value)
    run._r.get_or_add_rPr().append(border)


def docx_bytes(doc: Any) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# --------------------------------------------------------------------------------------------
# The sign-off: the signature block at the right, the recipients at the left


@dataclass(frozen=True)
class Signature:
    """The foot of a document (R-200, items 7 to 9). At the right: ``lines`` in bold, the
    authority ("T/M BAN KIỂM PHIẾU") then the signer's title ("TRƯỞNG BAN"); room for the
    signature and the seal; the signer's full name as the records hold it, or a blank line
    when they hold none (never a made-up name). At the left: "Nơi nhận:" and ``recipients``.

    Every writer keeps it on the page of the body's last lines: it is never alone on a page."""

    lines: tuple[str, ...]
    name: str = ""
    recipients: tuple[str, ...] = ()

    @property
    def printed_name(self) -> str:
        return self.name or BLANK_NAME

    @property
    def recipient_lines(self) -> tuple[str, ...]:
        """``- Ban Thường vụ Huyện ủy (để b/c),`` … ``- Lưu Văn phòng.``: a comma after each
        but the last, which ends with a full stop."""
        n = len(self.recipients)
        return tuple(f"- {r}{'.' if i == n - 1 else ','}" for i, r in enumerate(self.recipients))


#: Sizes of the sign-off in points, for every writer.
SIGN_SIZE = 14.0
RECIPIENTS_LABEL_SIZE = 12.0
RECIPIENTS_SIZE = 11.0
#: Room for the signature and the seal, in mm.
SIGN_SPACE_MM = 24.0
#: The recipients' column and the signature's column, as shares of the text width.
SIGNOFF_SHARES = (0.42, 0.58)

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_TEXT_WIDTH_TWIPS = 9350  # 165 mm of text between the 30 mm and 15 mm margins


def _xml_run(text: str, *, bold: bool = False, italic: bool = False, underline: bool = False,
             size: float = SIGN_SIZE) -> str:
    from xml.sax.saxutils import escape

    props = (("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
             + ('<w:u w:val="single"/>' if underline else "")
             + f'<w:sz w:val="{round(size * 2)}"/>')
    return f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _xml_para(run: str, *, align: str = "left", before: float = 0, keep: bool = True) -> str:
    ppr = (("<w:keepNext/>" if keep else "") + "<w:keepLines/>"
           + f'<w:spacing w:before="{round(before * 20)}" w:after="0"/><w:jc w:val="{align}"/>')
    return f"<w:p><w:pPr>{ppr}</w:pPr>{run}</w:p>"


def signoff_docx_xml(signature: Signature) -> str:
    """The sign-off as WordprocessingML: a table without borders of one row that does not
    split, every paragraph kept with the next (so the row stays whole)."""
    left_w, right_w = (round(_TEXT_WIDTH_TWIPS * s) for s in SIGNOFF_SHARES)
    left = ""
    if signature.recipients:
        left = _xml_para(_xml_run(RECIPIENTS_LABEL, italic=True, underline=True,
                                  size=RECIPIENTS_LABEL_SIZE), before=12)
        left += "".join(_xml_para(_xml_run(line, size=RECIPIENTS_SIZE))
                        for line in signature.recipient_lines)
    else:
        left = _xml_para("")
    right = "".join(_xml_para(_xml_run(line, bold=True), align="center", before=12 if i == 0
                              else 0) for i, line in enumerate(signature.lines))
    right += _xml_para(_xml_run(signature.printed_name, bold=True), align="center",
                       before=SIGN_SPACE_MM * 72 / 25.4, keep=False)
    none = "".join(f'<w:{side} w:val="nil"/>' for side in
                   ("top", "left", "bottom", "right", "insideH", "insideV"))
    cell = '<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>{body}</w:tc>'
    return (f'<w:tbl><w:tblPr><w:tblW w:w="{left_w + right_w}" w:type="dxa"/>'
            f'<w:tblBorders>{none}</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr>'
            f'<w:tblGrid><w:gridCol w:w="{left_w}"/><w:gridCol w:w="{right_w}"/></w:tblGrid>'
            f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cell.format(w=left_w, body=left)}"
            f"{cell.format(w=right_w, body=right)}</w:tr></w:tbl>")


def keep_with_next(element: Any) -> None:
    """Keep a body element (a paragraph, or a table's last row) on the page of what follows."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraphs = ([element] if element.tag == qn("w:p") else
                  element.findall(f"{{{_W}}}tr")[-1].iter(qn("w:p"))
                  if element.tag == qn("w:tbl") and element.findall(f"{{{_W}}}tr") else [])
    for p in paragraphs:
        ppr = p.get_or_add_pPr()
        if ppr.find(qn("w:keepNext")) is None:
            keep = OxmlElement("w:keepNext")
            style = ppr.find(qn("w:pStyle"))
            if style is not None:
                style.addnext(keep)
            else:
                ppr.insert(0, keep)


def signoff_elements(signature: Signature) -> list[Any]:
    """The sign-off's body elements, to insert in a python-docx document."""
    from docx.oxml import parse_xml

    return list(parse_xml(f'<w:body xmlns:w="{_W}">{signoff_docx_xml(signature)}</w:body>'))


def append_signoff(doc: Any, signature: Signature) -> None:
    """Append the sign-off to a python-docx document, the body's last element kept with it."""
    body = doc.element.body
    sect_pr = body.sectPr
    last = sect_pr.getprevious() if sect_pr is not None else body[-1]
    if last is not None:
        keep_with_next(last)
    for element in signoff_elements(signature):
        if sect_pr is not None:
            sect_pr.addprevious(element)
        else:  # pragma: no cover - python-docx's template always has a sectPr
            body.append(element)
