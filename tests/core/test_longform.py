"""Long reports: the line breaker, the block model in DOCX and PDF, the fonts."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
import unicodedata

from docx import Document as Docx
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from daihoi.core.printing import PartyHeading, new_docx
from daihoi.core.printing.blocks import Block, Grid, Para, Run, clean
from daihoi.core.printing.docx import append_docx
from daihoi.core.printing.pdf import Line, break_lines, render_pdf
from daihoi.core.printing.signature import Signature

HEADING = PartyHeading("ĐẢNG BỘ HUYỆN TÂN LẬP", "ĐẢNG ỦY KHỐI CHÍNH QUYỀN", "Huyện Tân Lập",
                       dt.date(2020, 4, 3), "Số 12-BC/ĐU")


class Letters(dict[str, float]):
    """A face in which every letter is as wide as ``per`` (a space too)."""

    def __init__(self, per: float) -> None:
        super().__init__()
        self.per = per

    def __missing__(self, text: str) -> float:
        return len(text) * self.per


WIDTHS = {"r": Letters(1.0), "b": Letters(2.0)}


def _text(lines: list[Line]) -> list[str]:
    return [" ".join(t for _, _, t in line) for line in lines]


def test_words_fill_a_line_up_to_its_width_exactly() -> None:
    # "aaaa bbbb" is 9 wide: it fits a line of 9, not a line of 8.
    assert _text(break_lines([("r", "aaaa bbbb cc")], 9, WIDTHS)) == ["aaaa bbbb", "cc"]
    assert _text(break_lines([("r", "aaaa bbbb cc")], 8, WIDTHS)) == ["aaaa", "bbbb cc"]


def test_a_word_split_across_faces_stays_whole_and_each_face_is_a_segment() -> None:
    # "x" bold then ":" plain is one word; the line breaks before it, not inside it.
    lines = break_lines([("r", "aaa "), ("b", "x"), ("r", ": yy")], 5, WIDTHS)
    assert [[(x, f, t) for x, f, t in line] for line in lines] == [
        [(0.0, "r", "aaa")], [(0.0, "b", "x"), (2.0, "r", ":")], [(0.0, "r", "yy")]]


def test_the_space_between_faces_is_kept_in_the_position() -> None:
    [line] = break_lines([("r", "ab "), ("b", "cd")], 100, WIDTHS)
    assert line == [(0.0, "r", "ab"), (3.0, "b", "cd")]


def test_a_word_longer_than_the_line_is_cut_by_letters() -> None:
    assert _text(break_lines([("r", "ab cdefghij k")], 4, WIDTHS)) == [
        "ab", "cdef", "ghij", "k"]


def test_spaces_and_empty_runs_make_no_empty_lines() -> None:
    assert break_lines([("r", "   "), ("b", "")], 10, WIDTHS) == []
    assert _text(break_lines([("r", "  a  "), ("r", "  b")], 10, WIDTHS)) == ["a b"]


@st.composite
def _runs(draw: st.DrawFn) -> list[tuple[str, str]]:
    pieces = draw(st.lists(st.tuples(st.sampled_from(["r", "b"]),
                                     st.text(alphabet="ab ", max_size=12)), max_size=8))
    return [(f, t) for f, t in pieces]


@given(_runs(), st.integers(min_value=2, max_value=20))
def test_lines_keep_every_letter_in_order_and_never_overflow(
    runs: list[tuple[str, str]], width: int
) -> None:
    lines = break_lines(runs, width, WIDTHS)
    letters = "".join(t for _, t in runs).replace(" ", "")
    assert "".join(t for line in lines for _, _, t in line).replace(" ", "") == letters
    for line in lines:
        x, face, text = line[-1]
        assert x + WIDTHS[face][text] <= width
        assert line[0][0] == 0.0
        for (x1, f1, t1), (x2, _, _) in itertools.pairwise(line):
            assert x2 >= x1 + WIDTHS[f1][t1]  # segments never overlap


@given(st.lists(st.text(alphabet="ab", min_size=1, max_size=6), max_size=30),
       st.integers(min_value=6, max_value=30))
def test_lines_are_filled_greedily(words: list[str], width: int) -> None:
    lines = _text(break_lines([("r", " ".join(words))], width, WIDTHS))
    assert " ".join(lines).split() == words
    for line, following in itertools.pairwise(lines):
        assert len(line) + 1 + len(following.split(" ")[0]) > width


def test_clean_composes_decomposed_vietnamese_and_drops_control_characters() -> None:
    decomposed = unicodedata.normalize("NFD", "Đảng ủy") + "\x07"
    assert len(decomposed) > len("Đảng ủy") + 1
    assert clean(decomposed) == "Đảng ủy"


def _pdf_text(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), "\n".join(p.extract_text() for p in reader.pages)


def test_a_long_report_has_the_heading_every_paragraph_and_page_numbers() -> None:
    blocks: list[Block] = [
        Para.of(Run("I. MỞ ĐẦU", bold=True), before=6),
        Grid(["Chi bộ", "Tán thành", "Không tán thành"],
             [[f"Chi bộ số {i}", str(i), str(2 * i)] for i in range(60)]),
        *(Para.of(Run(f"{i}. Không tán thành — ", italic=True), f"Lý do: ý kiến số {i} về "
                  "công tác xây dựng Đảng trong tình hình mới. ", Run("→ Tiếp thu", bold=True),
                  ": đã sửa.", size=12, indent=4) for i in range(1, 301)),
    ]
    blocks.append(Signature(("T/M ĐẢNG ỦY KHỐI",), "Nguyễn Văn An"))
    pages, text = _pdf_text(render_pdf(HEADING, "Báo cáo tổng hợp", "vào dự thảo", blocks))
    flat = " ".join(text.split())
    assert pages > 5
    for expected in ("ĐẢNG CỘNG SẢN VIỆT NAM", "ĐẢNG ỦY KHỐI CHÍNH QUYỀN", "Số 12-BC/ĐU",
                     "Huyện Tân Lập, ngày 03 tháng 4 năm 2020", "BÁO CÁO TỔNG HỢP",
                     "Chi bộ số 59", "T/M ĐẢNG ỦY KHỐI Nguyễn Văn An", f"{pages}/{pages}"):
        assert expected in flat, expected
    numbers = [int(n) for n in re.findall(r"(\d+)\. Không tán thành", flat)]
    assert numbers == list(range(1, 301))  # every paragraph, once, in order, across pages
    assert "Lý do: ý kiến số 300 về công tác xây dựng Đảng trong tình hình mới." in flat


def test_the_docx_writer_keeps_faces_sizes_indents_and_the_table() -> None:
    doc = new_docx(HEADING, title="Báo cáo")
    append_docx(doc, [Para.of(Run("đậm", bold=True), Run(" nghiêng", italic=True), size=12,
                              indent=4, after=2, before=6),
                      Grid(["Phần", "Số"], [["Một", "1"], ["Hai\x0b", "2"]])])
    buffer = io.BytesIO()
    doc.save(buffer)
    read = Docx(io.BytesIO(buffer.getvalue()))
    para = next(p for p in read.paragraphs if p.text == "đậm nghiêng")
    assert [(r.bold, r.italic) for r in para.runs] == [(True, None), (None, True)]
    style = para.style  # sizes, indents and spacing live in one style per combination
    assert style.font.size.pt == 12
    fmt = style.paragraph_format
    assert round(fmt.left_indent.mm) == 4
    assert (fmt.space_before.pt, fmt.space_after.pt) == (6, 2)
    table = read.tables[-1]
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["Phần", "Số"], ["Một", "1"], ["Hai", "2"]]
    number = table.rows[1].cells[1].paragraphs[0]
    assert (number.style.font.size.pt, number.style.paragraph_format.alignment) == (10, 2)
    assert para.style.name.startswith("Daihoi ")


