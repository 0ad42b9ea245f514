"""The summary report as the Central Party Office's guidance on synthesis reports asks: by the
draft's headings and by topic, the trend of each kind of opinion with counts, the notable
minority opinions quoted as given, and the day it is due to the higher committee."""

from __future__ import annotations

import datetime as dt
import io
import re
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from docx import Document as Docx
from pypdf import PdfReader

from daihoi import clock
from daihoi.congress.models import Congress
from daihoi.documents import printing, services
from daihoi.documents.models import Answer, Stance
from daihoi.documents.selectors import (
    MINORITY_QUOTED,
    Counts,
    GroupedOpinion,
    SectionSummary,
    SummaryReport,
    minority_opinions,
    summary_due,
    summary_report,
    topics,
)
from tests.conftest import PASSWORD, make_member
from tests.documents.conftest import BEFORE, Docs


def _section(heading: str, level: int, agree: int = 0, partial: int = 0, disagree: int = 0,
             opinions: list[GroupedOpinion] | None = None) -> SectionSummary:
    return SectionSummary(0, 0, heading, Counts(agree=agree, partial=partial,
                                                disagree=disagree), opinions or [], level)


def test_the_trend_names_the_majority_and_every_kind_with_its_count_and_share() -> None:
    assert printing.trend_text(Counts(agree=18, partial=8, disagree=1)) == (
        "Đa số tán thành: 18/27 ý kiến (66,7%); tán thành một phần, đề nghị sửa: 8 (29,6%); "
        "không tán thành: 1 (3,7%).")
    assert printing.trend_text(Counts(agree=2, disagree=2)) == (
        "Một nửa tán thành: 2/4 ý kiến (50,0%); không tán thành: 2 (50,0%).")
    assert printing.trend_text(Counts(agree=2, partial=3, disagree=2)).startswith(
        "Nhiều nhất là ý kiến tán thành một phần, đề nghị sửa: 3/7 ý kiến (42,9%)")
    assert printing.trend_text(Counts()) == "Chưa có ý kiến."


def test_a_minority_is_a_kind_fewer_than_half_share_with_a_content_to_quote() -> None:
    said = GroupedOpinion("disagree", "Chỉ tiêu quá cao", "", count=2)
    silent = GroupedOpinion("disagree", "", "", count=3)  # nothing to quote
    half = GroupedOpinion("partial", "", "Sửa câu", count=5)
    section = _section("1. Chỉ tiêu", 2, agree=5, disagree=5,
                       opinions=[silent, said])
    assert minority_opinions(section) == []  # 5 of 10 is half, not a minority
    section = _section("1. Chỉ tiêu", 2, agree=6, disagree=5, opinions=[silent, said])
    assert minority_opinions(section) == [said]
    section = _section("1. Chỉ tiêu", 2, agree=4, partial=5, disagree=1, opinions=[half])
    assert minority_opinions(section) == []  # 5 of 10 is half
    many = [GroupedOpinion("disagree", f"Lý do {i}", "", count=i) for i in range(1, 8)]
    section = _section("2. Giải pháp", 2, agree=100, disagree=28, opinions=many)
    assert [g.count for g in minority_opinions(section)] == [7, 6, 5, 4, 3][:MINORITY_QUOTED]


def test_topics_are_the_drafts_parts_with_the_headings_under_them() -> None:
    sections = [_section("Lời mở đầu", 2, agree=1), _section("I. Kết quả", 1, agree=2),
                _section("1. Kinh tế", 2, partial=3), _section("2. Xã hội", 2, disagree=1),
                _section("II. Phương hướng", 1, agree=4)]
    report = SummaryReport(None, None, sections, [], Counts(), 0)  # type: ignore[arg-type]
    found = [(t.heading, t.counts.total, len(t.sections)) for t in topics(report)]
    assert found == [("Lời mở đầu", 1, 1), ("I. Kết quả", 6, 3), ("II. Phương hướng", 4, 1)]


def test_the_report_is_due_ten_days_after_the_congress() -> None:
    def at(day: int, hour: int) -> dt.datetime:
        return dt.datetime(2020, 6, day, hour, tzinfo=clock.LOCAL_TZ)

    assert summary_due(SimpleNamespace(closes_at=at(10, 17), opens_at=at(9, 8))) == dt.date(
        2020, 6, 20)
    # 23:30 local on the 10th is the 10th, whatever the UTC date
    late = at(10, 23).replace(minute=30).astimezone(dt.UTC)
    assert summary_due(SimpleNamespace(closes_at=late, opens_at=None)) == dt.date(2020, 6, 20)
    assert summary_due(SimpleNamespace(closes_at=None, opens_at=at(9, 8))) == dt.date(2020, 6,
                                                                                       19)
    assert summary_due(SimpleNamespace(closes_at=None, opens_at=None)) is None


def _texts(report: SummaryReport) -> tuple[str, str]:
    pdf = printing.summary_pdf(report, clock.today())
    text = " ".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    docx = Docx(io.BytesIO(printing.summary_docx(report, clock.today())))
    return text, " ".join(" ".join(p.text for p in docx.paragraphs).split())


