"""The summary report of opinions (báo cáo tổng hợp ý kiến), DOCX and PDF, in the Party's
format; and the one report sent up with the opinions on the upper level's drafts."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from xml.sax.saxutils import escape

from daihoi.congress.models import Congress
from daihoi.congress.printing import committee_heading, committee_name
from daihoi.core.errors import ServiceError
from daihoi.core.printing import docx_bytes, new_docx, render_pdf
from daihoi.documents.selectors import Counts, SummaryReport

#: WeasyPrint lays out about 350 opinion paragraphs a second and its memory grows with the
#: document; above this many distinct opinions the PDF is refused (the DOCX has no such limit).
PDF_MAX_GROUPS = 2000

COUNT_HEAD = ("Tán thành", "Không tán thành", "Tán thành một phần", "Tổng số",
              "Tiếp thu", "Giải trình", "Ghi nhận", "Chưa trả lời")


def _count_cells(c: Counts) -> list[str]:
    return [str(v) for v in (c.agree, c.disagree, c.partial, c.total, c.accepted, c.explained,
                             c.noted, c.unanswered)]


def report_title(report: SummaryReport) -> str:
    return "Báo cáo tổng hợp ý kiến góp ý"


def report_subtitle(report: SummaryReport) -> str:
    v = f" (phiên bản {report.version.number})" if report.version else ""
    return f"vào {report.document.title}{v}"


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _x(text: str) -> str:
    return escape(_CONTROL.sub("", text))


def _run(text: str, *, bold: bool = False, italic: bool = False, size: int | None = None) -> str:
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "") + (
        f'<w:sz w:val="{size * 2}"/>' if size else "")
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{_x(text)}</w:t></w:r>'


def _para(*runs: str, after: int | None = None) -> str:
    ppr = f'<w:pPr><w:spacing w:after="{after * 20}"/></w:pPr>' if after is not None else ""
    return f"<w:p>{ppr}{''.join(runs)}</w:p>"


def _table_xml(head: list[str], rows: list[list[str]], first_width: int) -> str:
    """A bordered table (style "Table Grid") in WordprocessingML; widths in twentieths of a
    point on the 165 mm text width."""
    other = (9350 - first_width) // max(1, len(head) - 1)
    widths = [first_width] + [other] * (len(head) - 1)
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)

    def row(cells: list[str], bold: bool) -> str:
        return "<w:tr>" + "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>'
            f"{_para(_run(c, bold=bold, size=10), after=0)}</w:tc>"
            for c, w in zip(cells, widths, strict=True)) + "</w:tr>"

    return ('<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
            f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{row(head, True)}"
            + "".join(row(r, False) for r in rows) + "</w:tbl>")


def _append_xml(doc: Any, parts: list[str]) -> None:
    """Append body XML in one parse: python-docx's object API is too slow for reports with
    tens of thousands of paragraphs."""
    from docx.oxml import parse_xml

    fragment = parse_xml(f'<w:body xmlns:w="{_W}">{"".join(parts)}</w:body>')
    sect_pr = doc.element.body.sectPr
    for child in list(fragment):
        if sect_pr is not None:
            sect_pr.addprevious(child)
        else:  # pragma: no cover - python-docx's template always has a sectPr
            doc.element.body.append(child)


def _report_parts(report: SummaryReport) -> list[str]:
    t = report.totals
    parts = [
        _para(_run(
            f"Dự thảo được gửi đến {report.invited_cells} chi bộ. Tổng số {t.total} ý kiến: "
            f"{t.agree} tán thành, {t.disagree} không tán thành, {t.partial} tán thành một phần "
            f"và đề nghị sửa. Tiểu ban văn kiện đã tiếp thu {t.accepted}, giải trình "
            f"{t.explained}, ghi nhận {t.noted}; còn {t.unanswered} ý kiến chưa trả lời.")),
        _para(_run("I. TỔNG HỢP THEO TỪNG PHẦN CỦA DỰ THẢO", bold=True)),
        _table_xml(["Phần", *COUNT_HEAD],
                   [[s.heading, *_count_cells(s.counts)] for s in report.sections]
                   + [["Cộng", *_count_cells(report.totals)]], 2400),
        _para(_run("II. TỔNG HỢP THEO CHI BỘ", bold=True)),
        _table_xml(["Chi bộ", "Đảng viên góp ý", *COUNT_HEAD],
                   [[c.name + (" (có ý kiến của chi bộ)" if c.cell_meeting else ""),
                     str(c.members), *_count_cells(c.counts)] for c in report.cells], 2200),
        _para(_run("III. NỘI DUNG CÁC Ý KIẾN VÀ TRẢ LỜI CỦA TIỂU BAN VĂN KIỆN", bold=True)),
    ]
    for s in report.sections:
        if not s.opinions:
            continue
        parts.append(_para(_run(s.heading, bold=True)))
        for i, g in enumerate(s.opinions, start=1):
            count = f" ({g.count} ý kiến)" if g.count > 1 else ""
            runs = [_run(f"{i}. {g.stance_label}{count} — {g.cells_text}. ", italic=True)]
            if g.reason:
                runs.append(_run(f"Lý do: {g.reason} "))
            if g.proposed_text:
                runs.append(_run(f"Đề nghị sửa: “{g.proposed_text}” "))
            for label, n, response in g.answer_lines:
                many = f" ({n})" if g.count > 1 else ""
                runs.append(_run(f"→ {label}{many}", bold=True))
                runs.append(_run(f": {response} " if response else " "))
            parts.append(_para(*runs, after=2))
    return parts


def _report_body(doc: Any, report: SummaryReport) -> None:
    _append_xml(doc, _report_parts(report))


def summary_docx(report: SummaryReport, on: dt.date) -> bytes:
    congress = report.document.congress
    doc = new_docx(committee_heading(congress, on), title=report_title(report),
                   subtitle=report_subtitle(report))
    _report_body(doc, report)
    _signature(doc, congress)
    return docx_bytes(doc)


def _signature(doc: Any, congress: Congress) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc.add_paragraph()
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    p.add_run(f"T/M {committee_name(congress).upper()}").bold = True


def check_pdf_size(reports: list[SummaryReport]) -> None:
    groups = sum(len(s.opinions) for r in reports for s in r.sections)
    if groups > PDF_MAX_GROUPS:
        raise ServiceError(
            f"Báo cáo có {groups} nội dung ý kiến khác nhau, quá lớn để tạo PDF trực tiếp (tối "
            f"đa {PDF_MAX_GROUPS}). Hãy tải bản DOCX, rồi in hoặc lưu PDF từ Word."
        )


def summary_pdf(report: SummaryReport, on: dt.date) -> bytes:
    check_pdf_size([report])
    congress = report.document.congress
    return render_pdf("documents/print/summary.html", {
        "heading": committee_heading(congress, on), "title": report_title(report),
        "subtitle": report_subtitle(report), "reports": [report],
        "signer": committee_name(congress),
    })


def upper_docx(congress: Congress, reports: list[SummaryReport], on: dt.date) -> bytes:
    """One report with the members' opinions on every draft of the upper level."""
    doc = new_docx(committee_heading(congress, on, "upper_report"),
                   title="Báo cáo tổng hợp ý kiến góp ý",
                   subtitle="vào dự thảo các văn kiện của cấp trên")
    for n, report in enumerate(reports, start=1):
        _append_xml(doc, [_para(_run(f"PHẦN {n}. {report.document.title.upper()}", bold=True)),
                          *_report_parts(report)])
    _signature(doc, congress)
    return docx_bytes(doc)


def upper_pdf(congress: Congress, reports: list[SummaryReport], on: dt.date) -> bytes:
    check_pdf_size(reports)
    return render_pdf("documents/print/summary.html", {
        "heading": committee_heading(congress, on, "upper_report"),
        "title": "Báo cáo tổng hợp ý kiến góp ý",
        "subtitle": "vào dự thảo các văn kiện của cấp trên", "reports": reports,
        "signer": committee_name(congress), "numbered": True,
    })
