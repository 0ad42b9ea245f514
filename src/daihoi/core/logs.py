"""Quiet logs: a refused or missing page is one line, not a traceback.

Django logs a 403 (``PermissionDenied``) on ``django.request`` with the exception's traceback;
a client's error is not the server's, so the record keeps its one-line message
("Forbidden (Permission denied): /path") and loses the traceback. 5xx records are untouched.
"""

from __future__ import annotations

import logging


class ClientErrorsOneLine(logging.Filter):
    """Drop the traceback of a ``django.request`` record whose status is 4xx."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