def test_the_printed_report_quotes_the_minority_without_the_answer(docs: Docs) -> None:
    w = docs.world
    extra = [make_member(w.cell_a, given_name=f"Góp{i}", card_number=f"4000{i:04d}")
             for i in range(3)]
    section = docs.prep.sections[0]
    with clock.frozen(BEFORE):
        for member in (w.member_a, *extra):
            services.opinion_submit(actor=None, section=section, stance=Stance.AGREE,
                                    member=member)
        dissent = services.opinion_submit(
            actor=None, section=section, stance=Stance.DISAGREE, member=w.member_b,
            reason="Đánh giá còn chung chung, chưa nêu rõ địa chỉ trách nhiệm")
    services.opinion_answer(actor=docs.reviewer, opinion=dissent, answer=Answer.EXPLAINED,
                            response="Tiểu ban giải trình")
    report = summary_report(docs.prep.document)
    for body in _texts(report):
        assert "II. TỔNG HỢP THEO VẤN ĐỀ VÀ XU HƯỚNG Ý KIẾN" in body
        assert ("Đa số tán thành: 4/5 ý kiến (80,0%); không tán thành: 1 (20,0%)." in body)
        minority = body.split("III. Ý KIẾN THIỂU SỐ ĐÁNG CHÚ Ý (trích nguyên văn)")[1].split(
            "IV. TỔNG HỢP THEO CHI BỘ")[0]
        assert minority.strip() == (
            f"{section.heading} – Không tán thành (Chi bộ A2): “Đánh giá còn chung chung, chưa "
            "nêu rõ địa chỉ trách nhiệm”")
        assert "→ Giải trình: Tiểu ban giải trình" in body  # in part V, with the answers


def test_the_report_sent_up_states_the_day_it_is_due(docs: Docs) -> None:
    congress = docs.prep.document.congress
    congress.closes_at = dt.datetime(2020, 6, 10, 17, tzinfo=clock.LOCAL_TZ)
    report = summary_report(docs.prep.document)
    pdf = printing.upper_pdf(congress, [report], clock.today())
    text = " ".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Hạn gửi báo cáo lên cấp ủy cấp trên: 20/06/2020 (10 ngày sau Đại hội)." in text
    congress.closes_at = congress.opens_at = None
    pdf = printing.upper_pdf(congress, [report], clock.today())
    assert "Hạn gửi" not in "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def _card(client: Any, congress: Any) -> str:
    from django.urls import reverse

    html = client.get(reverse("congress:overview", args=[congress.pk])).content.decode()
    if 'id="summary-due"' not in html:
        return ""
    card = html.split('id="summary-due"')[1].split("</div>")[0]
    return " ".join(re.sub(r"<[^>]+>", " ", card.split(">", 1)[1]).split())


@pytest.mark.parametrize(("today", "shown"), [
    (dt.date(2020, 6, 19), "20/06/2020 hạn gửi báo cáo tổng hợp ý kiến lên cấp ủy cấp trên "
                           "(10 ngày sau đại hội): còn 1 ngày"),
    (dt.date(2020, 6, 20), "20/06/2020 hạn gửi báo cáo tổng hợp ý kiến lên cấp ủy cấp trên "
                           "(10 ngày sau đại hội): hôm nay"),
    (dt.date(2020, 6, 21), "20/06/2020 hạn gửi báo cáo tổng hợp ý kiến lên cấp ủy cấp trên "
                           "(10 ngày sau đại hội): quá hạn 1 ngày"),
])
def test_the_office_dashboard_tracks_the_day_the_report_is_due(
        docs: Docs, client: Any, today: dt.date, shown: str) -> None:
    congress = docs.prep.document.congress
    Congress.objects.filter(pk=congress.pk).update(
        closes_at=dt.datetime(2020, 6, 10, 17, tzinfo=clock.LOCAL_TZ))
    assert client.login(username=docs.world.office.username, password=PASSWORD)
    with clock.frozen(dt.datetime.combine(today, dt.time(9), tzinfo=clock.LOCAL_TZ)):
        assert _card(client, congress) == shown


def test_the_due_card_is_the_offices_and_says_when_no_date_is_set(docs: Docs,
                                                                  client: Any) -> None:
    congress = docs.prep.document.congress
    Congress.objects.filter(pk=congress.pk).update(closes_at=None, opens_at=None)
    assert client.login(username=docs.world.office.username, password=PASSWORD)
    assert _card(client, congress).endswith("— chưa đặt ngày đại hội")
    reviewer = Client()  # sits on the documents sub-committee: sees the overview, not the card
    assert reviewer.login(username="reviewer", password=PASSWORD)
    assert _card(reviewer, congress) == ""


def test_a_quoted_text_that_carries_its_own_marks_is_not_marked_twice() -> None:
    from daihoi.documents.printing import _quoted

    assert _quoted(" Chỉ tiêu quá cao ") == "“Chỉ tiêu quá cao”"
    assert _quoted("Sửa thành “95%”") == "Sửa thành “95%”"
    assert _quoted('Sửa thành "95%"') == 'Sửa thành "95%"'
