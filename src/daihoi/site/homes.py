"""What each role finds on its home page, put together from the apps' own selectors and access
rules (no rule is written a second time here): the office's congress dashboard, the documents
sub-committee's queue of opinions, the counting board's rounds and desks, a member's drafts and
opinions, a cell secretary's congress, list and tasks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Min, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from daihoi.clock import LOCAL_TZ
from daihoi.congress.access import sits_on_documents_subcommittee
from daihoi.congress.models import Congress, CongressStatus, Task, TaskStatus
from daihoi.congress.selectors import CellProgress, cell_progress
from daihoi.documents.access import congress_role
from daihoi.documents.models import (
    ANSWERED,
    AWAITING_ANSWER,
    Distribution,
    Document,
    DocumentStatus,
    Opinion,
)
from daihoi.documents.selectors import DocumentState, document_states
from daihoi.roster.access import Scope, scope_for
from daihoi.roster.models import Organization

#: A task or a deadline this many days ahead counts as "due" on the dashboard.
DUE_WITHIN_DAYS = 7


def _local_date(at: dt.datetime) -> dt.date:
    return at.astimezone(LOCAL_TZ).date()


# --- the office: a congress dashboard -------------------------------------------------------


@dataclass
class DocumentRow:
    state: DocumentState
    first_deadline: dt.datetime | None
    last_deadline: dt.datetime | None
    cells_without_opinion: int


@dataclass
class Readiness:
    plans: list[tuple[Any, bool, int]]  # (plan, passed, failures)
    summoned: int
    reserve: int
    replaced: int
    not_summoned: int
    sessions: int
    credentials_concluded: bool


@dataclass
class OfficeDashboard:
    congress: Congress
    org: Organization
    phase: str
    days_to: int | None
    progress: CellProgress
    overdue: list[Task]
    due: list[Task]
    documents: list[DocumentRow]
    readiness: Readiness
    blockers: list[str] = field(default_factory=list)

    @property
    def days_since(self) -> int:
        return -self.days_to if self.days_to is not None else 0


def office_congress(scope: Scope) -> Congress | None:
    """The committee congress the office prepares: of the organizations it administers, the
    one not yet held with the latest term (else the latest one)."""
    if not scope.admin_orgs:
        return None
    qs = Congress.objects.filter(organization__in=scope.admin_orgs, part_of__isnull=True) \
        .select_related("organization")
    return (qs.filter(status=CongressStatus.PLANNED).order_by("-term_start", "pk").first()
            or qs.order_by("-term_start", "pk").first())


def phase_of(congress: Congress, progress: CellProgress, today: dt.date) -> str:
    if congress.status != CongressStatus.PLANNED:
        return str(congress.get_status_display())
    opens = _local_date(congress.opens_at) if congress.opens_at else None
    closes = _local_date(congress.closes_at) if congress.closes_at else opens
    if opens is not None and closes is not None and opens <= today <= closes:
        return _("Đại hội đang diễn ra")
    if opens is not None and today > closes:  # type: ignore[operator]  # closes set with opens
        return _("Đã qua ngày đại hội, chưa ghi đã tổ chức")
    if progress.total and progress.submitted < progress.total:
        return _("Đại hội chi bộ: %(done)s/%(total)s chi bộ đã báo cáo kết quả") % {
            "done": progress.submitted, "total": progress.total}
    return _("Chuẩn bị đại hội")


def _document_rows(congress: Congress) -> list[DocumentRow]:
    documents = list(Document.objects.filter(congress=congress).order_by("created_at", "pk"))
    states = document_states(documents)
    deadlines = {d["document_id"]: d for d in Distribution.objects.filter(
        document__congress=congress).values("document_id").annotate(
            first=Min("deadline"), last=Max("deadline"), n=Count("id"))}
    answered_cells = dict(Opinion.objects.filter(document__congress=congress).values(
        "document_id").annotate(n=Count("cell_id", distinct=True)).values_list(
            "document_id", "n"))
    rows = []
    for s in states:
        d = deadlines.get(s.document.pk)
        rows.append(DocumentRow(
            s, d["first"] if d else None, d["last"] if d else None,
            (d["n"] - answered_cells.get(s.document.pk, 0)) if d else 0))
    return rows


def _readiness(congress: Congress) -> Readiness:
    from daihoi.delegates.models import (
        AttendanceSession,
        CredentialsConclusion,
        Delegate,
        DelegateStatus,
    )
    from daihoi.personnel.models import PersonnelPlan
    from daihoi.personnel.selectors import plan_view

    plans = []
    for plan in PersonnelPlan.objects.filter(congress=congress).order_by("kind", "pk"):
        report = plan_view(plan).report
        plans.append((plan, report.passed, len(report.failures)))
    by_status = dict(Delegate.objects.filter(congress=congress).values("status").annotate(
        n=Count("id")).values_list("status", "n"))
    return Readiness(
        plans=plans,
        summoned=by_status.get(DelegateStatus.SUMMONED, 0),
        reserve=by_status.get(DelegateStatus.RESERVE, 0),
        replaced=by_status.get(DelegateStatus.REPLACED, 0),
        not_summoned=by_status.get(DelegateStatus.NOT_SUMMONED, 0),
        sessions=AttendanceSession.objects.filter(congress=congress).count(),
        credentials_concluded=CredentialsConclusion.objects.filter(congress=congress).exists(),
    )


def _blockers(congress: Congress, progress: CellProgress, overdue: list[Task],
              documents: list[DocumentRow], readiness: Readiness) -> list[str]:
    """What still stands between today and the congress day, each in one sentence, from the
    apps' own checks."""
    from daihoi.delegates.services import issues_before_import_from_cells
    from daihoi.elections.models import Election
    from daihoi.elections.selectors import board_issues

    out: list[str] = []
    if congress.opens_at is None:
        out.append(_("Chưa ấn định ngày khai mạc đại hội."))
    missing = progress.total - progress.submitted
    if missing:
        out.append(ngettext("%(n)s chi bộ chưa báo cáo kết quả đại hội chi bộ.",
                            "%(n)s chi bộ chưa báo cáo kết quả đại hội chi bộ.", missing)
                   % {"n": missing})
    out.extend(issues_before_import_from_cells(congress))
    if overdue:
        out.append(ngettext("%(n)s nhiệm vụ chuẩn bị đã quá hạn.",
                            "%(n)s nhiệm vụ chuẩn bị đã quá hạn.", len(overdue))
                   % {"n": len(overdue)})
    for row in documents:
        if row.state.document.status != DocumentStatus.FINALIZED:
            out.append(_("Văn kiện “%(title)s” chưa hoàn thiện.") % {
                "title": row.state.document.title})
    for plan, passed, failures in readiness.plans:
        if not passed:
            out.append(ngettext("Đề án nhân sự “%(name)s”: %(n)s tiêu chí chưa đạt.",
                                "Đề án nhân sự “%(name)s”: %(n)s tiêu chí chưa đạt.", failures)
                       % {"name": plan.name, "n": failures})
    if not readiness.summoned:
        out.append(_("Chưa có danh sách đại biểu được triệu tập."))
    if not readiness.sessions:
        out.append(_("Chưa tạo phiên điểm danh."))
    if not readiness.credentials_concluded:
        out.append(_("Ban Thẩm tra tư cách đại biểu chưa có kết luận."))
    for election in Election.objects.filter(congress=congress).order_by("position", "pk"):
        for issue in board_issues(election):
            out.append(f"{election.title}: {issue}")
    return out


