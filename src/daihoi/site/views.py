"""The home page: each user sent to where their work is."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from daihoi.core.access import signed_in
from daihoi.roster.access import scope_for


@signed_in
def home(request: HttpRequest) -> HttpResponse:
    """Send each user to where their work is: the office to its committee, a secretary to the
    cell, a member to their own record."""
    scope = scope_for(request.user)
    if scope.admin_orgs:
        return redirect("roster:dashboard", code=scope.admin_orgs[0].code)
    if scope.secretary_cells:
        return redirect("roster:dashboard", code=scope.secretary_cells[0].code)
    if scope.member_id is not None:
        return redirect("roster:member_detail", pk=scope.member_id)
    return HttpResponse(
        "Tài khoản này chưa được giao vai trò nào. Hãy liên hệ văn phòng đảng ủy.", status=403
    )
