"""Slots: how a lower layer calls what an upper layer knows without importing it.

The layers (``.importlinter``) let an app import only the apps below it. Where a lower app's
page or service needs something only an upper app can say (a congress's overview shows its
documents; the summons of delegates reads the cells' elections), the lower app declares a
slot and calls it; the upper app fills it in its ``AppConfig.ready``. Every app is always
installed, so a slot left empty is a configuration error, raised at the first call.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, ParamSpec, TypeVar

from django.core.exceptions import ImproperlyConfigured

P = ParamSpec("P")
R = TypeVar("R")


class Slot(Generic[P, R]):
    """One function, declared below and provided from above."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._provider: Callable[P, R] | None = None

    def provide(self, provider: Callable[P, R]) -> None:
        self._provider = provider

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        if self._provider is None:
            raise ImproperlyConfigured(f"Nothing provides the slot {self.name!r}.")
        return self._provider(*args, **kwargs)
