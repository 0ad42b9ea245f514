"""Every write of the congress day: one named service each, atomic, with its audit entry."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext

from daihoi import clock
from daihoi.audit.services import audit_record, in_record_language
from daihoi.congress.models import Congress, CongressKind, ResultRole
from daihoi.congress.selectors import congress_day
from daihoi.core.errors import IllegalTransitionError, ServiceError, clean_or_refuse
from daihoi.core.text import clean_name
from daihoi.delegates import slots
from daihoi.delegates.badges import delegate_id_from_payload
from daihoi.delegates.models import (
    AttendanceSession,
    CheckIn,
    CredentialsConclusion,
    DayPolicy,
    Delegate,
    DelegateSource,
    DelegateStatus,
    ShowOfHandsVote,
    TemporaryElsewherePolicy,
)
from daihoi.delegates.selectors import members_on_day, statuses_on_day
from daihoi.roster.models import Member
from daihoi.roster.services import audit_organization_id

#: R-073: members with these statuses before the opening are not summoned.
NOT_SUMMONED_STATUSES = {
    "suspended": "Bị đình chỉ sinh hoạt đảng trước khai mạc",
    "prosecuted": "Bị khởi tố, truy tố trước khai mạc",
    "transferred_out": "Đã chuyển sinh hoạt đảng ra khỏi đảng bộ trước khai mạc",
    "deceased": "Đã từ trần",
}


def _clean(obj: Any) -> None:
    clean_or_refuse(obj)


def _check_committee_congress(congress: Congress) -> None:
    if congress.part_of_id is not None or congress.kind != CongressKind.DELEGATES:
        raise ServiceError(gettext("Danh sách đại biểu chỉ lập cho đại hội đại biểu của đảng bộ."))


def _check_members_congress(congress: Congress) -> None:
    if congress.kind != CongressKind.MEMBERS:
        raise ServiceError(gettext("Danh sách đảng viên triệu tập chỉ lập cho đại hội đảng viên."))


def _check_day_congress(congress: Congress) -> None:
    """The congress day (sessions, check-in, show-of-hands votes) is kept for the committee's
    delegates' congress and for any members' congress (a cell's, or a committee's)."""
    if congress.kind != CongressKind.MEMBERS:
        _check_committee_congress(congress)


def _next_number(congress: Congress) -> int:
    top = Delegate.objects.filter(congress=congress).aggregate(n=Max("number"))["n"]
    return (top or 0) + 1


def _statuses_on_opening(congress: Congress, members: list[Member]) -> dict[int, str]:
    """R-073 reads each member's status on the congress's date (the status history), not
    today's: a suspension dated after the opening does not keep them from the congress."""
    return statuses_on_day(members, congress_day(congress))


def _new_delegate(congress: Congress, member: Member, source: str, number: int,
                  elected_by: Congress | None = None,
                  status_on_opening: str | None = None) -> Delegate:
    status, reason = DelegateStatus.SUMMONED, ""
    if source == DelegateSource.ALTERNATE:
        status = DelegateStatus.RESERVE
    member_status = status_on_opening or member.status
    if member_status in NOT_SUMMONED_STATUSES:
        status, reason = DelegateStatus.NOT_SUMMONED, NOT_SUMMONED_STATUSES[member_status]
    return Delegate(congress=congress, member=member, source=source, status=status,
                    status_reason=reason, number=number, elected_by=elected_by)


def issues_before_import_from_cells(congress: Congress) -> list[str]:
    """A cell congress whose count in daihoi and typed report differ blocks the summons."""
    issues = []
    for cc in Congress.objects.filter(part_of=congress).select_related(
            "organization").order_by("organization__path"):
        diff = slots.cell_differences(cc)
        if diff:
            issues.append(gettext(
                "%(cell)s: kết quả báo cáo khác kết quả kiểm phiếu (%(differences)s).") % {
                    "cell": cc.organization.name, "differences": "; ".join(diff)})
    return issues


