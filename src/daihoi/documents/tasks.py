"""Reading an uploaded draft (DOCX) in the task worker, never in a web request.

The upload page stores the file and queues a :class:`~daihoi.documents.models.VersionImportJob`
(:func:`daihoi.documents.services.version_import_queue`); :func:`version_import_task` runs in
``daihoi db_worker``. The file is read under the ZIP guard and within the job limits of
:func:`daihoi.core.jobs.bounded` (settings ``DOCUMENTS_IMPORT_MAX_SECONDS`` and
``DOCUMENTS_IMPORT_MAX_MEMORY``); the version is then written by
:func:`daihoi.documents.services.version_create`, outside the limits. Whatever happens the
upload is deleted and the job ends done (with its version) or failed (with the reason, in
Vietnamese, naming the limit when it was one).
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils import translation
from django.utils.translation import gettext

try:
    from django.tasks import task
except ImportError:  # pragma: no cover - Django 5.2 (Python 3.11) uses the backport
    from django_tasks import task  # type: ignore[no-redef,import-not-found]

from daihoi import clock
from daihoi.core import jobs
from daihoi.core.errors import ServiceError
from daihoi.documents import services
from daihoi.documents.importing import NOTHING, DocxImportError, ParsedSection, parse_docx
from daihoi.documents.models import VersionImportJob

logger = logging.getLogger(__name__)


@task()
def version_import_task(job_pk: int) -> None:
    """Read the job's DOCX and write it as a new version."""
    run_version_import(job_pk)


def _read(path: Path) -> list[ParsedSection]:
    seconds, memory = services.tasks_limits()
    try:
        with jobs.bounded(seconds=seconds, memory=memory):
            return parse_docx(path.read_bytes())
    except jobs.JobTimeoutError as exc:
        raise DocxImportError(f"{jobs.timeout_message(seconds)} {gettext(NOTHING)}") from exc
    except MemoryError as exc:
        raise DocxImportError(f"{jobs.memory_message(memory)} {gettext(NOTHING)}") from exc


def run_version_import(job_pk: int) -> VersionImportJob:
    """Run the job (once: a finished job is returned as it is), in the language of the person
    who uploaded the file (the version's audit entry stays Vietnamese)."""
    job = VersionImportJob.objects.select_related("document", "created_by").get(pk=job_pk)
    if job.finished:
        return job
    with translation.override(job.language or settings.LANGUAGE_CODE):
        return _run(job)


def _run(job: VersionImportJob) -> VersionImportJob:
    VersionImportJob.objects.filter(pk=job.pk).update(status=VersionImportJob.Status.RUNNING,
                                                      updated_at=clock.machine_now())
    path = Path(job.stored_path) if job.stored_path else None
    try:
        if path is None or not path.is_file():
            raise DocxImportError(gettext("Tệp tải lên không còn trên máy chủ; hãy tải lên lại."))
        sections = _read(path)
        version = services.version_create(
            actor=job.created_by, document=job.document, sections=sections,
            source_name=job.file_name, note=job.note)
    except DocxImportError as exc:
        _fail(job, exc.message)
    except ServiceError as exc:
        _fail(job, exc.message)
    except (OperationalError, InterfaceError) as exc:
        logger.warning("draft import job %s lost its database: %s", job.pk, exc)
        _fail(job, gettext(jobs.DATABASE_LOST))
    except Exception:
        logger.exception("draft import job %s failed", job.pk)
        _fail(job, gettext(jobs.SYSTEM_ERROR))
    else:
        VersionImportJob.objects.filter(pk=job.pk).update(
            status=VersionImportJob.Status.DONE, version=version, stored_path="",
            finished_at=clock.machine_now(), updated_at=clock.machine_now())
    finally:
        if path is not None:
            path.unlink(missing_ok=True)
    job.refresh_from_db()
    return job


def _fail(job: VersionImportJob, reason: str) -> None:
    jobs.update_retrying(lambda: VersionImportJob.objects.filter(pk=job.pk).update(
        status=VersionImportJob.Status.FAILED, failure=reason[:1000], stored_path="",
        finished_at=clock.machine_now(), updated_at=clock.machine_now(),
    ), what=f"draft import job {job.pk}")
