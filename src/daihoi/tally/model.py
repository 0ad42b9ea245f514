"""Input data of the counting engine: plain frozen dataclasses and enums.

Candidates are identified by their 0-based position in the ballot list; names are display
labels only (two candidates may share a name). Nothing here imports Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from daihoi.tally.policies import Policies


class CongressKind(StrEnum):
    """Kind of congress; decides the threshold base (R-051, R-052, or R-054 for a conference
    of the committee the congress elected)."""

    MEMBERS = "members"  # đại hội đảng viên
    DELEGATES = "delegates"  # đại hội đại biểu
    CONFERENCE = "conference"  # hội nghị Ban Chấp hành


class ElectionKind(StrEnum):
    """What is being elected."""

    COMMITTEE = "committee"  # Ban Chấp hành (cấp ủy)
    STANDING_COMMITTEE = "standing_committee"  # Ban Thường vụ
    SECRETARY = "secretary"  # Bí thư
    DEPUTY_SECRETARY = "deputy_secretary"  # Phó Bí thư
    INSPECTION_COMMITTEE = "inspection_committee"  # Ủy ban Kiểm tra
    INSPECTION_CHAIR = "inspection_chair"  # Chủ nhiệm Ủy ban Kiểm tra
    DELEGATES = "delegates"  # Đại biểu dự đại hội cấp trên
    CELL_COMMITTEE = "cell_committee"  # Chi ủy


class Deduction(StrEnum):
    """Deductions from the number summoned (R-051 for members, R-052 for delegates)."""

    # R-051 (members' congress)
    TEMPORARY_ACTIVITY_ELSEWHERE = "temporary_activity_elsewhere"  # R-051a
    EXEMPTED_ABSENT = "exempted_absent"  # R-051b
    SUSPENDED_OR_PROSECUTED = "suspended_or_prosecuted"  # R-051c
    ABSENT_WHOLE_CONGRESS_APPROVED = "absent_whole_congress_approved"  # R-051d
    # R-052 (delegates' congress)
    COMMITTEE_MEMBERS_ABSENT_WHOLE_CONGRESS = "committee_members_absent_whole_congress"  # R-052a
    DELEGATES_ABSENT_NOT_REPLACED = "delegates_absent_not_replaced"  # R-052b
    # R-054 [UNCONFIRMED] (conference): committee members the conference excludes from the base
    CONFERENCE_EXCLUDED = "conference_excluded"


MEMBER_DEDUCTIONS: frozenset[Deduction] = frozenset(
    {
        Deduction.TEMPORARY_ACTIVITY_ELSEWHERE,
        Deduction.EXEMPTED_ABSENT,
        Deduction.SUSPENDED_OR_PROSECUTED,
        Deduction.ABSENT_WHOLE_CONGRESS_APPROVED,
    }
)
DELEGATE_DEDUCTIONS: frozenset[Deduction] = frozenset(
    {
        Deduction.COMMITTEE_MEMBERS_ABSENT_WHOLE_CONGRESS,
        Deduction.DELEGATES_ABSENT_NOT_REPLACED,
    }
)
#: R-054 [UNCONFIRMED]: a conference's base is the committee members actually elected and
#: sitting (not the number the congress decided), minus the exclusions it decides.
CONFERENCE_DEDUCTIONS: frozenset[Deduction] = frozenset({Deduction.CONFERENCE_EXCLUDED})


class Mark(StrEnum):
    """The voter's mark on one name of a list without surplus (R-032)."""

    AGREE = "agree"  # X in "Đồng ý"
    DISAGREE = "disagree"  # X in "Không đồng ý"
    BOTH = "both"  # X in both boxes
    NONE = "none"  # no X at all


class InvalidReason(StrEnum):
    """Why a ballot is invalid (R-034).

    ``OVER_VOTE``, ``NONE_KEPT`` and ``SINGLE_NAME_NOT_ONE_BOX`` are derived by the engine from
    the ballot's content; ``WRITE_IN`` is derived from the ballot's write-in flag under the
    write-in policy. The others are rulings of the counting board (R-041), entered as such.
    """

    NOT_ISSUED = "not_issued"  # R-034.1 (includes ballots without the stamp, R-030)
    OVER_VOTE = "over_vote"
    NONE_KEPT = "none_kept"
    WRITE_IN = "write_in"  # [UNCONFIRMED] board ruling / write-in policy
    MARKED = "marked"  # [UNCONFIRMED] identifying marks, board ruling
    TORN = "torn"  # [UNCONFIRMED] board ruling
    ILLEGIBLE = "illegible"  # [UNCONFIRMED] board ruling
    OTHER = "other"  # board ruling, free reason
    SINGLE_NAME_NOT_ONE_BOX = "single_name_not_one_box"  # R-033, R-034.4 (default policy)


#: The reasons a counting board may rule directly on a ballot (``RuledInvalidBallot``).
BOARD_REASONS: frozenset[InvalidReason] = frozenset(
    {
        InvalidReason.NOT_ISSUED,
        InvalidReason.WRITE_IN,
        InvalidReason.MARKED,
        InvalidReason.TORN,
        InvalidReason.ILLEGIBLE,
        InvalidReason.OTHER,
    }
)


@dataclass(frozen=True, slots=True)
class CrossedBallot:
    """A ballot of a list with surplus: the positions the voter crossed out (R-031).

    A name not crossed out is a vote for that person. ``write_in`` records that the voter wrote
    a name from outside the list (R-034, handled by ``Policies.write_in``).
    """

    crossed: tuple[int, ...]
    write_in: bool = False


@dataclass(frozen=True, slots=True)
class MarkedBallot:
    """A ballot of a list without surplus: one mark per name, in ballot order (R-032)."""

    marks: tuple[Mark, ...]
    write_in: bool = False


@dataclass(frozen=True, slots=True)
class RuledInvalidBallot:
    """A ballot the counting board ruled invalid, with the reason code (R-034, R-041)."""

    reason: InvalidReason


Ballot = CrossedBallot | MarkedBallot | RuledInvalidBallot


@dataclass(frozen=True, slots=True)
class ThresholdBase:
    """The number summoned and the deductions of R-051 / R-052, each as a count."""

    summoned: int
    deductions: Mapping[Deduction, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Election:
    """One round of one election, with the ballots collected in that round.

    ``candidates`` are display labels in ballot order; the engine uses only their positions.
    ``alternates`` is the number of alternate delegates (delegate elections only, R-071).
    """

    congress: CongressKind
    kind: ElectionKind
    seats: int
    candidates: tuple[str, ...]
    base: ThresholdBase
    ballots_issued: int
    ballots: tuple[Ballot, ...]
    alternates: int = 0
    round: int = 1
    policies: Policies = field(default_factory=Policies)
