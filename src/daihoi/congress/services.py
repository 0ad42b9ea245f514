from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from daihoi import clock
from daihoi.audit.services import audit_record, in_record_language
from daihoi.congress.models import (
    TASK_TRANSITIONS,
    CellCongressResult,
    Congress,
    CongressKind,
    CongressStatus,
    PilotLesson,
    ProgrammeItem,
    Responsibility,
    ResultRole,
    SubCommittee,
    SubCommitteeKind,
    SubCommitteeMember,
    Task,
    TaskAttachment,
    TaskStatus,
)
from daihoi.core.errors import ConflictError, IllegalTransitionError, ServiceError, clean_or_refuse
from daihoi.core.text import clean_name
from daihoi.roster.choices import OrgKind
from daihoi.roster.models import Member, Organization
from daihoi.roster.services import audit_organization_id


@transaction.atomic
def congress_create(
    *, actor: Any, organization: Organization, kind: str, ordinal: int, term_start: int,
    term_end: int, theme: str = "", venue: str = "", part_of: Congress | None = None,
    is_pilot: bool = False, opens_at: dt.datetime | None = None,
    preparatory_session_at: dt.datetime | None = None, closes_at: dt.datetime | None = None,
) -> Congress:
    congress = Congress(
        organization=organization, kind=kind, ordinal=ordinal, term_start=term_start,
        term_end=term_end, theme=theme, venue=venue, part_of=part_of, is_pilot=is_pilot,
        opens_at=opens_at, preparatory_session_at=preparatory_session_at, closes_at=closes_at,
    )
    clean_or_refuse(congress)
    congress.save()
    with in_record_language():
        audit_record(actor=actor, action="congress.create", obj=congress,
                     organization_id=audit_organization_id(organization),
                     summary=f"Tạo {congress.title}",
                     data={"organization": organization.code, "term": congress.term})
    return congress


def _clean(obj: Any) -> None:
    clean_or_refuse(obj)


def _committee_id(congress: Congress) -> int:
    return audit_organization_id(congress.organization)


#: Fields of the congress record an office edits.
CONGRESS_FIELDS = ("kind", "ordinal", "term_start", "term_end", "theme", "venue", "place",
                   "preparatory_session_at", "opens_at", "closes_at")


@transaction.atomic
def congress_update(
    *, actor: Any, congress: Congress, expected_version: int, changes: dict[str, Any]
) -> Congress:
    """Change the congress record; refused with a conflict if it changed since it was loaded."""
    unknown = set(changes) - set(CONGRESS_FIELDS)
    if unknown:
        raise TypeError(f"not editable here: {sorted(unknown)}")
    current = Congress.objects.select_for_update().get(pk=congress.pk)
    if current.version != expected_version:
        raise ConflictError(
            gettext("Thông tin đại hội vừa được người khác sửa; không có gì được lưu. "
                    "Hãy tải lại trang.")
        )
    before = {f: getattr(current, f) for f in changes}
    for field, value in changes.items():
        setattr(current, field, value)
    _clean(current)
    current.version = expected_version + 1
    current.save()
    with in_record_language():
        audit_record(actor=actor, action="congress.update", obj=current,
                     organization_id=_committee_id(current), summary=f"Sửa {current.title}",
                     data={"changed": {f: [str(before[f]), str(changes[f])] for f in changes
                                       if before[f] != changes[f]}})
    return current


@transaction.atomic
def programme_item_add(
    *, actor: Any, congress: Congress, session: str, starts_at: dt.datetime, title: str,
    presenter: str = "",
) -> ProgrammeItem:
    item = ProgrammeItem(congress=congress, session=session, starts_at=starts_at,
                         title=title.strip(), presenter=clean_name(presenter))
    _clean(item)
    item.save()
    audit_record(actor=actor, action="congress.programme_item_add", obj=item,
                 organization_id=_committee_id(congress), summary=f"Thêm vào chương trình: {title}")
    return item


@transaction.atomic
def programme_item_delete(*, actor: Any, item: ProgrammeItem) -> None:
    congress = item.congress
    audit_record(actor=actor, action="congress.programme_item_delete", obj=item,
                 organization_id=_committee_id(congress),
                 summary=f"Bỏ khỏi chương trình: {item.title}")
    item.delete()


