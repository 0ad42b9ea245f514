"""The summary report's counts against the opinions stored, however they fall."""

from __future__ import annotations

import io
import random
from collections import Counter
from typing import Any

import pytest
from docx import Document as Docx
from pypdf import PdfReader

from daihoi import clock
from daihoi.documents import printing, services
from daihoi.documents.models import Answer, Opinion, Stance
from daihoi.documents.selectors import summary_report
from tests.conftest import make_member
from tests.documents.conftest import BEFORE, Docs


def _random_opinions(docs: Docs, seed: int) -> None:
    rng = random.Random(seed)
    w = docs.world
    members = [w.member_a, w.member_b] + [
        make_member(cell, given_name=f"Thử{i}", card_number=f"3{seed:03d}{i:04d}")
        for i, cell in enumerate([w.cell_a, w.cell_b] * 4)]
    with clock.frozen(BEFORE):
        for member in members:
            for section in docs.prep.sections:
                if rng.random() < 0.3:
                    continue
                stance = rng.choice(list(Stance))
                services.opinion_submit(
                    actor=None, section=section, stance=stance, member=member,
                    reason="Lý do " + rng.choice("ab") if stance == Stance.DISAGREE else "",
                    proposed_text="Sửa " + rng.choice("xy") if stance == Stance.PARTIAL else "")
        for cell in (w.cell_a, w.cell_b):
            services.opinion_submit(actor=None, section=docs.prep.sections[2],
                                    stance=Stance.PARTIAL, proposed_text="Ý kiến chi bộ",
                                    cell=cell)
    for opinion in Opinion.objects.exclude(stance=Stance.AGREE).order_by("pk"):
        if rng.random() < 0.5:
            answer = rng.choice([Answer.ACCEPTED, Answer.EXPLAINED, Answer.NOTED])
            services.opinion_answer(actor=docs.reviewer, opinion=opinion, answer=answer,
                                    response="Trả lời")


@pytest.mark.parametrize("seed", [1, 2])
def test_the_summary_counts_match_the_stored_opinions(docs: Docs, seed: int) -> None:
    _random_opinions(docs, seed)
    stored = list(Opinion.objects.filter(document=docs.prep.document).values_list(
        "section_id", "cell_id", "stance", "answer", "member_id"))
    report = summary_report(docs.prep.document)

    by_section = Counter((s, st) for s, _, st, _, _ in stored)
    for s in report.sections:
        assert (s.counts.agree, s.counts.disagree, s.counts.partial) == (
            by_section[(s.section_id, "agree")], by_section[(s.section_id, "disagree")],
            by_section[(s.section_id, "partial")])
        answered = Counter(a for sid, _, _, a, _ in stored if sid == s.section_id and a)
        assert (s.counts.accepted, s.counts.explained, s.counts.noted) == (
            answered["accepted"], answered["explained"], answered["noted"])
        assert s.counts.unanswered == sum(
            1 for sid, _, st, a, _ in stored if sid == s.section_id and st != "agree" and not a)
        assert sum(g.count for g in s.opinions) == sum(
            1 for sid, _, st, _, _ in stored if sid == s.section_id and st != "agree")
    by_cell = Counter(c for _, c, _, _, _ in stored)
    assert {c.cell_id: c.counts.total for c in report.cells} == {
        docs.world.cell_a.pk: by_cell[docs.world.cell_a.pk],
        docs.world.cell_b.pk: by_cell[docs.world.cell_b.pk]}
    for c in report.cells:
        assert c.members == len({m for _, cid, _, _, m in stored if cid == c.cell_id and m})
        assert c.cell_meeting
    assert report.totals.total == len(stored)
    assert report.invited_cells == 2


def test_the_summary_docx_carries_the_party_heading_and_the_counts(docs: Docs) -> None:
    _random_opinions(docs, 3)
    report = summary_report(docs.prep.document)
    doc = Docx(io.BytesIO(printing.summary_docx(report, clock.today())))
    heading = [c.text for row in doc.tables[0].rows for c in row.cells]
    assert any("ĐẢNG CỘNG SẢN VIỆT NAM" in t for t in heading)
    # issued by the documents sub-committee, under the committee
    assert any("ĐẢNG ỦY KHỐI A\nTIỂU BAN VĂN KIỆN\n" in t for t in heading)
    assert any("BC/ĐU" in t for t in heading)
    by_section = doc.tables[1]
    last = [c.text for c in by_section.rows[-1].cells]
    t = report.totals
    assert last == ["Cộng", str(t.agree), str(t.disagree), str(t.partial), str(t.total),
                    str(t.accepted), str(t.explained), str(t.noted), str(t.unanswered)]


def test_the_summary_pdf_has_the_heading_and_the_total(docs: Docs, settings: Any) -> None:
    _random_opinions(docs, 4)
    report = summary_report(docs.prep.document)
    pdf = printing.summary_pdf(report, clock.today())
    text = " ".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert f"Tổng số {report.totals.total} ý kiến" in text
    # the body is the DOCX's: both tables and every merged opinion with its answers
    assert "Chi bộ A1 (có ý kiến của chi bộ)" in text
    for section in report.sections:
        for i, g in enumerate(section.opinions, start=1):
            assert f"{i}. {g.stance_label}" in text
            if g.reason:
                assert f"Lý do: {g.reason}" in text
            for label, _, _ in g.answer_lines:
                assert f"→ {label}" in text
    # signed for the sub-committee by its head, whom the records do not hold here: a blank
    # line for the name
    assert "T/M TIỂU BAN TRƯỞNG TIỂU BAN …" in text


def test_identical_opinions_are_merged_with_their_count_and_cells(docs: Docs) -> None:
    w = docs.world
    with clock.frozen(BEFORE):
        for member in (w.member_a, w.member_b):
            services.opinion_submit(actor=None, section=docs.prep.sections[1],
                                    stance=Stance.PARTIAL, proposed_text="Cùng một đề nghị",
                                    member=member)
    section = summary_report(docs.prep.document).sections[1]
    [group] = section.opinions
    assert group.count == 2
    assert group.cells == ["Chi bộ A1", "Chi bộ A2"]


def test_a_merged_opinion_from_many_cells_shows_their_number() -> None:
    from daihoi.documents.selectors import CELLS_LISTED, GroupedOpinion

    few = GroupedOpinion("partial", "", "x", cells=["Chi bộ A1", "Chi bộ A2"])
    many = GroupedOpinion("partial", "", "x", cells=[f"Chi bộ {i}" for i in
                                                     range(CELLS_LISTED + 1)])
    assert few.cells_text == "Chi bộ A1, Chi bộ A2"
    assert many.cells_text == f"{CELLS_LISTED + 1} chi bộ"


def test_the_report_sent_up_has_one_part_per_upper_draft_in_docx_and_pdf(docs: Docs) -> None:
    _random_opinions(docs, 5)
    report = summary_report(docs.prep.document)
    congress, on = docs.prep.document.congress, clock.today()
    title = docs.prep.document.title.upper()
    pdf = printing.upper_pdf(congress, [report, report], on)
    text = " ".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    docx = "\n".join(p.text for p in Docx(io.BytesIO(printing.upper_docx(
        congress, [report, report], on))).paragraphs)
    for body in (text, " ".join(docx.split())):
        assert "vào dự thảo các văn kiện của cấp trên" in body
        assert body.count(f"PHẦN 1. {title}") == 1
        assert body.count(f"PHẦN 2. {title}") == 1
        assert body.count(f"Tổng số {report.totals.total} ý kiến") == 2
