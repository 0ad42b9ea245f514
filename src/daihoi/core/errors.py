"""Errors a service raises, each with a message for the user in the reader's language
(``gettext``: Vietnamese unless the reader chose English); the one
conversion of Django's ``ValidationError`` into them (``refusal``, ``clean_or_refuse``) and the
one way a view shows them on a form (``show_on_form``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.utils.text import capfirst


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


def refusal(exc: ValidationError, *, field: str | None = None,
            labels: Mapping[str, str] | None = None) -> ServiceError:
    """The service error for a ``ValidationError`` (a model's ``full_clean``, the password
    validators): its messages in order, each field's after the field's label ("Mã: …; Tên:
    …"; ``labels`` by field name, the name itself where it has none); ``field`` names the form
    field it belongs to, if one does."""
    if not hasattr(exc, "error_dict"):
        return ServiceError(" ".join(exc.messages), field=field)
    labels = labels or {}
    parts = [" ".join(messages) if name == NON_FIELD_ERRORS
             else f"{labels.get(name, name)}: {' '.join(messages)}"
             for name, messages in exc.message_dict.items()]
    return ServiceError("; ".join(parts), field=field)


def field_labels(obj: Any, names: Iterable[str]) -> dict[str, str]:
    """The labels (the model fields' ``verbose_name``, in the reader's language) of those of
    ``names`` that are fields of ``obj``'s model; none for an object that is not a model's."""
    meta = getattr(obj, "_meta", None)
    labels: dict[str, str] = {}
    if meta is None:
        return labels
    for name in names:
        try:
            field = meta.get_field(name)
        except FieldDoesNotExist:
            continue
        labels[name] = capfirst(str(getattr(field, "verbose_name", name)))
    return labels


def clean_or_refuse(obj: Any, *, exclude: Iterable[str] | None = None) -> None:
    """``obj.full_clean()``, its ``ValidationError`` raised as the service error (each field's
    messages after the field's label, never its code)."""
    try:
        obj.full_clean(exclude=None if exclude is None else list(exclude))
    except ValidationError as exc:
        names = exc.error_dict if hasattr(exc, "error_dict") else ()
        raise refusal(exc, labels=field_labels(obj, names)) from exc


def show_on_form(form: Any, exc: ServiceError, *, field: str | None = None) -> None:
    """A service's refusal shown on the form that asked for the write: on its field when the
    error names one the form has (``field`` overrides the error's own: the service's
    ``password`` is the form's ``new_password1``), else above the form."""
    name = field or exc.field
    form.add_error(name if name in form.fields else None, exc.message)
