"""Every write to the roster: one named service each, atomic, with its audit entry."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext

from daihoi import clock
from daihoi.audit.services import audit_record, in_record_language
from daihoi.collation import fold, name_sort_key_hex
from daihoi.core.errors import ConflictError, ServiceError, clean_or_refuse, refusal
from daihoi.core.text import clean_name
from daihoi.roster.choices import LEFT_STATUSES, MemberStatus, OrgKind, RoleKind
from daihoi.roster.models import (
    Agency,
    CellChange,
    ImportJob,
    ImportMapping,
    Member,
    Organization,
    Role,
    StatusChange,
)

#: Fields an office edits on a member's record (status and cell have their own services).
EDITABLE_FIELDS = (
    "family_name", "middle_name", "given_name", "gender", "date_of_birth", "ethnicity",
    "religion", "home_town", "general_education", "qualification", "specialty",
    "political_theory", "admitted_on", "full_member_on", "card_number", "dossier_number",
    "citizen_id", "agency", "position",
)


def committee_of(org: Organization) -> Organization:
    """The nearest organization at or above ``org`` that is not a cell (its đảng bộ)."""
    node = org
    while node.kind == OrgKind.CELL and node.parent_id is not None:
        node = node.parent  # type: ignore[assignment]  # parent is Optional; the loop checks parent_id
    return node


def audit_organization_id(org: Organization) -> int:
    """The organization an audit entry about ``org`` (a congress's, a member's cell, a user's
    role) is filed under: its committee (:func:`committee_of`), whose office reads the log. The
    one rule every service follows."""
    return committee_of(org).pk


#: The fields of a member's record that hold their name (cleaned by :func:`clean_name`).
NAME_FIELDS = ("family_name", "middle_name", "given_name")


def _clean_names(values: dict[str, Any]) -> dict[str, Any]:
    """``values`` with each name field that is text cleaned (NFC, no invisible characters)."""
    return {k: clean_name(v) if k in NAME_FIELDS and isinstance(v, str) else v
            for k, v in values.items()}


def derived_name_fields(family: str, middle: str, given: str) -> dict[str, str]:
    """The sort key and search text of a name; every write of a name sets both."""
    return {
        "sort_key": name_sort_key_hex(family, middle, given),
        "search_text": fold(f"{family} {middle} {given}")[:200],
    }


@transaction.atomic
def organization_create(
    *, actor: Any, kind: str, name: str, code: str, parent: Organization | None, position: int = 0
) -> Organization:
    org = Organization(kind=kind, name=clean_name(name), code=code.strip(), parent=parent,
                       position=position, path="/")
    clean_or_refuse(org, exclude=["path"])
    org.save()
    org.path = f"{parent.path if parent else '/'}{org.pk}/"
    Organization.objects.filter(pk=org.pk).update(path=org.path)
    with in_record_language():
        audit_record(actor=actor, action="roster.organization_create", obj=org,
                     organization_id=audit_organization_id(org),
                     summary=f"Tạo {org.get_kind_display()} {org.name}",
                     data={"code": org.code, "parent": parent.code if parent else None})
    return org


@transaction.atomic
def agency_create(*, actor: Any, name: str, code: str, organization: Organization) -> Agency:
    agency = Agency(name=clean_name(name), code=code.strip(), organization=organization)
    clean_or_refuse(agency)
    agency.save()
    audit_record(actor=actor, action="roster.agency_create", obj=agency,
                 organization_id=audit_organization_id(organization),
                 summary=f"Tạo cơ quan {agency.name}",
                 data={"code": agency.code})
    return agency


@transaction.atomic
def member_create(
    *, actor: Any, cell: Organization, status_on: dt.date | None = None, **fields: Any
) -> Member:
    """Add a member to ``cell``. Their status history starts with "active"."""
    if cell.kind != OrgKind.CELL:
        raise ServiceError(gettext("Đảng viên phải thuộc một chi bộ."), field="cell")
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown member fields: {sorted(unknown)}")
    member = Member(cell=cell, **_clean_names(fields))
    for name, value in derived_name_fields(
        member.family_name, member.middle_name, member.given_name
    ).items():
        setattr(member, name, value)
    clean_or_refuse(member)
    member.save()
    now = clock.now()
    StatusChange.objects.create(
        member=member, status=MemberStatus.ACTIVE, effective_on=status_on or member.admitted_on,
        note="Kết nạp" if member.full_member_on is None else "", recorded_at=now,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(actor=actor, action="roster.member_create", obj=member,
                 organization_id=audit_organization_id(cell),
                 summary=f"Thêm đảng viên {member.full_name} vào {cell.name}",
                 data={"card_number": member.card_number, "cell": cell.code})
    return member


def _check_version(member: Member, expected_version: int) -> None:
    if member.version != expected_version:
        raise ConflictError(
            gettext(
                "Hồ sơ của đồng chí %(full_name)s vừa được người khác sửa (phiên bản "
                "%(version)s, anh/chị đang sửa phiên bản %(expected_version)s). Không có gì "
                "được lưu; hãy tải lại trang để xem bản mới nhất rồi sửa lại.") % {
                    "full_name": member.full_name, "version": member.version,
                    "expected_version": expected_version}
        )


def _save_versioned(member: Member, expected_version: int, fields: list[str]) -> None:
    """Write ``fields`` only if nobody saved a newer version in the meantime."""
    values = {f: getattr(member, f) for f in fields}
    updated = Member.objects.filter(pk=member.pk, version=expected_version).update(
        **values, version=F("version") + 1, updated_at=clock.now()
    )
    if updated != 1:
        current = Member.objects.get(pk=member.pk)
        _check_version(current, expected_version)
        raise ConflictError(gettext(
            "Hồ sơ vừa thay đổi; không có gì được lưu."))  # pragma: no cover
    member.version = expected_version + 1


@transaction.atomic
def member_update(
    *, actor: Any, member: Member, expected_version: int, changes: dict[str, Any]
) -> Member:
    """Change a member's record; refused with a conflict if it changed since it was loaded."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable here: {sorted(unknown)}")
    _check_version(member, expected_version)
    changes = _clean_names(changes)
    before = {f: getattr(member, f) for f in changes}
    for field, value in changes.items():
        setattr(member, field, value)
    for name, value in derived_name_fields(
        member.family_name, member.middle_name, member.given_name
    ).items():
        setattr(member, name, value)
    clean_or_refuse(member)
    changed = [f for f in changes if before[f] != changes[f]]
    _save_versioned(member, expected_version, [*changes, "sort_key", "search_text"])
    audit_record(actor=actor, action="roster.member_update", obj=member,
                 organization_id=audit_organization_id(member.cell),
                 summary=f"Sửa hồ sơ {member.full_name}",
                 data={"changed": {f: [str(before[f]), str(changes[f])] for f in changed}})
    return member


