"""The kernel's one table: the one-time tokens of create forms (see ``daihoi.core.once``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class SubmitToken(models.Model):
    """A create form's one-time token, consumed in the transaction of the create it guards;
    ``url`` is where the created object is shown (for a second submit of the same form)."""

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE,
                             related_name="+")
    url = models.CharField(max_length=500, blank=True)
    used_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.token
