"""The office's page of its organization's logins, and resetting one's password."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from daihoi.core.access import requires
from daihoi.core.errors import ServiceError, show_on_form
from daihoi.roster import access, services
from daihoi.roster.models import Role

office_only = requires(access.is_office, "office")


@office_only
def user_list(request: HttpRequest, code: str) -> HttpResponse:
    org = access.get_managed_organization(request.user, code)
    users = list(access.users_managed_by(request.user, org))
    roles: dict[int, list[Role]] = {}
    for role in Role.objects.filter(user__in=users).select_related("organization"):
        roles.setdefault(role.user_id, []).append(role)
    rows = [(u, roles.get(u.pk, [])) for u in users]
    return render(request, "roster/user_list.html", {"org": org, "rows": rows})


@office_only
def user_password_reset(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    org = access.get_managed_organization(request.user, code)
    target = access.get_user_for_office(request.user, code, pk)
    form = SetPasswordForm(target, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_password_reset(actor=request.user, user=target,
                                         password=form.cleaned_data["new_password1"])
        except ServiceError as exc:
            show_on_form(form, exc, field="new_password1")
        else:
            messages.success(request, _("Đã đặt lại mật khẩu của tài khoản %(username)s. "
                                        "Hãy trao mật khẩu mới tận tay người dùng.")
                             % {"username": target.username})
            return redirect("roster:user_list", code=org.code)
    return render(request, "roster/user_password_reset.html",
                  {"org": org, "target": target, "form": form})
