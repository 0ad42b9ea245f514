from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import DataError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.utils import translation

from daihoi.core.errors import ConflictError, IllegalTransitionError

logger = logging.getLogger(__name__)

#: Shown when a write was refused by the model's or the database's checks (a value out of
#: range that no form caught): the page is shown again with this message.
INVALID_INPUT_MESSAGE = (
    "Dữ liệu vừa nhập không hợp lệ (có thể một số quá lớn hoặc âm); không có gì được lưu. "
    "Hãy kiểm tra lại rồi nhập lại."
)


class ConflictMiddleware:
    """Turn an unhandled conflict or illegal transition into a 409 page with its message, and
    a ``ValidationError``, ``DataError`` or ``OverflowError`` (SQLite: an integer beyond 64
    bits) that escaped a write (a POST) into the page again
    with a Vietnamese message, never a 500 (the service's transaction has already rolled
    back). The second is a net under the forms and services, which check first; it is logged
    so that the missing check is found."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, ConflictError | IllegalTransitionError):
            body = render_to_string("409.html", {"message": exception.message}, request=request)
            return HttpResponse(body, status=409)
        if (isinstance(exception, ValidationError | DataError | OverflowError)
                and request.method == "POST"):
            logger.warning("refused write on %s: %r", request.path, exception)
            text = INVALID_INPUT_MESSAGE
            if isinstance(exception, ValidationError):
                text = f"{text} ({' '.join(exception.messages)[:300]})"
            messages.error(request, text)
            return HttpResponseRedirect(request.get_full_path(), status=303)
        return None


class LanguageMiddleware:
    """Vietnamese unless the user chose another language (the language cookie, set by the
    language picker). Unlike Django's LocaleMiddleware this ignores the browser's
    Accept-Language: an office's browsers are often set to English, and the product's language
    is Vietnamese."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