def office_dashboard(user: Any, today: dt.date) -> OfficeDashboard | None:
    congress = office_congress(scope_for(user))
    if congress is None:
        return None
    progress = cell_progress(congress, today)
    tasks = list(Task.objects.filter(congress=congress).exclude(status=TaskStatus.DONE)
                 .select_related("owner").order_by("deadline", "pk"))
    overdue = [t for t in tasks if t.is_overdue(today)]
    due = [t for t in tasks if not t.is_overdue(today)
           and t.deadline <= today + dt.timedelta(days=DUE_WITHIN_DAYS)]
    documents = _document_rows(congress)
    readiness = _readiness(congress)
    days_to = ((_local_date(congress.opens_at) - today).days
               if congress.opens_at is not None else None)
    return OfficeDashboard(
        congress=congress, org=congress.organization,
        phase=phase_of(congress, progress, today), days_to=days_to, progress=progress,
        overdue=overdue, due=due, documents=documents, readiness=readiness,
        blockers=_blockers(congress, progress, overdue, documents, readiness))


# --- the documents sub-committee: the queue of opinions to answer ---------------------------


def reviewed_congresses(user: Any) -> list[Congress]:
    """The committee congresses on whose documents sub-committee the user sits."""
    return [c for c in Congress.objects.filter(part_of__isnull=True).select_related(
        "organization").order_by("-term_start", "pk")
        if sits_on_documents_subcommittee(user, c)]


