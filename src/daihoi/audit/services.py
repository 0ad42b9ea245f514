"""The audit log: append in the caller's transaction, verify the whole chain."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from daihoi import clock
from daihoi.audit.models import AuditEntry, AuditHead

GENESIS = "0" * 64


def _digest(
    *,
    seq: int,
    at: str,
    actor_id: int | None,
    actor_name: str,
    organization_id: int | None,
    action: str,
    object_type: str,
    object_id: str,
    summary: str,
    data: Any,
    prev_hash: str,
) -> str:
    payload = json.dumps(
        {
            "seq": seq,
            "at": at,
            "actor_id": actor_id,
            "actor_name": actor_name,
            "organization_id": organization_id,
            "action": action,
            "object_type": object_type,
            "object_id": object_id,
            "summary": summary,
            "data": data,
            "prev": prev_hash,
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


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
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        head = AuditHead.objects.create(pk=1)
        head = AuditHead.objects.select_for_update().get(pk=1)
    actor_id = getattr(actor, "pk", None) if actor is not None else None
    actor_name = getattr(actor, "username", "") if actor is not None else "system"
    # Round-trip the data through JSON so that the stored value hashes like the computed one.
    clean_data = json.loads(json.dumps(data or {}, ensure_ascii=False, default=str))
    # Hash and store the time in UTC, so the digest does not depend on the zone it came in.
    at = clock.now().astimezone(dt.UTC)
    seq = head.last_seq + 1
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
        "prev_hash": head.last_hash,
    }
    digest = _digest(at=at.isoformat(), **fields)
    entry = AuditEntry.objects.create(at=at, hash=digest, **fields)
    AuditHead.objects.filter(pk=1).update(last_seq=seq, last_hash=digest)
    return entry


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    problem: str


def audit_verify() -> tuple[int, list[ChainProblem]]:
    """Recompute the chain. Returns the number of entries and every problem found."""
    problems: list[ChainProblem] = []
    expected_prev = GENESIS
    expected_seq = 1
    count = 0
    for e in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        count += 1
        if e.seq != expected_seq:
            problems.append(
                ChainProblem(e.seq, f"thiếu mục #{expected_seq}…#{e.seq - 1} (đã bị xóa?)")
            )
        if e.prev_hash != expected_prev:
            problems.append(ChainProblem(e.seq, "không nối với mục trước (bị xóa hoặc đổi thứ tự)"))
        digest = _digest(
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
        if digest != e.hash:
            problems.append(ChainProblem(e.seq, "nội dung đã bị sửa (mã băm không khớp)"))
        expected_prev = e.hash
        expected_seq = e.seq + 1
    head = AuditHead.objects.filter(pk=1).first()
    if (
        count
        and head is not None
        and (head.last_seq != expected_seq - 1 or head.last_hash != expected_prev)
    ):
        problems.append(ChainProblem(head.last_seq, "các mục cuối chuỗi đã bị xóa"))
    return count, problems
