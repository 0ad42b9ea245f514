from __future__ import annotations

from typing import Any

from django.core.cache import cache

from daihoi.audit.cache import cached_until_next_write, data_version
from daihoi.roster import services
from tests.conftest import World


def test_a_cached_figure_is_recomputed_after_the_next_write(world: World) -> None:
    cache.clear()
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert cached_until_next_write("x", compute) == 1
    assert cached_until_next_write("x", compute) == 1
    before = data_version()
    m = world.member_a
    services.member_update(actor=None, member=m, expected_version=m.version,
                           changes={"position": "Bí thư"})
    assert data_version() == before + 1
    assert cached_until_next_write("x", compute) == 2


def test_the_dashboard_shows_a_new_member_at_once(client: Any, world: World) -> None:
    from django.urls import reverse

    from tests.conftest import PASSWORD, make_member

    cache.clear()
    assert client.login(username=world.office.username, password=PASSWORD)
    url = reverse("roster:dashboard", args=[world.committee.code])
    assert 'data-stat="members">2<' in client.get(url).content.decode()
    make_member(world.cell_a, given_name="Mới", card_number="55555555")
    assert 'data-stat="members">3<' in client.get(url).content.decode()
