"""Checks that a package is pure Python (STYLE habit 2): it imports only the standard library
and the packages it is allowed, and importing it leaves Django out of ``sys.modules``."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path


def imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def foreign_imports(package: Path, allowed: tuple[str, ...]) -> dict[str, set[str]]:
    """Imports outside the standard library and ``allowed`` prefixes, by module file."""
    stdlib = set(sys.stdlib_module_names) | {"__future__"}
    found: dict[str, set[str]] = {}
    for path in sorted(package.rglob("*.py")):
        for name in imported_modules(path):
            if name.split(".")[0] not in stdlib and not name.startswith(allowed):
                found.setdefault(str(path.relative_to(package)), set()).add(name)
    return found


def django_modules_after_running(code: str, src: Path) -> str:
    """Run ``code`` in a fresh interpreter; return the Django modules it loaded (``[]``)."""
    probe = (
        "import sys\n" + code + "\n"
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(src)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          env=env, check=True)
    return proc.stdout.strip()
