"""The demo clock (``DAIHOI_DEMO_TODAY``): the application's clock runs from the demo's day, the
real clock shifted by whole days (time still moves); what is measured in real time keeps the
machine's; every page says so, in the reader's language, and only while it runs."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from daihoi import clock
from daihoi.env import env_date
from tests.conftest import PASSWORD, World

ROOT = Path(__file__).resolve().parents[2]
DAY = dt.date(2020, 6, 10)
#: The real clock of these tests: 07/12/2026, 10:15 in Vietnam.
REAL = dt.datetime(2026, 12, 7, 10, 15, tzinfo=clock.LOCAL_TZ)
NOTICE_VI = "Đồng hồ trình diễn: hôm nay là ngày 10/06/2020"
NOTICE_EN = "Demo clock: today is 10/06/2020"


@pytest.fixture
def real(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[dt.timedelta], None]]:
    """The real clock set at :data:`REAL`; the fixture's function moves it on. The demo
    clock's offset is computed afresh (once per process otherwise)."""
    at = [REAL.astimezone(dt.UTC)]
    monkeypatch.setattr(timezone, "now", lambda: at[0])
    monkeypatch.setattr(clock, "_offset", None)

    def move(by: dt.timedelta) -> None:
        at[0] += by

    yield move
    clock._offset = None  # not carried to the next test


# --------------------------------------------------------------------------- the clock


def test_without_the_setting_the_clock_is_the_real_one(real: Any) -> None:
    assert settings.DAIHOI_DEMO_TODAY is None
    assert clock.now() == REAL
    assert clock.today() == REAL.date()
    assert clock.demo_day() is None


@override_settings(DAIHOI_DEMO_TODAY=DAY)
def test_the_demo_clock_runs_from_its_day_at_the_real_time_of_day(real: Any) -> None:
    local = clock.now().astimezone(clock.LOCAL_TZ)
    assert clock.today() == DAY
    assert (local.hour, local.minute) == (10, 15)  # the real clock's time of day
    assert clock.machine_now() == REAL  # never shifted


@override_settings(DAIHOI_DEMO_TODAY=DAY)
def test_the_demo_clock_moves_with_the_real_one(real: Callable[[dt.timedelta], None]) -> None:
    start = clock.now()
    real(dt.timedelta(hours=3, minutes=20))
    assert clock.now() - start == dt.timedelta(hours=3, minutes=20)
    assert clock.today() == DAY
    real(dt.timedelta(hours=11))  # past midnight in Vietnam: the demo's next day
    assert clock.today() == DAY + dt.timedelta(days=1)
    assert clock.now() - start == dt.timedelta(hours=14, minutes=20)


@override_settings(DAIHOI_DEMO_TODAY=DAY)
def test_a_frozen_clock_stays_where_it_is_frozen(real: Any) -> None:
    at = dt.datetime(2020, 4, 8, 9, 0, tzinfo=clock.LOCAL_TZ)
    with clock.frozen(at):
        assert clock.now() == at
        assert clock.machine_now() == at


