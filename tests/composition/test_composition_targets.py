"""Composition targets (R-140, R-143), the committee size (R-144, Example 12) and the surplus
(R-020, R-021), each at its boundary."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from daihoi.composition import (
    Candidate,
    Plan,
    RuleStatus,
    Target,
    check_plan,
    check_target,
    load_term,
)

R2020 = load_term("2020-2025")
R2025 = load_term("2025-2030")


def people(n: int, **kw: object) -> list[Candidate]:
    out = []
    for i in range(n):
        fields: dict[str, object] = {"key": f"{kw.get('gender', 'm')}{i}", "name": f"P{i}",
                                     "gender": "male", "born": dt.date(1975, 1, 1)}
        fields.update(kw)
        fields["key"] = f"{fields['gender']}-{fields['born']}-{i}-{id(kw)}"
        out.append(Candidate(**fields))  # type: ignore[arg-type]  # fields typed object on purpose
    return out


def target(plan: Plan, key: str, rules: object = R2020) -> object:
    report = check_plan(plan, rules)  # type: ignore[arg-type]  # rules typed object: any term's rules
    return next(t for t in report.targets if t.key == key)


@pytest.mark.parametrize(("women", "passed"), [(2, False), (3, True), (4, True)])
def test_women_at_15_percent_of_20_need_exactly_3(women: int, passed: bool) -> None:
    cands = people(women, gender="female") + people(20 - women)
    t = target(Plan(seats=18, level="grassroots", candidates=tuple(cands)), "women")
    assert (t.total, t.actual, t.min_count, t.passed) == (20, women, 3, passed)
    assert "15" in t.message


@pytest.mark.parametrize(("women", "passed"), [(1, False), (2, True)])
def test_women_on_a_list_of_10_need_2(women: int, passed: bool) -> None:
    cands = people(women, gender="female") + people(10 - women)
    t = target(Plan(seats=9, level="grassroots", candidates=tuple(cands)), "women")
    assert (t.min_count, t.passed) == (2, passed)


@pytest.mark.parametrize(("young", "passed"), [(0, False), (1, True)])
def test_young_at_10_percent_of_10_need_1(young: int, passed: bool) -> None:
    # Born 2/4/1980 is 39 at 4/2020 (young); born 1/4/1980 is already 40 (not young).
    cands = people(young, born=dt.date(1980, 4, 2)) + people(10 - young, born=dt.date(1980, 4, 1))
    t = target(Plan(seats=9, level="grassroots", candidates=tuple(cands)), "young")
    assert (t.actual, t.min_count, t.passed) == (young, 1, passed)


@pytest.mark.parametrize(("in_band", "passed"), [(3, False), (4, True), (5, True), (6, False)])
def test_the_40_to_50_bracket_is_a_range_at_district_level(in_band: int, passed: bool) -> None:
    cands = people(in_band, born=dt.date(1975, 1, 1)) + people(10 - in_band,
                                                              born=dt.date(1960, 1, 1))
    t = target(Plan(seats=9, level="district", candidates=tuple(cands)), "age_40_50")
    assert (t.min_count, t.max_count, t.passed) == (4, 5, passed)


def test_the_40_to_50_bracket_does_not_apply_at_grassroots() -> None:
    report = check_plan(Plan(seats=9, level="grassroots", candidates=tuple(people(10))), R2020)
    assert "age_40_50" not in {t.key for t in report.targets}


@pytest.mark.parametrize(("with_st", "passed"), [(0, False), (1, True)])
def test_science_and_technology_at_5_percent_of_20_needs_1(with_st: int, passed: bool) -> None:
    cands = people(with_st, science_technology=True) + people(20 - with_st)
    t = target(Plan(seats=18, level="commune", candidates=tuple(cands)), "science_technology",
               R2025)
    assert (t.min_count, t.passed) == (1, passed)


def test_ethnic_minority_and_renewal_count_their_people() -> None:
    cands = people(2, ethnicity="Tày") + people(3, reelection=True) + people(5)
    report = check_plan(Plan(seats=9, level="grassroots", candidates=tuple(cands)), R2020)
    by_key = {t.key: t for t in report.targets}
    assert by_key["ethnic_minority"].actual == 2
    assert by_key["renewal"].actual == 7


def test_a_plan_that_meets_every_target_passes_and_one_that_misses_says_why() -> None:
    good = (people(2, gender="female", born=dt.date(1985, 1, 1))
            + people(8, born=dt.date(1972, 1, 1)))
    report = check_plan(Plan(seats=9, level="grassroots", candidates=tuple(good)), R2020)
    assert report.passed, report.failures
    bad = people(1, gender="female", born=dt.date(1985, 1, 1)) + people(9)
    report = check_plan(Plan(seats=9, level="grassroots", candidates=tuple(bad)), R2020)
    assert not report.passed
    assert any("Tỷ lệ cán bộ nữ: 1/10" in f for f in report.failures)


@pytest.mark.parametrize(("names", "ok"), [(9, False), (10, True), (11, True), (12, False)])
def test_the_surplus_of_a_9_seat_committee_is_1_to_2(names: int, ok: bool) -> None:
    report = check_plan(Plan(seats=9, level="grassroots", candidates=tuple(people(names))), R2020)
    assert report.surplus.ok is ok
    assert report.surplus.max_extra == 2
    assert report.surplus.prepared_extra == (1,)


@pytest.mark.parametrize(
    ("size_key", "seats", "standing", "passed"),
    [("commune_merged_3", 31, 10, True), ("commune", 31, 10, False),
     ("commune_merged_3", 33, 9, True), ("commune_merged_3", 34, 9, False),
     ("commune", 27, 11, True), ("commune", 27, 12, False), ("commune", 27, 8, False)],
)
def test_example_12_committee_sizes(size_key: str, seats: int, standing: int,
                                    passed: bool) -> None:
    plan = Plan(seats=seats, level="commune", candidates=tuple(people(seats + 3)),
                standing_seats=standing, size_key=size_key)
    report = check_plan(plan, R2025)
    assert all(s.passed for s in report.sizes) is passed


@given(total=st.integers(1, 400), actual_share=st.integers(0, 1000),
       min_percent=st.fractions(0, 100, max_denominator=8))
def test_a_minimum_target_passes_exactly_when_the_share_reaches_it(
        total: int, actual_share: int, min_percent: Fraction) -> None:
    actual = actual_share * total // 1000
    target = Target(key="k", label="K", rule="R-140", status=RuleStatus.CONFIRMED,
                    attribute="female", min_percent=min_percent)
    result = check_target(target, total=total, actual=actual)
    assert result.passed is (Fraction(actual, total) * 100 >= min_percent)
    assert result.min_count * 100 >= min_percent * total
    assert (result.min_count - 1) * 100 < min_percent * total
