"""Every page carries a Content-Security-Policy without inline code, and no template needs
inline code (the browser tests check the console on the main pages of each role)."""

from __future__ import annotations

import re
from pathlib import Path

from django.test import Client
from django.urls import reverse

import daihoi
from tests.conftest import PASSWORD, World

TEMPLATES = Path(daihoi.__file__).resolve().parent


def _policy(response: object) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]  # type: ignore[index]
    return {d.split()[0]: d.split()[1:] for d in header.split(";") if d.strip()}


def test_the_login_page_carries_a_policy_that_allows_only_our_own_code(client: Client) -> None:
    policy = _policy(client.get(reverse("login")))
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]


def test_a_signed_in_page_carries_the_policy(client: Client, world: World) -> None:
    assert client.login(username="office", password=PASSWORD)
    response = client.get(reverse("roster:dashboard", args=[world.committee.code]))
    assert response.status_code == 200
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def _web_templates() -> list[Path]:
    """The templates served as web pages (printing templates go to WeasyPrint, not a
    browser)."""
    return [p for p in TEMPLATES.rglob("templates/**/*.html")
            if "/print/" not in str(p) and "/printing/" not in str(p)]


def test_no_web_template_has_an_inline_script_style_or_handler() -> None:
    inline = re.compile(
        r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=|\shx-on[:-]|javascript:")
    found = [f"{p.relative_to(TEMPLATES)}: {m.group(0)}" for p in _web_templates()
             for m in inline.finditer(p.read_text(encoding="utf-8"))]
    assert len(_web_templates()) > 30
    assert found == []
