"""The congress's printed documents (the programme), in the Party's format (spec §4)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings

from daihoi import clock
from daihoi.clock import LOCAL_TZ
from daihoi.congress.models import Congress, CongressKind, ProgrammeItem, Session
from daihoi.congress.register import issue_of
from daihoi.core.printing import (
    UNNUMBERED,
    PartyHeading,
    Signature,
    append_signoff,
    docx_bytes,
    new_docx,
    render_pdf,
)
from daihoi.roster.choices import OrgKind

#: Type/issuer codes of the number and symbol (R-203: unconfirmed, so configurable through the
#: ``DAIHOI_DOCUMENT_CODES`` setting), by :class:`OutgoingKind`.
DEFAULT_CODES = {"report": "BC/ĐU", "programme": "CTr/ĐH", "upper_report": "BC/ĐU",
                 "resolution": "NQ/ĐH", "credentials": "BC/ĐH", "personnel_plan": "ĐA/ĐU",
                 "minutes": "BB/ĐH", "conference_minutes": "BB/ĐU"}


def document_code(kind: str) -> str:
    codes: dict[str, str] = {**DEFAULT_CODES, **getattr(settings, "DAIHOI_DOCUMENT_CODES", {})}
    return codes[kind]


def blank_number(kind: str) -> str:
    """``Số      -BC/ĐU``: the number is written in by the office when the document is issued
    (no-break spaces, kept by every writer)."""
    return UNNUMBERED + document_code(kind)


#: "Đảng bộ huyện X" → "Huyện ủy X": the committee of a territorial Đảng bộ bears the unit's name.
_TERRITORIAL = (("tỉnh", "Tỉnh ủy"), ("thành phố", "Thành ủy"), ("huyện", "Huyện ủy"),
                ("quận", "Quận ủy"), ("thị xã", "Thị ủy"), ("xã", "Đảng ủy xã"),
                ("phường", "Đảng ủy phường"), ("thị trấn", "Đảng ủy thị trấn"))


def committee_name_of(name: str) -> str:
    """The committee that leads an organization: "Đảng bộ Khối Chính quyền huyện" → "Đảng ủy
    Khối Chính quyền huyện", "Đảng bộ huyện Tân Lập" → "Huyện ủy Tân Lập"; a cell (chi bộ)
    is led by itself."""
    lower = name.lower()
    if not lower.startswith("đảng bộ"):
        return name
    rest = name[len("đảng bộ"):].strip()
    for unit, committee in _TERRITORIAL:
        if rest.lower() == unit or rest.lower().startswith(unit + " "):
            return f"{committee} {rest[len(unit):].strip()}".strip()
    return f"Đảng ủy {rest}".strip()


def committee_name(congress: Congress) -> str:
    """The issuing body of the committee's documents."""
    return committee_name_of(congress.organization.name)


def _issued(congress: Congress, kind: str, ref: int) -> tuple[str, dt.date | None, bool]:
    """(number slot, date of issue, draft) of a document as the register holds it."""
    entry = issue_of(congress, kind, ref)
    if entry is None:
        return blank_number(kind), None, True
    return entry.number_symbol, entry.issued_on, False


def document_day(congress: Congress, on: dt.date | None) -> dt.date:
    """The date a document not yet issued prints: its own date (``on``: the round's, the
    vote's) if it has one, else the congress's rule (``Congress.document_date``: today, or the
    congress's opening day once it is past)."""
    if on is not None:
        return on
    return congress.document_date(clock.today())


def committee_heading(congress: Congress, on: dt.date | None = None, kind: str = "report",
                      ref: int = 0) -> PartyHeading:
    """A document of the committee: its superior above it; the number and the date of issue
    from the register, or "DỰ THẢO" and a blank number while it is not issued."""
    parent = congress.organization.parent
    number, issued_on, draft = _issued(congress, kind, ref)
    return PartyHeading(superior=parent.name if parent else "",
                        issuer=committee_name(congress), place=congress.heading_place,
                        date=issued_on or document_day(congress, on), number_symbol=number,
                        draft=draft)


def congress_heading(congress: Congress, on: dt.date | None = None, code: str = "programme",
                     ref: int = 0) -> PartyHeading:
    """R-204: the issuer of a congress document is the congress itself; the number and date
    from the register as :func:`committee_heading`."""
    kind = "ĐẠI HỘI ĐẠI BIỂU" if congress.kind == CongressKind.DELEGATES else "ĐẠI HỘI"
    number, issued_on, draft = _issued(congress, code, ref)
    return PartyHeading(superior=congress.organization.name, issuer=f"{kind} LẦN THỨ "
                        f"{congress.ordinal_roman}", place=congress.heading_place,
                        date=issued_on or document_day(congress, on), number_symbol=number,
                        draft=draft)


