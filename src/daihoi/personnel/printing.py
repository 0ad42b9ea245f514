"""The personnel plan printed in the Party's format, DOCX and PDF."""

from __future__ import annotations

from typing import Any

from daihoi.congress.issuers import document_heading, document_signature
from daihoi.congress.models import Congress
from daihoi.core.numbers import vn_percent
from daihoi.core.printing import PartyHeading, append_signoff, docx_bytes, new_docx, render_pdf
from daihoi.personnel.selectors import PlanView


def heading_for(congress: Congress, ref: int = 0) -> PartyHeading:
    """The committee's plan, in its series of numbers (R-202), numbered when issued."""
    return document_heading(congress, "personnel_plan", ref)


def _context(view: PlanView) -> dict[str, Any]:
    plan = view.plan
    return {
        "heading": heading_for(plan.congress, plan.pk), "title": plan.get_kind_display(),
        "subtitle": f"{plan.congress.title} — {plan.name}", "view": view,
        "signature": document_signature(plan.congress, "personnel_plan"),
    }


def plan_pdf(view: PlanView) -> bytes:
    return render_pdf("personnel/print/plan.html", _context(view))


def plan_docx(view: PlanView) -> bytes:
    ctx = _context(view)
    doc = new_docx(ctx["heading"], title=ctx["title"], subtitle=ctx["subtitle"])
    plan, report = view.plan, view.report
    doc.add_paragraph(
        f"Số lượng: {plan.seats}"
        + (f"; dự khuyết: {plan.alternates}" if plan.alternates else "")
        + f"; số người giới thiệu: {report.surplus.candidates} (dư {report.surplus.surplus}, "
          f"tối đa {report.surplus.max_extra}). Quy định: {view.rules.directive}; "
          f"tuổi tính đến tháng {report.reference}.")
    table = doc.add_table(rows=1, cols=7)  # the PDF's columns (personnel/print/plan.html)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("STT", "Họ và tên", "Năm sinh", "Giới tính",
                                                "Dân tộc", "Tái cử / lần đầu", "Đủ điều kiện"),
                          strict=True):
        cell.text = text
    for i, row in enumerate(view.rows, 1):
        m = row.candidate.member
        cells = table.add_row().cells
        cells[0].text = str(i)
        cells[1].text = m.full_name
        cells[2].text = str(m.date_of_birth.year)
        cells[3].text = m.get_gender_display()
        cells[4].text = m.ethnicity
        cells[5].text = "Tái cử" if row.candidate.reelection else "Lần đầu"
        cells[6].text = "Đủ" if row.check.eligible else "Không: " + "; ".join(row.check.reasons)
    if report.targets:
        doc.add_paragraph()
        doc.add_paragraph("Cơ cấu so với chỉ tiêu").runs[0].bold = True
        t = doc.add_table(rows=1, cols=4)
        t.style = "Table Grid"
        for cell, text in zip(t.rows[0].cells, ("Chỉ tiêu", "Yêu cầu", "Thực tế", "Kết quả"),
                              strict=True):
            cell.text = text
        for target in report.targets:
            cells = t.add_row().cells
            cells[0].text = target.label
            cells[1].text = target.required
            cells[2].text = f"{target.actual}/{target.total} ({vn_percent(target.actual_percent)}%)"
            cells[3].text = "Đạt" if target.passed else "Không đạt"
    doc.add_paragraph()
    doc.add_paragraph("Kết luận: " + ("đề án đáp ứng các quy định." if report.passed else
                                      "đề án chưa đáp ứng: " + "; ".join(report.failures)))
    append_signoff(doc, ctx["signature"])
    return docx_bytes(doc)
