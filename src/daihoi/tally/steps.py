"""The human-readable steps of a count, in Vietnamese, for the counting minutes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from daihoi.tally.ballots import BallotForm
from daihoi.tally.model import InvalidReason
from daihoi.tally.policies import POLICY_TEXT
from daihoi.tally.ranking import NextAction, ShortReason
from daihoi.tally.texts import (
    BASE_WHO,
    CONGRESS_LABELS,
    DEDUCTION_LABELS,
    ELECTION_LABELS,
    INVALID_LABELS,
)
from daihoi.tally.threshold import base_rule

if TYPE_CHECKING:
    from daihoi.tally.result import TallyResult

SHORT_LABELS: dict[ShortReason, str] = {
    ShortReason.TIE_AT_CUTOFF: "bằng phiếu tại ngưỡng chọn",
    ShortReason.TOO_FEW_ABOVE_THRESHOLD: "không đủ người đạt quá một nửa",
    ShortReason.SEPARATE_ALTERNATE_ROUND: "dự khuyết bầu bằng lần bỏ phiếu riêng",
}


def pct_vi(percent: str) -> str:
    """``"53.66"`` -> ``"53,66%"`` (Vietnamese decimal comma)."""
    return percent.replace(".", ",") + "%"


def label(result: TallyResult, position: int) -> str:
    """A candidate as shown in the minutes: name and ballot number (names may repeat)."""
    return f"{result.candidates[position].name} (STT {position + 1})"


def _names(result: TallyResult, positions: Iterable[int], *, votes: bool = True) -> str:
    parts = [
        f"{label(result, i)}: {result.votes[i]}" if votes else label(result, i) for i in positions
    ]
    return "; ".join(parts) if parts else "không có"


def explain(result: TallyResult) -> tuple[str, ...]:
    """The steps of the count, each naming the rule it applies."""
    steps: list[str] = []
    places = f"{result.seats} chỗ"
    if result.seats == 0:
        places = f"bầu riêng {result.alternates_requested} chỗ đại biểu dự khuyết"
    elif result.alternates_requested:
        places += f" chính thức và {result.alternates_requested} dự khuyết"
    form = (
        "gạch tên người không bầu"
        if result.layout.form is BallotForm.CROSS_OUT
        else "đánh dấu đồng ý / không đồng ý từng người"
    )
    steps.append(
        f"Bầu {ELECTION_LABELS[result.kind]} tại {CONGRESS_LABELS[result.congress].lower()},"
        f" lần bỏ phiếu thứ {result.round}: {places}; danh sách {len(result.candidates)} người;"
        f" phiếu {form}; mỗi phiếu được để lại tối đa {result.layout.max_kept} tên."
    )
    steps.append(
        f"Số phiếu phát ra: {result.ballots_issued}; số phiếu thu vào: {result.ballots_collected}."
    )
    if result.void:
        steps.append(
            "Số phiếu thu vào nhiều hơn số phiếu phát ra: hủy toàn bộ phiếu của lần bỏ phiếu này,"
            " không kiểm, không loại bớt phiếu; tổ chức bầu lại."
        )
    else:
        steps.append("Số phiếu thu vào không vượt số phiếu phát ra.")
        reasons = "; ".join(
            f"{INVALID_LABELS[r]}: {result.invalid_by_reason[r]}"
            for r in InvalidReason
            if r in result.invalid_by_reason
        )
        steps.append(
            f"Phiếu hợp lệ: {result.valid}; phiếu không hợp lệ: {result.invalid}"
            + (f" ({reasons})" if reasons else "")
            + ". Chỉ phiếu hợp lệ được tính."
        )
    base = result.base
    who = BASE_WHO[base.congress]
    rule = base_rule(base.congress)
    minus = "".join(f" − {count} {DEDUCTION_LABELS[key]}" for key, count in base.deductions)
    steps.append(f"Cơ sở tính: {base.summoned} {who}{minus} = {base.base} ({rule}).")
    steps.append(
        f"Số phiếu tối thiểu để trúng cử: quá một nửa của {base.base} ="
        f" ⌊{base.base}/2⌋ + 1 = {result.threshold}; đúng một nửa là không đủ;"
        " không lấy số phiếu hợp lệ hay số phiếu thu vào làm cơ sở."
    )
    if result.void:
        return tuple(steps)
    for line in result.candidates:
        mark = "đạt" if line.votes >= result.threshold else "không đạt"
        steps.append(
            f"{label(result, line.position)}: {line.votes} phiếu,"
            f" {pct_vi(line.share_percent)} so với {base.base} — {mark}."
        )
    steps.append(
        f"Đạt quá một nửa ({len(result.qualified)} người): {_names(result, result.qualified)}."
    )
    if result.seats:
        steps.append(
            f"Trúng cử, xếp theo số phiếu từ cao đến thấp:"
            f" {_names(result, result.elected)}."
        )
    if result.alternates_requested:
        alt = "; ".join(
            f"thứ {rank}: {label(result, i)}: {result.votes[i]}"
            for i, rank in zip(result.alternates, result.alternate_ranks, strict=True)
        )
        shared = len(set(result.alternate_ranks)) < len(result.alternate_ranks)
        steps.append(
            "Đại biểu dự khuyết, xếp theo số phiếu: "
            + (alt or "không có")
            + (" (có người đồng hạng: thứ tự thay thế do đại hội quyết định)" if shared else "")
            + "."
        )
    for tie in result.ties:
        parts = []
        if tie.official_places:
            parts.append(f"{tie.official_places} chỗ chính thức")
        if tie.alternate_places:
            parts.append(f"{tie.alternate_places} chỗ dự khuyết")
        steps.append(
            f"TIE_AT_CUTOFF: {_names(result, tie.candidates, votes=False)} cùng {tie.votes}"
            f" phiếu, tranh {' và '.join(parts)}. Không chọn theo tuổi, vần hay bốc thăm;"
            " để đại hội quyết định."
        )
    decided = set(result.elected) | set(result.alternates) | set(result.tied)
    left_out = [i for i in result.qualified if i not in decided]
    if left_out:
        steps.append(
            "Đạt quá một nửa nhưng không trúng cử vì đã đủ số lượng: "
            f"{_names(result, left_out)}."
        )
    if result.seats_remaining and result.seats_remaining_reason is not None:
        steps.append(
            f"Còn {result.seats_remaining} chỗ chính thức chưa bầu được:"
            f" {SHORT_LABELS[result.seats_remaining_reason]}."
        )
    if result.alternates_remaining and result.alternates_remaining_reason is not None:
        steps.append(
            f"Còn {result.alternates_remaining} chỗ dự khuyết chưa bầu được:"
            f" {SHORT_LABELS[result.alternates_remaining_reason]}."
        )
    steps.append(next_step_text(result))
    policy_values = result.policies.as_dict()
    steps.append(
        "Chính sách áp dụng cho các điểm chưa được xác nhận: "
        + "; ".join(
            POLICY_TEXT[name][1][value]
            for name, value in policy_values.items()
        )
        + "."
    )
    steps.extend(result.warnings)
    return tuple(steps)


def next_step_text(result: TallyResult) -> str:
    """The proposal for the presidium, in one sentence."""
    proposal = result.next_round
    if proposal is None:
        return "Đã bầu đủ số lượng; không cần bầu thêm."
    listed = (
        "danh sách do đại hội biểu quyết"
        if proposal.candidates is None
        else f"danh sách đề xuất: {_names(result, proposal.candidates, votes=False)}"
    )
    if proposal.action is NextAction.REVOTE:
        return f"Đề nghị: bầu lại lần thứ {proposal.round} với cùng danh sách."
    if proposal.action is NextAction.CONGRESS_DECIDES_TIE:
        return (
            "Đề nghị: Đoàn Chủ tịch báo cáo để đại hội quyết định các chỗ còn lại; cách thường"
            f" làm (chưa xác nhận) là bầu lần thứ {proposal.round} giữa những người bằng phiếu"
            f"; {listed}."
        )
    if proposal.action is NextAction.HIGHER_COMMITTEE_APPOINTS:
        return (
            "Đã bầu 3 lần không có người đạt quá một nửa: theo Quy chế bầu cử trong Đảng, cấp ủy"
            " cấp trên chỉ định bí thư chi bộ; không bầu tiếp."
        )
    if proposal.action is NextAction.HIGHER_COMMITTEE_MAY_APPOINT:
        return (
            f"Dừng bầu; {proposal.seats} chỗ còn trống, cấp ủy cấp trên xem xét chỉ định bổ sung."
        )
    if proposal.action is NextAction.SEPARATE_ALTERNATE_ROUND:
        return (
            f"Đề nghị: bầu {proposal.alternates} đại biểu dự khuyết bằng lần bỏ phiếu riêng"
            f" (lần thứ {proposal.round}); {listed}."
        )
    what = []
    if proposal.seats:
        what.append(f"{proposal.seats} chỗ chính thức")
    if proposal.alternates:
        what.append(f"{proposal.alternates} chỗ dự khuyết")
    limit = (
        f" (bí thư chi bộ: tối đa 3 lần, đây là lần {result.round})"
        if proposal.rules == "R-007"
        else "; có bầu tiếp hay không do đại hội quyết định"
    )
    return (
        f"Đề nghị: bầu lần thứ {proposal.round} cho {' và '.join(what)}{limit}; {listed}."
    )
