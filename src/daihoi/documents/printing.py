"""The summary report of opinions (báo cáo tổng hợp ý kiến), DOCX and PDF, in the Party's
format; and the one report sent up with the opinions on the upper level's drafts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

from daihoi.congress.issuers import document_heading, document_signature
from daihoi.congress.models import Congress
from daihoi.core.numbers import vn_number
from daihoi.core.printing import docx_bytes, new_docx
from daihoi.core.printing.blocks import Block, Grid, Para, Run
from daihoi.core.printing.docx import append_docx
from daihoi.core.printing.pdf import render_pdf
from daihoi.core.printing.signature import Signature
from daihoi.documents.models import Stance
from daihoi.documents.selectors import (
    DAYS_DUE_AFTER_CONGRESS,
    Counts,
    GroupedOpinion,
    SummaryReport,
    minority_opinions,
    summary_due,
    topics,
    trend,
)

COUNT_HEAD = ("Tán thành", "Không tán thành", "Tán thành một phần", "Tổng số",
              "Tiếp thu", "Giải trình", "Ghi nhận", "Chưa trả lời")
TITLE = "Báo cáo tổng hợp ý kiến góp ý"
UPPER_SUBTITLE = "vào dự thảo các văn kiện của cấp trên"
#: A kind of opinion as a trend names it (lower case, inside a sentence).
STANCE_LABELS = {str(k.value): str(k.label).lower() for k in Stance}


def _count_cells(c: Counts) -> list[str]:
    return [str(v) for v in (c.agree, c.disagree, c.partial, c.total, c.accepted, c.explained,
                             c.noted, c.unanswered)]


def report_title(report: SummaryReport) -> str:
    return TITLE


def report_subtitle(report: SummaryReport) -> str:
    v = f" (phiên bản {report.version.number})" if report.version else ""
    return f"vào {report.document.title}{v}"


def _share(n: int, total: int) -> str:
    return vn_number(Decimal(100 * n) / total, 1) if total else "0"


def trend_text(counts: Counts) -> str:
    """The trend of a heading's opinions, each kind with its count and share, the most given
    first: "Đa số tán thành: 18/27 ý kiến (66,7%); tán thành một phần, đề nghị sửa: 8 (29,6%);
    không tán thành: 1 (3,7%)"."""
    total = counts.total
    kinds = trend(counts)
    if not kinds:
        return "Chưa có ý kiến."
    parts = []
    for i, (kind, n) in enumerate(kinds):
        label = STANCE_LABELS[kind]
        if i == 0:
            lead = "Đa số" if n * 2 > total else ("Một nửa" if n * 2 == total else
                                                  "Nhiều nhất là ý kiến")
            parts.append(f"{lead} {label}: {n}/{total} ý kiến ({_share(n, total)}%)")
        else:
            parts.append(f"{label}: {n} ({_share(n, total)}%)")
    return "; ".join(parts) + "."


def _quoted(text: str) -> str:
    """The text in quotation marks, as given; a text that carries its own marks is not
    marked twice."""
    text = text.strip()
    return text if "“" in text or "”" in text or '"' in text else f"“{text}”"


def _quote(g: GroupedOpinion) -> Para:
    """A minority opinion as given, quoted, with who gave it: no answer, no comment."""
    count = f", {g.count} ý kiến" if g.count > 1 else ""
    runs = [Run(f"– {g.stance_label} ({g.cells_text}{count}): ", italic=True)]
    if g.reason.strip():
        runs.append(Run(_quoted(g.reason)))
    if g.proposed_text.strip():
        runs.append(Run((" " if g.reason.strip() else "") + "Đề nghị sửa thành: "
                        + _quoted(g.proposed_text)))
    return Para(tuple(runs), size=12, indent=4, after=2)