@transaction.atomic
def cell_congresses_create(
    *, actor: Any, congress: Congress, pilot_cell: Organization | None = None
) -> list[Congress]:
    """One members' congress per cell under the committee (those not created yet), the pilot
    flagged. Returns the congresses created."""
    if congress.part_of_id is not None or congress.organization.kind == OrgKind.CELL:
        raise ServiceError(gettext("Chỉ đại hội của đảng bộ mới có các đại hội chi bộ trực thuộc."))
    cells = Organization.objects.filter(
        path__startswith=congress.organization.path, kind=OrgKind.CELL
    ).order_by("position", "name")
    existing = set(Congress.objects.filter(part_of=congress).values_list("organization_id",
                                                                          flat=True))
    created = []
    for cell in cells:
        if cell.pk in existing:
            continue
        cc = Congress(organization=cell, kind=CongressKind.MEMBERS, ordinal=congress.ordinal,
                      term_start=congress.term_start, term_end=congress.term_end,
                      part_of=congress,
                      is_pilot=pilot_cell is not None and cell.pk == pilot_cell.pk)
        _clean(cc)
        cc.save()
        created.append(cc)
    audit_record(actor=actor, action="congress.cell_congresses_create", obj=congress,
                 organization_id=_committee_id(congress),
                 summary=f"Lập {len(created)} đại hội chi bộ trực thuộc",
                 data={"pilot": pilot_cell.code if pilot_cell else None})
    return created


@transaction.atomic
def cell_congress_set_pilot(*, actor: Any, congress: Congress, cell_congress: Congress) -> None:
    if cell_congress.part_of_id != congress.pk:
        raise ServiceError(gettext("Đại hội chi bộ này không thuộc đại hội đang chuẩn bị."))
    Congress.objects.filter(part_of=congress).update(is_pilot=False)
    Congress.objects.filter(pk=cell_congress.pk).update(is_pilot=True)
    audit_record(actor=actor, action="congress.pilot_set", obj=cell_congress,
                 organization_id=_committee_id(congress),
                 summary=f"Chọn {cell_congress.organization.name} tổ chức đại hội điểm")


@transaction.atomic
def cell_congress_schedule(*, actor: Any, cell_congress: Congress, opens_at: dt.datetime,
                           venue: str = "") -> Congress:
    if cell_congress.status != CongressStatus.PLANNED:
        raise IllegalTransitionError(gettext("Đại hội đã tổ chức; không đổi lịch được nữa."))
    Congress.objects.filter(pk=cell_congress.pk).update(opens_at=opens_at, venue=venue)
    cell_congress.opens_at, cell_congress.venue = opens_at, venue
    audit_record(actor=actor, action="congress.cell_schedule", obj=cell_congress,
                 organization_id=_committee_id(cell_congress),
                 summary=f"Lịch đại hội {cell_congress.organization.name}: {opens_at:%d/%m/%Y}")
    return cell_congress


def issues_before_hold(cell_congress: Congress) -> list[str]:
    """What blocks recording a cell congress as held (R-102: the pilot goes first)."""
    issues = []
    if cell_congress.status != CongressStatus.PLANNED:
        issues.append(gettext("Đại hội này đã được ghi nhận là đã tổ chức."))
    if cell_congress.opens_at is None:
        issues.append(gettext("Chưa có ngày tổ chức đại hội."))
    if not cell_congress.is_pilot and cell_congress.part_of_id is not None:
        pilot = Congress.objects.filter(part_of_id=cell_congress.part_of_id, is_pilot=True).first()
        if pilot is not None and pilot.status == CongressStatus.PLANNED:
            issues.append(gettext(
                "Đại hội điểm (%(pilot)s) phải được tổ chức trước để rút kinh nghiệm cho các "
                "chi bộ.") % {"pilot": pilot.organization.name})
    return issues


@transaction.atomic
def cell_congress_mark_held(*, actor: Any, cell_congress: Congress) -> Congress:
    cc = Congress.objects.select_for_update().get(pk=cell_congress.pk)
    issues = issues_before_hold(cc)
    if issues:
        raise IllegalTransitionError(" ".join(issues))
    Congress.objects.filter(pk=cc.pk).update(status=CongressStatus.HELD)
    cc.status = CongressStatus.HELD
    audit_record(actor=actor, action="congress.cell_held", obj=cc,
                 organization_id=_committee_id(cc),
                 summary=f"{cc.organization.name} đã tổ chức đại hội")
    return cc


