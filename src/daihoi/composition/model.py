"""Plain data of the composition and eligibility rules: a term's rules, a plan, the findings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction


class RuleStatus(StrEnum):
    """Whether the spec confirms a rule or leaves its value to the office."""

    CONFIRMED = "confirmed"
    CONFIGURABLE = "configurable"


@dataclass(frozen=True, slots=True, order=True)
class YearMonth:
    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} is not 1..12")

    @classmethod
    def parse(cls, text: str) -> YearMonth:
        """``"2025-07"`` → ``YearMonth(2025, 7)``."""
        year, month = text.strip().split("-")
        return cls(int(year), int(month))

    @classmethod
    def of(cls, day: dt.date) -> YearMonth:
        return cls(day.year, day.month)

    def plus_months(self, months: int) -> YearMonth:
        total = self.year * 12 + (self.month - 1) + months
        return YearMonth(total // 12, total % 12 + 1)

    def months_until(self, later: YearMonth) -> int:
        """Example 11: ``(year_ret − year_ref) × 12 + (month_ret − month_ref)``."""
        return (later.year - self.year) * 12 + (later.month - self.month)

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    def __str__(self) -> str:
        return f"{self.month}/{self.year}"


@dataclass(frozen=True, slots=True)
class Target:
    """A composition target: the share of the plan's candidates with ``attribute``."""

    key: str
    label: str
    rule: str
    status: RuleStatus
    attribute: str
    min_percent: Fraction
    max_percent: Fraction | None = None
    #: Levels the target applies to; empty means every level.
    levels: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SizeLimit:
    """R-144: the size of the committee and standing committee for a kind of organization."""

    key: str
    label: str
    rule: str
    status: RuleStatus
    committee_max: int
    standing_min: int | None = None
    standing_max: int | None = None


@dataclass(frozen=True, slots=True)
class Eligibility:
    rule: str
    reelection_months: int
    reelection_status: RuleStatus
    first_time_months: int
    first_time_status: RuleStatus
    full_member_required: bool
    #: member status → reason shown when it refuses a candidate
    refused_statuses: dict[str, str]
    #: post → months required for re-election in that post (R-142 exceptions)
    post_months: dict[str, int]


@dataclass(frozen=True, slots=True)
class TermRules:
    term: str
    directive: str
    term_months: int
    reference_months: dict[str, YearMonth]
    reference_rule: str
    reference_status: RuleStatus
    young_under_age: int
    young_rule: str
    young_status: RuleStatus
    eligibility: Eligibility
    retirement_months: dict[str, int]
    retirement_rule: str
    retirement_status: RuleStatus
    targets: tuple[Target, ...]
    sizes: tuple[SizeLimit, ...] = ()

    def reference_for(self, level: str) -> YearMonth:
        try:
            return self.reference_months[level]
        except KeyError:
            known = ", ".join(sorted(self.reference_months))
            raise ValueError(f"level {level!r} has no reference month (known: {known})") from None


@dataclass(frozen=True, slots=True)
class Candidate:
    """One person of a plan, as plain data (the adapter turns a roster member into this)."""

    key: str
    name: str
    gender: str  # "male" | "female"
    born: dt.date
    ethnicity: str = "Kinh"
    full_member: bool = True
    status: str = "active"
    #: Standing for re-election (a member of the outgoing committee), else a first term.
    reelection: bool = False
    post: str = ""
    #: Planned retirement month; ``None`` computes it from the term's retirement-age table.
    retirement: YearMonth | None = None
    science_technology: bool = False


@dataclass(frozen=True, slots=True)
class Plan:
    seats: int
    level: str
    candidates: tuple[Candidate, ...]
    #: ``"committee"`` (R-020 surplus) or ``"delegates"`` (delegates to the higher congress)
    kind: str = "committee"
    alternates: int = 0
    standing_seats: int | None = None
    size_key: str | None = None


@dataclass(frozen=True, slots=True)
class CandidateCheck:
    key: str
    name: str
    eligible: bool
    reasons: tuple[str, ...]
    age: int
    retirement: YearMonth
    retirement_from_table: bool
    months_remaining: int
    months_required: int


@dataclass(frozen=True, slots=True)
class TargetCheck:
    key: str
    label: str
    rule: str
    status: RuleStatus
    total: int
    actual: int
    actual_percent: str
    min_count: int
    max_count: int | None
    required: str
    passed: bool
    message: str


@dataclass(frozen=True, slots=True)
class SizeCheck:
    key: str
    label: str
    rule: str
    passed: bool
    message: str


@dataclass(frozen=True, slots=True)
class SurplusCheck:
    seats: int
    candidates: int
    surplus: int
    max_extra: int
    prepared_extra: tuple[int, ...]
    ok: bool
    messages: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PlanReport:
    term: str
    reference: YearMonth
    candidates: tuple[CandidateCheck, ...]
    targets: tuple[TargetCheck, ...]
    surplus: SurplusCheck
    sizes: tuple[SizeCheck, ...] = ()
    failures: tuple[str, ...] = field(default=())

    @property
    def passed(self) -> bool:
        return not self.failures
