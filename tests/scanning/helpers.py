"""Giving a file to the scan station as the web request does (the batch created, the task run
after the commit, synchronously in the test) and reading what the scan desk holds."""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol

from daihoi.elections.models import BallotEntry, EntryDesk
from daihoi.scanning import services
from daihoi.scanning.models import ScanBatch, ScannedBallot
from tests.elections.factories import Setup


class Capture(Protocol):
    def __call__(self, *, execute: bool = ...) -> AbstractContextManager[Any]: ...


def give(s: Setup, path: Path, capture: Capture, *, actor: Any = None,
         rescan_of: int | None = None, name: str | None = None,
         desk: EntryDesk | None = None) -> ScanBatch:
    """``path`` given to the station of ``desk`` (None: the round's only scan desk) by
    ``actor`` (the head by default) and read."""
    with capture(execute=True):
        batch = services.batch_create(actor=actor or s.head, rnd=s.round, path=path,
                                      file_name=name or path.name, rescan_of=rescan_of,
                                      desk=desk)
    batch.refresh_from_db()
    return batch


def scan_desk_entries(s: Setup, desk: EntryDesk | None = None) -> dict[int, str]:
    """The entries of ``desk`` (None: of the round's scan desks, one of them)."""
    rows = (BallotEntry.objects.filter(desk=desk) if desk is not None else
            BallotEntry.objects.filter(desk__round=s.round, desk__scanned=True))
    return dict(rows.values_list("serial", "content"))


def ballots(s: Setup, desk: EntryDesk | None = None) -> dict[int, ScannedBallot]:
    rows = ScannedBallot.objects.filter(round=s.round)
    if desk is not None:
        rows = rows.filter(desk=desk)
    return {b.serial: b for b in rows.exclude(state="replaced")}
