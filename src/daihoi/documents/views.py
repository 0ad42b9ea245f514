"""Documents, versions and opinions. Thin views: fetch through ``access`` (404 outside the
user's scope), validate with forms, write through ``services``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext

from daihoi import clock
from daihoi.congress.models import Congress
from daihoi.core.access import signed_in
from daihoi.core.errors import IllegalTransitionError, ServiceError, show_on_form
from daihoi.core.http import DOCX, PDF, attachment
from daihoi.core.jobs import store_upload
from daihoi.core.once import create_once
from daihoi.documents import printing, selectors, services
from daihoi.documents.access import (
    DocRole,
    congress_role,
    documents_visible_to,
    get_document_for_user,
    get_opinion_to_answer,
    get_section_for_user,
    invited_cell_ids,
    opinions_visible_to,
    own_member,
)
from daihoi.documents.forms import AnswerForm, DocumentForm, ImportForm, OpinionForm, SendForm
from daihoi.documents.models import (
    Distribution,
    Document,
    DocumentKind,
    Opinion,
    Version,
    VersionImportJob,
)
from daihoi.roster.access import scope_for
from daihoi.roster.choices import OrgKind
from daihoi.roster.models import Organization


def _congress_with_role(request: HttpRequest, pk: int) -> tuple[Congress, DocRole | None]:
    congress = Congress.objects.select_related("organization__parent").filter(
        pk=pk, part_of__isnull=True).first()
    if congress is None:
        raise Http404
    return congress, congress_role(request.user, congress)


@signed_in
def my_drafts(request: HttpRequest) -> HttpResponse:
    """The drafts sent to the user's cell (or the cells they lead), with their deadlines."""
    scope = scope_for(request.user)
    cells = {c.pk for c in scope.secretary_cells}
    member = own_member(request.user)
    if member is not None:
        cells.add(member.cell_id)
    distributions = Distribution.objects.filter(cell_id__in=cells).select_related(
        "document__congress__organization", "cell").order_by("-deadline")
    congresses = [c for c in Congress.objects.filter(part_of__isnull=True).select_related(
        "organization") if congress_role(request.user, c) is not None]
    return render(request, "documents/my_drafts.html", {
        "distributions": distributions, "congresses": congresses, "now": clock.now()})


@signed_in
def congress_documents(request: HttpRequest, congress_pk: int) -> HttpResponse:
    congress, role = _congress_with_role(request, congress_pk)
    documents = list(documents_visible_to(request.user, congress))
    if role is None and not documents:
        raise Http404
    form = DocumentForm(request.POST or None) if role == DocRole.OFFICE else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                doc = create_once(request, lambda: services.document_create(
                    actor=request.user, congress=congress, **form.cleaned_data),
                    lambda d: reverse("documents:detail", args=[d.pk]))
            except ServiceError as exc:
                show_on_form(form, exc)
            else:
                messages.success(request, gettext("Đã tạo văn kiện."))
                return redirect("documents:detail", document_pk=doc.pk)
    return render(request, "documents/congress_documents.html", {
        "congress": congress, "role": role, "form": form,
        "states": selectors.document_states(documents),
        "has_upper": any(d.kind == DocumentKind.UPPER_DRAFT for d in documents),
    })


@signed_in
def upper_report(request: HttpRequest, congress_pk: int, fmt: str) -> HttpResponse:
    congress, role = _congress_with_role(request, congress_pk)
    if role is None:
        raise Http404
    docs = Document.objects.filter(congress=congress, kind=DocumentKind.UPPER_DRAFT)
    reports = [selectors.summary_report(d) for d in docs]
    today = clock.today()
    if fmt == "docx":
        return attachment(printing.upper_docx(congress, reports, today),
                          filename="gop-y-van-kien-cap-tren.docx", content_type=DOCX)
    try:
        pdf = printing.upper_pdf(congress, reports, today)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("documents:congress_documents", congress_pk=congress.pk)
    return attachment(pdf, filename="gop-y-van-kien-cap-tren.pdf", content_type=PDF,
                      inline=True)


def _send_cells(document: Document) -> Any:
    return Organization.objects.filter(
        path__startswith=document.congress.organization.path, kind=OrgKind.CELL
    ).order_by("position", "name")


