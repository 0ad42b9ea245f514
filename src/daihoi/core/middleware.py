from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

from daihoi.core.errors import ConflictError, IllegalTransitionError


class ConflictMiddleware:
    """Turn an unhandled conflict or illegal transition into a 409 page with its message."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, ConflictError | IllegalTransitionError):
            body = render_to_string("409.html", {"message": exception.message}, request=request)
            return HttpResponse(body, status=409)
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
