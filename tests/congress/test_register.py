"""The register of outgoing documents: the office issues a document, which takes the next
number of its organization for the year (never twice the same, also when two offices issue at
once: SQLite and PostgreSQL), and prints its number and date of issue; a document not issued
prints "DỰ THẢO", the number slot with its symbol and the document's own date."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import connection

from daihoi import clock
from daihoi.audit.models import AuditEntry
from daihoi.congress import register
from daihoi.congress.issuers import document_day, document_heading, recipients
from daihoi.congress.models import Congress, OutgoingDocument
from daihoi.core.errors import ConflictError, ServiceError
from daihoi.core.printing import UNNUMBERED
from daihoi.roster.naming import committee_name_of
from tests.conftest import World
from tests.congress.factories import make_congress


@pytest.fixture
def congress(world: World) -> Congress:
    return make_congress(world.committee)


def _issue(congress: Congress, kind: str, ref: int = 0, on: dt.date = dt.date(2020, 6, 10)
           ) -> OutgoingDocument:
    return register.document_issue(actor=None, congress=congress, kind=kind, ref=ref,
                                   summary=f"Văn bản {kind} {ref}", on=on)


def test_numbers_run_from_one_per_organization_and_year(world: World, congress: Congress
                                                         ) -> None:
    first = _issue(congress, "credentials")
    second = _issue(congress, "minutes", 7)
    third = _issue(congress, "resolution")
    assert [e.number for e in (first, second, third)] == [1, 2, 3]
    assert [e.number_symbol for e in (first, second, third)] == [
        "Số 1-BC/ĐH", "Số 2-BB/ĐH", "Số 3-NQ/ĐH"]
    # a new year starts again at 1
    assert _issue(congress, "minutes", 8, on=dt.date(2021, 1, 2)).number == 1
    # another organization has its own register
    assert _issue(make_congress(world.other_committee), "resolution").number == 1
    assert [e.number for e in register.register_of(world.committee)] == [1, 3, 2, 1]


def test_a_document_is_issued_once_and_the_write_is_audited(congress: Congress) -> None:
    entry = _issue(congress, "resolution")
    audit = AuditEntry.objects.filter(action="congress.document_issue").get()
    assert "Số 1-NQ/ĐH" in audit.summary
    with pytest.raises(ConflictError):
        _issue(congress, "resolution")
    assert OutgoingDocument.objects.get() == entry
    with pytest.raises(ServiceError):
        register.document_issue(actor=None, congress=congress, kind="minutes", ref=1,
                                summary="   ")
    with pytest.raises(ServiceError):
        register.document_issue(actor=None, congress=congress, kind="nonsense", summary="x")
    assert OutgoingDocument.objects.count() == 1


def test_two_offices_issuing_at_once_take_different_numbers(transactional_db: Any,
                                                              world: World) -> None:
    congress = make_congress(world.committee)
    attempts = 4
    barrier = threading.Barrier(attempts)
    numbers: list[Any] = []
    lock = threading.Lock()

    def office(ref: int) -> None:
        try:
            barrier.wait(timeout=10)
            result: Any = _issue(Congress.objects.get(pk=congress.pk), "minutes", ref).number
        except Exception as exc:  # pragma: no cover - reported by the assertion below
            result = f"error: {exc!r}"
        finally:
            connection.close()
        with lock:
            numbers.append(result)

    threads = [threading.Thread(target=office, args=(ref,)) for ref in range(1, attempts + 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(numbers) == list(range(1, attempts + 1)), numbers


def test_a_draft_prints_its_symbol_and_draft_mark_an_issued_one_its_number_and_date(
        congress: Congress) -> None:
    draft = document_heading(congress, "resolution", on=dt.date(2020, 6, 10))
    assert draft.draft
    assert draft.number_symbol == UNNUMBERED + "NQ/ĐH"
    assert "DỰ THẢO" in [line.text for line in draft.right]
    _issue(congress, "resolution", on=dt.date(2020, 6, 11))
    issued = document_heading(congress, "resolution", on=dt.date(2020, 6, 10))
    assert not issued.draft
    assert issued.number_symbol == "Số 1-NQ/ĐH"
    assert issued.date == dt.date(2020, 6, 11)  # the date of issue, not the caller's
    assert "DỰ THẢO" not in [line.text for line in issued.right]
    # another document of the congress is still a draft
    assert document_heading(congress, "credentials").draft


def test_a_document_of_a_past_congress_is_dated_the_congress_not_today(congress: Congress
                                                                      ) -> None:
    with clock.frozen(dt.datetime(2026, 12, 7, 9, tzinfo=clock.LOCAL_TZ)):
        assert document_day(congress, None) == dt.date(2020, 6, 10)
        assert document_heading(congress, "personnel_plan").date == dt.date(2020, 6, 10)
        # a document with its own date keeps it
        assert document_day(congress, dt.date(2020, 6, 9)) == dt.date(2020, 6, 9)
    # before the congress: today
    with clock.frozen(dt.datetime(2020, 5, 2, 9, tzinfo=clock.LOCAL_TZ)):
        assert document_day(congress, None) == dt.date(2020, 5, 2)
    # the day of the congress itself: that day
    with clock.frozen(dt.datetime(2020, 6, 10, 9, tzinfo=clock.LOCAL_TZ)):
        assert document_day(congress, None) == dt.date(2020, 6, 10)


def test_a_resolution_goes_to_the_superior_standing_committee_and_the_cells(
        world: World, congress: Congress) -> None:
    assert recipients(congress, "resolution") == (
        f"Ban Thường vụ {committee_name_of(world.district.name)} (để b/c)",
        "Các chi bộ trực thuộc", "Lưu Văn phòng")
    assert recipients(congress, "minutes")[-1] == "Lưu hồ sơ Đại hội"


def test_a_committee_document_is_signed_for_the_committee_by_its_secretary_or_a_blank(
        world: World, congress: Congress) -> None:
    from daihoi.congress.issuers import document_signature
    from daihoi.core.printing import BLANK_NAME

    signature = document_signature(congress, "personnel_plan")
    assert signature.lines == ("T/M ĐẢNG ỦY", "BÍ THƯ")
    assert signature.printed_name == BLANK_NAME  # the records hold no secretary
    assert signature.recipients[-1] == "Lưu Văn phòng"
