"""Roster import jobs on Django's tasks framework.

An upload creates an :class:`~daihoi.roster.models.ImportJob` and enqueues
:func:`roster_import_task` after the commit. With the database backend (``django-tasks-db``)
the task waits in the database until a worker (``daihoi db_worker``, started by ``make demo``
beside gunicorn) takes it, so a web restart loses nothing and no file is parsed in a web
request; the worker checks (or writes) the file and records its progress on the job.

A job that loses its database connection (a database restart) is marked failed at once with
that reason, as soon as the database answers again; a job whose worker died is marked
interrupted by :func:`daihoi.roster.services.import_jobs_expire` after a silence.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection, transaction
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

try:
    from django.tasks import task
except ImportError:  # pragma: no cover - Django 5.2 (Python 3.11) uses the backport
    from django_tasks import task  # type: ignore[no-redef,import-not-found]

from daihoi import clock
from daihoi.core import jobs
from daihoi.core.jobs import DATABASE_LOST, SYSTEM_ERROR, JobTimeoutError
from daihoi.roster import importing
from daihoi.roster.importing import marking
from daihoi.roster.models import ImportJob

logger = logging.getLogger(__name__)

__all__ = ["DATABASE_LOST", "SYSTEM_ERROR", "enqueue", "roster_import_task", "run_import_job"]

#: Defaults of the settings ROSTER_IMPORT_MAX_SECONDS and ROSTER_IMPORT_MAX_MEMORY (bytes).
MAX_SECONDS = 900
MAX_MEMORY = 1536 * 1024 * 1024
SPLIT = gettext_noop("Hãy chia danh sách thành nhiều tệp nhỏ hơn.")


@task()
def roster_import_task(job_pk: int) -> None:
    """Check (and, unless it is a check only, write) the job's file."""
    run_import_job(job_pk)


def enqueue(job: ImportJob) -> None:
    """Enqueue the job once the transaction that created it commits."""
    pk = job.pk
    transaction.on_commit(lambda: roster_import_task.enqueue(pk))


def run_import_job(job_pk: int) -> ImportJob:
    """Run the job, recording its progress, then its errors (with the marked copy of the
    workbook) or its summary; a lost database marks it failed with that reason. Every message
    is in the language of the person who uploaded the file (the audit entry stays Vietnamese)."""
    job = ImportJob.objects.select_related("organization", "created_by").get(pk=job_pk)
    if job.finished:
        return job
    with translation.override(job.language or settings.LANGUAGE_CODE):
        return _run_job(job)


def _run_job(job: ImportJob) -> ImportJob:
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING,
                                               updated_at=clock.machine_now())
    seconds = jobs.setting("ROSTER_IMPORT_MAX_SECONDS", MAX_SECONDS)
    memory = jobs.setting("ROSTER_IMPORT_MAX_MEMORY", MAX_MEMORY)
    try:
        with jobs.bounded(seconds=seconds, memory=memory):
            result = _run(job)
    except JobTimeoutError:
        _fail(job, f"{jobs.timeout_message(seconds)} {gettext(SPLIT)}")
        job.refresh_from_db()
        return job
    except MemoryError:
        _fail(job, f"{jobs.memory_message(memory)} {gettext(SPLIT)}")
        job.refresh_from_db()
        return job
    except (OperationalError, InterfaceError) as exc:
        logger.warning("roster import job %s lost its database: %s", job.pk, exc)
        _fail(job, gettext(DATABASE_LOST))
        job.refresh_from_db()
        return job
    except Exception:
        logger.exception("roster import job %s failed", job.pk)
        _fail(job, gettext(SYSTEM_ERROR))
        job.refresh_from_db()
        return job
    path = Path(job.stored_path) if job.stored_path else None
    marked = ""
    if path is not None and not result.ok and any(p.row for p in result.errors):
        marked_path = path.with_name(f"{path.stem}-loi.xlsx")
        try:
            with marked_path.open("wb") as out:
                marking.write_marked_copy(path, job.file_name, result.errors, out)
            marked = str(marked_path)
        except (importing.UnreadableFileError, OSError, ValueError):
            logger.exception("roster import job %s: no marked copy", job.pk)
            marked_path.unlink(missing_ok=True)
    keep = path is not None and not result.written  # for "Nhập" or a new mapping
    if path is not None and not keep:
        path.unlink(missing_ok=True)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.DONE if result.ok else ImportJob.Status.FAILED,
        phase="", sha256=result.sha256, stored_path=str(path) if keep else "",
        marked_path=marked, mapping=result.mapping or job.mapping,
        errors=[p.as_dict() for p in result.errors], error_count=result.error_count,
        result=result.summary(), finished_at=clock.machine_now(), updated_at=clock.machine_now(),
    )
    job.refresh_from_db()
    return job


def _run(job: ImportJob) -> importing.ImportResult:
    last_at = [0.0]
    last_phase = [""]

    def progress(phase: str, done: int, total: int | None) -> None:
        if connection.in_atomic_block:
            return  # inside the write: an update would not be seen before the commit
        now = time.monotonic()
        if phase == last_phase[0] and now - last_at[0] < 0.5 and done != total:
            return
        last_at[0], last_phase[0] = now, phase
        ImportJob.objects.filter(pk=job.pk).update(phase=phase, done=done, total=total,
                                                   updated_at=clock.machine_now())  # the heartbeat

    mapping: Any = job.mapping if job.mapping.get("columns") else None
    sheet = job.mapping.get("sheet") if mapping is None else None
    if not job.stored_path or not Path(job.stored_path).is_file():
        result = importing.ImportResult(file_name=job.file_name, dry_run=job.dry_run)
        result.add_error(importing.Problem(gettext(
            "Tệp tải lên không còn trên máy chủ (đã quá hạn giữ); hãy tải lên lại."
        )))
        return result
    return importing.roster_import(
        actor=job.created_by, organization=job.organization, source=Path(job.stored_path),
        file_name=job.file_name, dry_run=job.dry_run, progress=progress, mapping=mapping,
        sheet=sheet,
    )


def _fail(job: ImportJob, reason: str) -> None:
    """Mark the job failed with ``reason``; after a lost connection, on a new one."""
    jobs.update_retrying(lambda: ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.FAILED, phase="", failure=reason,
        errors=[importing.Problem(reason).as_dict()], error_count=1,
        finished_at=clock.machine_now(), updated_at=clock.machine_now(),
    ), what=f"roster import job {job.pk}")
