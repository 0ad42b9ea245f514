"""The "Danh sách trích ngang đảng viên" of a cell or of a committee, in the Party's format:
the heading, the columns offices use, the signature; as PDF and DOCX (the long-report block
model of :mod:`daihoi.core.printing.blocks`, fast for thousands of members) and as XLSX.

The place of the heading is left as dots to be written in: the roster does not know the
place name (it belongs to the congress record, which builds on the roster, not the reverse).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from daihoi import clock
from daihoi.core.http import DOCX, PDF
from daihoi.core.printing import PartyHeading, docx_bytes, new_docx
from daihoi.core.printing.blocks import Block, Grid, Para, Run
from daihoi.core.printing.docx import append_docx
from daihoi.core.printing.pdf import render_pdf as render_longform
from daihoi.core.printing.signature import Signature
from daihoi.roster.choices import (
    LEFT_STATUSES,
    GeneralEducation,
    OrgKind,
    Qualification,
    TheoryLevel,
)
from daihoi.roster.models import Member, Organization
from daihoi.roster.naming import committee_name_of, signing_body_of

TITLE = "DANH SÁCH TRÍCH NGANG ĐẢNG VIÊN"
HEAD = ("STT", "Họ và tên", "Ngày sinh", "Giới tính, dân tộc", "Quê quán",
        "Trình độ (GDPT / CM / LLCT)", "Ngày vào Đảng, chính thức", "Số thẻ", "Chức vụ")
_WIDTHS = (0.045, 0.16, 0.105, 0.08, 0.14, 0.15, 0.105, 0.095, 0.12)
FORMATS = ("pdf", "docx", "xlsx")
CONTENT_TYPES = {
    "pdf": PDF,
    "docx": DOCX,
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_GDPT: dict[str, str] = {
    GeneralEducation.UPPER_SECONDARY: "12/12", GeneralEducation.LOWER_SECONDARY: "9/12",
    GeneralEducation.PRIMARY: "5/12",
}
_QUAL: dict[str, str] = {
    Qualification.NONE: "", Qualification.ELEMENTARY: "SC", Qualification.INTERMEDIATE: "TC",
    Qualification.COLLEGE: "CĐ", Qualification.UNIVERSITY: "ĐH", Qualification.MASTER: "ThS",
    Qualification.DOCTORATE: "TS",
}
_THEORY: dict[str, str] = {
    TheoryLevel.NONE: "", TheoryLevel.ELEMENTARY: "SC", TheoryLevel.INTERMEDIATE: "TC",
    TheoryLevel.ADVANCED: "CC", TheoryLevel.BACHELOR: "CN",
}


def _date(value: Any) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def heading(org: Organization) -> PartyHeading:
    """Issued by the organization's committee ("Đảng ủy Khối …", a cell itself) under its
    parent organization."""
    parent = org.parent
    return PartyHeading(superior=parent.name if parent is not None else "",
                        issuer=committee_name_of(org.name), place="……………", date=clock.today())


def groups(org: Organization) -> Iterator[tuple[str, list[list[str]]]]:
    """(cell name, rows) of every cell of ``org``'s subtree with members on its roll, members
    in Vietnamese name order; one group for a cell."""
    members = (
        Member.objects.filter(cell__path__startswith=org.path)
        .exclude(status__in=LEFT_STATUSES)
        .select_related("cell")
        .order_by("cell__path", "sort_key", "pk")
    )
    current: str | None = None
    rows: list[list[str]] = []
    for member in members.iterator(chunk_size=2000):
        if member.cell.name != current:
            if current is not None:
                yield current, rows
            current, rows = member.cell.name, []
        trinh_do = " / ".join(p for p in (
            _GDPT.get(member.general_education, ""),
            (_QUAL.get(member.qualification, "") + " " + member.specialty).strip(),
            _THEORY.get(member.political_theory, ""),
        ) if p)
        rows.append([
            str(len(rows) + 1), member.full_name, _date(member.date_of_birth),
            f"{member.get_gender_display()}, {member.ethnicity}", member.home_town, trinh_do,
            f"{_date(member.admitted_on)} {_date(member.full_member_on)}".strip(),
            member.card_number or "", member.position,
        ])
    if current is not None:
        yield current, rows


def _subtitle(org: Organization) -> str:
    return f"{org.name} (đến ngày {clock.today():%d/%m/%Y})"


def _signature(org: Organization) -> Signature:
    body = signing_body_of(org.name, cell=org.kind == OrgKind.CELL)
    return Signature(lines=(f"T/M {body}", "BÍ THƯ"))


def blocks(org: Organization) -> list[Block]:
    out: list[Block] = []
    total = 0
    for cell, rows in groups(org):
        total += len(rows)
        if org.kind != OrgKind.CELL:
            out.append(Para.of(Run(cell, bold=True), before=8))
        out.append(Grid(head=HEAD, rows=rows, size=7.5, widths=_WIDTHS,
                                 align=["center"] + ["left"] * (len(HEAD) - 1)))
    out.append(Para.of(f"Tổng số: {total} đảng viên.", before=6))
    out.append(_signature(org))
    return out


def member_list_pdf(org: Organization) -> bytes:
    return render_longform(heading(org), TITLE, _subtitle(org), blocks(org))


def member_list_docx(org: Organization) -> bytes:
    doc = new_docx(heading(org), title=TITLE, subtitle=_subtitle(org))
    append_docx(doc, blocks(org))
    return docx_bytes(doc)


def member_list_xlsx(org: Organization) -> bytes:
    """The same list as a workbook: a title, the header, the rows (text cells, never formulas)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Trích ngang"
    sheet.append([TITLE])
    sheet.append([_subtitle(org)])
    sheet.append([])
    sheet.append(list(HEAD))
    bold = Font(bold=True)
    for cell in (sheet["A1"], *sheet[4]):
        cell.font = bold
    wrap = Alignment(wrap_text=True, vertical="top")
    for name, rows in groups(org):
        if org.kind != OrgKind.CELL:
            sheet.append([name])
            sheet.cell(row=sheet.max_row, column=1).font = bold
        for values in rows:
            sheet.append(values)
            for cell in sheet[sheet.max_row]:
                cell.alignment = wrap
                if isinstance(cell.value, str) and cell.value.startswith(
                    ("=", "+", "-", "@", "\t", "\r")
                ):
                    cell.data_type = "s"
    for letter, width in zip("ABCDEFGHI", (5, 24, 11, 12, 22, 22, 22, 11, 18), strict=True):
        sheet.column_dimensions[letter].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def member_list(org: Organization, fmt: str) -> bytes:
    if fmt == "pdf":
        return member_list_pdf(org)
    if fmt == "docx":
        return member_list_docx(org)
    if fmt == "xlsx":
        return member_list_xlsx(org)
    raise ValueError(f"unknown format {fmt!r}")
