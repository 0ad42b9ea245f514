"""The congress's printed documents (the programme), in the Party's format (spec §4)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings

from daihoi.clock import LOCAL_TZ
from daihoi.congress.models import Congress, CongressKind, ProgrammeItem, Session
from daihoi.core.printing import UNNUMBERED, PartyHeading, docx_bytes, new_docx, render_pdf

#: Type/issuer codes of the number and symbol (R-203: unconfirmed, so configurable through the
#: ``DAIHOI_DOCUMENT_CODES`` setting).
DEFAULT_CODES = {"report": "BC/ĐU", "programme": "CTr/ĐH", "upper_report": "BC/ĐU",
                 "resolution": "NQ/ĐH", "credentials": "BC/ĐH", "personnel_plan": "ĐA/ĐU"}


def document_code(kind: str) -> str:
    codes: dict[str, str] = {**DEFAULT_CODES, **getattr(settings, "DAIHOI_DOCUMENT_CODES", {})}
    return codes[kind]


def blank_number(kind: str) -> str:
    """``Số      -BC/ĐU``: the number is written in by the office when the document is issued
    (no-break spaces, kept by every writer)."""
    return UNNUMBERED + document_code(kind)


def committee_name(congress: Congress) -> str:
    """"Đảng bộ Khối Chính quyền huyện" → "Đảng ủy Khối Chính quyền huyện" (the issuing body)."""
    name = congress.organization.name
    if name.lower().startswith("đảng bộ"):
        return "Đảng ủy" + name[len("đảng bộ"):]
    return name


def committee_heading(congress: Congress, on: dt.date, kind: str = "report") -> PartyHeading:
    parent = congress.organization.parent
    return PartyHeading(superior=parent.name if parent else "",
                        issuer=committee_name(congress), place=congress.heading_place,
                        date=on, number_symbol=blank_number(kind))


def congress_heading(congress: Congress, on: dt.date, code: str = "programme") -> PartyHeading:
    """R-204: the issuer of a congress document is the congress itself."""
    kind = "ĐẠI HỘI ĐẠI BIỂU" if congress.kind == CongressKind.DELEGATES else "ĐẠI HỘI"
    return PartyHeading(superior=congress.organization.name, issuer=f"{kind} LẦN THỨ "
                        f"{congress.ordinal_roman}", place=congress.heading_place, date=on,
                        number_symbol=blank_number(code))


def _programme_rows(congress: Congress) -> list[dict[str, Any]]:
    rows = []
    for item in ProgrammeItem.objects.filter(congress=congress).order_by("starts_at", "id"):
        local = item.starts_at.astimezone(LOCAL_TZ)
        rows.append({"session": Session(item.session).label, "day": local.date(),
                     "time": f"{local:%H:%M}", "title": item.title, "presenter": item.presenter})
    return rows


def programme_docx(congress: Congress, on: dt.date) -> bytes:
    from docx.shared import Pt

    doc = new_docx(congress_heading(congress, on), title="Chương trình làm việc",
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
    doc.add_paragraph()
    p = doc.add_paragraph()
    p.add_run("BAN CHẤP HÀNH ĐẢNG BỘ").bold = True
    return docx_bytes(doc)


def programme_pdf(congress: Congress, on: dt.date) -> bytes:
    return render_pdf("congress/print/programme.html", {
        "heading": congress_heading(congress, on), "title": "Chương trình làm việc",
        "subtitle": congress.title, "congress": congress, "rows": _programme_rows(congress),
    })