def report_blocks(report: SummaryReport) -> Iterator[Block]:
    """The report's body, the same in the DOCX and the PDF, as the Central Party Office's
    guidance on synthesis reports asks: the figures by the draft's headings, then by topic (the
    draft's parts), the trend of each kind of opinion with its count, the notable minority
    opinions quoted as given (without the compiler's comment), the figures by cell, and the
    content of the opinions with the sub-committee's answers. One block at a time, so that the
    DOCX writer holds only its XML."""
    t = report.totals
    parts = topics(report)
    head: list[Block] = [
        Para.of(f"Dự thảo được gửi đến {report.invited_cells} chi bộ. Tổng số {t.total} ý kiến: "
                f"{t.agree} tán thành, {t.disagree} không tán thành, {t.partial} tán thành một "
                f"phần và đề nghị sửa. Tiểu ban văn kiện đã tiếp thu {t.accepted}, giải trình "
                f"{t.explained}, ghi nhận {t.noted}; còn {t.unanswered} ý kiến chưa trả lời."),
        Para.of(Run("I. TỔNG HỢP THEO BỐ CỤC CỦA DỰ THẢO", bold=True), before=6),
        Grid(["Phần", *COUNT_HEAD],
             [[s.heading, *_count_cells(s.counts)] for s in report.sections]
             + [["Cộng", *_count_cells(report.totals)]], first_width=0.26),
        Para.of(Run("II. TỔNG HỢP THEO VẤN ĐỀ VÀ XU HƯỚNG Ý KIẾN", bold=True), before=6),
        Para.of(Run("Xu hướng chung: ", italic=True), trend_text(t)),
    ]
    yield from head
    for topic in parts:
        yield Para.of(Run(topic.heading, bold=True), before=4)
        yield Para.of(trend_text(topic.counts), indent=4, size=12)
        for s in topic.sections[1:]:
            if s.counts.total:
                yield Para.of(Run(f"{s.heading}: ", italic=True), trend_text(s.counts),
                              indent=8, size=12, after=2)
    yield Para.of(Run("III. Ý KIẾN THIỂU SỐ ĐÁNG CHÚ Ý (trích nguyên văn)", bold=True),
                  before=6)
    quoted = 0
    for s in report.sections:
        minority = minority_opinions(s)
        if not minority:
            continue
        quoted += len(minority)
        yield Para.of(Run(s.heading, bold=True), before=4)
        yield from (_quote(g) for g in minority)
    if not quoted:
        yield Para.of("Không có ý kiến thiểu số có nội dung.")
    yield Para.of(Run("IV. TỔNG HỢP THEO CHI BỘ", bold=True), before=6)
    yield Grid(["Chi bộ", "Đảng viên góp ý", *COUNT_HEAD],
               [[c.name + (" (có ý kiến của chi bộ)" if c.cell_meeting else ""),
                 str(c.members), *_count_cells(c.counts)] for c in report.cells],
               first_width=0.24)
    yield Para.of(Run("V. NỘI DUNG CÁC Ý KIẾN VÀ TRẢ LỜI CỦA TIỂU BAN VĂN KIỆN", bold=True),
                  before=6)
    for s in report.sections:
        if not s.opinions:
            continue
        yield Para.of(Run(s.heading, bold=True), before=4)
        for i, g in enumerate(s.opinions, start=1):
            count = f" ({g.count} ý kiến)" if g.count > 1 else ""
            runs = [Run(f"{i}. {g.stance_label}{count} — {g.cells_text}. ", italic=True)]
            if g.reason:
                runs.append(Run(f"Lý do: {g.reason} "))
            if g.proposed_text:
                runs.append(Run(f"Đề nghị sửa: “{g.proposed_text}” "))
            for label, n, response in g.answer_lines:
                many = f" ({n})" if g.count > 1 else ""
                runs.append(Run(f"→ {label}{many}", bold=True))
                runs.append(Run(f": {response} " if response else " "))
            yield Para(tuple(runs), size=12, indent=4, after=2)


def due_line(congress: Congress) -> Para | None:
    """"Hạn gửi cấp ủy cấp trên: …" (10 days after the congress), when its date is set."""
    due = summary_due(congress)
    if due is None:
        return None
    return Para.of(Run(f"Hạn gửi báo cáo lên cấp ủy cấp trên: {due:%d/%m/%Y} "
                       f"({DAYS_DUE_AFTER_CONGRESS} ngày sau Đại hội).", italic=True))


def _signature(congress: Congress, kind: str = "report") -> Signature:
    return document_signature(congress, kind)


def _summary_blocks(report: SummaryReport) -> Iterator[Block]:
    yield from report_blocks(report)
    yield _signature(report.document.congress)


def _upper_blocks(congress: Congress, reports: list[SummaryReport]) -> Iterator[Block]:
    due = due_line(congress)
    if due is not None:
        yield due
    for n, report in enumerate(reports, start=1):
        yield _part_title(n, report)
        yield from report_blocks(report)
    yield _signature(congress, "upper_report")


def summary_docx(report: SummaryReport, on: dt.date | None = None) -> bytes:
    congress = report.document.congress
    doc = new_docx(document_heading(congress, "report", report.document.pk, on),
                   title=report_title(report),
                   subtitle=report_subtitle(report))
    append_docx(doc, _summary_blocks(report))
    return docx_bytes(doc)


def summary_pdf(report: SummaryReport, on: dt.date | None = None) -> bytes:
    congress = report.document.congress
    return render_pdf(document_heading(congress, "report", report.document.pk, on),
                      report_title(report),
                      report_subtitle(report), _summary_blocks(report))


def upper_docx(congress: Congress, reports: list[SummaryReport],
               on: dt.date | None = None) -> bytes:
    """One report with the members' opinions on every draft of the upper level."""
    doc = new_docx(document_heading(congress, "upper_report", on=on), title=TITLE,
                   subtitle=UPPER_SUBTITLE)
    append_docx(doc, _upper_blocks(congress, reports))
    return docx_bytes(doc)


def upper_pdf(congress: Congress, reports: list[SummaryReport],
              on: dt.date | None = None) -> bytes:
    return render_pdf(document_heading(congress, "upper_report", on=on), TITLE,
                      UPPER_SUBTITLE, _upper_blocks(congress, reports))


def _part_title(n: int, report: SummaryReport) -> Para:
    return Para.of(Run(f"PHẦN {n}. {report.document.title.upper()}", bold=True), before=12)
