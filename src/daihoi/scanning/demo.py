"""The demo's scanned ballots (issue 15, point 9), through the real services and the real
reading job.

The executive committee of the demo congress was counted at the keyed desks and announced at
14:55, and the new committee's first conference elected from its result: a round announced has
no queue left for the board head. The count being done by scanner is therefore the congress's
next one, the **delegates to the district congress** (10 + 2 alternates, 14 names, 111 ballots
collected; ``elections.demo`` closes its vote and opens its count with ``bkp.to1``'s scan desk
and ``bkp.to2``'s keyed desk). Its ballots are drawn on the round's own ballot PDF and layout
(``printing.ballot_text`` → ``ballot_pdf.render_with_layout``), marked as the voters below
marked them (:func:`demo_ballots`) and passed through an office scanner
(:mod:`daihoi.ballotread.synth`), at 200 dpi grey:

- the first stack, ballots 1-60, scanned by ``bkp.to1`` to a multi-page TIFF, uploaded and read
  by the reading job (``tasks.run_round``, run here at once as the worker would run it): its
  counts on the station; ballot 12 was fed upside down;
- four names the reader could not read, on ballots 7, 19 and 33, waiting for the board head
  (``bkp.truongban``) in the queue: a line through the family name only, a ring round a name,
  a name struck and then restored, a line through the given name only;
- the second stack, ballots 61-111, scanned to the round's scan folder
  (``<SCAN_INBOX>/<round code>/``) as the scanner's PDF, waiting for "Đọc thư mục quét".

The head then chooses the second reading (``bkp.to2`` keys every ballot, or the comparison
audit of the scan desk by ``bkp.to2``), reconciles and announces. The voters' choices give a
smallest margin of 18 votes (the last elected against the first alternate, each alternate
against the next and over the threshold of 57), so that the comparison audit draws 39 of the
111 ballots at 5%.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from daihoi import clock
from daihoi.ballotread import raster, synth
from daihoi.congress.models import Congress
from daihoi.core.jobs import upload_dir
from daihoi.elections import ballot_pdf, printing
from daihoi.elections.demo import build_demo_elections
from daihoi.elections.models import Election, ElectionKind, Round, RoundStatus
from daihoi.roster.demo import COMMITTEE_CODE
from daihoi.scanning import selectors, services, tasks
from daihoi.scanning.models import ScanBatch

#: The scanner's resolution (grey).
DPI = 200
#: The ballots of the first stack (read), the rest being the second (in the scan folder).
FIRST_STACK = 60
FIRST_FILE = "to1-quet-01.tif"
SECOND_FILE = "to1-quet-02.pdf"
#: The voters counted on (the demo's official session: 111 present).
VOTERS = 111
#: How many voters crossed each name, by its number on the ballot: the two names not placed
#: (7, 12), the second alternate (9), the first alternate (4); five of the ten elected names
#: were crossed once each. Every voter crosses at least two names (a ballot keeps at most 12).
CROSSED_BY = {7: 99, 12: 81, 9: 37, 4: 19, 1: 1, 3: 1, 6: 1, 10: 1, 13: 1}
#: The marks the reader cannot decide, by counting number: name number → (the mark drawn, what
#: the voter meant and the board head rules: crossed or kept).
UNSURE = {7: {7: ("partial-family", "crossed")},
          19: {1: ("ring", "kept")},
          33: {2: ("struck-then-restored", "kept"), 12: ("partial-given", "crossed")}}
#: The ballot fed upside down.
UPSIDE_DOWN = 12


@dataclass(frozen=True)
class DemoBallot:
    """One voter's ballot: the names crossed out (as the voter meant them) and the marks the
    reader cannot decide, with the board head's ruling."""

    serial: int
    crossed: frozenset[int]
    unsure: dict[int, tuple[str, str]] = field(default_factory=dict)

    @property
    def line(self) -> str:
        """What a desk keys for this ballot: the printed numbers of the crossed names."""
        return " ".join(str(n) for n in sorted(self.crossed))


