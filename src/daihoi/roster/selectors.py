"""Reads of the roster: counts per organization, composition, member search."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.paginator import Page, Paginator
from django.db.models import Case, CharField, Count, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Concat
from django.db.models.lookups import Contains
from django.utils.translation import gettext

from daihoi.collation import fold
from daihoi.composition.credentials import AGE_BANDS
from daihoi.roster.choices import (
    LEFT_STATUSES,
    Gender,
    MemberStatus,
    OrgKind,
    Qualification,
    TheoryLevel,
)
from daihoi.roster.models import Agency, Member, Organization

if TYPE_CHECKING:
    pass


def on_roll(qs: QuerySet[Member]) -> QuerySet[Member]:
    """Members still on the roll (not transferred out, not deceased)."""
    return qs.exclude(status__in=LEFT_STATUSES)


def subtree_ids(org: Organization) -> list[int]:
    """Primary keys of ``org`` and every organization below it."""
    return list(Organization.objects.filter(path__startswith=org.path).values_list("pk", flat=True))


def members_of(org: Organization) -> QuerySet[Member]:
    """Members on the roll of ``org`` and every organization below it."""
    return on_roll(Member.objects.filter(cell_id__in=subtree_ids(org)))


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

    # each organization's own counts, then added into its parent's, children first (a child's
    # path extends its parent's, so reverse path order visits every subtree before its root)
    totals = {o.pk: [1 if o.kind == OrgKind.CELL else 0, own_full[o.pk], own_prob[o.pk],
                     own_agencies[o.pk]] for o in org_list}
    for org in sorted(org_list, key=lambda o: o.path, reverse=True):
        parent = totals.get(org.parent_id) if org.parent_id is not None else None
        if parent is not None:
            for i, n in enumerate(totals[org.pk]):
                parent[i] += n
    result: list[OrgStats] = []
    for org in org_list:
        cells, full, prob, agencies = totals[org.pk]
        result.append(
            OrgStats(
                code=org.code,
                name=org.name,
                kind=org.kind,
                parent=org.parent.code if org.parent else None,
                depth=org.depth,
                cells=cells,
                members=full + prob,
                full_members=full,
                probationary=prob,
                agencies=agencies,
            )
        )
    return result


#: The composition charts' age bands are the product's one set, the credentials report's
#: (``composition.credentials.AGE_BANDS``: label, lowest age, highest age or None). The pure
#: package has no gettext: the labels' English is in django.po, entered by hand.


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
    political theory and status, from one grouped query (served by the ``member_stats``
    covering index) whatever the size of the roster."""
    whens = []
    for band, (_label, _lowest, upper_age) in enumerate(AGE_BANDS):
        if upper_age is None:
            break
        whens.append(When(date_of_birth__gt=_birth_bound(on, upper_age), then=Value(band)))
    age_band = Case(*whens, default=Value(len(AGE_BANDS) - 1), output_field=IntegerField())
    rows = (
        members_of(org)
        .annotate(age_band=age_band, probationary=Q(full_member_on__isnull=True))
        .values_list(
            "gender", "age_band", "ethnicity", "qualification", "political_theory", "status",
            "probationary",
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    counters: list[Counter[Any]] = [Counter() for _ in range(7)]
    total = 0
    for *keys, n in rows:
        total += n
        for counter, key in zip(counters, keys, strict=True):
            counter[key] += n
    gender, ages, eth, qual, theory, status, probationary = counters
    return Composition(
        total=total,
        full_members=total - probationary[True],
        probationary=probationary[True],
        gender=[(str(g.label), gender[g.value]) for g in Gender],
        age_bands=[(gettext(label), ages[i]) for i, (label, _, _) in enumerate(AGE_BANDS)],
        ethnicity=sorted(eth.items(), key=lambda kv: (-kv[1], kv[0])),
        qualification=[(str(q.label), qual[q.value]) for q in reversed(Qualification)],
        political_theory=[(str(t.label), theory[t.value]) for t in reversed(TheoryLevel)],
        status=[(str(s.label), status[s.value]) for s in MemberStatus if status[s.value]],
    )


#: A search longer than this is cut: no name is longer, and a pasted page is not a name.
SEARCH_MAX_LENGTH = 100


def name_match_rank(query: str, *, prefix: str = "") -> Case:
    """How well a person's name matches ``query``, best first: 0 the words as typed, with
    their diacritics, are whole words of the name ("Ánh" finds Ánh); 1 the same words without
    diacritics (Anh, Ảnh); 2 the text as typed is inside the name; 3 inside it without
    diacritics (Thanh, Oanh, Hạnh). ``prefix`` reaches the member through a relation
    (``"member__"``)."""
    typed = unicodedata.normalize("NFC", " ".join(query.split()))
    capitalized = " ".join(w.capitalize() for w in typed.split())
    folded = fold(typed)
    name = Concat(Value(" "), F(f"{prefix}family_name"), Value(" "), F(f"{prefix}middle_name"),
                  Value(" "), F(f"{prefix}given_name"), Value(" "), output_field=CharField())
    folded_name = Concat(Value(" "), F(f"{prefix}search_text"), Value(" "),
                         output_field=CharField())
    return Case(
        When(Contains(name, Value(f" {capitalized} ")), then=Value(0)),
        When(Contains(folded_name, Value(f" {folded} ")), then=Value(1)),
        When(Contains(name, Value(capitalized)) | Contains(name, Value(typed)), then=Value(2)),
        default=Value(3), output_field=IntegerField(),
    )


def search_members(qs: QuerySet[Member], query: str) -> QuerySet[Member]:
    """Filter by name (with or without diacritics) or card number, the best matches first
    (:func:`name_match_rank`; :func:`paginate_members` orders by it)."""
    query = query.strip()[:SEARCH_MAX_LENGTH]
    if not query:
        return qs
    folded = fold(query)
    cond = Q(search_text__contains=folded)
    if any(ch.isdigit() for ch in query):
        cond |= Q(card_number__startswith=query)
    return qs.filter(cond).annotate(search_rank=name_match_rank(query))


def paginate_members(qs: QuerySet[Member], page_number: Any, *, per_page: int) -> Page[Member]:
    """A page of ``qs`` in Vietnamese name order. The count and the page's ids come from the
    ``member_list`` covering index; only the page's rows are then read in full. A search
    (:func:`search_members`) puts its best matches first."""
    order = ("search_rank", "sort_key", "pk") if "search_rank" in qs.query.annotations else (
        "sort_key", "pk")
    ids = qs.order_by(*order).values_list("pk", flat=True)
    page = Paginator(ids, per_page).get_page(page_number)
    page_ids = list(page.object_list)
    by_pk = Member.objects.select_related("cell", "agency").in_bulk(page_ids)
    page.object_list = [by_pk[pk] for pk in page_ids]  # type: ignore[misc]  # the page of ids becomes a page of rows
    return page  # type: ignore[return-value]  # Page[int] now holds Members
