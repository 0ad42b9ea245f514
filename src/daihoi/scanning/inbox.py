"""Scan-to-folder: the office points its scanner at the round's folder
``<SCAN_INBOX>/<round code>/`` and daihoi takes each complete file from there.

Only folders under ``SCAN_INBOX`` are read (each round's own, by its code; never a path a user
types, never a link out of it). A file is taken once it has not changed for
:data:`SETTLE_SECONDS` (the scanner has finished writing it): it is moved into daihoi's storage
and becomes a batch, read in the background like an upload. A file refused (too large, the same
file as one already given, the round not being counted) is moved to the folder's
``khong-nhan/`` sub-folder with a text file saying why.

With a second scan desk (a second scan, the second reading) the round's folder stays its first
scan desk's; the second desk's scanner writes to the sub-folder ``ban-quet-<team>/`` of it
(``selectors.inbox_folder``), swept for that desk alone.

``daihoi scan-inbox`` sweeps every round being counted once, each scan desk's folder
(``--watch``: again and again); the station's button "Đọc thư mục quét" sweeps its desk's
folder in the worker.
"""

from __future__ import annotations

import logging
import shutil
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model

try:
    from django.tasks import task
except ImportError:  # pragma: no cover - Django 5.2 (Python 3.11) uses the backport
    from django_tasks import task  # type: ignore[no-redef,import-not-found]

from daihoi.core.errors import ServiceError
from daihoi.core.jobs import upload_dir
from daihoi.elections.models import EntryDesk, Round, RoundStatus
from daihoi.scanning import selectors, services
from daihoi.scanning.models import ScanSource

logger = logging.getLogger(__name__)

#: A file unchanged this long is complete (the scanner has closed it).
SETTLE_SECONDS = 5
#: The files an office scanner writes, taken from a scan folder or an upload (the reader then
#: looks at their content, not their name).
EXTENSIONS = (".pdf", ".tif", ".tiff", ".png", ".jpg", ".jpeg")
REFUSED = "khong-nhan"


@dataclass
class Sweep:
    folder: Path
    taken: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)  # still being written


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root)
    except ValueError:
        return False
    return True


def sweep(rnd: Round, *, actor: Any = None, settle: float = SETTLE_SECONDS,
          desk: EntryDesk | None = None) -> Sweep:
    """Take the complete files of the scan folder of ``desk`` (None: the round's folder, its
    first scan desk's), creating the folder if needed."""
    root = selectors.inbox_root()
    desk = desk or selectors.scan_desk(rnd)
    folder = selectors.inbox_folder(rnd, desk)
    result = Sweep(folder)
    if folder.is_symlink() or not _inside(folder, root):
        logger.warning("scan folder %s is outside %s: not read", folder, root)
        return result
    folder.mkdir(parents=True, exist_ok=True)
    now = time.time()
    limit = int(getattr(settings, "SCAN_MAX_UPLOAD_BYTES", 1024 * 1024 * 1024))
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not _scanned_file(entry):
            continue
        stat = entry.stat()
        if now - stat.st_mtime < settle:
            result.waiting.append(entry.name)
            continue
        if stat.st_size > limit:
            _refuse(folder, entry, f"Tệp quá lớn: giới hạn là {limit // (1024 * 1024)} MB.")
            result.refused.append((entry.name, "too large"))
            continue
        stored = upload_dir("scans/uploads") / f"{uuid.uuid4().hex}{entry.suffix.lower()[:10]}"
        shutil.move(str(entry), str(stored))
        try:
            services.batch_create(actor=actor, rnd=rnd, path=stored, file_name=entry.name,
                                  source=ScanSource.FOLDER, desk=desk)
        except ServiceError as exc:
            _refuse(folder, stored, exc.message, name=entry.name)
            result.refused.append((entry.name, exc.message))
        else:
            result.taken.append(entry.name)
    return result


def _scanned_file(entry: Path) -> bool:
    """A file of the folder the sweep takes: a scanner's file, not hidden, not a link, not a
    partial file (``.name``, ``~name``)."""
    return (not entry.is_symlink() and entry.is_file() and not entry.name.startswith((".", "~"))
            and entry.suffix.lower() in EXTENSIONS)


def waiting_files(rnd: Round, desk: EntryDesk | None = None) -> list[str]:
    """The files in the desk's folder that the next sweep takes (or that the scanner is still
    writing), by name: the station shows them beside its button."""
    folder = selectors.inbox_folder(rnd, desk)
    if folder.is_symlink() or not folder.is_dir() or not _inside(folder, selectors.inbox_root()):
        return []
    return sorted(entry.name for entry in folder.iterdir() if _scanned_file(entry))


def _refuse(folder: Path, path: Path, reason: str, *, name: str | None = None) -> None:
    """Move a refused file to ``khong-nhan/`` beside a text file saying why."""
    target_dir = folder / REFUSED
    target_dir.mkdir(exist_ok=True)
    target = target_dir / (name or path.name)
    if target.exists():
        target = target.with_name(f"{target.stem}-{uuid.uuid4().hex[:6]}{target.suffix}")
    shutil.move(str(path), str(target))
    target.with_name(target.name + ".ly-do.txt").write_text(reason + "\n", encoding="utf-8")


def refused_files(rnd: Round, desk: EntryDesk | None = None) -> list[tuple[str, str]]:
    """The files of the desk's folder that were refused, with why (for the station)."""
    folder = selectors.inbox_folder(rnd, desk) / REFUSED
    if not folder.is_dir() or not _inside(folder, selectors.inbox_root()):
        return []
    out = []
    for reason in sorted(folder.glob("*.ly-do.txt")):
        out.append((reason.name.removesuffix(".ly-do.txt"),
                    reason.read_text(encoding="utf-8", errors="replace").strip()[:300]))
    return out


def rounds_to_sweep() -> list[Round]:
    return list(Round.objects.filter(status=RoundStatus.COUNTING, desks__scanned=True)
                .select_related("election", "election__congress",
                                "election__congress__organization").distinct())


def sweep_all(*, settle: float = SETTLE_SECONDS) -> list[Sweep]:
    """One sweep of every scan desk's folder of every round being counted (the command)."""
    return [sweep(rnd, settle=settle, desk=desk) for rnd in rounds_to_sweep()
            for desk in selectors.scan_desks(rnd)]


@task()
def sweep_task(round_pk: int, user_pk: int | None, desk_pk: int | None = None) -> None:
    """The station's "Đọc thư mục quét": one sweep of the desk's folder, in the worker."""
    rnd = Round.objects.select_related("election", "election__congress",
                                       "election__congress__organization").get(pk=round_pk)
    user = get_user_model().objects.filter(pk=user_pk).first() if user_pk else None
    desk = EntryDesk.objects.filter(round=rnd, scanned=True, pk=desk_pk or 0).first()
    try:
        sweep(rnd, actor=user, desk=desk)
    except ServiceError as exc:  # the round is no longer counted, the user no longer may scan
        logger.warning("scan folder sweep of round %s refused: %s", round_pk, exc.message)


def sweep_enqueue(*, actor: Any, rnd: Round, desk: EntryDesk | None = None) -> Path:
    """Ask the worker to sweep the folder of ``desk`` (None: the round's only scan desk), for
    who may scan there, while counting; the folder."""
    desk = services.check_may_scan(actor, rnd, desk)
    sweep_task.enqueue(rnd.pk, getattr(actor, "pk", None), desk.pk)
    return selectors.inbox_folder(rnd, desk)
