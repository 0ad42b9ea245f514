"""The composition rules are pure: no Django anywhere in ``daihoi.composition`` (STYLE habit 2)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import daihoi.composition

PACKAGE = Path(daihoi.composition.__file__).resolve().parent
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


def test_it_imports_only_the_standard_library_itself_and_the_counting_engine() -> None:
    stdlib = set(sys.stdlib_module_names) | {"__future__"}
    modules = sorted(PACKAGE.rglob("*.py"))
    assert len(modules) >= 5
    foreign = {
        name for path in modules for name in _imported_modules(path)
        if name.split(".")[0] not in stdlib
        and not name.startswith(("daihoi.composition", "daihoi.tally"))
    }
    assert foreign == set()


def test_it_leaves_django_out_of_sys_modules_when_imported() -> None:
    code = (
        "import sys, daihoi.composition\n"
        "daihoi.composition.load_term('2020-2025')\n"
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip() == "[]"