@transaction.atomic
def delegates_import_from_cells(*, actor: Any, congress: Congress) -> int:
    """The delegates and ranked alternates the cell congresses elected, added once each: from
    a cell congress's count in daihoi where it counted there (no typing), else from its typed
    report; a member already on the list is left as they are. Refused, with nothing added,
    while a cell's count and report differ. Returns how many were added."""
    _check_committee_congress(congress)
    Congress.objects.select_for_update().filter(pk=congress.pk).first()
    issues = issues_before_import_from_cells(congress)
    if issues:
        raise ServiceError(gettext("Chưa triệu tập được: %(issues)s") % {
            "issues": " ".join(issues)})
    existing = set(Delegate.objects.filter(congress=congress).values_list("member_id", flat=True))
    number = _next_number(congress)
    rows = [(cc, member, role)
            for cc in Congress.objects.filter(part_of=congress).order_by("organization__path",
                                                                          "pk")
            for member, role in slots.cell_summons(cc)]
    statuses = _statuses_on_opening(congress, [m for _, m, _ in rows])
    new = []
    for cc, member, role in rows:
        if member.pk in existing:
            continue
        existing.add(member.pk)
        source = (DelegateSource.ELECTED if role == ResultRole.DELEGATE
                  else DelegateSource.ALTERNATE)
        new.append(_new_delegate(congress, member, source, number, elected_by=cc,
                                 status_on_opening=statuses[member.pk]))
        number += 1
    Delegate.objects.bulk_create(new)
    audit_record(actor=actor, action="delegates.import_from_cells", obj=congress,
                 organization_id=audit_organization_id(congress.organization),
                 summary=f"Lập danh sách đại biểu từ kết quả đại hội chi bộ: thêm {len(new)}",
                 data={"added": len(new)})
    return len(new)


@transaction.atomic
def delegate_add(*, actor: Any, congress: Congress, member: Member, source: str) -> Delegate:
    """An ex-officio member of the outgoing committee, an appointed delegate, or one elected."""
    _check_committee_congress(congress)
    if not member.cell.path.startswith(congress.organization.path):
        raise ServiceError(gettext(
            "%(full_name)s không thuộc %(name)s.") % {
                "full_name": member.full_name, "name": congress.organization.name})
    if member.full_member_on is None:
        raise ServiceError(gettext(
            "%(full_name)s là đảng viên dự bị, không là đại biểu chính thức.") % {
                "full_name": member.full_name})
    Congress.objects.select_for_update().filter(pk=congress.pk).first()
    if Delegate.objects.filter(congress=congress, member=member).exists():
        raise ServiceError(gettext(
            "%(full_name)s đã có trong danh sách đại biểu.") % {"full_name": member.full_name})
    delegate = _new_delegate(congress, member, source, _next_number(congress),
                             status_on_opening=_statuses_on_opening(congress, [member])[member.pk])
    _clean(delegate)
    delegate.save()
    with in_record_language():
        audit_record(actor=actor, action="delegates.add", obj=delegate,
                     organization_id=audit_organization_id(congress.organization),
                     summary=f"Thêm đại biểu {member.full_name} ({delegate.get_source_display()})",
                     data={"member": member.pk, "source": source, "status": delegate.status})
    return delegate


@transaction.atomic
def delegate_set_not_summoned(*, actor: Any, delegate: Delegate, reason: str) -> Delegate:
    """R-073: not summoned (suspended, prosecuted, elected in breach of the rules…)."""
    if not reason.strip():
        raise ServiceError(gettext("Cần ghi lý do không triệu tập."), field="reason")
    if delegate.check_ins.exists():
        raise IllegalTransitionError(gettext(
            "Đại biểu đã điểm danh; không thể chuyển sang không triệu tập."))
    current = Delegate.objects.filter(pk=delegate.pk).values_list("status", flat=True).first()
    if current != DelegateStatus.SUMMONED:
        # A second click or a stale tab: the first one decided; nothing is written twice.
        raise IllegalTransitionError(gettext(
            "%(name)s không còn ở tình trạng được triệu tập; không ghi gì.") % {
                "name": delegate.member.full_name})
    Delegate.objects.filter(pk=delegate.pk).update(status=DelegateStatus.NOT_SUMMONED,
                                                   status_reason=reason.strip()[:300])
    delegate.status, delegate.status_reason = DelegateStatus.NOT_SUMMONED, reason.strip()[:300]
    audit_record(actor=actor, action="delegates.not_summoned", obj=delegate,
                 organization_id=audit_organization_id(delegate.congress.organization),
                 summary=f"Không triệu tập {delegate.member.full_name}: {reason}")
    return delegate


