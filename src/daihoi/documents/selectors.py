"""Reads of the documents: the state of each document and the summary report of opinions
(báo cáo tổng hợp ý kiến), by section and by cell, with counts and the answers."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.utils.translation import ngettext

from daihoi.clock import LOCAL_TZ
from daihoi.congress.models import Congress
from daihoi.congress.selectors import TimelineEvent
from daihoi.documents.diffing import SectionDiff, SectionText, diff_versions
from daihoi.documents.models import (
    AWAITING_ANSWER,
    Answer,
    Distribution,
    Document,
    Opinion,
    Stance,
    Version,
    awaits_answer,
)
from daihoi.roster.models import Organization


@dataclass
class Counts:
    agree: int = 0
    disagree: int = 0
    partial: int = 0
    accepted: int = 0
    explained: int = 0
    noted: int = 0
    unanswered: int = 0  # opinions other than "agree" not answered yet

    @property
    def total(self) -> int:
        return self.agree + self.disagree + self.partial

    def add(self, stance: str, answer: str, n: int) -> None:
        setattr(self, stance, getattr(self, stance) + n)
        if answer:
            setattr(self, answer, getattr(self, answer) + n)
        elif awaits_answer(stance, answer):
            self.unanswered += n


#: A merged opinion lists the cells that gave it up to this many, then only their number.
CELLS_LISTED = 10


@dataclass
class GroupedOpinion:
    """Opinions with the same content on one section, merged (as a summary report does), with
    the sub-committee's answers to them."""

    stance: str
    reason: str
    proposed_text: str
    count: int = 0
    cells: list[str] = field(default_factory=list)
    #: (answer, response) → how many of the opinions got it; ("", "") counts the unanswered.
    answers: dict[tuple[str, str], int] = field(default_factory=dict)

    @property
    def stance_label(self) -> str:
        return str(Stance(self.stance).label)

    @property
    def cells_text(self) -> str:
        """The cells that gave it, or their number when there are many."""
        if len(self.cells) > CELLS_LISTED:
            n = len(self.cells)
            return ngettext("%(n)s chi bộ", "%(n)s chi bộ", n) % {"n": n}
        return ", ".join(self.cells)

    @property
    def answer_lines(self) -> list[tuple[str, int, str]]:
        """(answer label, how many, response), answered first, unanswered last."""
        items = sorted(self.answers.items(), key=lambda kv: (kv[0][0] == "", kv[0]))
        return [(str(Answer(a).label), n, r) for (a, r), n in items]


@dataclass
class SectionSummary:
    section_id: int
    position: int
    heading: str
    counts: Counts
    opinions: list[GroupedOpinion]
    level: int = 1  # 1: a part of the draft (a topic); 2 and more: a heading within it


@dataclass
class CellSummary:
    cell_id: int
    name: str
    counts: Counts
    members: int  # members who gave an opinion
    cell_meeting: bool  # the cell also gave its opinion after a cell meeting


@dataclass
class SummaryReport:
    document: Document
    version: Version | None
    sections: list[SectionSummary]
    cells: list[CellSummary]
    totals: Counts
    invited_cells: int


