"""The difference between two versions of a document, section by section, with an inline word
diff of the sections that changed. Pure Python (difflib)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class SectionText:
    heading: str
    body: str


@dataclass
class SectionDiff:
    status: str  # "same", "changed", "added", "removed"
    heading: str
    old_heading: str = ""
    #: (op, text) pieces: op is "=", "+" or "-".
    pieces: list[tuple[str, str]] = field(default_factory=list)


def _key(heading: str) -> str:
    return re.sub(r"\s+", " ", heading).strip().lower()


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    a, b = re.findall(r"\S+|\s+", old), re.findall(r"\S+|\s+", new)
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("=", "".join(a[i1:i2])))
        else:
            if i2 > i1:
                out.append(("-", "".join(a[i1:i2])))
            if j2 > j1:
                out.append(("+", "".join(b[j1:j2])))
    return out


def diff_versions(old: list[SectionText], new: list[SectionText]) -> list[SectionDiff]:
    """Match sections by heading (then by order for the rest) and compare their text."""
    old_keys = [_key(s.heading) for s in old]
    new_keys = [_key(s.heading) for s in new]
    out: list[SectionDiff] = []
    matcher = difflib.SequenceMatcher(a=old_keys, b=new_keys, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for o, n in zip(old[i1:i2], new[j1:j2], strict=True):
                if o.body == n.body:
                    out.append(SectionDiff("same", n.heading, pieces=[("=", n.body)]))
                else:
                    out.append(SectionDiff("changed", n.heading, pieces=word_diff(o.body, n.body)))
            continue
        olds, news = old[i1:i2], new[j1:j2]
        paired = min(len(olds), len(news)) if op == "replace" else 0
        for o, n in zip(olds[:paired], news[:paired], strict=True):
            out.append(SectionDiff(
                "changed", n.heading, old_heading=o.heading,
                pieces=word_diff(o.body, n.body)))
        for o in olds[paired:]:
            out.append(SectionDiff("removed", o.heading, pieces=[("-", o.body)]))
        for n in news[paired:]:
            out.append(SectionDiff("added", n.heading, pieces=[("+", n.body)]))
    return out
