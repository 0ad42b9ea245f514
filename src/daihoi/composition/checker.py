"""Applying a term's rules to a personnel plan: each candidate's eligibility, each composition
target, the committee size and the list's surplus. Pure: plain data in, plain data out.

The surplus rules (R-020, R-021) live in ``daihoi.tally``; they are called, never re-implemented.

The findings are Vietnamese sentences; the rules' own are ``tally.Text`` (a template of the
catalogue and its values) that a page says in its reader's language. The wording of a term's
rule file (its targets' labels, the statuses refused) is the file's, as written.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from daihoi.composition.model import (
    Candidate,
    CandidateCheck,
    Plan,
    PlanReport,
    SizeCheck,
    SurplusCheck,
    Target,
    TargetCheck,
    TermRules,
    YearMonth,
)
from daihoi.tally import ElectionKind, Text, check_list, share_percent
from daihoi.tally.i18n import gettext_noop as _

MINORITY_EXCLUDES = frozenset({"kinh", ""})


def age_on(born: dt.date, on: dt.date) -> int:
    """Completed years of age on ``on``."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def retirement_of(candidate: Candidate, rules: TermRules) -> tuple[YearMonth, bool]:
    """The candidate's retirement month and whether it came from the term's (configurable)
    retirement-age table rather than from the plan."""
    if candidate.retirement is not None:
        return candidate.retirement, False
    months = rules.retirement_months.get(candidate.gender)
    if months is None:
        raise ValueError(f"{candidate.name}: no retirement age for gender {candidate.gender!r}")
    return YearMonth.of(candidate.born).plus_months(months), True


def months_required(candidate: Candidate, rules: TermRules) -> int:
    """R-142: first time one full term; re-election the term's minimum, or its post's."""
    elig = rules.eligibility
    if not candidate.reelection:
        return elig.first_time_months
    return elig.post_months.get(candidate.post, elig.reelection_months)


def check_candidate(candidate: Candidate, rules: TermRules, *, level: str,
                    check_age: bool = True) -> CandidateCheck:
    """Eligibility of one candidate (R-142 ages, R-073 statuses, full membership), with every
    reason for a refusal. ``check_age=False`` for delegates to the higher congress: the ages of
    R-142 concern committee members."""
    reference = rules.reference_for(level)
    reasons: list[str] = []
    elig = rules.eligibility
    if elig.full_member_required and not candidate.full_member:
        reasons.append(Text(_("là đảng viên dự bị, chưa được ứng cử")))
    if candidate.status in elig.refused_statuses:
        reasons.append(elig.refused_statuses[candidate.status])
    retirement, from_table = retirement_of(candidate, rules)
    remaining = reference.months_until(retirement)
    required = months_required(candidate, rules)
    if check_age and remaining < required:
        values = {"remaining": remaining, "reference": str(reference),
                  "retirement": str(retirement), "required": required}
        reasons.append(Text(_(
            "quá tuổi tái cử: còn %(remaining)s tháng công tác tính đến %(reference)s (nghỉ hưu "
            "%(retirement)s), cần ít nhất %(required)s tháng"), values) if candidate.reelection
            else Text(_(
                "quá tuổi tham gia lần đầu: còn %(remaining)s tháng công tác tính đến "
                "%(reference)s (nghỉ hưu %(retirement)s), cần ít nhất %(required)s tháng"),
                values))
    return CandidateCheck(
        key=candidate.key, name=candidate.name, eligible=not reasons, reasons=tuple(reasons),
        age=age_on(candidate.born, reference.first_day()), retirement=retirement,
        retirement_from_table=from_table, months_remaining=remaining, months_required=required,
    )


def has_attribute(candidate: Candidate, attribute: str, rules: TermRules,
                  reference: YearMonth) -> bool:
    age = age_on(candidate.born, reference.first_day())
    if attribute == "female":
        return candidate.gender == "female"
    if attribute == "young":
        return age < rules.young_under_age
    if attribute == "age_40_50":
        return 40 <= age <= 50
    if attribute == "ethnic_minority":
        return candidate.ethnicity.strip().lower() not in MINORITY_EXCLUDES
    if attribute == "new":
        return not candidate.reelection
    if attribute == "science_technology":
        return candidate.science_technology
    raise ValueError(f"unknown target attribute {attribute!r}")


