"""Checks a clerk makes on a printed document, done on the PDF's text with its positions
(pypdf's text visitor) and on the DOCX's paragraphs: the heading's two columns apart, the
signature not alone on its page, the DOCX saying what the PDF says."""

from __future__ import annotations

import difflib
import io
import re
from dataclasses import dataclass

from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics

PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"
PAGE_NUMBER = re.compile(r"^\d+/\d+$")


@dataclass(frozen=True)
class Fragment:
    page: int
    x: float
    y: float
    size: float
    font: str
    text: str

    @property
    def width(self) -> float:
        """Measured with the shipped faces (every PDF is set in them, ``test_printed``)."""
        from daihoi.core.printing.fonts import pdf_faces

        regular, bold, italic, bolditalic = pdf_faces()
        face = {"Bold": bold, "Italic": italic, "BoldItalic": bolditalic}.get(
            self.font.rsplit("-", 1)[-1] if "-" in self.font else "", regular)
        return float(pdfmetrics.stringWidth(self.text, face, self.size))

    @property
    def right(self) -> float:
        return self.x + self.width


def fragments(data: bytes) -> list[Fragment]:
    """Every piece of text the PDF draws, with its page, origin, size and font."""
    out: list[Fragment] = []
    for n, page in enumerate(PdfReader(io.BytesIO(data)).pages):
        def visit(text: str, cm: list[float], tm: list[float], font: object, size: float,
                  n: int = n) -> None:
            if not text.strip():
                return
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            scale = abs(tm[0] * cm[0] + tm[1] * cm[2]) or 1.0
            name = str((font or {}).get("/BaseFont", "")).lstrip("/")  # type: ignore[attr-defined]
            out.append(Fragment(n, x, y, size * scale, name.split("+", 1)[-1],
                                " ".join(text.split())))

        page.extract_text(visitor_text=visit)
    return out


def heading_columns(data: bytes) -> tuple[list[Fragment], list[Fragment]] | str:
    """The first page's heading as (left column, right column) fragments in drawing order, or
    what is wrong. The heading is what is drawn above the title (the first line in 14.5 pt or
    more below "ĐẢNG CỘNG SẢN VIỆT NAM"); a fragment belongs to the column whose centre (the
    star's, the Party line's) is nearer."""
    first = [f for f in fragments(data) if f.page == 0]
    party = next((f for f in first if f.text.startswith(PARTY)), None)
    if party is None:
        return "no “ĐẢNG CỘNG SẢN VIỆT NAM” on the first page"
    title = next((f for f in first if f.y < party.y - 1 and f.size >= 14.5), None)
    if title is None:
        return "no title below the heading"
    zone = [f for f in first if f.y > title.y + 1]
    star = next((f for f in zone if f.text == "*"), None)
    if star is None:
        return "no star in the issuer's column"
    left_c, right_c = star.x + star.width / 2, party.x + party.width / 2
    left = [f for f in zone if abs((f.x + f.width / 2) - left_c)
            < abs((f.x + f.width / 2) - right_c)]
    return left, [f for f in zone if f not in left]


def heading_overlap(data: bytes) -> str:
    """Empty when the first page's heading keeps its two columns apart: every line of the
    issuer's column (left) ends before every line of the Party's column (right) begins. Else
    what overlaps."""
    columns = heading_columns(data)
    if isinstance(columns, str):
        return columns
    left, right = columns
    if not left or not right:
        return "one column is empty"
    widest = max(left, key=lambda f: f.right)
    first_right = min(right, key=lambda f: f.x)
    if widest.right >= first_right.x:
        return (f"“{widest.text}” ends at {widest.right:.1f} pt, after “{first_right.text}” "
                f"begins at {first_right.x:.1f} pt")
    return ""


def issuer_column(data: bytes) -> tuple[str, str]:
    """The heading's left column as printed, top to bottom: (all its text, its bold text),
    each joined with single spaces (a long line wraps into several)."""
    columns = heading_columns(data)
    assert not isinstance(columns, str), columns
    left = sorted(columns[0], key=lambda f: (-round(f.y, 1), f.x))
    return (" ".join(f.text for f in left),
            " ".join(f.text for f in left if f.font.endswith("Bold")))


