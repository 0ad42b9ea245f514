"""A round's result, typed: what the counting engine decided, as the round keeps it.

``Round.result`` holds the engine's own JSON (``tally.result_to_dict``, the format
``daihoi tally --format json`` prints, so a round and the command line describe one count the
same way). It is written by ``store_result`` and read back by ``load_result`` into a
``RoundResult``, here and nowhere else; every reader (the outcome across rounds, the results
page, the minutes, the independent SQL check) uses the dataclass, not the JSON's keys.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from daihoi import tally
from daihoi.elections.models import Round


@dataclass(frozen=True)
class ResultLine:
    """One name's line: votes and share of the base (R-044, R-055)."""

    position: int  # 0-based ballot position
    name: str
    votes: int
    share_percent: str  # the engine's exact decimal, e.g. "66.67"
    status: str  # a ``tally.CandidateStatus`` value
    alternate_rank: int | None


@dataclass(frozen=True)
class NextRoundProposal:
    """What the engine proposes the congress decide after the round (R-061 to R-063)."""

    action: str  # a ``tally.NextAction`` value
    seats: int
    alternates: int
    candidates: tuple[str, ...] | None  # names; None: the congress adopts a list


@dataclass(frozen=True)
class RoundResult:
    void: bool
    ballots_issued: int
    ballots_collected: int
    valid: int
    invalid: int
    invalid_by_reason: tuple[tuple[str, int], ...]  # ``tally.InvalidReason`` values, in order
    summoned: int
    deductions: tuple[tuple[str, int], ...]  # ``tally.Deduction`` values, in order
    base: int
    threshold: int
    lines: tuple[ResultLine, ...]  # in ballot order
    elected: tuple[str, ...]  # names, by votes
    alternates: tuple[str, ...]  # names, in order of replacement
    alternate_ranks: tuple[int, ...]  # each alternate's rank within the round
    next_round: NextRoundProposal | None

    @property
    def votes(self) -> list[int]:
        """Votes by ballot position."""
        return [line.votes for line in self.lines]

    def elected_lines(self) -> list[ResultLine]:
        by_name = {line.name: line for line in self.lines}
        return [by_name[n] for n in self.elected if n in by_name]

    def alternate_lines(self) -> list[tuple[ResultLine, int]]:
        """The alternates elected in this round, with their rank within it."""
        by_name = {line.name: line for line in self.lines}
        elected = set(self.elected)
        return [(by_name[n], int(rank))
                for n, rank in zip(self.alternates, self.alternate_ranks, strict=False)
                if n in by_name and n not in elected]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RoundResult:
        base = data.get("base") or {}
        proposal = data.get("next_round") or None
        return cls(
            void=bool(data.get("void", False)),
            ballots_issued=int(data.get("ballots_issued", 0)),
            ballots_collected=int(data.get("ballots_collected", 0)),
            valid=int(data.get("valid", 0)),
            invalid=int(data.get("invalid", 0)),
            invalid_by_reason=tuple((str(k), int(v))
                                    for k, v in (data.get("invalid_by_reason") or {}).items()),
            summoned=int(base.get("summoned", 0)),
            deductions=tuple((str(k), int(v)) for k, v in (base.get("deductions") or {}).items()),
            base=int(base.get("base", 0)),
            threshold=int(data.get("threshold", 0)),
            lines=tuple(ResultLine(int(c["position"]), str(c["name"]), int(c["votes"]),
                                   str(c["share_percent"]), str(c["status"]),
                                   None if c.get("alternate_rank") is None
                                   else int(c["alternate_rank"]))
                        for c in data.get("candidates", [])),
            elected=tuple(data.get("elected", [])),
            alternates=tuple(data.get("alternates", [])),
            alternate_ranks=tuple(int(r) for r in data.get("alternate_ranks", [])),
            next_round=None if not proposal else NextRoundProposal(
                action=str(proposal["action"]),
                seats=int(proposal.get("seats") or 0),
                alternates=int(proposal.get("alternates") or 0),
                candidates=None if proposal.get("candidates") is None
                else tuple(proposal["candidates"])),
        )


def store_result(rnd: Round, result: tally.TallyResult) -> RoundResult:
    """Keep the engine's result on the round (saved by the caller) and return its reading."""
    rnd.result = tally.result_to_dict(result)
    return RoundResult.from_json(rnd.result)


def load_result(rnd: Round) -> RoundResult | None:
    """The round's result; None before it is counted (and for a void round, never counted)."""
    data: dict[str, Any] | None = rnd.result
    return RoundResult.from_json(data) if data else None
