from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD, World


def test_vietnamese_is_the_default_language(client: Client, world: World) -> None:
    assert client.login(username=world.office.username, password=PASSWORD)
    page = client.get(reverse("roster:dashboard", args=[world.committee.code])).content.decode()
    assert 'lang="vi"' in page
    assert "Cơ cấu đảng viên" in page


def test_english_is_the_second_language(client: Client, world: World, settings: Any) -> None:
    assert client.login(username=world.office.username, password=PASSWORD)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("roster:dashboard", args=[world.committee.code])).content.decode()
    assert 'lang="en"' in page
    assert "Composition of the membership" in page
    assert "Cơ cấu đảng viên" not in page
