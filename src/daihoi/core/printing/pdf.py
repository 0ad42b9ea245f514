"""Long printed reports in PDF: the blocks (:mod:`daihoi.core.printing.blocks`) on A4 pages.

A report is a list of blocks: :class:`~daihoi.core.printing.blocks.Para` (runs of plain, bold or
italic text) and :class:`~daihoi.core.printing.blocks.Grid` (a bordered table with a header row).
The report's author builds its blocks once; :func:`daihoi.core.printing.docx.append_docx` writes
them into a python-docx document (as WordprocessingML in one parse) and :func:`render_pdf` sets
them on A4 pages with the Party heading (R-202, R-204) through ReportLab.

Why not WeasyPrint, as the other printed documents: WeasyPrint lays out about 3 ms per
paragraph whatever the font (measured), so the summary of 100,000 opinions (thousands of
distinct contents, hundreds of pages) took minutes. Here a paragraph is broken into lines by a
greedy fill over cached word widths and each line is drawn in one text operation per change of
face, with ReportLab's C accelerator (``rl_accel``): the same report takes a few seconds in a
few tens of megabytes (``bench/bench_documents.py``). Lines are left-aligned, as in the
WeasyPrint documents.

Why not ReportLab's own paragraph layout (platypus ``Paragraph``/``Table``): on the same blocks
(``bench/bench_linebreak.py``, 2026-12-07, 2-core EPYC, load 2–3), platypus laid out the
100,000-opinion summary (9,330 blocks, 688 pages) in 6.0 s of CPU against 1.2 s here, and the
10,000-opinion one in 1.5 s against 0.4 s: 4 to 5 times slower, for practically the same
output (690 pages against 688, the same faces and tables) and no less memory (28 MB against
22 MB of Python allocations at peak). With the report's data that alone would break the
summary's 5 s target. So the hand-written breaker stays; re-run the bench when ReportLab
changes, and switch to platypus if the gap falls under about 2×.

Fonts: the faces shipped in ``daihoi/core/fonts`` (:data:`daihoi.core.printing.fonts.FONT_FACES`),
the same as the WeasyPrint documents use.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from daihoi.core.printing.blocks import Block, Grid, Para, Run, clean
from daihoi.core.printing.fonts import pdf_faces
from daihoi.core.printing.heading import HEADING_COLUMNS_MM, HeadingLine, PartyHeading
from daihoi.core.printing.signature import (
    RECIPIENTS_LABEL,
    RECIPIENTS_LABEL_SIZE,
    RECIPIENTS_SIZE,
    SIGN_SIZE,
    SIGN_SPACE_MM,
    SIGNOFF_SHARES,
    Signature,
)

_BREAKING_SPACE = re.compile(r"[ \t\n\r\f\v]+")

# --------------------------------------------------------------------------------------------
# PDF

BODY_SIZE = 13.0
LEADING = 1.35  # line height as a multiple of the size, as in printing/base.html
MM = 72 / 25.4
PAGE_W, PAGE_H = 210 * MM, 297 * MM
MARGINS = {"top": 20 * MM, "bottom": 20 * MM, "left": 30 * MM, "right": 15 * MM}
TEXT_W = PAGE_W - MARGINS["left"] - MARGINS["right"]


class Widths(dict[str, float]):
    """Widths of texts in one face at one size, measured once each (a report repeats its
    words thousands of times)."""

    def __init__(self, font: str, size: float) -> None:
        super().__init__()
        self.font, self.size = font, size

    def __missing__(self, text: str) -> float:
        width: float = pdfmetrics.stringWidth(text, self.font, self.size)
        self[text] = width
        return width


@dataclass
class _Fonts:
    names: tuple[str, str, str, str]
    tables: dict[tuple[str, float], Widths] = field(default_factory=dict)

    def name(self, run: Run) -> str:
        return self.names[(2 if run.italic else 0) + (1 if run.bold else 0)]

    def widths(self, size: float) -> dict[str, Widths]:
        """face → its widths at ``size``."""
        out = {}
        for font in self.names:
            table = self.tables.get((font, size))
            if table is None:
                table = self.tables[font, size] = Widths(font, size)
            out[font] = table
        return out


#: A line: (x, font, text) segments, x from the line's start.
Line = list[tuple[float, str, str]]


def break_lines(runs: Sequence[tuple[str, str]], width: float,
                widths: Mapping[str, Mapping[str, float]]) -> list[Line]:
    """Greedy fill of ``runs`` ((face, text) pairs) into lines at most ``width`` wide.

    Words are what whitespace separates; a word may span runs (``Tiếp thu`` in bold then
    ``:`` stays whole), a word wider than the line is cut where it must. ``widths[face][text]``
    is the width of ``text`` in that face. A line is a list of (x, face, text) segments, one
    per change of face.
    """
    # 1. words: (the face of the space before it, or "" for none; ((face, text), ...))
    words: list[tuple[str, tuple[tuple[str, str], ...]]] = []
    pending = ""  # the face of whitespace seen since the last word
    for font, text in runs:
        # a no-break space (the number slot "Số      -NQ/ĐH") joins, as it says
        parts = text.split() if "\xa0" not in text else _BREAKING_SPACE.split(text.strip())
        if not parts:
            pending = pending or (font if text else "")
            continue
        lead = pending or (font if text[0].isspace() else "")
        for i, part in enumerate(parts):
            if i == 0 and words and not lead:
                space, pieces = words[-1]
                words[-1] = (space, (*pieces, (font, part)))
            else:
                words.append(((font if i > 0 else lead) if words else "", ((font, part),)))
        pending = font if text[-1].isspace() else ""
    # 2. lines
    lines: list[Line] = []
    line: Line = []
    seg_x, seg_font = 0.0, ""  # the segment being filled
    seg_parts: list[str] = []
    x = 0.0

    def close_segment() -> None:
        if seg_parts:
            line.append((seg_x, seg_font, "".join(seg_parts)))

    for space, pieces in words:
        if len(pieces) == 1:  # the common case: a word in one face
            font, text = pieces[0]
            table = widths[font]
            w = table[text]
            if w <= width:
                gap = widths[space][" "] if space and (seg_parts or line) else 0.0
                if x + gap + w > width:
                    close_segment()
                    lines.append(line)
                    line, seg_parts, x, gap = [], [], 0.0, 0.0
                if seg_parts and font == seg_font and (not gap or space == font):
                    seg_parts.append(" " + text if gap else text)
                else:
                    close_segment()
                    seg_x, seg_font, seg_parts = x + gap, font, [text]
                x += gap + w
                continue
        w = sum(widths[f][t] for f, t in pieces)
        gap = widths[space][" "] if space else 0.0
        if (seg_parts or line) and x + gap + w > width:
            close_segment()
            lines.append(line)
            line, seg_parts, x = [], [], 0.0
        if not (seg_parts or line):
            gap = 0.0
        if w > width:  # longer than a line: cut by letters
            pieces = tuple((f, ch) for f, t in pieces for ch in t)
        for i, (font, text) in enumerate(pieces):
            tw = widths[font][text]
            if w > width and (seg_parts or line) and x + tw > width:
                close_segment()
                lines.append(line)
                line, seg_parts, x, gap = [], [], 0.0, 0.0
            lead_gap = gap if i == 0 else 0.0
            if seg_parts and font == seg_font and (not lead_gap or space == font):
                seg_parts.append(" " + text if lead_gap else text)
            else:
                close_segment()
                seg_x, seg_font, seg_parts = x + lead_gap, font, [text]
            x += lead_gap + tw
    close_segment()
    if line:
        lines.append(line)
    return lines


#: A paragraph split across pages leaves at least this many lines on each (widow and orphan
#: control, as Word does by default).
WIDOW_LINES = 2


class _Paragraph(Flowable):  # type: ignore[misc]  # reportlab is untyped (Any base)
    """A :class:`Para` on the page; split across pages between lines."""

    def __init__(self, para: Para, fonts: _Fonts, lines: list[Line] | None = None,
                 first: bool = True, last: bool = True) -> None:
        super().__init__()
        self.para, self.fonts, self._lines = para, fonts, lines
        self._first, self._last = first, last
        self.size = para.size or BODY_SIZE
        self.leading = self.size * LEADING
        self.runs = [(fonts.name(r), clean(r.text)) for r in para.runs]
        self.indent = para.indent * MM
        self._fixed = lines is not None  # a part after a split keeps its lines
        self.keepWithNext = para.keep and last
        self._avail = 0.0

    def _broken(self, avail: float) -> list[Line]:
        if self._lines is None or (not self._fixed and avail != self._avail):
            self._avail = avail
            self._lines = break_lines(self.runs, avail - self.indent,
                                      self.fonts.widths(self.size))
        return self._lines

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self.width = avail_w
        self.height = len(self._broken(avail_w)) * self.leading
        return avail_w, self.height

    def split(self, avail_w: float, avail_h: float) -> list[Any]:
        lines = self._broken(avail_w)
        keep = min(int(avail_h // self.leading), len(lines) - WIDOW_LINES)  # no widow
        if keep < WIDOW_LINES:  # nor orphan: a paragraph of few lines goes whole
            return []
        return [_Paragraph(self.para, self.fonts, lines[:keep], self._first, False),
                _Paragraph(self.para, self.fonts, lines[keep:], False, self._last)]

    def getSpaceBefore(self) -> float:  # noqa: N802 - ReportLab's name
        return self.para.before if self._first else 0.0

    def getSpaceAfter(self) -> float:  # noqa: N802 - ReportLab's name
        if not self._last:
            return 0.0
        return self.para.after if self.para.after is not None else 3.0

    def draw(self) -> None:
        canvas, size, widths = self.canv, self.size, self.fonts.widths(self.size)
        y = self.height - size
        text = canvas.beginText()
        current = ""  # set the face (and size) at the first segment whatever the canvas had
        for line in self._lines or []:
            shift = self.indent
            if self.para.align != "left":
                x0, font0, text0 = line[-1]
                spare = self.width - self.indent - (x0 + widths[font0][text0])
                shift += spare / 2 if self.para.align == "center" else spare
            for x, font, piece in line:
                if font != current:
                    text.setFont(font, size)
                    current = font
                text.setTextOrigin(shift + x, y)
                text.textOut(piece)
            y -= self.leading
        canvas.drawText(text)


class _Rule(Flowable):  # type: ignore[misc]  # reportlab is untyped (Any base)
    """The short line under a centred text (under "ĐẢNG CỘNG SẢN VIỆT NAM")."""

    def __init__(self, width: float) -> None:
        super().__init__()
        self._w = width

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self.width = avail_w
        return avail_w, 2.0

    def draw(self) -> None:
        left = (self.width - self._w) / 2
        self.canv.setLineWidth(0.6)
        self.canv.line(left, 1.5, left + self._w, 1.5)


def _font_style(fonts: _Fonts) -> tuple[Any, ...]:
    """A table's cells in the shipped face: ReportLab sets each cell's font, Helvetica unless
    told, even for a cell that holds only flowables or nothing."""
    return ("FONT", (0, 0), (-1, -1), fonts.names[0], BODY_SIZE)


def _grid_flowable(grid: Grid, fonts: _Fonts, *, head: bool = True) -> Table:
    """The grid as a table; ``head``: with its header row (a table's tail kept with the
    sign-off is drawn without it, under the rest)."""
    aligns = grid.alignment()
    rows: list[list[Any]] = [[  # the header a point smaller: narrow numeric columns
        _Paragraph(Para.of(Run(h, bold=True), size=grid.size - 1, after=0, align="center"),
                   fonts) for h in grid.head]] if head else []
    # A left-aligned column may hold long text: wrapped. The others (counts, numbers, short
    # labels) are drawn as they are, which is much faster for long tables.
    wrapped = [a == "left" for a in aligns]
    for row in grid.rows:
        rows.append([_Paragraph(Para.of(c, size=grid.size, after=0), fonts) if w else clean(c)
                     for c, w in zip(row, wrapped, strict=True)])
    table = Table(rows, colWidths=[TEXT_W * share for share in grid.shares()],
                  repeatRows=1 if head else 0)
    pad = 1.5 * MM if grid.size >= 10 else 0.6 * MM
    style = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONT", (0, 0), (-1, -1), fonts.names[0], grid.size),
        ("TOPPADDING", (0, 0), (-1, -1), pad), ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
        ("LEFTPADDING", (0, 0), (-1, -1), MM), ("RIGHTPADDING", (0, 0), (-1, -1), MM),
    ]
    for i, align in enumerate(aligns):
        if align != "left":
            style.append(("ALIGN", (i, 1 if head else 0), (i, -1), align.upper()))
    table.setStyle(TableStyle(style))
    table.spaceAfter = 6
    return table


def _centred(text: str, fonts: _Fonts, *, bold: bool = False, italic: bool = False,
             size: float = 13, after: float = 0) -> _Paragraph:
    return _Paragraph(Para.of(Run(text, bold=bold, italic=italic), size=size, after=after,
                              align="center"), fonts)


def _heading_flowables(heading: PartyHeading, title: str, subtitle: str,
                       fonts: _Fonts) -> list[Any]:
    """The heading (:class:`PartyHeading`'s two columns in :data:`HEADING_COLUMNS_MM`), then
    the title."""

    def column(lines: tuple[HeadingLine, ...]) -> list[Any]:
        out: list[Any] = []
        for line in lines:
            run = Run(line.text, bold=line.bold, italic=line.italic)
            para = _Paragraph(Para.of(run, size=line.size, before=line.before, after=0,
                                      align="center"), fonts)
            if line.boxed:
                para = _Paragraph(Para.of(run, size=line.size, after=0, align="center"), fonts)
                text_w = fonts.widths(line.size)[fonts.name(run)][clean(line.text)]
                box = Table([[para]], colWidths=[text_w + 4 * MM], hAlign="CENTER")
                box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.8, colors.black),
                                         _font_style(fonts),
                                         ("LEFTPADDING", (0, 0), (-1, -1), 2 * MM),
                                         ("RIGHTPADDING", (0, 0), (-1, -1), 2 * MM),
                                         ("TOPPADDING", (0, 0), (-1, -1), 0.5 * MM),
                                         ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5 * MM)]))
                out.append(Spacer(1, line.before))
                out.append(box)
                continue
            out.append(para)
            if line.underline:
                out.append(_Rule(fonts.widths(line.size)[fonts.name(run)][clean(line.text)]))
        return out

    table = Table([[column(heading.left), "", column(heading.right)]],
                  colWidths=[w * MM for w in HEADING_COLUMNS_MM])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), _font_style(fonts),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    out: list[Any] = [table, Spacer(1, 8 * MM),
                      _centred(title.upper(), fonts, bold=True, size=15, after=3)]
    if subtitle:
        out.append(_centred(subtitle, fonts, bold=True, size=BODY_SIZE, after=6 * MM))
    return out


def _signature(signature: Signature, fonts: _Fonts) -> Table:
    """The sign-off (:class:`daihoi.core.printing.Signature`): the recipients at the left,
    the signature block centred at the right; one row, never split."""
    sign: list[Any] = [_centred(line, fonts, bold=True, size=SIGN_SIZE)
                       for line in signature.lines]
    sign.append(Spacer(1, SIGN_SPACE_MM * MM))
    sign.append(_centred(signature.printed_name, fonts, bold=True, size=SIGN_SIZE))
    recipients: list[Any] = []
    if signature.recipients:
        recipients.append(Spacer(1, 4 * MM))
        recipients.append(_Paragraph(Para.of(Run(RECIPIENTS_LABEL, italic=True),
                                             size=RECIPIENTS_LABEL_SIZE, after=1), fonts))
        label_w = fonts.widths(RECIPIENTS_LABEL_SIZE)[fonts.names[2]][RECIPIENTS_LABEL]
        recipients.append(_Underline(label_w))
        recipients.extend(_Paragraph(Para.of(line, size=RECIPIENTS_SIZE, after=0), fonts)
                          for line in signature.recipient_lines)
    table = Table([[recipients, sign]], colWidths=[TEXT_W * s for s in SIGNOFF_SHARES])
    table.setStyle(TableStyle([_font_style(fonts), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    table.spaceBefore = 6 * MM
    return table


class _Underline(Flowable):  # type: ignore[misc]  # reportlab is untyped (Any base)
    """A line under the text above it, from the column's left edge ("Nơi nhận:")."""

    def __init__(self, width: float) -> None:
        super().__init__()
        self._w = width

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return self._w, 1.5

    def draw(self) -> None:
        self.canv.setLineWidth(0.5)
        self.canv.line(0, 4.5, self._w, 4.5)


def _flowable(block: Block, fonts: _Fonts) -> Any:
    if isinstance(block, Para):
        return _Paragraph(block, fonts)
    if isinstance(block, Grid):
        return _grid_flowable(block, fonts)
    return _signature(block, fonts)


class _NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab is untyped (Any base)
    """Page numbers "n/N" at the foot: the pages are kept until the total is known."""

    def __init__(self, *args: Any, footer_font: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._footer_font = footer_font
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.setFont(self._footer_font, 10)
            self.drawCentredString(PAGE_W / 2, MARGINS["bottom"] / 2,
                                   f"{self._pageNumber}/{total}")
            super().showPage()
        super().save()


#: The last rows of a long table kept on the page of the sign-off that follows it.
KEPT_ROWS = 2
#: A heading kept with a table is kept with its header and this many first rows only: the
#: rest of a long table may go on the next page (kept whole, it would leave the page under
#: the heading's predecessor empty).
START_ROWS = 3


def _start_height(heading: Any, grid: Grid, fonts: _Fonts) -> float:
    """The height a heading and the start of the table under it need on a page."""
    start = _grid_flowable(dataclasses.replace(grid, rows=grid.rows[:START_ROWS]), fonts)
    return float(heading.wrap(TEXT_W, PAGE_H)[1] + heading.getSpaceBefore()
                 + heading.getSpaceAfter() + start.wrap(TEXT_W, PAGE_H)[1])


def render_pdf(heading: PartyHeading, title: str, subtitle: str,
               blocks: Iterable[Block]) -> bytes:
    """The document on A4 pages: the Party heading and title, the blocks, page numbers "n/N"
    at the foot."""
    fonts = _Fonts(pdf_faces())
    story = _heading_flowables(heading, title, subtitle, fonts)
    previous: Block | None = None
    for block in blocks:
        flowable = _flowable(block, fonts)
        if (isinstance(block, Grid) and isinstance(previous, Para) and previous.keep
                and len(block.rows) > START_ROWS):
            # the heading goes to the next page with the table only if the table's start
            # does not fit under it; the table then splits across pages as it needs
            title_of_table = story.pop()
            title_of_table.keepWithNext = False
            story += [CondPageBreak(_start_height(title_of_table, block, fonts)),
                      title_of_table]
        if isinstance(block, Signature) and len(story) > 1:
            if isinstance(previous, Grid) and len(previous.rows) > KEPT_ROWS:
                # a long table: its last rows go with the sign-off, the rest may stay behind
                story.pop()
                rest = dataclasses.replace(previous, rows=previous.rows[:-KEPT_ROWS])
                tail = dataclasses.replace(previous, rows=previous.rows[-KEPT_ROWS:])
                first = _grid_flowable(rest, fonts)
                first.spaceAfter = 0
                story += [first, _grid_flowable(tail, fonts, head=False)]
            # never alone on a page: kept with the body's last block (and with the blocks
            # kept with that one), which ReportLab moves with it
            story[-1].keepWithNext = True
        story.append(flowable)
        previous = block
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=(PAGE_W, PAGE_H), title=clean(title), author=clean(heading.issuer),
        leftMargin=MARGINS["left"], rightMargin=MARGINS["right"], topMargin=MARGINS["top"],
        bottomMargin=MARGINS["bottom"], pageCompression=1,
        initialFontName=fonts.names[0])  # the canvas's first font: not Helvetica, even unused
    doc.build(story, canvasmaker=functools.partial(_NumberedCanvas, footer_font=fonts.names[0]))
    return buffer.getvalue()
