"""The threshold: its base (R-051, R-052), the minimum number of votes (R-053, R-055) and the
share of the base shown in the minutes (R-044). Integer arithmetic only.
"""

from __future__ import annotations

from dataclasses import dataclass

from daihoi.tally.errors import TallyInputError
from daihoi.tally.model import (
    CONFERENCE_DEDUCTIONS,
    DELEGATE_DEDUCTIONS,
    MEMBER_DEDUCTIONS,
    CongressKind,
    Deduction,
    ThresholdBase,
)


@dataclass(frozen=True, slots=True)
class BaseBreakdown:
    """How the base was computed: ``base = summoned - sum(deductions)``."""

    congress: CongressKind
    summoned: int
    deductions: tuple[tuple[Deduction, int], ...]
    base: int


_ALLOWED: dict[CongressKind, frozenset[Deduction]] = {
    CongressKind.MEMBERS: MEMBER_DEDUCTIONS,
    CongressKind.DELEGATES: DELEGATE_DEDUCTIONS,
    CongressKind.CONFERENCE: CONFERENCE_DEDUCTIONS,
}
_RULE_OF: dict[CongressKind, str] = {
    CongressKind.MEMBERS: "R-051",
    CongressKind.DELEGATES: "R-052",
    CongressKind.CONFERENCE: "R-054",
}


def _lower_first(label: str) -> str:
    return label[:1].lower() + label[1:]


def allowed_deductions(congress: CongressKind) -> frozenset[Deduction]:
    """The deductions of R-051 (members' congress), R-052 (delegates' congress) or R-054 (a
    conference of the committee: the members it excludes)."""
    return _ALLOWED[congress]


def base_rule(congress: CongressKind) -> str:
    """The rule that gives the base of ``congress`` (for the explanation of the count)."""
    return _RULE_OF[congress]


def compute_base(
    *, congress: CongressKind, base: ThresholdBase, path: str = "base"
) -> BaseBreakdown:
    """R-051 / R-052: the number summoned minus the deductions of the congress's kind.

    Members' congress (R-051): official members summoned minus (a) temporary activity elsewhere,
    (b) exempted and absent, (c) suspended or prosecuted, (d) absent for the whole congress with
    an approved reason. Delegates' congress (R-052): official delegates summoned minus
    (a) convening-committee members absent for the whole congress, (b) delegates absent for the
    whole congress and not replaced. Raises ``TallyInputError`` on a negative count, a deduction
    of the other congress kind, deductions above the number summoned, or a base <= 0.
    """
    if base.summoned < 0:
        raise TallyInputError(f"{path}.summoned", "không được âm / must not be negative")
    allowed = allowed_deductions(congress)
    total = 0
    for key, count in base.deductions.items():
        if key not in allowed:
            from daihoi.tally.texts import CONGRESS_LABELS  # texts imports the engine

            owner = next(k for k, v in _ALLOWED.items() if key in v)
            raise TallyInputError(
                f"{path}.deductions.{key}",
                f"khoản trừ này chỉ áp dụng cho {_lower_first(CONGRESS_LABELS[owner])}, không cho "
                f"{_lower_first(CONGRESS_LABELS[congress])} / deduction of the other congress kind",
            )
        if count < 0:
            raise TallyInputError(
                f"{path}.deductions.{key}", "không được âm / must not be negative"
            )
        total += count
    if total > base.summoned:
        raise TallyInputError(
            f"{path}.deductions",
            f"tổng khoản trừ {total} lớn hơn số triệu tập {base.summoned}"
            " / deductions exceed the number summoned",
        )
    value = base.summoned - total
    if value <= 0:
        raise TallyInputError(path, "cơ sở tính phải lớn hơn 0 / the base must be positive")
    ordered = tuple((key, base.deductions[key]) for key in Deduction if key in base.deductions)
    return BaseBreakdown(congress=congress, summoned=base.summoned, deductions=ordered, base=value)


def min_votes(base: int) -> int:
    """R-053, R-055: more than half of the base: ``floor(base / 2) + 1``.

    Exactly half is not enough (R-053: base 10 -> 6; base 11 -> 6).
    """
    if base <= 0:
        raise ValueError("base must be positive")
    return base // 2 + 1


def share_percent(votes: int, base: int) -> str:
    """R-044, R-055: ``votes / base`` as a percentage with 2 decimals, rounded half up.

    Integer arithmetic only: ``share_percent(22, 41) == "53.66"``.
    """
    if base <= 0:
        raise ValueError("base must be positive")
    if votes < 0:
        raise ValueError("votes must not be negative")
    hundredths = (votes * 20000 + base) // (2 * base)
    return f"{hundredths // 100}.{hundredths % 100:02d}"
