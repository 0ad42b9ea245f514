"""Who issues and signs each printed document of a congress: the issuing body and its superior
in the heading, the number and the date from the register, the signature and the recipients.
Every document's heading goes through :func:`heading` (or :func:`document_heading`, which
picks the body from the document's kind); every writer sets the result
(:class:`daihoi.core.printing.PartyHeading`).

The spec confirms only the congress's own form (R-204: "ĐẢNG BỘ … / ĐẠI HỘI ĐẠI BIỂU LẦN THỨ
…"); the other forms below are a policy taken from practice (docs/resolution.md, "Who issues
each document"). The left column of the heading, by :class:`IssuingBody` (bold: the issuer):

* ``CONGRESS``: the organization ("ĐẢNG BỘ KHỐI …"), then **"ĐẠI HỘI ĐẠI BIỂU LẦN THỨ X"**
  ("ĐẠI HỘI LẦN THỨ X" at a members' congress). Signed "T/M ĐOÀN CHỦ TỊCH".
* ``PRESIDIUM``, ``CREDENTIALS_COMMITTEE``, ``COUNTING_BOARD`` (the congress's working bodies):
  three lines: the organization, the congress line (both regular), then the body in bold
  (**"ĐOÀN CHỦ TỊCH"**, **"BAN THẨM TRA TƯ CÁCH ĐẠI BIỂU"**, **"BAN KIỂM PHIẾU"**). They share
  the congress's series of numbers (R-202): their number and symbol come from the congress's
  register as the congress's own documents do. Signed "T/M ĐOÀN CHỦ TỊCH", "T/M BAN THẨM TRA /
  TƯ CÁCH ĐẠI BIỂU / TRƯỞNG BAN", "T/M BAN KIỂM PHIẾU / TRƯỞNG BAN".
* ``EXECUTIVE_COMMITTEE``: the parent organization ("ĐẢNG BỘ HUYỆN …"), then the committee
  that leads the organization (**"ĐẢNG ỦY KHỐI …"**, **"HUYỆN ỦY …"**; a cell is led by itself:
  **"CHI BỘ …"**; ``roster.naming.committee_name_of``). Signed "T/M ĐẢNG ỦY" (or "HUYỆN ỦY",
  "CHI BỘ") / "BÍ THƯ".
* ``NEW_EXECUTIVE_COMMITTEE`` (the committee the congress elected, at its first conference):
  the organization, then **"BAN CHẤP HÀNH KHÓA X"**, and "Hội nghị lần thứ nhất" under the
  number. Signed "T/M BAN CHẤP HÀNH / BÍ THƯ"; its counting minutes and list of the elected
  are signed by the conference's counting board (:data:`SIGNED_BY`).
* ``SUB_COMMITTEE`` (a sub-committee of the preparation, ``SubCommittee``): the committee
  ("ĐẢNG ỦY KHỐI …"), then the sub-committee's name (**"TIỂU BAN VĂN KIỆN"**). Signed "T/M
  TIỂU BAN / TRƯỞNG TIỂU BAN" with the name of its member recorded as head
  (``SubCommitteeMember.is_head``), else a blank name line.

A cell's congress (a members' congress) follows the same rules with the cell as organization;
as a cell's name says little without its Đảng bộ, its congress line carries the cell's name and
stands under the Đảng bộ: "ĐẢNG BỘ KHỐI … / **ĐẠI HỘI CHI BỘ … LẦN THỨ X**"; its committee's
documents: "ĐẢNG BỘ KHỐI … / **CHI BỘ …**".
"""

from __future__ import annotations

import datetime as dt
import enum

from django.conf import settings

from daihoi import clock
from daihoi.congress.models import (
    Congress,
    CongressKind,
    OutgoingKind,
    SubCommittee,
    SubCommitteeKind,
)
from daihoi.congress.register import issue_of
from daihoi.core.printing import UNNUMBERED, PartyHeading, Signature
from daihoi.roster.choices import OrgKind
from daihoi.roster.naming import committee_name_of, signing_body_of

# --------------------------------------------------------------------------------------------
# Numbers and dates

