"""Lists printed for the congress dossier: the delegates summoned (danh sách đại biểu / đảng
viên được triệu tập), the people an election elected (danh sách trúng cử) and the dossier's
index (danh mục hồ sơ), in the long-report block model (:mod:`daihoi.core.printing.blocks`), so that
the DOCX and the PDF carry the same paragraphs.

It reads the delegates and the elections and writes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext

from daihoi import clock
from daihoi.audit.selectors import audit_head
from daihoi.congress.issuers import document_heading, document_signature
from daihoi.congress.models import Congress, CongressKind
from daihoi.congress.selectors import congress_day
from daihoi.core.numbers import vn_number, vn_percent
from daihoi.core.printing import PartyHeading, docx_bytes, new_docx
from daihoi.core.printing.blocks import Block, Grid, Para, Run
from daihoi.core.printing.docx import append_docx
from daihoi.core.printing.pdf import render_pdf as render_longform
from daihoi.delegates.models import Delegate, DelegateSource, DelegateStatus
from daihoi.elections.models import Election
from daihoi.elections.outcome import ElectedPerson, ElectionOutcome
from daihoi.elections.printing import elected_list_kind


def _write(heading: PartyHeading, title: str, subtitle: str, blocks: Sequence[Block],
           fmt: str) -> bytes:
    if fmt == "pdf":
        return render_longform(heading, title, subtitle, blocks)
    doc = new_docx(heading, title=title, subtitle=subtitle)
    append_docx(doc, blocks)
    return docx_bytes(doc)


# --------------------------------------------------------------------------- delegates


def delegate_list_title(congress: Congress) -> str:
    if congress.kind == CongressKind.DELEGATES:
        return "Danh sách đại biểu được triệu tập"
    return "Danh sách đảng viên được triệu tập"


def delegate_list_missing(congress: Congress, listed: bool | None = None) -> list[str]:
    """``listed``: whether the congress has a delegate list, when the caller knows it (the
    dossier asks for all its congresses at once)."""
    if listed is None:
        listed = Delegate.objects.filter(congress=congress).exists()
    if not listed:
        return [gettext("Chưa lập danh sách đại biểu được triệu tập (trang Đại biểu).")
                if congress.kind == CongressKind.DELEGATES else
                gettext("Chưa lập danh sách đảng viên được triệu tập (trang Đại biểu).")]
    return []


def delegate_list_blocks(congress: Congress) -> list[Block]:
    """The officials summoned and the alternates, by badge number; those not summoned after,
    with the reason."""
    rows = list(Delegate.objects.filter(congress=congress).select_related("member", "member__cell")
                .order_by("number"))
    official = [d for d in rows if d.status != DelegateStatus.NOT_SUMMONED
                and d.source != DelegateSource.ALTERNATE]
    alternates = [d for d in rows if d.status != DelegateStatus.NOT_SUMMONED
                  and d.source == DelegateSource.ALTERNATE]
    refused = [d for d in rows if d.status == DelegateStatus.NOT_SUMMONED]
    who = congress.voters
    blocks: list[Block] = [Para.of(
        f"Tổng số {who} chính thức được triệu tập: ", Run(str(len(official)), bold=True),
        ("; đại biểu dự khuyết: " if alternates else ""),
        Run(str(len(alternates)), bold=True) if alternates else "", ".")]

    def grid(people: list[Delegate]) -> Grid:
        return Grid(["STT", "Số thẻ", "Họ và tên", "Năm sinh", "Chi bộ", "Thành phần"],
                    [[str(i), str(d.number), d.member.full_name,
                      str(d.member.date_of_birth.year) if d.member.date_of_birth else "",
                      d.member.cell.name if d.member.cell else "", d.get_source_display()]
                     for i, d in enumerate(people, start=1)],
                    size=10, widths=(0.07, 0.08, 0.25, 0.09, 0.28, 0.23),
                    align=("center", "center", "left", "center", "left", "left"))

    blocks.append(Para.of(Run(f"I. {who.upper()} CHÍNH THỨC", bold=True), before=6))
    blocks.append(grid(official) if official else Para.of("Không có."))
    if alternates:
        blocks.append(Para.of(Run("II. ĐẠI BIỂU DỰ KHUYẾT", bold=True), before=6))
        blocks.append(grid(alternates))
    if refused:
        blocks.append(Para.of(Run("KHÔNG TRIỆU TẬP", bold=True), before=6))
        blocks.extend(Para.of(f"– {d.member.full_name}: {d.status_reason or 'không nêu lý do'}.",
                              indent=4, after=1) for d in refused)
    blocks.append(document_signature(congress, "delegate_list"))
    return blocks


def delegate_list(congress: Congress, fmt: str) -> bytes:
    heading = document_heading(congress, "delegate_list", on=congress_day(congress))
    return _write(heading, delegate_list_title(congress), congress.title,
                  delegate_list_blocks(congress), fmt)


# --------------------------------------------------------------------------- the elected


def elected_missing(outcome: ElectionOutcome) -> list[str]:
    if outcome.complete:
        return []
    return [gettext("%(election)s: chưa công bố đủ kết quả "
                    "(%(elected)s/%(seats)s đã trúng cử).") % {
        "election": outcome.election.title, "elected": len(outcome.elected),
        "seats": outcome.election.seats}]


def elected_blocks(outcome: ElectionOutcome) -> list[Block]:
    """The elected by votes (as announced, round by round), then the alternates by rank."""
    election = outcome.election

    def grid(people: Sequence[ElectedPerson], ranks: bool) -> Grid:
        return Grid(["STT", "Họ và tên", "Số phiếu", "Tỷ lệ %", "Lần bỏ phiếu"],
                    [[str(p.rank if ranks and p.rank else i), p.name, vn_number(p.votes),
                      vn_percent(p.share_percent), str(p.round_sequence)]
                     for i, p in enumerate(people, start=1)],
                    size=11, widths=(0.08, 0.46, 0.14, 0.14, 0.18),
                    align=("center", "left", "right", "right", "center"))

    blocks: list[Block] = [Para.of(
        f"{election.title}: số lượng cần bầu ", Run(str(election.seats), bold=True),
        (f", đại biểu dự khuyết {election.alternates}" if election.alternates else ""),
        "; đã trúng cử ", Run(str(len(outcome.elected)), bold=True), ".")]
    blocks.append(Para.of(Run("I. TRÚNG CỬ", bold=True), before=6))
    blocks.append(grid(outcome.elected, False) if outcome.elected
                  else Para.of("Không có ai trúng cử."))
    if outcome.alternates:
        blocks.append(Para.of(Run("II. TRÚNG CỬ ĐẠI BIỂU DỰ KHUYẾT (theo thứ tự thay thế)",
                                  bold=True), before=6))
        blocks.append(grid(outcome.alternates, True))
    if outcome.left_to_higher_committee:
        blocks.append(Para.of(f"Đại hội quyết định dừng bầu; {outcome.left_to_higher_committee} "
                              "chỗ còn thiếu do cấp ủy cấp trên xem xét chỉ định bổ sung."))
    blocks.append(document_signature(election.congress, elected_list_kind(election),
                                     _board_head(election)))
    return blocks


def _board_head(election: Election) -> str:
    from daihoi.elections.models import BoardMember

    head = (BoardMember.objects.filter(election=election, is_head=True)
            .select_related("member").first())
    return head.member.full_name if head else ""


def elected_list(outcome: ElectionOutcome, fmt: str) -> bytes:
    congress = outcome.election.congress
    heading = document_heading(congress, elected_list_kind(outcome.election),
                               on=congress_day(congress))
    return _write(heading, "Danh sách trúng cử",
                  f"{outcome.election.title}, nhiệm kỳ {congress.term}",
                  elected_blocks(outcome), fmt)


# --------------------------------------------------------------------------- the index


@dataclass(frozen=True)
class IndexLine:
    """One line of the index: the document, its files (empty when not ready) and what is
    missing."""

    title: str
    kind: str
    files: tuple[str, ...]
    missing: tuple[str, ...]
    confidential: bool = False


def _files_text(files: Sequence[str]) -> str:
    """``05-bien-ban.pdf, 05-bien-ban.docx`` → ``05-bien-ban (PDF, DOCX)``."""
    if not files:
        return "—"
    stem = files[0].rsplit(".", 1)[0]
    return f"{stem} ({', '.join(f.rsplit('.', 1)[1].upper() for f in files)})"


def index_blocks(congress: Congress, lines: Sequence[IndexLine],
                 others: Sequence[tuple[str, int, int]] = ()) -> list[Block]:
    """The documents of the congress in order, ready or not; ``others``: (folder, ready,
    total) of the cell congresses' folders; then the audit log's head (as the counting minutes
    print it), which lets the higher committee check the log the documents came from."""
    ready = sum(1 for line in lines if line.files)
    blocks: list[Block] = [Para.of(
        f"Hồ sơ gồm {len(lines)} văn bản, trong đó ", Run(str(ready), bold=True),
        " văn bản đã in được; văn bản chưa đủ dữ liệu ghi rõ còn thiếu gì và không có trong hồ "
        "sơ. Văn bản có dấu (MẬT) chỉ lưu tại Văn phòng.")]
    blocks.append(Grid(
        ["STT", "Văn bản", "Loại", "Tệp", "Tình trạng"],
        [[str(i), line.title + (" (MẬT)" if line.confidential else ""), line.kind,
          _files_text(line.files),
          "Đã in" if line.files else "Chưa đủ dữ liệu: " + " ".join(line.missing)]
         for i, line in enumerate(lines, start=1)],
        size=9, widths=(0.06, 0.32, 0.16, 0.2, 0.26),
        align=("center", "left", "left", "left", "left")))
    if others:
        blocks.append(Para.of(Run("HỒ SƠ ĐẠI HỘI CÁC CHI BỘ", bold=True), before=6))
        blocks.append(Grid(["STT", "Thư mục", "Đã in", "Tổng số văn bản"],
                           [[str(i), folder, str(r), str(t)]
                            for i, (folder, r, t) in enumerate(others, start=1)],
                           size=9, widths=(0.08, 0.56, 0.18, 0.18),
                           align=("center", "left", "right", "right")))
    blocks.append(Para.of(audit_head().printed, size=9, before=6))
    blocks.append(document_signature(congress, "dossier_index"))
    return blocks


def index_heading(congress: Congress, on: dt.date | None = None) -> PartyHeading:
    return document_heading(congress, "dossier_index", on=on or clock.today())


def index_document(congress: Congress, lines: Sequence[IndexLine],
                   others: Sequence[tuple[str, int, int]], fmt: str) -> bytes:
    return _write(index_heading(congress), "Danh mục hồ sơ đại hội", congress.title,
                  index_blocks(congress, lines, others), fmt)
