"""The navigation's context: the signed-in user's scope (their organizations and cell)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from daihoi.roster.access import scope_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"scope": scope_for(user)}
