"""DOCX (python-docx): a new document with the Party heading, the sign-off, and the blocks
of a long report appended as WordprocessingML in one parse."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any
from xml.sax.saxutils import escape

from daihoi.core.printing.blocks import Block, Grid, Para, Run, clean
from daihoi.core.printing.fonts import DOCX_FONT
from daihoi.core.printing.heading import HEADING_COLUMNS_MM, PartyHeading
from daihoi.core.printing.signature import (
    RECIPIENTS_LABEL,
    RECIPIENTS_LABEL_SIZE,
    RECIPIENTS_SIZE,
    SIGN_SIZE,
    SIGN_SPACE_MM,
    SIGNOFF_SHARES,
    Signature,
)

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TEXT_WIDTH_TWIPS = 9350  # 165 mm of text between the 30 mm and 15 mm margins


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
    left_w, right_w = (round(TEXT_WIDTH_TWIPS * s) for s in SIGNOFF_SHARES)
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


# --------------------------------------------------------------------------------------------
# DOCX: WordprocessingML appended in one parse (python-docx's object API is too slow for
# reports with tens of thousands of paragraphs)


class _DocxStyles:
    """One paragraph style per distinct (size, indent, spacing, alignment) of the blocks, so a
    paragraph carries only a style reference and its runs only bold/italic: the smallest XML
    for a report of tens of thousands of paragraphs."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.ids: dict[tuple[float | None, float, float, float | None, str, bool], str] = {}

    def __call__(self, para: Para) -> str:
        key = (para.size, para.indent, para.before, para.after, para.align, para.keep)
        style_id = self.ids.get(key)
        if style_id is None:
            name = "Daihoi " + " ".join(str(k) for k in key)  # the same in every append
            try:
                style = self.doc.styles[name]
            except KeyError:
                style = self._add(name, para)
            self.ids[key] = style_id = style.style_id
        return style_id

    def _add(self, name: str, para: Para) -> Any:
        from docx.enum.style import WD_STYLE_TYPE
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Mm, Pt

        style = self.doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = self.doc.styles["Normal"]
        style.hidden = style.quick_style = False
        fmt = style.paragraph_format
        if para.size:
            style.font.size = Pt(para.size)
        if para.indent:
            fmt.left_indent = Mm(para.indent)
        if para.before:
            fmt.space_before = Pt(para.before)
        if para.after is not None:
            fmt.space_after = Pt(para.after)
        if para.keep:
            fmt.keep_with_next = True
        fmt.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                         "right": WD_ALIGN_PARAGRAPH.RIGHT}[para.align]
        return style


def _docx_run(run: Run) -> str:
    props = ("<w:b/>" if run.bold else "") + ("<w:i/>" if run.italic else "")
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(clean(run.text))}</w:t></w:r>'


def _docx_para(para: Para, styles: _DocxStyles) -> str:
    return (f'<w:p><w:pPr><w:pStyle w:val="{styles(para)}"/></w:pPr>'
            f"{''.join(_docx_run(r) for r in para.runs)}</w:p>")


def _docx_grid(grid: Grid, styles: _DocxStyles) -> str:
    widths = [round(TEXT_WIDTH_TWIPS * share) for share in grid.shares()]
    aligns = grid.alignment()
    cols = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)

    def row(cells: Sequence[str], bold: bool) -> str:
        out = []
        for text, w, column_align in zip(cells, widths, aligns, strict=True):
            align = "center" if bold else column_align
            para = Para.of(Run(text, bold=bold), size=grid.size, after=0, align=align)
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>'
                       f"{_docx_para(para, styles)}</w:tc>")
        header = "<w:trPr><w:tblHeader/></w:trPr>" if bold else ""
        return f"<w:tr>{header}{''.join(out)}</w:tr>"

    return ('<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
            f"</w:tblPr><w:tblGrid>{cols}</w:tblGrid>{row(grid.head, True)}"
            + "".join(row(r, False) for r in grid.rows) + "</w:tbl>")


def _docx_block(block: Block, styles: _DocxStyles) -> str:
    if isinstance(block, Para):
        return _docx_para(block, styles)
    if isinstance(block, Grid):
        return _docx_grid(block, styles)
    return signoff_docx_xml(block)


def _is_signoff(element: Any) -> bool:
    """The sign-off's table: one without borders (:func:`signoff_docx_xml`)."""
    return bool(element.tag == f"{{{_W}}}tbl" and element.find(
        f"{{{_W}}}tblPr/{{{_W}}}tblBorders") is not None)


def append_docx(doc: Any, blocks: Iterable[Block]) -> None:
    """Append ``blocks`` to a python-docx document (before its final section properties)."""
    from docx.oxml import parse_xml

    styles = _DocxStyles(doc)
    xml = "".join(_docx_block(b, styles) for b in blocks)
    fragment = parse_xml(f'<w:body xmlns:w="{_W}">{xml}</w:body>')
    del xml
    sect_pr = doc.element.body.sectPr
    children = list(fragment)
    for before, child in zip([None, *children], children, strict=False):
        if before is not None and _is_signoff(child):
            keep_with_next(before)  # the sign-off stays with the body's last lines
    for child in children:
        if sect_pr is not None:
            sect_pr.addprevious(child)
        else:  # pragma: no cover - python-docx's template always has a sectPr
            doc.element.body.append(child)
