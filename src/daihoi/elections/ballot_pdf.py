"""The ballot of a round as a PDF: ONE ballot for the printer to copy (R-025, R-030 to R-032).

Secrecy by design (R-003, R-030a): nothing printed on a ballot is unique to it. Every ballot of
a round is the same: the convening congress, the election, the round, the page of a
multi-page list, and a code that is the same on every ballot of the round
(``DH-<congress>-<election>-<round>``, with ``-p<page>`` on a multi-page list). There is no
serial number and no per-ballot code: the counting board numbers the ballots when the box is
opened, in the order of counting, and that number is what the desks key.

Since every ballot is the same, a sheet of N copies is the ballot's pages drawn once as PDF
form XObjects and placed N times: each copy's page is a content stream of one operator
("draw the form"), so N copies cost almost nothing more than one and carry, byte for byte,
the same content.

Layout (:func:`plan`): a list that fits on one A5 page prints on A5, else one that fits on one
A4 page prints on A4, else on as many A4 pages as it needs (every page with the heading, the
stamp area and "Trang i/k"). The names are in ballot order (ABC, R-025), read down each column.
With surplus (R-031) a column is "STT | Họ và tên" and the voter crosses out names; without
(R-032) it is "STT | Họ và tên | Đồng ý | Không đồng ý".

For reading scanned ballots (``daihoi.ballotread``) every page also carries four registration
marks in its corners and its code as a QR code (bottom left): the same on every ballot of the
round, never a serial. :func:`render_with_layout` returns, with the PDF, the ballot's layout
(marks, QR code, each name's row and strike zone), which the reader reads by.

This module takes and returns plain data (:class:`BallotText` → PDF bytes); reading the round
is ``printing.ballot_text``.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass

import segno
from reportlab.lib.colors import Color, black
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from daihoi.ballotread import layout as lay
from daihoi.core.printing.blocks import clean
from daihoi.core.printing.fonts import pdf_faces
from daihoi.core.printing.pdf import Widths, break_lines

MM = 72 / 25.4
PAPER = {"A5": (148 * MM, 210 * MM), "A4": (210 * MM, 297 * MM)}
GREY = Color(0.35, 0.35, 0.35)
STAMP_CAPTION = "Dấu của cấp ủy triệu tập"
MAX_COPIES = 5000


@dataclass(frozen=True)
class BallotText:
    """Everything printed on the ballot of a round; the same for every ballot of the round."""

    organization: str  # the convening organization, e.g. "Đảng bộ Khối Chính quyền huyện"
    congress: str  # e.g. "ĐẠI HỘI ĐẠI BIỂU LẦN THỨ X"
    election: str  # e.g. "Bầu Ban Chấp hành Đảng bộ …, nhiệm kỳ 2020–2025"
    round: int  # the round's sequence (lần bỏ phiếu thứ …)
    code: str  # the round's code, the same on every ballot of the round
    names: tuple[str, ...]  # in ballot order
    cross_out: bool  # a list with surplus; else agree/disagree columns
    max_kept: int  # names a valid ballot keeps at most


@dataclass(frozen=True)
class Tier:
    """One way to set a list: paper, columns of names, at most ``rows`` names a column, names
    at ``size`` points."""

    paper: str
    columns: int
    rows: int
    size: float

    @property
    def capacity(self) -> int:
        return self.columns * self.rows


#: One-page layouts, in order of preference. A list goes on the first that holds it.
CROSS_OUT_TIERS = (Tier("A5", 1, 18, 13), Tier("A5", 2, 18, 12), Tier("A4", 2, 32, 12.5),
                   Tier("A4", 3, 40, 10.5))
MARKED_TIERS = (Tier("A5", 1, 16, 12), Tier("A4", 1, 30, 12.5), Tier("A4", 2, 40, 10.5))
#: A list longer than one A4 page: A4 pages of this layout, the names shared evenly.
CROSS_OUT_PAGES = Tier("A4", 3, 42, 10)
MARKED_PAGES = Tier("A4", 2, 42, 10)


@dataclass(frozen=True)
class Plan:
    tier: Tier
    pages: int
    per_page: int  # names on a page (the last page may hold fewer)
    per_column: int  # names in a full column


def plan(names: int, *, cross_out: bool) -> Plan:
    """How a list of ``names`` names is set: paper, columns, pages."""
    n = max(names, 1)
    for tier in CROSS_OUT_TIERS if cross_out else MARKED_TIERS:
        if n <= tier.capacity:
            return Plan(tier, 1, n, math.ceil(n / tier.columns))
    tier = CROSS_OUT_PAGES if cross_out else MARKED_PAGES
    pages = max(2, math.ceil(n / tier.capacity))
    per_page = math.ceil(n / pages)
    return Plan(tier, pages, per_page, math.ceil(per_page / tier.columns))


def round_code(congress_id: int, election_id: int, round_sequence: int) -> str:
    """The code printed on every ballot of a round (the same on all of them)."""
    return f"DH-{congress_id}-{election_id}-{round_sequence}"


def page_code(code: str, page: int, pages: int) -> str:
    """The code of one page of the ballot: the round's code, and the page on a multi-page
    list. The same on every ballot of the round."""
    return code + (f"-p{page}" if pages > 1 else "")


def instruction(text: BallotText) -> tuple[str, ...]:
    """How to vote (R-031, R-032), in lines."""
    if text.cross_out:
        return ("Đồng chí không bầu ai thì gạch ngang cả họ và tên người đó.",
                f"Bầu không quá {text.max_kept} người.")
    if len(text.names) == 1:
        return ("Đánh dấu X vào một trong hai ô “Đồng ý” hoặc “Không đồng ý”.",)
    return ("Với mỗi người, đánh dấu X vào một trong hai ô", "“Đồng ý” hoặc “Không đồng ý”.")


# --------------------------------------------------------------------------------------------
# Drawing


@dataclass(frozen=True)
class _Faces:
    regular: str
    bold: str
    italic: str


def _width(text: str, face: str, size: float) -> float:
    width: float = pdfmetrics.stringWidth(text, face, size)
    return width


def _fitted(text: str, face: str, size: float, width: float, least: float = 0.8) -> float:
    """``size``, or the smaller size down to ``least`` × ``size`` at which ``text`` fits
    ``width`` on one line (if none does: ``size``, and the text is wrapped)."""
    natural = _width(text, face, size)
    if natural <= width:
        return size
    return size * width / natural if natural * least <= width else size


def _wrap(text: str, face: str, size: float, width: float) -> list[str]:
    """``text`` broken into lines at most ``width`` wide (words kept whole where they fit)."""
    lines = break_lines([(face, text)], width, {face: Widths(face, size)})
    return ["".join(piece for _, _, piece in line) for line in lines]


class _Page:
    """Draws one page of the ballot on a canvas (inside a form XObject)."""

    def __init__(self, canvas: Canvas, faces: _Faces, text: BallotText, plan_: Plan) -> None:
        self.c, self.f, self.t, self.plan = canvas, faces, text, plan_
        self.w, self.h = PAPER[plan_.tier.paper]
        a4 = plan_.tier.paper == "A4"
        self.k = 1.12 if a4 else 1.0  # the heading a little larger on A4
        self.margin_x = (14 if a4 else 9) * MM
        self.margin_top = (11 if a4 else 9) * MM
        self.margin_bottom = (10 if a4 else 8) * MM
        self.text_w = self.w - 2 * self.margin_x
        self.positions: list[lay.Position] = []
        self.qr_box = lay.Box(0, 0, 0, 0)

    def box(self, x0: float, y_top: float, x1: float, y_bottom: float) -> lay.Box:
        """A box in the layout's units (mm from the top-left) from PDF points."""
        return lay.Box(x0 / MM, (self.h - y_top) / MM, (x1 - x0) / MM, (y_top - y_bottom) / MM)

    # -- text helpers
    def centred(self, line: str, face: str, size: float, cx: float, y: float,
                color: Color = black) -> None:
        self.c.setFillColor(color)
        self.c.setFont(face, size)
        self.c.drawCentredString(cx, y, line)
        self.c.setFillColor(black)

    def block(self, text: str, face: str, size: float, cx: float, y: float, width: float,
              leading: float = 1.25) -> float:
        """Centred ``text`` on one line at ``size`` or a little smaller (down to 80%) if that
        fits ``width``, else wrapped to ``width``; the first baseline at ``y``. Returns the
        baseline after the last line."""
        size = _fitted(text, face, size, width)
        for line in _wrap(text, face, size, width):
            self.centred(line, face, size, cx, y)
            y -= size * leading
        return y

    # -- the heading, the stamp area, the foot
    def heading(self) -> float:
        """Draw the heading; return the y where the list may start."""
        c, f, k = self.c, self.f, self.k
        top = self.h - self.margin_top
        left_w = self.text_w * 0.5
        left_cx = self.margin_x + left_w / 2
        right_cx = self.margin_x + left_w + (self.text_w - left_w) / 2
        # Top left: the issuing congress, inside the area where the convening committee
        # stamps the ballot.
        size = 9.5 * k
        y = top - 3.5 * MM - size * 0.8
        y = self.block(self.t.organization.upper(), f.regular, size, left_cx, y, left_w - 4 * MM)
        y = self.block(self.t.congress.upper(), f.bold, size, left_cx, y, left_w - 4 * MM)
        self.centred("*", f.regular, size, left_cx, y)
        caption = 7.5 * k
        frame_h = max(top - y + 11 * MM, 27 * MM * k)
        c.saveState()
        c.setDash(2.5, 2)
        c.setStrokeColor(GREY)
        c.setLineWidth(0.6)
        c.rect(self.margin_x, top - frame_h, left_w, frame_h, stroke=1, fill=0)
        c.restoreState()
        self.centred(STAMP_CAPTION, f.italic, caption, left_cx, top - frame_h + 2.2 * MM, GREY)
        # Top right: the Party, underlined.
        party = "ĐẢNG CỘNG SẢN VIỆT NAM"
        psize = _fitted(party, f.bold, 11.5 * k, self.text_w - left_w - 6 * MM, least=0.6)
        py = top - 3.5 * MM - psize * 0.8
        self.centred(party, f.bold, psize, right_cx, py)
        pw = _width(party, f.bold, psize)
        c.setLineWidth(0.6)
        c.line(right_cx - pw / 2, py - 1.6 * MM, right_cx + pw / 2, py - 1.6 * MM)
        # The title, the election, the round, how to vote.
        y = top - frame_h - 5 * MM - 16 * k
        self.centred("PHIẾU BẦU CỬ", f.bold, 16 * k, self.w / 2, y)
        y -= 12.5 * k * 1.45
        y = self.block(self.t.election, f.bold, 12.5 * k, self.w / 2, y, self.text_w)
        y -= 0.5 * MM
        round_line = f"Lần bỏ phiếu thứ {self.t.round}"
        if self.plan.pages > 1:
            round_line += f" — phiếu gồm {self.plan.pages} trang"
        self.centred(round_line, f.italic, 10.5 * k, self.w / 2, y)
        y -= 10.5 * k * 1.45
        for line in instruction(self.t):
            y = self.block(line, f.italic, 10.5 * k, self.w / 2, y, self.text_w)
        last_baseline = y + 10.5 * k * 1.25
        return last_baseline - 10.5 * k * 0.3 - 4 * MM

    def foot(self, page: int) -> float:
        """Draw the foot (page number, round code and its QR code); return the y above it."""
        size = 9 * self.k
        y = self.margin_bottom
        if self.plan.pages > 1:
            self.centred(f"Trang {page}/{self.plan.pages}", self.f.bold, size, self.w / 2, y)
        code = page_code(self.t.code, page, self.plan.pages)
        self.c.setFillColor(GREY)
        self.c.setFont(self.f.regular, 7 * self.k)
        self.c.drawRightString(self.w - self.margin_x, y, f"Mã lần bầu: {code}")
        self.c.setFillColor(black)
        qr_top = self.qr(code)
        return max(y + size + 2 * MM, qr_top + lay.QR_QUIET * lay.QR_MODULE * MM)

    def qr(self, code: str) -> float:
        """The page's code as a QR code in the bottom-left corner, beside the registration
        mark; returns its top (PDF points)."""
        matrix = segno.make_qr(code, error="m", boost_error=False).matrix
        n = len(matrix)
        module = lay.QR_MODULE * MM
        x0 = self.margin_x
        y0 = (lay.MARK_INSET + 0.5) * MM  # the bottom of the modules
        self.c.saveState()
        self.c.setFillColor(black)
        for r, line in enumerate(matrix):
            run = None
            for col, dark in enumerate([*line, 0]):
                if dark and run is None:
                    run = col
                elif not dark and run is not None:
                    self.c.rect(x0 + run * module, y0 + (n - 1 - r) * module,
                                (col - run) * module, module, stroke=0, fill=1)
                    run = None
        self.c.restoreState()
        top = y0 + n * module
        self.qr_box = self.box(x0, top, x0 + n * module, y0)
        return top

    def marks(self) -> tuple[lay.Box, lay.Box, lay.Box, lay.Box]:
        """The four registration marks in the corners."""
        boxes = lay.mark_boxes(self.w / MM, self.h / MM)
        self.c.saveState()
        self.c.setFillColor(black)
        for b in boxes:
            self.c.rect(b.x * MM, self.h - b.bottom * MM, b.w * MM, b.h * MM, stroke=0, fill=1)
        self.c.restoreState()
        return boxes

    # -- the list
    def names(self, first: int, names: Sequence[str], top: float, bottom: float) -> None:
        """The names ``names`` (the first numbered ``first`` + 1) in columns between ``top``
        and ``bottom``."""
        c, f, plan_ = self.c, self.f, self.plan
        tier = plan_.tier
        columns = max(1, min(tier.columns, math.ceil(len(names) / plan_.per_column)))
        per_col = plan_.per_column
        size = tier.size
        head_size = size - 1
        marked = not self.t.cross_out
        head_h = head_size * (2.5 if marked else 1.7)
        rows = min(per_col, len(names)) or 1
        row_h = min(size * 2.0, (top - bottom - head_h) / rows)
        if row_h < size * 1.3:  # never overprint: a tighter fit sets smaller type
            size = row_h / 1.3
        gap = 5 * MM if tier.columns > 1 else 0.0
        total_w = self.text_w if tier.columns > 1 or marked else min(self.text_w, 110 * MM)
        col_w = (total_w - gap * (tier.columns - 1)) / tier.columns
        x0 = (self.w - total_w) / 2
        no_w = max(9 * MM, _width("000", f.bold, head_size) + 3 * MM)
        box_w = (15 if tier.columns > 1 else 18) * MM if marked else 0.0
        name_w = col_w - no_w - 2 * box_w
        room = name_w - 3 * MM
        # One size for every name of the ballot: the size at which the longest fits, down to
        # 80%; a label longer still (two people with one name, told apart) is set smaller.
        widest = max((_width(name, f.regular, size) for name in self.t.names), default=0.0)
        if widest > room:
            size = max(size * room / widest, size * 0.8)
        c.setLineWidth(0.6)
        c.setStrokeColor(black)
        for col in range(columns):
            chunk = names[col * per_col:(col + 1) * per_col]
            if not chunk:
                continue
            x = x0 + col * (col_w + gap)
            edges = [x, x + no_w, x + no_w + name_w]
            if marked:
                edges += [edges[-1] + box_w, edges[-1] + 2 * box_w]
            else:
                edges[-1] = x + col_w
            bottom_y = top - head_h - len(chunk) * row_h
            # the grid
            for ex in edges:
                c.line(ex, top, ex, bottom_y)
            c.line(x, top, x + col_w, top)
            c.line(x, top - head_h, x + col_w, top - head_h)
            for i in range(1, len(chunk) + 1):
                c.line(x, top - head_h - i * row_h, x + col_w, top - head_h - i * row_h)
            # the header row
            hy = top - head_h / 2 - head_size * 0.35
            self.centred("STT", f.bold, head_size, (edges[0] + edges[1]) / 2, hy)
            self.centred("Họ và tên", f.bold, head_size, (edges[1] + edges[2]) / 2, hy)
            if marked:
                box = _fitted("Đồng ý", f.bold, head_size, box_w - 2 * MM, least=0.5)
                self.centred("Đồng ý", f.bold, box, (edges[2] + edges[3]) / 2, hy)
                two = box * 0.6
                self.centred("Không", f.bold, box, (edges[3] + edges[4]) / 2, hy + two)
                self.centred("đồng ý", f.bold, box, (edges[3] + edges[4]) / 2, hy - two)
            # the names
            text = c.beginText()
            for i, name in enumerate(chunk):
                base = top - head_h - i * row_h - row_h / 2 - size * 0.35
                number = str(first + col * per_col + i + 1)
                text.setFont(f.regular, size)
                text.setTextOrigin((edges[0] + edges[1]) / 2
                                   - _width(number, f.regular, size) / 2, base)
                text.textOut(number)
                fit = size
                width = _width(name, f.regular, size)
                if width > room:  # a long label: smaller type, never over the line
                    fit = size * room / width
                text.setFont(f.regular, fit)
                text.setTextOrigin(edges[1] + 1.5 * MM, base)
                text.textOut(name)
                row_top = top - head_h - i * row_h
                row_bottom = row_top - row_h
                self.positions.append(lay.Position(
                    number=first + col * per_col + i + 1, name=name,
                    row=self.box(x, row_top, x + col_w, row_bottom),
                    zone=self.box(edges[1], row_top, edges[2], row_bottom),
                    text=self.box(edges[1] + 1.5 * MM, base + fit * 0.75,
                                  edges[1] + 1.5 * MM + min(width * fit / size, room),
                                  base - fit * 0.25),
                    agree=self.box(edges[2], row_top, edges[3], row_bottom) if marked else None,
                    disagree=(self.box(edges[3], row_top, edges[4], row_bottom)
                              if marked else None)))
            c.drawText(text)

    def draw(self, page: int) -> lay.PageLayout:
        start = (page - 1) * self.plan.per_page
        chunk = self.t.names[start:start + self.plan.per_page]
        marks = self.marks()
        top = self.heading()
        bottom = self.foot(page)
        self.names(start, chunk, top, bottom)
        return lay.PageLayout(
            page=page, code=page_code(self.t.code, page, self.plan.pages),
            width=self.w / MM, height=self.h / MM, marks=marks, qr=self.qr_box,
            positions=tuple(self.positions))


