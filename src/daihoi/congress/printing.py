"""The congress's printed documents (the programme), in the Party's format (spec §4); who
issues and signs them: :mod:`daihoi.congress.issuers`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from daihoi.clock import LOCAL_TZ
from daihoi.congress.issuers import document_heading, document_signature
from daihoi.congress.models import Congress, ProgrammeItem, Session
from daihoi.core.printing import append_signoff, docx_bytes, new_docx, render_pdf


def _programme_rows(congress: Congress) -> list[dict[str, Any]]:
    rows = []
    for item in ProgrammeItem.objects.filter(congress=congress).order_by("starts_at", "id"):
        local = item.starts_at.astimezone(LOCAL_TZ)
        rows.append({"session": Session(item.session).label, "day": local.date(),
                     "time": f"{local:%H:%M}", "title": item.title, "presenter": item.presenter})
    return rows


def programme_docx(congress: Congress, on: dt.date | None = None, signer: str = "") -> bytes:
    from docx.shared import Pt

    doc = new_docx(document_heading(congress, "programme", on=on), title="Chương trình làm việc",
                   subtitle=congress.title)
    if congress.theme:
        p = doc.add_paragraph()
        p.add_run("Chủ đề: ").bold = True
        p.add_run(congress.theme).italic = True
    if congress.venue:
        doc.add_paragraph(f"Địa điểm: {congress.venue}")
    rows = _programme_rows(congress)
    current = None
    table = None
    for r in rows:
        if r["session"] != current:
            current = r["session"]
            p = doc.add_paragraph()
            run = p.add_run(f"{current.upper()} (ngày {r['day']:%d/%m/%Y})")  # as the PDF
            run.bold = True
            table = doc.add_table(rows=1, cols=3)
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, ("Thời gian", "Nội dung",
                                                        "Trình bày / điều hành"), strict=True):
                cell.paragraphs[0].add_run(text).bold = True
        assert table is not None
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = r["time"], r["title"], r["presenter"]
        for c in cells:
            for para in c.paragraphs:
                for run in para.runs:
                    run.font.size = Pt(12)
    append_signoff(doc, document_signature(congress, "programme", signer))
    return docx_bytes(doc)


def programme_pdf(congress: Congress, on: dt.date | None = None, signer: str = "") -> bytes:
    return render_pdf("congress/print/programme.html", {
        "heading": document_heading(congress, "programme", on=on), "title": "Chương trình làm việc",
        "subtitle": congress.title, "congress": congress, "rows": _programme_rows(congress),
        "signature": document_signature(congress, "programme", signer),
    })
