"""Idempotent create forms: a double submit (a double click, a resent form after a slow
answer, the back button) creates one object.

Each create form carries a one-time token, a hidden field written by ``{% once_field %}``
(``{% load once %}``): random, stored nowhere until used. The view runs its create through
:func:`create_once`, which records the token in the same transaction as the create, so the
token is consumed exactly when the object is created (a refused create consumes nothing and
the user can correct and resend). A second submit of the same token finds it used: the user is
sent to the object already created with a notice, and nothing is written. Two submits at once
wait on the token's unique index (PostgreSQL) or the write lock (SQLite), and the second sees
the first's token. A POST without a token (a script, an old page) is processed as before.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Callable
from typing import TypeVar

from django.db import IntegrityError, transaction
from django.http import HttpRequest

from daihoi import clock
from daihoi.core.models import SubmitToken

FIELD = "once"
#: A used token is kept this long (a form resent later than that is a new submit).
KEEP_USED = dt.timedelta(days=7)
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")

T = TypeVar("T")


class AlreadySubmitted(Exception):  # noqa: N818 - a signal, not an error of the user
    """The form was submitted before; ``url`` shows what it created ("" if not this user's)."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


def new_token() -> str:
    return secrets.token_urlsafe(24)


def create_once(request: HttpRequest, create: Callable[[], T],
                url_of: Callable[[T], str]) -> T:
    """Run ``create`` (a service call) once per form token; raise :class:`AlreadySubmitted`
    for a token already used. ``url_of`` gives the page of the created object."""
    token = request.POST.get(FIELD, "")
    if not _TOKEN.match(token):
        return create()
    user_id = request.user.pk if request.user.is_authenticated else None
    try:
        with transaction.atomic():
            claim = SubmitToken.objects.create(token=token, user_id=user_id,
                                               used_at=clock.machine_now())
            obj = create()
            SubmitToken.objects.filter(pk=claim.pk).update(url=url_of(obj)[:500])
            SubmitToken.objects.filter(used_at__lt=clock.machine_now() - KEEP_USED).delete()
    except IntegrityError:
        used = SubmitToken.objects.filter(token=token).first()
        if used is None:  # the create's own integrity error, not the token's
            raise
        raise AlreadySubmitted(used.url if used.user_id == user_id else "") from None
    return obj
