"""The congress's resolution: a page with what is still missing, and the DOCX/PDF; the congress
dossier (hồ sơ đại hội) for the office: its index page, its ZIP and each of its files."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from daihoi.audit.selectors import audit_head
from daihoi.congress.access import get_congress_for_user
from daihoi.congress.issuers import document_day
from daihoi.congress.register import document_issue, register_of
from daihoi.core.access import signed_in
from daihoi.core.errors import ServiceError
from daihoi.core.http import DOCX, PDF, attachment, streamed_attachment
from daihoi.reports.dossier import (
    CongressDossier,
    dossiers,
    files,
    printed_dossiers,
    zip_stream,
)
from daihoi.reports.forms import IssueForm
from daihoi.reports.register import issuable, issuables
from daihoi.reports.resolution import resolution_docx, resolution_pdf, resolution_state


@signed_in
def resolution(request: HttpRequest, congress_pk: int, fmt: str = "") -> HttpResponse:
    congress = get_congress_for_user(request.user, congress_pk, manage=True)
    state = resolution_state(congress)
    error = ""
    if fmt:
        try:
            if fmt == "docx":
                body, content_type = resolution_docx(state), DOCX
            else:
                body, content_type = resolution_pdf(state), PDF
        except ServiceError as exc:
            error = exc.message
        else:
            return attachment(body, filename=f"nghi-quyet.{fmt}", content_type=content_type)
    return render(request, "reports/resolution.html",
                  {"congress": congress, "state": state, "error": error})


@signed_in
def register(request: HttpRequest, congress_pk: int) -> HttpResponse:
    """The organization's register of outgoing documents, and the congress's documents with
    an "Ban hành" action for each one ready to issue."""
    congress = get_congress_for_user(request.user, congress_pk, manage=True)
    # proposed: today, or the congress's day once it is past (the office may change it)
    day = document_day(congress, None)
    rows = [(item, IssueForm(initial={"kind": item.kind, "ref": item.ref,
                                      "summary": item.summary, "issued_on": day}))
            for item in issuables(congress)]
    return render(request, "reports/register.html", {
        "congress": congress, "rows": rows,
        "entries": register_of(congress.organization)[:500]})


@signed_in
def document_issue_view(request: HttpRequest, congress_pk: int) -> HttpResponse:
    """Ban hành (POST): the document takes the next number of the register (refused while
    something it prints is missing)."""
    congress = get_congress_for_user(request.user, congress_pk, manage=True)
    if request.method != "POST":
        return redirect("reports:register", congress_pk=congress.pk)
    form = IssueForm(request.POST)
    if not form.is_valid():
        messages.error(request, "; ".join(str(m) for ms in form.errors.values() for m in ms))
        return redirect("reports:register", congress_pk=congress.pk)
    data = form.cleaned_data
    item = issuable(congress, data["kind"], data["ref"])
    if item is None:
        messages.error(request, gettext("Không có văn bản này trong các văn bản của Đại hội."))
    elif item.blockers:
        messages.error(request, gettext("Chưa ban hành được: %(why)s") % {
            "why": " ".join(str(b) for b in item.blockers)})
    else:
        try:
            entry = document_issue(actor=request.user, congress=congress, kind=item.kind,
                                   ref=item.ref, summary=data["summary"], on=data["issued_on"])
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, gettext("Đã ban hành %(number)s.") % {
                "number": entry.number_symbol})
    return redirect("reports:register", congress_pk=congress.pk)


def _dossiers(request: HttpRequest, congress_pk: int, *, printed: bool = True
              ) -> list[CongressDossier]:
    """The office's (the dossier holds the confidential personnel plans): a committee
    congress's dossier with its cells', or one cell congress's. ``printed``: for the files,
    in Vietnamese whatever the page's language; else for the page, in its language."""
    congress = get_congress_for_user(request.user, congress_pk, manage=True)
    all_dossiers = printed_dossiers(congress) if printed else dossiers(congress)
    return all_dossiers if congress.part_of_id is None else all_dossiers[:1]


@signed_in
def dossier(request: HttpRequest, congress_pk: int) -> HttpResponse:
    all_dossiers = _dossiers(request, congress_pk, printed=False)
    return render(request, "reports/dossier.html", {
        "congress": all_dossiers[0].congress, "dossiers": all_dossiers,
        "head": audit_head(), "ready": sum(d.ready for d in all_dossiers),
        "total": sum(len(d.items) for d in all_dossiers)})


@signed_in
def dossier_zip(request: HttpRequest, congress_pk: int) -> StreamingHttpResponse:
    """The whole dossier as one ZIP, written while it is sent (one document in memory)."""
    all_dossiers = _dossiers(request, congress_pk)
    return streamed_attachment(zip_stream(all_dossiers), content_type="application/zip",
                               filename=f"ho-so-{all_dossiers[0].folder}.zip")


@signed_in
def dossier_file(request: HttpRequest, congress_pk: int, name: str) -> HttpResponse:
    """One file of one congress's folder (its index, or a ready document)."""
    one = _dossiers(request, congress_pk)[:1]
    for path, writer in files(one):
        if path == f"{one[0].folder}/{name}":
            return attachment(writer(), filename=name, content_type=PDF if name.endswith(
                ".pdf") else DOCX, inline=name.endswith(".pdf"))
    raise Http404
