"""The demo's personnel plans for the 10th Congress (term 2020–2025): the 9-seat executive
committee plan that meets the 2020–2025 targets, a variant that misses the women's target, and
the plan for the delegates to the district's 24th Congress. Deterministic and idempotent."""

from __future__ import annotations

from django.db import transaction

from daihoi.composition import check_candidate, load_term
from daihoi.congress.demo import committee_members
from daihoi.congress.models import Congress
from daihoi.personnel import services
from daihoi.personnel.models import PersonnelPlan, PlanKind, PlanLevel
from daihoi.personnel.selectors import as_candidate
from daihoi.roster.choices import Gender
from daihoi.roster.demo import COMMITTEE_CODE
from daihoi.roster.models import Member

TERM = "2020-2025"
GOOD_PLAN = "Phương án 1"
FAILING_PLAN = "Phương án 2 (thiếu cán bộ nữ)"
DELEGATES_PLAN = "Đại biểu dự Đại hội Đảng bộ huyện lần thứ XXIV"
SEATS = 9
LIST_SIZE = 10  # 9 seats + the prepared surplus of 1 (R-020: 10–15% of 9)


def _eligible(member: Member, *, reelection: bool) -> bool:
    return check_candidate(as_candidate(member, reelection=reelection), load_term(TERM),
                           level=PlanLevel.GRASSROOTS).eligible


def _young(member: Member) -> bool:
    return member.age_on(load_term(TERM).reference_for("grassroots").first_day()) < 40


def choose(congress: Congress, *, women_wanted: int) -> list[tuple[Member, bool]]:
    """(member, re-election) for a committee list: the outgoing members who may stand again,
    then women, one young member, then the rest, first-time, in roster order."""
    incumbents = [m for m in committee_members() if _eligible(m, reelection=True)][:5]
    taken = {m.pk for m in incumbents}
    pool = [m for m in Member.objects.filter(
        cell__path__startswith=congress.organization.path).order_by("pk")
        if m.pk not in taken and _eligible(m, reelection=False)]
    chosen: list[tuple[Member, bool]] = [(m, True) for m in incumbents]
    women = sum(1 for m in incumbents if m.gender == Gender.FEMALE)
    if women > women_wanted:
        chosen = [(m, r) for m, r in chosen if m.gender != Gender.FEMALE]
        women = 0
    for m in pool:
        if women >= women_wanted:
            break
        if m.gender == Gender.FEMALE:
            chosen.append((m, False))
            women += 1
    if not any(_young(m) for m, _ in chosen):
        young = next(m for m in pool if _young(m) and m.gender == Gender.MALE)
        chosen.append((young, False))
    picked = {m.pk for m, _ in chosen}
    for m in pool:
        if len(chosen) >= LIST_SIZE:
            break
        if m.pk not in picked and m.gender == Gender.MALE:
            chosen.append((m, False))
            picked.add(m.pk)
    return chosen[:LIST_SIZE]


def _plan(congress: Congress, *, kind: str, name: str, seats: int, alternates: int,
          people: list[tuple[Member, bool]], actor: object) -> PersonnelPlan:
    plan = PersonnelPlan.objects.filter(congress=congress, kind=kind, name=name).first()
    if plan is not None:
        return plan
    plan = services.plan_create(actor=actor, congress=congress, kind=kind, name=name,
                                term_rules=TERM, level=PlanLevel.GRASSROOTS, seats=seats,
                                alternates=alternates)
    for member, reelection in people:
        services.plan_candidate_add(actor=actor, plan=plan, member=member, reelection=reelection)
    return plan


@transaction.atomic
def build_demo_personnel(*, actor: object = None) -> list[PersonnelPlan]:
    congress = Congress.objects.get(organization__code=COMMITTEE_CODE, term_start=2020,
                                    part_of__isnull=True)
    good = _plan(congress, kind=PlanKind.COMMITTEE, name=GOOD_PLAN, seats=SEATS, alternates=0,
                 people=choose(congress, women_wanted=2), actor=actor)
    failing = _plan(congress, kind=PlanKind.COMMITTEE, name=FAILING_PLAN, seats=SEATS,
                    alternates=0, people=choose(congress, women_wanted=1), actor=actor)
    delegates_people = [(m, False) for m, _ in choose(congress, women_wanted=3)][:9]
    extra = list(Member.objects.filter(
        cell__path__startswith=congress.organization.path, full_member_on__isnull=False,
        status="active").order_by("-pk")[:3])
    delegates_people += [(m, False) for m in extra if m.pk not in {p.pk for p, _ in
                                                                   delegates_people}]
    delegates = _plan(congress, kind=PlanKind.DELEGATES, name=DELEGATES_PLAN, seats=10,
                      alternates=1, people=delegates_people[:12], actor=actor)
    return [good, failing, delegates]