@signed_in
def document_detail(request: HttpRequest, document_pk: int) -> HttpResponse:
    document, role = get_document_for_user(request.user, document_pk)
    versions = list(document.versions.order_by("-number"))
    current = versions[0] if versions else None
    sections = list(current.sections.order_by("position")) if current else []
    counts: dict[int, int] = {}
    visible = opinions_visible_to(request.user, document, role)
    if current is not None:
        from django.db.models import Count

        counts = dict(visible.filter(section__version=current).values("section_id").annotate(
            n=Count("id")).values_list("section_id", "n"))
    for s in sections:
        s.opinion_count = counts.get(s.pk, 0)  # type: ignore[attr-defined]  # a count set on the row for the template
    led, own = invited_cell_ids(request.user, document)
    my_cells = led | ({own} if own else set())
    distributions = Distribution.objects.filter(document=document).select_related("cell")
    if role < DocRole.REVIEWER:
        distributions = distributions.filter(cell_id__in=my_cells)
    return render(request, "documents/document_detail.html", {
        "document": document, "role": role, "versions": versions, "current": current,
        "sections": sections, "distributions": distributions, "now": clock.now(),
        "is_office": role == DocRole.OFFICE, "is_reviewer": role >= DocRole.REVIEWER,
        "import_form": ImportForm() if role >= DocRole.REVIEWER else None,
        "send_form": SendForm(cells=_send_cells(document)) if role == DocRole.OFFICE else None,
        "finalize_issues": services.issues_before_finalize(document)
        if role == DocRole.OFFICE else [],
    })


@signed_in
def version_import(request: HttpRequest, document_pk: int) -> HttpResponse:
    """The upload: the file is stored (its size checked) and read by the worker; the job's
    page follows it."""
    document, role = get_document_for_user(request.user, document_pk)
    if role < DocRole.REVIEWER:
        raise Http404
    services.version_import_jobs_expire(document=document)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        stored = store_upload(upload, "drafts")
        try:
            job = services.version_import_queue(
                actor=request.user, document=document, file_name=Path(upload.name).name,
                stored_path=str(stored), note=form.cleaned_data["note"])
        except ServiceError as exc:
            stored.unlink(missing_ok=True)
            show_on_form(form, exc)
        else:
            return redirect("documents:import_job", document_pk=document.pk, pk=job.pk)
    jobs = VersionImportJob.objects.filter(document=document).select_related("version")[:5]
    return render(request, "documents/import.html",
                  {"document": document, "form": form, "jobs": jobs},
                  status=400 if request.method == "POST" else 200)


@signed_in
def version_import_job(request: HttpRequest, document_pk: int, pk: int) -> HttpResponse:
    """One upload's status, then its version or the reason it was refused (a fragment for
    HTMX, polled every second until the job ends)."""
    document, role = get_document_for_user(request.user, document_pk)
    if role < DocRole.REVIEWER:
        raise Http404
    services.version_import_jobs_expire(document=document)
    job = VersionImportJob.objects.filter(pk=pk, document=document).select_related(
        "version").first()
    if job is None:
        raise Http404
    sections = job.version.sections.count() if job.version is not None else 0
    context = {"document": document, "job": job, "sections": sections}
    if request.headers.get("HX-Request"):
        return render(request, "documents/_import_job.html", context)
    return render(request, "documents/import_job.html", context)


@signed_in
def document_send(request: HttpRequest, document_pk: int) -> HttpResponse:
    document, role = get_document_for_user(request.user, document_pk)
    if role != DocRole.OFFICE:
        raise Http404
    form = SendForm(request.POST or None, cells=_send_cells(document))
    if request.method == "POST" and form.is_valid():
        try:
            services.document_send(actor=request.user, document=document,
                                   cells=list(form.cleaned_data["cells"]),
                                   deadline=form.cleaned_data["deadline"])
        except ServiceError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, gettext("Đã gửi dự thảo lấy ý kiến."))
            return redirect("documents:detail", document_pk=document.pk)
    return render(request, "documents/send.html", {"document": document, "form": form})


@signed_in
def document_finalize(request: HttpRequest, document_pk: int) -> HttpResponse:
    document, role = get_document_for_user(request.user, document_pk)
    if role != DocRole.OFFICE or request.method != "POST":
        raise Http404
    try:
        services.document_finalize(actor=request.user, document=document)
    except IllegalTransitionError as exc:
        messages.error(request, exc.message)
        return redirect("documents:detail", document_pk=document.pk)
    messages.success(request, gettext("Văn kiện đã được hoàn thiện."))
    return redirect("documents:detail", document_pk=document.pk)


@signed_in
def version_diff(request: HttpRequest, document_pk: int) -> HttpResponse:
    document, _role = get_document_for_user(request.user, document_pk)
    versions = list(document.versions.order_by("number"))
    if len(versions) < 2:
        messages.error(request, gettext(
            "Văn kiện mới có một phiên bản; chưa có gì để so sánh."))
        return redirect("documents:detail", document_pk=document.pk)
    by_number = {v.number: v for v in versions}

    def pick(name: str, default: Version) -> Version:
        try:
            return by_number[int(request.GET.get(name, default.number))]
        except (KeyError, ValueError) as exc:
            raise Http404 from exc

    old, new = pick("a", versions[-2]), pick("b", versions[-1])
    return render(request, "documents/diff.html", {
        "document": document, "old": old, "new": new, "versions": versions,
        "diff": selectors.version_diff(old, new)})


