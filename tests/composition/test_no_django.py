"""The composition rules are pure: no Django anywhere in ``daihoi.composition`` (STYLE habit 2)."""

from __future__ import annotations

from pathlib import Path

import daihoi.composition
from tests.purity import django_modules_after_running, foreign_imports

PACKAGE = Path(daihoi.composition.__file__).resolve().parent


def test_it_imports_only_the_standard_library_itself_and_the_counting_engine() -> None:
    assert len(list(PACKAGE.rglob("*.py"))) >= 5
    assert foreign_imports(PACKAGE, ("daihoi.composition", "daihoi.tally")) == {}


def test_it_leaves_django_out_of_sys_modules_when_imported() -> None:
    loaded = django_modules_after_running(
        "import daihoi.composition\ndaihoi.composition.load_term('2020-2025')",
        PACKAGE.parents[1],
    )
    assert loaded == "[]"
