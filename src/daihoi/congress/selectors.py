"""Reads of the preparation: the cell-congress dashboard, responsibilities, the timeline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext

from daihoi import clock
from daihoi.clock import LOCAL_TZ
from daihoi.congress import slots
from daihoi.congress.models import (
    CellCongressResult,
    Congress,
    CongressStatus,
    PilotLesson,
    ResultRole,
    Task,
    TaskStatus,
)
from daihoi.roster.models import Member


def congress_day(congress: Congress) -> dt.date:
    """The day of the congress: the day its official session opens, else its preparatory
    session's, else today (a congress not scheduled yet). Every rule "on the day of the
    congress" (who is a full member, statuses, ages in the credentials report) reads it."""
    at = congress.opens_at or congress.preparatory_session_at
    return at.astimezone(LOCAL_TZ).date() if at else clock.today()


def is_late(cell_congress: Congress, today: dt.date) -> bool:
    """Late: the date set has passed and the results are still not submitted, or no date set
    within a week of the committee's own congress."""
    if cell_congress.status == CongressStatus.RESULTS_SUBMITTED:
        return False
    if cell_congress.opens_at is not None:
        return cell_congress.opens_at.astimezone(LOCAL_TZ).date() < today
    parent = cell_congress.part_of
    if parent is not None and parent.opens_at is not None:
        return parent.opens_at.astimezone(LOCAL_TZ).date() - dt.timedelta(days=7) < today
    return False


@dataclass
class CellRow:
    congress: Congress
    late: bool
    secretary: str
    delegates: int


@dataclass
class CellProgress:
    rows: list[CellRow]
    total: int
    held: int
    submitted: int
    late: int
    pilot: Congress | None
    delegates: int


def cell_progress(congress: Congress, today: dt.date) -> CellProgress:
    """The 21 cell congresses with their status, the pilot first, in three queries."""
    cells = list(
        Congress.objects.filter(part_of=congress).select_related("organization", "part_of")
        .annotate(n_delegates=Count("results", filter=Q(results__role=ResultRole.DELEGATE)))
        .order_by("-is_pilot", "opens_at", "organization__position", "organization__name")
    )
    names = {
        r.congress_id: r.member.full_name
        for r in CellCongressResult.objects.filter(
            congress__part_of=congress, role=ResultRole.SECRETARY).select_related("member")
    }
    rows = [CellRow(c, is_late(c, today), names.get(c.pk, ""), c.n_delegates)
            for c in cells]
    return CellProgress(
        rows=rows,
        total=len(rows),
        held=sum(1 for r in rows if r.congress.status != CongressStatus.PLANNED),
        submitted=sum(1 for r in rows if r.congress.status == CongressStatus.RESULTS_SUBMITTED),
        late=sum(1 for r in rows if r.late),
        pilot=next((c for c in cells if c.is_pilot), None),
        delegates=sum(r.delegates for r in rows),
    )


def pilot_lessons(congress: Congress) -> list[PilotLesson]:
    """The pilot congress's lessons, for a committee congress or any of its cell congresses."""
    root = congress.part_of if congress.part_of_id else congress
    return list(PilotLesson.objects.filter(congress__part_of=root, congress__is_pilot=True)
                .order_by("topic", "id"))


def delegates_of(congress: Congress) -> list[Member]:
    """The delegates the cell congresses sent to ``congress`` (read by the Personnel issue)."""
    ids = CellCongressResult.objects.filter(
        congress__part_of=congress, role=ResultRole.DELEGATE).values("member_id")
    return list(Member.objects.filter(pk__in=ids).select_related("cell").order_by("sort_key"))


@dataclass
class Responsibilities:
    member: Member | None
    tasks: list[Task] = field(default_factory=list)

    @property
    def open_count(self) -> int:
        return sum(1 for t in self.tasks if t.status != TaskStatus.DONE)


def responsibilities(congress: Congress) -> list[Responsibilities]:
    """Each committee member's assigned tasks (to direct, to implement, to prepare)."""
    by_owner: dict[int | None, Responsibilities] = {}
    for t in Task.objects.filter(congress=congress).select_related("owner", "subcommittee") \
            .order_by("deadline", "id"):
        entry = by_owner.setdefault(t.owner_id, Responsibilities(t.owner))
        entry.tasks.append(t)
    return sorted(by_owner.values(), key=lambda r: (r.member is None,
                                                     r.member.sort_key if r.member else ""))


@dataclass(frozen=True)
class TimelineEvent:
    on: dt.date
    kind: str
    title: str
    done: bool
    overdue: bool


def timeline(congress: Congress, today: dt.date) -> list[TimelineEvent]:
    """Every dated step of the preparation, in order."""
    events: list[TimelineEvent] = []
    for c in Congress.objects.filter(part_of=congress).select_related("organization"):
        if c.opens_at is not None:
            done = c.status != CongressStatus.PLANNED
            events.append(TimelineEvent(
                c.opens_at.astimezone(LOCAL_TZ).date(), "cell",
                (gettext("Đại hội %(cell)s (đại hội điểm)") if c.is_pilot
                 else gettext("Đại hội %(cell)s")) % {"cell": c.organization.name},
                done, not done and is_late(c, today)))
    for t in Task.objects.filter(congress=congress).select_related("owner"):
        title = (gettext("Hạn: %(task)s — %(owner)s") % {
            "task": t.title, "owner": t.owner.full_name} if t.owner
            else gettext("Hạn: %(task)s") % {"task": t.title})
        events.append(TimelineEvent(t.deadline, "task", title,
                                    t.status == TaskStatus.DONE, t.is_overdue(today)))
    events.extend(slots.document_events(congress, today))
    for label, at in ((gettext("Phiên trù bị"), congress.preparatory_session_at),
                      (gettext("Khai mạc Đại hội"), congress.opens_at)):
        if at is not None:
            d = at.astimezone(LOCAL_TZ).date()
            events.append(TimelineEvent(d, "congress", label, d < today, False))
    return sorted(events, key=lambda e: (e.on, e.kind, e.title))
