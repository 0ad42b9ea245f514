"""The congress's resolution: a page with what is still missing, and the DOCX/PDF."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from daihoi.congress.access import get_congress_for_user
from daihoi.core.access import signed_in
from daihoi.core.errors import ServiceError
from daihoi.core.http import DOCX, PDF, attachment
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
