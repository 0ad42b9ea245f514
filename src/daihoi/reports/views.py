"""The congress's resolution: a page with what is still missing, and the DOCX/PDF."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from daihoi.congress.access import get_congress_for_user
from daihoi.core.access import signed_in
from daihoi.core.errors import ServiceError
from daihoi.reports.resolution import resolution_docx, resolution_pdf, resolution_state

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@signed_in
def resolution(request: HttpRequest, congress_pk: int, fmt: str = "") -> HttpResponse:
    congress = get_congress_for_user(request.user, congress_pk, manage=True)
    state = resolution_state(congress)
    error = ""
    if fmt:
        try:
            if fmt == "docx":
                response = HttpResponse(resolution_docx(state), content_type=DOCX)
            else:
                response = HttpResponse(resolution_pdf(state), content_type="application/pdf")
        except ServiceError as exc:
            error = exc.message
        else:
            response["Content-Disposition"] = f'attachment; filename="nghi-quyet.{fmt}"'
            return response
    return render(request, "reports/resolution.html",
                  {"congress": congress, "state": state, "error": error})
