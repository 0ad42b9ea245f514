"""The counting engine is pure: no Django anywhere in ``daihoi.tally`` (STYLE habit 2)."""

from __future__ import annotations

from pathlib import Path

import daihoi.tally
from tests.purity import django_modules_after_running, foreign_imports

PACKAGE = Path(daihoi.tally.__file__).resolve().parent


def test_it_imports_only_the_standard_library_and_itself() -> None:
    assert len(list(PACKAGE.rglob("*.py"))) >= 10
    assert foreign_imports(PACKAGE, ("daihoi.tally",)) == {}


def test_the_check_would_see_a_django_import(tmp_path: Path) -> None:
    (tmp_path / "bad.py").write_text("from django.db import models\n", encoding="utf-8")
    assert foreign_imports(tmp_path, ("daihoi.tally",)) == {"bad.py": {"django.db"}}


def test_it_leaves_django_out_of_sys_modules_when_imported() -> None:
    loaded = django_modules_after_running("import daihoi.tally, daihoi.tally.cli",
                                          PACKAGE.parents[1])
    assert loaded == "[]"
