"""Signing in and changing one's password (Django's views, with daihoi's desk sessions and
audited password change)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from daihoi.core.errors import ServiceError, show_on_form
from daihoi.core.middleware import mark_desk_session
from daihoi.elections.models import EntryDesk
from daihoi.roster.services import user_password_change


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
            show_on_form(form, exc, field="new_password1")
            return self.form_invalid(form)
        update_session_auth_hash(self.request, form.user)
        messages.success(self.request, _("Đã đổi mật khẩu."))
        return redirect(self.get_success_url())
