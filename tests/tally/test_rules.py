"""Each rule lives once, in a function whose docstring names its R-number."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import daihoi.tally
from daihoi.tally import (
    ballot_layout,
    check_list,
    classify_ballot,
    compute_base,
    count_votes,
    floor_nominee_min_agree,
    max_names_kept,
    max_surplus,
    min_votes,
    prepared_surplus,
    propose_next_step,
    rank_candidates,
    round_is_void,
    share_percent,
)

RULES: dict[str, Callable[..., object]] = {
    "R-006": check_list,
    "R-007": propose_next_step,
    "R-014": floor_nominee_min_agree,
    "R-020": max_surplus,
    "R-021": max_surplus,
    "R-024": check_list,
    "R-031": count_votes,
    "R-032": count_votes,
    "R-033": classify_ballot,
    "R-034": classify_ballot,
    "R-035": round_is_void,
    "R-044": share_percent,
    "R-050": count_votes,
    "R-051": compute_base,
    "R-052": compute_base,
    "R-053": min_votes,
    "R-055": min_votes,
    "R-060": rank_candidates,
    "R-061": rank_candidates,
    "R-062": propose_next_step,
    "R-063": propose_next_step,
    "R-070": rank_candidates,
    "R-072": max_names_kept,
}
PACKAGE = Path(daihoi.tally.__file__).resolve().parent


@pytest.mark.parametrize(("rule", "function"), RULES.items())
def test_the_function_carrying_a_rule_names_it_in_its_docstring(
    rule: str, function: Callable[..., object]
) -> None:
    assert rule in (function.__doc__ or "")


def test_the_prepared_surplus_and_the_layout_name_their_rules() -> None:
    assert "R-020" in (prepared_surplus.__doc__ or "")
    assert "R-031" in (ballot_layout.__doc__ or "")


@pytest.mark.parametrize(
    ("fragment", "where"),
    [
        ("// 2 + 1", "threshold.py"),
        ("(3 * attending) // 10", "lists.py"),
        ("collected > issued", "ballots.py"),
        ("(3 * seats) // 10", "lists.py"),
    ],
)
def test_a_rule_formula_appears_once_in_the_package(fragment: str, where: str) -> None:
    found = [
        path.name
        for path in PACKAGE.rglob("*.py")
        for line in path.read_text(encoding="utf-8").splitlines()
        if fragment in line and not line.lstrip().startswith(("#", '"', "*"))
    ]
    assert found == [where]
