"""Checks of the election list before voting: surplus (R-020, R-021, R-024), the prepared
surplus (R-020), the size of a cell committee (R-006) and floor nominees (R-014).
Integer arithmetic only.
"""

from __future__ import annotations

from dataclasses import dataclass

from daihoi.tally.i18n import Text
from daihoi.tally.i18n import gettext_noop as _
from daihoi.tally.model import ElectionKind
from daihoi.tally.policies import Policies, PreparedSurplusRounding, SurplusCapOtherLists

#: R-020: the bodies whose list must have a surplus, capped at 30% (cấp ủy, standing committee).
SURPLUS_BODIES: frozenset[ElectionKind] = frozenset(
    {ElectionKind.COMMITTEE, ElectionKind.STANDING_COMMITTEE, ElectionKind.CELL_COMMITTEE}
)
#: R-006: a cell committee (chi ủy) has at most 7 members.
CELL_COMMITTEE_MAX_SEATS = 7


def max_surplus(seats: int) -> int:
    """R-020, R-021: the most extra names allowed: ``floor(30% of seats)``; 1 for 3-5 seats.

    9 seats -> 2; 10 seats -> 3 (exactly 30%); 15 -> 4; 3, 4 or 5 seats -> 1.
    """
    if seats < 1:
        raise ValueError("seats must be at least 1")
    if 3 <= seats <= 5:
        return 1
    return (3 * seats) // 10


def prepared_surplus(
    seats: int, rounding: PreparedSurplusRounding = PreparedSurplusRounding.INNER_INTEGERS_MIN_1
) -> tuple[int, ...]:
    """R-020: the extra names the convening committee should prepare (10%-15% of seats).

    ``INNER_INTEGERS_MIN_1`` (default): the integers in ``[ceil(10%), floor(15%)]``; if there
    are none, ``max(1, floor(15%))`` (9 -> (1,), 15 -> (2,), 31 -> (4,), 12 -> (1,)).
    ``NEAREST_MIN_1``: 10% and 15% each rounded half up, at least 1.
    """
    if seats < 1:
        raise ValueError("seats must be at least 1")
    if rounding is PreparedSurplusRounding.NEAREST_MIN_1:
        low = max(1, (10 * seats + 50) // 100)
        high = max(low, (15 * seats + 50) // 100)
        return tuple(range(low, high + 1))
    low = -(-seats // 10)
    high = (15 * seats) // 100
    if low <= high:
        return tuple(range(low, high + 1))
    return (max(1, high),)


@dataclass(frozen=True, slots=True)
class ListIssue:
    """One finding of a list check. ``blocking`` findings make ``ListCheck.ok`` false.
    ``message`` is the Vietnamese sentence; a page says it in its reader's language from its
    template (``message.template``, ``message.params``)."""

    code: str
    rules: str
    blocking: bool
    message: Text


@dataclass(frozen=True, slots=True)
class ListCheck:
    """The outcome of ``check_list``."""

    places: int
    candidates: int
    surplus: int
    max_extra: int
    prepared_extra: tuple[int, ...]
    ok: bool
    issues: tuple[ListIssue, ...]


def check_list(
    *,
    kind: ElectionKind,
    seats: int,
    candidates: int,
    alternates: int = 0,
    policies: Policies | None = None,
) -> ListCheck:
    """R-006, R-020, R-021, R-024: check the size of an election list before voting.

    ``places`` is seats + alternates (a common delegate list, R-070). Committee, standing
    committee and cell committee lists must have a surplus (R-020) of at most
    ``max_surplus(places)`` (R-020, R-021). For other lists the cap is advisory unless
    ``Policies.surplus_cap_other_lists`` is ``ENFORCED`` (R-024). A cell committee has at most 7
    seats (R-006). Fewer names than places is reported (not blocking).
    """
    pol = policies if policies is not None else Policies()
    if seats < 1:
        raise ValueError("seats must be at least 1")
    if alternates < 0 or candidates < 0:
        raise ValueError("counts must not be negative")
    places = seats + alternates
    surplus = candidates - places
    cap = max_surplus(places)
    issues: list[ListIssue] = []
    surplus_body = kind in SURPLUS_BODIES
    if kind is ElectionKind.CELL_COMMITTEE and seats > CELL_COMMITTEE_MAX_SEATS:
        issues.append(
            ListIssue(
                "cell_committee_too_large",
                "R-006",
                True,
                Text(_("Chi ủy có tối đa %(max)s người, đề nghị %(seats)s."),
                     {"max": CELL_COMMITTEE_MAX_SEATS, "seats": seats}),
            )
        )
    if surplus_body and surplus <= 0:
        issues.append(
            ListIssue(
                "surplus_required",
                "R-020",
                True,
                Text(_("Danh sách phải nhiều hơn số lượng cần bầu (%(candidates)s người cho "
                       "%(places)s chỗ)."), {"candidates": candidates, "places": places}),
            )
        )
    if surplus_body and cap == 0:
        issues.append(
            ListIssue(
                "surplus_impossible",
                "R-020",
                True,
                Text(_("Với %(places)s chỗ, 30%% là dưới 1 người: không thể có số dư; cần quyết "
                       "định."), {"places": places}),
            )
        )
    if surplus > cap:
        enforced = surplus_body or pol.surplus_cap_other_lists is SurplusCapOtherLists.ENFORCED
        rules = "R-020, R-021" if surplus_body else "R-024"
        values = {"surplus": surplus, "cap": cap, "places": places}
        issues.append(
            ListIssue(
                "surplus_above_cap",
                rules,
                enforced,
                Text(_("Số dư %(surplus)s vượt mức tối đa %(cap)s (30%% của %(places)s; 3–5 "
                       "người: tối đa 1)."), values) if 3 <= places <= 5
                else Text(_("Số dư %(surplus)s vượt mức tối đa %(cap)s (30%% của "
                            "%(places)s)."), values),
            )
        )
    if surplus < 0:
        issues.append(
            ListIssue(
                "fewer_candidates_than_places",
                "R-033",
                False,
                Text(_("Danh sách (%(candidates)s) ít hơn số chỗ (%(places)s): chắc chắn "
                       "thiếu."), {"candidates": candidates, "places": places}),
            )
        )
    return ListCheck(
        places=places,
        candidates=candidates,
        surplus=surplus,
        max_extra=cap,
        prepared_extra=prepared_surplus(places, pol.prepared_surplus_rounding),
        ok=not any(issue.blocking for issue in issues),
        issues=tuple(issues),
    )


def floor_nominee_min_agree(attending: int) -> int:
    """R-014: a nominee not proposed by the convening committee needs agreement of MORE than
    30% of those attending: the least such number is ``floor(3 * attending / 10) + 1``.

    43 attending -> 13 (30% = 12.9); 40 attending -> 13 (30% = 12 exactly is not enough).
    """
    if attending < 0:
        raise ValueError("attending must not be negative")
    return (3 * attending) // 10 + 1


def floor_nominee_accepted(*, agree: int, attending: int) -> bool:
    """R-014: does a floor nominee with ``agree`` agreements go on the list?"""
    return agree >= floor_nominee_min_agree(attending)