def next_alternate_for(absent: Delegate) -> Delegate | None:
    """R-072: the alternate who replaces ``absent``: the first, in rank order, of the
    alternates not yet seated that the same body (the same cell congress) elected. The rank is
    the order of the summons, which lists each cell's alternates as ranked."""
    if absent.elected_by_id is None:
        return None
    return (Delegate.objects.filter(congress_id=absent.congress_id,
                                    elected_by_id=absent.elected_by_id,
                                    source=DelegateSource.ALTERNATE,
                                    status=DelegateStatus.RESERVE)
            .select_related("member", "member__cell").order_by("number", "pk").first())


def issues_before_replace(absent: Delegate, alternate: Delegate) -> list[str]:
    issues = []
    if absent.congress_id != alternate.congress_id:
        issues.append(gettext("Hai đại biểu không cùng đại hội."))
    if not absent.is_official or absent.source == DelegateSource.EX_OFFICIO:
        issues.append(gettext(
            "Chỉ đại biểu do chi bộ bầu hoặc chỉ định mới được thay bằng dự khuyết."))
    if absent.status != DelegateStatus.SUMMONED:
        issues.append(gettext("%(name)s đang ở tình trạng “%(status)s”.") % {
            "name": absent.member.full_name, "status": absent.get_status_display()})
    if absent.check_ins.exists():
        issues.append(gettext(
            "%(name)s đã dự đại hội (đã điểm danh), không vắng cả đại hội.") % {
                "name": absent.member.full_name})
    if alternate.source != DelegateSource.ALTERNATE or alternate.status != DelegateStatus.RESERVE:
        issues.append(gettext("%(name)s không phải đại biểu dự khuyết còn chờ.") % {
            "name": alternate.member.full_name})
    elif absent.elected_by_id is None:
        issues.append(gettext(
            "%(name)s không do đại hội chi bộ nào bầu, nên không có đại biểu dự khuyết cùng "
            "nơi bầu để thay.") % {"name": absent.member.full_name})
    elif alternate.elected_by_id != absent.elected_by_id:
        issues.append(gettext(
            "%(alternate)s là dự khuyết do chi bộ khác bầu; chỉ dự khuyết do cùng chi bộ bầu "
            "ra mới thay được %(absent)s.") % {
                "alternate": alternate.member.full_name, "absent": absent.member.full_name})
    else:
        first = next_alternate_for(absent)
        if first is not None and first.pk != alternate.pk:
            issues.append(gettext(
                "Dự khuyết thay theo thứ tự: trước %(alternate)s còn %(first)s chưa được "
                "thay.") % {"alternate": alternate.member.full_name,
                            "first": first.member.full_name})
    return issues


def delegate_replace(*, actor: Any, absent: Delegate, alternate: Delegate) -> Delegate:
    """An alternate takes the seat of an official delegate absent for the whole congress:
    only an alternate elected by the same cell congress, in rank order (R-072). A refusal
    writes nothing but its audit entry."""
    refused: list[str] = []
    recorded: list[str] = []  # the same, in the record's language
    with transaction.atomic():
        absent = Delegate.objects.select_for_update().select_related("member").get(pk=absent.pk)
        alternate = Delegate.objects.select_for_update().select_related("member").get(
            pk=alternate.pk)
        refused = issues_before_replace(absent, alternate)
        with in_record_language():
            recorded = issues_before_replace(absent, alternate) if refused else []
        if not refused:
            Delegate.objects.filter(pk=absent.pk).update(status=DelegateStatus.REPLACED)
            Delegate.objects.filter(pk=alternate.pk).update(status=DelegateStatus.SUMMONED,
                                                            replaces=absent)
            alternate.status, alternate.replaces = DelegateStatus.SUMMONED, absent
            audit_record(actor=actor, action="delegates.replace", obj=alternate,
                         organization_id=audit_organization_id(absent.congress.organization),
                         summary=f"{alternate.member.full_name} (dự khuyết) thay "
                                 f"{absent.member.full_name}",
                         data={"absent": absent.pk, "alternate": alternate.pk})
            return alternate
    with transaction.atomic():
        audit_record(actor=actor, action="delegates.replace_refused", obj=absent,
                     organization_id=audit_organization_id(absent.congress.organization),
                     summary=f"Từ chối thay {absent.member.full_name} bằng "
                             f"{alternate.member.full_name}: {' '.join(recorded)}",
                     data={"absent": absent.pk, "alternate": alternate.pk})
    raise IllegalTransitionError(" ".join(refused))


