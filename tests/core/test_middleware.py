"""A ValidationError or DataError that escapes a write becomes a message, never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.core.exceptions import ValidationError
from django.db import DataError
from django.test import RequestFactory

from daihoi.core.middleware import INVALID_INPUT_MESSAGE, ConflictMiddleware


def _request(method: str) -> Any:
    request = getattr(RequestFactory(), method)("/bau-cu/1/?tab=2")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


@pytest.mark.parametrize("error", [
    ValidationError({"seats": ["Giá trị không được lớn hơn 500."]}),
    DataError("integer out of range"),
    OverflowError("Python int too large to convert to SQLite"),
])
def test_a_refused_write_shows_the_page_again_with_a_vietnamese_message(error: Exception) -> None:
    request = _request("post")
    middleware = ConflictMiddleware(lambda r: None)  # type: ignore[arg-type, return-value]  # a stub get_response
    answer = middleware.process_exception(request, error)
    assert answer is not None
    assert (answer.status_code, answer["Location"]) == (303, "/bau-cu/1/?tab=2")
    [message] = list(get_messages(request))
    assert str(message).startswith(INVALID_INPUT_MESSAGE)
    if isinstance(error, ValidationError):
        assert "Giá trị không được lớn hơn 500." in str(message)


def test_on_a_page_read_the_error_is_left_alone() -> None:
    middleware = ConflictMiddleware(lambda r: None)  # type: ignore[arg-type, return-value]  # a stub get_response
    assert middleware.process_exception(_request("get"), DataError("x")) is None
