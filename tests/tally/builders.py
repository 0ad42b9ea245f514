"""Helpers that build ballots with known votes, by construction (not by the engine)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from daihoi.tally import (
    Ballot,
    CongressKind,
    CrossedBallot,
    Deduction,
    Election,
    ElectionKind,
    Mark,
    MarkedBallot,
    Policies,
    ThresholdBase,
)

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "docs" / "examples"


def kept_sets(votes: Sequence[int], ballots: int) -> list[set[int]]:
    """Spread ``votes`` over ``ballots`` ballots cyclically: position j is kept on exactly
    ``votes[j]`` ballots, and the ballots keep as evenly many names as possible."""
    if any(v > ballots for v in votes):
        raise ValueError("a candidate cannot have more votes than ballots")
    kept: list[set[int]] = [set() for _ in range(ballots)]
    start = 0
    for j, v in enumerate(votes):
        for t in range(v):
            kept[(start + t) % ballots].add(j)
        start = (start + v) % ballots if ballots else 0
    return kept


def crossed_ballots(votes: Sequence[int], ballots: int, *, max_kept: int) -> list[CrossedBallot]:
    """Valid cross-out ballots that give exactly ``votes``."""
    n = len(votes)
    result = []
    for keep in kept_sets(votes, ballots):
        if not 1 <= len(keep) <= max_kept:
            raise ValueError(f"cannot build a valid ballot keeping {len(keep)} names")
        result.append(CrossedBallot(crossed=tuple(i for i in range(n) if i not in keep)))
    return result


def marked_ballots(votes: Sequence[int], ballots: int) -> list[MarkedBallot]:
    """Valid agree/disagree ballots that give exactly ``votes``."""
    n = len(votes)
    return [
        MarkedBallot(marks=tuple(Mark.AGREE if i in keep else Mark.DISAGREE for i in range(n)))
        for keep in kept_sets(votes, ballots)
    ]


def letters(n: int) -> tuple[str, ...]:
    """Candidate labels A, B, C, ... as in the spec's examples."""
    return tuple(chr(ord("A") + i) for i in range(n))


def election(
    *,
    congress: CongressKind = CongressKind.DELEGATES,
    kind: ElectionKind = ElectionKind.COMMITTEE,
    seats: int,
    candidates: Sequence[str] | int,
    summoned: int,
    deductions: dict[Deduction, int] | None = None,
    ballots: Sequence[Ballot],
    issued: int | None = None,
    alternates: int = 0,
    round_number: int = 1,
    policies: Policies | None = None,
) -> Election:
    """An ``Election`` with defaults suited to tests."""
    names = letters(candidates) if isinstance(candidates, int) else tuple(candidates)
    return Election(
        congress=congress,
        kind=kind,
        seats=seats,
        candidates=names,
        base=ThresholdBase(summoned=summoned, deductions=dict(deductions or {})),
        ballots_issued=len(ballots) if issued is None else issued,
        ballots=tuple(ballots),
        alternates=alternates,
        round=round_number,
        policies=policies or Policies(),
    )


def ballot_json(ballot: Ballot) -> dict[str, Any]:
    """One ballot as written in the JSON input."""
    if isinstance(ballot, CrossedBallot):
        data: dict[str, Any] = {"crossed": list(ballot.crossed)}
    elif isinstance(ballot, MarkedBallot):
        data = {"marks": [str(m) for m in ballot.marks]}
    else:
        return {"invalid": str(ballot.reason)}
    if ballot.write_in:
        data["write_in"] = True
    return data


def election_json(e: Election, description: str = "") -> dict[str, Any]:
    """The JSON input for ``daihoi tally`` of an ``Election``."""
    data: dict[str, Any] = {}
    if description:
        data["description"] = description
    data.update(
        {
            "congress": str(e.congress),
            "election": str(e.kind),
            "seats": e.seats,
            "alternates": e.alternates,
            "candidates": list(e.candidates),
            "base": {
                "summoned": e.base.summoned,
                "deductions": {str(k): v for k, v in e.base.deductions.items()},
            },
            "ballots_issued": e.ballots_issued,
            "round": e.round,
        }
    )
    defaults = Policies().as_dict()
    changed = {k: v for k, v in e.policies.as_dict().items() if defaults[k] != v}
    if changed:
        data["policies"] = changed
    data["ballots"] = [ballot_json(b) for b in e.ballots]
    return data


def dump_json(data: dict[str, Any]) -> str:
    """Pretty JSON with one ballot per line, so that the example files stay readable."""
    ballots = data.get("ballots", [])
    head = {k: v for k, v in data.items() if k != "ballots"}
    text = json.dumps(head, ensure_ascii=False, indent=2)
    lines = ",\n".join("    " + json.dumps(b, ensure_ascii=False) for b in ballots)
    body = '  "ballots": [\n' + lines + "\n  ]" if ballots else '  "ballots": []'
    return text[:-2] + ",\n" + body + "\n}\n"