def check_in_opened(congress: Congress) -> bool:
    """Check-in has opened once any delegate of the congress has been checked in."""
    return CheckIn.objects.filter(session__congress=congress).exists()


def issues_before_replace_undo(alternate: Delegate) -> list[str]:
    """A replacement is undone only while nothing has built on it: check-in has not opened
    (no delegate checked in), the alternate still holds the seat, the absent delegate is still
    recorded as replaced."""
    if alternate.replaces_id is None or alternate.status != DelegateStatus.SUMMONED:
        return [gettext("%(name)s không giữ chỗ của đại biểu nào; không có gì để hoàn tác.")
                % {"name": alternate.member.full_name}]
    absent = alternate.replaces
    assert absent is not None  # replaces_id is set
    issues = []
    if absent.status != DelegateStatus.REPLACED:
        issues.append(gettext("%(name)s không còn ở tình trạng “đã được thay”.")
                      % {"name": absent.member.full_name})
    if check_in_opened(alternate.congress):
        issues.append(gettext("Đại hội đã bắt đầu điểm danh; việc thay đại biểu không hoàn "
                              "tác được nữa."))
    return issues


def delegate_replace_undo(*, actor: Any, alternate: Delegate) -> Delegate:
    """Undo a replacement made by mistake, before check-in opens: the absent delegate is
    summoned again and the alternate goes back to the reserve, at their rank. Refused (409,
    with its audit entry) once check-in has opened."""
    refused: list[str] = []
    recorded: list[str] = []  # the same, in the record's language
    with transaction.atomic():
        alternate = Delegate.objects.select_for_update().select_related(
            "member", "congress").get(pk=alternate.pk)
        absent = (Delegate.objects.select_for_update().select_related("member")
                  .filter(pk=alternate.replaces_id).first()
                  if alternate.replaces_id is not None else None)
        alternate.replaces = absent
        refused = issues_before_replace_undo(alternate)
        with in_record_language():
            recorded = issues_before_replace_undo(alternate) if refused else []
        if not refused:
            assert absent is not None
            Delegate.objects.filter(pk=alternate.pk).update(status=DelegateStatus.RESERVE,
                                                            replaces=None)
            Delegate.objects.filter(pk=absent.pk).update(status=DelegateStatus.SUMMONED)
            audit_record(actor=actor, action="delegates.replace_undo", obj=alternate,
                         organization_id=audit_organization_id(alternate.congress.organization),
                         summary=f"Hoàn tác: {absent.member.full_name} được triệu tập trở lại, "
                                 f"{alternate.member.full_name} trở lại dự khuyết",
                         data={"absent": absent.pk, "alternate": alternate.pk})
            alternate.status, alternate.replaces = DelegateStatus.RESERVE, None
            absent.status = DelegateStatus.SUMMONED
            return absent
    with transaction.atomic():
        audit_record(actor=actor, action="delegates.replace_undo_refused", obj=alternate,
                     organization_id=audit_organization_id(alternate.congress.organization),
                     summary=f"Từ chối hoàn tác thay thế của {alternate.member.full_name}: "
                             f"{' '.join(recorded)}")
    raise IllegalTransitionError(" ".join(refused))


