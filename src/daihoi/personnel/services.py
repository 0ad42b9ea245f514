"""Every write to personnel plans: one named service each, atomic, with its audit entry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from daihoi import clock
from daihoi.audit.services import audit_record, in_record_language
from daihoi.composition import available_terms, check_candidate
from daihoi.congress.models import Congress
from daihoi.core.errors import ServiceError, clean_or_refuse
from daihoi.core.i18n import translated
from daihoi.personnel.models import PersonnelPlan, PlanCandidate, PlanKind
from daihoi.personnel.selectors import as_candidate, rules_of
from daihoi.roster.models import Member
from daihoi.roster.services import audit_organization_id


def _clean(obj: Any) -> None:
    clean_or_refuse(obj)


@transaction.atomic
def plan_create(*, actor: Any, congress: Congress, kind: str, name: str, term_rules: str,
                level: str, seats: int, alternates: int = 0, note: str = "") -> PersonnelPlan:
    if congress.part_of_id is not None:
        raise ServiceError(gettext(
            "Đề án nhân sự thuộc đại hội của đảng bộ, không phải của chi bộ."))
    if term_rules not in available_terms():
        raise ServiceError(gettext(
            "Chưa có quy định cho nhiệm kỳ %(term_rules)s.") % {
                "term_rules": term_rules}, field="term_rules")
    if kind == PlanKind.COMMITTEE and alternates:
        raise ServiceError(gettext(
            "Đề án Ban Chấp hành không có đại biểu dự khuyết."), field="alternates")
    plan = PersonnelPlan(congress=congress, kind=kind, name=name.strip(), term_rules=term_rules,
                         level=level, seats=seats, alternates=alternates, note=note,
                         created_at=clock.now())
    try:
        rules_of(plan).reference_for(level)
    except ValueError as exc:
        raise ServiceError(gettext(
            "Quy định nhiệm kỳ %(term_rules)s không có tháng tham chiếu cho cấp này.") % {
                "term_rules": term_rules}, field="level") from exc
    _clean(plan)
    plan.save()
    with in_record_language():
        audit_record(actor=actor, action="personnel.plan_create", obj=plan,
                     organization_id=audit_organization_id(congress.organization),
                     summary=f"Lập {plan.get_kind_display().lower()}: {plan.name}",
                     data={"seats": seats, "alternates": alternates, "term": term_rules})
    return plan


@transaction.atomic
def plan_update(*, actor: Any, plan: PersonnelPlan, seats: int, alternates: int,
                note: str) -> PersonnelPlan:
    if plan.kind == PlanKind.COMMITTEE and alternates:
        raise ServiceError(gettext(
            "Đề án Ban Chấp hành không có đại biểu dự khuyết."), field="alternates")
    plan.seats, plan.alternates, plan.note = seats, alternates, note
    plan.version += 1
    _clean(plan)
    plan.save(update_fields=["seats", "alternates", "note", "version"])
    audit_record(actor=actor, action="personnel.plan_update", obj=plan,
                 organization_id=audit_organization_id(plan.congress.organization),
                 summary=f"Sửa đề án {plan.name}", data={"seats": seats,
                                                         "alternates": alternates})
    return plan


@transaction.atomic
def plan_candidate_add(*, actor: Any, plan: PersonnelPlan, member: Member,
                       reelection: bool = False, post: str = "",
                       retirement_month: dt.date | None = None,
                       science_technology: bool = False) -> PlanCandidate:
    """Add a member to the plan; a member who may not stand (probationary, suspended, over the
    term's age, …) is refused with every reason, and nothing is recorded."""
    congress = plan.congress
    if not member.cell.path.startswith(congress.organization.path):
        raise ServiceError(gettext(
            "%(full_name)s không thuộc %(name)s.") % {
                "full_name": member.full_name, "name": congress.organization.name})
    if retirement_month is not None:
        retirement_month = retirement_month.replace(day=1)
    check = check_candidate(
        as_candidate(member, reelection=reelection, post=post, retirement_month=retirement_month,
                     science_technology=science_technology),
        rules_of(plan), level=plan.level, check_age=plan.kind == PlanKind.COMMITTEE)
    if not check.eligible:
        raise ServiceError(gettext("Không thể đưa %(name)s vào đề án: %(reasons)s.") % {
            "name": member.full_name, "reasons": "; ".join(translated(r) for r in check.reasons)})
    position = plan.candidates.count()
    row = PlanCandidate(plan=plan, member=member, reelection=reelection, post=post,
                        retirement_month=retirement_month,
                        science_technology=science_technology, position=position)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        raise ServiceError(gettext(
            "%(full_name)s đã có trong đề án.") % {"full_name": member.full_name}) from None
    audit_record(actor=actor, action="personnel.candidate_add", obj=row,
                 organization_id=audit_organization_id(congress.organization),
                 summary=f"Đưa {member.full_name} vào đề án {plan.name}",
                 data={"plan": plan.pk, "member": member.pk, "reelection": reelection,
                       "months_remaining": check.months_remaining})
    return row


@transaction.atomic
def plan_candidate_remove(*, actor: Any, candidate: PlanCandidate) -> None:
    plan = candidate.plan
    name = candidate.member.full_name
    pk = candidate.pk
    candidate.delete()
    audit_record(actor=actor, action="personnel.candidate_remove", obj=plan,
                 organization_id=audit_organization_id(plan.congress.organization),
                 summary=f"Bỏ {name} khỏi đề án {plan.name}", data={"candidate": pk})
