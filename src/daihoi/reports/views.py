"""The congress's resolution: a page with what is still missing, and the DOCX/PDF; the congress
dossier (hồ sơ đại hội) for the office: its index page, its ZIP and each of its files."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from daihoi.audit.selectors import audit_head
from daihoi.congress.access import get_congress_for_user
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
