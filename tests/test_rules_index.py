"""The rules index (docs/rules.md) matches what the code and tests cite, and the repository
points at nothing outside itself."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INDEX = ROOT / "docs" / "rules.md"

#: A rule identifier: "R-", three digits, and the letter of a part of the rule if any.
RULE_ID = re.compile(r"\bR-\d{3}[a-d]?\b")
#: A heading of the index: "### R-051a: Deduction (a): ...".
INDEX_ENTRY = re.compile(r"^### (R-\d{3}[a-d]?): \S", re.MULTILINE)
#: A file of the repository named in the index, in backquotes.
INDEX_PATH = re.compile(r"`((?:src|tests)/[^`]+)`")
#: Where a path outside the repository would betray itself.
OUTSIDE = re.compile(r"\.\./shared|/work/|election-rules\.md")

SCANNED_DIRS = ("src", "tests", "docs", "tools", "bench")
SCANNED_FILES = ("README.md", "pyproject.toml", "Makefile")


def _text_files(*roots: Path) -> list[Path]:
    files = []
    for root in roots:
        candidates = [root] if root.is_file() else sorted(root.rglob("*"))
        for path in candidates:
            if not path.is_file() or "__pycache__" in path.parts or path.suffix == ".mo":
                continue
            files.append(path)
    return files


def _read(path: Path) -> str | None:
    try:
        return path.read_text("utf-8")
    except UnicodeDecodeError:  # a binary file (font, image) cites nothing
        return None


def _cited_in_code_and_tests() -> dict[str, set[str]]:
    cited: dict[str, set[str]] = {}
    for path in _text_files(ROOT / "src", ROOT / "tests"):
        if path == Path(__file__).resolve():
            continue  # its own examples cite nothing
        text = _read(path)
        if text is None:
            continue
        for rule in RULE_ID.findall(text):
            cited.setdefault(rule, set()).add(str(path.relative_to(ROOT)))
    return cited


def _indexed() -> list[str]:
    return INDEX_ENTRY.findall(INDEX.read_text("utf-8"))


def test_every_rule_cited_in_code_or_tests_is_in_the_index() -> None:
    missing = {rule: sorted(where) for rule, where in _cited_in_code_and_tests().items()
               if rule not in set(_indexed())}
    assert missing == {}, f"add these to docs/rules.md: {missing}"


def test_every_rule_in_the_index_is_cited_by_code_or_tests() -> None:
    cited = _cited_in_code_and_tests()
    unused = [rule for rule in _indexed() if rule not in cited]
    assert unused == [], f"nothing cites these entries of docs/rules.md: {unused}"


def test_the_index_lists_each_rule_once() -> None:
    entries = _indexed()
    assert len(entries) > 0
    assert sorted({r for r in entries if entries.count(r) > 1}) == []


def test_every_file_the_index_names_exists() -> None:
    named = set(INDEX_PATH.findall(INDEX.read_text("utf-8")))
    assert len(named) > 0
    assert sorted(p for p in named if not (ROOT / p).is_file()) == []


def test_the_pattern_finds_rules_with_and_without_a_part_letter() -> None:
    assert RULE_ID.findall("R-051, R-051a (R-052b) and R-0510") == ["R-051", "R-051a", "R-052b"]


def test_no_file_of_the_repository_points_outside_it() -> None:
    roots = [ROOT / d for d in SCANNED_DIRS] + [ROOT / f for f in SCANNED_FILES]
    outside = []
    for path in _text_files(*(r for r in roots if r.exists())):
        if path == Path(__file__).resolve():
            continue  # the patterns themselves
        text = _read(path)
        if text is not None and OUTSIDE.search(text):
            outside.append(str(path.relative_to(ROOT)))
    assert outside == [], "cite docs/rules.md instead of a path outside the repository"
