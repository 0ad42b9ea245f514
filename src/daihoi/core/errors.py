"""Errors a service raises, each with a message for the user in Vietnamese."""

from __future__ import annotations


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
