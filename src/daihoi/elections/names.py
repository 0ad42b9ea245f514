"""Names to members for the election list and the board: pasted names matched to the roster,
and the pickers' search over the whole roster of the congress's organization."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

from django.utils.translation import gettext

from daihoi.collation import fold
from daihoi.elections.models import Election
from daihoi.roster.models import Member

_YEAR = re.compile(r"^(?P<name>.*?)\s*\((?P<year>\d{4})\)\s*$")
#: At most this many lines in a pasted list (a ballot has at most 250 names), counted before
#: anything else is done with the text; a longer paste is refused (``too_many_lines``).
MAX_LINES = 500
MAX_LINE_CHARS = 200


def too_many_lines() -> str:
    """The refusal of a paste over the limits, in the reader's language."""
    return gettext("Danh sách dán vào dài hơn giới hạn %(lines)s dòng (mỗi dòng một tên, không "
                   "quá %(chars)s ký tự).") % {"lines": MAX_LINES, "chars": MAX_LINE_CHARS}


def match_names(election: Election, text: str) -> tuple[list[Member], list[str]]:
    """The members named in ``text`` (one name per line, blank lines skipped), and what could
    not be matched, one sentence per line: a name matches a member of the congress's
    organization by its letters (case and spacing aside); a name shared by several takes the
    year of birth in brackets. A text over :data:`MAX_LINES` lines is refused as a whole."""
    if text.count("\n") >= MAX_LINES * 2 or len(text) > MAX_LINES * (MAX_LINE_CHARS + 2):
        return [], [too_many_lines()]
    text = unicodedata.normalize("NFC", text)
    lines = [(i, " ".join(raw.split())) for i, raw in enumerate(text.splitlines(), start=1)]
    lines = [(i, ln) for i, ln in lines if ln]
    if len(lines) > MAX_LINES or any(len(ln) > MAX_LINE_CHARS for _, ln in lines):
        return [], [too_many_lines()]
    wanted: list[tuple[int, str, str, int | None]] = []
    for i, ln in lines:
        m = _YEAR.match(ln)
        name, year = (m["name"], int(m["year"])) if m else (ln, None)
        wanted.append((i, ln, name, year))
    folded = {fold(name) for _, _, name, _ in wanted}
    by_fold: dict[str, list[Member]] = defaultdict(list)
    for member in Member.objects.filter(
            cell__path__startswith=election.congress.organization.path,
            search_text__in=folded).select_related("cell").order_by("sort_key", "pk"):
        by_fold[member.search_text].append(member)
    found: list[Member] = []
    problems: list[str] = []
    seen: dict[int, int] = {}
    for i, ln, name, year in wanted:
        pool = by_fold.get(fold(name), [])
        exact = [m for m in pool if m.full_name.casefold() == name.casefold()]
        pool = exact or pool
        if year is not None:
            pool = [m for m in pool if m.date_of_birth.year == year]
        if not pool:
            problems.append(gettext(
                "Dòng %(line)s: “%(text)s” — không có đảng viên nào tên như vậy trong đảng "
                "bộ.") % {"line": i, "text": ln})
        elif len(pool) > 1:
            who = "; ".join(gettext("%(cell)s, sinh năm %(year)s") % {
                "cell": m.cell.name, "year": m.date_of_birth.year} for m in pool)
            example = f"{name} ({pool[0].date_of_birth.year})"
            problems.append(gettext(
                "Dòng %(line)s: “%(text)s” — %(n)s đảng viên trùng tên (%(who)s); ghi thêm năm "
                "sinh trong ngoặc, ví dụ “%(example)s”.") % {
                    "line": i, "text": ln, "n": len(pool), "who": who, "example": example})
        elif pool[0].pk in seen:
            problems.append(gettext("Dòng %(line)s: “%(text)s” — đã có ở dòng %(first)s.") % {
                "line": i, "text": ln, "first": seen[pool[0].pk]})
        else:
            seen[pool[0].pk] = i
            found.append(pool[0])
    return found, problems


def search_members(election: Election, query: str, *, limit: int = 30) -> list[Member]:
    """Members of the congress's organization whose name contains ``query`` (diacritics,
    case and spacing aside), in name order: the pickers search the whole roster."""
    qs = Member.objects.filter(cell__path__startswith=election.congress.organization.path)
    words = fold(query).split()
    for w in words:
        qs = qs.filter(search_text__contains=w)
    return list(qs.select_related("cell").order_by("sort_key", "pk")[:limit])
