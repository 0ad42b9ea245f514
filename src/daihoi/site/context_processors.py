"""The context of every page: the signed-in user's scope (their organizations and cell), and
the demo clock's day when it runs (``settings.DAIHOI_DEMO_TODAY``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from daihoi import clock
from daihoi.roster.access import scope_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"scope": scope_for(user)}


def demo_clock(request: HttpRequest) -> dict[str, Any]:
    """``demo_today`` (dd/mm/yyyy) when the demo clock runs: every page says so, so that no
    one takes its dates for the real ones (``templates/_demo_clock.html``)."""
    if clock.demo_day() is None:
        return {}
    return {"demo_today": clock.today().strftime("%d/%m/%Y")}
