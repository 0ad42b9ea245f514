"""Personnel plans: candidates checked as they are added (refused with every reason, nothing
recorded), the plan's composition against the term's targets, printing, and the pages."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from daihoi.audit.models import AuditEntry
from daihoi.core.errors import ServiceError
from daihoi.personnel import services
from daihoi.personnel.models import PersonnelPlan, PlanCandidate
from daihoi.personnel.printing import plan_docx, plan_pdf
from daihoi.personnel.selectors import plan_view
from daihoi.roster.choices import Gender, MemberStatus
from tests.conftest import PASSWORD, World
from tests.delegates.factories import bulk_members, delegates_congress


def committee_plan(world: World, **kw: object) -> PersonnelPlan:
    fields: dict[str, object] = {"kind": "committee", "name": "Phương án 1",
                                 "term_rules": "2020-2025", "level": "grassroots", "seats": 9}
    fields.update(kw)
    return services.plan_create(actor=None, congress=delegates_congress(world.committee),
                                **fields)  # type: ignore[arg-type]  # fields typed object on purpose


def _refused(call: object, *reasons: str) -> None:
    before = (PlanCandidate.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ServiceError) as info:
        call()  # type: ignore[operator]  # call is a callable given as object
    for reason in reasons:
        assert reason in info.value.message
    assert (PlanCandidate.objects.count(), AuditEntry.objects.count()) == before


def test_a_probationary_candidate_is_refused_with_the_reason(world: World) -> None:
    plan = committee_plan(world)
    [m] = bulk_members(world.cell_a, 1, full_member_on=None, date_of_birth=dt.date(1990, 1, 1))
    _refused(lambda: services.plan_candidate_add(actor=None, plan=plan, member=m), "dự bị")


def test_a_suspended_candidate_is_refused_with_the_reason(world: World) -> None:
    plan = committee_plan(world)
    [m] = bulk_members(world.cell_a, 1, status=MemberStatus.SUSPENDED,
                       date_of_birth=dt.date(1990, 1, 1))
    _refused(lambda: services.plan_candidate_add(actor=None, plan=plan, member=m),
             "đang bị đình chỉ sinh hoạt đảng")


@pytest.mark.parametrize(("born", "accepted"), [(dt.date(1962, 9, 30), False),
                                                (dt.date(1962, 10, 1), True)])
def test_the_age_for_reelection_in_2020_is_checked_at_30_months(world: World, born: dt.date,
                                                                accepted: bool) -> None:
    # Men retire at 60 in the 2020 table: born 9/1962 → 9/2022 = 29 months after 4/2020.
    plan = committee_plan(world)
    [m] = bulk_members(world.cell_a, 1, gender=Gender.MALE, date_of_birth=born)
    if accepted:
        row = services.plan_candidate_add(actor=None, plan=plan, member=m, reelection=True)
        assert row.pk is not None
    else:
        _refused(lambda: services.plan_candidate_add(actor=None, plan=plan, member=m,
                                                     reelection=True), "29 tháng", "30")


def test_a_planned_retirement_month_overrides_the_table(world: World) -> None:
    plan = committee_plan(world)
    [m] = bulk_members(world.cell_a, 1, gender=Gender.MALE, date_of_birth=dt.date(1985, 1, 1))
    _refused(lambda: services.plan_candidate_add(
        actor=None, plan=plan, member=m, retirement_month=dt.date(2025, 3, 1)), "59 tháng")


def test_a_member_of_another_organization_or_twice_is_refused(world: World) -> None:
    plan = committee_plan(world)
    _refused(lambda: services.plan_candidate_add(actor=None, plan=plan,
                                                 member=world.other_member), "không thuộc")
    [m] = bulk_members(world.cell_a, 1, date_of_birth=dt.date(1985, 1, 1))
    services.plan_candidate_add(actor=None, plan=plan, member=m)
    _refused(lambda: services.plan_candidate_add(actor=None, plan=plan, member=m), "đã có")


def _fill(world: World, plan: PersonnelPlan, *, women: int, total: int = 10) -> None:
    people = (bulk_members(world.cell_a, women, gender=Gender.FEMALE,
                           date_of_birth=dt.date(1985, 1, 1))
              + bulk_members(world.cell_b, total - women, gender=Gender.MALE,
                             date_of_birth=dt.date(1975, 1, 1)))
    for m in people:
        services.plan_candidate_add(actor=None, plan=plan, member=m)


def test_a_plan_that_meets_the_2020_targets_passes(world: World) -> None:
    plan = committee_plan(world)
    _fill(world, plan, women=2)
    view = plan_view(plan)
    assert view.report.passed, view.report.failures
    assert view.report.surplus.surplus == 1
    pdf = PdfReader(io.BytesIO(plan_pdf(view)))
    assert "đáp ứng các quy định" in "".join(p.extract_text() for p in pdf.pages)
    assert plan_docx(view)[:2] == b"PK"


def test_a_plan_short_of_women_fails_with_the_numbers(world: World) -> None:
    plan = committee_plan(world)
    _fill(world, plan, women=1)
    view = plan_view(plan)
    assert not view.report.passed
    assert view.report.failures == (
        "Tỷ lệ cán bộ nữ: 1/10, yêu cầu ≥ 15% (cần ≥ 2 người) — không đạt",)


def test_a_plan_without_a_surplus_fails_r_020(world: World) -> None:
    plan = committee_plan(world)
    _fill(world, plan, women=2, total=9)
    assert not plan_view(plan).report.surplus.ok


def test_a_delegates_plan_counts_alternates_and_flags_r_073(world: World) -> None:
    plan = committee_plan(world, kind="delegates", name="Đại biểu dự Đại hội cấp trên",
                          seats=3, alternates=1)
    people = bulk_members(world.cell_a, 5, date_of_birth=dt.date(1960, 1, 1))
    for m in people:
        services.plan_candidate_add(actor=None, plan=plan, member=m)  # no age rule for delegates
    from daihoi.roster.models import Member

    Member.objects.filter(pk=people[0].pk).update(status=MemberStatus.PROSECUTED)
    view = plan_view(plan)
    assert view.report.surplus.surplus == 1  # 5 names for 3 + 1 places
    assert "khởi tố" in view.rows[0].not_summoned
    assert not view.report.passed


def test_a_committee_plan_has_no_alternates(world: World) -> None:
    with pytest.raises(ServiceError, match="dự khuyết"):
        committee_plan(world, alternates=2)


def test_the_office_builds_a_plan_through_the_pages(client: Client, world: World) -> None:
    congress = delegates_congress(world.committee)
    assert client.login(username="office", password=PASSWORD)
    r = client.post(reverse("personnel:plan_list", args=[congress.pk]), {
        "kind": "committee", "name": "Phương án A", "term_rules": "2020-2025",
        "level": "grassroots", "seats": 9, "alternates": 0, "note": ""})
    plan = PersonnelPlan.objects.get(name="Phương án A")
    assert r["Location"] == reverse("personnel:plan_detail", args=[plan.pk])
    [young, prob] = bulk_members(world.cell_a, 2, date_of_birth=dt.date(1990, 1, 1))
    from daihoi.roster.models import Member

    Member.objects.filter(pk=prob.pk).update(full_member_on=None)
    url = reverse("personnel:plan_detail", args=[plan.pk])
    assert client.post(url, {"member": young.pk}).status_code == 302
    r = client.post(url, {"member": prob.pk})
    assert r.status_code == 422
    assert "dự bị" in r.content.decode()
    page = client.get(url).content.decode()
    assert young.full_name in page
    assert "Tỷ lệ cán bộ nữ" in page
    assert client.get(reverse("personnel:plan_docx", args=[plan.pk])).status_code == 200
    client.logout()
    assert client.login(username="outsider", password=PASSWORD)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(("kind", "sees"), [("personnel", True), ("documents", False)])
def test_the_personnel_sub_committee_works_on_plans_and_others_do_not(
        client: Client, world: World, kind: str, sees: bool) -> None:
    from daihoi.congress import services as congress_services

    plan = committee_plan(world)
    sub = congress_services.subcommittee_create(actor=None, congress=plan.congress, kind=kind,
                                                name="Tiểu ban")
    congress_services.subcommittee_member_add(actor=None, subcommittee=sub,
                                              member=world.member_a)
    assert client.login(username="member_a", password=PASSWORD)
    status = client.get(reverse("personnel:plan_detail", args=[plan.pk])).status_code
    assert status == (200 if sees else 404)