@transaction.atomic
def members_roll_build(*, actor: Any, congress: Congress) -> int:
    """A members' congress: every official member of the organization on the congress's date
    (not probationary, not transferred out or deceased by then) is summoned, numbered in name
    order after those already listed. Run again, it adds only who is missing. How many were
    added. Their statuses on the day decide the deductions of R-051 (a)–(c)."""
    _check_members_congress(congress)
    Congress.objects.select_for_update().filter(pk=congress.pk).first()
    existing = set(Delegate.objects.filter(congress=congress).values_list("member_id", flat=True))
    number = _next_number(congress)
    new = []
    for member, _status in members_on_day(congress):
        if member.pk in existing:
            continue
        new.append(Delegate(congress=congress, member=member, source=DelegateSource.MEMBER,
                            status=DelegateStatus.SUMMONED, number=number))
        number += 1
    Delegate.objects.bulk_create(new)
    audit_record(actor=actor, action="delegates.members_roll", obj=congress,
                 organization_id=audit_organization_id(congress.organization),
                 summary=f"Lập danh sách đảng viên triệu tập: thêm {len(new)}",
                 data={"added": len(new)})
    return len(new)


@transaction.atomic
def delegate_absence_approve(*, actor: Any, delegate: Delegate, reason: str) -> Delegate:
    """R-051d: an official member absent for the whole members' congress with a reason the
    convening committee approved; refused once they have checked in."""
    delegate = Delegate.objects.select_for_update().select_related(
        "member", "congress").get(pk=delegate.pk)
    _check_members_congress(delegate.congress)
    if not reason.strip():
        raise ServiceError(gettext("Cần ghi lý do vắng mặt được chấp thuận."), field="reason")
    if delegate.status != DelegateStatus.SUMMONED:
        raise IllegalTransitionError(gettext("%(name)s đang ở tình trạng “%(status)s”.") % {
            "name": delegate.member.full_name, "status": delegate.get_status_display()})
    if delegate.check_ins.exists():
        raise IllegalTransitionError(gettext(
            "%(name)s đã điểm danh dự đại hội, không vắng mặt cả đại hội.") % {
                "name": delegate.member.full_name})
    delegate.status, delegate.status_reason = DelegateStatus.ABSENT_APPROVED, reason.strip()[:300]
    Delegate.objects.filter(pk=delegate.pk).update(status=delegate.status,
                                                   status_reason=delegate.status_reason)
    audit_record(actor=actor, action="delegates.absence_approve", obj=delegate,
                 organization_id=audit_organization_id(delegate.congress.organization),
                 summary=f"Chấp thuận {delegate.member.full_name} vắng mặt cả đại hội: "
                         f"{delegate.status_reason}",
                 data={"reason": delegate.status_reason})
    return delegate


@transaction.atomic
def delegate_absence_withdraw(*, actor: Any, delegate: Delegate) -> Delegate:
    """The member came after all (or the approval was a mistake): summoned again."""
    delegate = Delegate.objects.select_for_update().select_related(
        "member", "congress").get(pk=delegate.pk)
    if delegate.status != DelegateStatus.ABSENT_APPROVED:
        raise IllegalTransitionError(gettext(
            "%(name)s không ở tình trạng vắng mặt được chấp thuận.") % {
                "name": delegate.member.full_name})
    Delegate.objects.filter(pk=delegate.pk).update(status=DelegateStatus.SUMMONED,
                                                   status_reason="")
    delegate.status, delegate.status_reason = DelegateStatus.SUMMONED, ""
    audit_record(actor=actor, action="delegates.absence_withdraw", obj=delegate,
                 organization_id=audit_organization_id(delegate.congress.organization),
                 summary=f"Hủy chấp thuận vắng mặt của {delegate.member.full_name}")
    return delegate


@transaction.atomic
def session_create(*, actor: Any, congress: Congress, name: str, starts_at: dt.datetime,
                   holds_elections: bool = False) -> AttendanceSession:
    _check_day_congress(congress)
    session = AttendanceSession(congress=congress, name=name.strip(), starts_at=starts_at,
                                holds_elections=holds_elections)
    _clean(session)
    try:
        # Two offices creating the same session at once both pass the check above; the unique
        # constraint refuses the second, which gets the same message instead of a 500.
        with transaction.atomic():
            session.save()
    except IntegrityError as exc:
        raise ServiceError(gettext(
            "Đã có phiên “%(name)s” của đại hội này.") % {"name": session.name},
                           field="name") from exc
    audit_record(actor=actor, action="delegates.session_create", obj=session,
                 organization_id=audit_organization_id(congress.organization),
                 summary=f"Tạo phiên {session.name}")
    return session


