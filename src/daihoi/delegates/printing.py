"""Printed documents of the congress day: the credentials report (DOCX/PDF) and the badges
(PDF, 8 per A4 sheet, each with its signed QR code)."""

from __future__ import annotations

import base64
from typing import Any

import segno

from daihoi.congress.models import Congress
from daihoi.congress.printing import congress_heading
from daihoi.congress.selectors import congress_day
from daihoi.core.numbers import vn_number, vn_percent
from daihoi.core.printing import PartyHeading, docx_bytes, new_docx, render_pdf
from daihoi.delegates.badges import badge_payload
from daihoi.delegates.models import Delegate, DelegateStatus
from daihoi.delegates.selectors import CredentialsReport

BADGES_PER_PAGE = 8


def heading_for(congress: Congress) -> PartyHeading:
    """A congress document (R-204): the congress of the organization issues it, in the
    congress's series of numbers (R-202)."""
    return congress_heading(congress, congress_day(congress), "credentials")


def report_rows(report: CredentialsReport) -> list[tuple[str, str, str]]:
    """(label, count, percent) of every line of the report, in order."""
    s = report.stats
    rows: list[tuple[str, str, str]] = [("Tổng số đại biểu được triệu tập có mặt", str(s.total),
                                         vn_percent(100 if s.total else 0))]
    rows += [(f"— {report.source_labels.get(x.key, x.key)}", str(x.count), vn_percent(x.percent))
             for x in s.by_source]
    rows.append(("Đại biểu nữ", str(s.women.count), vn_percent(s.women.percent)))
    rows.append(("Đại biểu người dân tộc thiểu số", str(s.ethnic_minority.count),
                 vn_percent(s.ethnic_minority.percent)))
    rows += [(f"— Dân tộc {x.key}", str(x.count), vn_percent(x.percent)) for x in s.by_ethnicity]
    rows += [(f"Tuổi: {x.key}", str(x.count), vn_percent(x.percent)) for x in s.age_bands]
    rows.append(("Dưới 40 tuổi", str(s.under_40.count), vn_percent(s.under_40.percent)))
    rows.append(("Trên 70 tuổi", str(s.over_70.count), vn_percent(s.over_70.percent)))
    rows.append(("Tuổi bình quân", vn_number(s.average_age, 1), ""))
    rows.append(("Cao tuổi nhất", str(s.oldest or ""), ""))
    rows.append(("Trẻ tuổi nhất", str(s.youngest or ""), ""))
    rows += [(f"Trình độ chuyên môn: {report.qualification_labels.get(x.key, x.key)}",
              str(x.count), vn_percent(x.percent)) for x in s.by_qualification]
    rows.append(("Thạc sĩ, tiến sĩ", str(s.postgraduate.count), vn_percent(s.postgraduate.percent)))
    rows += [(f"Lý luận chính trị: {report.theory_labels.get(x.key, x.key)}", str(x.count),
              vn_percent(x.percent)) for x in s.by_theory]
    rows.append(("Cao cấp, cử nhân lý luận chính trị", str(s.advanced_theory.count),
                 vn_percent(s.advanced_theory.percent)))
    rows += [(f"Tuổi đảng: {x.key}", str(x.count), vn_percent(x.percent))
             for x in s.seniority_bands]
    rows.append(("Tuổi đảng bình quân", vn_number(s.average_seniority, 1), ""))
    return rows


def _context(report: CredentialsReport) -> dict[str, Any]:
    congress = report.congress
    conclusion = getattr(congress, "credentials_conclusion", None)
    return {"heading": heading_for(congress), "title": "Báo cáo thẩm tra tư cách đại biểu",
            "subtitle": congress.title, "report": report, "rows": report_rows(report),
            "conclusion": conclusion}


def credentials_pdf(report: CredentialsReport) -> bytes:
    return render_pdf("delegates/print/credentials.html", _context(report))


def credentials_docx(report: CredentialsReport) -> bytes:
    ctx = _context(report)
    doc = new_docx(ctx["heading"], title=ctx["title"], subtitle=ctx["subtitle"])
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("Nội dung", "Số lượng", "Tỷ lệ (%)"),
                          strict=True):
        cell.text = text
    for label, count, pct in ctx["rows"]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = label, count, pct
    if report.not_summoned:
        doc.add_paragraph("Không triệu tập: " + "; ".join(
            f"{d.member.full_name} ({d.status_reason})" for d in report.not_summoned))
    if report.replaced:
        doc.add_paragraph("Vắng, đã có dự khuyết thay: " + "; ".join(
            d.member.full_name for d in report.replaced))
    conclusion = ctx["conclusion"]
    if conclusion is not None:
        doc.add_paragraph(f"Kết luận của Ban Thẩm tra: {conclusion.text} "
                          f"({conclusion.recognised} đại biểu đủ tư cách).")
    return docx_bytes(doc)


def qr_data_uri(payload: str) -> str:
    svg = segno.make(payload, error="m").svg_inline(scale=3, border=1)
    return "data:image/svg+xml;base64," + base64.b64encode(str(svg).encode()).decode()


def badges_pdf(congress: Congress) -> bytes:
    delegates = list(Delegate.objects.filter(congress=congress).exclude(
        status=DelegateStatus.NOT_SUMMONED).select_related("member", "member__cell")
        .order_by("number"))
    badges = [{"delegate": d, "qr": qr_data_uri(badge_payload(congress_id=congress.pk,
                                                              delegate_id=d.pk))}
              for d in delegates]
    pages = [badges[i:i + BADGES_PER_PAGE] for i in range(0, len(badges), BADGES_PER_PAGE)]
    return render_pdf("delegates/print/badges.html",
                      {"congress": congress, "pages": pages, "title": "Thẻ đại biểu"})
