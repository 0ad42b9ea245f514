"""R-152 [PRACTICE]: the statistics of a credentials report, computed from plain data."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from daihoi.composition.checker import MINORITY_EXCLUDES, age_on
from daihoi.tally import share_percent

#: (label, lowest age, highest age or None)
AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("Dưới 30 tuổi", 0, 29),
    ("Từ 30 đến 39 tuổi", 30, 39),
    ("Từ 40 đến 49 tuổi", 40, 49),
    ("Từ 50 đến 59 tuổi", 50, 59),
    ("Từ 60 tuổi trở lên", 60, None),
)
#: (label, fewest years of party membership, most or None)
SENIORITY_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("Dưới 10 năm", 0, 9),
    ("Từ 10 đến dưới 20 năm", 10, 19),
    ("Từ 20 đến dưới 30 năm", 20, 29),
    ("Từ 30 năm trở lên", 30, None),
)
POSTGRADUATE = frozenset({"master", "doctorate"})
ADVANCED_THEORY = frozenset({"advanced", "bachelor"})


@dataclass(frozen=True, slots=True)
class Person:
    source: str
    gender: str
    born: dt.date
    ethnicity: str
    qualification: str
    political_theory: str
    admitted_on: dt.date


@dataclass(frozen=True, slots=True)
class Line:
    key: str
    count: int
    percent: str


@dataclass(frozen=True, slots=True)
class CredentialsStats:
    total: int
    on: dt.date
    by_source: tuple[Line, ...]
    women: Line
    ethnic_minority: Line
    by_ethnicity: tuple[Line, ...]
    age_bands: tuple[Line, ...]
    under_40: Line
    over_70: Line
    average_age: str
    oldest: int | None
    youngest: int | None
    by_qualification: tuple[Line, ...]
    postgraduate: Line
    by_theory: tuple[Line, ...]
    advanced_theory: Line
    seniority_bands: tuple[Line, ...]
    average_seniority: str


def _line(key: str, count: int, total: int) -> Line:
    return Line(key, count, share_percent(count, total) if total else "0.00")


def _lines(counter: Counter[str], total: int, order: Iterable[str] = ()) -> tuple[Line, ...]:
    keys = [k for k in order if counter.get(k)] + sorted(k for k in counter if k not in order)
    return tuple(_line(k, counter[k], total) for k in keys)


def _band(value: int, bands: Sequence[tuple[str, int, int | None]]) -> str:
    for label, low, high in bands:
        if value >= low and (high is None or value <= high):
            return label
    return bands[0][0]


def _average(values: list[int]) -> str:
    """One decimal, rounded half up, integer arithmetic."""
    if not values:
        return "0.0"
    tenths = (sum(values) * 20 + len(values)) // (2 * len(values))
    return f"{tenths // 10}.{tenths % 10}"


def credentials_statistics(people: Sequence[Person], *, on: dt.date,
                           source_order: Sequence[str] = (),
                           qualification_order: Sequence[str] = (),
                           theory_order: Sequence[str] = ()) -> CredentialsStats:
    """The credentials report's figures for ``people`` with ages and seniority on ``on``."""
    total = len(people)
    ages = [age_on(p.born, on) for p in people]
    seniority = [age_on(p.admitted_on, on) for p in people]
    women = sum(1 for p in people if p.gender == "female")
    minority = sum(1 for p in people if p.ethnicity.strip().lower() not in MINORITY_EXCLUDES)
    age_counter = Counter(_band(a, AGE_BANDS) for a in ages)
    seniority_counter = Counter(_band(s, SENIORITY_BANDS) for s in seniority)
    return CredentialsStats(
        total=total,
        on=on,
        by_source=_lines(Counter(p.source for p in people), total, source_order),
        women=_line("female", women, total),
        ethnic_minority=_line("minority", minority, total),
        by_ethnicity=_lines(Counter(p.ethnicity for p in people), total, ("Kinh",)),
        age_bands=tuple(_line(label, age_counter[label], total) for label, _, _ in AGE_BANDS),
        under_40=_line("under_40", sum(1 for a in ages if a < 40), total),
        over_70=_line("over_70", sum(1 for a in ages if a > 70), total),
        average_age=_average(ages),
        oldest=max(ages) if ages else None,
        youngest=min(ages) if ages else None,
        by_qualification=_lines(Counter(p.qualification for p in people), total,
                                qualification_order),
        postgraduate=_line("postgraduate",
                           sum(1 for p in people if p.qualification in POSTGRADUATE), total),
        by_theory=_lines(Counter(p.political_theory for p in people), total, theory_order),
        advanced_theory=_line("advanced",
                              sum(1 for p in people if p.political_theory in ADVANCED_THEORY),
                              total),
        seniority_bands=tuple(_line(label, seniority_counter[label], total)
                              for label, _, _ in SENIORITY_BANDS),
        average_seniority=_average(seniority),
    )
