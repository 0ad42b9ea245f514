"""Reads of personnel plans; the one adapter from ORM rows to ``daihoi.composition`` input."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from daihoi.composition import Candidate, CandidateCheck, Plan, PlanReport, YearMonth, check_plan
from daihoi.composition import load_term as load_term_rules
from daihoi.composition.model import TermRules
from daihoi.personnel.models import PersonnelPlan, PlanCandidate, PlanKind
from daihoi.roster.models import Member


def rules_of(plan: PersonnelPlan) -> TermRules:
    return load_term_rules(plan.term_rules)


def default_term_for(term_start: int) -> str:
    """The rules file for a congress's term: ``2020`` → ``"2020-2025"``."""
    return f"{term_start}-{term_start + 5}"


def as_candidate(member: Member, *, reelection: bool = False, post: str = "",
                 retirement_month: dt.date | None = None,
                 science_technology: bool = False) -> Candidate:
    return Candidate(
        key=str(member.pk), name=member.full_name, gender=member.gender,
        born=member.date_of_birth, ethnicity=member.ethnicity,
        full_member=member.full_member_on is not None, status=member.status,
        reelection=reelection, post=post,
        retirement=YearMonth.of(retirement_month) if retirement_month else None,
        science_technology=science_technology,
    )


def plan_candidates(plan: PersonnelPlan) -> QuerySet[PlanCandidate]:
    return plan.candidates.select_related("member", "member__cell").order_by(
        "position", "member__sort_key")


def as_plan(plan: PersonnelPlan, rows: list[PlanCandidate]) -> Plan:
    return Plan(
        seats=plan.seats, level=plan.level, kind=plan.kind,
        alternates=plan.alternates if plan.kind == PlanKind.DELEGATES else 0,
        candidates=tuple(as_candidate(r.member, reelection=r.reelection, post=r.post,
                                      retirement_month=r.retirement_month,
                                      science_technology=r.science_technology) for r in rows),
    )


@dataclass(frozen=True)
class PlanRow:
    candidate: PlanCandidate
    check: CandidateCheck
    #: R-073: why the person may not be summoned to the higher congress, if so.
    not_summoned: str


@dataclass(frozen=True)
class PlanView:
    plan: PersonnelPlan
    rules: TermRules
    report: PlanReport
    rows: list[PlanRow]


def not_summoned_reason(member: Member, rules: TermRules) -> str:
    """R-073: suspended, prosecuted or transferred out before the opening."""
    return rules.eligibility.refused_statuses.get(member.status, "")


def plan_view(plan: PersonnelPlan) -> PlanView:
    rows = list(plan_candidates(plan))
    rules = rules_of(plan)
    report = check_plan(as_plan(plan, rows), rules)
    checks = {c.key: c for c in report.candidates}
    out = [PlanRow(r, checks[str(r.member_id)],
                   not_summoned_reason(r.member, rules) if plan.kind == PlanKind.DELEGATES
                   else "") for r in rows]
    return PlanView(plan, rules, report, out)
