from __future__ import annotations

import datetime as dt
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


def test_the_congress_documents_and_elections_pages_are_translated(
    client: Client, world: World, settings: Any
) -> None:
    from tests.congress.factories import make_congress, make_document
    from tests.elections.factories import make_election

    congress = make_congress(world.committee)
    make_document(congress, cells=[], deadline=dt.datetime(2020, 5, 1, tzinfo=dt.UTC))
    setup = make_election(world.cell_a, congress=congress, seats=3, names=4, board=2)
    pages = {
        reverse("congress:overview", args=[congress.pk]): (
            "Tiến độ chuẩn bị", "Preparation progress"),
        reverse("documents:congress_documents", args=[congress.pk]): (
            "Thêm văn kiện", "Add a document"),
        reverse("elections:election", args=[setup.election.pk]): (
            "Thêm vào Ban kiểm phiếu", "Add to the counting board"),
    }
    assert client.login(username=world.office.username, password=PASSWORD)
    for url, (vietnamese, english) in pages.items():
        page = client.get(url).content.decode()
        assert 'lang="vi"' in page, url
        assert vietnamese in page, url
        assert english not in page, url
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for url, (vietnamese, english) in pages.items():
        page = client.get(url).content.decode()
        assert 'lang="en"' in page, url
        assert english in page, url
        assert vietnamese not in page, url


def test_an_english_browser_still_gets_vietnamese_until_the_user_chooses(
    client: Client, world: World
) -> None:
    assert client.login(username=world.office.username, password=PASSWORD)
    url = reverse("roster:dashboard", args=[world.committee.code])
    page = client.get(url, headers={"Accept-Language": "en-US,en;q=0.9"}).content.decode()
    assert 'lang="vi"' in page
    response = client.post(reverse("set_language"), {"language": "en", "next": url})
    assert response.status_code == 302
    assert 'lang="en"' in client.get(url).content.decode()


def test_a_printed_document_is_made_in_vietnamese_for_an_english_reader(settings: Any) -> None:
    from django.http import HttpResponse
    from django.test import RequestFactory
    from django.utils import translation

    from daihoi.core.middleware import LanguageMiddleware

    middleware = LanguageMiddleware(lambda request: HttpResponse(translation.get_language()))
    factory = RequestFactory()
    factory.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("vi"):  # the middleware activates a language: none leaks out
        answers = {path: middleware(factory.get(path)).content.decode()
                   for path in ("/bau-cu/lan/1/", "/bau-cu/lan/1/bien-ban.pdf",
                                "/bau-cu/lan/1/bien-ban.docx", "/bau-cu/lan/1/phieu.csv")}
    assert answers == {"/bau-cu/lan/1/": "en", "/bau-cu/lan/1/bien-ban.pdf": "vi",
                       "/bau-cu/lan/1/bien-ban.docx": "vi", "/bau-cu/lan/1/phieu.csv": "en"}
