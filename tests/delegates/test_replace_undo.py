"""A replacement by an alternate is undone only before check-in opens: the absent delegate is
summoned again, the alternate back in the reserve at their rank, with an audit entry; after
the first check-in of the congress it is refused, writing nothing but the refusal's entry."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from daihoi.audit.models import AuditEntry
from daihoi.core.errors import IllegalTransitionError
from daihoi.delegates import services
from daihoi.delegates.models import Delegate, DelegateSource, DelegateStatus
from tests.conftest import World
from tests.delegates.factories import bulk_delegates, bulk_members, make_day


def _replaced(world: World) -> tuple[Any, Delegate, Delegate]:
    day = make_day(world.cell_a, n=2)
    [alt] = bulk_delegates(day.congress, bulk_members(world.cell_a, 1),
                           source=DelegateSource.ALTERNATE, elected_by=day.cell_congress)
    services.delegate_replace(actor=None, absent=day.delegates[0], alternate=alt)
    alt.refresh_from_db()
    return day, day.delegates[0], alt


def test_a_replacement_is_undone_before_check_in_opens(world: World) -> None:
    _day, absent, alt = _replaced(world)
    back = services.delegate_replace_undo(actor=world.office, alternate=alt)
    assert back.pk == absent.pk
    absent.refresh_from_db()
    alt.refresh_from_db()
    assert absent.status == DelegateStatus.SUMMONED
    assert alt.status == DelegateStatus.RESERVE
    assert alt.replaces_id is None
    entry = AuditEntry.objects.get(action="delegates.replace_undo")
    assert absent.member.full_name in entry.summary
    assert alt.member.full_name in entry.summary
    # the absent delegate can be checked in again, and replaced again by the same alternate
    assert services.next_alternate_for(absent) == alt
    # a second undo (a stale tab) writes nothing
    with pytest.raises(IllegalTransitionError, match="không giữ chỗ"):
        services.delegate_replace_undo(actor=world.office, alternate=alt)


def test_no_undo_once_any_delegate_has_checked_in(world: World) -> None:
    day, absent, alt = _replaced(world)
    # another delegate (not the two concerned) checks in: check-in has opened
    services.delegate_check_in(actor=None, session=day.preparatory, delegate=day.delegates[1])
    with pytest.raises(IllegalTransitionError, match="bắt đầu điểm danh"):
        services.delegate_replace_undo(actor=world.office, alternate=alt)
    absent.refresh_from_db()
    alt.refresh_from_db()
    assert (absent.status, alt.status) == (DelegateStatus.REPLACED, DelegateStatus.SUMMONED)
    assert AuditEntry.objects.filter(action="delegates.replace_undo_refused").count() == 1
    assert not AuditEntry.objects.filter(action="delegates.replace_undo").exists()


def test_the_pages_name_both_people_and_the_consequence(client: Client, world: World) -> None:
    day, absent, alt = _replaced(world)
    client.force_login(world.office)
    listing = client.get(reverse("delegates:delegate_list", args=[day.congress.pk])).content
    assert f'data-undo="{alt.pk}"'.encode() in listing
    url = reverse("delegates:replace_undo", args=[alt.pk])
    page = client.get(url).content.decode()
    assert absent.member.full_name in page
    assert alt.member.full_name in page
    assert "Hệ quả" in page
    assert Delegate.objects.get(pk=absent.pk).status == DelegateStatus.REPLACED  # GET: no write
    assert Delegate.objects.get(pk=alt.pk).status == DelegateStatus.SUMMONED
    client.post(url)
    assert Delegate.objects.get(pk=alt.pk).status == DelegateStatus.RESERVE
    listing = client.get(reverse("delegates:delegate_list", args=[day.congress.pk])).content
    assert f'data-undo="{alt.pk}"'.encode() not in listing
    # once check-in opened the list offers no undo
    services.delegate_replace(actor=None, absent=absent, alternate=alt)
    services.delegate_check_in(actor=None, session=day.preparatory, delegate=day.delegates[1])
    listing = client.get(reverse("delegates:delegate_list", args=[day.congress.pk])).content
    assert f'data-undo="{alt.pk}"'.encode() not in listing
    assert "bắt đầu điểm danh" in client.get(url).content.decode()
