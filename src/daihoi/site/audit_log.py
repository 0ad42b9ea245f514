"""The audit log for an office: who did what and when in its organization (said in the
reader's language, beside the Vietnamese sentence the entry recorded), and whether the hash
chain is intact."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from daihoi.audit import selectors
from daihoi.core.access import requires
from daihoi.roster import access
from daihoi.roster.access import is_office

PER_PAGE = 50


@requires(is_office, "office")
def audit_log(request: HttpRequest, code: str) -> HttpResponse:
    org = access.get_managed_organization(request.user, code)
    area = request.GET.get("khu", "")
    query = request.GET.get("q", "")[:100]
    actor = request.GET.get("nguoi", "")[:150]
    entries = selectors.entries_for(org, area=area, query=query, actor=actor)
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("trang"))
    return render(request, "audit/log.html", {
        "org": org, "page": page, "rows": selectors.log_rows(page), "areas": selectors.AREAS,
        "area": area, "query": query, "actor": actor, "chain": selectors.chain_state()})
