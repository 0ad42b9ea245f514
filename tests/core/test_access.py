"""Every view makes an explicit access decision, and nothing of another organization leaks."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from tests.access_walk import (
    ROLES,
    allowed,
    cast,
    urls_of_other_org,
    walk,
    walk_names,
    written_table,
)
from tests.conftest import PASSWORD, World


def _is_decision(value: object) -> bool:
    return isinstance(value, str) and bool(value)


def test_every_view_makes_an_access_decision() -> None:
    missing = [
        route for route, view in walk(get_resolver().url_patterns)
        if not _is_decision(getattr(view, "access_decision", None))
    ]
    assert missing == []


def test_the_walker_sees_the_roster_views() -> None:
    routes = [route for route, _ in walk(get_resolver().url_patterns)]
    assert "dang-vien/<int:pk>/sua/" in routes
    assert len(routes) >= 8


def login(client: Client, user: Any) -> Client:
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _urls_of_other_org(world: World) -> list[str]:
    m = world.other_member.pk
    code = world.other_committee.code
    cell = world.other_cell.code
    return [
        reverse("roster:dashboard", args=[code]),
        reverse("roster:dashboard", args=[cell]),
        reverse("roster:member_list", args=[code]),
        reverse("roster:member_create", args=[code]),
        reverse("roster:agency_list", args=[code]),
        reverse("roster:member_detail", args=[m]),
        reverse("roster:member_edit", args=[m]),
        reverse("roster:member_move", args=[m]),
        reverse("roster:member_status", args=[m]),
    ]


@pytest.mark.parametrize("who", ["office", "secretary_a", "member_user"])
def test_a_user_gets_403_or_404_on_every_object_of_another_organization(
    client: Client, world: World, who: str
) -> None:
    login(client, getattr(world, who))
    urls = set(_urls_of_other_org(world)) | set(urls_of_other_org(world))
    assert len(urls) >= 9
    for url in sorted(urls):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code in (403, 404), (url, response.status_code)
            assert world.other_member.family_name + " " + world.other_member.middle_name + \
                " " + world.other_member.given_name not in response.content.decode()


def test_an_anonymous_user_is_sent_to_the_login_page(client: Client, world: World) -> None:
    for url in _urls_of_other_org(world):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_a_cell_secretary_sees_only_their_cells_members(client: Client, world: World) -> None:
    login(client, world.secretary_a)
    assert client.get(reverse("roster:member_detail", args=[world.member_a.pk])).status_code == 200
    assert client.get(reverse("roster:member_detail", args=[world.member_b.pk])).status_code == 404
    assert client.get(reverse("roster:dashboard", args=[world.cell_b.code])).status_code == 404
    page = client.get(reverse("roster:member_list", args=[world.cell_a.code])).content.decode()
    assert world.member_a.full_name in page
    assert world.member_b.full_name not in page


def test_a_cell_secretary_cannot_edit_members(client: Client, world: World) -> None:
    login(client, world.secretary_a)
    url = reverse("roster:member_edit", args=[world.member_a.pk])
    assert client.get(url).status_code == 403


def test_a_member_sees_only_their_own_record(client: Client, world: World) -> None:
    login(client, world.member_user)
    assert client.get(reverse("roster:member_detail", args=[world.member_a.pk])).status_code == 200
    for other in (world.member_b, world.other_member):
        assert client.get(reverse("roster:member_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("roster:dashboard", args=[world.cell_a.code])).status_code == 404
    home = client.get(reverse("home"))
    assert home["Location"] == reverse("homes:home")


def test_the_office_sees_every_cell_of_its_committee_only(client: Client, world: World) -> None:
    login(client, world.office)
    page = client.get(reverse("roster:member_list", args=[world.committee.code])).content.decode()
    assert world.member_a.full_name in page
    assert world.member_b.full_name in page
    assert client.get(reverse("roster:dashboard", args=[world.district.code])).status_code == 404


# --- the written access table (docs/access.md) against every view of the URL resolver -------

def test_every_url_name_is_in_the_written_access_table() -> None:
    table = written_table()
    names = [name for name, _ in walk_names(get_resolver().url_patterns)]
    assert sorted(set(names) - set(table)) == []
    assert sorted(set(table) - set(names)) == []  # no row for a view that no longer exists


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_what_the_access_table_says(
        client: Client, world: World, role: str) -> None:
    table = written_table()
    probe = cast(world)
    differ = []
    for name, view in walk_names(get_resolver().url_patterns):
        if getattr(view, "access_decision", None) == "public":
            continue
        url = reverse(name, kwargs=probe.kwargs[name])
        got = allowed(client, probe.users[role], url)
        if got != table[name][role]:
            differ.append(f"{name}: table says {table[name][role]}, the view {got}")
    assert differ == []
