"""Reading a term's rules from its TOML file (``terms/<term>.toml``): data, not code."""

from __future__ import annotations

import tomllib
from fractions import Fraction
from functools import cache
from importlib import resources
from typing import Any

from daihoi.composition.model import (
    Eligibility,
    RuleStatus,
    SizeLimit,
    Target,
    TermRules,
    YearMonth,
)

TERMS_PACKAGE = "daihoi.composition.terms"


def available_terms() -> tuple[str, ...]:
    """The terms that have a rules file, e.g. ``("2020-2025", "2025-2030")``."""
    names = [p.name for p in resources.files(TERMS_PACKAGE).iterdir()]
    return tuple(sorted(n.removesuffix(".toml") for n in names if n.endswith(".toml")))


def _fraction(value: Any) -> Fraction:
    return Fraction(str(value))


def _status(value: Any, where: str) -> RuleStatus:
    try:
        return RuleStatus(value)
    except ValueError:
        raise ValueError(f"{where}: status must be 'confirmed' or 'configurable'") from None


def parse_rules(data: dict[str, Any]) -> TermRules:
    """A ``TermRules`` from the parsed TOML; raises ``ValueError`` on a missing or bad entry."""
    try:
        ref = data["reference_month"]
        levels = {k: YearMonth.parse(v) for k, v in ref.items() if k not in ("status", "rule")}
        elig = data["eligibility"]
        retire = data["retirement"]
        targets = tuple(
            Target(
                key=t["key"], label=t["label"], rule=t["rule"],
                status=_status(t["status"], f"targets.{t['key']}"), attribute=t["attribute"],
                min_percent=_fraction(t.get("min_percent", 0)),
                max_percent=_fraction(t["max_percent"]) if "max_percent" in t else None,
                levels=tuple(t.get("levels", ())),
            )
            for t in data.get("targets", ())
        )
        sizes = tuple(
            SizeLimit(
                key=s["key"], label=s["label"], rule=s["rule"],
                status=_status(s["status"], f"sizes.{s['key']}"),
                committee_max=int(s["committee_max"]),
                standing_min=s.get("standing_min"), standing_max=s.get("standing_max"),
            )
            for s in data.get("sizes", ())
        )
        return TermRules(
            term=data["term"],
            directive=data["directive"],
            term_months=int(data["term_months"]),
            reference_months=levels,
            reference_rule=ref["rule"],
            reference_status=_status(ref["status"], "reference_month"),
            young_under_age=int(data["young"]["under_age"]),
            young_rule=data["young"]["rule"],
            young_status=_status(data["young"]["status"], "young"),
            eligibility=Eligibility(
                rule=elig["rule"],
                reelection_months=int(elig["reelection_months"]),
                reelection_status=_status(elig["reelection_status"], "eligibility.reelection"),
                first_time_months=int(elig["first_time_months"]),
                first_time_status=_status(elig["first_time_status"], "eligibility.first_time"),
                full_member_required=bool(elig["full_member_required"]),
                refused_statuses=dict(elig.get("refused_statuses", {})),
                post_months={k: int(v) for k, v in elig.get("post_months", {}).items()},
            ),
            retirement_months={"male": int(retire["male_months"]),
                               "female": int(retire["female_months"])},
            retirement_rule=retire["rule"],
            retirement_status=_status(retire["status"], "retirement"),
            targets=targets,
            sizes=sizes,
        )
    except KeyError as exc:
        raise ValueError(f"rules file: missing entry {exc.args[0]!r}") from exc


@cache
def load_term(term: str) -> TermRules:
    """The rules of ``term`` (``"2020-2025"``), read from its file once per process."""
    if term not in available_terms():
        raise ValueError(f"no rules file for term {term!r}; known: {', '.join(available_terms())}")
    text = resources.files(TERMS_PACKAGE).joinpath(f"{term}.toml").read_text(encoding="utf-8")
    return parse_rules(tomllib.loads(text))