def answering_congresses(user: Any) -> list[Congress]:
    """The congresses whose opinions the user may answer (documents sub-committee or office:
    the documents app's own rule)."""
    return [c for c in Congress.objects.filter(part_of__isnull=True).select_related(
        "organization").order_by("-term_start", "pk") if congress_role(user, c) is not None]


def unanswered(congresses: list[Congress]) -> QuerySet[Opinion]:
    """Opinions waiting for an answer (every stance but "agree" needs one), oldest first."""
    return (Opinion.objects.filter(AWAITING_ANSWER, document__congress__in=congresses)
            .select_related("document", "section", "cell", "member")
            .order_by("submitted_at", "pk"))


@dataclass
class QueueFilter:
    document: int | None
    section: int | None
    cell: int | None


def _int_or_none(value: str | None) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 10 else None


def queue_filter(params: Any) -> QueueFilter:
    return QueueFilter(_int_or_none(params.get("van_kien")), _int_or_none(params.get("phan")),
                       _int_or_none(params.get("chi_bo")))


def filtered_queue(qs: QuerySet[Opinion], f: QueueFilter) -> QuerySet[Opinion]:
    if f.document is not None:
        qs = qs.filter(document_id=f.document)
    if f.section is not None:
        qs = qs.filter(section_id=f.section)
    if f.cell is not None:
        qs = qs.filter(cell_id=f.cell)
    return qs


@dataclass
class QueueChoices:
    documents: list[tuple[int, str, int]]
    sections: list[tuple[int, str, int]]
    cells: list[tuple[int, str, int]]


def queue_choices(qs: QuerySet[Opinion], f: QueueFilter) -> QueueChoices:
    """What the filters offer, each with how many opinions wait there; the sections of the
    chosen document only."""
    docs = list(qs.values("document_id", "document__title").annotate(n=Count("id"))
                .order_by("document__title").values_list("document_id", "document__title", "n"))
    sections_qs = qs.filter(document_id=f.document) if f.document is not None else qs.none()
    sections = list(sections_qs.values("section_id", "section__position", "section__heading")
                    .annotate(n=Count("id")).order_by("section__position")
                    .values_list("section_id", "section__heading", "n"))
    cells = list(qs.values("cell_id", "cell__name").annotate(n=Count("id"))
                 .order_by("cell__name").values_list("cell_id", "cell__name", "n"))
    return QueueChoices(docs, sections, cells)


# --- the counting board ---------------------------------------------------------------------


@dataclass
class BoardElection:
    election: Any
    is_head: bool
    rounds: list[Any]


@dataclass
class BoardHome:
    elections: list[BoardElection]
    desks: list[Any]

    @property
    def active(self) -> bool:
        """A round still to count (neither announced nor void): the board's work comes first
        on the home page; otherwise after the user's other parts."""
        from daihoi.elections.models import RoundStatus

        done = (RoundStatus.ANNOUNCED, RoundStatus.VOID)
        return any(r.status not in done for e in self.elections for r in e.rounds)


def board_home(user: Any) -> BoardHome:
    from daihoi.elections.access import elections_for_board_user
    from daihoi.elections.models import BoardMember, EntryDesk, Round

    elections = elections_for_board_user(user)
    heads = set(BoardMember.objects.filter(member__user=user, is_head=True)
                .values_list("election_id", flat=True))
    rounds: dict[int, list[Any]] = {}
    for r in Round.objects.filter(election__in=elections).order_by("election_id", "sequence"):
        rounds.setdefault(r.election_id, []).append(r)
    desks = list(EntryDesk.objects.filter(user_id=user.pk).select_related(
        "round__election__congress__organization").order_by("-round__pk"))
    return BoardHome(
        [BoardElection(e, e.pk in heads, rounds.get(e.pk, [])) for e in elections], desks)


# --- a member ------------------------------------------------------------------------------


@dataclass
class MemberHome:
    open_drafts: list[Distribution]
    opinions: list[Opinion]
    answered: int


def member_home(user: Any, now: dt.datetime) -> MemberHome | None:
    scope = scope_for(user)
    if scope.member_id is None:
        return None
    from daihoi.roster.models import Member

    cell_id = Member.objects.filter(pk=scope.member_id).values_list("cell_id", flat=True).first()
    led = {c.pk for c in scope.secretary_cells}  # shown in the cell's own part instead
    drafts = list(Distribution.objects.filter(cell_id=cell_id, deadline__gte=now)
                  .exclude(cell_id__in=led)
                  .select_related("document__congress__organization", "cell")
                  .order_by("deadline", "pk"))
    opinions = list(Opinion.objects.filter(member_id=scope.member_id)
                    .select_related("document", "section")
                    .order_by("-answered_at", "-submitted_at", "-pk")[:50])
    answered = Opinion.objects.filter(ANSWERED, member_id=scope.member_id).count()
    return MemberHome(drafts, opinions, answered)


