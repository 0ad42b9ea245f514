"""The counting engine is pure: no Django anywhere in ``daihoi.tally`` (STYLE habit 2)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import daihoi.tally

PACKAGE = Path(daihoi.tally.__file__).resolve().parent
SRC = PACKAGE.parents[1]


def _imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_it_never_imports_django_in_any_module_of_the_package() -> None:
    modules = sorted(PACKAGE.rglob("*.py"))
    assert len(modules) >= 10
    offenders = {
        str(path.relative_to(PACKAGE)): name
        for path in modules
        for name in _imported_modules(path)
        if name == "django" or name.startswith("django.")
    }
    assert offenders == {}


def test_it_imports_only_the_standard_library_and_itself() -> None:
    stdlib = set(sys.stdlib_module_names) | {"__future__"}
    foreign = {
        name
        for path in PACKAGE.rglob("*.py")
        for name in _imported_modules(path)
        if name.split(".")[0] not in stdlib and not name.startswith("daihoi.tally")
    }
    assert foreign == set()


def test_it_leaves_django_out_of_sys_modules_when_imported() -> None:
    code = (
        "import sys, daihoi.tally, daihoi.tally.cli\n"
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip() == "[]"
