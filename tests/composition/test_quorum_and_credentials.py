"""The quorum at its line (R-110, configurable 2/3) and the credentials statistics (R-152)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from daihoi.composition import Person, credentials_statistics, quorum, quorum_needed


@pytest.mark.parametrize(("summoned", "needed"), [(9, 6), (10, 7), (120, 80), (121, 81)])
def test_two_thirds_of_those_summoned_rounded_up(summoned: int, needed: int) -> None:
    assert quorum_needed(summoned) == needed


@pytest.mark.parametrize(("present", "reached"), [(79, False), (80, True), (81, True)])
def test_the_quorum_is_reached_exactly_at_the_line(present: int, reached: bool) -> None:
    assert quorum(summoned=120, present=present).reached is reached


def test_the_quorum_ratio_is_configurable() -> None:
    assert quorum_needed(120, Fraction(1, 2)) == 60
    with pytest.raises(ValueError):
        quorum_needed(10, Fraction(3, 2))


def p(born: dt.date, **kw: str) -> Person:
    fields = {"source": "elected", "gender": "male", "ethnicity": "Kinh",
              "qualification": "university", "political_theory": "intermediate"}
    fields.update(kw)
    return Person(born=born, admitted_on=dt.date(2000, 1, 1), **fields)  # type: ignore[arg-type]  # plain str values for the typed fields


def test_credentials_statistics_count_each_group() -> None:
    on = dt.date(2020, 6, 10)
    people = [
        p(dt.date(1990, 6, 10), gender="female", qualification="master"),  # 30
        p(dt.date(1980, 6, 11), ethnicity="Tày", source="ex_officio"),  # 39
        p(dt.date(1980, 6, 10), political_theory="advanced"),  # 40
        p(dt.date(1949, 6, 9), source="appointed"),  # 71
    ]
    s = credentials_statistics(people, on=on, source_order=["elected", "ex_officio", "appointed"])
    assert s.total == 4
    assert [(x.key, x.count) for x in s.by_source] == [("elected", 2), ("ex_officio", 1),
                                                       ("appointed", 1)]
    assert (s.women.count, s.women.percent) == (1, "25.00")
    assert s.ethnic_minority.count == 1
    assert (s.under_40.count, s.over_70.count) == (2, 1)
    assert (s.oldest, s.youngest) == (71, 30)
    assert s.average_age == "45.0"
    assert s.postgraduate.count == 1
    assert s.advanced_theory.count == 1
    assert [b.count for b in s.age_bands] == [0, 2, 1, 0, 1]
    assert s.seniority_bands[2].count == 4  # 20 years since 1/1/2000


def test_credentials_statistics_of_nobody_are_zero() -> None:
    s = credentials_statistics([], on=dt.date(2020, 6, 10))
    assert (s.total, s.oldest, s.average_age) == (0, None, "0.0")
