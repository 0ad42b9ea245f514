"""Output data of the counting engine: plain dataclasses."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from daihoi.tally.ballots import BallotLayout, BallotOutcome
from daihoi.tally.model import CongressKind, ElectionKind, InvalidReason
from daihoi.tally.policies import Policies
from daihoi.tally.ranking import NextRoundProposal, ShortReason, Tie
from daihoi.tally.threshold import BaseBreakdown


class CandidateStatus(StrEnum):
    """The outcome for one candidate."""

    ELECTED = "elected"
    ALTERNATE = "alternate"
    TIED = "tied"  # tied across a cut-off, left to the congress
    QUALIFIED_NOT_ELECTED = "qualified_not_elected"  # above the threshold, places full
    NOT_QUALIFIED = "not_qualified"
    NOT_COUNTED = "not_counted"  # the round is void


class VoidReason(StrEnum):
    """Why a round is void."""

    COLLECTED_EXCEEDS_ISSUED = "collected_exceeds_issued"


@dataclass(frozen=True, slots=True)
class CandidateResult:
    """One candidate's line in the minutes: votes and share of the base (R-044, R-055)."""

    position: int
    name: str
    votes: int
    share: Fraction
    share_percent: str
    status: CandidateStatus
    alternate_rank: int | None


@dataclass(frozen=True, slots=True)
class TallyResult:
    """The full result of one round. Positions are 0-based ballot positions."""

    congress: CongressKind
    kind: ElectionKind
    round: int
    seats: int
    alternates_requested: int
    layout: BallotLayout
    void: bool
    void_reason: VoidReason | None
    ballots_issued: int
    ballots_collected: int
    valid: int
    invalid: int
    invalid_by_reason: Mapping[InvalidReason, int]
    outcomes: tuple[BallotOutcome, ...]
    base: BaseBreakdown
    threshold: int
    votes: tuple[int, ...]
    candidates: tuple[CandidateResult, ...]
    qualified: tuple[int, ...]
    elected: tuple[int, ...]
    alternates: tuple[int, ...]
    alternate_ranks: tuple[int, ...]
    ties: tuple[Tie, ...]
    tied: tuple[int, ...]
    seats_remaining: int
    seats_remaining_reason: ShortReason | None
    alternates_remaining: int
    alternates_remaining_reason: ShortReason | None
    next_round: NextRoundProposal | None
    policies: Policies
    steps: tuple[str, ...]
    warnings: tuple[str, ...]
