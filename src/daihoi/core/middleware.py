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
from django.utils.translation import gettext, gettext_noop

from daihoi import clock
from daihoi.core.errors import ConflictError, IllegalTransitionError, refusal
from daihoi.core.once import AlreadySubmitted

logger = logging.getLogger(__name__)

#: Shown when a write was refused by the model's or the database's checks (a value out of
#: range that no form caught): the page is shown again with this message (the catalogue's
#: msgid; said in the reader's language).
INVALID_INPUT_MESSAGE = gettext_noop(
    "Dữ liệu vừa nhập không hợp lệ (có thể một số quá lớn hoặc âm); không có gì được lưu. "
    "Hãy kiểm tra lại rồi nhập lại."
)


class ConflictMiddleware:
    """Turn an unhandled conflict or illegal transition into a 409 page with its message, and
    a ``ValidationError``, ``DataError`` or ``OverflowError`` (SQLite: an integer beyond 64
    bits) that escaped a write (a POST) into the page again with a message in the reader's
    language, never a 500 (the service's transaction has already rolled back). The second is a
    net under the forms and services, which check first; it is logged so that the missing
    check is found."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, AlreadySubmitted):
            return _already_submitted(request, exception)
        if isinstance(exception, ConflictError | IllegalTransitionError):
            body = render_to_string("409.html", {"message": exception.message}, request=request)
            return HttpResponse(body, status=409)
        if (isinstance(exception, ValidationError | DataError | OverflowError)
                and request.method == "POST"):
            logger.warning("refused write on %s: %r", request.path, exception)
            text = gettext(INVALID_INPUT_MESSAGE)
            if isinstance(exception, ValidationError):
                text = f"{text} ({refusal(exception).message[:300]})"
            messages.error(request, text)
            return HttpResponseRedirect(request.get_full_path(), status=303)
        return None


def _already_submitted(request: HttpRequest, exc: AlreadySubmitted) -> HttpResponse:
    """A second submit of a create form: show what the first created, with a notice."""
    messages.info(request, gettext(
        "Biểu mẫu này đã được gửi trước đó; không tạo thêm bản trùng. Đây là kết quả của lần "
        "gửi trước."))
    url = exc.url or request.get_full_path()
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


#: The URLs of printed documents.
PRINTED_SUFFIXES = (".pdf", ".docx")


class LanguageMiddleware:
    """Vietnamese unless the user chose another language (the language cookie, set by the
    language picker). Unlike Django's LocaleMiddleware this ignores the browser's
    Accept-Language: an office's browsers are often set to English, and the product's language
    is Vietnamese.

    A printed document (a URL ending in ``.pdf`` or ``.docx``: ballots, minutes, reports) is a
    document of the Party, always in Vietnamese, whatever language its reader's pages are in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        if request.path.endswith(PRINTED_SUFFIXES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


#: The session key marking a session opened on a shared desk computer; its value is when its
#: expiry was last pushed back (a POSIX timestamp).
DESK_SESSION_KEY = "daihoi_desk"
#: The views of the shared desks: a session that opens one becomes a desk session.
DESK_VIEWS = frozenset({"elections:desk", "delegates:desk"})
#: A desk session's expiry is pushed back at most this often (seconds), so keying ballots does
#: not write the session at every ballot; the idle timeout is thus exact to this much.
DESK_SESSION_REFRESH = 60


def mark_desk_session(request: HttpRequest) -> None:
    """From now on this session ends after ``DESK_SESSION_IDLE_SECONDS`` without a request."""
    request.session[DESK_SESSION_KEY] = int(clock.machine_now().timestamp())
    request.session.set_expiry(settings.DESK_SESSION_IDLE_SECONDS)


class DeskIdleMiddleware:
    """Sessions on the shared desk computers (the counting desks, the check-in desks) end after a
    short idle time. A session is a desk session when its user logged in as a counting-board desk
    operator (see ``site.accounts.LoginView``) or once it opens a desk page. A desk session's expiry
    is pushed back at its requests (at most once a minute), so it counts from the last request:
    an idle timeout. Other sessions keep ``SESSION_COOKIE_AGE``. No query: the flag lives in the
    session."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not hasattr(request, "session"):
            return response
        refreshed = request.session.get(DESK_SESSION_KEY)
        if refreshed is None:
            match = request.resolver_match
            if match is not None and match.view_name in DESK_VIEWS:
                mark_desk_session(request)
        elif clock.machine_now().timestamp() - refreshed >= DESK_SESSION_REFRESH:
            mark_desk_session(request)
        return response
