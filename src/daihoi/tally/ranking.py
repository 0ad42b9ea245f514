"""Who is elected: overflow by votes (R-060), ties at a cut-off (R-061), too few above the
threshold (R-062, R-063), alternates on the common list (R-070, R-072), and what comes next
(R-007, R-035, R-061, R-062, R-063).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import groupby

from daihoi.tally.model import CongressKind, ElectionKind
from daihoi.tally.policies import NextRoundListPolicy, Policies, ShortfallPolicy

#: R-007: a cell secretary is voted at most three times.
CELL_SECRETARY_MAX_ROUNDS = 3


class ShortReason(StrEnum):
    """Why places are left unfilled."""

    TIE_AT_CUTOFF = "tie_at_cutoff"
    TOO_FEW_ABOVE_THRESHOLD = "too_few_above_threshold"
    SEPARATE_ALTERNATE_ROUND = "separate_alternate_round"  # R-070 alternative mode


@dataclass(frozen=True, slots=True)
class Tie:
    """Candidates with equal votes across a cut-off (R-061).

    The group competes for ``official_places`` official seats and ``alternate_places``
    alternate places; none of it is decided by the count.
    """

    candidates: tuple[int, ...]
    votes: int
    official_places: int
    alternate_places: int


@dataclass(frozen=True, slots=True)
class Ranking:
    """The outcome of ranking the votes against the threshold and the places."""

    qualified: tuple[int, ...]
    elected: tuple[int, ...]
    alternates: tuple[int, ...]
    alternate_ranks: tuple[int, ...]
    ties: tuple[Tie, ...]
    seats_remaining: int
    seats_remaining_reason: ShortReason | None
    alternates_remaining: int
    alternates_remaining_reason: ShortReason | None

    @property
    def tied(self) -> tuple[int, ...]:
        """Every position tied across a cut-off."""
        return tuple(i for tie in self.ties for i in tie.candidates)


def qualifiers(votes: Sequence[int], *, threshold: int) -> tuple[int, ...]:
    """R-055, R-060: positions with at least ``threshold`` votes, highest votes first.

    Equal votes are listed by ballot position only to make the order stable; that order
    decides nothing (R-061).
    """
    return tuple(
        sorted((i for i, v in enumerate(votes) if v >= threshold), key=lambda i: (-votes[i], i))
    )


def rank_candidates(
    votes: Sequence[int], *, threshold: int, seats: int, alternates: int = 0
) -> Ranking:
    """R-060, R-061, R-062, R-063, R-070, R-072: fill the places from the qualifiers.

    Qualifiers fill the official seats by votes, highest first (R-060); on a common list the
    rest fill the alternate places, ranked by votes (R-070, R-072). A group of equal votes that
    does not fit in the places left at a cut-off (official seats, or the end of the alternate
    places) is never split: it is reported as a ``Tie`` and its places stay open for the congress
    (R-061). Places after such a group are still assigned, because the group fills its slots
    whatever the congress decides. Equal votes inside the alternate places share a rank.
    Places left because too few qualified are reported as ``too_few_above_threshold``.
    """
    qualified = qualifiers(votes, threshold=threshold)
    official_end = seats
    places_end = seats + alternates
    elected: list[int] = []
    alt: list[int] = []
    alt_ranks: list[int] = []
    ties: list[Tie] = []
    slot = 0
    for value, members in groupby(qualified, key=lambda i: votes[i]):
        if slot >= places_end:
            break
        group = tuple(members)
        end = slot + len(group)
        if end <= official_end:
            elected.extend(group)
        elif slot >= official_end and end <= places_end:
            alt.extend(group)
            alt_ranks.extend([slot - official_end + 1] * len(group))
        else:
            official_places = max(0, official_end - slot)
            alternate_places = max(0, min(end, places_end) - max(slot, official_end))
            ties.append(Tie(group, value, official_places, alternate_places))
        slot = end
    tie_official = sum(t.official_places for t in ties)
    tie_alternate = sum(t.alternate_places for t in ties)
    seats_remaining = seats - len(elected)
    alternates_remaining = alternates - len(alt)
    return Ranking(
        qualified=qualified,
        elected=tuple(elected),
        alternates=tuple(alt),
        alternate_ranks=tuple(alt_ranks),
        ties=tuple(ties),
        seats_remaining=seats_remaining,
        seats_remaining_reason=_short_reason(seats_remaining, tie_official),
        alternates_remaining=alternates_remaining,
        alternates_remaining_reason=_short_reason(alternates_remaining, tie_alternate),
    )


def _short_reason(remaining: int, held_by_ties: int) -> ShortReason | None:
    if remaining == 0:
        return None
    if held_by_ties > 0:
        return ShortReason.TIE_AT_CUTOFF
    return ShortReason.TOO_FEW_ABOVE_THRESHOLD


class NextAction(StrEnum):
    """What the congress is asked to do after this round."""

    REVOTE = "revote"  # the round is void, vote again
    CONGRESS_DECIDES_TIE = "congress_decides_tie"
    NEXT_ROUND = "next_round"
    SEPARATE_ALTERNATE_ROUND = "separate_alternate_round"  # R-070 alternative mode
    HIGHER_COMMITTEE_APPOINTS = "higher_committee_appoints"
    HIGHER_COMMITTEE_MAY_APPOINT = "higher_committee_may_appoint"  # R-063 (policy: stop)


@dataclass(frozen=True, slots=True)
class NextRoundProposal:
    """The proposal put to the presidium and the congress.

    ``round`` is the number of the round proposed (``None`` when no round is proposed);
    ``candidates`` the proposed list (``None``: the congress adopts the list).
    """

    action: NextAction
    round: int | None
    seats: int
    alternates: int
    candidates: tuple[int, ...] | None
    rules: str


def is_cell_secretary(*, congress: CongressKind, kind: ElectionKind) -> bool:
    """R-007: the secretary elected at a cell (members') congress."""
    return kind is ElectionKind.SECRETARY and congress is CongressKind.MEMBERS


def propose_next_step(
    *,
    congress: CongressKind,
    kind: ElectionKind,
    round_number: int,
    candidates: int,
    seats: int,
    alternates: int,
    ranking: Ranking | None,
    policies: Policies,
) -> NextRoundProposal | None:
    """R-007, R-035, R-061, R-062, R-063: the next step after this round, or ``None``.

    * ``ranking is None`` means the round is void (R-035): vote again, same list.
    * A tie at the official cut-off (R-061): the congress decides; proposed: a round among the
      tied for the places they hold (likely practice, unconfirmed).
    * Too few above the threshold: a cell secretary (R-007) gets round n+1 up to round 3, after
      which the higher committee appoints; delegates (R-062): voting continues, the congress
      decides; other bodies (R-063): ``Policies.shortfall``.
    * Then the same for the alternate places; with ``AlternatesMode.SEPARATE_ALTERNATE_ROUND``,
      a separate ballot for the alternates.
    """
    if ranking is None:
        return NextRoundProposal(
            NextAction.REVOTE, round_number, seats, alternates, tuple(range(candidates)), "R-035"
        )
    taken = set(ranking.elected) | set(ranking.alternates)
    not_elected = tuple(i for i in range(candidates) if i not in taken)
    if policies.next_round_list is NextRoundListPolicy.CONGRESS_ADOPTS_LIST:
        proposed_list: tuple[int, ...] | None = None
    else:
        proposed_list = not_elected
    next_round = round_number + 1
    official_ties = [t for t in ranking.ties if t.official_places > 0]
    if official_ties:
        tie = official_ties[0]
        return NextRoundProposal(
            NextAction.CONGRESS_DECIDES_TIE,
            next_round,
            tie.official_places,
            tie.alternate_places,
            tie.candidates,
            "R-061",
        )
    if ranking.seats_remaining > 0:
        if is_cell_secretary(congress=congress, kind=kind):
            if round_number >= CELL_SECRETARY_MAX_ROUNDS:
                return NextRoundProposal(
                    NextAction.HIGHER_COMMITTEE_APPOINTS,
                    None,
                    ranking.seats_remaining,
                    0,
                    None,
                    "R-007",
                )
            return NextRoundProposal(
                NextAction.NEXT_ROUND,
                next_round,
                ranking.seats_remaining,
                0,
                proposed_list,
                "R-007",
            )
        if kind is ElectionKind.DELEGATES:
            return NextRoundProposal(
                NextAction.NEXT_ROUND,
                next_round,
                ranking.seats_remaining,
                ranking.alternates_remaining,
                proposed_list,
                "R-062",
            )
        if policies.shortfall is ShortfallPolicy.HIGHER_COMMITTEE_MAY_APPOINT:
            return NextRoundProposal(
                NextAction.HIGHER_COMMITTEE_MAY_APPOINT,
                None,
                ranking.seats_remaining,
                0,
                None,
                "R-063",
            )
        return NextRoundProposal(
            NextAction.NEXT_ROUND, next_round, ranking.seats_remaining, 0, proposed_list, "R-063"
        )
    alternate_ties = [t for t in ranking.ties if t.alternate_places > 0]
    if alternate_ties:
        tie = alternate_ties[0]
        return NextRoundProposal(
            NextAction.CONGRESS_DECIDES_TIE,
            next_round,
            0,
            tie.alternate_places,
            tie.candidates,
            "R-061, R-072",
        )
    if ranking.alternates_remaining > 0:
        if ranking.alternates_remaining_reason is ShortReason.SEPARATE_ALTERNATE_ROUND:
            return NextRoundProposal(
                NextAction.SEPARATE_ALTERNATE_ROUND,
                next_round,
                0,
                ranking.alternates_remaining,
                proposed_list,
                "R-070",
            )
        return NextRoundProposal(
            NextAction.NEXT_ROUND,
            next_round,
            0,
            ranking.alternates_remaining,
            proposed_list,
            "R-062, R-070",
        )
    return None
