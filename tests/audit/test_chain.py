from __future__ import annotations

from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from daihoi.audit.models import AuditEntry
from daihoi.audit.services import audit_record, audit_verify


def _append(n: int) -> None:
    for i in range(n):
        with transaction.atomic():
            audit_record(actor=None, action="test.write", summary=f"việc {i}", data={"i": i})


@pytest.fixture
def chain(db: Any) -> None:
    _append(5)


def test_a_clean_chain_verifies(chain: None) -> None:
    count, problems = audit_verify()
    assert count == 5
    assert problems == []
    call_command("audit", "verify")


def test_it_detects_an_edited_entry(chain: None) -> None:
    AuditEntry.objects.filter(seq=3).update(summary="sửa lén")
    _, problems = audit_verify()
    assert [p.seq for p in problems] == [3]
    with pytest.raises(CommandError):
        call_command("audit", "verify")


def test_it_detects_edited_data(chain: None) -> None:
    AuditEntry.objects.filter(seq=2).update(data={"i": 99})
    _, problems = audit_verify()
    assert any(p.seq == 2 for p in problems)


def test_it_detects_a_deleted_entry(chain: None) -> None:
    AuditEntry.objects.filter(seq=2).delete()
    _, problems = audit_verify()
    assert any(p.seq == 3 for p in problems)


def test_it_detects_deleted_entries_at_the_end(chain: None) -> None:
    AuditEntry.objects.filter(seq=5).delete()
    _, problems = audit_verify()
    assert problems


def test_it_detects_reordered_entries(chain: None) -> None:
    a = AuditEntry.objects.get(seq=2)
    b = AuditEntry.objects.get(seq=3)
    AuditEntry.objects.filter(pk=a.pk).update(seq=-1)
    AuditEntry.objects.filter(pk=b.pk).update(seq=2)
    AuditEntry.objects.filter(pk=a.pk).update(seq=3)
    _, problems = audit_verify()
    assert problems


def test_it_refuses_to_record_outside_a_transaction(transactional_db: Any) -> None:
    with pytest.raises(RuntimeError):
        audit_record(actor=None, action="test.write")


def test_an_entry_made_under_a_clock_frozen_in_local_time_verifies(db: Any) -> None:
    import datetime as dt

    from daihoi import clock

    with clock.frozen(dt.datetime(2020, 6, 10, 8, 30, tzinfo=clock.LOCAL_TZ)), \
            transaction.atomic():
        audit_record(actor=None, action="test.write")
    assert audit_verify()[1] == []
