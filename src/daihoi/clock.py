"""The one clock of the application. Tests freeze it with :func:`frozen`."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

from django.utils import timezone

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

_frozen: dt.datetime | None = None


def now() -> dt.datetime:
    """The current time, timezone-aware (UTC)."""
    return _frozen if _frozen is not None else timezone.now()


def today() -> dt.date:
    """Today's date in Vietnam."""
    return now().astimezone(LOCAL_TZ).date()


@contextlib.contextmanager
def frozen(at: dt.datetime) -> Iterator[None]:
    """Freeze :func:`now` at ``at`` (which must be aware) for the duration of the block."""
    if at.tzinfo is None:
        raise ValueError("frozen() needs an aware datetime")
    global _frozen  # the clock is process-wide by design
    previous, _frozen = _frozen, at
    try:
        yield
    finally:
        _frozen = previous
