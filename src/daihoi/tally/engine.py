"""The full tally of one round: it composes the rules, each implemented once elsewhere."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

from daihoi.tally.ballots import (
    BallotOutcome,
    ballot_layout,
    classify_ballot,
    count_votes,
    round_is_void,
)
from daihoi.tally.errors import TallyInputError
from daihoi.tally.model import Ballot, Election, ElectionKind, InvalidReason
from daihoi.tally.policies import AlternatesMode
from daihoi.tally.ranking import (
    CELL_SECRETARY_MAX_ROUNDS,
    Ranking,
    ShortReason,
    is_cell_secretary,
    propose_next_step,
    rank_candidates,
)
from daihoi.tally.result import CandidateResult, CandidateStatus, TallyResult, VoidReason
from daihoi.tally.steps import explain
from daihoi.tally.threshold import compute_base, min_votes, share_percent


def _check_settings(election: Election) -> None:
    """Input checks of the settings that no single rule function owns."""
    if election.alternates > 0 and election.kind is not ElectionKind.DELEGATES:
        raise TallyInputError(
            "alternates", "chỉ bầu đại biểu mới có dự khuyết / delegate elections only"
        )
    if election.ballots_issued < 0:
        raise TallyInputError("ballots_issued", "không được âm / must not be negative")
    if election.round < 1:
        raise TallyInputError("round", "phải từ 1 trở lên / must be at least 1")
    if (
        is_cell_secretary(congress=election.congress, kind=election.kind)
        and election.round > CELL_SECRETARY_MAX_ROUNDS
    ):
        raise TallyInputError(
            "round",
            f"bí thư chi bộ chỉ bầu tối đa {CELL_SECRETARY_MAX_ROUNDS} lần, sau đó cấp ủy cấp trên"
            " chỉ định / at most 3 rounds",
        )


def tally(election: Election) -> TallyResult:
    """Count one round of one election (R-007, R-031..R-035, R-050..R-055, R-060..R-063,
    R-070, R-072, through the functions that carry each rule).

    Raises ``TallyInputError`` (with the field path) when the input cannot be counted.
    """
    policies = election.policies
    n = len(election.candidates)
    layout = ballot_layout(
        candidates=n,
        seats=election.seats,
        alternates=election.alternates,
        kind=election.kind,
        policies=policies,
    )
    _check_settings(election)
    base = compute_base(congress=election.congress, base=election.base)
    threshold = min_votes(base.base)
    collected = len(election.ballots)
    void = round_is_void(issued=election.ballots_issued, collected=collected)

    outcomes: tuple[BallotOutcome, ...] = ()
    invalid_by_reason: dict[InvalidReason, int] = {}
    votes: tuple[int, ...] = (0,) * n
    ranking: Ranking | None = None
    if not void:
        outcomes = tuple(
            classify_ballot(b, layout=layout, policies=policies, path=f"ballots[{i}]")
            for i, b in enumerate(election.ballots)
        )
        valid_ballots: list[Ballot] = []
        for ballot, outcome in zip(election.ballots, outcomes, strict=True):
            if outcome.valid:
                valid_ballots.append(ballot)
            elif outcome.reason is not None:
                invalid_by_reason[outcome.reason] = invalid_by_reason.get(outcome.reason, 0) + 1
        votes = tuple(count_votes(valid_ballots, candidates=n))
        # In the separate-ballot mode the alternates are left out of a round that elects
        # official seats; a round for alternate places only (seats == 0) ranks them.
        separate = (
            policies.alternates_mode is AlternatesMode.SEPARATE_ALTERNATE_ROUND
            and election.seats > 0
        )
        ranking = rank_candidates(
            votes,
            threshold=threshold,
            seats=election.seats,
            alternates=0 if separate else election.alternates,
        )
        if separate and election.alternates > 0:
            ranking = dataclasses.replace(
                ranking,
                alternates_remaining=election.alternates,
                alternates_remaining_reason=ShortReason.SEPARATE_ALTERNATE_ROUND,
            )
    invalid = sum(invalid_by_reason.values())
    next_round = propose_next_step(
        congress=election.congress,
        kind=election.kind,
        round_number=election.round,
        candidates=n,
        seats=election.seats,
        alternates=election.alternates,
        ranking=ranking,
        policies=policies,
    )
    candidates = _candidate_lines(election, votes, ranking, base.base)
    warnings: list[str] = []
    if election.ballots_issued > base.summoned:
        warnings.append(
            f"Số phiếu phát ra ({election.ballots_issued}) nhiều hơn số được triệu tập"
            f" ({base.summoned}): đề nghị Ban kiểm phiếu kiểm tra lại."
        )
    result = TallyResult(
        congress=election.congress,
        kind=election.kind,
        round=election.round,
        seats=election.seats,
        alternates_requested=election.alternates,
        layout=layout,
        void=void,
        void_reason=VoidReason.COLLECTED_EXCEEDS_ISSUED if void else None,
        ballots_issued=election.ballots_issued,
        ballots_collected=collected,
        valid=len(outcomes) - invalid,
        invalid=invalid,
        invalid_by_reason=invalid_by_reason,
        outcomes=outcomes,
        base=base,
        threshold=threshold,
        votes=votes,
        candidates=candidates,
        qualified=ranking.qualified if ranking else (),
        elected=ranking.elected if ranking else (),
        alternates=ranking.alternates if ranking else (),
        alternate_ranks=ranking.alternate_ranks if ranking else (),
        ties=ranking.ties if ranking else (),
        tied=ranking.tied if ranking else (),
        seats_remaining=ranking.seats_remaining if ranking else election.seats,
        seats_remaining_reason=ranking.seats_remaining_reason if ranking else None,
        alternates_remaining=ranking.alternates_remaining if ranking else election.alternates,
        alternates_remaining_reason=ranking.alternates_remaining_reason if ranking else None,
        next_round=next_round,
        policies=policies,
        steps=(),
        warnings=tuple(warnings),
    )
    return dataclasses.replace(result, steps=explain(result))


def _candidate_lines(
    election: Election, votes: tuple[int, ...], ranking: Ranking | None, base: int
) -> tuple[CandidateResult, ...]:
    status: dict[int, CandidateStatus] = {}
    alt_rank: dict[int, int] = {}
    if ranking is not None:
        for i in ranking.qualified:
            status[i] = CandidateStatus.QUALIFIED_NOT_ELECTED
        for i in ranking.elected:
            status[i] = CandidateStatus.ELECTED
        for i, r in zip(ranking.alternates, ranking.alternate_ranks, strict=True):
            status[i] = CandidateStatus.ALTERNATE
            alt_rank[i] = r
        for i in ranking.tied:
            status[i] = CandidateStatus.TIED
    default = CandidateStatus.NOT_COUNTED if ranking is None else CandidateStatus.NOT_QUALIFIED
    return tuple(
        CandidateResult(
            position=i,
            name=name,
            votes=votes[i],
            share=Fraction(votes[i], base),
            share_percent=share_percent(votes[i], base),
            status=status.get(i, default),
            alternate_rank=alt_rank.get(i),
        )
        for i, name in enumerate(election.candidates)
    )
