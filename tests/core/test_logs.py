"""Quiet logs: a 403 or a 404 is one line in the server's log, never a traceback; browsers
find a favicon."""

from __future__ import annotations

import logging
import sys

import pytest
from django.test import Client
from django.urls import reverse

from daihoi.core.logs import ClientErrorsOneLine
from tests.conftest import World
from tests.core.test_access import login


def _request_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "django.request"]


def test_a_403_is_logged_as_one_line_without_a_traceback(
        client: Client, world: World, caplog: pytest.LogCaptureFixture) -> None:
    login(client, world.secretary_a)
    url = reverse("roster:member_edit", args=[world.member_a.pk])
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get(url).status_code == 403
    [record] = _request_records(caplog)
    assert record.levelno == logging.WARNING
    assert record.exc_info is None
    line = logging.Formatter().format(record)
    assert line == f"Forbidden (Permission denied): {url}"


def test_a_404_is_logged_as_one_line_without_a_traceback(
        client: Client, world: World, caplog: pytest.LogCaptureFixture) -> None:
    login(client, world.secretary_a)
    url = reverse("roster:member_detail", args=[world.member_b.pk])
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get(url).status_code == 404
    [record] = _request_records(caplog)
    assert record.exc_info is None
    assert logging.Formatter().format(record) == f"Not Found: {url}"


def _record(status: int) -> logging.LogRecord:
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        exc_info = sys.exc_info()
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "x", None, exc_info)
    record.status_code = status
    return record


def test_a_server_error_keeps_its_traceback() -> None:
    record = _record(500)
    assert ClientErrorsOneLine().filter(record)
    assert record.exc_info is not None
    assert "Traceback" in logging.Formatter().format(record)


def test_a_client_error_record_loses_its_traceback_but_is_kept() -> None:
    record = _record(499)
    assert ClientErrorsOneLine().filter(record)
    assert record.exc_info is None


def test_every_page_links_a_favicon_that_is_served(client: Client, world: World) -> None:
    page = client.get(reverse("login")).content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    svg = client.get("/static/favicon.svg")
    assert svg.status_code == 200
    assert b"<svg" in b"".join(svg.streaming_content)  # type: ignore[attr-defined]


def test_the_root_favicon_asked_for_by_browsers_is_served(client: Client, db: None) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
