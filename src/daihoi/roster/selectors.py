"""Reads of the roster: counts per organization, composition, member search."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from daihoi.collation import fold
from daihoi.roster.choices import (
    LEFT_STATUSES,
    Gender,
    MemberStatus,
    OrgKind,
    Qualification,
    TheoryLevel,
)
from daihoi.roster.models import Agency, Member, Organization


def on_roll(qs: QuerySet[Member]) -> QuerySet[Member]:
    """Members still on the roll (not transferred out, not deceased)."""
    return qs.exclude(status__in=LEFT_STATUSES)


def members_of(org: Organization) -> QuerySet[Member]:
    """Members on the roll of ``org`` and every organization below it."""
    return on_roll(Member.objects.filter(cell__path__startswith=org.path))


def tree_order(orgs: list[Organization]) -> list[Organization]:
    """``orgs`` depth-first, siblings by position then name."""
    by_pk = {o.pk: o for o in orgs}

    def key(org: Organization) -> list[tuple[int, str]]:
        chain = [by_pk.get(int(pk)) for pk in org.path.strip("/").split("/")]
        return [(o.position, o.name) if o else (0, "") for o in chain]

    return sorted(orgs, key=key)


@dataclass
class OrgStats:
    code: str
    name: str
    kind: str
    parent: str | None
    depth: int
    cells: int = 0
    members: int = 0
    full_members: int = 0
    probationary: int = 0
    agencies: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def organization_stats(root: Organization | None = None) -> list[OrgStats]:
    """Per organization (``root`` and below, or all): cells, members (full and probationary)
    and agencies, each counted over the organization's whole subtree."""
    orgs = Organization.objects.select_related("parent").order_by("path")
    if root is not None:
        orgs = orgs.filter(path__startswith=root.path)
    org_list = tree_order(list(orgs))
    own_full: dict[int, int] = defaultdict(int)
    own_prob: dict[int, int] = defaultdict(int)
    member_rows = (
        on_roll(Member.objects.filter(cell__in=[o.pk for o in org_list]))
        .values("cell_id")
        .annotate(
            full=Count("pk", filter=Q(full_member_on__isnull=False)),
            prob=Count("pk", filter=Q(full_member_on__isnull=True)),
        )
    )
    for row in member_rows:
        own_full[row["cell_id"]] = row["full"]
        own_prob[row["cell_id"]] = row["prob"]
    own_agencies: dict[int, int] = defaultdict(int)
    for org_id, n in Agency.objects.values_list("organization_id").annotate(n=Count("pk")):
        own_agencies[org_id] = n

    result: list[OrgStats] = []
    for org in org_list:
        subtree = [o for o in org_list if o.path.startswith(org.path)]
        full = sum(own_full[o.pk] for o in subtree)
        prob = sum(own_prob[o.pk] for o in subtree)
        result.append(
            OrgStats(
                code=org.code,
                name=org.name,
                kind=org.kind,
                parent=org.parent.code if org.parent else None,
                depth=org.depth,
                cells=sum(1 for o in subtree if o.kind == OrgKind.CELL),
                members=full + prob,
                full_members=full,
                probationary=prob,
                agencies=sum(own_agencies[o.pk] for o in subtree),
            )
        )
    return result


#: Age bands of the composition charts (upper bound inclusive; None = no upper bound).
AGE_BANDS: tuple[tuple[str, int | None], ...] = (
    ("Dưới 31", 30),
    ("31–40", 40),
    ("41–50", 50),
    ("51–60", 60),
    ("Trên 60", None),
)


@dataclass
class Composition:
    total: int
    full_members: int
    probationary: int
    gender: list[tuple[str, int]] = field(default_factory=list)
    age_bands: list[tuple[str, int]] = field(default_factory=list)
    ethnicity: list[tuple[str, int]] = field(default_factory=list)
    qualification: list[tuple[str, int]] = field(default_factory=list)
    political_theory: list[tuple[str, int]] = field(default_factory=list)
    status: list[tuple[str, int]] = field(default_factory=list)


def _birth_bound(on: dt.date, years: int) -> dt.date:
    """People born after this date are at most ``years`` old on ``on``."""
    try:
        return on.replace(year=on.year - years - 1)
    except ValueError:  # 29 February
        return on.replace(year=on.year - years - 1, day=28)


def composition(org: Organization, *, on: dt.date) -> Composition:
    """The composition of ``org``'s members on the roll: gender, age, ethnicity, education,
    political theory and status. Four aggregate queries whatever the size of the roster."""
    qs = members_of(org)
    age_aggs: dict[str, Any] = {}
    lower: dt.date | None = None  # born after
    for i, (_label, upper_age) in enumerate(AGE_BANDS):
        cond = Q()
        if upper_age is not None:
            cond &= Q(date_of_birth__gt=_birth_bound(on, upper_age))
        if lower is not None:
            cond &= Q(date_of_birth__lte=lower)
        age_aggs[f"age{i}"] = Count("pk", filter=cond)
        lower = _birth_bound(on, upper_age) if upper_age is not None else None
    totals = qs.aggregate(
        total=Count("pk"),
        full=Count("pk", filter=Q(full_member_on__isnull=False)),
        male=Count("pk", filter=Q(gender=Gender.MALE)),
        female=Count("pk", filter=Q(gender=Gender.FEMALE)),
        **age_aggs,
    )

    def grouped(field_name: str) -> dict[str, int]:
        return {
            row[field_name]: row["n"]
            for row in qs.values(field_name).annotate(n=Count("pk")).order_by()
        }

    eth = grouped("ethnicity")
    qual = grouped("qualification")
    theory = grouped("political_theory")
    status = grouped("status")
    return Composition(
        total=totals["total"],
        full_members=totals["full"],
        probationary=totals["total"] - totals["full"],
        gender=[
            (str(Gender.MALE.label), totals["male"]),
            (str(Gender.FEMALE.label), totals["female"]),
        ],
        age_bands=[(label, totals[f"age{i}"]) for i, (label, _) in enumerate(AGE_BANDS)],
        ethnicity=sorted(eth.items(), key=lambda kv: (-kv[1], kv[0])),
        qualification=[(str(q.label), qual.get(q.value, 0)) for q in reversed(Qualification)],
        political_theory=[(str(t.label), theory.get(t.value, 0)) for t in reversed(TheoryLevel)],
        status=[(str(s.label), status[s.value]) for s in MemberStatus if s.value in status],
    )


def search_members(qs: QuerySet[Member], query: str) -> QuerySet[Member]:
    """Filter by name (with or without diacritics) or card number."""
    query = query.strip()
    if not query:
        return qs
    folded = fold(query)
    cond = Q(search_text__contains=folded)
    if any(ch.isdigit() for ch in query):
        cond |= Q(card_number__startswith=query)
    return qs.filter(cond)
