"""Documents an office prints, in the Party's format (Hướng dẫn 36-HD/VPTW; spec §4, R-200…R-205).

One heading for every printed document, in DOCX (python-docx) and PDF (WeasyPrint from an HTML
template, ReportLab): on the left the issuing body under its superior, a star and the number
and symbol; on the right "ĐẢNG CỘNG SẢN VIỆT NAM" and the place and date line. A4 paper.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

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
    #: A second superior line, between :attr:`superior` and :attr:`issuer`, in regular type:
    #: the congress ("ĐẠI HỘI ĐẠI BIỂU LẦN THỨ X") whose working body (its presidium,
    #: credentials committee, counting board) issues the document.
    intermediate: str = ""

    @property
    def place_date(self) -> str:
        return place_date_line(self.place, self.date)

    @property
    def left(self) -> tuple[HeadingLine, ...]:
        """The superior body (and the intermediate one, if any), the issuing body in bold, the
        star, the number and symbol (and the line under it, if any). Each line wraps inside the
        column."""
        above = (self.superior, self.intermediate) if self.intermediate else (self.superior,)
        lines = (*(HeadingLine(balanced(text.upper())) for text in above),
                 HeadingLine(balanced(self.issuer.upper(), bold=True), bold=True),
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


#: The width a heading line may fill in the left column, in mm: the column less the DOCX
#: cell's margins (about 1.9 mm each side), so that every writer breaks where this one does.
BALANCE_WIDTH_MM = HEADING_COLUMNS_MM[0] - 4.0
_NBSP = "\u00a0"
#: Words that stay with the next one ("LẦN THỨ X", "KHÓA X"); a dash stays between its
#: neighbours ("TÀI CHÍNH - KẾ HOẠCH" never breaks at the dash).
_GLUE_NEXT = frozenset({"LẦN", "THỨ", "KHÓA", "SỐ", "-", "–"})
#: A line should end after the kind of the body ("ĐẢNG BỘ", "ĐẠI HỘI", "CHI BỘ", "ĐẢNG ỦY",
#: "KHỐI", "ĐẠI BIỂU", "BAN THẨM TRA"): the name that follows stays whole...
_GOOD_END = frozenset({"BỘ", "HỘI", "ỦY", "KHỐI", "BIỂU", "TRA"})
#: ... or before the territory ("TỈNH THANH HÓA", "HUYỆN TÂN LẬP") or "LẦN THỨ".
_GOOD_START = frozenset({"LẦN", "TỈNH", "HUYỆN", "QUẬN", "THÀNH", "THỊ", "XÃ", "PHƯỜNG"})


def _tokens(text: str) -> list[str]:
    """The words of ``text`` as units that may not be broken apart (joined by no-break
    spaces)."""
    words = text.split(" ")
    units: list[str] = []
    glue = False
    for word in words:
        if units and (glue or word in ("-", "–")):
            units[-1] += _NBSP + word
        else:
            units.append(word)
        glue = word in _GLUE_NEXT
    return units


def balanced(text: str, *, bold: bool = False, size: float = 13.0,
             width_mm: float = BALANCE_WIDTH_MM) -> str:
    """``text`` as the heading's left column should break it: on one line if it fits, else on
    the fewest lines that fit, as even as possible ("ĐẢNG BỘ KHỐI / CHÍNH QUYỀN HUYỆN", not
    "ĐẢNG BỘ KHỐI CHÍNH QUYỀN / HUYỆN"), never at a dash or inside "LẦN THỨ X". The result
    keeps ordinary spaces only where a line may end and no-break spaces elsewhere, so that
    every writer (ReportLab, WeasyPrint, Word), breaking at spaces, breaks there."""
    # Function-level import: the metrics are needed only when a heading is set, and the
    # fonts module registers the faces with ReportLab on first use.
    from reportlab.pdfbase import pdfmetrics

    from daihoi.core.printing.fonts import pdf_faces

    faces = pdf_faces()
    font = faces[1] if bold else faces[0]
    limit = width_mm / 25.4 * 72

    def width(words: list[str]) -> float:
        return float(pdfmetrics.stringWidth(" ".join(words).replace(_NBSP, " "), font, size))

    units = _tokens(text)
    if len(units) < 2 or width(units) <= limit:
        return text
    def poor(cut: int) -> bool:
        """A break before ``units[cut]`` that splits a name."""
        return not (units[cut - 1].rsplit(_NBSP, 1)[-1] in _GOOD_END
                    or units[cut].split(_NBSP, 1)[0] in _GOOD_START)

    # The fewest breaks inside a name, then the fewest lines, then the shortest longest line
    # (a name of a few words: trying every split into up to four lines is cheap).
    n = len(units)
    best: tuple[int, int, float, list[int]] | None = None
    for lines in range(2, min(n, 4) + 1):
        for cuts in itertools.combinations(range(1, n), lines - 1):
            bounds = [0, *cuts, n]
            widest = max(width(units[a:b]) for a, b in itertools.pairwise(bounds))
            score = (sum(poor(c) for c in cuts), lines, widest)
            if widest <= limit and (best is None or score < best[:3]):
                best = (*score, bounds)
    if best is not None:
        return " ".join(_NBSP.join(units[a:b]) for a, b in itertools.pairwise(best[3]))
    return text


def place_date_line(place: str, date: dt.date) -> str:
    """``Huyện X, ngày 03 tháng 4 năm 2018``: day padded to two digits; January and February
    padded too, as the format requires (ngày 05 tháng 02)."""
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    return f"{place}, ngày {date.day:02d} tháng {month} năm {date.year}"
