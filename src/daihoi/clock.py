"""The one clock of the application. Tests freeze it with :func:`frozen`.

Two readings:

* :func:`now` (and :func:`today`): the application's time, what the pages, the documents, the
  services' dates and the audit log say it is. With the demo clock (the setting
  ``DAIHOI_DEMO_TODAY``, e.g. ``2020-06-10``) it runs from that day: the real clock shifted by
  the whole days between that day and the real date when the process first reads it, so that
  time still moves (hours, and the days after). Every page then says so
  (``templates/_demo_clock.html``).
* :func:`machine_now`: the machine's time, never shifted: for what is measured against real
  time or against the timestamps Django writes itself (``auto_now`` fields, sessions): the
  desk session's idle time, the background jobs' heartbeats and when a silent job is taken for
  interrupted, how long used submit tokens and uploads are kept, the backups' file names.
  Django's sessions and django-axes's lock-outs use Django's own clock, never this module.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

_frozen: dt.datetime | None = None
#: (the demo day it was computed for, the offset): computed once per process and demo day.
_offset: tuple[dt.date | None, dt.timedelta] | None = None


def now() -> dt.datetime:
    """The application's current time, timezone-aware (UTC): the demo clock's when it is set."""
    if _frozen is not None:
        return _frozen
    return timezone.now() + demo_offset()


def today() -> dt.date:
    """Today's date in Vietnam (the application's)."""
    return now().astimezone(LOCAL_TZ).date()


def machine_now() -> dt.datetime:
    """The machine's current time, timezone-aware (UTC), never shifted by the demo clock
    (frozen like :func:`now` in tests)."""
    return _frozen if _frozen is not None else timezone.now()


def demo_day() -> dt.date | None:
    """The day the demo clock started from (``settings.DAIHOI_DEMO_TODAY``), or None."""
    day: dt.date | None = getattr(settings, "DAIHOI_DEMO_TODAY", None)
    return day


def demo_offset() -> dt.timedelta:
    """What the demo clock adds to the real clock: whole days, from the demo day back (or
    forward) to the real date in Vietnam when this process first asked; zero without it."""
    global _offset  # one offset per process, like the clock itself
    day = demo_day()
    if _offset is None or _offset[0] != day:
        real_today = timezone.now().astimezone(LOCAL_TZ).date()
        _offset = (day, dt.timedelta(days=(day - real_today).days) if day else dt.timedelta())
    return _offset[1]


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