def summary_report(document: Document, version: Version | None = None) -> SummaryReport:
    """Counts by section and by cell from one grouped query; the content opinions grouped by
    identical text. Cost grows with the number of distinct opinions, not their total."""
    if version is None:
        version = document.versions.order_by("-number").first()
    sections = list(version.sections.order_by("position").values_list(
        "pk", "position", "heading", "level")) if version else []
    by_section = {pk: SectionSummary(pk, pos, heading, Counts(), [], level)
                  for pk, pos, heading, level in sections}
    cells = {c.pk: c for c in Organization.objects.filter(
        pk__in=Distribution.objects.filter(document=document).values("cell_id"))}
    opinions = Opinion.objects.filter(document=document, section__version=version)
    by_cell: dict[int, CellSummary] = {}
    totals = Counts()
    rows = opinions.values("section_id", "cell_id", "stance", "answer").annotate(
        n=Count("id"), members=Count("member_id", distinct=True),
        meetings=Count("id", filter=Q(member__isnull=True)))
    members_by_cell = dict(opinions.values("cell_id").annotate(
        m=Count("member_id", distinct=True)).values_list("cell_id", "m"))
    missing = {r["cell_id"] for r in rows} - set(cells)
    if missing:
        cells.update({c.pk: c for c in Organization.objects.filter(pk__in=missing)})
    for r in rows:
        n = r["n"]
        by_section[r["section_id"]].counts.add(r["stance"], r["answer"], n)
        cell = cells[r["cell_id"]]
        cs = by_cell.setdefault(cell.pk, CellSummary(cell.pk, cell.name, Counts(),
                                                     members_by_cell.get(cell.pk, 0), False))
        cs.counts.add(r["stance"], r["answer"], n)
        cs.cell_meeting = cs.cell_meeting or r["meetings"] > 0
        totals.add(r["stance"], r["answer"], n)
    groups: dict[tuple[int, str, str, str], GroupedOpinion] = {}
    content = opinions.exclude(stance=Stance.AGREE).order_by("section_id", "id").values_list(
        "section_id", "stance", "reason", "proposed_text", "answer", "response", "cell_id")
    cell_names = {pk: c.name for pk, c in cells.items()}
    for section_id, stance, reason, proposed, answer, response, cell_id in content.iterator(
            chunk_size=5000):
        key = (section_id, stance, reason, proposed)
        g = groups.get(key)
        if g is None:
            g = groups[key] = GroupedOpinion(stance, reason, proposed)
            by_section[section_id].opinions.append(g)
        g.count += 1
        name = cell_names[cell_id]
        if name not in g.cells:
            g.cells.append(name)
        akey = (answer, response if answer else "")
        g.answers[akey] = g.answers.get(akey, 0) + 1
    for cell_id, cell in cells.items():
        if cell_id not in by_cell:
            by_cell[cell_id] = CellSummary(cell_id, cell.name, Counts(), 0, False)
    ordered_cells = sorted(by_cell.values(), key=lambda c: (
        cells[c.cell_id].position, cells[c.cell_id].name))
    return SummaryReport(document, version, sorted(by_section.values(), key=lambda s: s.position),
                         ordered_cells, totals, len(cells))


@dataclass(frozen=True)
class Topic:
    """A part of the draft (a heading of the first level) with the headings under it: the
    summary report's grouping by topic."""

    heading: str
    counts: Counts
    sections: tuple[SectionSummary, ...]


def topics(report: SummaryReport) -> list[Topic]:
    """The draft's parts, each with the counts of its own heading and of those under it; a
    heading before the first part is a part of its own."""
    groups: list[list[SectionSummary]] = []
    for s in report.sections:
        if s.level <= 1 or not groups:
            groups.append([s])
        else:
            groups[-1].append(s)
    out = []
    for group in groups:
        counts = Counts()
        for s in group:
            for name in ("agree", "disagree", "partial", "accepted", "explained", "noted",
                         "unanswered"):
                setattr(counts, name, getattr(counts, name) + getattr(s.counts, name))
        out.append(Topic(group[0].heading, counts, tuple(group)))
    return out


#: The kinds of opinion in the order a trend names them.
KINDS = (Stance.AGREE, Stance.PARTIAL, Stance.DISAGREE)


def trend(counts: Counts) -> list[tuple[str, int]]:
    """(kind of opinion, how many) from the most to the fewest, the kinds without any left
    out; ties in the order of :data:`KINDS`."""
    pairs = [(str(k.value), int(getattr(counts, str(k.value)))) for k in KINDS]
    return sorted(((k, n) for k, n in pairs if n), key=lambda kn: -kn[1])


#: At most this many minority opinions quoted for one heading (the most given first).
MINORITY_QUOTED = 5


def minority_opinions(section: SectionSummary) -> list[GroupedOpinion]:
    """The opinions of a kind that fewer than half of the heading's opinions share, with a
    content to quote (a reason or a proposed text): the most given first, at most
    :data:`MINORITY_QUOTED`."""
    total = section.counts.total
    if not total:
        return []
    minority = {str(k.value) for k in KINDS if 0 < getattr(section.counts, str(k.value)) * 2
                < total}
    quoted = [g for g in section.opinions if g.stance in minority
              and (g.reason.strip() or g.proposed_text.strip())]
    return sorted(quoted, key=lambda g: -g.count)[:MINORITY_QUOTED]


#: The summary of the opinions given at the congress reaches the higher committee within
#: this many days after the congress.
DAYS_DUE_AFTER_CONGRESS = 10


def summary_due(congress: Any) -> dt.date | None:
    """The day the summary report is due to the higher committee: 10 days after the
    congress closes (after it opens when no closing is set); None before any date is set."""
    at: dt.datetime | None = congress.closes_at or congress.opens_at
    if at is None:
        return None
    return at.astimezone(LOCAL_TZ).date() + dt.timedelta(days=DAYS_DUE_AFTER_CONGRESS)


