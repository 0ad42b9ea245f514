"""Tampering with the audit log in the database alone is seen by ``daihoi audit verify``: the
chain is keyed (HMAC under a key outside the database) and its head goes to a file outside the
database after each commit. Each case here passed the unkeyed chain of before."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from daihoi.audit import chain
from daihoi.audit.models import AuditEntry, AuditHead
from daihoi.audit.selectors import audit_head
from daihoi.audit.services import GENESIS, audit_check, audit_record


@pytest.fixture
def head_file(settings: Any, tmp_path: Path) -> Path:
    settings.AUDIT_HEAD_FILE = tmp_path / "audit-head.log"
    return settings.AUDIT_HEAD_FILE  # type: ignore[no-any-return]


@pytest.fixture
def write(django_capture_on_commit_callbacks: Any) -> Callable[[int], None]:
    """Audited writes that commit (their head is appended to the head file)."""

    def append(n: int) -> None:
        for i in range(n):
            with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
                audit_record(actor=None, action="test.write", summary=f"việc {i}", data={"i": i})

    return append


@pytest.fixture
def log(db: Any, head_file: Path, write: Callable[[int], None]) -> None:
    write(6)
    assert audit_check().problems == []


def sql(statement: str, params: list[Any] | None = None) -> None:
    with connection.cursor() as cursor:  # outside daihoi: no audited write follows
        cursor.execute(statement, params or [])


def problems() -> list[str]:
    return [p.problem for p in audit_check().problems]


def verify_fails(*args: str) -> str:
    with pytest.raises(CommandError) as failed:
        call_command("audit", "verify", *args)
    return str(failed.value)


def recompute(digest: Callable[[bytes], str], *, scheme: int = chain.KEYED) -> None:
    """What someone with database access does after an edit: recompute every hash and the head
    row, with ``digest`` (plain SHA-256, or HMAC under a key they guessed)."""
    prev = GENESIS
    for e in AuditEntry.objects.order_by("seq"):
        body = chain.payload(seq=e.seq, at=e.at.astimezone(dt.UTC).isoformat(),
                             actor_id=e.actor_id, actor_name=e.actor_name,
                             organization_id=e.organization_id, action=e.action,
                             object_type=e.object_type, object_id=e.object_id,
                             summary=e.summary, data=e.data, prev_hash=prev)
        new = digest(body)
        AuditEntry.objects.filter(pk=e.pk).update(prev_hash=prev, hash=new, scheme=scheme)
        prev = new
    AuditHead.objects.filter(pk=1).update(last_hash=prev)


def test_an_untouched_log_verifies_and_prints_its_head(log: None) -> None:
    call_command("audit", "verify")
    head = audit_head()
    assert head.length == 6
    assert head == audit_check().head
    assert head.printed == f"Nhật ký: 6 mục, mã kiểm tra {head.hash[:16]}."


def test_deleting_every_entry_fails(log: None) -> None:
    sql("DELETE FROM audit_auditentry")
    assert "0 mục" in verify_fails()
    assert any("đã bị xóa" in p for p in problems())


def test_deleting_every_entry_and_the_head_row_fails(log: None) -> None:
    sql("DELETE FROM audit_auditentry")
    sql("DELETE FROM audit_audithead")
    verify_fails()
    assert any("tệp đầu chuỗi ghi 6 mục" in p for p in problems())


def test_deleting_the_head_row_fails_and_later_writes_go_on(log: None,
                                                            write: Callable[[int], None]) -> None:
    sql("DELETE FROM audit_audithead")
    assert any("dòng đầu chuỗi" in p for p in problems())
    write(2)  # used to fail for ever: the head row came back at #0 and #1 existed
    assert AuditEntry.objects.count() == 8
    assert problems() == []  # the row is back where it was, nothing was lost


def test_deleting_the_first_entry_fails_and_later_writes_go_on(
        log: None, write: Callable[[int], None]) -> None:
    sql("DELETE FROM audit_auditentry WHERE seq = 1")
    write(1)
    assert AuditEntry.objects.order_by("-seq").values_list("seq", flat=True)[0] == 7
    found = problems()
    assert any("thiếu mục #1" in p for p in found)
    assert any("mục ghi trong tệp đầu chuỗi đã bị xóa" in p for p in found)


def test_cutting_the_tail_and_fixing_the_head_row_fails(log: None) -> None:
    last = AuditEntry.objects.get(seq=4)
    sql("DELETE FROM audit_auditentry WHERE seq > 4")
    sql("UPDATE audit_audithead SET last_seq = %s, last_hash = %s", [4, last.hash])
    verify_fails()
    assert any("tệp đầu chuỗi ghi 6 mục" in p for p in problems())


def test_cutting_the_tail_and_writing_again_fails(log: None,
                                                  write: Callable[[int], None]) -> None:
    last = AuditEntry.objects.get(seq=4)
    sql("DELETE FROM audit_auditentry WHERE seq > 4")
    sql("UPDATE audit_audithead SET last_seq = %s, last_hash = %s", [4, last.hash])
    write(3)  # #5…#7 again, with other hashes than the file recorded for #5 and #6
    found = problems()
    assert any("không khớp với tệp đầu chuỗi" in p for p in found)
    assert any("hai mã khác nhau" in p for p in found)


def test_an_edit_recomputed_with_plain_sha256_fails(log: None) -> None:
    AuditEntry.objects.filter(seq=3).update(summary="sửa lén")
    recompute(lambda body: hashlib.sha256(body).hexdigest())
    found = problems()
    assert any("mã băm không khớp" in p for p in found)
    verify_fails()


def test_an_edit_recomputed_as_a_legacy_log_fails(log: None) -> None:
    """Marking every entry as written before the key, and recomputing them unkeyed, is caught by
    the head file."""
    AuditEntry.objects.filter(seq=3).update(summary="sửa lén")
    recompute(lambda body: hashlib.sha256(body).hexdigest(), scheme=chain.LEGACY)
    assert any("không khớp với tệp đầu chuỗi" in p for p in problems())
    verify_fails()


def test_an_edit_recomputed_with_a_wrong_key_fails(log: None) -> None:
    AuditEntry.objects.filter(seq=3).update(summary="sửa lén")
    recompute(lambda body: hmac.new(b"guessed", body, hashlib.sha256).hexdigest())
    assert any("mã băm không khớp" in p for p in problems())
    verify_fails()


def test_an_edit_recomputed_with_the_key_fails_against_the_head_file(log: None) -> None:
    """Even with the key (an insider), a recomputed chain no longer matches the heads written
    outside the database."""
    AuditEntry.objects.filter(seq=3).update(summary="sửa lén")
    recompute(lambda body: chain.digest(chain.KEYED, body))
    assert [p for p in problems() if "mã băm" in p] == []
    assert any("không khớp với tệp đầu chuỗi" in p for p in problems())


def test_a_missing_head_file_fails(log: None, head_file: Path) -> None:
    head_file.unlink()
    assert "1 lỗi" in verify_fails()
    assert any("không có tệp đầu chuỗi" in p for p in problems())


def test_a_head_file_of_another_log_fails(log: None, head_file: Path) -> None:
    head_file.write_text(f"6:{'ab' * 32} 2026-01-01T00:00:00+0700\n", encoding="utf-8")
    assert any("không khớp với tệp đầu chuỗi" in p for p in problems())


def test_a_head_file_that_lost_its_lines_fails(log: None, head_file: Path) -> None:
    head_file.write_text("", encoding="utf-8")
    assert any("không ghi mục nào" in p for p in problems())


def test_a_rolled_back_write_leaves_no_head(log: None, head_file: Path,
                                            django_capture_on_commit_callbacks: Any) -> None:
    lines = head_file.read_text(encoding="utf-8").count("\n")
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                audit_record(actor=None, action="test.write")
                raise RuntimeError("the write fails")
        except RuntimeError:
            pass
    assert head_file.read_text(encoding="utf-8").count("\n") == lines
    assert problems() == []


def test_verify_against_a_printed_head(log: None, write: Callable[[int], None]) -> None:
    printed = audit_head()
    write(2)  # the log grows after the minutes were printed: still consistent
    call_command("audit", "verify", "--against", printed.short)
    call_command("audit", "verify", "--against", f"{printed.length}:{printed.hash}")
    AuditEntry.objects.filter(seq=3).update(summary="sửa lén")
    recompute(lambda body: chain.digest(chain.KEYED, body))
    assert "không khớp với đầu chuỗi in ra" in " ".join(
        p.problem for p in audit_check(against=printed, use_head_file=False).problems)


def test_verify_against_a_head_longer_than_the_log_fails(log: None) -> None:
    message = " ".join(p.problem for p in audit_check(
        against=chain.ChainHead(9, "0123456789abcdef")).problems)
    assert "đầu chuỗi in ra có 9 mục" in message


def test_verify_against_refuses_what_is_neither_a_head_nor_a_file(log: None) -> None:
    assert "không phải đầu chuỗi" in verify_fails("--against", "khong-co-tep.pdf")


def test_a_log_written_before_the_key_verifies_as_legacy(db: Any, head_file: Path,
                                                         write: Callable[[int], None]) -> None:
    """The migration marks old entries scheme 1 (plain SHA-256); the first keyed entry seals
    them; verify reports how many there are."""
    write(3)
    recompute(lambda body: hashlib.sha256(body).hexdigest(), scheme=chain.LEGACY)
    head_file.unlink()  # the old version kept no head file
    result = audit_check()
    assert (result.count, result.legacy, result.problems) == (3, 3, [])
    write(2)
    result = audit_check()
    assert (result.count, result.legacy, result.problems) == (5, 3, [])
    AuditEntry.objects.filter(seq=2).update(summary="sửa lén")
    recompute(lambda body: hashlib.sha256(body).hexdigest(), scheme=chain.LEGACY)
    found = [p.problem for p in audit_check().problems]
    assert any("không khớp với tệp đầu chuỗi" in p for p in found)


def test_a_head_row_set_back_does_not_stop_later_writes(log: None,
                                                        write: Callable[[int], None]) -> None:
    sql("UPDATE audit_audithead SET last_seq = 2")
    write(1)  # would collide with #3 if the head row were trusted
    assert AuditEntry.objects.order_by("-seq").values_list("seq", flat=True)[0] == 7
    assert problems() == []  # the head row was only the lock: nothing in the chain changed


def test_an_unreadable_line_in_the_head_file_is_reported(log: None, head_file: Path) -> None:
    with head_file.open("a", encoding="utf-8") as f:
        f.write("7:sửa-tay\n")
    assert any("dòng 7 không đọc được" in p for p in problems())
