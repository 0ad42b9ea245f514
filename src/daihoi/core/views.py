from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from daihoi.core.access import public, signed_in
from daihoi.core.errors import ServiceError
from daihoi.core.middleware import mark_desk_session
from daihoi.elections.models import EntryDesk
from daihoi.roster.services import user_password_change


@signed_in
def home(request: HttpRequest) -> HttpResponse:
    """Each person lands on their work: the home pages of every role live in the layer above
    the apps (``daihoi.site``), which core does not import; it is reached by its URL name."""
    return redirect("homes:home")


@public
def healthz(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


class LoginView(auth_views.LoginView):
    """Django's login page; a counting-board desk operator's session becomes a desk session
    (a short idle timeout, see ``DeskIdleMiddleware``). Failed attempts are counted by
    django-axes (see the settings)."""

    template_name = "registration/login.html"

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        if EntryDesk.objects.filter(user=form.get_user()).exists():
            mark_desk_session(self.request)
        return response


def locked_out(request: HttpRequest, original_response: Any = None,
               credentials: Any = None) -> HttpResponse:
    """The page django-axes answers (429) while an account or an address is locked out."""
    return render(request, "registration/locked_out.html", {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }, status=429)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Every user changes their own password: the old one, the new one twice, Django's
    validators; the write goes through ``user_password_change`` (audited)."""

    template_name = "registration/password_change_form.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("home")

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            user_password_change(actor=self.request.user,
                                 password=form.cleaned_data["new_password1"])
        except ServiceError as exc:
            form.add_error("new_password1", exc.message)
            return self.form_invalid(form)
        update_session_auth_hash(self.request, form.user)
        messages.success(self.request, _("Đã đổi mật khẩu."))
        return redirect(self.get_success_url())
