"""The head file: an append-only text file outside the database (``AUDIT_HEAD_FILE``) that gets
one line ``LENGTH:HASH TIME`` after each committed audit entry, so that deleting entries, the
whole log, or rewriting it in the database alone is seen by ``daihoi audit verify``.

A restore of a backup appends ``restore LENGTH:HASH TIME FILE``: the lines before it describe a
database that no longer exists and are no longer checked (``daihoi restore`` reports how many
entries they held beyond the backup).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from daihoi import clock
from daihoi.audit.chain import ChainHead

logger = logging.getLogger(__name__)

RESTORE = "restore"


def head_file() -> Path | None:
    """The configured head file (``None``: not kept, as in most of the test suite)."""
    path = settings.AUDIT_HEAD_FILE
    return Path(path) if path else None


def _append(line: str) -> None:
    path = head_file()
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_APPEND: a short line is written whole even with several writers.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o640)
        try:
            os.write(fd, (line + "\n").encode("utf-8"))
        finally:
            os.close(fd)
    except OSError:
        # The write it records is committed; verify reports the file behind the database.
        logger.exception("Cannot append the audit head to %s", path)


def _stamp() -> str:
    return clock.now().strftime("%Y-%m-%dT%H:%M:%S%z")


def append_after_commit(head: ChainHead) -> None:
    """Append ``head`` once the current transaction commits (never for a rolled-back write)."""
    line = f"{head.length}:{head.hash} {_stamp()}"
    transaction.on_commit(lambda: _append(line))


def append_restore(head: ChainHead, source: str) -> None:
    _append(f"{RESTORE} {head.length}:{head.hash} {_stamp()} {source}")


@dataclass
class HeadRecord:
    """What the head file says about the current database."""

    exists: bool
    heads: dict[int, str] = field(default_factory=dict)  # length -> hash, since the last restore
    conflicts: list[int] = field(default_factory=list)  # lengths written with two hashes
    unreadable: list[int] = field(default_factory=list)  # line numbers

    @property
    def last(self) -> ChainHead | None:
        if not self.heads:
            return None
        length = max(self.heads)
        return ChainHead(length, self.heads[length])


def _parse(token: str) -> ChainHead | None:
    length, _, digest = token.partition(":")
    if not length.isdigit() or len(digest) != 64:
        return None
    return ChainHead(int(length), digest)


def read_head_file() -> HeadRecord:
    path = head_file()
    if path is None or not path.is_file():
        return HeadRecord(exists=False)
    record = HeadRecord(exists=True)
    with path.open(encoding="utf-8", errors="replace") as lines:
        for number, line in enumerate(lines, start=1):
            words = line.split()
            if not words:
                continue
            restore = words[0] == RESTORE
            head = _parse(words[1] if restore and len(words) > 1 else words[0])
            if head is None:
                record.unreadable.append(number)
                continue
            if restore:  # the lines before described the database the backup replaced
                record.heads = {}
                record.conflicts = []
            # The first hash written for a length is the witness; another one is a conflict.
            if record.heads.setdefault(head.length, head.hash) != head.hash:
                record.conflicts.append(head.length)
    return record
