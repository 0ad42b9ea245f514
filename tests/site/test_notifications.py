"""Notifications are derived at read time; only the read marker is stored."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from django.test import Client
from django.urls import reverse

from daihoi import clock
from daihoi.audit.models import AuditEntry
from daihoi.documents import services as document_services
from daihoi.site import services
from daihoi.site.models import NotificationMark
from daihoi.site.notifications import SOON_DAYS, notifications_for, unread_count
from tests.conftest import World
from tests.congress.factories import at, make_preparation

NOW = at(2020, 5, 20, 9)


def test_an_answer_is_new_until_the_marker_reaches_its_time(world: World) -> None:
    prep = make_preparation(world.committee)
    with clock.frozen(NOW):
        document_services.opinion_answer(actor=None, opinion=prep.opinion, answer="noted",
                                         response="")
    prep.opinion.refresh_from_db()
    answered = prep.opinion.answered_at
    assert answered is not None
    user = world.member_user
    later = NOW + dt.timedelta(hours=1)

    def answer_is_new() -> bool:
        return [n.new for n in notifications_for(user, later) if n.kind == "answer"] == [True]

    assert answer_is_new()
    with clock.frozen(later):
        services.notifications_mark_read(actor=user, up_to=answered - dt.timedelta(
            microseconds=1))
    assert answer_is_new()
    with clock.frozen(later):
        services.notifications_mark_read(actor=user, up_to=answered)
    assert not answer_is_new()
    # the marker never moves back (a stale tab), and never past now
    with clock.frozen(later):
        services.notifications_mark_read(actor=user, up_to=answered - dt.timedelta(days=1))
        services.notifications_mark_read(actor=user, up_to=later + dt.timedelta(days=9))
    assert NotificationMark.objects.get(user=user).read_up_to == later
    assert AuditEntry.objects.filter(action="site.notifications_read").count() == 3


def test_another_users_answer_is_not_mine(world: World) -> None:
    prep = make_preparation(world.committee)
    with clock.frozen(NOW):
        document_services.opinion_answer(actor=None, opinion=prep.opinion, answer="noted",
                                         response="")
    assert [n for n in notifications_for(world.office, NOW) if n.kind == "answer"] == []
    # the cell's secretary is told of the cell's own opinions (after a cell meeting) only
    assert [n for n in notifications_for(world.secretary_a, NOW) if n.kind == "answer"] == []


def test_an_assigned_task_and_its_deadline(world: World) -> None:
    with clock.frozen(at(2020, 3, 1)):  # assigned on 01/03/2020, due 01/04/2020, to member_a
        prep = make_preparation(world.committee)
    user = world.member_user
    deadline_day = dt.datetime(2020, 4, 1, tzinfo=clock.LOCAL_TZ)
    just_before = deadline_day - dt.timedelta(days=SOON_DAYS, microseconds=1)
    kinds = {n.kind for n in notifications_for(user, just_before)}
    assert kinds == {"task"}
    kinds = {n.kind for n in notifications_for(user, deadline_day - dt.timedelta(days=SOON_DAYS))}
    assert kinds == {"task", "deadline"}
    day_after = deadline_day + dt.timedelta(days=1)
    assert {n.kind for n in notifications_for(user, day_after)} == {"task", "deadline",
                                                                    "overdue"}
    assert {n.kind for n in notifications_for(user, day_after - dt.timedelta(
        microseconds=1))} == {"task", "deadline"}
    assert prep.task.title in notifications_for(user, day_after)[0].text
    assert notifications_for(world.office, day_after) == []


def test_the_menu_counts_the_new_ones(client: Client, world: World) -> None:
    make_preparation(world.committee)
    client.force_login(world.member_user)
    with clock.frozen(NOW):
        n = unread_count(world.member_user, NOW)
        assert n >= 2  # the assignment, the overdue task, the draft's deadline
        page = client.get(reverse("homes:notifications")).content.decode()
        assert f'id="notif-count">Thông báo <b>{n}</b></a>' in page
        # a mark-read without a time writes nothing
        client.post(reverse("homes:notifications_read"), {"up_to": "hôm qua"})
        assert not NotificationMark.objects.exists()
        assert client.get(reverse("homes:notifications_read")).status_code == 404


def test_a_fragment_without_the_menu_does_not_compute_the_count(
        client: Client, world: World, django_assert_max_num_queries: Any) -> None:
    from django.template import engines
    from django.test import RequestFactory

    from daihoi.site.notification_context import notifications

    request = RequestFactory().get("/")
    request.user = world.member_user
    engine = engines["django"]
    with django_assert_max_num_queries(0):
        context = notifications(request)
        engine.from_string("<p>fragment</p>").render(context, request=None)
    calls = []
    context["unread_notifications"] = functools.cache(lambda: calls.append(1) or 3)
    html = engine.from_string("{% if unread_notifications %}<b>{{ unread_notifications }}</b>"
                              "{% endif %}").render(context)
    assert html == "<b>3</b>"
    assert calls == [1]  # computed once for the page, not once per use
