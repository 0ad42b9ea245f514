"""Presenting a ``TallyResult``: a JSON-ready dict (names as keys) and a Vietnamese text table."""

from __future__ import annotations

from typing import Any

from daihoi.tally.model import InvalidReason
from daihoi.tally.result import TallyResult
from daihoi.tally.steps import SHORT_LABELS, next_step_text, pct_vi
from daihoi.tally.texts import (
    CONGRESS_LABELS,
    DEDUCTION_LABELS,
    ELECTION_LABELS,
    INVALID_LABELS,
    STATUS_LABELS,
)


def result_to_dict(result: TallyResult) -> dict[str, Any]:
    """The result as plain JSON data. Candidates are named, so names must be unique."""
    names = [c.name for c in result.candidates]
    if len(set(names)) != len(names):
        raise ValueError("candidate names must be unique for the name-keyed output")

    def named(positions: tuple[int, ...]) -> list[str]:
        return [names[i] for i in positions]

    proposal = result.next_round
    return {
        "void": result.void,
        "void_reason": None if result.void_reason is None else str(result.void_reason),
        "congress": str(result.congress),
        "election": str(result.kind),
        "round": result.round,
        "seats": result.seats,
        "alternates_requested": result.alternates_requested,
        "ballot_form": str(result.layout.form),
        "max_names_kept": result.layout.max_kept,
        "ballots_issued": result.ballots_issued,
        "ballots_collected": result.ballots_collected,
        "valid": result.valid,
        "invalid": result.invalid,
        "invalid_by_reason": {
            str(r): result.invalid_by_reason[r]
            for r in InvalidReason
            if r in result.invalid_by_reason
        },
        "base": {
            "summoned": result.base.summoned,
            "deductions": {str(k): v for k, v in result.base.deductions},
            "base": result.base.base,
        },
        "threshold": result.threshold,
        "votes": {c.name: c.votes for c in result.candidates},
        "shares": {c.name: c.share_percent for c in result.candidates},
        "candidates": [
            {
                "position": c.position,
                "name": c.name,
                "votes": c.votes,
                "share_percent": c.share_percent,
                "status": str(c.status),
                "alternate_rank": c.alternate_rank,
            }
            for c in result.candidates
        ],
        "qualified": named(result.qualified),
        "elected": named(result.elected),
        "alternates": named(result.alternates),
        "alternate_ranks": list(result.alternate_ranks),
        "tied": named(result.tied),
        "ties": [
            {
                "candidates": named(t.candidates),
                "votes": t.votes,
                "official_places": t.official_places,
                "alternate_places": t.alternate_places,
            }
            for t in result.ties
        ],
        "seats_remaining": result.seats_remaining,
        "seats_remaining_reason": _opt(result.seats_remaining_reason),
        "alternates_remaining": result.alternates_remaining,
        "alternates_remaining_reason": _opt(result.alternates_remaining_reason),
        "next_round": None
        if proposal is None
        else {
            "action": str(proposal.action),
            "round": proposal.round,
            "seats": proposal.seats,
            "alternates": proposal.alternates,
            "candidates": None if proposal.candidates is None else named(proposal.candidates),
            "rules": proposal.rules,
        },
        "policies": result.policies.as_dict(),
        "steps": list(result.steps),
        "warnings": list(result.warnings),
    }


def _opt(value: object | None) -> str | None:
    return None if value is None else str(value)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - len(text))


def render_text(result: TallyResult) -> str:
    """The result as a readable Vietnamese report with a table of candidates."""
    lines = [
        "KẾT QUẢ KIỂM PHIẾU",
        f"Bầu {ELECTION_LABELS[result.kind]} — {CONGRESS_LABELS[result.congress]}"
        f" — lần bỏ phiếu thứ {result.round}",
        f"Số lượng cần bầu: {result.seats}"
        + (f" (và {result.alternates_requested} dự khuyết)" if result.alternates_requested else "")
        + f" | Danh sách: {len(result.candidates)} người",
        f"Phiếu phát ra: {result.ballots_issued} | Thu vào: {result.ballots_collected}"
        f" | Hợp lệ: {result.valid} | Không hợp lệ: {result.invalid}",
    ]
    for reason in InvalidReason:
        if reason in result.invalid_by_reason:
            lines.append(f"  - {INVALID_LABELS[reason]}: {result.invalid_by_reason[reason]}")
    base = result.base
    lines.append(f"Triệu tập: {base.summoned}")
    for key, count in base.deductions:
        lines.append(f"  - trừ {DEDUCTION_LABELS[key]}: {count}")
    lines.append(f"Cơ sở tính: {base.base} | Số phiếu tối thiểu để trúng cử: {result.threshold}")
    if result.void:
        lines.append("VÒNG BẦU BỊ HỦY: số phiếu thu vào nhiều hơn số phát ra.")
        lines.append(next_step_text(result))
        return "\n".join(lines) + "\n"
    width = max([len("Họ và tên")] + [len(c.name) for c in result.candidates])
    lines.append("")
    lines.append(
        f"{_pad('STT', 4)} {_pad('Họ và tên', width)} {_pad('Số phiếu', 9)}"
        f" {_pad('Tỷ lệ', 9)} Kết quả"
    )
    for c in result.candidates:
        status = STATUS_LABELS[str(c.status)]
        if c.alternate_rank is not None:
            status += f" (thứ {c.alternate_rank})"
        lines.append(
            f"{_pad(str(c.position + 1), 4)} {_pad(c.name, width)} {_pad(str(c.votes), 9)}"
            f" {_pad(pct_vi(c.share_percent), 9)} {status}"
        )
    lines.append("")
    names = [c.name for c in result.candidates]
    lines.append(
        f"Trúng cử ({len(result.elected)}): "
        + (", ".join(names[i] for i in result.elected) or "không có")
    )
    if result.alternates_requested:
        lines.append(
            f"Dự khuyết ({len(result.alternates)}): "
            + (", ".join(names[i] for i in result.alternates) or "không có")
        )
    for tie in result.ties:
        lines.append(
            "Bằng phiếu tại ngưỡng (TIE_AT_CUTOFF): "
            + ", ".join(names[i] for i in tie.candidates)
            + f" — {tie.votes} phiếu"
        )
    if result.seats_remaining and result.seats_remaining_reason is not None:
        lines.append(
            f"Còn trống: {result.seats_remaining} chỗ"
            f" ({SHORT_LABELS[result.seats_remaining_reason]})"
        )
    if result.alternates_remaining and result.alternates_remaining_reason is not None:
        lines.append(
            f"Dự khuyết còn trống: {result.alternates_remaining}"
            f" ({SHORT_LABELS[result.alternates_remaining_reason]})"
        )
    lines.append(next_step_text(result))
    lines.append("")
    lines.append("Các bước kiểm phiếu:")
    lines.extend(f"{n:>3}. {step}" for n, step in enumerate(result.steps, start=1))
    return "\n".join(lines) + "\n"
