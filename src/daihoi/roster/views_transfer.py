"""Roster import (upload, background job with progress) and export, for an office.

The upload is saved to ``MEDIA_ROOT/imports/`` and checked (then written) by a background
thread that records its progress on an :class:`~daihoi.roster.models.ImportJob`; the page polls
the job's fragment every second until it is finished.
"""

from __future__ import annotations

import logging
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.db import connection, transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from daihoi import clock
from daihoi.core.access import requires
from daihoi.roster import access, exporting, importing, services
from daihoi.roster.access import is_office
from daihoi.roster.models import ImportJob, Organization

logger = logging.getLogger(__name__)
office_only = requires(is_office, "office")


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Tệp danh sách (.xlsx hoặc .csv)",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    dry_run = forms.BooleanField(
        label="Chỉ kiểm tra, chưa ghi", required=False,
        help_text="Báo các lỗi và số đảng viên sẽ thêm, cập nhật mà không ghi gì.",
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > importing.MAX_FILE_BYTES:
            raise forms.ValidationError(
                f"Tệp quá lớn; giới hạn là {importing.MAX_FILE_BYTES // (1024 * 1024)} MB."
            )
        if Path(upload.name).suffix.lower() not in (".xlsx", ".csv"):
            raise forms.ValidationError("Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv).")
        return upload


def _upload_dir() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _job_context(job: ImportJob, org: Organization) -> dict[str, Any]:
    return {
        "job": job,
        "org": org,
        "phase_label": importing.PHASES.get(job.phase, "Đang chờ bắt đầu"),
    }


@office_only
def roster_import(request: HttpRequest, code: str) -> HttpResponse:
    """The import page: the template to download, the upload form, the recent imports."""
    org = access.get_managed_organization(request.user, code)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        name = Path(upload.name).name[:255]
        stored = _upload_dir() / f"{uuid.uuid4().hex}{Path(name).suffix.lower()}"
        with stored.open("wb") as fh:
            for chunk in upload.chunks():
                fh.write(chunk)
        job = ImportJob.objects.create(
            organization=org, created_by=request.user,  # type: ignore[misc] # signed in
            file_name=name,
            stored_path=str(stored), dry_run=form.cleaned_data["dry_run"],
        )
        transaction.on_commit(lambda: start_job(job.pk))
        return redirect("roster:import_job", code=org.code, pk=job.pk)
    services.import_jobs_expire(organization=org)
    jobs = ImportJob.objects.filter(organization=org).select_related("created_by")[:10]
    return render(
        request, "roster/import.html",
        {"org": org, "form": form, "jobs": jobs, "job": None, "columns": importing.COLUMNS},
    )


@office_only
def import_job(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """One import's progress, then its errors or its summary (a fragment for HTMX polling)."""
    org = access.get_managed_organization(request.user, code)
    services.import_jobs_expire(organization=org)
    job = ImportJob.objects.filter(pk=pk, organization=org).first()
    if job is None:
        raise Http404
    context = _job_context(job, org)
    if request.headers.get("HX-Request"):
        return render(request, "roster/_fragments/import_progress.html", context)
    return render(
        request, "roster/import.html",
        {**context, "form": ImportForm(), "jobs": [], "columns": importing.COLUMNS},
    )


def _file_response(org: Organization | None, fmt: str, write: Any, *, template: bool) -> Any:
    if fmt not in exporting.FORMATS:
        raise Http404
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - the response closes it
    write(spool)
    spool.seek(0)
    return FileResponse(
        spool, as_attachment=True,
        filename=exporting.export_file_name(org, fmt, template=template),
        content_type=exporting.CONTENT_TYPES[fmt],
    )


@office_only
def roster_export(request: HttpRequest, code: str) -> Any:
    """Every member of the organization's subtree, in the import format (``?format=csv``)."""
    org = access.get_managed_organization(request.user, code)
    fmt = request.GET.get("format", "xlsx")
    return _file_response(
        org, fmt,
        lambda out: exporting.roster_export(organization=org, fmt=fmt, out=out),
        template=False,
    )


@office_only
def import_template(request: HttpRequest, code: str) -> Any:
    """The blank template, listing the organization's cells and agencies (``?format=csv``)."""
    org = access.get_managed_organization(request.user, code)
    fmt = request.GET.get("format", "xlsx")
    return _file_response(
        org, fmt, lambda out: exporting.template_write(fmt=fmt, out=out, organization=org),
        template=True,
    )


# --------------------------------------------------------------------------- the job


def start_job(job_pk: int) -> None:
    """Run the job in a background thread (tests replace this to run it in-line)."""
    thread = threading.Thread(
        target=_job_thread, args=(job_pk,), name=f"roster-import-{job_pk}", daemon=True
    )
    thread.start()


def _job_thread(job_pk: int) -> None:
    try:
        run_import_job(job_pk)
    finally:
        connection.close()


def run_import_job(job_pk: int) -> ImportJob:
    """Check (and, unless it is a dry run, write) the job's file, recording progress."""
    job = ImportJob.objects.select_related("organization", "created_by").get(pk=job_pk)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING,
                                               updated_at=clock.now())
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
                                                   updated_at=clock.now())  # the heartbeat

    path = Path(job.stored_path)
    try:
        result = importing.roster_import(
            actor=job.created_by, organization=job.organization, source=path,
            file_name=job.file_name, dry_run=job.dry_run, progress=progress,
        )
    except Exception:
        logger.exception("roster import job %s failed", job.pk)
        result = importing.ImportResult(file_name=job.file_name, dry_run=job.dry_run)
        result.add_error(importing.Problem(
            "Lỗi hệ thống khi nhập tệp; không có gì được ghi. Hãy báo quản trị hệ thống."
        ))
    finally:
        path.unlink(missing_ok=True)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.DONE if result.ok else ImportJob.Status.FAILED,
        phase="", sha256=result.sha256, stored_path="",
        errors=[p.as_dict() for p in result.errors], error_count=result.error_count,
        result=result.summary(), finished_at=clock.now(), updated_at=clock.now(),
    )
    job.refresh_from_db()
    return job
