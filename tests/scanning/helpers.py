"""Giving a file to the scan station as the web request does (the batch created, the task run
after the commit, synchronously in the test) and reading what the scan desk holds."""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol

from daihoi.elections.models import BallotEntry
from daihoi.scanning import services
from daihoi.scanning.models import ScanBatch, ScannedBallot
from tests.elections.factories import Setup


class Capture(Protocol):
    def __call__(self, *, execute: bool = ...) -> AbstractContextManager[Any]: ...


def give(s: Setup, path: Path, capture: Capture, *, actor: Any = None,
         rescan_of: int | None = None, name: str | None = None) -> ScanBatch:
    """``path`` given to the station by ``actor`` (the head by default) and read."""
    with capture(execute=True):
        batch = services.batch_create(actor=actor or s.head, rnd=s.round, path=path,
                                      file_name=name or path.name, rescan_of=rescan_of)
    batch.refresh_from_db()
    return batch


def scan_desk_entries(s: Setup) -> dict[int, str]:
    return dict(BallotEntry.objects.filter(desk__round=s.round, desk__scanned=True)
                .values_list("serial", "content"))


def ballots(s: Setup) -> dict[int, ScannedBallot]:
    return {b.serial: b for b in ScannedBallot.objects.filter(round=s.round)
            .exclude(state="replaced")}
