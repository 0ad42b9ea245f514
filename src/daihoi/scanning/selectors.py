"""Reads of the scan station and the adjudication queue: counts and reasons for the station,
readings and images for the board head only (the views check who asks).

A round may have two scan desks (the second scans every ballot again, a second reading): the
station's batches, numbering, counts and rescan list are each desk's own; the head's queue
holds the ballots of both."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext

from daihoi import tally
from daihoi.elections import ballot_pdf
from daihoi.elections import selectors as election_selectors
from daihoi.elections.models import BallotEntry, EntryDesk, Round
from daihoi.scanning import labels
from daihoi.scanning.models import (
    BallotState,
    ScanBatch,
    ScannedBallot,
    ScannedMark,
)

#: Batches that are still to be read (or being read, or stopped and not discarded).
UNFINISHED = (ScanBatch.Status.PENDING, ScanBatch.Status.RUNNING, ScanBatch.Status.FAILED,
              ScanBatch.Status.INTERRUPTED)


def scan_desks(rnd: Round) -> list[EntryDesk]:
    """The round's scan desks, in the order they were assigned."""
    return election_selectors.scan_desks(rnd)


def scan_desk(rnd: Round) -> EntryDesk | None:
    """The round's first scan desk (its only one, but for a second scan), or None."""
    return next(iter(scan_desks(rnd)), None)


def names_desks(rnd: Round) -> bool:
    """Whether the round's pages, minutes and audit name each scan desk: it has two (a second
    scan)."""
    return election_selectors.second_scan_possible(rnd)


def desk_label(desk: EntryDesk) -> str:
    """"Bàn quét số N" (N its team), in the active language."""
    return gettext("Bàn quét số %(team)s") % {"team": desk.team}


def round_code(rnd: Round) -> str:
    """The code printed on every ballot of the round (and the name of its scan folder)."""
    return ballot_pdf.round_code(rnd.election.congress_id, rnd.election_id, rnd.sequence)


def inbox_root() -> Path:
    return Path(settings.SCAN_INBOX).resolve()


#: The sub-folder of the round's folder a second scan desk's files go to: ``ban-quet-<team>``.
DESK_FOLDER = "ban-quet-%s"


def inbox_folder(rnd: Round, desk: EntryDesk | None = None) -> Path:
    """``<SCAN_INBOX>/<round code>/``: the folder the office's scanner writes this round's
    files to (scan-to-folder), the files of its first scan desk (``desk`` None: that one); a
    second scan desk's go to its sub-folder ``ban-quet-<team>/``. Never a folder outside
    ``SCAN_INBOX``."""
    folder = inbox_root() / round_code(rnd)
    first = scan_desk(rnd)
    if desk is None or first is None or desk.pk == first.pk:
        return folder
    return folder / (DESK_FOLDER % desk.team)


def batches(desk: EntryDesk) -> QuerySet[ScanBatch]:
    return ScanBatch.objects.filter(desk=desk).select_related("uploaded_by").order_by("-pk")


def sequential(desk: EntryDesk) -> QuerySet[ScanBatch]:
    """The desk's batches that continue its numbering, in the order they were given."""
    return ScanBatch.objects.filter(desk=desk, rescan_of__isnull=True,
                                    discarded=False).order_by("pk")


def next_number(desk: EntryDesk, *, before: ScanBatch | None = None) -> int | None:
    """The counting number the desk's next file's first ballot takes ("Phiếu số 101 trở
    đi"), or the first number of ``before`` (a file given and not yet started); None while an
    earlier file is still to be read (its count of ballots is not known yet)."""
    last = 1
    earlier = sequential(desk)
    if before is not None:
        earlier = earlier.filter(pk__lt=before.pk)
    for batch in earlier:
        if batch.status != ScanBatch.Status.DONE:
            return None
        last = batch.next_serial or last
    return last


def waiting_for(batch: ScanBatch) -> ScanBatch | None:
    """The earlier batch of its desk this one waits for (its numbering continues it), if one:
    a sequential batch is read only after every earlier one is read to its end."""
    if batch.rescan_of is not None:
        return None
    return (sequential(batch.desk).filter(pk__lt=batch.pk)
            .exclude(status=ScanBatch.Status.DONE).first())


def active_ballot(desk: EntryDesk, serial: int) -> ScannedBallot | None:
    return (ScannedBallot.objects.filter(desk=desk, serial=serial)
            .exclude(state=BallotState.REPLACED).first())


def scan_entries(desk: EntryDesk) -> set[int]:
    """The counting numbers the scan desk has an entry for."""
    return set(BallotEntry.objects.filter(desk=desk).values_list("serial", flat=True))


@dataclass(frozen=True)
class RescanRow:
    serial: int
    reason: str  # in the active language
    ballot: ScannedBallot | None  # None: a number nothing was scanned for


@dataclass(frozen=True)
class StationCounts:
    collected: int
    entered: int  # at the scan desk
    to_rule: int
    rescan: int
    missing: int  # numbers not scanned at all (yet)


def rescan_list(desk: EntryDesk) -> list[RescanRow]:
    """The ballots the desk must scan again (or for the head to read by hand): each refused
    with its reason, and each number below the last one scanned that the desk lacks (a ballot
    the board head sent back to every desk, or a number no file reached)."""
    entered = scan_entries(desk)
    rows: list[RescanRow] = []
    active = {b.serial: b for b in ScannedBallot.objects.filter(desk=desk).exclude(
        state=BallotState.REPLACED)}
    top = max(active, default=0)
    for serial in range(1, top + 1):
        ballot = active.get(serial)
        if ballot is not None and ballot.state == BallotState.RESCAN:
            page = (f" ({ballot.rejection_page})" if ballot.rejection_page else "")
            rows.append(RescanRow(serial, labels.rejection(ballot.rejection) + page, ballot))
        elif ballot is None or (ballot.state == BallotState.COUNTED and serial not in entered):
            rows.append(RescanRow(serial, labels.rejection("sent-back") if ballot else
                                  labels.rejection("not-scanned"), ballot))
    return rows


def counts(rnd: Round, desk: EntryDesk) -> StationCounts:
    collected = rnd.ballots_collected or 0
    entered = len({s for s in scan_entries(desk) if s <= collected})
    states = list(ScannedBallot.objects.filter(desk=desk).exclude(
        state=BallotState.REPLACED).values_list("state", flat=True))
    to_rule = states.count(BallotState.TO_RULE)
    rescan = len(rescan_list(desk))
    return StationCounts(collected, entered, to_rule, rescan,
                         max(0, collected - entered - to_rule - rescan))


def to_rule(rnd: Round) -> list[ScannedBallot]:
    """The ballots of every scan desk waiting for the board head, in counting order (a desk
    after the other), with their marks."""
    return list(ScannedBallot.objects.filter(round=rnd, state=BallotState.TO_RULE)
                .select_related("desk").prefetch_related("marks", "pages")
                .order_by("desk_id", "serial"))


def marks_of(ballot: ScannedBallot) -> list[ScannedMark]:
    return list(ScannedMark.objects.filter(ballot=ballot).order_by("position"))


def labels_of(rnd: Round) -> list[str]:
    return election_selectors.round_labels(rnd)


def cross_out(rnd: Round) -> bool:
    """A list with surplus (names crossed out), else agree/disagree columns."""
    return election_selectors.layout(rnd).form is tally.BallotForm.CROSS_OUT
