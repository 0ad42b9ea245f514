"""Reads of the congress day: the threshold base handed to the elections (R-052), presence and
quorum (R-110), the credentials report (R-150…R-152), the check-in search."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext

from daihoi.collation import fold
from daihoi.composition import (
    DEFAULT_QUORUM,
    CredentialsStats,
    Person,
    Quorum,
    credentials_statistics,
    quorum,
)
from daihoi.congress.models import Congress, CongressKind
from daihoi.congress.selectors import congress_day
from daihoi.core.errors import ServiceError
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
    VoteSubject,
)
from daihoi.roster.choices import LEFT_STATUSES, MemberStatus, Qualification, TheoryLevel
from daihoi.roster.models import Member, StatusChange
from daihoi.roster.selectors import SEARCH_MAX_LENGTH, name_match_rank
from daihoi.tally import BaseBreakdown, Deduction, ThresholdBase, compute_base, min_votes
from daihoi.tally import CongressKind as TallyCongressKind
from daihoi.tally.texts import DEDUCTION_LABELS, line_start

#: Official delegates (or, at a members' congress, official members) summoned, present or not.
#: The rule behind each deduction the threshold page lists.
_DEDUCTION_RULES: dict[Deduction, str] = {
    Deduction.TEMPORARY_ACTIVITY_ELSEWHERE: "R-051a",
    Deduction.EXEMPTED_ABSENT: "R-051b",
    Deduction.SUSPENDED_OR_PROSECUTED: "R-051c",
    Deduction.ABSENT_WHOLE_CONGRESS_APPROVED: "R-051d",
    Deduction.COMMITTEE_MEMBERS_ABSENT_WHOLE_CONGRESS: "R-052a",
    Deduction.DELEGATES_ABSENT_NOT_REPLACED: "R-052b",
}
OFFICIAL_STATUSES = (DelegateStatus.SUMMONED, DelegateStatus.REPLACED,
                     DelegateStatus.ABSENT_APPROVED)


def official_summoned(congress: Congress) -> QuerySet[Delegate]:
    """The official delegates (at a members' congress, the official members) summoned, present
    or not: the number the threshold (R-052), the quorum (R-110) and the resolution start from.
    An alternate seated in an absent official's place is not counted twice."""
    return _official(Delegate.objects.filter(congress=congress))


def official_summoned_counts(congresses: Sequence[Congress]) -> dict[int, int]:
    """congress id → ``official_summoned(congress).count()``, for many congresses in one
    query."""
    counts = dict.fromkeys((c.pk for c in congresses), 0)
    counts.update(_official(Delegate.objects.filter(congress__in=congresses))
                  .order_by().values("congress_id").annotate(n=Count("id"))
                  .values_list("congress_id", "n"))
    return counts


def _official(delegates: QuerySet[Delegate]) -> QuerySet[Delegate]:
    return delegates.filter(status__in=OFFICIAL_STATUSES).exclude(
        source=DelegateSource.ALTERNATE)


def sessions_considered(congress: Congress,
                        session: AttendanceSession | None) -> list[AttendanceSession]:
    """The sessions whose attendance counts: those up to ``session`` (all, without one) at
    which attendance has been taken (at least one check-in)."""
    qs = AttendanceSession.objects.filter(congress=congress,
                                          pk__in=CheckIn.objects.values("session_id"))
    if session is not None:
        if session.congress_id != congress.pk:
            raise ServiceError(gettext("Phiên không thuộc đại hội này."))
        qs = qs.filter(Q(starts_at__lt=session.starts_at) | Q(pk=session.pk) |
                       Q(starts_at=session.starts_at, pk__lt=session.pk))
    return list(qs.order_by("starts_at", "pk"))


@dataclass(frozen=True)
class BaseDetail:
    """The threshold base and how it was found, with names, for the minutes."""

    base: ThresholdBase
    breakdown: BaseBreakdown
    min_votes: int
    sessions: list[AttendanceSession]
    summoned_names: list[str]
    names: dict[Deduction, list[str]] = field(default_factory=dict)
    replaced: list[tuple[str, str]] = field(default_factory=list)

    @property
    def deduction_rows(self) -> list[tuple[str, str, int, list[str]]]:
        """(rule, label, how many, names) of each deduction; the label is the engine's."""
        return [(_DEDUCTION_RULES[k], line_start(gettext(DEDUCTION_LABELS[k])), n,
                 self.names.get(k, [])) for k, n in self.breakdown.deductions]


def threshold_breakdown_for(congress: Congress, *,
                            session: AttendanceSession | None = None) -> BaseDetail:
    """R-052 for a delegates' congress: the official delegates summoned minus (a) members of the
    convening committee (ex officio) absent for the whole congress and (b) official delegates
    absent for the whole congress and not replaced by an alternate. "Absent for the whole
    congress" is read from the attendance record: no check-in at any session up to ``session``
    (every session without one) at which attendance was taken. Before attendance is taken,
    nobody is deducted. A delegate who came to
    an earlier session and missed the vote is not deducted (Example 1b)."""
    if congress.kind != CongressKind.DELEGATES:
        return members_threshold_breakdown_for(congress, session=session)
    sessions = sessions_considered(congress, session)
    delegates = list(official_summoned(congress).select_related("member")
                     .order_by("member__sort_key", "pk"))
    seated = {d.replaces_id: d for d in Delegate.objects.filter(
        congress=congress, source=DelegateSource.ALTERNATE, status=DelegateStatus.SUMMONED,
        replaces__isnull=False).select_related("member")}
    attended: set[int] = set()
    if sessions:
        attended = set(CheckIn.objects.filter(session__in=sessions).values_list(
            "delegate_id", flat=True))
    names: dict[Deduction, list[str]] = {}
    replaced: list[tuple[str, str]] = []
    for d in delegates:
        if not sessions:
            break
        if d.status == DelegateStatus.REPLACED:
            alt = seated.get(d.pk)
            if alt is not None and alt.pk in attended:
                replaced.append((d.member.full_name, alt.member.full_name))
                continue
            key = Deduction.DELEGATES_ABSENT_NOT_REPLACED
        elif d.pk in attended:
            continue
        elif d.source == DelegateSource.EX_OFFICIO:
            key = Deduction.COMMITTEE_MEMBERS_ABSENT_WHOLE_CONGRESS
        else:
            key = Deduction.DELEGATES_ABSENT_NOT_REPLACED
        names.setdefault(key, []).append(d.member.full_name)
    base = ThresholdBase(summoned=len(delegates),
                         deductions={k: len(v) for k, v in names.items()})
    breakdown = compute_base(congress=TallyCongressKind.DELEGATES, base=base)
    return BaseDetail(base=base, breakdown=breakdown, min_votes=min_votes(breakdown.base),
                      sessions=sessions, summoned_names=[d.member.full_name for d in delegates],
                      names=names, replaced=replaced)


#: Member statuses that R-051 deducts from the official members summoned (a)–(c). Absence for
#: the whole congress with an approved reason (d) is not a status: it is recorded on the
#: members' roll (``DelegateStatus.ABSENT_APPROVED``).
STATUS_DEDUCTIONS = {
    MemberStatus.TEMPORARY_ELSEWHERE: Deduction.TEMPORARY_ACTIVITY_ELSEWHERE,
    MemberStatus.EXEMPTED: Deduction.EXEMPTED_ABSENT,
    MemberStatus.SUSPENDED: Deduction.SUSPENDED_OR_PROSECUTED,
    MemberStatus.PROSECUTED: Deduction.SUSPENDED_OR_PROSECUTED,
}


def statuses_on_day(members: list[Member], day: dt.date) -> dict[int, str]:
    """Each member's status on ``day``, read from the status history: the last change on or
    before the day wins; without any history the current status is all there is; with
    history, a member whose first recorded change came after the day was active on the day."""
    status_on_day: dict[int, str] = {}
    has_history: set[int] = set()
    for member_id, status, effective_on in (
        StatusChange.objects.filter(member__in=members)
        .order_by("effective_on", "id")
        .values_list("member_id", "status", "effective_on")
    ):
        has_history.add(member_id)
        if effective_on <= day:
            status_on_day[member_id] = status  # the last one on or before the day wins
    return {m.pk: status_on_day.get(m.pk, MemberStatus.ACTIVE if m.pk in has_history
                                    else m.status) for m in members}


def members_on_day(congress: Congress) -> list[tuple[Member, str]]:
    """The official members of the congress's organization on the congress's date, in name
    order, each with their status on that date (read from the status history); those who had
    left by then (transferred out, deceased) are not among them."""
    day = congress_day(congress)
    members = list(
        Member.objects.filter(cell__path__startswith=congress.organization.path,
                              full_member_on__lte=day)
        .order_by("sort_key", "pk")
    )
    statuses = statuses_on_day(members, day)
    return [(m, statuses[m.pk]) for m in members if statuses[m.pk] not in LEFT_STATUSES]


def members_threshold_breakdown_for(congress: Congress, *,
                                    session: AttendanceSession | None = None) -> BaseDetail:
    """R-051 for a members' congress: the official members summoned minus those whose status on
    the congress's date is (a) temporary activity elsewhere, (b) exempted and absent,
    (c) suspended, prosecuted or detained, and (d) absent for the whole congress with an
    approved reason. A person is deducted once, under their status first.

    Without a members' roll (``services.members_roll_build``) every official member on the
    day is summoned, every exempted member counts as absent and nobody under (d): the board
    corrects the base by hand. With the roll, its members are the summoned (every official
    member on the day, the suspended included, so that each is deducted once), (d) is read from
    it, and an exempted member (R-051b) or one on temporary activity elsewhere (R-051a, under
    ``temporary_elsewhere_policy``) checked in at any session up to the vote's (``session``;
    without one, any session so far) attended and is counted."""
    on_day = members_on_day(congress)
    roll = {d.member_id: d for d in Delegate.objects.filter(congress=congress,
                                                            source=DelegateSource.MEMBER)}
    sessions: list[AttendanceSession] = []
    attended: set[int] = set()
    if roll:
        on_day = [(m, status) for m, status in on_day if m.pk in roll]
        # Attendance for (a) and (b) is taken once for the congress: present at any session
        # up to the vote's (the base is the congress's, not recomputed per round).
        sessions = sessions_considered(congress, session)
        attended = set(CheckIn.objects.filter(session__in=sessions).values_list(
            "delegate__member_id", flat=True)) if sessions else set()
    names: dict[Deduction, list[str]] = {}
    deduct_present_elsewhere = (temporary_elsewhere_policy(congress)
                                == TemporaryElsewherePolicy.ALWAYS)
    for m, status in on_day:
        deduction = STATUS_DEDUCTIONS.get(MemberStatus(status))
        if deduction == Deduction.EXEMPTED_ABSENT and m.pk in attended:
            deduction = None  # R-051b: came and may vote
        if (deduction == Deduction.TEMPORARY_ACTIVITY_ELSEWHERE and m.pk in attended
                and not deduct_present_elsewhere):
            deduction = None  # R-051a: came to the congress, counted among those attending
        row = roll.get(m.pk)
        if deduction is None and row is not None and row.status == DelegateStatus.ABSENT_APPROVED:
            names.setdefault(Deduction.ABSENT_WHOLE_CONGRESS_APPROVED, []).append(
                f"{m.full_name} ({row.status_reason})")
        elif deduction is not None:
            names.setdefault(deduction, []).append(m.full_name)
    base = ThresholdBase(summoned=len(on_day),
                         deductions={k: len(v) for k, v in names.items()})
    breakdown = compute_base(congress=TallyCongressKind.MEMBERS, base=base)
    return BaseDetail(base=base, breakdown=breakdown, min_votes=min_votes(breakdown.base),
                      sessions=sessions, summoned_names=[m.full_name for m, _ in on_day],
                      names=names)


def threshold_base_for(congress: Congress, *,
                       session: AttendanceSession | None = None) -> ThresholdBase:
    """The hand-off to the elections: ``daihoi.tally.ThresholdBase`` of R-052 for an election
    held at ``session`` (default: the attendance of every session taken so far)."""
    return threshold_breakdown_for(congress, session=session).base


def temporary_elsewhere_policy(congress: Congress) -> str:
    """R-051a, a named policy of the congress: deduct members on temporary activity elsewhere
    only when they do not attend (default), or always."""
    policy = DayPolicy.objects.filter(congress=congress).first()
    return policy.temporary_elsewhere if policy else TemporaryElsewherePolicy.ABSENT_ONLY


def quorum_ratio(congress: Congress) -> Fraction:
    policy = DayPolicy.objects.filter(congress=congress).first()
    if policy is None:
        return DEFAULT_QUORUM
    return Fraction(policy.quorum_numerator, policy.quorum_denominator)


@dataclass(frozen=True)
class Presence:
    session: AttendanceSession
    summoned: int
    present: int
    quorum: Quorum
    absent: list[Delegate]


def presence(congress: Congress, session: AttendanceSession) -> Presence:
    """Who is present at ``session``; quorum against the official delegates summoned (R-110,
    unconfirmed, configurable share, a warning and never a block)."""
    seats = list(Delegate.objects.filter(congress=congress, status=DelegateStatus.SUMMONED)
                 .select_related("member").order_by("number"))
    summoned = official_summoned(congress).count()
    present_ids = set(CheckIn.objects.filter(session=session).values_list("delegate_id",
                                                                          flat=True))
    present = sum(1 for d in seats if d.pk in present_ids)
    absent = [d for d in seats if d.pk not in present_ids]
    return Presence(session=session, summoned=summoned, present=present,
                    quorum=quorum(summoned=summoned, present=present,
                                  ratio=quorum_ratio(congress)),
                    absent=absent)


def search_delegates(congress: Congress, query: str, *, limit: int = 8) -> QuerySet[Delegate]:
    """Name (with or without diacritics, the best matches first) or badge number."""
    text = query.strip()[:SEARCH_MAX_LENGTH]
    qs = Delegate.objects.filter(congress=congress).select_related("member", "member__cell")
    if text.isdigit():
        return qs.filter(number=int(text))[:limit]
    words = fold(text).split()
    if not words:
        return qs.none()
    for w in words:
        qs = qs.filter(member__search_text__contains=w)
    rank = name_match_rank(text, prefix="member__")
    return qs.annotate(search_rank=rank).order_by("search_rank", "member__sort_key", "pk")[:limit]


SOURCE_LABELS = dict(DelegateSource.choices)
QUALIFICATION_LABELS = dict(Qualification.choices)
THEORY_LABELS = dict(TheoryLevel.choices)


@dataclass(frozen=True)
class Summons:
    """Who was summoned ("triệu tập") and who is present ("có mặt"): two different numbers.

    ``summoned``: the official delegates summoned (absent or not, alternates not counted);
    ``seats``: those summoned to sit (the officials present or not, less those replaced,
    plus the alternates seated in their place); ``present``: of the seats, those checked in at
    ``session_name`` (None before anyone checked in)."""

    summoned: int
    summoned_by_source: list[tuple[str, int]]  # (source key, how many)
    replacements: list[tuple[str, str]]  # (absent official, alternate seated)
    seats: int
    present: int | None
    session_name: str
    absent: list[str]


def summons(congress: Congress) -> Summons:
    official = list(official_summoned(congress).values_list("source", flat=True))
    by_source = Counter(official)
    seated = list(Delegate.objects.filter(congress=congress, status=DelegateStatus.SUMMONED)
                  .select_related("member", "replaces__member").order_by("number"))
    replacements = [(d.replaces.member.full_name, d.member.full_name) for d in seated
                    if d.replaces is not None]
    session = None
    for candidate in AttendanceSession.objects.filter(congress=congress).order_by("-starts_at"):
        if CheckIn.objects.filter(session=candidate).exists():
            session = candidate
            break
    present: int | None = None
    absent: list[str] = []
    if session is not None:
        ids = set(CheckIn.objects.filter(session=session).values_list("delegate_id", flat=True))
        present = sum(1 for d in seated if d.pk in ids)
        absent = [d.member.full_name for d in seated if d.pk not in ids]
    return Summons(
        summoned=len(official),
        summoned_by_source=[(k, by_source[k]) for k in SOURCE_LABELS if by_source.get(k)],
        replacements=replacements, seats=len(seated), present=present,
        session_name=session.name if session is not None else "", absent=absent)


def credentials_committee(congress: Congress) -> list[str]:
    """The credentials committee as the congress elected it (its head first), from the
    show-of-hands vote that elected it; empty when not recorded."""
    vote = (ShowOfHandsVote.objects.filter(congress=congress,
                                           subject=VoteSubject.CREDENTIALS_COMMITTEE)
            .order_by("-recorded_at", "-pk").first())
    return [n.strip() for n in (vote.names if vote else "").splitlines() if n.strip()]


@dataclass(frozen=True)
class CredentialsReport:
    congress: Congress
    stats: CredentialsStats
    not_summoned: list[Delegate]
    replaced: list[Delegate]
    #: The labels of the keys, lazy: read in the language of the page or of the document.
    source_labels: Mapping[str, object]
    qualification_labels: Mapping[str, object]
    theory_labels: Mapping[str, object]
    summons: Summons
    committee: list[str]
    conclusion: CredentialsConclusion | None
    #: The day ages and party seniority are counted on (the congress's day), as the page says.
    on: dt.date | None = None


def credentials_report(congress: Congress) -> CredentialsReport:
    """R-152: the delegates attending (officials summoned and seated alternates) by source,
    gender, ethnicity, age, education, political theory and party seniority."""
    rows = Delegate.objects.filter(congress=congress, status=DelegateStatus.SUMMONED).values_list(
        "source", "member__gender", "member__date_of_birth", "member__ethnicity",
        "member__qualification", "member__political_theory", "member__admitted_on")
    people = [Person(source=s, gender=g, born=b, ethnicity=e, qualification=q,
                     political_theory=t, admitted_on=a) for s, g, b, e, q, t, a in rows]
    on = congress_day(congress)
    stats = credentials_statistics(
        people, on=on, source_order=list(SOURCE_LABELS),
        qualification_order=list(reversed(QUALIFICATION_LABELS)),
        theory_order=list(reversed(THEORY_LABELS)))
    others = Delegate.objects.filter(congress=congress, status__in=[
        DelegateStatus.NOT_SUMMONED, DelegateStatus.REPLACED]).select_related("member")
    return CredentialsReport(
        congress=congress, stats=stats,
        not_summoned=[d for d in others if d.status == DelegateStatus.NOT_SUMMONED],
        replaced=[d for d in others if d.status == DelegateStatus.REPLACED],
        source_labels=SOURCE_LABELS, qualification_labels=QUALIFICATION_LABELS,
        theory_labels=THEORY_LABELS,
        summons=summons(congress), committee=credentials_committee(congress),
        conclusion=CredentialsConclusion.objects.filter(congress=congress).first(), on=on,
    )
