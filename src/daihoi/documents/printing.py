"""The summary report of opinions (báo cáo tổng hợp ý kiến), DOCX and PDF, in the Party's
format; and the one report sent up with the opinions on the upper level's drafts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from daihoi.congress.models import Congress
from daihoi.congress.printing import committee_heading, committee_signature
from daihoi.core.longform import Block, Grid, Para, Run, Signature, append_docx, render_pdf
from daihoi.core.printing import docx_bytes, new_docx
from daihoi.documents.selectors import Counts, SummaryReport

COUNT_HEAD = ("Tán thành", "Không tán thành", "Tán thành một phần", "Tổng số",
              "Tiếp thu", "Giải trình", "Ghi nhận", "Chưa trả lời")
TITLE = "Báo cáo tổng hợp ý kiến góp ý"
UPPER_SUBTITLE = "vào dự thảo các văn kiện của cấp trên"


def _count_cells(c: Counts) -> list[str]:
    return [str(v) for v in (c.agree, c.disagree, c.partial, c.total, c.accepted, c.explained,
                             c.noted, c.unanswered)]


def report_title(report: SummaryReport) -> str:
    return TITLE


def report_subtitle(report: SummaryReport) -> str:
    v = f" (phiên bản {report.version.number})" if report.version else ""
    return f"vào {report.document.title}{v}"


def report_blocks(report: SummaryReport) -> Iterator[Block]:
    """The report's body, the same in the DOCX and the PDF; one block at a time, so that the
    DOCX writer holds only its XML."""
    t = report.totals
    head: list[Block] = [
        Para.of(f"Dự thảo được gửi đến {report.invited_cells} chi bộ. Tổng số {t.total} ý kiến: "
                f"{t.agree} tán thành, {t.disagree} không tán thành, {t.partial} tán thành một "
                f"phần và đề nghị sửa. Tiểu ban văn kiện đã tiếp thu {t.accepted}, giải trình "
                f"{t.explained}, ghi nhận {t.noted}; còn {t.unanswered} ý kiến chưa trả lời."),
        Para.of(Run("I. TỔNG HỢP THEO TỪNG PHẦN CỦA DỰ THẢO", bold=True), before=6),
        Grid(["Phần", *COUNT_HEAD],
             [[s.heading, *_count_cells(s.counts)] for s in report.sections]
             + [["Cộng", *_count_cells(report.totals)]], first_width=0.26),
        Para.of(Run("II. TỔNG HỢP THEO CHI BỘ", bold=True), before=6),
        Grid(["Chi bộ", "Đảng viên góp ý", *COUNT_HEAD],
             [[c.name + (" (có ý kiến của chi bộ)" if c.cell_meeting else ""),
               str(c.members), *_count_cells(c.counts)] for c in report.cells],
             first_width=0.24),
        Para.of(Run("III. NỘI DUNG CÁC Ý KIẾN VÀ TRẢ LỜI CỦA TIỂU BAN VĂN KIỆN", bold=True),
                before=6),
    ]
    yield from head
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


def _signature(congress: Congress, kind: str = "report") -> Signature:
    return committee_signature(congress, kind)


def _summary_blocks(report: SummaryReport) -> Iterator[Block]:
    yield from report_blocks(report)
    yield _signature(report.document.congress)


def _upper_blocks(congress: Congress, reports: list[SummaryReport]) -> Iterator[Block]:
    for n, report in enumerate(reports, start=1):
        yield _part_title(n, report)
        yield from report_blocks(report)
    yield _signature(congress, "upper_report")


def summary_docx(report: SummaryReport, on: dt.date) -> bytes:
    congress = report.document.congress
    doc = new_docx(committee_heading(congress, on, "report", report.document.pk),
                   title=report_title(report),
                   subtitle=report_subtitle(report))
    append_docx(doc, _summary_blocks(report))
    return docx_bytes(doc)


def summary_pdf(report: SummaryReport, on: dt.date) -> bytes:
    congress = report.document.congress
    return render_pdf(committee_heading(congress, on, "report", report.document.pk),
                      report_title(report),
                      report_subtitle(report), _summary_blocks(report))


def upper_docx(congress: Congress, reports: list[SummaryReport], on: dt.date) -> bytes:
    """One report with the members' opinions on every draft of the upper level."""
    doc = new_docx(committee_heading(congress, on, "upper_report"), title=TITLE,
                   subtitle=UPPER_SUBTITLE)
    append_docx(doc, _upper_blocks(congress, reports))
    return docx_bytes(doc)


def upper_pdf(congress: Congress, reports: list[SummaryReport], on: dt.date) -> bytes:
    return render_pdf(committee_heading(congress, on, "upper_report"), TITLE,
                      UPPER_SUBTITLE, _upper_blocks(congress, reports))


def _part_title(n: int, report: SummaryReport) -> Para:
    return Para.of(Run(f"PHẦN {n}. {report.document.title.upper()}", bold=True), before=12)