#: Type/issuer codes of the number and symbol (R-203: unconfirmed, so configurable through the
#: ``DAIHOI_DOCUMENT_CODES`` setting), by :class:`OutgoingKind`; then the lists, which are not
#: in the register (their number is always written in by hand).
DEFAULT_CODES = {"report": "BC/ĐU", "programme": "CTr/ĐH", "upper_report": "BC/ĐU",
                 "resolution": "NQ/ĐH", "credentials": "BC/ĐH", "personnel_plan": "ĐA/ĐU",
                 "minutes": "BB/ĐH", "conference_minutes": "BB/ĐU",
                 "delegate_list": "DS/ĐU", "elected_list": "DS/ĐH",
                 "conference_elected_list": "DS/ĐU", "dossier_index": "DS/ĐU"}


def document_code(kind: str) -> str:
    codes: dict[str, str] = {**DEFAULT_CODES, **getattr(settings, "DAIHOI_DOCUMENT_CODES", {})}
    return codes[kind]


def blank_number(kind: str) -> str:
    """``Số      -BC/ĐU``: the number is written in by the office when the document is issued
    (no-break spaces, kept by every writer)."""
    return UNNUMBERED + document_code(kind)


def _issued(congress: Congress, kind: str, ref: int) -> tuple[str, dt.date | None, bool]:
    """(number slot, date of issue, draft) of a document as the register holds it; a list,
    which the register does not hold, is always a draft with its number slot blank."""
    entry = issue_of(congress, kind, ref) if kind in OutgoingKind.values else None
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


# --------------------------------------------------------------------------------------------
# The issuing bodies


class IssuingBody(enum.StrEnum):
    """The bodies that issue a congress's documents."""

    CONGRESS = "congress"
    PRESIDIUM = "presidium"
    CREDENTIALS_COMMITTEE = "credentials_committee"
    COUNTING_BOARD = "counting_board"
    #: The committee that leads the organization (the outgoing one, which prepares the
    #: congress).
    EXECUTIVE_COMMITTEE = "executive_committee"
    #: The committee the congress elected, for its first conference.
    NEW_EXECUTIVE_COMMITTEE = "new_executive_committee"
    SUB_COMMITTEE = "sub_committee"


#: The congress's working bodies: the issuer's line under the congress's. The credentials
#: committee's name, too long for the column in bold, breaks where it is signed: "BAN THẨM
#: TRA / TƯ CÁCH ĐẠI BIỂU", never "… ĐẠI / BIỂU" (``core.printing.heading.balanced``).
WORKING_BODIES = {
    IssuingBody.PRESIDIUM: "ĐOÀN CHỦ TỊCH",
    IssuingBody.CREDENTIALS_COMMITTEE: "BAN THẨM TRA TƯ CÁCH ĐẠI BIỂU",
    IssuingBody.COUNTING_BOARD: "BAN KIỂM PHIẾU",
}

#: Which body issues each document (by its kind: :class:`OutgoingKind` and the lists).
BODY_OF_KIND: dict[str, IssuingBody] = {
    "programme": IssuingBody.CONGRESS,
    "resolution": IssuingBody.CONGRESS,
    "credentials": IssuingBody.CREDENTIALS_COMMITTEE,
    "minutes": IssuingBody.COUNTING_BOARD,
    "elected_list": IssuingBody.COUNTING_BOARD,  # signed by the board's head, as the minutes
    "conference_minutes": IssuingBody.NEW_EXECUTIVE_COMMITTEE,
    "conference_elected_list": IssuingBody.NEW_EXECUTIVE_COMMITTEE,  # as its minutes
    "personnel_plan": IssuingBody.EXECUTIVE_COMMITTEE,
    "upper_report": IssuingBody.EXECUTIVE_COMMITTEE,
    "delegate_list": IssuingBody.EXECUTIVE_COMMITTEE,
    "dossier_index": IssuingBody.EXECUTIVE_COMMITTEE,
    # the documents sub-committee when the congress has one, else the committee
    "report": IssuingBody.SUB_COMMITTEE,
}

#: The documents signed for another body than the one that issues them: the first
#: conference's counting minutes and list of the elected, signed by its counting board.
SIGNED_BY: dict[str, IssuingBody] = {
    "conference_minutes": IssuingBody.COUNTING_BOARD,
    "conference_elected_list": IssuingBody.COUNTING_BOARD,
}

#: The sub-committee that issues a kind of document, when the congress has it.
SUBCOMMITTEE_OF_KIND = {"report": SubCommitteeKind.DOCUMENTS}


def subcommittee_for(congress: Congress, kind: str) -> SubCommittee | None:
    """The congress's sub-committee that issues documents of ``kind`` (the documents
    sub-committee for a summary report of opinions), or None."""
    sub_kind = SUBCOMMITTEE_OF_KIND.get(kind)
    if sub_kind is None:
        return None
    return SubCommittee.objects.filter(congress=congress, kind=sub_kind).order_by("pk").first()