# --- a cell secretary ----------------------------------------------------------------------


@dataclass
class CellHome:
    cell: Organization
    congress: Congress | None
    late: bool
    members: int
    summoned: int
    elections: list[Any]
    drafts: list[tuple[Distribution, bool]]  # (draft, the cell has given its opinion)
    tasks: list[Task]
    todo: list[str]


def cell_homes(user: Any, today: dt.date, now: dt.datetime) -> list[CellHome]:
    from daihoi.congress.selectors import is_late
    from daihoi.delegates.models import Delegate, DelegateStatus
    from daihoi.elections.models import Election
    from daihoi.roster.selectors import on_roll

    scope = scope_for(user)
    homes = []
    for cell in scope.secretary_cells:
        congress = (Congress.objects.filter(organization=cell).select_related("part_of")
                    .order_by("-term_start", "pk").first())
        members = on_roll(cell.members.all()).count()
        summoned = (Delegate.objects.filter(congress=congress, status=DelegateStatus.SUMMONED)
                    .count() if congress else 0)
        elections = list(Election.objects.filter(congress=congress).order_by("position", "pk")) \
            if congress else []
        drafts = list(Distribution.objects.filter(cell=cell, deadline__gte=now)
                      .select_related("document").order_by("deadline", "pk"))
        given = set(Opinion.objects.filter(cell=cell, member__isnull=True,
                                           document__in=[d.document_id for d in drafts])
                    .values_list("document_id", flat=True))
        tasks = list(Task.objects.filter(owner_id=scope.member_id).exclude(
            status=TaskStatus.DONE).order_by("deadline", "pk")) if scope.member_id else []
        todo: list[str] = []
        late = congress is not None and is_late(congress, today)
        if congress is not None:
            if congress.opens_at is None:
                todo.append(_("Ấn định ngày đại hội chi bộ."))
            elif congress.status == CongressStatus.PLANNED:
                todo.append(_("Tổ chức đại hội chi bộ ngày %(day)s.") % {
                    "day": _local_date(congress.opens_at).strftime("%d/%m/%Y")})
            if congress.status == CongressStatus.HELD:
                todo.append(_("Báo cáo kết quả đại hội chi bộ lên đảng ủy."))
        for d, has in ((d, d.document_id in given) for d in drafts):
            if not has:
                todo.append(_("Gửi ý kiến của chi bộ về “%(title)s” trước %(day)s.") % {
                    "title": d.document.title,
                    "day": d.deadline.astimezone(LOCAL_TZ).strftime("%d/%m/%Y")})
        homes.append(CellHome(cell, congress, late, members, summoned, elections,
                              [(d, d.document_id in given) for d in drafts], tasks, todo))
    return homes


@dataclass
class Homes:
    """Every part of the home page that applies to the user (a user may hold several roles)."""

    office: OfficeDashboard | None
    office_orgs: tuple[Organization, ...]
    cells: list[CellHome]
    reviewer: list[Congress]
    queue: list[Opinion]
    queue_total: int
    board: BoardHome | None
    member: MemberHome | None
    counts: dict[str, int] = field(default_factory=dict)


#: The sub-committee's home shows this many of the oldest opinions; the queue page all.
QUEUE_ON_HOME = 10


def homes_for(user: Any, today: dt.date, now: dt.datetime) -> Homes:
    from daihoi.elections.models import BoardMember, EntryDesk

    reviewer = reviewed_congresses(user)
    queue_qs = unanswered(reviewer) if reviewer else Opinion.objects.none()
    on_board = (BoardMember.objects.filter(member__user=user).exists()
                or EntryDesk.objects.filter(user_id=user.pk).exists())
    return Homes(
        office=office_dashboard(user, today),
        office_orgs=scope_for(user).admin_orgs,
        cells=cell_homes(user, today, now),
        reviewer=reviewer,
        queue=list(queue_qs[:QUEUE_ON_HOME]),
        queue_total=queue_qs.count(),
        board=board_home(user) if on_board else None,
        member=member_home(user, now),
    )


def any_work(h: Homes) -> bool:
    return bool(h.office or h.office_orgs or h.cells or h.reviewer or h.board or h.member)

