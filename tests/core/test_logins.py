"""Logins resist guessing: the Nth failure locks (django-axes), every password write passes
Django's validators, every user can change their password, the office resets those of its own
organization, and sessions on shared desk computers end after a short idle time."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.test import Client, override_settings
from django.urls import reverse

from daihoi.audit.models import AuditEntry
from daihoi.core.errors import ServiceError
from daihoi.core.middleware import DESK_SESSION_KEY
from daihoi.roster import services
from daihoi.roster.choices import RoleKind
from daihoi.roster.demo import DEMO_PASSWORD
from tests.conftest import PASSWORD, World
from tests.elections.factories import make_election, to_counting

LIMIT = settings.AXES_FAILURE_LIMIT
NEW_PASSWORD = "mot-mat-khau-moi-2025"
lockout = override_settings(AXES_ENABLED=True)


def _attempt(client: Client, username: str, password: str, ip: str = "10.0.0.1") -> Any:
    return client.post(reverse("login"), {"username": username, "password": password},
                       REMOTE_ADDR=ip)


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@lockout
def test_the_failure_limit_is_five_failures_and_the_cool_off_fifteen_minutes() -> None:
    assert LIMIT == 5
    assert dt.timedelta(minutes=15) == settings.AXES_COOLOFF_TIME


@lockout
def test_the_right_password_still_works_after_one_failure_fewer_than_the_limit(
        client: Client, world: World) -> None:
    for _ in range(LIMIT - 1):
        assert _attempt(client, "office", "sai-mat-khau").status_code == 200
    response = _attempt(client, "office", PASSWORD)
    assert response.status_code == 302
    assert _signed_in(client)


@lockout
def test_the_nth_failure_locks_out_even_the_right_password(client: Client,
                                                          world: World) -> None:
    for _ in range(LIMIT - 1):
        _attempt(client, "office", "sai-mat-khau")
    locked = _attempt(client, "office", "sai-mat-khau")
    assert locked.status_code == 429
    response = _attempt(client, "office", PASSWORD)
    assert response.status_code == 429
    assert not _signed_in(client)
    page = response.content.decode()
    assert "Tạm khóa đăng nhập" in page
    assert f"sai mật khẩu {LIMIT} lần" in page
    assert "15 phút" in page


@lockout
def test_failures_on_many_accounts_from_one_address_lock_that_address(
        client: Client, world: World) -> None:
    for i in range(LIMIT):
        _attempt(client, f"khong-co-{i}", "sai-mat-khau")
    assert _attempt(client, "secretary_a", PASSWORD).status_code == 429
    assert not _signed_in(client)


@lockout
def test_failures_on_many_accounts_below_the_limit_do_not_lock_the_address(
        client: Client, world: World) -> None:
    for i in range(LIMIT - 1):
        _attempt(client, f"khong-co-{i}", "sai-mat-khau")
    assert _attempt(client, "secretary_a", PASSWORD).status_code == 302


@lockout
def test_a_locked_address_does_not_lock_the_same_account_at_another_address(
        client: Client, world: World) -> None:
    for _ in range(LIMIT):
        _attempt(client, "office", "sai-mat-khau", ip="10.0.0.1")
    assert _attempt(client, "office", PASSWORD, ip="10.0.0.2").status_code == 302


@lockout
def test_the_lock_ends_after_the_cool_off(client: Client, world: World) -> None:
    from axes.models import AccessAttempt

    for _ in range(LIMIT):
        _attempt(client, "office", "sai-mat-khau")
    assert _attempt(client, "office", PASSWORD).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=dt.datetime.now(dt.UTC) - settings.AXES_COOLOFF_TIME - dt.timedelta(
            seconds=1))
    assert _attempt(client, "office", PASSWORD).status_code == 302


@lockout
def test_a_success_resets_the_count_of_failures(client: Client, world: World) -> None:
    for _ in range(LIMIT - 1):
        _attempt(client, "office", "sai-mat-khau")
    assert _attempt(client, "office", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(LIMIT - 1):
        _attempt(client, "office", "sai-mat-khau")
    assert _attempt(client, "office", PASSWORD).status_code == 302


# --- Django's password validators on every path that sets a password ------------------------

def test_creating_a_login_refuses_a_one_character_password(world: World) -> None:
    with pytest.raises(ServiceError) as exc:
        services.user_create_with_role(actor=world.office, username="moi", password="1",
                                       organization=world.cell_a, kind=RoleKind.MEMBER)
    assert exc.value.field == "password"
    assert not get_user_model().objects.filter(username="moi").exists()


@pytest.mark.parametrize(("password", "accepted"), [("Xq7#kLm", False), ("Xq7#kLm2", True)])
def test_creating_a_login_needs_eight_characters(world: World, password: str,
                                                 accepted: bool) -> None:
    with contextlib.suppress(ServiceError):
        services.user_create_with_role(actor=world.office, username="moi", password=password,
                                       organization=world.cell_a, kind=RoleKind.MEMBER)
    assert get_user_model().objects.filter(username="moi").exists() is accepted


def test_creating_a_login_refuses_a_password_like_its_username(world: World) -> None:
    with pytest.raises(ServiceError):
        services.user_create_with_role(actor=world.office, username="nguyenvanbinh",
                                       password="nguyenvanbinh1", organization=world.cell_a,
                                       kind=RoleKind.MEMBER)


def test_the_demo_password_passes_the_validators_so_the_demo_needs_no_bypass() -> None:
    for username in ("vanphong", "bithu.tckh", "dangvien", "bkp.to1"):
        validate_password(DEMO_PASSWORD, get_user_model()(username=username))


# --- changing one's own password -----------------------------------------------------------

def _change(client: Client, old: str, new: str, again: str | None = None) -> Any:
    return client.post(reverse("password_change"), {
        "old_password": old, "new_password1": new, "new_password2": again or new})


def test_every_user_can_change_their_password(client: Client, world: World) -> None:
    assert client.login(username="member_a", password=PASSWORD)
    assert client.get(reverse("password_change")).status_code == 200
    response = _change(client, PASSWORD, NEW_PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302  # still signed in
    world.member_user.refresh_from_db()
    assert world.member_user.check_password(NEW_PASSWORD)
    entry = AuditEntry.objects.get(action="account.password_change")
    assert NEW_PASSWORD not in str(entry.data) + entry.summary


def test_changing_a_password_refuses_a_weak_one_with_a_vietnamese_message(
        client: Client, world: World) -> None:
    assert client.login(username="member_a", password=PASSWORD)
    response = _change(client, PASSWORD, "12345678")
    assert response.status_code == 200
    assert "Mật khẩu này hoàn toàn là số." in response.content.decode()
    world.member_user.refresh_from_db()
    assert world.member_user.check_password(PASSWORD)


def test_changing_a_password_needs_the_old_one(client: Client, world: World) -> None:
    assert client.login(username="member_a", password=PASSWORD)
    assert _change(client, "khong-phai", NEW_PASSWORD).status_code == 200
    world.member_user.refresh_from_db()
    assert world.member_user.check_password(PASSWORD)


def test_the_password_change_page_needs_a_login(client: Client, world: World) -> None:
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- the office resets a password of its organization ---------------------------------------

def _reset_url(world: World, user: Any, code: str | None = None) -> str:
    return reverse("roster:user_password_reset", args=[code or world.committee.code, user.pk])


def test_the_office_resets_a_password_of_its_organization(client: Client,
                                                          world: World) -> None:
    assert client.login(username="office", password=PASSWORD)
    page = client.get(reverse("roster:user_list", args=[world.committee.code])).content.decode()
    assert "member_a" in page
    assert "secretary_a" in page
    assert "outsider" not in page
    response = client.post(_reset_url(world, world.member_user),
                           {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert Client().login(username="member_a", password=NEW_PASSWORD)
    entry = AuditEntry.objects.get(action="account.password_reset")
    assert entry.actor_name == "office"
    assert entry.organization_id == world.committee.pk
    assert NEW_PASSWORD not in str(entry.data) + entry.summary


def test_a_reset_ends_the_users_open_sessions(client: Client, world: World) -> None:
    victim = Client()
    assert victim.login(username="member_a", password=PASSWORD)
    assert client.login(username="office", password=PASSWORD)
    client.post(_reset_url(world, world.member_user),
                {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    response = victim.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_reset_refuses_a_weak_password(client: Client, world: World) -> None:
    assert client.login(username="office", password=PASSWORD)
    response = client.post(_reset_url(world, world.member_user),
                           {"new_password1": "1", "new_password2": "1"})
    assert response.status_code == 200
    assert "Mật khẩu này quá ngắn: cần ít nhất 8 ký tự." in response.content.decode()
    world.member_user.refresh_from_db()
    assert world.member_user.check_password(PASSWORD)
    assert not AuditEntry.objects.filter(action="account.password_reset").exists()


def test_the_office_gets_404_for_a_user_of_another_organization(client: Client,
                                                               world: World) -> None:
    assert client.login(username="office", password=PASSWORD)
    for url in (_reset_url(world, world.outsider),
                _reset_url(world, world.outsider, code=world.other_committee.code),
                reverse("roster:user_list", args=[world.other_committee.code])):
        assert client.get(url).status_code == 404
        assert client.post(url, {"new_password1": NEW_PASSWORD,
                                 "new_password2": NEW_PASSWORD}).status_code == 404
    world.outsider.refresh_from_db()
    assert world.outsider.check_password(PASSWORD)


def test_the_office_cannot_reset_its_own_password_there(client: Client, world: World) -> None:
    assert client.login(username="office", password=PASSWORD)
    assert client.get(_reset_url(world, world.office)).status_code == 404


@pytest.mark.parametrize("who", ["secretary_a", "member_user"])
def test_only_the_office_resets_passwords(client: Client, world: World, who: str) -> None:
    assert client.login(username=getattr(world, who).username, password=PASSWORD)
    response = client.post(_reset_url(world, world.member_user, code=world.cell_a.code),
                           {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 403
    world.member_user.refresh_from_db()
    assert world.member_user.check_password(PASSWORD)


# --- sessions on shared desk computers ------------------------------------------------------

def test_a_counting_desk_operator_gets_a_short_idle_session(client: Client,
                                                            world: World) -> None:
    s = make_election(world.cell_a, seats=3, names=4, board=2)
    to_counting(s)
    operator = s.desks[0].user
    assert _attempt(client, operator.username, PASSWORD).status_code == 302
    assert DESK_SESSION_KEY in client.session
    assert client.session.get_expiry_age() == settings.DESK_SESSION_IDLE_SECONDS == 15 * 60


def test_an_office_user_keeps_the_ordinary_session_length(client: Client,
                                                          world: World) -> None:
    assert _attempt(client, "office", PASSWORD).status_code == 302
    assert DESK_SESSION_KEY not in client.session
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


def test_opening_the_check_in_desk_makes_the_session_a_desk_session(client: Client,
                                                                    world: World) -> None:
    from tests.delegates.factories import make_day

    day = make_day(world.cell_a)
    assert _attempt(client, "office", PASSWORD).status_code == 302
    url = reverse("delegates:desk", args=[day.congress.pk, day.official.pk])
    assert client.get(url).status_code == 200
    assert client.session.get_expiry_age() == settings.DESK_SESSION_IDLE_SECONDS
    # the next page, anywhere, keeps it short: the computer is still the shared one
    client.get(reverse("home"))
    assert client.session.get_expiry_age() == settings.DESK_SESSION_IDLE_SECONDS


def test_a_desk_session_idle_past_its_time_is_signed_out(client: Client, world: World) -> None:
    from django.contrib.sessions.models import Session

    s = make_election(world.cell_a, seats=3, names=4, board=2)
    to_counting(s)
    assert _attempt(client, s.desks[0].user.username, PASSWORD).status_code == 302
    key = client.session.session_key
    row = Session.objects.get(session_key=key)
    idle = settings.DESK_SESSION_IDLE_SECONDS
    assert abs((row.expire_date - dt.datetime.now(dt.UTC)).total_seconds() - idle) < 60
    Session.objects.filter(session_key=key).update(
        expire_date=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
    response = client.get(reverse("elections:mine"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("after", "pushed_back"), [(59, False), (60, True)])
def test_a_desk_sessions_expiry_is_pushed_back_by_a_request_a_minute_later(
        client: Client, world: World, after: int, pushed_back: bool) -> None:
    from daihoi import clock

    s = make_election(world.cell_a, seats=3, names=4, board=2)
    to_counting(s)
    start = dt.datetime(2026, 5, 1, 8, 0, tzinfo=dt.UTC)
    with clock.frozen(start):
        assert _attempt(client, s.desks[0].user.username, PASSWORD).status_code == 302
    marked = client.session[DESK_SESSION_KEY]
    with clock.frozen(start + dt.timedelta(seconds=after)):
        client.get(reverse("elections:mine"))
    assert (client.session[DESK_SESSION_KEY] != marked) is pushed_back
