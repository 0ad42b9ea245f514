"""Eligibility of candidates: Example 11 (R-142) and each age requirement at its boundary."""

from __future__ import annotations

import datetime as dt

import pytest

from daihoi.composition import Candidate, YearMonth, check_candidate, load_term

R2025 = load_term("2025-2030")
R2020 = load_term("2020-2025")


def person(**kw: object) -> Candidate:
    fields: dict[str, object] = {"key": "x", "name": "Nguyễn Văn X", "gender": "male",
                                 "born": dt.date(1970, 1, 1)}
    fields.update(kw)
    return Candidate(**fields)  # type: ignore[arg-type]  # fields typed object on purpose


@pytest.mark.parametrize(
    ("level", "reelection", "post", "retirement", "remaining", "needed", "eligible"),
    [
        ("commune", True, "", YearMonth(2029, 3), 44, 48, False),  # A
        ("commune", False, "", YearMonth(2030, 9), 62, 60, True),  # B
        ("commune", False, "", YearMonth(2030, 5), 58, 60, False),  # C
        ("province", True, "provincial_deputy_secretary", YearMonth(2029, 4), 43, 42, True),  # D
        ("province", True, "", YearMonth(2029, 4), 43, 48, False),  # D, not a deputy secretary
    ],
)
def test_example_11_of_the_spec(level: str, reelection: bool, post: str, retirement: YearMonth,
                                remaining: int, needed: int, eligible: bool) -> None:
    check = check_candidate(person(reelection=reelection, post=post, retirement=retirement),
                            R2025, level=level)
    assert (check.months_remaining, check.months_required, check.eligible) == (
        remaining, needed, eligible)


@pytest.mark.parametrize(("months", "eligible"), [(47, False), (48, True), (49, True)])
def test_reelection_needs_48_months_exactly_under_chi_thi_45(months: int, eligible: bool) -> None:
    retirement = YearMonth(2025, 7).plus_months(months)
    check = check_candidate(person(reelection=True, retirement=retirement), R2025,
                            level="commune")
    assert check.eligible is eligible
    if not eligible:
        assert "quá tuổi tái cử" in check.reasons[0]
        assert "48" in check.reasons[0]


@pytest.mark.parametrize(("months", "eligible"), [(59, False), (60, True), (61, True)])
def test_a_first_term_needs_one_full_term(months: int, eligible: bool) -> None:
    retirement = YearMonth(2025, 4).plus_months(months)
    check = check_candidate(person(retirement=retirement), R2025, level="grassroots")
    assert check.eligible is eligible


@pytest.mark.parametrize(("months", "eligible"), [(29, False), (30, True)])
def test_reelection_needed_half_a_term_under_chi_thi_35(months: int, eligible: bool) -> None:
    retirement = YearMonth(2020, 4).plus_months(months)
    check = check_candidate(person(reelection=True, retirement=retirement), R2020,
                            level="grassroots")
    assert check.eligible is eligible


def test_the_retirement_month_defaults_to_the_terms_retirement_age() -> None:
    # 2020 table: men 60 years (720 months): born 6/1962 → retires 6/2022, 26 months after 4/2020.
    check = check_candidate(person(born=dt.date(1962, 6, 15), reelection=True), R2020,
                            level="grassroots")
    assert check.retirement == YearMonth(2022, 6)
    assert check.retirement_from_table
    assert (check.months_remaining, check.eligible) == (26, False)
    woman = check_candidate(person(gender="female", born=dt.date(1970, 6, 1)), R2020,
                            level="district")
    # women 55: born 6/1970 → 6/2025, exactly 60 months after 6/2020 (R-141's cut-off).
    assert (woman.retirement, woman.months_remaining, woman.eligible) == (
        YearMonth(2025, 6), 60, True)
    older = check_candidate(person(gender="female", born=dt.date(1970, 5, 31)), R2020,
                            level="district")
    assert older.eligible is False


def test_a_probationary_member_is_refused_with_the_reason() -> None:
    check = check_candidate(person(full_member=False, born=dt.date(1990, 1, 1)), R2020,
                            level="grassroots")
    assert not check.eligible
    assert check.reasons == ("là đảng viên dự bị, chưa được ứng cử",)


@pytest.mark.parametrize("status", ["suspended", "prosecuted", "transferred_out"])
def test_a_suspended_or_prosecuted_member_is_refused(status: str) -> None:
    check = check_candidate(person(status=status, born=dt.date(1990, 1, 1)), R2020,
                            level="grassroots")
    assert not check.eligible
    assert len(check.reasons) == 1


def test_every_reason_is_given_at_once() -> None:
    check = check_candidate(person(status="suspended", full_member=False,
                                   born=dt.date(1958, 1, 1)), R2020, level="grassroots")
    assert len(check.reasons) == 3


def test_the_age_is_reported_at_the_reference_month() -> None:
    check = check_candidate(person(born=dt.date(1980, 4, 1)), R2020, level="grassroots")
    assert check.age == 40
    check = check_candidate(person(born=dt.date(1980, 4, 2)), R2020, level="grassroots")
    assert check.age == 39
