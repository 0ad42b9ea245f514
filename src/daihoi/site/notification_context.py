from __future__ import annotations

import functools
from typing import Any

from django.http import HttpRequest

from daihoi import clock
from daihoi.site.notifications import unread_count


def notifications(request: HttpRequest) -> dict[str, Any]:
    """The count of new notifications shown in the menu of every page. Lazy: a template calls
    it (once) only if it shows the menu, so the fragments of the desks (keyed ballots, check-in
    scans) never compute it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": functools.cache(lambda: unread_count(user, clock.now()))}
