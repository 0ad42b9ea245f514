"""R-110 [UNCONFIRMED]: the quorum of a congress, a configurable share of those summoned
(default 2/3), checked as a warning and never as a block. Independent of the election
threshold (R-051/R-052), which does not use attendance."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

DEFAULT_QUORUM = Fraction(2, 3)
QUORUM_STATUS = "unconfirmed"


@dataclass(frozen=True, slots=True)
class Quorum:
    summoned: int
    present: int
    needed: int
    ratio: Fraction
    reached: bool


def quorum_needed(summoned: int, ratio: Fraction = DEFAULT_QUORUM) -> int:
    """At least ``ceil(ratio × summoned)`` present: 2/3 of 9 → 6; of 10 → 7; of 120 → 80."""
    if summoned < 0:
        raise ValueError("summoned must not be negative")
    if not 0 < ratio <= 1:
        raise ValueError("the quorum ratio must be in (0, 1]")
    x = ratio * summoned
    return -((-x.numerator) // x.denominator)


def quorum(*, summoned: int, present: int, ratio: Fraction = DEFAULT_QUORUM) -> Quorum:
    needed = quorum_needed(summoned, ratio)
    return Quorum(summoned=summoned, present=present, needed=needed, ratio=ratio,
                  reached=summoned > 0 and present >= needed)
