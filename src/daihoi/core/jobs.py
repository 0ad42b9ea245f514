"""What every background job on an uploaded file shares: storing the upload, the limits a
job's parsing runs under, and marking a job failed when the database went away.

Uploads are parsed only by a task (Django's tasks framework, the ``django-tasks-db`` backend:
``daihoi db_worker`` runs the tasks one after another in its main thread), never in a web
request. The web request stores the file (its size checked first) with :func:`store_upload`,
creates the job and enqueues the task after the commit; the job's page shows its status.

Inside the task, the parsing runs in :func:`bounded`:

- **memory**: ``RLIMIT_AS`` (the process's address space, which bounds what it can ever have
  resident) is set to what the worker uses now plus the job's allowance. An allocation beyond
  it fails in the kernel, Python raises :class:`MemoryError`, and the worker goes on with the
  next job once the limit is restored. This bounds C extensions (lxml, the ZIP inflater) too.
- **time**: ``SIGALRM`` after the job's seconds (wall-clock, so it bounds CPU as well) raises
  :class:`JobTimeoutError` in the worker's main thread. The signal is handled between two
  Python bytecodes, so one long call into C runs to its end first; the ZIP guard
  (:mod:`daihoi.core.zipguard`) and the row and cell limits bound every such call of a parser.

Both limits are settings of each kind of job (``ROSTER_IMPORT_MAX_*``,
``DOCUMENTS_IMPORT_MAX_*``), 0 meaning none, and each job's failure names the limit it hit in
the language of the person who started the job (:func:`timeout_message`, :func:`memory_message`;
the task runs in ``translation.override(job.language)``).
"""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection, models
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from daihoi.core.numbers import vn_number

logger = logging.getLogger(__name__)

DATABASE_LOST = gettext_noop(
    "Mất kết nối tới cơ sở dữ liệu trong lúc xử lý tệp (máy chủ cơ sở dữ liệu khởi động lại?). "
    "Không có gì được ghi; hãy kiểm tra lại tệp."
)
SYSTEM_ERROR = gettext_noop(
    "Lỗi hệ thống khi xử lý tệp; không có gì được ghi. Hãy báo quản trị hệ thống.")


class JobStatus(models.TextChoices):
    """The states of a job on an uploaded file (the ``status`` of its model)."""

    PENDING = "pending", _("Đang chờ")
    RUNNING = "running", _("Đang xử lý")
    DONE = "done", _("Hoàn tất")
    FAILED = "failed", _("Có lỗi, không ghi gì")
    #: The server stopped while the job ran (no heartbeat for longer than the job may take).
    INTERRUPTED = "interrupted", _("Bị gián đoạn")


FINISHED = (JobStatus.DONE, JobStatus.FAILED, JobStatus.INTERRUPTED)


class JobTimeoutError(BaseException):
    """The job ran longer than its time limit. A BaseException, like KeyboardInterrupt, so that
    a parser's ``except Exception`` cannot swallow it."""


def setting(name: str, default: int) -> int:
    """An integer limit from the settings (``default`` when absent)."""
    return int(getattr(settings, name, default))


def timeout_message(seconds: int) -> str:
    """The refusal of a job over its time limit, in the active language (the job's)."""
    return gettext("Xử lý tệp quá thời gian cho phép (%(seconds)s giây); không có gì được "
                   "ghi.") % {"seconds": vn_number(seconds)}


def memory_message(memory: int) -> str:
    """The refusal of a job over its memory limit, in the active language (the job's)."""
    return gettext("Tệp cần quá nhiều bộ nhớ để đọc (giới hạn %(mb)s MB); không có gì được "
                   "ghi.") % {"mb": vn_number(memory // (1024 * 1024))}


def size_message(max_bytes: int) -> str:
    """The refusal of an upload over ``max_bytes``, in the reader's language (a form's)."""
    return gettext("Tệp quá lớn; giới hạn là %(mb)s MB.") % {"mb": max_bytes // (1024 * 1024)}


@contextlib.contextmanager
def bounded(*, seconds: int, memory: int) -> Iterator[None]:
    """Run the block with a time limit (an alarm, in the main thread) and a memory limit (the
    address space may grow by at most ``memory`` bytes), both restored after it; 0 is no limit.
    A block over a limit raises :class:`JobTimeoutError` or :class:`MemoryError`."""
    main = threading.current_thread() is threading.main_thread() and hasattr(signal, "SIGALRM")
    previous_handler: Any = None
    if main and seconds > 0:

        def expire(signum: int, frame: Any) -> None:
            raise JobTimeoutError

        previous_handler = signal.signal(signal.SIGALRM, expire)
        signal.alarm(seconds)
    limits = None
    if memory > 0:
        try:
            import resource

            limits = resource.getrlimit(resource.RLIMIT_AS)
            with open("/proc/self/statm", encoding="ascii") as statm:  # noqa: PTH123
                used = int(statm.read().split()[0]) * resource.getpagesize()
            cap = used + memory
            if limits[1] != resource.RLIM_INFINITY:
                cap = min(cap, limits[1])
            resource.setrlimit(resource.RLIMIT_AS, (cap, limits[1]))
        except (ImportError, OSError, ValueError):
            limits = None  # no such limit on this system
    try:
        yield
    finally:
        if main and seconds > 0:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous_handler)
        if limits is not None:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, limits)


def upload_dir(name: str) -> Path:
    """``MEDIA_ROOT/<name>``, created if needed: where uploads wait for their job."""
    folder = Path(settings.MEDIA_ROOT) / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def store_upload(upload: Any, folder: str) -> Path:
    """Write an uploaded file (already checked for its size) under :func:`upload_dir` with a
    random name keeping its extension, chunk by chunk; the path."""
    suffix = Path(upload.name).suffix.lower()[:10]
    stored = upload_dir(folder) / f"{uuid.uuid4().hex}{suffix}"
    with stored.open("wb") as fh:
        for chunk in upload.chunks():
            fh.write(chunk)
    return stored


def update_retrying(update: Callable[[], object], *, what: str) -> bool:
    """Run ``update`` (a queryset update marking a job); after a lost database connection,
    again on a new connection, three times in all. Whether it was written."""
    for attempt in range(3):
        try:
            if attempt:
                connection.close()  # drop the broken connection; the next query reconnects
                time.sleep(0.5 * attempt)
            update()
            return True
        except DatabaseError:
            continue
    logger.error("%s could not be marked failed", what)
    return False
