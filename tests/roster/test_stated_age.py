"""Every page that shows an age says the day it is counted on, and counts it on that day."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse

from daihoi import clock
from daihoi.clock import LOCAL_TZ
from tests.conftest import PASSWORD, World


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9), tzinfo=LOCAL_TZ)


def test_the_member_page_counts_the_age_on_the_day_it_states(
    client: Client, world: World
) -> None:
    assert world.member_a.date_of_birth == dt.date(1980, 5, 17)
    assert client.login(username=world.office.username, password=PASSWORD)
    url = reverse("roster:member_detail", args=[world.member_a.pk])
    with clock.frozen(_at(dt.date(2020, 5, 16))):
        before = client.get(url).content.decode()
    with clock.frozen(_at(dt.date(2020, 5, 17))):
        birthday = client.get(url).content.decode()
    assert '<span id="age">39 tuổi, tính đến 16/05/2020</span>' in before
    assert '<span id="age">40 tuổi, tính đến 17/05/2020</span>' in birthday


def test_the_dashboard_states_the_day_of_its_age_bands(client: Client, world: World) -> None:
    assert client.login(username=world.office.username, password=PASSWORD)
    with clock.frozen(_at(dt.date(2020, 5, 16))):
        page = client.get(reverse("roster:dashboard", args=[world.committee.code]))
    assert "Độ tuổi (tính đến 16/05/2020)" in page.content.decode()
