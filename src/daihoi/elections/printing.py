"""Printed outputs of an election: the ballots (R-025, R-030 to R-032) and the counting minutes
(biên bản kiểm phiếu, R-044), in the Party's format (spec §4)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

import segno

from daihoi import clock
from daihoi.audit.selectors import audit_head
from daihoi.congress.models import Congress
from daihoi.congress.printing import congress_heading
from daihoi.core import longform
from daihoi.core.longform import Block, Grid, Para, Run, Signature
from daihoi.core.printing import PartyHeading, docx_bytes, new_docx, render_pdf
from daihoi.elections import keying, selectors
from daihoi.elections.models import BoardMember, Round
from daihoi.tally import BallotForm

STATUS_LABELS = {
    "elected": "Trúng cử",
    "alternate": "Trúng cử dự khuyết",
    "tied": "Bằng phiếu tại vị trí cuối (đại hội quyết định, R-061)",
    "qualified_not_elected": "Quá bán nhưng đã đủ số lượng (R-060)",
    "not_qualified": "Không đủ số phiếu quá bán",
    "not_counted": "Không kiểm (lần bầu bị hủy)",
}
NEXT_LABELS = {
    "revote": "Bầu lại (R-035)",
    "congress_decides_tie": "Có người bằng phiếu ở vị trí cuối: đại hội quyết định bầu tiếp "
                            "trong số người bằng phiếu (R-061)",
    "next_round": "Chưa đủ số lượng: đại hội quyết định có bầu tiếp hay không (R-062, R-063)",
    "separate_alternate_round": "Bầu dự khuyết bằng một lần bỏ phiếu riêng (R-070)",
    "higher_committee_appoints": "Đã bầu 3 lần: cấp ủy cấp trên chỉ định (R-007)",
    "higher_committee_may_appoint": "Cấp ủy cấp trên xem xét chỉ định bổ sung (R-063)",
}
DEDUCTION_LABELS = {
    "temporary_activity_elsewhere": "Giới thiệu sinh hoạt tạm thời ở đảng bộ khác",
    "exempted_absent": "Miễn công tác và sinh hoạt đảng, vắng mặt",
    "suspended_or_prosecuted": "Bị đình chỉ sinh hoạt, khởi tố, truy tố, tạm giam",
    "absent_whole_congress_approved": "Vắng mặt cả buổi đại hội có lý do được chấp nhận",
    "committee_members_absent_whole_congress": "Cấp ủy viên triệu tập vắng mặt suốt thời gian "
                                               "đại hội",
    "delegates_absent_not_replaced": "Đại biểu chính thức vắng mặt suốt thời gian đại hội, "
                                     "không có dự khuyết thay",
}


def heading(congress: Congress, on: dt.date) -> PartyHeading:
    """R-044, R-204: the congress as issuer, its term under the star."""
    return dataclasses.replace(congress_heading(congress, on),
                               number_symbol=f"Nhiệm kỳ {congress.term}")


def _day(rnd: Round) -> dt.date:
    at = rnd.closed_at or rnd.issued_at
    return at.astimezone(clock.LOCAL_TZ).date() if at else selectors.congress_day(rnd.election)


# --------------------------------------------------------------------------- ballots


def _qr_svg(payload: str) -> str:
    return str(segno.make(payload, error="m").svg_inline(scale=2, border=1))


def ballots_pdf(rnd: Round) -> bytes:
    """One ballot per page, serials 1..printed, each with its QR code; names in ABC order
    (R-025) in columns for long lists; the stamp area top left (R-030); crossing out (R-031)
    or agree/disagree columns (R-032)."""
    rows = selectors.round_list(rnd)
    lay = selectors.layout(rnd, len(rows))
    n = len(rows)
    columns = 1 if n <= 20 else 2 if n <= 60 else 3
    per_col = -(-n // columns)
    cols = [rows[i * per_col:(i + 1) * per_col] for i in range(columns)]
    # One table whose lines hold one name of each column: rows break cleanly across pages.
    grid = [[col[i] if i < len(col) else None for col in cols] for i in range(per_col)]
    congress = rnd.election.congress
    ballots = [
        {"serial": s, "qr": _qr_svg(keying.qr_payload(rnd.pk, s))}
        for s in range(1, (rnd.ballots_printed or 0) + 1)
    ]
    return render_pdf("elections/print/ballots.html", {
        "title": "PHIẾU BẦU CỬ", "round": rnd, "election": rnd.election, "congress": congress,
        "cols": cols, "grid": grid, "columns": columns, "ballots": ballots,
        "cross_out": lay.form is BallotForm.CROSS_OUT,
        "rows": rows, "small": n > 60, "max_kept": lay.max_kept,
    })


# --------------------------------------------------------------------------- minutes


@dataclass
class ResultView:
    data: dict[str, Any]
    lines: list[dict[str, Any]]
    elected: list[dict[str, Any]]
    alternates: list[dict[str, Any]]
    invalid: list[tuple[str, int]]
    deductions: list[tuple[str, int]]
    next_label: str


def result_view(rnd: Round) -> ResultView:
    data = rnd.result or {}
    lines = [dict(c, status_label=STATUS_LABELS.get(c["status"], c["status"]))
             for c in data.get("candidates", [])]
    by_name = {c["name"]: c for c in lines}
    elected = [by_name[n] for n in data.get("elected", [])]
    alternates = [by_name[n] for n in data.get("alternates", [])]
    invalid = [(keying.REASON_LABELS.get(k, k), v)
               for k, v in data.get("invalid_by_reason", {}).items()]
    deductions = [(DEDUCTION_LABELS.get(k, k), v)
                  for k, v in data.get("base", {}).get("deductions", {}).items()]
    nxt = data.get("next_round")
    return ResultView(data, lines, elected, alternates, invalid, deductions,
                      NEXT_LABELS.get(nxt["action"], nxt["action"]) if nxt else "")


def minutes_blocks(rnd: Round) -> list[Block]:
    """The counting minutes' body (R-044), the same in the DOCX and the PDF."""
    election = rnd.election
    board = list(BoardMember.objects.filter(election=election).select_related("member")
                 .order_by("-is_head", "member__sort_key"))
    rows = selectors.round_list(rnd)
    r = result_view(rnd)
    d = r.data
    summoned = rnd.summoned or 0
    present = rnd.present if rnd.present is not None else 0
    who = election.congress.voters
    size = 10 if len(rows) > 60 else 12  # a long list in smaller type

    def heading_line(text: str) -> Para:
        return Para.of(Run(text, bold=True), before=8)

    def item(*runs: Run | str) -> Para:
        return Para.of("– ", *runs, indent=4, after=1)

    def strong(value: object) -> Run:
        return Run(str(value), bold=True)

    basis = [
        "Căn cứ Điều lệ Đảng Cộng sản Việt Nam;",
        "Căn cứ Quy chế bầu cử trong Đảng ban hành kèm theo Quyết định số 190-QĐ/TW "
        "của Ban Chấp hành Trung ương;",
        f"Căn cứ Quy chế làm việc của {election.congress.title};",
    ] + ([f"Căn cứ {election.seats_decision.rstrip('.')};"] if election.seats_decision else [])
    blocks: list[Block] = [Para.of(Run(line, italic=True), after=1) for line in basis]
    seats = [Run("Số lượng cần bầu (đại hội biểu quyết): "), strong(d["seats"])]
    if d.get("alternates_requested"):
        seats += [Run("; dự khuyết: "), strong(d["alternates_requested"])]
    blocks.append(Para((*seats, Run(".")), before=4))
    if rnd.opening_decision:
        blocks.append(Para.of(f"Quyết định của đại hội: {rnd.opening_decision}"))

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

    blocks.append(heading_line("III. KẾT QUẢ KIỂM PHIẾU"))
    blocks.append(item(f"Tổng số {who} chính thức được triệu tập: ", strong(summoned)))
    blocks.append(item(f"Số {who} có mặt khi bỏ phiếu: ", strong(present), "; vắng mặt: ",
                       strong(max(0, summoned - present))))
    blocks.extend(item(f"Trừ — {label}: {v}") for label, v in r.deductions)
    blocks.append(item("Cơ sở tính tỷ lệ: ", strong(d["base"]["base"]),
                       "; số phiếu tối thiểu để trúng cử (quá một nửa): ",
                       strong(d["threshold"])))
    blocks.append(item("Số phiếu phát ra: ", strong(d["ballots_issued"]),
                       "; số phiếu thu vào: ", strong(d["ballots_collected"])))
    invalid = "; ".join(f"{label}: {v}" for label, v in r.invalid)
    blocks.append(item("Số phiếu hợp lệ: ", strong(d["valid"]), "; số phiếu không hợp lệ: ",
                       strong(d["invalid"]), f" ({invalid})" if invalid else ""))
    blocks.append(Para.of("Số phiếu bầu cho từng người (theo thứ tự trên phiếu bầu), tỷ lệ % "
                          "so với cơ sở tính:", before=4))
    blocks.append(Grid(
        ["STT", "Họ và tên", "Số phiếu", "Tỷ lệ %", "Kết quả"],
        [[str(c["position"] + 1), c["name"], str(c["votes"]), str(c["share_percent"]),
          c["status_label"]] for c in r.lines],
        size=size, widths=(0.08, 0.37, 0.12, 0.12, 0.31),
        align=("center", "left", "right", "right", "left")))

    def ranked(people: list[dict[str, Any]]) -> Grid:
        return Grid(["STT", "Họ và tên", "Số phiếu", "Tỷ lệ %"],
                    [[str(i + 1), c["name"], str(c["votes"]), str(c["share_percent"])]
                     for i, c in enumerate(people)],
                    size=size, widths=(0.1, 0.54, 0.18, 0.18),
                    align=("center", "left", "right", "right"))

    blocks.append(heading_line("IV. NGƯỜI TRÚNG CỬ (xếp theo số phiếu từ cao đến thấp)"))
    blocks.append(ranked(r.elected))
    if r.alternates:
        blocks.append(heading_line("Trúng cử đại biểu dự khuyết"))
        blocks.append(ranked(r.alternates))
    if r.next_label:
        blocks.append(Para.of(Run(f"Đề nghị: {r.next_label}", italic=True)))
    blocks.append(Para.of(f"Tệp phiếu bầu (thứ tự ngẫu nhiên), SHA-256 JSON: "
                          f"{rnd.export_sha256}", size=9, before=6, after=0))
    blocks.append(Para.of(f"SHA-256 CSV: {rnd.export_csv_sha256}", size=9, after=0))
    blocks.append(Para.of(audit_head().printed, size=9))
    head = next((b for b in board if b.is_head), None)
    blocks.append(Signature(("T/M BAN KIỂM PHIẾU", "TRƯỞNG BAN"),
                            head.member.full_name if head else ""))
    return blocks


def _minutes_titles(rnd: Round) -> tuple[PartyHeading, str, str]:
    election = rnd.election
    subtitle = (f"{election.title} nhiệm kỳ {election.congress.term}"
                + (f" (lần bỏ phiếu thứ {rnd.sequence})" if rnd.sequence > 1 else ""))
    return heading(election.congress, _day(rnd)), "BIÊN BẢN KIỂM PHIẾU", subtitle


def minutes_pdf(rnd: Round) -> bytes:
    return longform.render_pdf(*_minutes_titles(rnd), minutes_blocks(rnd))


def minutes_docx(rnd: Round) -> bytes:
    head, title, subtitle = _minutes_titles(rnd)
    doc = new_docx(head, title=title, subtitle=subtitle)
    longform.append_docx(doc, minutes_blocks(rnd))
    return docx_bytes(doc)
