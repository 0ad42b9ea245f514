from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditHead(models.Model):
    """One row, locked by every append so that the chain stays linear under concurrency."""

    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("đầu chuỗi nhật ký")

    def __str__(self) -> str:
        return f"#{self.last_seq}"


class AuditEntry(models.Model):
    """An append-only log entry whose hash chains it to the one before."""

    seq = models.BigIntegerField(unique=True)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    organization = models.ForeignKey(
        "roster.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    summary = models.CharField(max_length=500, blank=True)
    data = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    #: 2: HMAC-SHA256 under the key outside the database; 1: plain SHA-256, entries written
    #: before the log was keyed ("legacy"; see ``daihoi.audit.chain``).
    scheme = models.PositiveSmallIntegerField(default=2)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("mục nhật ký")
        verbose_name_plural = _("nhật ký")
        indexes = [models.Index(fields=["organization", "seq"], name="audit_org_seq")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"
