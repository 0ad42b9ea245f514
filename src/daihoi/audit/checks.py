"""System checks of the audit log's settings (``daihoi check --deploy``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register


@register(Tags.security, deploy=True)
def check_audit_key(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if getattr(settings, "AUDIT_HMAC_KEY_SOURCE", "") != "secret_key":
        return []
    return [Warning(
        "AUDIT_HMAC_KEY is not set (nor the key file $DAIHOI_DATA_DIR/audit-key): the audit "
        "log's key is derived from SECRET_KEY, and changing SECRET_KEY would make the whole log "
        "fail verification.",
        hint="Set AUDIT_HMAC_KEY to 64 random hex digits kept outside the database "
             "(see docs/backup.md).",
        id="daihoi.W010",
    )]
