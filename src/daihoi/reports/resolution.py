"""The congress's resolution (Nghị quyết Đại hội), as the congress issues it (R-204): the text of
the finalized draft resolution, what the congress elected (from the announced rounds), and the
show-of-hands vote that adopted it. Until all of that is recorded the document prints as a
draft ("DỰ THẢO") and the page lists what is missing.

It reads the documents, elections and congress-day apps and writes nothing: a report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext

from daihoi import clock
from daihoi.audit.selectors import audit_head
from daihoi.congress.issuers import document_heading, document_signature
from daihoi.congress.models import Congress
from daihoi.core.numbers import vn_percent
from daihoi.core.printing import PartyHeading, docx_bytes, new_docx
from daihoi.core.printing.blocks import Block, Para, Run
from daihoi.core.printing.docx import append_docx
from daihoi.core.printing.pdf import render_pdf
from daihoi.delegates.models import ShowOfHandsVote, VoteSubject
from daihoi.delegates.selectors import official_summoned_counts
from daihoi.documents.models import Document, DocumentKind, DocumentStatus, Section, Version
from daihoi.elections.models import Election, ElectionKind
from daihoi.elections.outcome import ElectionOutcome, election_outcomes
from daihoi.tally import share_percent


@dataclass(frozen=True)
class Elected:
    election: Election
    elected: list[str]
    alternates: list[str]
    announced: bool
    #: Places the congress decided to leave to the higher committee (it stopped voting).
    left_open: int = 0


@dataclass
class ResolutionState:
    congress: Congress
    document: Document | None
    sections: list[Section]
    vote: ShowOfHandsVote | None
    presidium: list[str]
    elections: list[Elected]
    summoned: int
    missing: list[str] = field(default_factory=list)

    @property
    def adopted(self) -> bool:
        return not self.missing


def _elected(outcome: ElectionOutcome) -> Elected:
    """What the election elected across its rounds, read through ``election_outcome``."""
    return Elected(outcome.election, outcome.elected_names, outcome.alternate_names,
                   outcome.complete, outcome.left_to_higher_committee)


def resolution_state(congress: Congress) -> ResolutionState:
    return resolution_states([congress])[congress.pk]


def resolution_states(congresses: Sequence[Congress]) -> dict[int, ResolutionState]:
    """:func:`resolution_state` of each congress (by its id), in a fixed number of queries
    whatever the number of congresses and elections (the dossier reads its cells' at once)."""
    by_pk = {c.pk: c for c in congresses}
    ids = list(by_pk)
    documents: dict[int, Document] = {}
    for d in (Document.objects.filter(congress_id__in=ids, kind=DocumentKind.DRAFT_RESOLUTION)
              .order_by("congress_id", "pk")):
        documents.setdefault(d.congress_id, d)  # the congress's first
    latest: dict[int, Version] = {}
    for v in Version.objects.filter(document__in=documents.values()).order_by("document_id",
                                                                               "-number"):
        latest.setdefault(v.document_id, v)
    sections: dict[int, list[Section]] = {}
    for s in Section.objects.filter(version__in=latest.values()).order_by("version_id",
                                                                           "position"):
        sections.setdefault(s.version_id, []).append(s)
    votes: dict[tuple[int, str], ShowOfHandsVote] = {}
    for vote in (ShowOfHandsVote.objects.filter(
            congress_id__in=ids, subject__in=(VoteSubject.RESOLUTION, VoteSubject.PRESIDIUM))
            .order_by("-recorded_at", "-pk")):
        votes.setdefault((vote.congress_id, vote.subject), vote)  # the latest of each
    elections = list(Election.objects.filter(congress_id__in=ids).order_by("position", "pk"))
    for e in elections:
        e.congress = by_pk[e.congress_id]
    outcomes = election_outcomes(elections)
    summoned = official_summoned_counts(congresses)
    states = {}
    for pk, congress in by_pk.items():
        document = documents.get(pk)
        version = latest.get(document.pk) if document else None
        presidium_vote = votes.get((pk, VoteSubject.PRESIDIUM))
        presidium = [n.strip() for n in (presidium_vote.names if presidium_vote else ""
                                         ).splitlines() if n.strip()]
        states[pk] = _with_missing(ResolutionState(
            congress, document, sections.get(version.pk, []) if version else [],
            votes.get((pk, VoteSubject.RESOLUTION)), presidium,
            [_elected(outcomes[e.pk]) for e in elections if e.congress_id == pk],
            summoned[pk]))
    return states


def _with_missing(state: ResolutionState) -> ResolutionState:
    document = state.document
    if document is None:
        state.missing.append(gettext("Chưa có văn kiện “Dự thảo Nghị quyết Đại hội”."))
    elif document.status != DocumentStatus.FINALIZED:
        state.missing.append(gettext("Văn kiện “%(title)s” chưa được hoàn thiện.")
                             % {"title": document.title})
    if not state.sections:
        state.missing.append(gettext(
            "Dự thảo Nghị quyết chưa có nội dung (chưa nhập phiên bản nào)."))
    for e in state.elections:
        if not e.announced:
            state.missing.append(gettext(
                "%(election)s: chưa công bố đủ kết quả (%(elected)s/%(seats)s).") % {
                "election": e.election.title, "elected": len(e.elected),
                "seats": e.election.seats})
    if state.vote is None:
        state.missing.append(gettext(
            "Chưa ghi biểu quyết thông qua Nghị quyết (trang Biểu quyết giơ tay, nội dung "
            "“Thông qua Nghị quyết Đại hội”)."))
    return state


def _when_where(congress: Congress) -> str:
    def day(at: dt.datetime | None) -> str:
        return at.astimezone(clock.LOCAL_TZ).strftime("%d/%m/%Y") if at else ""

    first = day(congress.preparatory_session_at or congress.opens_at)
    last = day(congress.closes_at or congress.opens_at)
    when = (f"từ ngày {first} đến ngày {last}" if first and last and first != last
            else f"ngày {first or last}" if first or last else "")
    where = f" tại {congress.venue}" if congress.venue else ""
    return f"{when}{where}".strip()


def _elected_item(e: Elected) -> str:
    kind = ElectionKind(e.election.kind)
    names = ", ".join(e.elected)
    if kind == ElectionKind.DELEGATES:
        alt = (f" và {len(e.alternates)} đại biểu dự khuyết ({', '.join(e.alternates)})"
               if e.alternates else "")
        return (f"Đại hội đã bầu Đoàn đại biểu đi dự Đại hội đảng bộ cấp trên gồm "
                f"{len(e.elected)} đại biểu chính thức ({names}){alt}.")
    body = str(kind.label)
    if kind == ElectionKind.COMMITTEE:
        congress = e.election.congress
        body = f"Ban Chấp hành {congress.organization.name} khóa {congress.ordinal_roman}"
    left = (f" Đại hội quyết định dừng bầu; {e.left_open} chỗ còn thiếu do cấp ủy cấp trên xem "
            "xét chỉ định bổ sung." if e.left_open else "")
    return f"Đại hội đã bầu {body} gồm {len(e.elected)} đồng chí: {names}.{left}"


def resolution_blocks(state: ResolutionState) -> list[Block]:
    congress = state.congress
    name = congress.title
    who = congress.voters
    blocks: list[Block] = [Para.of(
        f"{name} họp {_when_where(congress)}, với {state.summoned} {who} chính thức được "
        "triệu tập. Sau khi thảo luận các văn kiện trình Đại hội,", before=4)]
    blocks.append(Para.of(Run("QUYẾT NGHỊ:", bold=True), align="center", before=6, after=6,
                          keep=True))
    for s in state.sections:
        blocks.append(Para.of(Run(s.heading, bold=True), before=4, keep=True))
        blocks.extend(Para.of(line.strip()) for line in s.body.splitlines() if line.strip())
    for e in state.elections:
        if e.elected:
            blocks.append(Para.of(_elected_item(e), before=4))
    blocks.append(Para.of(f"Đại hội giao Ban Chấp hành {congress.organization.name} khóa "
                          f"{congress.ordinal_roman} căn cứ Nghị quyết Đại hội xây dựng chương "
                          "trình hành động, lãnh đạo, chỉ đạo tổ chức thực hiện thắng lợi Nghị "
                          "quyết.", before=4))
    vote = state.vote
    if vote is not None:
        share = vn_percent(share_percent(vote.in_favour, vote.present) if vote.present else 0)
        adopted_on = vote.recorded_at.astimezone(clock.LOCAL_TZ).strftime("%d/%m/%Y")
        blocks.append(Para.of(Run(
            f"Nghị quyết này đã được {name} biểu quyết thông qua ngày {adopted_on}: "
            f"{vote.in_favour}/{vote.present} {who} có mặt tán thành ({share}%), "
            f"{vote.against} không tán thành, {vote.abstain} không biểu quyết.", italic=True),
            before=8, keep=True))
    else:
        blocks.append(Para.of(Run("Nghị quyết chưa được Đại hội biểu quyết thông qua.",
                                  italic=True), before=8, keep=True))
    # the log's note and the sign-off stay with the last lines of the text
    blocks.append(Para.of(audit_head().printed, size=9, before=6))
    blocks.append(document_signature(congress, "resolution",
                                     state.presidium[0] if state.presidium else ""))
    return blocks


def _titles(state: ResolutionState) -> tuple[str, str]:
    return "Nghị quyết", state.congress.title


def _heading_day(state: ResolutionState) -> dt.date | None:
    """The day the congress adopted it; until then the congress's (``document_day``)."""
    if state.vote is not None:
        return state.vote.recorded_at.astimezone(clock.LOCAL_TZ).date()
    return None


def resolution_heading(state: ResolutionState) -> PartyHeading:
    """The congress issues it; "DỰ THẢO" until the office issues it in the register."""
    return document_heading(state.congress, "resolution", on=_heading_day(state))


def resolution_pdf(state: ResolutionState) -> bytes:
    title, subtitle = _titles(state)
    return render_pdf(resolution_heading(state), title, subtitle, resolution_blocks(state))


def resolution_docx(state: ResolutionState) -> bytes:
    title, subtitle = _titles(state)
    doc = new_docx(resolution_heading(state), title=title, subtitle=subtitle)
    append_docx(doc, resolution_blocks(state))
    return docx_bytes(doc)

