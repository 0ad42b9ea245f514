"""Secrecy of the count's timing (issue 11 §9): the access log's lines for the entry desk carry
no size, no request time and no query string, so that a keyed ballot's log line does not vary
with its content; other paths keep the usual fields."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse
from gunicorn.config import Config

from daihoi.accesslog import DeskSafeFilter, DeskSafeLogger, is_desk_path

REPO = Path(__file__).resolve().parents[2]


def _lines(path: str, sizes: list[int], *, query: str = "",
           fmt: str | None = None) -> list[str]:
    """The access lines gunicorn writes for POSTs to ``path`` answered with ``sizes`` bytes."""
    cfg = Config()
    cfg.set("accesslog", "-")
    if fmt:
        cfg.set("access_log_format", fmt)
    logger = DeskSafeLogger(cfg)
    logger.now = lambda: "[07/Dec/2026:14:00:00 +0000]"  # one timestamp for every line
    out: list[str] = []

    class Capture(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            out.append(record.getMessage())

    logger.access_log.handlers = [Capture()]
    for i, size in enumerate(sizes):
        environ = {"REQUEST_METHOD": "POST", "RAW_URI": path + (f"?{query}" if query else ""),
                   "PATH_INFO": path, "QUERY_STRING": query, "SERVER_PROTOCOL": "HTTP/1.1",
                   "REMOTE_ADDR": "10.0.0.5", "HTTP_USER_AGENT": "Firefox"}
        resp = SimpleNamespace(status="200 OK", sent=size,
                               headers=[("Content-Length", str(size))])
        req = SimpleNamespace(headers=[("CONTENT-LENGTH", str(40 + i))])
        logger.access(resp, req, environ, dt.timedelta(microseconds=1500 + 977 * i))
    return out


def test_the_desk_path_of_the_url_conf_is_the_one_the_log_blanks() -> None:
    assert is_desk_path(reverse("elections:desk", args=[17]))
    assert not is_desk_path(reverse("elections:reconcile", args=[17]))
    assert not is_desk_path(reverse("elections:round", args=[17]))


def test_keyed_ballots_of_different_content_give_identical_desk_log_lines() -> None:
    lines = _lines(reverse("elections:desk", args=[3]), [1812, 1907, 2230])
    assert len(set(lines)) == 1
    assert "1812" not in lines[0]
    assert '"POST /bau-cu/lan/3/nhap-phieu/ HTTP/1.1" 200 -' in lines[0]


@pytest.mark.parametrize("fmt", [
    '%(h)s "%(r)s" %(s)s %(b)s %(B)s %(D)s %(M)s %(L)s %(T)s %(q)s',
    '%(U)s %({content-length}i)s %({content-length}o)s',
])
def test_a_custom_format_cannot_bring_sizes_or_timings_back_for_the_desk(fmt: str) -> None:
    lines = _lines(reverse("elections:desk", args=[3]), [1812, 2230], query="x=1", fmt=fmt)
    assert lines[0] == lines[1]
    assert not any(ch.isdigit() for ch in lines[0].replace("/3/", "").replace("10.0.0.5", "")
                   .replace("HTTP/1.1", "").replace(" 200 ", " "))


def test_other_paths_keep_their_size() -> None:
    lines = _lines(reverse("elections:round", args=[3]), [1812, 2230])
    assert " 1812 " in lines[0]
    assert " 2230 " in lines[1]


def test_the_demo_server_uses_the_desk_safe_logger() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "--logger-class daihoi.accesslog.DeskSafeLogger" in makefile


def test_runserver_lines_for_the_desk_carry_no_size() -> None:
    def record(line: str, size: str) -> Any:
        return logging.LogRecord("django.server", logging.INFO, __file__, 1, '"%s" %s %s',
                                 (line, "200", size), None)

    desk = record(f"POST {reverse('elections:desk', args=[3])} HTTP/1.1", "1812")
    other = record("GET /bau-cu/lan/3/ HTTP/1.1", "1812")
    assert DeskSafeFilter().filter(desk)
    assert DeskSafeFilter().filter(other)
    assert desk.getMessage() == '"POST /bau-cu/lan/3/nhap-phieu/ HTTP/1.1" 200 -'
    assert other.getMessage().endswith(" 1812")