@dataclass(frozen=True)
class CheckInResult:
    check_in: CheckIn
    created: bool
    delegate: Delegate

    @property
    def message(self) -> str:
        said = {"name": self.delegate.member.full_name, "number": self.delegate.number,
                "time": f"{self.check_in.at.astimezone(clock.LOCAL_TZ):%H:%M:%S}"}
        if self.created:
            return gettext("Đã điểm danh %(name)s (thẻ số %(number)s) lúc %(time)s.") % said
        return gettext(
            "%(name)s (thẻ số %(number)s) đã điểm danh lúc %(time)s; không ghi thêm.") % said


def issues_before_check_in(session: AttendanceSession, delegate: Delegate) -> list[str]:
    if delegate.congress_id != session.congress_id:
        # No name: the person belongs to another congress, perhaps another organization.
        return [gettext(
            "Người này không phải đại biểu của đại hội này; không ghi nhận điểm danh.")]
    said = {"name": delegate.member.full_name, "reason": delegate.status_reason}
    if delegate.status == DelegateStatus.NOT_SUMMONED:
        return [gettext("%(name)s không được triệu tập: %(reason)s.") % said]
    if delegate.status == DelegateStatus.RESERVE:
        return [gettext(
            "%(name)s là đại biểu dự khuyết chưa được thay cho đại biểu chính thức nào.") % said]
    if delegate.status == DelegateStatus.REPLACED:
        return [gettext("%(name)s vắng và đã có đại biểu dự khuyết thay thế.") % said]
    if delegate.status == DelegateStatus.ABSENT_APPROVED:
        return [gettext(
            "%(name)s đã được chấp thuận vắng mặt cả đại hội (%(reason)s); hãy hủy chấp thuận "
            "trước khi điểm danh.") % said]
    return []


def delegate_check_in(*, actor: Any, session: AttendanceSession, delegate: Delegate,
                      method: str = "search", desk: str = "") -> CheckInResult:
    """Record the delegate's presence at ``session``, once: a second scan or a second desk at
    the same moment answers with the first check-in's time and records nothing. The
    delegate's status is read afresh: a desk's page may be older than a replacement."""
    current = Delegate.objects.filter(pk=delegate.pk).values_list(
        "status", "status_reason").first()
    if current is None:
        raise ServiceError(gettext("Đại biểu không còn trong danh sách."))
    delegate.status, delegate.status_reason = current
    issues = issues_before_check_in(session, delegate)
    if issues:
        raise ServiceError(" ".join(issues))
    with transaction.atomic():
        row = CheckIn(delegate=delegate, session=session, at=clock.now(), method=method,
                      desk=desk[:40], by=actor if getattr(actor, "pk", None) else None)
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:
            first = CheckIn.objects.filter(delegate=delegate, session=session).first()
            if first is None:  # pragma: no cover - the unique row exists by the error
                raise
            return CheckInResult(first, False, delegate)
        audit_record(actor=actor, action="delegates.check_in", obj=row,
                     organization_id=audit_organization_id(session.congress.organization),
                     summary=f"Điểm danh {delegate.member.full_name} — {session.name}",
                     data={"delegate": delegate.pk, "session": session.pk, "method": method,
                           "desk": desk[:40]})
    return CheckInResult(row, True, delegate)


def check_in_by_payload(*, actor: Any, session: AttendanceSession, payload: str,
                        desk: str = "") -> CheckInResult:
    """Check in from a badge's QR payload: refused if forged or of another congress."""
    delegate_id = delegate_id_from_payload(congress_id=session.congress_id, payload=payload)
    delegate = Delegate.objects.select_related("member").filter(
        pk=delegate_id, congress_id=session.congress_id).first()
    if delegate is None:
        raise ServiceError(gettext("Mã QR không ứng với đại biểu nào của đại hội này."))
    return delegate_check_in(actor=actor, session=session, delegate=delegate, method="qr",
                             desk=desk)