def issuing_body(congress: Congress, kind: str) -> IssuingBody:
    """The body that issues a document of ``kind`` (:data:`BODY_OF_KIND`); a sub-committee's
    document falls back to the committee when the congress has no such sub-committee."""
    body = BODY_OF_KIND[kind]
    if body == IssuingBody.SUB_COMMITTEE and subcommittee_for(congress, kind) is None:
        return IssuingBody.EXECUTIVE_COMMITTEE
    return body


def committee_name(congress: Congress) -> str:
    """The committee that leads the congress's organization: "Đảng ủy Khối …", "Huyện ủy …",
    a cell's own name."""
    return committee_name_of(congress.organization.name)


def _is_cell(congress: Congress) -> bool:
    return congress.organization.kind == OrgKind.CELL


def _parent_name(congress: Congress) -> str:
    parent = congress.organization.parent
    return parent.name if parent is not None else ""


def organization_line(congress: Congress) -> str:
    """The line above the congress's: its organization; for a cell, the cell's Đảng bộ (the
    congress line names the cell)."""
    return _parent_name(congress) if _is_cell(congress) else congress.organization.name


def congress_line(congress: Congress) -> str:
    """R-204: "ĐẠI HỘI ĐẠI BIỂU LẦN THỨ X" ("ĐẠI HỘI LẦN THỨ X" at a members' congress); a
    cell's: "ĐẠI HỘI CHI BỘ … LẦN THỨ X"."""
    kind = "ĐẠI HỘI ĐẠI BIỂU" if congress.kind == CongressKind.DELEGATES else "ĐẠI HỘI"
    of = f" {congress.organization.name.upper()}" if _is_cell(congress) else ""
    return f"{kind}{of} LẦN THỨ {congress.ordinal_roman}"


def issuer_lines(congress: Congress, body: IssuingBody, kind: str = ""
                 ) -> tuple[str, str, str]:
    """(superior, intermediate, issuer) of ``body`` for ``congress`` (the intermediate line is
    blank but for the congress's working bodies); ``kind``: the document's kind, which names
    the sub-committee of a ``SUB_COMMITTEE`` document."""
    if body == IssuingBody.CONGRESS:
        return organization_line(congress), "", congress_line(congress)
    if body in WORKING_BODIES:
        return organization_line(congress), congress_line(congress), WORKING_BODIES[body]
    if body == IssuingBody.EXECUTIVE_COMMITTEE:
        return _parent_name(congress), "", committee_name(congress)
    if body == IssuingBody.NEW_EXECUTIVE_COMMITTEE:
        return congress.organization.name, "", f"BAN CHẤP HÀNH KHÓA {congress.ordinal_roman}"
    sub = subcommittee_for(congress, kind)
    if sub is None:
        raise ValueError(f"congress {congress.pk} has no sub-committee for {kind!r}")
    return committee_name(congress), "", sub.name


def _under_number(congress: Congress, body: IssuingBody, kind: str) -> str:
    """The counting minutes carry their term under the number; the first conference's, the
    conference."""
    if body == IssuingBody.NEW_EXECUTIVE_COMMITTEE:
        return "Hội nghị lần thứ nhất"
    if kind == "minutes":
        return f"Nhiệm kỳ {congress.term}"
    return ""


def heading(congress: Congress, body: IssuingBody, kind: str, ref: int = 0,
            on: dt.date | None = None) -> PartyHeading:
    """The heading of the document ``kind`` (``ref``: the round, plan or draft it prints)
    issued by ``body``: the issuer's lines (:func:`issuer_lines`); the number and the date of
    issue from the register, or "DỰ THẢO", the number slot with the symbol and the document's
    own date ``on`` (:func:`document_day`) while it is not issued."""
    superior, intermediate, issuer = issuer_lines(congress, body, kind)
    number, issued_on, draft = _issued(congress, kind, ref)
    return PartyHeading(superior=superior, intermediate=intermediate, issuer=issuer,
                        place=congress.heading_place,
                        date=issued_on or document_day(congress, on), number_symbol=number,
                        draft=draft, under_number=_under_number(congress, body, kind))


def document_heading(congress: Congress, kind: str, ref: int = 0,
                     on: dt.date | None = None) -> PartyHeading:
    """:func:`heading` with the body that issues ``kind`` (:func:`issuing_body`)."""
    return heading(congress, issuing_body(congress, kind), kind, ref, on)


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
    if _is_cell(congress):
        return committee
    return f"Ban Thường vụ {committee}"