@signed_in
def summary(request: HttpRequest, document_pk: int, fmt: str = "html") -> HttpResponse:
    document, role = get_document_for_user(request.user, document_pk)
    if role < DocRole.REVIEWER:
        raise Http404
    version = None
    if request.GET.get("v"):
        version = document.versions.filter(number=request.GET["v"]).first()
        if version is None:
            raise Http404
    report = selectors.summary_report(document, version)
    today = clock.today()
    if fmt == "docx":
        return attachment(printing.summary_docx(report, today),
                          filename=f"tong-hop-y-kien-{document.pk}.docx", content_type=DOCX)
    if fmt == "pdf":
        try:
            pdf = printing.summary_pdf(report, today)
        except ServiceError as exc:
            messages.error(request, exc.message)
            return redirect("documents:summary", document_pk=document.pk)
        return attachment(pdf, filename=f"tong-hop-y-kien-{document.pk}.pdf",
                          content_type=PDF, inline=True)
    return render(request, "documents/summary.html", {"document": document, "report": report})


def _opinion_rows(request: HttpRequest, section: Any, role: DocRole) -> Any:
    return selectors.opinion_rows(
        opinions_visible_to(request.user, section.version.document, role).filter(section=section))


@signed_in
def section_detail(request: HttpRequest, section_pk: int) -> HttpResponse:
    section, role = get_section_for_user(request.user, section_pk)
    document = section.version.document
    led, own = invited_cell_ids(request.user, document)
    member = own_member(request.user)
    personal = own is not None and member is not None
    can_give = personal or bool(led)
    led_cells = Organization.objects.filter(pk__in=led).order_by("name")
    form = OpinionForm(request.POST or None, cells=led_cells, personal=personal) \
        if can_give else None
    status = 200
    if request.method == "POST":
        if form is None:
            messages.error(request, gettext(
                "Đồng chí không có trong danh sách góp ý dự thảo này."))
            status = 403
        elif form.is_valid():
            data = form.cleaned_data
            cell = data.get("on_behalf")
            try:
                services.opinion_submit(
                    actor=request.user, section=section, stance=data["stance"],
                    reason=data["reason"], proposed_text=data["proposed_text"],
                    member=None if cell else member, cell=cell)
            except ServiceError as exc:
                show_on_form(form, exc)
                status = 400
            else:
                messages.success(request, gettext(
                    "Đã ghi nhận ý kiến góp ý. Cảm ơn đồng chí."))
                return redirect("documents:section", section_pk=section.pk)
        else:
            status = 400
    my_cells = led | ({own} if own is not None else set())
    deadlines = list(Distribution.objects.filter(document=document, cell_id__in=my_cells)
                     .values_list("deadline", flat=True))
    closed_since = max(deadlines) if deadlines and max(deadlines) < clock.now() else None
    latest = document.versions.order_by("-number").values_list("number", flat=True).first()
    siblings = list(section.version.sections.order_by("position").values_list(
        "pk", "position", "heading"))
    return render(request, "documents/section.html", {
        "section": section, "document": document, "role": role, "form": form,
        "superseded": section.version.number != latest, "latest": latest,
        "closed_since": closed_since,
        "opinions": _opinion_rows(request, section, role),
        "can_answer": role >= DocRole.REVIEWER,
        "siblings": siblings,
    }, status=status)


@signed_in
def opinion_answer(request: HttpRequest, opinion_pk: int) -> HttpResponse:
    opinion = get_opinion_to_answer(request.user, opinion_pk)
    if request.method != "POST":
        raise Http404
    form = AnswerForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.opinion_answer(actor=request.user, opinion=opinion,
                                    answer=form.cleaned_data["answer"],
                                    response=form.cleaned_data["response"])
        except ServiceError as exc:
            error = exc.message
    else:
        error = gettext("Hãy chọn cách trả lời.")
    if request.headers.get("HX-Request"):
        [row] = selectors.opinion_rows(Opinion.objects.filter(pk=opinion.pk))
        # 200 even with an error: HTMX swaps only successful responses, and the fragment shows
        # the message next to the form.
        return render(request, "documents/_fragments/opinion.html", {
            "o": row, "can_answer": True, "error": error})
    if error:
        messages.error(request, error)
    else:
        messages.success(request, gettext("Đã trả lời ý kiến."))
    return redirect("documents:section", section_pk=opinion.section_id)