SIGNATURE_START = re.compile(r"^(T/M|TM\.|K/T|Q\.|T/L)\s")


def signature_alone(data: bytes) -> str | None:
    """None when the document has no signature block ("T/M …"); "" when the page of its
    (last) block also carries body text above it; else the page's number."""
    frags = fragments(data)
    marks = [f for f in frags if SIGNATURE_START.match(f.text)]
    if not marks:
        return None
    mark = marks[-1]
    above = [f for f in frags if f.page == mark.page and f.y > mark.y + 1
             and not PAGE_NUMBER.match(f.text)]
    return "" if above else f"page {mark.page + 1}"


def pdf_words(data: bytes) -> list[str]:
    """The words of the PDF in reading order, without the page numbers at the foot ("2/5"):
    a "186/323" in the body stays."""
    pages = PdfReader(io.BytesIO(data)).pages
    words: list[str] = []
    for n, page in enumerate(pages, start=1):
        page_words = page.extract_text().split()
        if page_words and page_words[-1] == f"{n}/{len(pages)}":  # the foot, drawn last
            page_words.pop()
        words += page_words
    return words


def docx_words(data: bytes) -> tuple[list[str], list[list[str]]]:
    """The words of the DOCX's body in order (paragraphs and table cells as they come), and
    the words of each table's header row (a PDF repeats them on each page of a long table)."""
    from docx import Document

    doc = Document(io.BytesIO(data))
    body = doc.element.body
    words: list[str] = []
    headers: list[list[str]] = []
    w_ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for child in body.iterchildren():
        if child.tag == f"{w_ns}p":
            words += "".join(t.text or "" for t in child.iter(f"{w_ns}t")).split()
        elif child.tag == f"{w_ns}tbl":
            rows = list(child.iter(f"{w_ns}tr"))
            for i, row in enumerate(rows):
                row_words: list[str] = []
                for cell in row.iter(f"{w_ns}tc"):
                    for p in cell.iter(f"{w_ns}p"):
                        row_words += "".join(t.text or "" for t in p.iter(f"{w_ns}t")).split()
                words += row_words
                if i == 0 and len(rows) > 1:
                    headers.append(row_words)
    return words, headers


def _without(words: list[str], row: list[str]) -> tuple[list[str], int]:
    """``words`` without the occurrences of ``row``, and how many there were."""
    n, out, i, found = len(row), [], 0, 0
    while i < len(words):
        if words[i:i + n] == row:
            found += 1
            i += n
            continue
        out.append(words[i])
        i += 1
    return out, found


def text_differences(pdf: bytes, docx: bytes) -> list[str]:
    """What the PDF and the DOCX say differently, word by word after normalising whitespace.
    Allowed: the page numbers at the PDF's foot; a table's header row repeated on each page
    of the PDF (the header rows are taken out of both, and the PDF must have each at least as
    often as the DOCX); words cut differently by the PDF's line breaks (``2020–``/``2025``
    read as one word: the texts are compared joined when the words differ)."""
    d_words, headers = docx_words(docx)
    p_words = pdf_words(pdf)
    out = []
    for header in headers:  # a long table's header row is repeated on each page of the PDF
        d_words, in_docx = _without(d_words, header)
        p_words, in_pdf = _without(p_words, header)
        if in_pdf < in_docx:
            out.append(f"header row missing from the PDF: {' '.join(header)[:80]}")
    d_join, p_join = "".join(d_words), "".join(p_words)
    if d_join == p_join:  # the same text, cut into words differently by the line breaks
        return out
    matcher = difflib.SequenceMatcher(a=d_words, b=p_words, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            continue
        if "".join(d_words[a0:a1]) == "".join(p_words[b0:b1]):
            continue
        out.append(f"{op}: DOCX “{' '.join(d_words[a0:a1])[:80]}” / "
                   f"PDF “{' '.join(p_words[b0:b1])[:80]}”")
    return out
