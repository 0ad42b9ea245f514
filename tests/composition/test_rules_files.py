"""The rules of each term are data: every entry names its R-number and whether it is confirmed."""

from __future__ import annotations

import tomllib
from fractions import Fraction
from importlib import resources

import pytest

from daihoi.composition import RuleStatus, YearMonth, available_terms, load_term, parse_rules


def test_there_is_one_rules_file_per_term() -> None:
    assert available_terms() == ("2020-2025", "2025-2030")


@pytest.mark.parametrize("term", ["2020-2025", "2025-2030"])
def test_every_target_names_its_rule_and_status(term: str) -> None:
    rules = load_term(term)
    assert rules.targets
    for t in rules.targets:
        assert t.rule.startswith("R-14"), t
        assert t.status in (RuleStatus.CONFIRMED, RuleStatus.CONFIGURABLE)
    keys = {t.key for t in rules.targets}
    assert {"women", "young", "ethnic_minority", "renewal"} <= keys
    assert rules.retirement_status is RuleStatus.CONFIGURABLE


def test_the_2020_term_follows_chi_thi_35() -> None:
    rules = load_term("2020-2025")
    women = next(t for t in rules.targets if t.key == "women")
    assert (women.min_percent, women.status) == (Fraction(15), RuleStatus.CONFIRMED)
    young = next(t for t in rules.targets if t.key == "young")
    assert (young.min_percent, rules.young_under_age) == (Fraction(10), 40)
    assert rules.eligibility.reelection_months == 30
    assert "35-CT/TW" in rules.directive


def test_the_2025_term_follows_chi_thi_45() -> None:
    rules = load_term("2025-2030")
    assert rules.eligibility.first_time_months == 60
    assert rules.eligibility.reelection_months == 48
    assert rules.eligibility.post_months == {"provincial_deputy_secretary": 42}
    assert rules.reference_for("commune") == YearMonth(2025, 7)
    assert rules.reference_for("province") == YearMonth(2025, 9)
    st = next(t for t in rules.targets if t.key == "science_technology")
    assert (st.min_percent, st.status) == (Fraction(5), RuleStatus.CONFIRMED)
    women = next(t for t in rules.targets if t.key == "women")
    assert women.status is RuleStatus.CONFIGURABLE  # unconfirmed under Chỉ thị 45
    assert "45-CT/TW" in rules.directive


def test_a_rules_file_with_a_missing_entry_is_refused_with_its_name() -> None:
    text = resources.files("daihoi.composition.terms").joinpath("2025-2030.toml").read_text(
        encoding="utf-8")
    data = tomllib.loads(text)
    del data["eligibility"]["reelection_months"]
    with pytest.raises(ValueError, match="reelection_months"):
        parse_rules(data)


def test_an_unknown_term_is_refused() -> None:
    with pytest.raises(ValueError, match="2030-2035"):
        load_term("2030-2035")
