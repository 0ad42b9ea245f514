"""Reading scanned files on Django's tasks framework, in ``daihoi db_worker``, never in a web
request.

A file given (an upload, the scan folder) becomes a :class:`~daihoi.scanning.models.ScanBatch`
and enqueues :func:`scan_round_task` for its round after the commit. The task reads the round's
waiting batches one after the other, in the order they were given (a batch's numbering
continues the one before it at its scan desk, so it waits for it), each under the limits of
:func:`daihoi.core.jobs.bounded` (settings ``SCAN_MAX_SECONDS`` and ``SCAN_MAX_MEMORY``). A
batch that hits a limit, or whose worker dies, keeps the whole ballots it wrote; the station
offers to read it on from there, or to discard it.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction
from django.utils import translation
from django.utils.translation import gettext

try:
    from django.tasks import task
except ImportError:  # pragma: no cover - Django 5.2 (Python 3.11) uses the backport
    from django_tasks import task  # type: ignore[no-redef,import-not-found]

from daihoi import clock
from daihoi.core import jobs
from daihoi.core.errors import ServiceError
from daihoi.core.numbers import vn_number
from daihoi.elections.models import Round
from daihoi.scanning import reading, services
from daihoi.scanning.models import ScanBatch
from daihoi.tally.i18n import Text, gettext_noop

logger = logging.getLogger(__name__)

#: Defaults of the settings SCAN_MAX_SECONDS and SCAN_MAX_MEMORY (bytes).
MAX_SECONDS = 1800
MAX_MEMORY = 1536 * 1024 * 1024
READ_ON = gettext_noop(
    "Các phiếu đọc xong đã được ghi; bấm “Đọc tiếp” để đọc tiếp từ phiếu sau đó.")


@task()
def scan_round_task(round_pk: int) -> None:
    """Read the round's waiting batches."""
    run_round(round_pk)


def enqueue(rnd: Round) -> None:
    """Enqueue the reading of the round's batches once the transaction commits."""
    pk = rnd.pk
    transaction.on_commit(lambda: scan_round_task.enqueue(pk))


def run_round(round_pk: int) -> list[ScanBatch]:
    """Read every batch of the round that may be read now, in the order given; the batches
    read. A batch another worker took, or one waiting for an earlier batch, is left."""
    done: list[ScanBatch] = []
    while True:
        started = None
        for batch in ScanBatch.objects.filter(round_id=round_pk, discarded=False,
                                              status=ScanBatch.Status.PENDING).order_by("pk"):
            started = services.batch_start(batch)
            if started is not None:
                break
        if started is None:
            return done
        done.append(run_batch(started))


def run_batch(batch: ScanBatch) -> ScanBatch:
    """Read one started batch to its end, or stop it with the reason: a ``Text``, which the
    station shows in the language of the person who gave the file and the audit in Vietnamese
    (``services.batch_finish``)."""
    seconds = jobs.setting("SCAN_MAX_SECONDS", MAX_SECONDS)
    memory = jobs.setting("SCAN_MAX_MEMORY", MAX_MEMORY)
    try:
        with jobs.bounded(seconds=seconds, memory=memory):
            layout = services.layout_for(batch.round)
            notice = reading.read_batch(batch, layout, batch.desk)
    except jobs.JobTimeoutError:
        return services.batch_finish(batch, error=reading.joined(Text(gettext_noop(
            "Đọc tệp quá thời gian cho phép (%(seconds)s giây)."), {"seconds": vn_number(seconds)}),
            Text(READ_ON)))
    except MemoryError:
        return services.batch_finish(batch, error=reading.joined(Text(gettext_noop(
            "Đọc tệp cần quá nhiều bộ nhớ (giới hạn %(mb)s MB)."),
            {"mb": vn_number(memory // (1024 * 1024))}), Text(READ_ON)))
    except reading.BatchError as exc:  # the file itself: refused if it wrote nothing
        return services.batch_finish(batch, error=exc.message, refuse=True)
    except ServiceError as exc:
        return services.batch_finish(batch, error=exc.message)
    except (OperationalError, InterfaceError) as exc:
        logger.warning("scan batch %s lost its database: %s", batch.pk, exc)
        _lost(batch)
    except Exception:
        logger.exception("scan batch %s failed", batch.pk)
        return services.batch_finish(batch, error=reading.joined(Text(gettext_noop(
            "Lỗi hệ thống khi đọc tệp; hãy báo quản trị hệ thống.")), Text(READ_ON)))
    else:
        return services.batch_finish(batch, notice=notice)
    batch.refresh_from_db()
    return batch


def _lost(batch: ScanBatch) -> None:
    """Mark the batch stopped after a lost database connection, on a new connection."""
    with translation.override(batch.language or settings.LANGUAGE_CODE):
        error = f"{gettext(jobs.DATABASE_LOST).split('.')[0]}. {gettext(READ_ON)}"
    jobs.update_retrying(lambda: ScanBatch.objects.filter(pk=batch.pk).update(
        status=ScanBatch.Status.FAILED, error=error,
        finished_at=clock.now(), updated_at=clock.now()), what=f"scan batch {batch.pk}")
