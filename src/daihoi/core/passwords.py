"""Django's minimum-length password rule with its message in Vietnamese (Django's own
Vietnamese catalogue lacks this message, so users saw it in English)."""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.utils.translation import gettext as _


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return _("Mật khẩu này quá ngắn: cần ít nhất %(min_length)d ký tự.") % {
            "min_length": self.min_length}

    def get_help_text(self) -> str:
        return _("Mật khẩu cần ít nhất %(min_length)d ký tự.") % {"min_length": self.min_length}
