"""Roster import (upload, check, mapping, preview, import) and export, for an office.

The upload is saved under ``MEDIA_ROOT/imports/`` and checked by a background task
(:mod:`daihoi.roster.tasks`) that records its progress on an
:class:`~daihoi.roster.models.ImportJob`; the page polls the job's fragment every second until
it is finished. The job page then shows the errors (and the marked copy of the workbook to
download), the columns as mapped (editable: "Kiểm tra lại" checks the same file again), and
after a clean check the preview with the "Nhập" button, which imports the checked file without
uploading it again.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.db import transaction
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
)
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext

from daihoi.core.access import requires, signed_in
from daihoi.core.http import attachment
from daihoi.core.jobs import store_upload
from daihoi.roster import access, exporting, importing, printing, services, tasks
from daihoi.roster.access import is_office
from daihoi.roster.choices import OrgKind
from daihoi.roster.forms_import import ImportForm, MappingForm
from daihoi.roster.importing import marking
from daihoi.roster.importing.mapping import Mapping, saved_columns
from daihoi.roster.models import Agency, ImportJob, Organization

office_only = requires(is_office, "office")


def _targets(org: Organization) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(code, name) of the cells and agencies a value may be confirmed as."""
    cells = list(Organization.objects.filter(kind=OrgKind.CELL, path__startswith=org.path)
                 .order_by("path", "position").values_list("code", "name"))
    agencies = list(Agency.objects.filter(organization__path__startswith=org.path)
                    .order_by("name").values_list("code", "name"))
    return cells, agencies


def _mapping_form(job: ImportJob, org: Organization, data: Any = None) -> MappingForm | None:
    if not job.finished or not job.stored_path or not job.mapping.get("headers"):
        return None
    cells, agencies = _targets(org)
    return MappingForm(
        data, mapping=job.mapping, unknown=job.result.get("unknown_values", {}), cells=cells,
        agencies=agencies,
    )


def _job_context(job: ImportJob, org: Organization) -> dict[str, Any]:
    result = job.result or {}
    return {
        "job": job,
        "org": org,
        "phase_label": gettext(importing.PHASES[job.phase]) if job.phase in importing.PHASES
        else gettext("Đang chờ bắt đầu"),
        "mapping_form": _mapping_form(job, org),
        "can_import": job.status == ImportJob.Status.DONE and job.dry_run
        and bool(job.stored_path),
        "per_cell": sorted(result.get("per_cell", {}).items()),
        "ignored": result.get("ignored_columns", []),
    }


def _new_job(
    job: ImportJob | None, org: Organization, user: Any, *, file_name: str, stored: str,
    mapping: dict[str, Any], dry_run: bool,
) -> ImportJob:
    """A job on an uploaded file; the file passes from ``job`` (a check) to the new one."""
    with transaction.atomic():
        if job is not None:
            ImportJob.objects.filter(pk=job.pk).update(stored_path="")
        new = ImportJob.objects.create(
            organization=org, created_by=user, file_name=file_name, stored_path=stored,
            dry_run=dry_run, mapping=mapping, sha256=job.sha256 if job else "",
            language=translation.get_language() or "",
        )
        tasks.enqueue(new)
    return new


@office_only
def roster_import(request: HttpRequest, code: str) -> HttpResponse:
    """The import page: the template to download, the upload form, the recent imports. An
    upload is always checked first; the job page offers "Nhập" after a clean check."""
    org = access.get_managed_organization(request.user, code)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        name = Path(upload.name).name[:255]
        stored = store_upload(upload, "imports")
        job = _new_job(None, org, request.user, file_name=name, stored=str(stored),
                       mapping={}, dry_run=True)
        return redirect("roster:import_job", code=org.code, pk=job.pk)
    services.import_jobs_expire(organization=org)
    jobs = ImportJob.objects.filter(organization=org).select_related("created_by")[:10]
    return render(
        request, "roster/import.html",
        {"org": org, "form": form, "jobs": jobs, "job": None, "columns": importing.COLUMNS},
    )


