"""Every view makes an explicit access decision, recorded on the view function.

A test walks the URL resolver and fails on a view without ``access_decision``. Object-level
checks happen in the selectors (``get_member_for_user`` and friends), which answer 404 for an
object the user may not see.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def public(view: View) -> View:
    """Anyone, signed in or not (login page, health check, static pages)."""
    view.access_decision = "public"  # type: ignore[attr-defined]  # a marker read by the URL walk test
    return view


def signed_in(view: View) -> View:
    """Any signed-in user; the view narrows what it shows through scoped selectors."""
    wrapped = login_required(view)
    wrapped.access_decision = "signed_in"  # type: ignore[attr-defined]  # a marker read by the URL walk test
    return wrapped


def requires(check: Callable[[Any], bool], name: str) -> Callable[[View], View]:
    """A signed-in user for whom ``check(user)`` holds; others get 403."""

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def inner(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped = login_required(inner)
        wrapped.access_decision = name  # type: ignore[attr-defined]  # a marker read by the URL walk test
        return wrapped  # type: ignore[return-value]  # login_required loses the View type

    return decorator
