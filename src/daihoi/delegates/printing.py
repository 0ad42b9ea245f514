"""Printed documents of the congress day: the credentials report (DOCX/PDF) and the badges
(PDF, 8 per A4 sheet, each with its signed QR code)."""

from __future__ import annotations

import base64
from typing import Any

import segno
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

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


#: The composition's bands (its keys are Vietnamese, as the pure rules name them), translated
#: for the page.
BAND_LABELS = {
    "Dưới 30 tuổi": _("Dưới 30 tuổi"), "Từ 30 đến 39 tuổi": _("Từ 30 đến 39 tuổi"),
    "Từ 40 đến 49 tuổi": _("Từ 40 đến 49 tuổi"), "Từ 50 đến 59 tuổi": _("Từ 50 đến 59 tuổi"),
    "Từ 60 tuổi trở lên": _("Từ 60 tuổi trở lên"), "Dưới 10 năm": _("Dưới 10 năm"),
    "Từ 10 đến dưới 20 năm": _("Từ 10 đến dưới 20 năm"),
    "Từ 20 đến dưới 30 năm": _("Từ 20 đến dưới 30 năm"),
    "Từ 30 năm trở lên": _("Từ 30 năm trở lên"),
}


def _band(key: str) -> str:
    return str(BAND_LABELS.get(key, key))


def report_rows(report: CredentialsReport) -> list[tuple[str, str, str]]:
    """(label, count, percent) of every line of the report, in order, in the active language
    (the printed report is made in Vietnamese: ``credentials_pdf``/``credentials_docx``)."""
    s = report.stats
    rows: list[tuple[str, str, str]] = [(gettext("Tổng số đại biểu được triệu tập có mặt"),
                                         str(s.total), vn_percent(100 if s.total else 0))]
    rows += [(f"— {report.source_labels.get(x.key, x.key)}", str(x.count), vn_percent(x.percent))
             for x in s.by_source]
    rows.append((gettext("Đại biểu nữ"), str(s.women.count), vn_percent(s.women.percent)))
    rows.append((gettext("Đại biểu người dân tộc thiểu số"), str(s.ethnic_minority.count),
                 vn_percent(s.ethnic_minority.percent)))
    rows += [("— " + gettext("Dân tộc %(name)s") % {"name": x.key}, str(x.count),
              vn_percent(x.percent)) for x in s.by_ethnicity]
    rows += [(gettext("Tuổi: %(band)s") % {"band": _band(x.key)}, str(x.count),
              vn_percent(x.percent)) for x in s.age_bands]
    rows.append((gettext("Dưới 40 tuổi"), str(s.under_40.count), vn_percent(s.under_40.percent)))
    rows.append((gettext("Trên 70 tuổi"), str(s.over_70.count), vn_percent(s.over_70.percent)))
    rows.append((gettext("Tuổi bình quân"), vn_number(s.average_age, 1), ""))
    rows.append((gettext("Cao tuổi nhất"), str(s.oldest or ""), ""))
    rows.append((gettext("Trẻ tuổi nhất"), str(s.youngest or ""), ""))
    rows += [(gettext("Trình độ chuyên môn: %(level)s") % {
        "level": report.qualification_labels.get(x.key, x.key)}, str(x.count),
        vn_percent(x.percent)) for x in s.by_qualification]
    rows.append((gettext("Thạc sĩ, tiến sĩ"), str(s.postgraduate.count),
                 vn_percent(s.postgraduate.percent)))
    rows += [(gettext("Lý luận chính trị: %(level)s") % {
        "level": report.theory_labels.get(x.key, x.key)}, str(x.count),
        vn_percent(x.percent)) for x in s.by_theory]
    rows.append((gettext("Cao cấp, cử nhân lý luận chính trị"), str(s.advanced_theory.count),
                 vn_percent(s.advanced_theory.percent)))
    rows += [(gettext("Tuổi đảng: %(band)s") % {"band": _band(x.key)}, str(x.count),
              vn_percent(x.percent)) for x in s.seniority_bands]
    rows.append((gettext("Tuổi đảng bình quân"), vn_number(s.average_seniority, 1), ""))
    return rows


def _context(report: CredentialsReport) -> dict[str, Any]:
    congress = report.congress
    conclusion = getattr(congress, "credentials_conclusion", None)
    return {"heading": heading_for(congress), "title": "Báo cáo thẩm tra tư cách đại biểu",
            "subtitle": congress.title, "report": report, "rows": report_rows(report),
            "conclusion": conclusion}


def credentials_pdf(report: CredentialsReport) -> bytes:
    with translation.override("vi"):  # a document of the congress, whatever the page's language
        return render_pdf("delegates/print/credentials.html", _context(report))


def credentials_docx(report: CredentialsReport) -> bytes:
    with translation.override("vi"):
        return _credentials_docx(report)


def _credentials_docx(report: CredentialsReport) -> bytes:
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