@dataclass(frozen=True)
class Due:
    """The summary report's due day, as the office dashboard shows it: ``days`` left (0: today,
    negative: overdue by that many)."""

    day: dt.date
    days: int

    @property
    def overdue(self) -> int:
        return max(0, -self.days)


def summary_due_state(congress: Any, today: dt.date) -> Due | None:
    due = summary_due(congress)
    return Due(due, (due - today).days) if due is not None else None


@dataclass
class DocumentState:
    document: Document
    versions: int
    sections: int
    invited_cells: int
    opinions: int
    unanswered: int


def document_states(documents: list[Document]) -> list[DocumentState]:
    """Where every document stands, in four queries whatever the number of documents."""
    ids = [d.pk for d in documents]
    latest = dict(Version.objects.filter(document_id__in=ids).values("document_id").annotate(
        n=Max("number")).values_list("document_id", "n"))
    sections: dict[int, int] = {}
    for doc_id, number, s in Version.objects.filter(document_id__in=ids).annotate(
            s=Count("sections")).values_list("document_id", "number", "s"):
        if latest.get(doc_id) == number:
            sections[doc_id] = s
    invited = dict(Distribution.objects.filter(document_id__in=ids).values("document_id")
                   .annotate(n=Count("id")).values_list("document_id", "n"))
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for doc_id, n, pending in Opinion.objects.filter(document_id__in=ids).values(
            "document_id").annotate(n=Count("id"), p=Count("id", filter=AWAITING_ANSWER)
                                    ).values_list("document_id", "n", "p"):
        counts[doc_id] = [n, pending]
    return [DocumentState(d, latest.get(d.pk, 0), sections.get(d.pk, 0), invited.get(d.pk, 0),
                          counts[d.pk][0], counts[d.pk][1]) for d in documents]


def deadline_events(congress: Congress, today: dt.date) -> list[TimelineEvent]:
    """The deadlines for opinions on the congress's documents, one event per deadline and
    document with the number of cells invited (for the preparation's timeline)."""
    by_deadline: dict[tuple[dt.date, str], int] = defaultdict(int)
    for dist in Distribution.objects.filter(document__congress=congress).select_related(
            "document"):
        by_deadline[(dist.deadline.astimezone(LOCAL_TZ).date(), dist.document.title)] += 1
    return [TimelineEvent(on, "document", ngettext(
        "Hạn góp ý “%(title)s” (%(n)s chi bộ)", "Hạn góp ý “%(title)s” (%(n)s chi bộ)", n)
        % {"title": title, "n": n}, on < today, False)
        for (on, title), n in by_deadline.items()]


def version_diff(old: Version, new: Version) -> list[SectionDiff]:
    def texts(v: Version) -> list[SectionText]:
        return [SectionText(h, b) for h, b in v.sections.order_by("position").values_list(
            "heading", "body")]

    return diff_versions(texts(old), texts(new))


@dataclass(frozen=True)
class OpinionRow:
    """One opinion as a section page shows it: plain values, formatted once in Python (a page
    may list a thousand of them)."""

    pk: int
    who: str
    by_cell: bool
    cell_name: str
    submitted: str
    stance: str
    stance_label: str
    reason: str
    proposed_text: str
    answer: str
    answer_label: str
    response: str
    answer_url: str


def opinion_rows(opinions: QuerySet[Opinion]) -> list[OpinionRow]:
    """The rows of ``opinions`` in one query, without building model instances."""
    from django.urls import reverse

    url = reverse("documents:answer", args=[999999999])
    stances = dict(Stance.choices)
    answers = dict(Answer.choices)
    rows = []
    for (pk, family, middle, given, cell_name, submitted, stance, reason, proposed, answer,
         response, member_id) in opinions.order_by("id").values_list(
            "pk", "member__family_name", "member__middle_name", "member__given_name",
            "cell__name", "submitted_at", "stance", "reason", "proposed_text", "answer",
            "response", "member_id"):
        who = " ".join(p for p in (family, middle, given) if p) if member_id else ""
        rows.append(OpinionRow(
            pk, who, member_id is None, cell_name,
            submitted.astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M"), stance,
            str(stances[stance]), reason, proposed, answer, str(answers[answer]), response,
            url.replace("999999999", str(pk))))
    return rows
