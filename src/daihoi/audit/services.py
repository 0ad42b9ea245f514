"""The audit log: append in the caller's transaction, verify the whole chain.

The chain is keyed (HMAC-SHA256, ``daihoi.audit.chain``) and its head is written after each
commit to a file outside the database (``daihoi.audit.headfile``); ``audit_check`` recomputes
every entry and compares the result with that file and, if given, with a printed head."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import translation

from daihoi import clock
from daihoi.audit import chain, headfile
from daihoi.audit.chain import GENESIS, ChainHead
from daihoi.audit.models import AuditEntry, AuditHead

__all__ = ["GENESIS", "RECORD_LANGUAGE", "ChainProblem", "Verification", "audit_check",
           "audit_record", "audit_verify", "in_record_language"]

#: The language of the sentence an entry records: Vietnamese, whoever writes it (the record is
#: evidence, hashed, and reads the same for every reader; the page translates only its label).
RECORD_LANGUAGE = "vi"


def in_record_language() -> translation.override:
    """Build an entry's sentence inside this block when it names a label or a title that the
    reader's language translates (a status, a kind, an election's title)::

        with in_record_language():
            audit_record(..., summary=f"{member.full_name}: {MemberStatus(before).label} → …")
    """
    return translation.override(RECORD_LANGUAGE)


def _lock_sql() -> str:
    connection = transaction.get_connection()
    head, entry = AuditHead._meta.db_table, AuditEntry._meta.db_table
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    return (f"SELECT last_seq, last_hash, (SELECT MAX(seq) FROM {entry}) FROM {head} "  # noqa: S608 - table names, no input
            f"WHERE id = 1{lock}")


def _locked_head() -> tuple[int, str]:
    """Lock the head row and return where the next entry goes: after the head row, or after the
    last stored entry if that is further (a head row deleted or set back outside daihoi: the
    write goes on, and ``audit verify`` reports what happened). One query in the usual case
    (plain SQL: the ORM spent more building it than the database running it)."""
    with transaction.get_connection().cursor() as cursor:
        cursor.execute(_lock_sql())
        row = cursor.fetchone()
        if row is None:
            last = AuditEntry.objects.order_by("-seq").values_list("seq", "hash").first()
            AuditHead.objects.get_or_create(pk=1, defaults={
                "last_seq": last[0] if last else 0, "last_hash": last[1] if last else GENESIS})
            cursor.execute(_lock_sql())
            row = cursor.fetchone()
    last_seq, last_hash, stored = row
    if stored is not None and stored > last_seq:
        found: tuple[int, str] = AuditEntry.objects.values_list("seq", "hash").get(seq=stored)
        return found
    return int(last_seq), str(last_hash)


def audit_record(
    *,
    actor: Any,
    action: str,
    organization_id: int | None = None,
    obj: Any = None,
    summary: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append an entry. Must run inside the caller's transaction (the write it records)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record() must be called inside the write's transaction")
    last_seq, last_hash = _locked_head()
    actor_id = getattr(actor, "pk", None) if actor is not None else None
    actor_name = getattr(actor, "username", "") if actor is not None else "system"
    # Round-trip the data through JSON so that the stored value hashes like the computed one.
    clean_data = json.loads(json.dumps(data or {}, ensure_ascii=False, default=str))
    # Hash and store the time in UTC, so the digest does not depend on the zone it came in.
    at = clock.now().astimezone(dt.UTC)
    seq = last_seq + 1
    fields = {
        "seq": seq,
        "actor_id": actor_id,
        "actor_name": actor_name or "",
        "organization_id": organization_id,
        "action": action,
        "object_type": type(obj).__name__ if obj is not None else "",
        "object_id": str(getattr(obj, "pk", "")) if obj is not None else "",
        "summary": summary[:500],
        "data": clean_data,
        "prev_hash": last_hash,
    }
    digest = chain.digest(chain.KEYED, chain.payload(at=at.isoformat(), **fields))
    entry = AuditEntry.objects.create(at=at, hash=digest, scheme=chain.KEYED, **fields)
    AuditHead.objects.filter(pk=1).update(last_seq=seq, last_hash=digest)
    headfile.append_after_commit(ChainHead(seq, digest))
    return entry


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    problem: str


@dataclass
class Verification:
    """The chain recomputed: its entries, the legacy (unkeyed) ones among them, its head, and
    every problem found."""

    count: int = 0
    legacy: int = 0
    head: ChainHead | None = None
    problems: list[ChainProblem] = field(default_factory=list)
    head_file: headfile.HeadRecord | None = None

    @property
    def intact(self) -> bool:
        return not self.problems


def _entry_digest(e: AuditEntry, scheme: int, key: bytes | None = None) -> str:
    body = chain.payload(
        seq=e.seq,
        at=e.at.astimezone(dt.UTC).isoformat(),
        actor_id=e.actor_id,
        actor_name=e.actor_name,
        organization_id=e.organization_id,
        action=e.action,
        object_type=e.object_type,
        object_id=e.object_id,
        summary=e.summary,
        data=e.data,
        prev_hash=e.prev_hash,
    )
    return chain.digest(scheme, body, key=key)


def audit_check(*, against: ChainHead | None = None, use_head_file: bool = True) -> Verification:
    """Recompute the chain and compare it with the head file (unless ``use_head_file`` is off)
    and with ``against``, a head printed earlier."""
    result = Verification()
    problems = result.problems
    kept = use_head_file and headfile.head_file() is not None
    record = headfile.read_head_file() if kept else None
    result.head_file = record
    wanted = dict(record.heads) if record else {}
    if against is not None:
        wanted.setdefault(against.length, "")
    seen: dict[int, str] = {}
    expected_prev = GENESIS
    expected_seq = 1
    keyed_seen = False
    for e in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        result.count += 1
        if e.seq != expected_seq:
            problems.append(ChainProblem(
                e.seq, f"thiếu mục #{expected_seq}…#{e.seq - 1} (đã bị xóa?)"
                if e.seq > expected_seq else f"số thứ tự #{e.seq} lặp lại hoặc lùi lại"))
        if e.prev_hash != expected_prev:
            problems.append(ChainProblem(e.seq, "không nối với mục trước (bị xóa hoặc đổi thứ tự)"))
        if e.scheme == chain.LEGACY:
            result.legacy += 1
            if keyed_seen:
                problems.append(ChainProblem(
                    e.seq, "mục băm theo cách cũ (không khóa) nằm sau mục đã có khóa: "
                           "chuỗi đã bị tính lại"))
        else:
            keyed_seen = True
        if _entry_digest(e, e.scheme) != e.hash:
            problems.append(ChainProblem(
                e.seq, "nội dung đã bị sửa hoặc chuỗi bị tính lại (mã băm không khớp)"))
        if e.seq in wanted:
            seen[e.seq] = e.hash
        expected_prev = e.hash
        expected_seq = e.seq + 1
    last_seq = expected_seq - 1
    result.head = ChainHead(last_seq, expected_prev) if result.count else None

    db_head = AuditHead.objects.filter(pk=1).first()
    if result.count and db_head is None:
        problems.append(ChainProblem(last_seq, "dòng đầu chuỗi trong cơ sở dữ liệu đã bị xóa"))
    elif db_head is not None and (db_head.last_seq, db_head.last_hash) != (last_seq,
                                                                           expected_prev):
        if db_head.last_seq > last_seq:
            problems.append(ChainProblem(
                db_head.last_seq, f"các mục cuối chuỗi (#{last_seq + 1}…#{db_head.last_seq}) "
                                  "đã bị xóa"))
        else:
            problems.append(ChainProblem(
                db_head.last_seq, "đầu chuỗi trong cơ sở dữ liệu không khớp với mục cuối"))

    if record is not None:
        _compare_with_head_file(record, seen, last_seq, result)
    if against is not None:
        _compare_with_printed(against, seen, last_seq, problems)
    return result


def _compare_with_head_file(record: headfile.HeadRecord, seen: dict[int, str], last_seq: int,
                            result: Verification) -> None:
    problems = result.problems
    if not record.exists:
        # A log written before it was keyed has no head file yet: it is reported as legacy.
        if result.count > result.legacy:
            problems.append(ChainProblem(
                last_seq, "không có tệp đầu chuỗi (AUDIT_HEAD_FILE) để đối chiếu: tệp đã bị "
                          "xóa, hoặc cơ sở dữ liệu không phải của máy này"))
        return
    for number in record.unreadable:
        problems.append(ChainProblem(0, f"tệp đầu chuỗi có dòng {number} không đọc được"))
    for length in sorted(set(record.conflicts)):
        problems.append(ChainProblem(length, "tệp đầu chuỗi ghi hai mã khác nhau cho mục này"))
    last = record.last
    if last is None:
        if result.count:
            problems.append(ChainProblem(last_seq, "tệp đầu chuỗi không ghi mục nào"))
        return
    if last.length > last_seq:
        problems.append(ChainProblem(
            last.length,
            f"tệp đầu chuỗi ghi {chain.vn_int(last.length)} mục, cơ sở dữ liệu chỉ còn "
            f"đến #{last_seq}: các mục cuối (hoặc cả nhật ký) đã bị xóa"))
    for length, digest in sorted(record.heads.items()):
        if length in seen and seen[length] != digest:
            problems.append(ChainProblem(
                length, "mục không khớp với tệp đầu chuỗi (chuỗi đã bị sửa và tính lại)"))
        elif 0 < length <= last_seq and length not in seen:
            problems.append(ChainProblem(length, "mục ghi trong tệp đầu chuỗi đã bị xóa"))


def _compare_with_printed(against: ChainHead, seen: dict[int, str], last_seq: int,
                          problems: list[ChainProblem]) -> None:
    if against.length > last_seq:
        problems.append(ChainProblem(
            against.length, f"đầu chuỗi in ra có {chain.vn_int(against.length)} mục, nhật ký "
                            f"chỉ còn đến #{last_seq}"))
    elif against.length not in seen:
        problems.append(ChainProblem(against.length, "mục của đầu chuỗi in ra đã bị xóa"))
    elif not seen[against.length].startswith(against.hash):
        problems.append(ChainProblem(
            against.length, "nhật ký không khớp với đầu chuỗi in ra (đã bị sửa sau khi in)"))


def audit_verify() -> tuple[int, list[ChainProblem]]:
    """Recompute the chain. Returns the number of entries and every problem found."""
    result = audit_check()
    return result.count, result.problems