@transaction.atomic
def show_of_hands_record(*, actor: Any, congress: Congress, subject: str, title: str,
                         present: int, in_favour: int, against: int = 0, abstain: int = 0,
                         names: str = "", session: AttendanceSession | None = None
                         ) -> ShowOfHandsVote:
    """A show-of-hands vote (presidium, secretariat, counting board, credentials committee…)
    with its counts; the counts may not exceed those present."""
    _check_day_congress(congress)
    if min(present, in_favour, against, abstain) < 0:
        raise ServiceError(gettext("Số liệu biểu quyết không được âm."))
    if in_favour + against + abstain > present:
        raise ServiceError(gettext(
            "Tán thành %(in_favour)s + không tán thành %(against)s + không biểu quyết "
            "%(abstain)s lớn hơn số có mặt %(present)s.") % {
                "in_favour": in_favour, "against": against, "abstain": abstain,
                "present": present}, field="present")
    cleaned = "\n".join(filter(None, (clean_name(n) for n in names.splitlines())))
    vote = ShowOfHandsVote(congress=congress, session=session, subject=subject,
                           title=title.strip(), names=cleaned, present=present,
                           in_favour=in_favour, against=against, abstain=abstain,
                           recorded_at=clock.now(),
                           recorded_by=actor if getattr(actor, "pk", None) else None)
    _clean(vote)
    vote.save()
    audit_record(actor=actor, action="delegates.show_of_hands", obj=vote,
                 organization_id=audit_organization_id(congress.organization),
                 summary=f"Biểu quyết: {vote.title} — {in_favour}/{present} tán thành",
                 data={"subject": subject, "present": present, "in_favour": in_favour,
                       "against": against, "abstain": abstain})
    return vote


@transaction.atomic
def credentials_conclude(*, actor: Any, congress: Congress, text: str,
                         recognised: int) -> CredentialsConclusion:
    """The credentials committee's conclusions (R-151), recorded once and then updated."""
    _check_committee_congress(congress)
    if not text.strip():
        raise ServiceError(gettext("Cần ghi kết luận của Ban Thẩm tra."), field="text")
    row, _ = CredentialsConclusion.objects.update_or_create(
        congress=congress, defaults={"text": text.strip(), "recognised": recognised,
                                     "recorded_at": clock.now(),
                                     "recorded_by": actor if getattr(actor, "pk", None)
                                     else None})
    audit_record(actor=actor, action="delegates.credentials_conclude", obj=row,
                 organization_id=audit_organization_id(congress.organization),
                 summary=f"Kết luận thẩm tra tư cách: {recognised} đại biểu đủ tư cách",
                 data={"recognised": recognised})
    return row


@transaction.atomic
def day_policy_set(*, actor: Any, congress: Congress, numerator: int,
                   denominator: int) -> DayPolicy:
    """R-110 [UNCONFIRMED]: the quorum share, default 2/3."""
    if not 1 <= numerator <= denominator:
        raise ServiceError(gettext("Tỷ lệ túc số phải nằm trong (0, 1]."))
    row, _ = DayPolicy.objects.update_or_create(
        congress=congress, defaults={"quorum_numerator": numerator,
                                     "quorum_denominator": denominator})
    audit_record(actor=actor, action="delegates.quorum_policy", obj=row,
                 organization_id=audit_organization_id(congress.organization),
                 summary=f"Túc số đại hội: {numerator}/{denominator} số được triệu tập")
    return row


@transaction.atomic
def temporary_elsewhere_policy_set(*, actor: Any, congress: Congress, value: str) -> DayPolicy:
    """R-051a: whether members on temporary activity elsewhere who attend are deducted."""
    if value not in TemporaryElsewherePolicy.values:
        raise ServiceError(gettext("Lựa chọn không hợp lệ."), field="temporary_elsewhere")
    row, _ = DayPolicy.objects.get_or_create(congress=congress)
    before = row.temporary_elsewhere
    row.temporary_elsewhere = value
    row.save(update_fields=["temporary_elsewhere"])
    with in_record_language():
        audit_record(actor=actor, action="delegates.temporary_elsewhere_policy", obj=row,
                     organization_id=audit_organization_id(congress.organization),
                     summary="Đảng viên sinh hoạt tạm thời nơi khác: "
                     f"{TemporaryElsewherePolicy(value).label}",
                     data={"before": before, "after": value})
    return row