def issues_before_submit_results(
    cell_congress: Congress, *, secretary: Member | None, delegates: list[Member],
    others: list[Member],
) -> list[str]:
    issues = []
    if cell_congress.status == CongressStatus.PLANNED:
        issues.append(gettext("Đại hội chưa được ghi nhận là đã tổ chức."))
    elif cell_congress.status == CongressStatus.RESULTS_SUBMITTED:
        issues.append(gettext("Kết quả đại hội đã được báo cáo."))
    if secretary is None:
        issues.append(gettext("Chưa có bí thư chi bộ được bầu."))
    if not delegates:
        issues.append(gettext("Chưa có đại biểu dự đại hội cấp trên."))
    people = [*([secretary] if secretary else []), *delegates, *others]
    strangers = sorted({m.full_name for m in people if m.cell_id != cell_congress.organization_id})
    if strangers:
        issues.append(gettext("Không phải đảng viên của chi bộ: %(names)s.") % {
            "names": ", ".join(strangers)})
    return issues


@transaction.atomic
def cell_congress_submit_results(
    *, actor: Any, cell_congress: Congress, secretary: Member | None,
    deputy: Member | None = None, committee: list[Member] | None = None,
    delegates: list[Member] | None = None, alternates: list[Member] | None = None,
    note: str = "",
) -> Congress:
    """The cell secretary reports the congress's results: the elected cell committee and
    secretary, and the delegates to the committee's congress."""
    cc = Congress.objects.select_for_update().select_related("organization").get(
        pk=cell_congress.pk)
    committee, delegates, alternates = committee or [], delegates or [], alternates or []
    others = [*([deputy] if deputy else []), *committee, *alternates]
    issues = issues_before_submit_results(cc, secretary=secretary, delegates=delegates,
                                          others=others)
    if issues:
        raise IllegalTransitionError(" ".join(issues))
    assert secretary is not None
    rows: list[tuple[Member, str]] = [(secretary, ResultRole.SECRETARY)]
    if deputy is not None:
        rows.append((deputy, ResultRole.DEPUTY_SECRETARY))
    rows += [(m, ResultRole.COMMITTEE) for m in committee]
    rows += [(m, ResultRole.DELEGATE) for m in delegates]
    rows += [(m, ResultRole.ALTERNATE) for m in alternates]
    seen: set[tuple[int, str]] = set()
    objs = []
    for i, (m, role) in enumerate(rows):
        if (m.pk, role) in seen:
            continue
        seen.add((m.pk, role))
        objs.append(CellCongressResult(congress=cc, member=m, role=role, position=i))
    CellCongressResult.objects.filter(congress=cc).delete()
    CellCongressResult.objects.bulk_create(objs)
    Congress.objects.filter(pk=cc.pk).update(status=CongressStatus.RESULTS_SUBMITTED,
                                             results_note=note)
    cc.status = CongressStatus.RESULTS_SUBMITTED
    audit_record(actor=actor, action="congress.cell_results", obj=cc,
                 organization_id=_committee_id(cc),
                 summary=f"{cc.organization.name} báo cáo kết quả đại hội",
                 data={"secretary": secretary.pk, "delegates": [m.pk for m in delegates],
                       "committee": [m.pk for m in committee]})
    return cc


@transaction.atomic
def pilot_lesson_add(*, actor: Any, pilot: Congress, topic: str, text: str) -> PilotLesson:
    if not pilot.is_pilot:
        raise ServiceError(gettext("Chỉ ghi bài học cho đại hội điểm."))
    lesson = PilotLesson(congress=pilot, topic=topic, text=text.strip(), recorded_at=clock.now())
    _clean(lesson)
    lesson.save()
    with in_record_language():
        audit_record(actor=actor, action="congress.pilot_lesson_add", obj=lesson,
                     organization_id=_committee_id(pilot),
                     summary=f"Rút kinh nghiệm đại hội điểm: {lesson.get_topic_display()}")
    return lesson