def recipients(congress: Congress, kind: str,
               body: IssuingBody | None = None) -> tuple[str, ...]:
    """The recipients usual for each kind of document; a sub-committee reports to its
    committee's standing committee."""
    if body == IssuingBody.SUB_COMMITTEE:
        own = committee_name(congress)
        return (f"{own if _is_cell(congress) else f'Ban Thường vụ {own}'} (để b/c)", FILED)
    up = superior_standing_committee(congress)
    report_up = (f"{up} (để b/c)",) if up else ()
    below = "Đảng viên trong chi bộ" if _is_cell(congress) else "Các chi bộ trực thuộc"
    by_kind: dict[str, tuple[str, ...]] = {
        "resolution": (*report_up, below, FILED),
        "credentials": ("Đoàn Chủ tịch Đại hội", "Các đại biểu dự Đại hội", FILED_CONGRESS),
        "minutes": ("Đoàn Chủ tịch Đại hội", FILED_CONGRESS),
        "elected_list": ("Đoàn Chủ tịch Đại hội", FILED_CONGRESS),
        "conference_minutes": ("Đoàn Chủ tịch Đại hội", FILED_CONGRESS),
        "conference_elected_list": ("Đoàn Chủ tịch Đại hội", FILED_CONGRESS),
        "programme": ("Các đại biểu dự Đại hội", FILED_CONGRESS),
        "personnel_plan": (*report_up, FILED),
        "report": (*report_up, "Tiểu ban Văn kiện Đại hội", FILED),
        "upper_report": (*report_up, FILED),
        "delegate_list": ("Đoàn Chủ tịch Đại hội", FILED_CONGRESS),
        "dossier_index": (*report_up, FILED),
    }
    return by_kind.get(kind, (FILED,))


def signing_body(congress: Congress) -> str:
    """The collective body a committee document is signed for: "ĐẢNG ỦY", "HUYỆN ỦY", "CHI
    BỘ" (``roster.naming.signing_body_of``)."""
    return signing_body_of(congress.organization.name, cell=_is_cell(congress))


def subcommittee_head(sub: SubCommittee) -> str:
    """The full name of the sub-committee's member recorded as its head, or blank."""
    for row in sub.memberships.select_related("member").order_by("pk"):
        if row.is_head:
            return str(row.member.full_name)
    return ""


def signature(congress: Congress, body: IssuingBody, kind: str, name: str = "") -> Signature:
    """The sign-off of a document of ``kind`` issued by ``body``: the authority and the title
    in bold, the signer's ``name`` as the records hold it (the presidium's, the credentials
    committee's, the counting board's head: the caller reads them; a sub-committee's head is
    read here), a blank line when none; the recipients usual for the kind."""
    lines: tuple[str, ...]
    if body in (IssuingBody.CONGRESS, IssuingBody.PRESIDIUM):
        lines = ("T/M ĐOÀN CHỦ TỊCH",)
    elif body == IssuingBody.CREDENTIALS_COMMITTEE:
        # the committee's long name on two lines, as it is signed
        lines = ("T/M BAN THẨM TRA", "TƯ CÁCH ĐẠI BIỂU", "TRƯỞNG BAN")
    elif body == IssuingBody.COUNTING_BOARD:
        lines = ("T/M BAN KIỂM PHIẾU", "TRƯỞNG BAN")
    elif body == IssuingBody.EXECUTIVE_COMMITTEE:
        lines = (f"T/M {signing_body(congress)}", "BÍ THƯ")
    elif body == IssuingBody.NEW_EXECUTIVE_COMMITTEE:
        lines = ("T/M BAN CHẤP HÀNH", "BÍ THƯ")
    else:
        lines = ("T/M TIỂU BAN", "TRƯỞNG TIỂU BAN")
        sub = subcommittee_for(congress, kind)
        name = name or (subcommittee_head(sub) if sub is not None else "")
    return Signature(lines, name, recipients(congress, kind, body))


def document_signature(congress: Congress, kind: str, name: str = "") -> Signature:
    """:func:`signature` of the body that signs ``kind``: the one that issues it
    (:func:`issuing_body`), the heading and the sign-off naming the same body, but for the
    first conference's counting documents (:data:`SIGNED_BY`)."""
    body = SIGNED_BY.get(kind) or issuing_body(congress, kind)
    return signature(congress, body, kind, name)
