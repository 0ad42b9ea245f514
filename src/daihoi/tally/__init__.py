"""The counting engine (kiểm phiếu) of daihoi: pure Python, standard library only.

Plain frozen dataclasses in (``Election``), plain dataclasses out (``TallyResult``). Every
counting rule (each listed in ``docs/rules.md``) lives here once, in a function whose
docstring names its R-number; nothing else in the project may re-implement one. This package
must never import Django (a test enforces it).

Public API:

* ``tally(election) -> TallyResult`` - the full count of one round.
* ``ballot_layout(...)``, ``classify_ballot(ballot, layout=..., policies=...)`` - one ballot.
* ``compute_base(...)``, ``min_votes(base)``, ``share_percent(votes, base)`` - the threshold.
* ``rank_candidates(...)``, ``propose_next_step(...)`` - seats, ties, next round.
* ``check_list(...)``, ``max_surplus(seats)``, ``prepared_surplus(seats)``,
  ``floor_nominee_min_agree(attending)``, ``floor_nominee_accepted(...)`` - list checks.
* ``result_to_dict(result)``, ``render_text(result)``, ``load_election(text)`` - I/O.
* ``result_margins(result)``, ``smallest_margin(result)``, ``sample_size(...)``,
  ``plan_audit(...)``, ``parse_seed(text)``, ``draw_sample(seed, ...)`` - the ballot-comparison
  audit (``daihoi.tally.audit``: Stark's super-simple sample size, the public seed's draw).
"""

from __future__ import annotations

from daihoi.tally.audit import (
    AuditInputError,
    AuditPlan,
    Margin,
    MarginKind,
    diluted_margin,
    draw_sample,
    parse_seed,
    plan_audit,
    result_margins,
    sample_size,
    smallest_margin,
)
from daihoi.tally.ballots import (
    BallotForm,
    BallotLayout,
    BallotOutcome,
    ballot_layout,
    classify_ballot,
    count_votes,
    max_names_kept,
    round_is_void,
)
from daihoi.tally.engine import tally
from daihoi.tally.errors import TallyInputError
from daihoi.tally.i18n import Text
from daihoi.tally.jsonio import load_election, parse_election
from daihoi.tally.lists import (
    ListCheck,
    ListIssue,
    check_list,
    floor_nominee_accepted,
    floor_nominee_min_agree,
    max_surplus,
    prepared_surplus,
)
from daihoi.tally.model import (
    BOARD_REASONS,
    Ballot,
    CongressKind,
    CrossedBallot,
    Deduction,
    Election,
    ElectionKind,
    InvalidReason,
    Mark,
    MarkedBallot,
    RuledInvalidBallot,
    ThresholdBase,
)
from daihoi.tally.policies import (
    POLICY_TEXT,
    POLICY_TITLES,
    POLICY_TYPES,
    AlternateRanking,
    AlternatesMode,
    MaxKeptPolicy,
    NextRoundListPolicy,
    Policies,
    PreparedSurplusRounding,
    ShortfallPolicy,
    SingleNamePolicy,
    SurplusCapOtherLists,
    TiePolicy,
    WriteInPolicy,
)
from daihoi.tally.ranking import (
    NextAction,
    NextRoundProposal,
    Ranking,
    ShortReason,
    Tie,
    propose_next_step,
    qualifiers,
    rank_candidates,
)
from daihoi.tally.report import render_text, result_to_dict
from daihoi.tally.result import CandidateResult, CandidateStatus, TallyResult, VoidReason
from daihoi.tally.threshold import (
    BaseBreakdown,
    allowed_deductions,
    compute_base,
    min_votes,
    share_percent,
)

__all__ = [
    "BOARD_REASONS",
    "POLICY_TEXT",
    "POLICY_TITLES",
    "POLICY_TYPES",
    "AlternateRanking",
    "AlternatesMode",
    "AuditInputError",
    "AuditPlan",
    "Ballot",
    "BallotForm",
    "BallotLayout",
    "BallotOutcome",
    "BaseBreakdown",
    "CandidateResult",
    "CandidateStatus",
    "CongressKind",
    "CrossedBallot",
    "Deduction",
    "Election",
    "ElectionKind",
    "InvalidReason",
    "ListCheck",
    "ListIssue",
    "Margin",
    "MarginKind",
    "Mark",
    "MarkedBallot",
    "MaxKeptPolicy",
    "NextAction",
    "NextRoundListPolicy",
    "NextRoundProposal",
    "Policies",
    "PreparedSurplusRounding",
    "Ranking",
    "RuledInvalidBallot",
    "ShortReason",
    "ShortfallPolicy",
    "SingleNamePolicy",
    "SurplusCapOtherLists",
    "TallyInputError",
    "TallyResult",
    "Text",
    "ThresholdBase",
    "Tie",
    "TiePolicy",
    "VoidReason",
    "WriteInPolicy",
    "allowed_deductions",
    "ballot_layout",
    "check_list",
    "classify_ballot",
    "compute_base",
    "count_votes",
    "diluted_margin",
    "draw_sample",
    "floor_nominee_accepted",
    "floor_nominee_min_agree",
    "load_election",
    "max_names_kept",
    "max_surplus",
    "min_votes",
    "parse_election",
    "parse_seed",
    "plan_audit",
    "prepared_surplus",
    "propose_next_step",
    "qualifiers",
    "rank_candidates",
    "render_text",
    "result_margins",
    "result_to_dict",
    "round_is_void",
    "sample_size",
    "share_percent",
    "smallest_margin",
    "tally",
]
