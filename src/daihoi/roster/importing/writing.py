"""Writing a checked import: one transaction, the new members inserted in bulk with the start
of their history, the updated ones with their version checked, one audit entry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext

from daihoi import clock
from daihoi.audit.services import audit_record
from daihoi.core.bulk import insert
from daihoi.roster.choices import MemberStatus
from daihoi.roster.importing.checking import DATE_FIELDS, FIELDS, IDX
from daihoi.roster.importing.matching import BATCH_SIZE, RECORD_FIELDS, Plan, Progress, chunks
from daihoi.roster.importing.results import ImportResult
from daihoi.roster.models import CellChange, Member, Organization, StatusChange
from daihoi.roster.services import audit_organization_id, derived_name_fields


class ConflictError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def write(
    plan: Plan, org: Organization, actor: Any, result: ImportResult, report: Progress
) -> None:
    now = clock.now()
    today = clock.today()
    recorded_by = actor if getattr(actor, "pk", None) else None
    note = f"Nhập từ tệp {result.file_name}"[:300]
    total = len(plan.creates) + len(plan.updates)
    report("writing", 0, total)
    status_i = IDX["status"]
    cell_i = IDX["cell_id"]
    done = 0
    try:
        with transaction.atomic():
            for chunk in chunks(plan.creates):
                create_members(chunk, now=now, today=today, note=note, recorded_by=recorded_by)
                done += len(chunk)
                report("writing", done, total)
            for chunk in chunks(plan.updates):
                query = Member.objects.filter(pk__in=[pk for _, pk, _, _, _ in chunk])
                if connection.features.has_select_for_update:
                    query = query.select_for_update()
                members_by_pk = {m.pk: m for m in query}
                changed = []
                status_rows = []
                cell_rows = []
                for row, pk, version, status_before, cell_before in chunk:
                    member = members_by_pk[pk]
                    if member.version != version:
                        raise ConflictError(
                            gettext(
                                "Hồ sơ của đồng chí %(full_name)s (dòng %(row)s) vừa được người "
                                "khác sửa trong lúc kiểm tra tệp. Không có gì được ghi; hãy nhập "
                                "lại tệp.") % {"full_name": member.full_name, "row": row[0]}
                        )
                    for name, value in zip(FIELDS, row[1:], strict=True):
                        setattr(member, name, value)
                    for name, value in derived_name_fields(
                        member.family_name, member.middle_name, member.given_name
                    ).items():
                        setattr(member, name, value)
                    member.version = version + 1
                    member.updated_at = now
                    changed.append(member)
                    if row[status_i] != status_before:
                        status_rows.append(StatusChange(
                            member_id=pk, status=row[status_i], effective_on=today, note=note,
                            recorded_at=now, recorded_by=recorded_by,
                        ))
                    if row[cell_i] != cell_before:
                        cell_rows.append(CellChange(
                            member_id=pk, from_cell_id=cell_before, to_cell_id=row[cell_i],
                            effective_on=today, note=note, recorded_at=now,
                            recorded_by=recorded_by,
                        ))
                Member.objects.bulk_update(
                    changed,
                    [*RECORD_FIELDS, "cell_id", "status", "sort_key", "search_text", "version",
                     "updated_at"],
                    batch_size=500,
                )
                StatusChange.objects.bulk_create(status_rows, batch_size=BATCH_SIZE)
                CellChange.objects.bulk_create(cell_rows, batch_size=BATCH_SIZE)
                done += len(chunk)
                report("writing", done, total)
            audit_record(
                actor=actor, action="roster.import", obj=org,
                organization_id=audit_organization_id(org),
                summary=(
                    f"Nhập danh sách từ tệp {result.file_name}: thêm {result.created}, "
                    f"cập nhật {result.updated}, không đổi {result.unchanged}"
                ),
                data={
                    "file_name": result.file_name,
                    "sha256": result.sha256,
                    "organization": org.code,
                    "rows": result.rows,
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                    "status_changes": result.status_changes,
                    "cell_changes": result.cell_changes,
                    "matched_by": result.matched_by,
                    "sheet": result.mapping.get("sheet"),
                },
            )
    except IntegrityError as exc:
        raise ConflictError(
            gettext(
                "Không ghi được: một số thẻ đảng viên vừa được dùng cho hồ sơ khác trong lúc "
                "kiểm tra tệp (%(exc)s). Không có gì được ghi; hãy nhập lại tệp.") % {"exc": exc}
        ) from exc
    result.written = True


#: Columns of a member written by the import's INSERT, after the parsed :data:`FIELDS`.
_MEMBER_EXTRA = ("version", "sort_key", "search_text", "created_at", "updated_at")
_STATUS_COLUMNS = ("member_id", "status", "effective_on", "note", "recorded_at", "recorded_by_id")


def create_members(
    chunk: list[tuple[Any, ...]], *, now: dt.datetime, today: dt.date, note: str,
    recorded_by: Any,
) -> None:
    """Insert the members of ``chunk`` and the start of their status history."""
    ops = connection.ops
    date = ops.adapt_datefield_value
    at = ops.adapt_datetimefield_value(now)
    on = date(today)
    date_positions = [i for i, name in enumerate(FIELDS) if name in DATE_FIELDS]
    rows = []
    for row in chunk:
        values = list(row[1:])
        keys = derived_name_fields(values[0], values[1], values[2])
        for i in date_positions:
            values[i] = date(values[i])
        rows.append((*values, 1, keys["sort_key"], keys["search_text"], at, at))
    ids = insert(Member, (*FIELDS, *_MEMBER_EXTRA), rows, returning=True)
    if len(ids) != len(rows):  # pragma: no cover - a database that does not return keys
        raise RuntimeError("the database did not return the keys of the new members")
    actor_id = getattr(recorded_by, "pk", None)
    admitted_i, full_i, status_i = (
        IDX["admitted_on"], IDX["full_member_on"], IDX["status"]
    )
    changes = []
    for member_id, row in zip(ids, chunk, strict=True):
        changes.append((
            member_id, MemberStatus.ACTIVE.value, date(row[admitted_i]),
            "Kết nạp" if row[full_i] is None else "", at, actor_id,
        ))
        if row[status_i] != MemberStatus.ACTIVE:
            changes.append((member_id, row[status_i], on, note, at, actor_id))
    insert(StatusChange, _STATUS_COLUMNS, changes, returning=False)
