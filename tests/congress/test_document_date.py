"""A congress's preparation documents are dated today, or for a congress already opened, on its
own opening day (a 2020 congress's programme printed in 2026 is not dated 2026)."""

from __future__ import annotations

import datetime as dt

from daihoi.clock import LOCAL_TZ
from daihoi.congress.services import congress_create
from tests.conftest import World


def test_a_past_congress_dates_its_documents_on_its_own_day(world: World) -> None:
    congress = congress_create(actor=None, organization=world.committee, kind="delegates",
                               ordinal=10, term_start=2020, term_end=2025,
                               opens_at=dt.datetime(2020, 6, 10, 7, 30, tzinfo=LOCAL_TZ))
    day = dt.date(2020, 6, 10)
    assert congress.document_date(day - dt.timedelta(days=1)) == day - dt.timedelta(days=1)
    assert congress.document_date(day) == day
    assert congress.document_date(day + dt.timedelta(days=1)) == day
    assert congress.document_date(dt.date(2026, 12, 7)) == day


def test_a_congress_without_a_date_dates_its_documents_today(world: World) -> None:
    congress = congress_create(actor=None, organization=world.committee, kind="delegates",
                               ordinal=10, term_start=2020, term_end=2025)
    assert congress.document_date(dt.date(2026, 12, 7)) == dt.date(2026, 12, 7)
