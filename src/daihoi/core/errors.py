"""Errors a service raises, each with a message for the user in Vietnamese; the one
conversion of Django's ``ValidationError`` into them (``refusal``, ``clean_or_refuse``) and the
one way a view shows them on a form (``show_on_form``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


class ServiceError(Exception):
    """A write was refused; ``message`` says why, for the user."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ConflictError(ServiceError):
    """Someone else changed the object since it was loaded; nothing was saved (HTTP 409)."""


class IllegalTransitionError(ServiceError):
    """A state transition that is not allowed from the current state (HTTP 409)."""


class PermissionDeniedError(ServiceError):
    """The actor may not do this (HTTP 403)."""


def form_status(exc: ServiceError) -> int:
    """The HTTP status of a form page re-shown with ``exc``: 409 for a conflict or an illegal
    transition, 200 for an ordinary validation message."""
    return 409 if isinstance(exc, ConflictError | IllegalTransitionError) else 200


def refusal(exc: ValidationError, *, field: str | None = None) -> ServiceError:
    """The service error for a ``ValidationError`` (a model's ``full_clean``, the password
    validators): its messages in order, each field's after the field's name ("code: …; name:
    …"); ``field`` names the form field it belongs to, if one does."""
    if not hasattr(exc, "error_dict"):
        return ServiceError(" ".join(exc.messages), field=field)
    parts = [" ".join(messages) if name == NON_FIELD_ERRORS else f"{name}: {' '.join(messages)}"
             for name, messages in exc.message_dict.items()]
    return ServiceError("; ".join(parts), field=field)


def clean_or_refuse(obj: Any, *, exclude: Iterable[str] | None = None) -> None:
    """``obj.full_clean()``, its ``ValidationError`` raised as the service error."""
    try:
        obj.full_clean(exclude=None if exclude is None else list(exclude))
    except ValidationError as exc:
        raise refusal(exc) from exc


def show_on_form(form: Any, exc: ServiceError, *, field: str | None = None) -> None:
    """A service's refusal shown on the form that asked for the write: on its field when the
    error names one the form has (``field`` overrides the error's own: the service's
    ``password`` is the form's ``new_password1``), else above the form."""
    name = field or exc.field
    form.add_error(name if name in form.fields else None, exc.message)
