"""The corpus of generated ballots read with known truth, shared by the tests
(tests/ballotread/test_corpus.py) and the benchmark (bench/bench_scan.py).

A :class:`Case` is one ballot (all its pages) made from a seed: the list (its size, crossed
out or agree/disagree), the voter's marks (ordinary only, or with planted ambiguous marks) and
the scanner (:class:`generate.Scan`, drawn from the seed). :func:`read_case` draws it, reads
it and keeps only what was found (:class:`Result`), never the images, so that a corpus of any
size is read in constant memory.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from daihoi.ballotread.reader import Reader
from tests.ballotread import generate

#: The lists of the corpus, names: weight (how often drawn). Crossed out: A5 in one column
#: (2-18 names) and in two (19-36), A4 in two columns (40-64) and in three (90-120), two A4
#: pages (250); agree/disagree: A5 (1-16), A4 in one column (20-30) and in two (40-80), two
#: A4 pages (100). The A5 lists are drawn more often: they cost less to draw and read.
CROSS_OUT_SIZES = {2: 3.0, 7: 3.0, 12: 3.0, 18: 3.0, 25: 3.0, 36: 3.0, 40: 1.0, 62: 1.5,
                   90: 1.0, 120: 1.0, 250: 0.6}
BOX_SIZES = {1: 1.0, 5: 1.0, 16: 1.0, 20: 0.3, 40: 0.3, 80: 0.3, 100: 0.2}


@dataclass(frozen=True)
class Case:
    seed: int
    names: int
    cross_out: bool = True
    ambiguous_share: float = 0.0  # the share of names with a planted ambiguous mark


@dataclass
class Result:
    """What reading one ballot found."""

    case: Case
    paper: str  # A5 | A4
    pages: int
    positions: int = 0
    ordinary: int = 0  # positions with no mark or an ordinary one
    flagged: int = 0  # ordinary positions read unsure
    planted: int = 0  # positions with a planted ambiguous mark
    misread: list[tuple[int, str, str, str]] = field(default_factory=list)  # (number, drawn,
    #   truth, read): an ordinary position read wrong, or a planted one read crossed or kept
    rejected: list[str] = field(default_factory=list)  # why a page of it was rejected
    effects: set[str] = field(default_factory=set)
    pens: set[str] = field(default_factory=set)
    widths: list[float] = field(default_factory=list)
    marks: set[str] = field(default_factory=set)  # what was drawn
    reasons: set[str] = field(default_factory=set)  # why positions were read unsure


_READERS: dict[tuple[int, bool], Reader] = {}


def reader(names: int, cross_out: bool) -> Reader:
    """One reader a list, kept for the process."""
    key = (names, cross_out)
    if key not in _READERS:
        code = generate.CODE if cross_out else generate.BOX_CODE
        _READERS[key] = Reader(generate.ballot(names, code, cross_out=cross_out)[1])
    return _READERS[key]


def read_case(case: Case) -> Result:
    """Draw the ballot of ``case`` (each page through its own scan), read it, compare."""
    code = generate.CODE if case.cross_out else generate.BOX_CODE
    _, layout = generate.ballot(case.names, code, cross_out=case.cross_out)
    first = layout.pages[0]
    result = Result(case, "A5" if first.width < 200 else "A4", len(layout.pages))
    read = reader(case.names, case.cross_out)
    for page in range(1, len(layout.pages) + 1):
        seed = case.seed * 8 + page
        scan = generate.Scan.random(random.Random(seed))
        if case.cross_out:
            sheet = generate.sheet(seed, case.names, page=page, scan=scan,
                                   ambiguous_share=case.ambiguous_share)
        else:
            sheet = generate.box_sheet(seed, case.names, page=page, scan=scan,
                                       ambiguous_share=case.ambiguous_share)
        result.effects.update(scan.effects())
        result.pens.update(sheet.pens)
        result.widths.extend(sheet.widths)
        reading = read.read(sheet.image)
        if reading.status != "read":
            result.rejected.append(reading.reason or "")
            continue
        for pos in reading.positions:
            truth, drawn = sheet.truth[pos.number], sheet.marks[pos.number]
            result.positions += 1
            result.marks.add(drawn or "none")
            if pos.reason:
                result.reasons.add(pos.reason)
            if truth == "unsure":
                result.planted += 1
                if pos.status != "unsure":
                    result.misread.append((pos.number, drawn, truth, pos.status))
            else:
                result.ordinary += 1
                if pos.status == "unsure":
                    result.flagged += 1
                elif pos.status != truth:
                    result.misread.append((pos.number, drawn, truth, pos.status))
    return result


def cases(count: int, *, start: int = 0, sizes: dict[int, float] | None = None,
          box_sizes: dict[int, float] | None = None, box_share: float = 0.15,
          planted_share: float = 0.25, ambiguous_share: float = 0.2) -> Iterator[Case]:
    """``count`` cases from seed ``start`` on: lists drawn by their weights (an
    agree/disagree list one ballot in ``1 / box_share``), a quarter of the ballots
    (``planted_share``) with planted ambiguous marks on a fifth of their names."""
    sizes = CROSS_OUT_SIZES if sizes is None else sizes
    box_sizes = BOX_SIZES if box_sizes is None else box_sizes
    for i in range(start, start + count):
        rng = random.Random(i * 7919)
        box = bool(box_sizes) and rng.random() < box_share
        table = box_sizes if box else sizes
        names = rng.choices(tuple(table), weights=tuple(table.values()))[0]
        share = ambiguous_share if rng.random() < planted_share else 0.0
        yield Case(i, names, not box, share)


@dataclass
class Tally:
    """The results of a corpus, added up."""

    ballots: int = 0
    ordinary_ballots: int = 0  # ballots without planted marks, all pages read
    flagged_ordinary_ballots: int = 0
    positions: int = 0
    ordinary: int = 0
    flagged: int = 0
    planted: int = 0
    misread: list[tuple[Case, tuple[int, str, str, str]]] = field(default_factory=list)
    rejected: list[tuple[Case, str]] = field(default_factory=list)
    effects: dict[str, int] = field(default_factory=dict)  # effect → ballots with it
    pens: set[str] = field(default_factory=set)
    widths: tuple[float, float] = (9.9, 0.0)
    marks: dict[str, int] = field(default_factory=dict)
    reasons: set[str] = field(default_factory=set)
    lists: set[tuple[int, bool, str]] = field(default_factory=set)  # (names, crossed, paper)

    def add(self, r: Result) -> None:
        self.ballots += 1
        self.positions += r.positions
        self.ordinary += r.ordinary
        self.flagged += r.flagged
        self.planted += r.planted
        if not r.case.ambiguous_share and not r.rejected:
            self.ordinary_ballots += 1
            self.flagged_ordinary_ballots += r.flagged > 0
        self.misread.extend((r.case, m) for m in r.misread)
        self.rejected.extend((r.case, why) for why in r.rejected)
        for e in r.effects:
            self.effects[e] = self.effects.get(e, 0) + 1
        for m in r.marks:
            self.marks[m] = self.marks.get(m, 0) + 1
        self.pens |= r.pens
        if r.widths:
            self.widths = (min(self.widths[0], *r.widths), max(self.widths[1], *r.widths))
        self.reasons |= r.reasons
        self.lists.add((r.case.names, r.case.cross_out, r.paper))