@transaction.atomic
def subcommittee_create(*, actor: Any, congress: Congress, kind: str, name: str) -> SubCommittee:
    sub = SubCommittee(congress=congress, kind=kind, name=clean_name(name))
    _clean(sub)
    if kind != SubCommitteeKind.OTHER and SubCommittee.objects.filter(
        congress=congress, kind=kind
    ).exists():
        raise ServiceError(gettext(
            "Đã có %(lower)s.") % {"lower": SubCommitteeKind(kind).label.lower()}, field="kind")
    sub.save()
    audit_record(actor=actor, action="congress.subcommittee_create", obj=sub,
                 organization_id=_committee_id(congress), summary=f"Thành lập {sub.name}")
    return sub


@transaction.atomic
def subcommittee_member_add(
    *, actor: Any, subcommittee: SubCommittee, member: Member, role: str = ""
) -> SubCommitteeMember:
    congress = subcommittee.congress
    if not member.cell.path.startswith(congress.organization.path):
        raise ServiceError(gettext("Đồng chí này không thuộc đảng bộ."), field="member")
    if SubCommitteeMember.objects.filter(subcommittee=subcommittee, member=member).exists():
        raise ServiceError(gettext(
            "Đồng chí %(full_name)s đã ở trong tiểu ban.") % {
                "full_name": member.full_name}, field="member")
    row = SubCommitteeMember.objects.create(subcommittee=subcommittee, member=member,
                                            role=role.strip())
    audit_record(actor=actor, action="congress.subcommittee_member_add", obj=row,
                 organization_id=_committee_id(congress),
                 summary=f"{member.full_name} vào {subcommittee.name}")
    return row


@transaction.atomic
def task_create(
    *, actor: Any, congress: Congress, title: str, deadline: dt.date,
    subcommittee: SubCommittee | None = None, owner: Member | None = None,
    responsibility: str = Responsibility.PREPARE, note: str = "",
) -> Task:
    if subcommittee is not None and subcommittee.congress_id != congress.pk:
        raise ServiceError(gettext("Tiểu ban không thuộc đại hội này."), field="subcommittee")
    if owner is not None and not owner.cell.path.startswith(congress.organization.path):
        raise ServiceError(gettext("Người phụ trách không thuộc đảng bộ."), field="owner")
    task = Task(congress=congress, subcommittee=subcommittee, title=title.strip(), owner=owner,
                responsibility=responsibility, deadline=deadline, note=note)
    _clean(task)
    task.save()
    audit_record(actor=actor, action="congress.task_create", obj=task,
                 organization_id=_committee_id(congress),
                 summary=f"Giao nhiệm vụ: {task.title}",
                 data={"owner": owner.pk if owner else None, "deadline": deadline.isoformat()})
    return task


@transaction.atomic
def task_set_status(*, actor: Any, task: Task, status: str) -> Task:
    current = Task.objects.select_for_update().get(pk=task.pk)
    if status not in TASK_TRANSITIONS.get(current.status, ()):
        raise IllegalTransitionError(gettext(
            "Không chuyển được nhiệm vụ từ “%(before)s” sang “%(after)s”.") % {
                "before": current.get_status_display(),
                "after": TaskStatus(status).label if status in TaskStatus.values else status})
    before = current.status
    current.status = status
    current.done_on = clock.today() if status == TaskStatus.DONE else None
    current.save(update_fields=["status", "done_on"])
    with in_record_language():
        audit_record(actor=actor, action="congress.task_status", obj=current,
                     organization_id=_committee_id(current.congress),
                     summary=f"{current.title}: {TaskStatus(before).label} → "
                             f"{TaskStatus(status).label}")
    return current


MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


@transaction.atomic
def task_attach(*, actor: Any, task: Task, upload: Any) -> TaskAttachment:
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ServiceError(gettext("Tệp đính kèm lớn quá 10 MB."), field="file")
    name = upload.name[-255:]
    att = TaskAttachment(task=task, name=name, uploaded_at=clock.now())
    att.file.save(name, upload, save=False)
    att.save()
    audit_record(actor=actor, action="congress.task_attach", obj=att,
                 organization_id=_committee_id(task.congress),
                 summary=f"Đính kèm {name} vào nhiệm vụ {task.title}")
    return att