def demo_ballots(voters: int = VOTERS) -> list[DemoBallot]:
    """The demo's ballots of the delegates' election in counting order (a voter's crosses go
    one to each voter in turn, the most crossed name first, so that no voter crosses a name
    twice and every voter crosses at least two)."""
    crossed: list[set[int]] = [set() for _ in range(voters)]
    token = 0
    for number, times in CROSSED_BY.items():
        for _ in range(min(times, voters)):
            crossed[token % voters].add(number)
            token += 1
    out = []
    for i, names in enumerate(crossed):
        serial = i + 1
        unsure = dict(UNSURE.get(serial, {}))
        for number, (_, ruling) in unsure.items():
            if (ruling == "crossed") != (number in names):
                raise ValueError(f"ballot {serial}: the mark on name {number} disagrees with "
                                 "the voter's choice")
        out.append(DemoBallot(serial, frozenset(names), unsure))
    return out


def demo_round() -> Round | None:
    """The demo congress's delegates' round counted by scanner (None before the demo)."""
    congress = Congress.objects.filter(organization__code=COMMITTEE_CODE, part_of=None,
                                       term_start=2020).first()
    election = (Election.objects.filter(congress=congress, kind=ElectionKind.DELEGATES).first()
                if congress else None)
    return election.rounds.filter(sequence=1).first() if election else None


def _pages(rnd: Round, ballots: list[DemoBallot]) -> Iterator[Any]:
    """The scanned pages of ``ballots``, one at a time, drawn on the round's own ballot."""
    pdf, layout = ballot_pdf.render_with_layout(printing.ballot_text(rnd))
    blanks = list(raster.pdf_pages(pdf, DPI, count=len(layout.pages)))
    for b in ballots:
        rng = random.Random(20200610 + b.serial)  # noqa: S311 - synthetic ballots
        drawn = synth.vote(
            blanks, layout, DPI, rng, crossed=b.crossed - set(b.unsure),
            unsure={n: kind for n, (kind, _) in b.unsure.items()},
            scan=synth.Scan.office(rng, DPI, turn=180 if b.serial == UPSIDE_DOWN else 0))
        yield from drawn.pages


def _at(rnd: Round, hour: int, minute: int) -> dt.datetime:
    """That time of the congress's day."""
    opens = rnd.election.congress.opens_at
    assert opens is not None
    return opens.astimezone(clock.LOCAL_TZ).replace(hour=hour, minute=minute).astimezone(dt.UTC)


@transaction.atomic
def build_demo_scanning() -> tuple[list[ScanBatch], bool]:
    """The scanned batch of the demo's delegates' election (idempotent: a second run writes
    nothing and returns the first run's batches)."""
    build_demo_elections()
    rnd = demo_round()
    if rnd is None:
        return [], False
    existing = list(ScanBatch.objects.filter(round=rnd).order_by("pk"))
    desk = selectors.scan_desk(rnd)
    if existing or desk is None or rnd.status != RoundStatus.COUNTING:
        return existing, False
    ballots = demo_ballots(rnd.ballots_collected or 0)
    first, second = ballots[:FIRST_STACK], ballots[FIRST_STACK:]
    stored = upload_dir("scans/uploads") / f"{uuid.uuid4().hex}.tif"
    synth.write_tiff(_pages(rnd, first), stored, dpi=DPI)
    with clock.frozen(_at(rnd, 16, 0)):
        batch = services.batch_create(actor=desk.user, rnd=rnd, path=stored,
                                      file_name=FIRST_FILE)
    with clock.frozen(_at(rnd, 16, 2)):
        tasks.run_round(rnd.pk)  # the reading job, as the worker runs it
    folder = selectors.inbox_folder(rnd)
    folder.mkdir(parents=True, exist_ok=True)
    waiting = folder / SECOND_FILE
    partial = folder / f".{SECOND_FILE}.part"  # hidden from the sweep until complete
    synth.write_pdf(_pages(rnd, second), partial, dpi=DPI)
    partial.replace(waiting)
    settled = time.time() - 600  # the scanner closed it ten minutes ago
    os.utime(waiting, (settled, settled))
    batch.refresh_from_db()
    return [batch], True


def inbox_file(rnd: Round) -> Path:
    """Where the demo's second stack waits (the round's scan folder)."""
    return selectors.inbox_folder(rnd) / SECOND_FILE