@transaction.atomic
def member_move(
    *, actor: Any, member: Member, expected_version: int, to_cell: Organization,
    effective_on: dt.date, note: str = "",
) -> Member:
    """Move a member to another cell of the same committee."""
    _check_version(member, expected_version)
    if to_cell.kind != OrgKind.CELL:
        raise ServiceError(gettext("Chỉ chuyển được sang một chi bộ."), field="to_cell")
    if to_cell.pk == member.cell_id:
        raise ServiceError(gettext("Đảng viên đã ở chi bộ này."), field="to_cell")
    if member.status in LEFT_STATUSES:
        raise ServiceError(gettext("Đảng viên đã rời đảng bộ; không chuyển chi bộ được."))
    from_cell = member.cell
    member.cell = to_cell
    _save_versioned(member, expected_version, ["cell"])
    CellChange.objects.create(
        member=member, from_cell=from_cell, to_cell=to_cell, effective_on=effective_on,
        note=note, recorded_at=clock.now(),
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(actor=actor, action="roster.member_move", obj=member,
                 organization_id=audit_organization_id(to_cell),
                 summary=f"Chuyển {member.full_name}: {from_cell.name} → {to_cell.name}",
                 data={"from": from_cell.code, "to": to_cell.code,
                       "effective_on": effective_on.isoformat()})
    return member


@transaction.atomic
def member_status_change(
    *, actor: Any, member: Member, expected_version: int, status: str,
    effective_on: dt.date, note: str = "",
) -> StatusChange:
    """Record a status change (suspended, exempted, transferred out…) with its date."""
    _check_version(member, expected_version)
    if status not in MemberStatus.values:
        raise ServiceError(gettext("Tình trạng không hợp lệ."), field="status")
    if status == member.status:
        raise ServiceError(gettext("Đảng viên đang ở tình trạng này rồi."), field="status")
    last = member.status_changes.order_by("-effective_on", "-id").first()
    if last is not None and effective_on < last.effective_on:
        raise ServiceError(gettext(
            "Ngày hiệu lực phải từ %(date)s trở đi (ngày của lần thay đổi trước).") % {
                "date": f"{last.effective_on:%d/%m/%Y}"}, field="effective_on")
    if effective_on > clock.today():
        raise ServiceError(gettext(
            "Ngày hiệu lực không được sau ngày hôm nay."), field="effective_on")
    before = member.status
    member.status = status
    _save_versioned(member, expected_version, ["status"])
    change = StatusChange.objects.create(
        member=member, status=status, effective_on=effective_on, note=note,
        recorded_at=clock.now(), recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    with in_record_language():
        audit_record(actor=actor, action="roster.member_status_change", obj=member,
                     organization_id=audit_organization_id(member.cell),
                     summary=f"{member.full_name}: {MemberStatus(before).label} → "
                             f"{MemberStatus(status).label}",
                     data={"from": before, "to": status, "effective_on": effective_on.isoformat()})
    return change


@transaction.atomic
def user_create_with_role(
    *, actor: Any, username: str, password: str, organization: Organization, kind: str,
    member: Member | None = None, full_name: str = "",
) -> Any:
    """Create a login for an office, a cell secretary or a member, scoped to ``organization``."""
    if kind not in RoleKind.values:
        raise ServiceError(gettext("Vai trò không hợp lệ."), field="kind")
    if kind == RoleKind.CELL_SECRETARY and organization.kind != OrgKind.CELL:
        raise ServiceError(gettext("Bí thư chi bộ phải gắn với một chi bộ."), field="organization")
    user_model = get_user_model()
    if user_model.objects.filter(username=username).exists():
        raise ServiceError(gettext(
            "Tên đăng nhập “%(username)s” đã có.") % {"username": username}, field="username")
    first, _, last = clean_name(full_name).rpartition(" ")
    _check_password(password, user_model(username=username, first_name=last, last_name=first))
    user = user_model.objects.create_user(
        username=username, password=password, first_name=last, last_name=first
    )
    Role.objects.create(user=user, organization=organization, kind=kind)
    if member is not None:
        Member.objects.filter(pk=member.pk).update(user=user)
    with in_record_language():
        audit_record(actor=actor, action="roster.user_create", obj=user,
                     organization_id=audit_organization_id(organization),
                     summary=f"Tạo tài khoản {username} ({RoleKind(kind).label})",
                     data={"organization": organization.code, "kind": kind})
    return user


def _check_password(password: str, user: Any) -> None:
    """Django's password validators (``AUTH_PASSWORD_VALIDATORS``), on every path that sets a
    password: creating a login, changing one's own, an office resetting one."""
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise refusal(exc, field="password") from exc


def _organization_of_user(user: Any) -> int | None:
    role = Role.objects.filter(user=user).select_related("organization").first()
    return audit_organization_id(role.organization) if role is not None else None


@transaction.atomic
def user_password_change(*, actor: Any, password: str) -> None:
    """The signed-in ``actor`` sets a new password of their own (the caller has checked the old
    one)."""
    _check_password(password, actor)
    actor.set_password(password)
    actor.save(update_fields=["password"])
    audit_record(actor=actor, action="account.password_change", obj=actor,
                 organization_id=_organization_of_user(actor),
                 summary=f"Đổi mật khẩu của tài khoản {actor.username}")


@transaction.atomic
def user_password_reset(*, actor: Any, user: Any, password: str) -> None:
    """The office sets a new password for a login of its organization (the caller fetched
    ``user`` through ``access.get_user_for_office``). The password is not recorded."""
    _check_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(actor=actor, action="account.password_reset", obj=user,
                 organization_id=_organization_of_user(user),
                 summary=f"Đặt lại mật khẩu của tài khoản {user.username}")


#: A job not finished and silent this long was interrupted (the server stopped under it). Its
#: heartbeat is beaten at every progress report; the write itself (one transaction, no report)
#: takes well under a minute for 100,000 members.
IMPORT_JOB_STALE_AFTER = dt.timedelta(minutes=10)
#: How long a checked upload (for "Nhập" or a new mapping) and its marked copy are kept.
IMPORT_FILE_KEPT_FOR = dt.timedelta(days=1)


@transaction.atomic
def import_jobs_expire(*, organization: Organization) -> int:
    """Mark the organization's interrupted import jobs as such and delete their uploads; how
    many. The write of an import is one transaction, so such a job wrote all or nothing."""
    cutoff = clock.machine_now() - IMPORT_JOB_STALE_AFTER
    stale = list(ImportJob.objects.select_for_update().filter(
        organization=organization, status__in=[ImportJob.Status.PENDING,
                                               ImportJob.Status.RUNNING],
        updated_at__lt=cutoff))
    for job in stale:
        if job.stored_path:
            Path(job.stored_path).unlink(missing_ok=True)
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.INTERRUPTED, phase="", stored_path="",
            finished_at=clock.machine_now(), updated_at=clock.machine_now())
        audit_record(actor=None, action="roster.import_interrupted", obj=job,
                     organization_id=audit_organization_id(organization),
                     summary=f"Lần nhập tệp {job.file_name} bị gián đoạn",
                     data={"last_heartbeat": job.updated_at.isoformat(),
                           "phase": job.phase, "done": job.done})
    _import_files_expire(organization)
    return len(stale)


def _import_files_expire(organization: Organization) -> None:
    """Delete the uploads and marked copies of jobs finished longer ago than
    :data:`IMPORT_FILE_KEPT_FOR` (housekeeping of files: no record changes)."""
    old = ImportJob.objects.filter(
        organization=organization, finished_at__lt=clock.machine_now() - IMPORT_FILE_KEPT_FOR,
    ).exclude(stored_path="", marked_path="")
    for job in old:
        for name in (job.stored_path, job.marked_path):
            if name:
                Path(name).unlink(missing_ok=True)
    old.update(stored_path="", marked_path="")


@transaction.atomic
def import_mapping_save(
    *, actor: Any, organization: Organization, columns: dict[str, str],
    values: dict[str, dict[str, str]], compound_names: list[str],
) -> ImportMapping:
    """Save the organization's column mapping (folded header → field), its confirmed values of
    cells and agencies, and its compound family names, proposed at its next import."""
    mapping, _ = ImportMapping.objects.select_for_update().get_or_create(
        organization=organization
    )
    merged_values = {kind: dict(v) for kind, v in mapping.values.items()}
    for kind, chosen in values.items():
        merged_values.setdefault(kind, {}).update(chosen)
    mapping.columns = {**mapping.columns, **columns}
    mapping.values = merged_values
    mapping.compound_names = list(compound_names)
    mapping.save()
    audit_record(actor=actor, action="roster.import_mapping_save", obj=organization,
                 organization_id=audit_organization_id(organization),
                 summary=f"Lưu cách gán cột khi nhập danh sách của {organization.name}",
                 data={"columns": columns, "values": values,
                       "compound_names": list(compound_names)})
    return mapping
