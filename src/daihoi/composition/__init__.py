"""Composition and eligibility rules of a term (spec §3.5, R-140…R-144), the quorum (R-110)
and the credentials statistics (R-152): pure Python, standard library and ``daihoi.tally`` only.

A term's rules are data (``terms/<term>.toml``), each marked confirmed or configurable; the
checker applies them to a plan of plain dataclasses. This package never imports Django (a test
enforces it); ``daihoi.personnel`` and ``daihoi.delegates`` adapt ORM rows into its input.
"""

from __future__ import annotations

from daihoi.composition.checker import (
    age_on,
    check_candidate,
    check_plan,
    check_surplus,
    check_target,
    months_required,
    retirement_of,
)
from daihoi.composition.credentials import CredentialsStats, Line, Person, credentials_statistics
from daihoi.composition.model import (
    Candidate,
    CandidateCheck,
    Plan,
    PlanReport,
    RuleStatus,
    SizeCheck,
    SurplusCheck,
    Target,
    TargetCheck,
    TermRules,
    YearMonth,
)
from daihoi.composition.quorum import DEFAULT_QUORUM, Quorum, quorum, quorum_needed
from daihoi.composition.rules import available_terms, load_term, parse_rules

__all__ = [
    "DEFAULT_QUORUM",
    "Candidate",
    "CandidateCheck",
    "CredentialsStats",
    "Line",
    "Person",
    "Plan",
    "PlanReport",
    "Quorum",
    "RuleStatus",
    "SizeCheck",
    "SurplusCheck",
    "Target",
    "TargetCheck",
    "TermRules",
    "YearMonth",
    "age_on",
    "available_terms",
    "check_candidate",
    "check_plan",
    "check_surplus",
    "check_target",
    "credentials_statistics",
    "load_term",
    "months_required",
    "parse_rules",
    "quorum",
    "quorum_needed",
    "retirement_of",
]
