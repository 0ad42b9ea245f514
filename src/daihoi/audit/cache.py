"""Caching of derived figures that change only when something is written.

Every write records an audit entry in its own transaction (the house rule), so the audit
chain's length is a version number of the whole database: a figure cached under it is fresh
until the next write, and no write path needs to remember to invalidate anything.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

from daihoi.audit.models import AuditHead

T = TypeVar("T")


def data_version() -> int:
    """The number of writes so far (the audit chain's last sequence number)."""
    seq = AuditHead.objects.filter(pk=1).values_list("last_seq", flat=True).first()
    return seq or 0


def cached_until_next_write(key: str, compute: Callable[[], T], *, timeout: int = 3600) -> T:
    """``compute()``, cached under ``key`` until the next audited write."""
    full_key = f"daihoi:{key}:v{data_version()}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, timeout)
    return value  # type: ignore[no-any-return]  # the cache returns Any; it holds what compute gave