def test_the_setting_is_read_from_the_environment_strictly(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DAIHOI_DEMO_TODAY", raising=False)
    assert env_date("DAIHOI_DEMO_TODAY") is None
    monkeypatch.setenv("DAIHOI_DEMO_TODAY", "2020-06-10")
    assert env_date("DAIHOI_DEMO_TODAY") == DAY
    monkeypatch.setenv("DAIHOI_DEMO_TODAY", "10/06/2020")
    with pytest.raises(ImproperlyConfigured, match="YYYY-MM-DD"):
        env_date("DAIHOI_DEMO_TODAY")


def test_the_settings_take_it_from_the_environment(tmp_path: Path) -> None:
    """A process started with ``DAIHOI_DEMO_TODAY`` (as ``make demo`` starts the server) is on
    the demo's day."""
    env = {**os.environ, "DAIHOI_DEMO_TODAY": "2020-06-10", "DEBUG": "true",
           "DJANGO_SETTINGS_MODULE": "daihoi.settings", "PYTHONPATH": str(ROOT / "src"),
           "DAIHOI_DATA_DIR": str(tmp_path), "DATABASE_URL": ""}
    out = subprocess.run(  # this interpreter, fixed arguments
        [sys.executable, "-c", "import django; django.setup(); from daihoi import clock; "
         "print(clock.demo_day(), clock.today())"],
        env=env, capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.split() == ["2020-06-10", "2020-06-10"]


def test_make_demo_runs_on_the_demo_congress_day() -> None:
    from daihoi.congress.demo import CONGRESS_DAY

    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    found = re.search(r"^DEMO_TODAY \?= (\S+)$", makefile, re.MULTILINE)
    assert found is not None
    assert dt.date.fromisoformat(found.group(1)) == CONGRESS_DAY
    assert 'DAIHOI_DEMO_TODAY="$(DEMO_TODAY)"' in makefile


# --------------------------------------------------------------------------- real time


@override_settings(DAIHOI_DEMO_TODAY=DAY)
def test_a_desk_session_counts_its_idle_time_on_the_machine_clock(real: Any) -> None:
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import RequestFactory

    from daihoi.core.middleware import DESK_SESSION_KEY, mark_desk_session

    request = RequestFactory().get("/")
    request.session = SessionStore()
    mark_desk_session(request)
    assert request.session[DESK_SESSION_KEY] == int(REAL.timestamp())


@override_settings(DAIHOI_DEMO_TODAY=DAY)
def test_an_import_job_is_taken_for_interrupted_by_the_machine_clock(
        world: World, real: Callable[[dt.timedelta], None]) -> None:
    """Its row's times are Django's (``auto_now``: the machine's): a fresh job is not stale on
    the demo clock, six years before it; one silent for longer than allowed is."""
    from daihoi.roster import services
    from daihoi.roster.models import ImportJob

    job = ImportJob.objects.create(organization=world.committee, created_by=None,
                                   file_name="ds.xlsx", status=ImportJob.Status.RUNNING)
    assert services.import_jobs_expire(organization=world.committee) == 0
    real(services.IMPORT_JOB_STALE_AFTER + dt.timedelta(seconds=1))
    assert services.import_jobs_expire(organization=world.committee) == 1
    job.refresh_from_db()
    assert job.status == ImportJob.Status.INTERRUPTED
    assert job.finished_at == REAL + services.IMPORT_JOB_STALE_AFTER + dt.timedelta(seconds=1)


@override_settings(DAIHOI_DEMO_TODAY=DAY)
def test_the_audit_log_is_dated_by_the_application_clock(world: World, real: Any) -> None:
    from daihoi.audit.models import AuditEntry
    from tests.conftest import make_member

    make_member(world.cell_a, given_name="Thử")
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry is not None
    assert entry.at.astimezone(clock.LOCAL_TZ).date() == DAY


# --------------------------------------------------------------------------- the notice


def _get(client: Client, url: str, lang: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    response = client.get(url, follow=True)  # the home page leads to the reader's own
    assert response.status_code == 200
    return response.content.decode()


@override_settings(DAIHOI_DEMO_TODAY=DAY)
@pytest.mark.parametrize(("lang", "notice", "other"), [("vi", NOTICE_VI, NOTICE_EN),
                                                       ("en", NOTICE_EN, NOTICE_VI)])
def test_every_page_says_the_demo_clock_runs(client: Client, world: World, real: Any,
                                             lang: str, notice: str, other: str) -> None:
    login = _get(client, reverse("login"), lang)  # before signing in too
    assert notice in login
    assert other not in login
    assert client.login(username=world.office.username, password=PASSWORD)
    for url in (reverse("home"), reverse("roster:dashboard", args=[world.committee.code])):
        page = _get(client, url, lang)
        assert page.count(notice) == 1
        assert other not in page


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_without_the_demo_clock_no_page_says_it(client: Client, world: World, lang: str) -> None:
    assert client.login(username=world.office.username, password=PASSWORD)
    for url in (reverse("login"), reverse("home"),
                reverse("roster:dashboard", args=[world.committee.code])):
        page = _get(client, url, lang)
        assert 'id="demo-clock"' not in page
        assert NOTICE_VI not in page
        assert NOTICE_EN not in page
