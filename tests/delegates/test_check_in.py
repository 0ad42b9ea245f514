"""Checking in: by search and by the badge's QR code, once per session; a delegate of another
congress, a forged or foreign QR code, a delegate not summoned: refused, nothing recorded."""

from __future__ import annotations

import pytest

from daihoi.audit.models import AuditEntry
from daihoi.core.errors import ServiceError
from daihoi.delegates import services
from daihoi.delegates.badges import badge_payload
from daihoi.delegates.models import CheckIn, DelegateSource
from tests.conftest import World
from tests.delegates.factories import bulk_delegates, bulk_members, make_day


def test_a_delegate_is_checked_in_once_and_the_second_time_told_when(world: World) -> None:
    day = make_day(world.cell_a, n=3)
    d = day.delegates[0]
    first = services.delegate_check_in(actor=world.office, session=day.official, delegate=d)
    assert first.created
    assert "Đã điểm danh" in first.message
    second = services.delegate_check_in(actor=world.office, session=day.official, delegate=d)
    assert not second.created
    assert second.check_in.pk == first.check_in.pk
    assert "đã điểm danh lúc" in second.message
    assert CheckIn.objects.filter(delegate=d).count() == 1
    # Another session is another check-in.
    assert services.delegate_check_in(actor=None, session=day.preparatory, delegate=d).created


def test_the_badge_qr_code_checks_its_delegate_in(world: World) -> None:
    day = make_day(world.cell_a, n=3)
    d = day.delegates[1]
    payload = badge_payload(congress_id=day.congress.pk, delegate_id=d.pk)
    result = services.check_in_by_payload(actor=None, session=day.official, payload=payload,
                                          desk="Bàn 1")
    assert result.created
    assert result.delegate.pk == d.pk
    assert CheckIn.objects.get(delegate=d).method == "qr"


def _refused(world: World, call: object, match: str) -> None:
    before = (CheckIn.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ServiceError, match=match):
        call()  # type: ignore[operator]  # call is a callable given as object
    assert (CheckIn.objects.count(), AuditEntry.objects.count()) == before


def test_a_qr_code_of_another_congress_is_refused(world: World) -> None:
    day = make_day(world.cell_a, n=2)
    other = make_day(world.other_cell, n=2)
    foreign = badge_payload(congress_id=other.congress.pk, delegate_id=day.delegates[0].pk)
    _refused(world, lambda: services.check_in_by_payload(
        actor=None, session=day.official, payload=foreign), "đại hội khác hoặc bị làm giả")


@pytest.mark.parametrize("payload", ["DH1:1:forged-signature", "hello", ""])
def test_a_forged_qr_code_is_refused(world: World, payload: str) -> None:
    day = make_day(world.cell_a, n=2)
    _refused(world, lambda: services.check_in_by_payload(
        actor=None, session=day.official, payload=payload), "Mã QR")


def test_a_tampered_delegate_id_breaks_the_signature(world: World) -> None:
    day = make_day(world.cell_a, n=2)
    good = badge_payload(congress_id=day.congress.pk, delegate_id=day.delegates[0].pk)
    _, _, signature = good.split(":")
    tampered = f"DH1:{day.delegates[1].pk}:{signature}"
    _refused(world, lambda: services.check_in_by_payload(
        actor=None, session=day.official, payload=tampered), "bị làm giả")


def test_a_delegate_of_another_congress_is_refused_at_this_desk(world: World) -> None:
    day = make_day(world.cell_a, n=2)
    other = make_day(world.other_cell, n=2)
    _refused(world, lambda: services.delegate_check_in(
        actor=None, session=day.official, delegate=other.delegates[0]),
        "không phải đại biểu của đại hội này")


def test_a_delegate_not_summoned_or_an_unseated_alternate_is_refused(world: World) -> None:
    day = make_day(world.cell_a, n=2)
    services.delegate_set_not_summoned(actor=None, delegate=day.delegates[0],
                                       reason="Bị khởi tố (R-073)")
    _refused(world, lambda: services.delegate_check_in(
        actor=None, session=day.official, delegate=day.delegates[0]), "không được triệu tập")
    [alt] = bulk_delegates(day.congress, bulk_members(world.cell_a, 1),
                           source=DelegateSource.ALTERNATE)
    _refused(world, lambda: services.delegate_check_in(
        actor=None, session=day.official, delegate=alt), "dự khuyết chưa được thay")


def test_a_replaced_delegate_cannot_be_checked_in_and_the_alternate_can(world: World) -> None:
    day = make_day(world.cell_a, n=2)
    [alt] = bulk_delegates(day.congress, bulk_members(world.cell_a, 1),
                           source=DelegateSource.ALTERNATE, elected_by=day.cell_congress)
    services.delegate_replace(actor=None, absent=day.delegates[0], alternate=alt)
    _refused(world, lambda: services.delegate_check_in(
        actor=None, session=day.official, delegate=day.delegates[0]), "đã có đại biểu dự khuyết")
    alt.refresh_from_db()
    assert services.delegate_check_in(actor=None, session=day.official, delegate=alt).created


def test_a_delegate_who_came_cannot_be_replaced(world: World) -> None:
    from daihoi.core.errors import IllegalTransitionError

    day = make_day(world.cell_a, n=2)
    [alt] = bulk_delegates(day.congress, bulk_members(world.cell_a, 1),
                           source=DelegateSource.ALTERNATE, elected_by=day.cell_congress)
    services.delegate_check_in(actor=None, session=day.preparatory, delegate=day.delegates[0])
    with pytest.raises(IllegalTransitionError, match="đã dự đại hội"):
        services.delegate_replace(actor=None, absent=day.delegates[0], alternate=alt)