def render(text: BallotText, *, copies: int = 1, two_up: bool = False) -> bytes:
    """See :func:`render_with_layout`; the PDF only."""
    return render_with_layout(text, copies=copies, two_up=two_up)[0]


def render_with_layout(text: BallotText, *, copies: int = 1,
                       two_up: bool = False) -> tuple[bytes, lay.BallotLayout]:
    """The ballot (``copies`` = 1), or a sheet of ``copies`` identical ballots: each ballot's
    pages in order, so that a two-page ballot prints recto verso. ``two_up``: an A5 ballot two
    to an A4 sheet (landscape), with a dashed line to cut along; ignored for an A4 ballot.

    Also returns the ballot's layout (one ballot, as cut from a two-up sheet), which the reader
    of scanned ballots (``daihoi.ballotread``) reads by."""
    if not 1 <= copies <= MAX_COPIES:
        raise ValueError(f"copies must be 1…{MAX_COPIES}")
    regular, bold, italic, _ = pdf_faces()
    faces = _Faces(regular, bold, italic)
    text = BallotText(
        organization=clean(text.organization), congress=clean(text.congress),
        election=clean(text.election), round=text.round, code=text.code,
        names=tuple(clean(n) for n in text.names), cross_out=text.cross_out,
        max_kept=text.max_kept)
    layout = plan(len(text.names), cross_out=text.cross_out)
    paper = PAPER[layout.tier.paper]
    two_up = two_up and layout.tier.paper == "A5" and layout.pages == 1
    sheet = (PAPER["A4"][1], PAPER["A4"][0]) if two_up else paper
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=sheet, invariant=True, pageCompression=1,
                    initialFontName=regular)  # not ReportLab's Helvetica, even unused
    canvas.setTitle("Phiếu bầu cử")
    canvas.setSubject(text.election)
    canvas.setCreator("daihoi")
    forms = []
    pages = []
    for page in range(1, layout.pages + 1):
        name = f"ballot-page-{page}"
        canvas.beginForm(name, 0, 0, *paper)
        pages.append(_Page(canvas, faces, text, layout).draw(page))
        canvas.endForm()
        forms.append(name)
    if two_up:
        half = sheet[0] / 2
        for i in range(0, copies, 2):
            canvas.saveState()
            canvas.translate((half - paper[0]) / 2, 0)
            canvas.doForm(forms[0])
            canvas.restoreState()
            if i + 1 < copies:
                canvas.saveState()
                canvas.translate(half + (half - paper[0]) / 2, 0)
                canvas.doForm(forms[0])
                canvas.restoreState()
                canvas.saveState()
                canvas.setDash(3, 3)
                canvas.setStrokeColor(GREY)
                canvas.setLineWidth(0.4)
                canvas.line(half, 4 * MM, half, sheet[1] - 4 * MM)
                canvas.restoreState()
            canvas.showPage()
    else:
        for _ in range(copies):
            for name in forms:
                canvas.doForm(name)
                canvas.showPage()
    canvas.save()
    return buffer.getvalue(), lay.BallotLayout(text.code, text.cross_out, tuple(pages))
