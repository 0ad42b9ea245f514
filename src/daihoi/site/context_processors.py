from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from daihoi import clock
from daihoi.site.notifications import unread_count


def notifications(request: HttpRequest) -> dict[str, Any]:
    """The count of new notifications shown in the menu of every page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_count(user, clock.now())}
