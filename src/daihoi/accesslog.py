"""Access logs without the count's timing channel (issue 11 §9, R-030a).

A keyed ballot is one POST to the entry desk (``elections:desk``,
``/bau-cu/lan/<round>/nhap-phieu/``). The path is the same for every ballot of a round (the
ballot's content travels in the body, never in the URL), but a default access log line also
carries the response size, which varies with the ballot's reading (the desk echoes the last
ballot), and the request time. Both are blanked for the desk path, so every desk line of a
round has the same shape and size; every other path is logged as usual.

* gunicorn: ``--logger-class daihoi.accesslog.DeskSafeLogger`` (the Makefile's ``demo``
  target); any ``access_log_format`` then prints ``-`` for the size, the request time and the
  content-length headers of the desk path, and its query string is dropped.
* ``daihoi runserver``: ``DeskSafeFilter`` on the ``django.server`` logger (settings).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from gunicorn.glogging import Logger

#: The entry desk's URL (``daihoi.elections.urls``, name ``desk``).
DESK_PATH = re.compile(r"^/bau-cu/lan/\d+/nhap-phieu/?$")
#: gunicorn atoms that vary with a ballot: sizes and request times.
_BLANKED = ("b", "B", "T", "D", "M", "L", "{content-length}i", "{content-length}o")


def is_desk_path(path: str) -> bool:
    """True for the entry desk's path (query string excluded)."""
    return bool(DESK_PATH.match(path.split("?", 1)[0]))


class DeskSafeLogger(Logger):  # type: ignore[misc]  # gunicorn ships no type hints
    """gunicorn's logger, with the desk path's size, timing and query string blanked."""

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any],
              request_time: Any) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        path = environ.get("PATH_INFO") or ""
        if is_desk_path(path):
            for key in _BLANKED:
                atoms[key] = "-"
            atoms["q"] = "-"
            atoms["r"] = f"{environ.get('REQUEST_METHOD')} {path} {environ.get('SERVER_PROTOCOL')}"
        return atoms


class DeskSafeFilter(logging.Filter):
    """For ``django.server`` (runserver): the desk path's line without its response size."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) == 3 and isinstance(args[0], str):
            parts = args[0].split(" ")
            if len(parts) >= 2 and is_desk_path(parts[1]):
                record.args = (f"{parts[0]} {parts[1].split('?', 1)[0]} {parts[-1]}", args[1],
                               "-")
        return True
