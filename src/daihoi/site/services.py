"""The one write of the home pages: a user marks their notifications read up to a time."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from daihoi import clock
from daihoi.audit.services import audit_record
from daihoi.site.models import NotificationMark


@transaction.atomic
def notifications_mark_read(*, actor: Any, up_to: dt.datetime) -> NotificationMark:
    """Everything up to ``up_to`` (the newest notification the user was shown, never later
    than now) is read; the marker never moves back (a stale tab changes nothing)."""
    up_to = min(up_to, clock.now())
    mark, created = NotificationMark.objects.select_for_update().get_or_create(
        user_id=actor.pk, defaults={"read_up_to": up_to})
    if not created and mark.read_up_to >= up_to:
        return mark
    if not created:
        mark.read_up_to = up_to
        mark.save(update_fields=["read_up_to"])
    audit_record(actor=actor, action="site.notifications_read", obj=mark,
                 summary=f"Đã đọc thông báo đến {up_to.astimezone(clock.LOCAL_TZ):%H:%M %d/%m/%Y}")
    return mark