# --------------------------------------------------------------------------------------------
# Signatures and recipients: who signs each kind of document, and to whom it goes

#: The archive line of the recipients.
FILED = "Lưu Văn phòng"
FILED_CONGRESS = "Lưu hồ sơ Đại hội"


def superior_standing_committee(congress: Congress) -> str:
    """"Ban Thường vụ Huyện ủy" (the standing committee of the body above), or for a cell
    "Đảng ủy Khối …"."""
    parent = congress.organization.parent
    if parent is None:
        return ""
    committee = committee_name_of(parent.name)
    if congress.organization.kind == OrgKind.CELL:
        return committee
    return f"Ban Thường vụ {committee}"


def recipients(congress: Congress, kind: str) -> tuple[str, ...]:
    """The recipients usual for each kind of document."""
    up = superior_standing_committee(congress)
    report_up = (f"{up} (để b/c)",) if up else ()
    cell = congress.organization.kind == OrgKind.CELL
    below = "Đảng viên trong chi bộ" if cell else "Các chi bộ trực thuộc"
    by_kind: dict[str, tuple[str, ...]] = {
        "resolution": (*report_up, below, FILED),
        "credentials": ("Đoàn Chủ tịch Đại hội", "Các đại biểu dự Đại hội", FILED_CONGRESS),
        "minutes": ("Đoàn Chủ tịch Đại hội", FILED_CONGRESS),
        "conference_minutes": ("Đoàn Chủ tịch Đại hội", FILED_CONGRESS),
        "programme": ("Các đại biểu dự Đại hội", FILED_CONGRESS),
        "personnel_plan": (*report_up, FILED),
        "report": (*report_up, "Tiểu ban Văn kiện Đại hội", FILED),
        "upper_report": (*report_up, FILED),
        "delegate_list": ("Đoàn Chủ tịch Đại hội", FILED_CONGRESS),
        "dossier_index": (*report_up, FILED),
    }
    return by_kind.get(kind, (FILED,))


def presidium_signature(congress: Congress, kind: str, name: str = "") -> Signature:
    """"T/M ĐOÀN CHỦ TỊCH", signed by the presidium's member ``name`` (the presidium is
    recorded on the congress day: ``delegates.printing.presidium_name``), else a blank line."""
    return Signature(("T/M ĐOÀN CHỦ TỊCH",), name, recipients(congress, kind))


def committee_signature(congress: Congress, kind: str, name: str = "") -> Signature:
    """"T/M ĐẢNG ỦY …" / "BÍ THƯ": the committee's secretary, whom the records of the
    committee do not hold, so a blank line for the name unless ``name`` is given."""
    return Signature((f"T/M {signing_body(congress)}", "BÍ THƯ"), name,
                     recipients(congress, kind))


def signing_body(congress: Congress) -> str:
    """The collective body a committee document is signed for, short (the heading names it in
    full): "ĐẢNG ỦY", "HUYỆN ỦY", or "CHI BỘ" for a cell."""
    if congress.organization.kind == OrgKind.CELL:
        return "CHI BỘ"
    name = committee_name(congress)
    end = name.lower().find("ủy")
    return (name[:end + 2] if end >= 0 else name).upper()


def _programme_rows(congress: Congress) -> list[dict[str, Any]]:
    rows = []
    for item in ProgrammeItem.objects.filter(congress=congress).order_by("starts_at", "id"):
        local = item.starts_at.astimezone(LOCAL_TZ)
        rows.append({"session": Session(item.session).label, "day": local.date(),
                     "time": f"{local:%H:%M}", "title": item.title, "presenter": item.presenter})
    return rows


def programme_docx(congress: Congress, on: dt.date | None = None, signer: str = "") -> bytes:
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
    append_signoff(doc, presidium_signature(congress, "programme", signer))
    return docx_bytes(doc)


def programme_pdf(congress: Congress, on: dt.date | None = None, signer: str = "") -> bytes:
    return render_pdf("congress/print/programme.html", {
        "heading": congress_heading(congress, on), "title": "Chương trình làm việc",
        "subtitle": congress.title, "congress": congress, "rows": _programme_rows(congress),
        "signature": presidium_signature(congress, "programme", signer),
    })
