from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationMark(models.Model):
    """How far a user has read their notifications. The notifications themselves are derived
    at read time (``daihoi.site.notifications``) from the opinions, tasks and deadlines; only
    this marker is stored: what happened after ``read_up_to`` is new."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="+")
    read_up_to = models.DateTimeField()

    class Meta:
        verbose_name = _("mốc đã đọc thông báo")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.read_up_to:%Y-%m-%d %H:%M}"