def _ceil(x: Fraction) -> int:
    return -((-x.numerator) // x.denominator)


def _floor(x: Fraction) -> int:
    return x.numerator // x.denominator


def _pct(value: Fraction) -> str:
    """A configured percentage as Vietnamese writes it (12,5): this package may not use
    Django's localisation (daihoi.core.numbers), and the values are short."""
    return f"{value.numerator}" if value.denominator == 1 else f"{float(value):g}".replace(".", ",")


def check_target(target: Target, *, total: int, actual: int) -> TargetCheck:
    """One target on ``total`` candidates of whom ``actual`` have its attribute.

    ``min_percent`` needs at least ``ceil(min% × total)`` (15% of 20 = 3 exactly; of 9 → 2);
    ``max_percent`` allows at most ``floor(max% × total)``.
    """
    min_count = _ceil(target.min_percent * total / 100)
    max_count = _floor(target.max_percent * total / 100) if target.max_percent is not None \
        else None
    passed = actual >= min_count and (max_count is None or actual <= max_count)
    if target.max_percent is not None:
        required = f"{_pct(target.min_percent)}–{_pct(target.max_percent)}%"
        need = f"{min_count}–{max_count}"
    else:
        required = f"≥ {_pct(target.min_percent)}%"
        need = f"≥ {min_count}"
    percent = share_percent(actual, total) if total else "0.00"
    values = {"label": target.label, "actual": actual, "total": total, "required": required,
              "need": need}
    message = (Text(_("%(label)s: %(actual)s/%(total)s, yêu cầu %(required)s (cần %(need)s "
                      "người) — đạt"), values) if passed
               else Text(_("%(label)s: %(actual)s/%(total)s, yêu cầu %(required)s (cần "
                           "%(need)s người) — không đạt"), values))
    return TargetCheck(
        key=target.key, label=target.label, rule=target.rule, status=target.status, total=total,
        actual=actual, actual_percent=percent, min_count=min_count, max_count=max_count,
        required=required, passed=passed, message=message,
    )


def check_surplus(plan: Plan) -> SurplusCheck:
    """R-020, R-021 through ``daihoi.tally.check_list``; the prepared surplus is 10–15%."""
    kind = ElectionKind.DELEGATES if plan.kind == "delegates" else ElectionKind.COMMITTEE
    result = check_list(kind=kind, seats=plan.seats, candidates=len(plan.candidates),
                        alternates=plan.alternates)
    messages = [i.message for i in result.issues]
    ok = result.ok
    if kind is ElectionKind.COMMITTEE and ok and result.surplus not in result.prepared_extra:
        prepared = ", ".join(str(n) for n in result.prepared_extra)
        messages.append(Text(_(
            "Số dư chuẩn bị 10–15%% là %(prepared)s người; đề án có %(surplus)s (Đại hội quyết "
            "định, không quá %(max)s)."),
            {"prepared": prepared, "surplus": result.surplus, "max": result.max_extra}))
    return SurplusCheck(
        seats=plan.seats, candidates=len(plan.candidates), surplus=result.surplus,
        max_extra=result.max_extra, prepared_extra=result.prepared_extra, ok=ok,
        messages=tuple(messages),
    )


def check_size(plan: Plan, rules: TermRules) -> tuple[SizeCheck, ...]:
    """R-144: the committee (and standing committee) size for the plan's kind of organization."""
    if plan.size_key is None:
        return ()
    limit = next((s for s in rules.sizes if s.key == plan.size_key), None)
    if limit is None:
        raise ValueError(f"term {rules.term} has no size rule {plan.size_key!r}")
    out = [SizeCheck(
        key="committee", label=Text(_("Số lượng Ban Chấp hành")), rule=limit.rule,
        passed=plan.seats <= limit.committee_max,
        message=Text(_("Ban Chấp hành %(seats)s người, tối đa %(max)s (%(limit)s)"), {
            "seats": plan.seats, "max": limit.committee_max, "limit": limit.label}),
    )]
    if plan.standing_seats is not None and limit.standing_max is not None:
        low = limit.standing_min or 0
        out.append(SizeCheck(
            key="standing", label=Text(_("Số lượng Ban Thường vụ")), rule=limit.rule,
            passed=low <= plan.standing_seats <= limit.standing_max,
            message=Text(_("Ban Thường vụ %(seats)s người, từ %(min)s đến %(max)s"), {
                "seats": plan.standing_seats, "min": low, "max": limit.standing_max}),
        ))
    return tuple(out)


def check_plan(plan: Plan, rules: TermRules) -> PlanReport:
    """The whole check of a personnel plan against the rules of its term."""
    reference = rules.reference_for(plan.level)
    candidates = tuple(check_candidate(c, rules, level=plan.level,
                                       check_age=plan.kind == "committee")
                       for c in plan.candidates)
    targets = []
    if plan.kind == "committee":
        total = len(plan.candidates)
        for target in rules.targets:
            if target.levels and plan.level not in target.levels:
                continue
            actual = sum(1 for c in plan.candidates
                         if has_attribute(c, target.attribute, rules, reference))
            targets.append(check_target(target, total=total, actual=actual))
    surplus = check_surplus(plan)
    sizes = check_size(plan, rules)
    failures: list[str] = [Text(_("%(name)s: %(reasons)s"),
                                {"name": c.name, "reasons": c.reasons})
                           for c in candidates if not c.eligible]
    failures += [t.message for t in targets if not t.passed]
    failures += [s.message for s in sizes if not s.passed]
    if not surplus.ok:
        failures += list(surplus.messages)
    return PlanReport(term=rules.term, reference=reference, candidates=candidates,
                      targets=tuple(targets), surplus=surplus, sizes=sizes,
                      failures=tuple(failures))