def _job_of(request: HttpRequest, code: str, pk: int) -> tuple[Organization, ImportJob]:
    org = access.get_managed_organization(request.user, code)
    job = ImportJob.objects.filter(pk=pk, organization=org).first()
    if job is None:
        raise Http404
    return org, job


@office_only
def import_job(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """One import's progress, then its errors, mapping and preview (a fragment for HTMX)."""
    org = access.get_managed_organization(request.user, code)
    services.import_jobs_expire(organization=org)
    org, job = _job_of(request, code, pk)
    context = _job_context(job, org)
    if request.headers.get("HX-Request"):
        return render(request, "roster/_fragments/import_progress.html", context)
    return render(
        request, "roster/import.html",
        {**context, "form": ImportForm(), "jobs": [], "columns": importing.COLUMNS},
    )


@office_only
def import_remap(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Check the same file again with the columns (and values) as the user mapped them; the
    mapping is saved for the organization and proposed at its next import."""
    org, job = _job_of(request, code, pk)  # another organization's job: 404 before 405
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = _mapping_form(job, org, request.POST)
    if form is None:
        raise Http404
    if not form.is_valid():
        context = {**_job_context(job, org), "mapping_form": form}
        return render(request, "roster/import.html",
                      {**context, "form": ImportForm(), "jobs": [], "columns": importing.COLUMNS},
                      status=400)
    chosen = form.chosen()
    if "columns" in chosen:
        mapping = Mapping.from_json(chosen)
        services.import_mapping_save(
            actor=request.user, organization=org,
            columns=saved_columns(mapping),
            values=mapping.values, compound_names=list(mapping.compound_names),
        )
    new = _new_job(job, org, request.user, file_name=job.file_name, stored=job.stored_path,
                   mapping=chosen, dry_run=True)
    return redirect("roster:import_job", code=org.code, pk=new.pk)


@office_only
def import_confirm(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """"Nhập": import the file this job checked, without uploading it again."""
    org, job = _job_of(request, code, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not (job.status == ImportJob.Status.DONE and job.dry_run and job.stored_path):
        return render(request, "roster/import.html", {
            **_job_context(job, org), "form": ImportForm(), "jobs": [],
            "columns": importing.COLUMNS,
            "notice": gettext(
                "Lần kiểm tra này không còn nhập được (đã nhập, có lỗi, hoặc tệp đã quá hạn "
                "giữ); hãy tải tệp lên lại."),
        }, status=409)
    new = _new_job(job, org, request.user, file_name=job.file_name, stored=job.stored_path,
                   mapping=job.mapping, dry_run=False)
    return redirect("roster:import_job", code=org.code, pk=new.pk)


@office_only
def import_marked(request: HttpRequest, code: str, pk: int) -> Any:
    """The user's workbook with the faulty cells marked and the messages in comments."""
    _, job = _job_of(request, code, pk)
    if not job.marked_path or not Path(job.marked_path).is_file():
        raise Http404
    return FileResponse(
        Path(job.marked_path).open("rb"), as_attachment=True,
        filename=marking.marked_file_name(job.file_name),
        content_type=exporting.CONTENT_TYPES["xlsx"],
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




@signed_in
def member_list_print(request: HttpRequest, code: str) -> HttpResponse:
    """"Danh sách trích ngang đảng viên" of the organization (``?format=pdf|docx|xlsx``): for
    its office, and for a cell secretary of the own cell."""
    org = access.get_organization_for_user(request.user, code)
    fmt = request.GET.get("format", "pdf")
    if fmt not in printing.FORMATS:
        raise Http404
    return attachment(printing.member_list(org, fmt),
                      filename=f"trich-ngang-dang-vien-{org.code}.{fmt}",
                      content_type=printing.CONTENT_TYPES[fmt])
