"""Printed outputs of an election: the ballots (R-025, R-030 to R-032) and the counting minutes
(biên bản kiểm phiếu, R-044), in the Party's format (spec §4)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import segno

from daihoi import clock
from daihoi.congress.models import Congress, CongressKind
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
    kind = "ĐẠI HỘI ĐẠI BIỂU" if congress.kind == CongressKind.DELEGATES else "ĐẠI HỘI"
    return PartyHeading(
        superior=congress.organization.name,
        issuer=f"{kind} LẦN THỨ {congress.ordinal_roman}",
        place=getattr(congress, "place", "") or "",
        date=on,
        number_symbol=f"Nhiệm kỳ {congress.term}",
    )


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


def _minutes_context(rnd: Round) -> dict[str, Any]:
    election = rnd.election
    board = list(BoardMember.objects.filter(election=election).select_related("member")
                 .order_by("-is_head", "member__sort_key"))
    rows = selectors.round_list(rnd)
    r = result_view(rnd)
    summoned = rnd.summoned or 0
    present = rnd.present if rnd.present is not None else 0
    who = "đại biểu" if election.congress.kind == CongressKind.DELEGATES else "đảng viên"
    # A long list is printed in three columns, read down each column.
    columns = 1 if len(rows) <= 30 else 3
    per_col = -(-len(rows) // columns) if rows else 0
    cols = [rows[i * per_col:(i + 1) * per_col] for i in range(columns)]
    list_grid = [[col[i] if i < len(col) else None for col in cols] for i in range(per_col)]
    return {
        "list_grid": list_grid, "list_columns": columns, "compact": len(rows) > 60,
        "title": "BIÊN BẢN KIỂM PHIẾU",
        "subtitle": f"{election.title} nhiệm kỳ {election.congress.term}"
                    + (f" (lần bỏ phiếu thứ {rnd.sequence})" if rnd.sequence > 1 else ""),
        "heading": heading(election.congress, _day(rnd)),
        "round": rnd, "election": election, "congress": election.congress,
        "board": board, "rows": rows, "r": r, "who": who, "summoned": summoned,
        "present": present, "absent": max(0, summoned - present),
        "basis": [
            "Căn cứ Điều lệ Đảng Cộng sản Việt Nam;",
            "Căn cứ Quy chế bầu cử trong Đảng ban hành kèm theo Quyết định số 190-QĐ/TW "
            "của Ban Chấp hành Trung ương;",
            f"Căn cứ Quy chế làm việc của {election.congress.title};",
        ] + ([f"Căn cứ {election.seats_decision.rstrip('.')};"] if election.seats_decision
             else []),
        "opening_decision": rnd.opening_decision,
    }


def minutes_pdf(rnd: Round) -> bytes:
    return render_pdf("elections/print/minutes.html", _minutes_context(rnd))


def minutes_docx(rnd: Round) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    ctx = _minutes_context(rnd)
    r: ResultView = ctx["r"]
    d = r.data
    doc = new_docx(ctx["heading"], title=ctx["title"], subtitle=ctx["subtitle"])

    def para(text: str, *, bold: bool = False, italic: bool = False) -> None:
        p = doc.add_paragraph()
        run = p.add_run(text)
        run.bold, run.italic = bold, italic

    def table(header: list[str], body: list[list[Any]]) -> None:
        t = doc.add_table(rows=1, cols=len(header))
        t.style = "Table Grid"
        for cell, text in zip(t.rows[0].cells, header, strict=True):
            cell.text = text
            for run in cell.paragraphs[0].runs:
                run.bold = True
        for line in body:
            cells = t.add_row().cells
            for cell, text in zip(cells, line, strict=True):
                cell.text = str(text)

    for line in ctx["basis"]:
        para(line, italic=True)
    para(f"Số lượng cần bầu (đại hội biểu quyết): {d['seats']}"
         + (f"; dự khuyết: {d['alternates_requested']}" if d.get("alternates_requested") else ""))
    if ctx["opening_decision"]:
        para(f"Quyết định của đại hội: {ctx['opening_decision']}")
    para("I. DANH SÁCH BẦU CỬ (xếp theo vần A, B, C)", bold=True)
    table(["STT", "Họ và tên", "Ghi chú"], [[row.position + 1, row.label, ""]
                                          for row in ctx["rows"]])
    para("II. BAN KIỂM PHIẾU", bold=True)
    for b in ctx["board"]:
        para(f"– Đồng chí {b.member.full_name}: {'Trưởng ban' if b.is_head else 'Ủy viên'}")
    para("III. KẾT QUẢ KIỂM PHIẾU", bold=True)
    para(f"– Tổng số {ctx['who']} chính thức được triệu tập: {ctx['summoned']}")
    para(f"– Số {ctx['who']} có mặt khi bỏ phiếu: {ctx['present']}; vắng mặt: {ctx['absent']}")
    for label, v in r.deductions:
        para(f"   Trừ: {label}: {v}")
    para(f"– Cơ sở tính tỷ lệ (R-051/R-052): {d['base']['base']}; số phiếu tối thiểu để trúng "
         f"cử: {d['threshold']}")
    para(f"– Số phiếu phát ra: {d['ballots_issued']}; thu vào: {d['ballots_collected']}")
    para(f"– Số phiếu hợp lệ: {d['valid']}; không hợp lệ: {d['invalid']}")
    for label, v in r.invalid:
        para(f"   {label}: {v}")
    para("Số phiếu bầu cho từng người (theo thứ tự trên phiếu bầu), tỷ lệ % so với cơ sở tính:")
    table(["STT", "Họ và tên", "Số phiếu", "Tỷ lệ %", "Kết quả"],
          [[c["position"] + 1, c["name"], c["votes"], c["share_percent"], c["status_label"]]
           for c in r.lines])
    para("IV. NGƯỜI TRÚNG CỬ (xếp theo số phiếu từ cao đến thấp)", bold=True)
    table(["STT", "Họ và tên", "Số phiếu", "Tỷ lệ %"],
          [[i + 1, c["name"], c["votes"], c["share_percent"]] for i, c in enumerate(r.elected)])
    if r.alternates:
        para("Trúng cử đại biểu dự khuyết:", bold=True)
        table(["STT", "Họ và tên", "Số phiếu", "Tỷ lệ %"],
              [[i + 1, c["name"], c["votes"], c["share_percent"]]
               for i, c in enumerate(r.alternates)])
    if r.next_label:
        para(f"Đề nghị: {r.next_label}", italic=True)
    para(f"Tệp phiếu (thứ tự ngẫu nhiên) SHA-256 JSON: {ctx['round'].export_sha256}")
    para(f"SHA-256 CSV: {ctx['round'].export_csv_sha256}")
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = p.add_run("T/M BAN KIỂM PHIẾU\nTRƯỞNG BAN")
    run.bold = True
    head = next((b for b in ctx["board"] if b.is_head), None)
    p = doc.add_paragraph("\n\n\n" + (head.member.full_name if head else ""))
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return docx_bytes(doc)
