"""Printed outputs of an election: the ballots (R-025, R-030 to R-032) and the counting minutes
(biên bản kiểm phiếu, R-044), in the Party's format (spec §4)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext

from daihoi import clock, tally
from daihoi.audit.selectors import audit_head
from daihoi.ballotread import raster
from daihoi.congress.issuers import (
    IssuingBody,
    document_heading,
    document_signature,
    issuer_lines,
)
from daihoi.congress.selectors import congress_day
from daihoi.core.numbers import vn_number, vn_percent
from daihoi.core.printing import PartyHeading, docx_bytes, new_docx
from daihoi.core.printing.blocks import Block, Grid, Para, Run
from daihoi.core.printing.docx import append_docx
from daihoi.core.printing.pdf import render_pdf as render_longform
from daihoi.delegates.models import TemporaryElsewherePolicy
from daihoi.delegates.selectors import temporary_elsewhere_policy
from daihoi.elections import ballot_pdf, comparison, keying, selectors, slots
from daihoi.elections.models import (
    BoardMember,
    Election,
    ElectionBody,
    EntryDesk,
    Resolution,
    Round,
    RoundCandidate,
)
from daihoi.elections.outcome import election_outcome
from daihoi.elections.result_store import ResultLine, RoundResult, load_result
from daihoi.tally import BallotForm, texts


def deduction_label(key: str) -> str:
    """The engine's label of a deduction from the base, in the active language, as a sentence
    starts it (the minutes' lines); an unknown key as it is."""
    labels = {str(k): v for k, v in texts.DEDUCTION_LABELS.items()}
    return texts.line_start(gettext(labels[key])) if key in labels else key


def next_action_label(action: str) -> str:
    return gettext(texts.NEXT_ACTION_LABELS[tally.NextAction(action)])


def policy_choices(election: Election) -> list[tuple[str, str, list[tuple[str, str]], str]]:
    """For the election page: (name, question, [(value, answer)], chosen value) of each policy
    that can matter for the election."""
    chosen = selectors.policies_of(election).as_dict()
    return [(name, gettext(tally.POLICY_TITLES[name]),
             [(v, texts.line_start(gettext(t))) for v, t in tally.POLICY_TEXT[name][1].items()],
             chosen[name]) for name in selectors.relevant_policies(election)]


def policy_lines(election: Election) -> list[str]:
    """The policies of the unconfirmed rules in effect for ``election``, one sentence each, as
    the round page and the minutes state them."""
    chosen = selectors.policies_of(election).as_dict()
    lines = [gettext(tally.POLICY_TEXT[name][1][chosen[name]])
             for name in selectors.relevant_policies(election)]
    if tally.Deduction.TEMPORARY_ACTIVITY_ELSEWHERE in selectors.allowed_deductions(election):
        value = TemporaryElsewherePolicy(temporary_elsewhere_policy(election.congress))
        lines.append(gettext("đảng viên được giới thiệu sinh hoạt tạm thời nơi khác: %(rule)s")
                     % {"rule": str(value.label).lower()})
    return [line[:1].upper() + line[1:] for line in lines]


def minutes_kind(election: Election) -> str:
    """The kind of the counting minutes of ``election`` (its number series, its issuer): the
    congress's counting board's, or those of the new committee's first conference (R-054)."""
    return "conference_minutes" if election.body == ElectionBody.CONFERENCE else "minutes"


def elected_list_kind(election: Election) -> str:
    """The kind of the list of the elected of ``election``: it follows its minutes."""
    if election.body == ElectionBody.CONFERENCE:
        return "conference_elected_list"
    return "elected_list"


def ballot_issuer(election: Election) -> IssuingBody:
    """The ballot names the congress, or at the first conference the committee it elected."""
    if election.body == ElectionBody.CONFERENCE:
        return IssuingBody.NEW_EXECUTIVE_COMMITTEE
    return IssuingBody.CONGRESS


def _day(rnd: Round) -> dt.date:
    at = rnd.closed_at or rnd.issued_at
    return at.astimezone(clock.LOCAL_TZ).date() if at else congress_day(rnd.election.congress)


# --------------------------------------------------------------------------- ballots


def ballot_text(rnd: Round) -> ballot_pdf.BallotText:
    """What the ballot of ``rnd`` prints: the same for every ballot of the round (R-030a)."""
    election = rnd.election
    congress = election.congress
    rows = selectors.round_list(rnd)
    lay = selectors.layout(rnd, len(rows))
    organization, _, issuer = issuer_lines(congress, ballot_issuer(election))
    return ballot_pdf.BallotText(
        organization=organization, congress=issuer,
        election=f"{election.title}, nhiệm kỳ {congress.term}", round=rnd.sequence,
        code=ballot_pdf.round_code(congress.pk, election.pk, rnd.sequence),
        names=tuple(r.label for r in rows), cross_out=lay.form is BallotForm.CROSS_OUT,
        max_kept=lay.max_kept,
    )


def ballot_plan(rnd: Round) -> ballot_pdf.Plan:
    """How the round's ballot is set (paper, columns, pages)."""
    n = RoundCandidate.objects.filter(round=rnd).count()
    return ballot_pdf.plan(n, cross_out=selectors.layout(rnd, n).form is BallotForm.CROSS_OUT)


def ballots_pdf(rnd: Round, *, copies: int = 1, two_up: bool = False) -> bytes:
    """The round's ballot for the printer to copy (``copies`` = 1), or a sheet of ``copies``
    identical ballots (``two_up``: an A5 ballot two to an A4 sheet): names in ABC order
    (R-025), the stamp area top left (R-030), crossing out (R-031) or agree/disagree columns
    (R-032); nothing unique to one ballot (R-030a)."""
    return ballot_pdf.render(ballot_text(rnd), copies=copies, two_up=two_up)


def ballot_layout_json(rnd: Round) -> str:
    """The layout of the round's ballot (``LAYOUT.json``) for reading scanned ballots
    (``daihoi scan``): registration marks, the code, each name's strike zone, and the blank
    pages the reader compares with. Like the ballot, the same for every ballot of the round."""
    pdf, layout = ballot_pdf.render_with_layout(ballot_text(rnd))
    return raster.blank_pages(pdf, layout).to_json()


# --------------------------------------------------------------------------- minutes


@dataclass
class ResultView:
    """The round's result as the results page and the minutes show it: each line a mapping
    (``position``, ``name``, ``votes``, ``share``, ``status_label``; ``rank`` for an
    alternate) with the engine's labels and Vietnamese numbers."""

    result: RoundResult | None
    lines: list[dict[str, Any]]
    elected: list[dict[str, Any]]
    alternates: list[dict[str, Any]]
    invalid: list[tuple[str, int]]
    deductions: list[tuple[str, int]]
    next_label: str


def _shown(line: ResultLine) -> dict[str, Any]:
    return {"position": line.position, "name": line.name, "votes": line.votes,
            "share": vn_percent(line.share_percent),
            "status_label": gettext(texts.STATUS_LABELS.get(line.status, line.status))}


def result_view(rnd: Round) -> ResultView:
    """The round's result with the engine's own labels and Vietnamese numbers; the
    alternates carry their rank across the election (a further round ranks after earlier
    ones)."""
    result = load_result(rnd)
    if result is None:
        return ResultView(None, [], [], [], [], [], "")
    offset = 0
    alternates = result.alternate_lines()
    if alternates:
        earlier = election_outcome(rnd.election).alternates
        offset = sum(1 for p in earlier if p.round_sequence < rnd.sequence)
    nxt = result.next_round
    return ResultView(
        result,
        [_shown(line) for line in result.lines],
        [_shown(line) for line in result.elected_lines()],
        [dict(_shown(line), rank=offset + rank) for line, rank in alternates],
        [(gettext(texts.INVALID_LABELS[tally.InvalidReason(k)]), v)
         for k, v in result.invalid_by_reason],
        [(deduction_label(k), v) for k, v in result.deductions],
        next_action_label(nxt.action) if nxt else "")


def _at(value: dt.datetime | None) -> str:
    return value.astimezone(clock.LOCAL_TZ).strftime("%H giờ %M, ngày %d/%m/%Y") if value else "—"


def minutes_blocks(rnd: Round) -> list[Block]:
    """The counting minutes' body (R-044), the same in the DOCX and the PDF; a void round
    (R-035) has its own minutes, without a count."""
    election = rnd.election
    board = list(BoardMember.objects.filter(election=election).select_related("member")
                 .order_by("-is_head", "member__sort_key"))
    staff = list(EntryDesk.objects.filter(round=rnd, technical_staff=True, scanned=False)
                 .select_related("user").order_by("team"))
    scan_desks = selectors.scan_desks(rnd)
    rows = selectors.round_list(rnd)
    r = result_view(rnd)
    res = r.result
    summoned = rnd.summoned or 0
    present = rnd.present if rnd.present is not None else 0
    conference = election.body == ElectionBody.CONFERENCE
    who = "ủy viên" if conference else election.congress.voters
    size = 10 if len(rows) > 60 else 12  # a long list in smaller type
    n = vn_number

    def heading_line(text: str) -> Para:
        return Para.of(Run(text, bold=True), before=8, keep=True)

    def item(*runs: Run | str) -> Para:
        return Para.of("– ", *runs, indent=4, after=1)

    def strong(value: object) -> Run:
        return Run(n(value) if isinstance(value, int) else str(value), bold=True)

    rules_of = "Ban Chấp hành khóa mới" if conference else election.congress.title
    basis = [
        "Căn cứ Điều lệ Đảng Cộng sản Việt Nam;",
        *(["Căn cứ kết quả bầu Ban Chấp hành tại đại hội;"] if conference else []),
        "Căn cứ Quy chế bầu cử trong Đảng ban hành kèm theo Quyết định số 190-QĐ/TW "
        "của Ban Chấp hành Trung ương;",
        f"Căn cứ Quy chế làm việc của {rules_of};",
    ] + ([f"Căn cứ {election.seats_decision.rstrip('.')};"] if election.seats_decision else [])
    blocks: list[Block] = [Para.of(Run(line, italic=True), after=1) for line in basis]
    if rnd.seats:
        seats = [Run("Số lượng cần bầu ở lần bỏ phiếu này: "), strong(rnd.seats)]
        if rnd.alternates:
            seats += [Run("; đại biểu dự khuyết: "), strong(rnd.alternates)]
    else:
        seats = [Run("Lần bỏ phiếu này bầu riêng đại biểu dự khuyết: "), strong(rnd.alternates)]
    blocks.append(Para((*seats, Run(".")), before=4))
    if rnd.opening_decision:
        blocks.append(Para.of(f"Quyết định của đại hội: {rnd.opening_decision}"))
    blocks.append(item("Thời gian bỏ phiếu: từ ", _at(rnd.issued_at), " đến ", _at(rnd.closed_at),
                       "; kết thúc kiểm phiếu: ", _at(rnd.reconciled_at), "."))

    # I. The list, read down each column; three columns for a long list.
    blocks.append(heading_line("I. DANH SÁCH BẦU CỬ (xếp theo vần A, B, C)"))
    columns = 1 if len(rows) <= 30 else 3
    per_col = -(-len(rows) // columns) if rows else 0
    cols = [rows[i * per_col:(i + 1) * per_col] for i in range(columns)]
    group = (0.1, 0.6, 0.3) if columns == 1 else (0.06, 0.22, 1 / 3 - 0.28)
    blocks.append(Grid(
        ["STT", "Họ và tên", "Ghi chú"] * columns,
        [[cell for col in cols for cell in (
            (str(col[i].position + 1), col[i].label, "") if i < len(col) else ("", "", ""))]
         for i in range(per_col)],
        size=size, widths=group * columns, align=("center", "left", "left") * columns))

    blocks.append(heading_line("II. BAN KIỂM PHIẾU"))
    blocks.extend(item(f"Đồng chí {b.member.full_name}: "
                       f"{'Trưởng ban' if b.is_head else 'Ủy viên'}") for b in board)
    if staff:
        blocks.append(Para.of("Nhân viên kỹ thuật nhập phiếu (giúp Ban kiểm phiếu, không phải "
                              "thành viên Ban):", before=2))
        blocks.extend(item(f"{_person(desk.user)} (bàn nhập số {desk.team})") for desk in staff)
    for i, scan_desk in enumerate(scan_desks):
        operator = ("nhân viên kỹ thuật " if scan_desk.technical_staff else "đồng chí ")
        again = " quét lại mọi phiếu lần thứ hai;" if i else ""
        blocks.append(Para.of(
            f"Bàn quét phiếu (bàn số {scan_desk.team}):{again} máy đọc phiếu quét đọc từng phiếu "
            f"theo số thứ tự kiểm phiếu, {operator}{_person(scan_desk.user)} vận hành; những chỗ "
            "máy không đọc chắc chắn do Trưởng ban kiểm phiếu kết luận (mục V).", before=2))

    blocks.append(heading_line("III. KẾT QUẢ KIỂM PHIẾU"))
    blocks.append(item("Tổng số ủy viên đã được bầu: " if conference else
                       f"Tổng số {who} chính thức được triệu tập: ", strong(summoned)))
    blocks.append(item(f"Số {who} có mặt khi bỏ phiếu: ", strong(present), "; vắng mặt: ",
                       strong(max(0, summoned - present))))
    check = selectors.round_quorum(rnd)
    if check is not None:
        ratio = f"{check.ratio.numerator}/{check.ratio.denominator}"
        blocks.append(item(f"Túc số ({ratio} số được triệu tập): ", strong(check.needed),
                           "; " + ("đạt" if check.reached else
                                   "không đạt — Đoàn Chủ tịch đã báo cáo đại hội và tiếp tục"
                                   if rnd.quorum_acknowledged else "không đạt") + "."))
    blocks.append(item("Số phiếu phát ra: ", strong(rnd.ballots_issued or 0),
                       "; số phiếu thu vào: ", strong(rnd.ballots_collected or 0)))
    if res is None:
        blocks.append(Para.of(Run(
            "Số phiếu thu vào nhiều hơn số phiếu phát ra: lần bỏ phiếu này bị hủy, không kiểm "
            "phiếu; đại hội bỏ phiếu lại với cùng danh sách.", bold=True), before=4))
    else:
        blocks.extend(item(f"Trừ — {label}: ", strong(v)) for label, v in r.deductions)
        blocks.append(item("Cơ sở tính tỷ lệ: ", strong(res.base),
                           "; số phiếu tối thiểu để trúng cử (quá một nửa): ",
                           strong(res.threshold)))
        invalid = "; ".join(f"{label}: {n(v)}" for label, v in r.invalid)
        blocks.append(item("Số phiếu hợp lệ: ", strong(res.valid),
                           "; số phiếu không hợp lệ: ", strong(res.invalid),
                           f" ({invalid})" if invalid else ""))
        blocks.append(Para.of("Số phiếu bầu cho từng người (theo thứ tự trên phiếu bầu), tỷ lệ "
                              "% so với cơ sở tính:", before=4))
        blocks.append(Grid(
            ["STT", "Họ và tên", "Số phiếu", "Tỷ lệ %", "Kết quả"],
            [[str(c["position"] + 1), c["name"], n(c["votes"]), c["share"],
              c["status_label"]] for c in r.lines],
            size=size, widths=(0.08, 0.37, 0.12, 0.12, 0.31),
            align=("center", "left", "right", "right", "left")))

        def ranked(people: list[dict[str, Any]], ranks: bool = False) -> Grid:
            return Grid(["STT", "Họ và tên", "Số phiếu", "Tỷ lệ %"],
                        [[str(c["rank"] if ranks else i + 1), c["name"], n(c["votes"]),
                          c["share"]] for i, c in enumerate(people)],
                        size=size, widths=(0.1, 0.54, 0.18, 0.18),
                        align=("center", "left", "right", "right"))

        if rnd.seats:
            blocks.append(heading_line("IV. NGƯỜI TRÚNG CỬ (xếp theo số phiếu từ cao đến thấp)"))
            blocks.append(ranked(r.elected) if r.elected else Para.of("Không có ai trúng cử."))
        if r.alternates or not rnd.seats:
            blocks.append(heading_line("TRÚNG CỬ ĐẠI BIỂU DỰ KHUYẾT (theo thứ tự thay thế)"))
            blocks.append(ranked(r.alternates, ranks=True) if r.alternates
                          else Para.of("Không có ai trúng cử."))
        if r.next_label:
            blocks.append(Para.of(Run(f"Đề nghị đại hội: {r.next_label}.", italic=True)))

    rulings = list(Resolution.objects.filter(round=rnd).select_related("decided_by")
                   .order_by("serial"))
    blocks.append(heading_line("V. KẾT LUẬN CỦA BAN KIỂM PHIẾU"))
    scanned = slots.scan_rulings(rnd) if scan_desks else []
    if rulings:
        labels = [row.label for row in rows]
        blocks.extend(item(f"Phiếu số {x.serial}: {x.note} — ghi nhận: "
                           f"{keying.describe(x.content, labels) if x.content else 'không tính'}")
                      for x in rulings)
    elif not scanned:
        blocks.append(item("Không có phiếu phải kết luận.") if comparison.checked_by_audit(rnd)
                      else item("Các bàn nhập phiếu độc lập nhập giống nhau mọi phiếu; không có "
                                "phiếu phải kết luận."))
    if scanned:
        blocks.append(Para.of("Những chỗ máy đọc phiếu quét không đọc chắc chắn, Ban kiểm phiếu "
                              "xem phiếu gốc và kết luận:", before=2))
        blocks.extend(item(line) for line in scanned)
        if not rulings and not comparison.checked_by_audit(rnd):
            blocks.append(item("Các bàn đọc giống nhau mọi phiếu; không có khác biệt phải kết "
                               "luận."))
    if res is not None:
        blocks.extend(comparison.minutes_blocks(rnd))
    blocks.append(heading_line("VI. CÁC QUY ĐỊNH ÁP DỤNG CHO CUỘC BẦU"))
    blocks.extend(item(f"{line}.") for line in policy_lines(election))
    if res is not None:
        blocks.append(Para.of(f"Tệp phiếu bầu (theo số thứ tự kiểm phiếu), SHA-256 JSON: "
                              f"{rnd.export_sha256}", size=9, before=6, after=0))
        blocks.append(Para.of(f"SHA-256 CSV: {rnd.export_csv_sha256}", size=9, after=0))
    blocks.append(Para.of(audit_head().printed, size=9))
    blocks.append(Grid(["STT", "Thành viên Ban kiểm phiếu", "Nhiệm vụ", "Ký tên"],
                       [[str(i + 1), b.member.full_name,
                         "Trưởng ban" if b.is_head else "Ủy viên", ""]
                        for i, b in enumerate(board)],
                       size=size, widths=(0.08, 0.42, 0.2, 0.3),
                       align=("center", "left", "left", "left")))
    head = next((b for b in board if b.is_head), None)
    # the counting board signs its minutes, at the congress and at the first conference
    blocks.append(document_signature(election.congress, minutes_kind(election),
                                     head.member.full_name if head else ""))
    return blocks


def _person(user: Any) -> str:
    member = getattr(user, "member", None)
    if member is not None:
        return str(member.full_name)
    return str(user.get_full_name() or user.username)


def _minutes_titles(rnd: Round) -> tuple[PartyHeading, str, str]:
    election = rnd.election
    subtitle = (f"{election.title} nhiệm kỳ {election.congress.term}"
                + (f" (lần bỏ phiếu thứ {rnd.sequence})" if rnd.sequence > 1 else ""))
    congress = election.congress
    kind = minutes_kind(election)
    return (document_heading(congress, kind, rnd.pk, _day(rnd)), "BIÊN BẢN KIỂM PHIẾU",
            subtitle)


def minutes_pdf(rnd: Round) -> bytes:
    return render_longform(*_minutes_titles(rnd), minutes_blocks(rnd))


def minutes_docx(rnd: Round) -> bytes:
    head, title, subtitle = _minutes_titles(rnd)
    doc = new_docx(head, title=title, subtitle=subtitle)
    append_docx(doc, minutes_blocks(rnd))
    return docx_bytes(doc)
