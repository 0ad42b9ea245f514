"""The hall's screens: the round's progress until the announcement, its result from that moment
on, never a menu or a user name; the congress programme's current item by the clock."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse

from daihoi import clock
from daihoi.clock import LOCAL_TZ
from daihoi.congress.services import programme_item_add
from daihoi.elections import services
from daihoi.elections.models import RoundStatus
from tests.conftest import PASSWORD, World
from tests.elections.factories import Setup, key_all, make_election, random_lines, to_counting


def _reconciled(world: World) -> Setup:
    s = make_election(world.cell_a, seats=3, names=4)
    to_counting(s, issued=10, collected=10, summoned=10)
    lines = random_lines(10, names=4, max_kept=3)
    key_all(s, lines, desk_index=0)
    key_all(s, lines, desk_index=1)
    s.round = services.round_reconcile(actor=s.head, rnd=s.round)
    return s


def _screen(client: Client, s: Setup, *, htmx: bool = False) -> str:
    url = reverse("elections:projector", args=[s.round.pk])
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    return response.content.decode()


def test_the_screen_shows_the_result_only_from_the_moment_it_is_announced(
    client: Client, world: World
) -> None:
    s = _reconciled(world)
    assert client.login(username=s.head.username, password=PASSWORD)
    elected = s.round.result["elected"]
    assert elected
    before = _screen(client, s)
    assert s.round.status == RoundStatus.RECONCILED  # counted, checked, not announced
    assert 'data-state="reconciled"' in before
    assert [name for name in elected if name in before] == []
    assert 'id="screen-elected"' not in before
    services.round_announce(actor=s.head, rnd=s.round)
    after = _screen(client, s)
    assert 'data-state="announced"' in after
    assert [name for name in elected if name not in after] == []
    assert "Trúng cử" in after
    # The figures the result rests on: the base, the valid ballots and the threshold.
    result = s.round.result
    figures = " ".join(after.split())
    assert (f"Cơ sở tính <b>{result['base']['base']}</b> · phiếu hợp lệ <b>{result['valid']}</b>"
            f" · cần trên một nửa: ít nhất <b>{result['threshold']}</b> phiếu") in figures


def test_before_the_announcement_the_screen_counts_each_desks_ballots(
    client: Client, world: World
) -> None:
    s = make_election(world.cell_a, seats=3, names=4)
    to_counting(s, issued=10, collected=10, summoned=10)
    key_all(s, random_lines(4, names=4, max_kept=3), desk_index=0)
    assert client.login(username=world.office.username, password=PASSWORD)
    page = _screen(client, s, htmx=True)
    assert "<html" not in page  # the polled fragment
    assert 'data-state="counting"' in page
    text = " ".join(page.split())
    assert "4/10" in text  # desk 1 keyed 4 of the 10 collected
    assert "0/10" in text
    assert [c.member.full_name for c in s.candidates if c.member.full_name in page] == []


def test_the_screen_has_no_menu_and_no_user_name(client: Client, world: World) -> None:
    s = make_election(world.cell_a, seats=3, names=4)
    assert client.login(username=world.office.username, password=PASSWORD)
    page = _screen(client, s)
    assert 'class="mainnav"' not in page
    assert world.office.username not in page
    assert 'hx-trigger="every 5s"' in page
    assert reverse("elections:projector", args=[s.round.pk]) in page


def test_the_programme_screen_shows_the_item_under_way(client: Client, world: World) -> None:
    s = make_election(world.cell_a, seats=3, names=4)
    congress = s.election.congress
    day = dt.date(2020, 6, 10)
    first, second = (dt.datetime.combine(day, dt.time(h, m), tzinfo=LOCAL_TZ)
                     for h, m in ((7, 30), (8, 0)))
    programme_item_add(actor=None, congress=congress, session="official", starts_at=first,
                       title="Khai mạc đại hội")
    programme_item_add(actor=None, congress=congress, session="official", starts_at=second,
                       title="Báo cáo chính trị")
    assert client.login(username=world.office.username, password=PASSWORD)
    url = reverse("elections:programme_projector", args=[congress.pk])

    def current(at: dt.datetime) -> str:
        with clock.frozen(at):
            page = client.get(url).content.decode()
        marker = 'id="screen-current">'
        return page.split(marker, 1)[1].split("<", 1)[0] if marker in page else ""

    assert current(first - dt.timedelta(seconds=1)) == ""
    assert current(first) == "Khai mạc đại hội"
    assert current(second - dt.timedelta(seconds=1)) == "Khai mạc đại hội"
    assert current(second) == "Báo cáo chính trị"


def test_a_member_without_a_part_in_the_election_does_not_see_the_screen(
    client: Client, world: World
) -> None:
    s = make_election(world.cell_a, seats=3, names=4)
    assert client.login(username=world.member_user.username, password=PASSWORD)
    assert client.get(reverse("elections:projector", args=[s.round.pk])).status_code == 404
