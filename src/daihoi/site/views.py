"""The home page: each user sent to where their work is."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from daihoi.core.access import signed_in


@signed_in
def home(request: HttpRequest) -> HttpResponse:
    """Each person lands on their work: the page with a part for every role the user holds
    (``home_views.home``, ``homes:home``)."""
    return redirect("homes:home")
