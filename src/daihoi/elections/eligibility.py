"""The one adapter from ORM rows to the election-list rules of ``daihoi.composition``
(``election_list``): statuses on the opening day (R-073), the cell's official members (R-006),
the cell committee and secretary just elected at the same congress (R-005), the congress's
official delegates (R-013), and the attending count of the check-in record (R-014).

Also the people an election elected, read from its announced rounds (the engine's result names
them by their ballot label; the round's list maps each label to a member)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_noop

from daihoi.composition import Plan, PlanReport, check_plan, load_term
from daihoi.composition.election_list import (
    CELL_COMMITTEE_MIN_MEMBERS,
    CONFERENCE_KINDS,
    FROM_THE_BODY,
    Nominee,
    cell_election_refusal,
    conference_election_refusal,
    nominee_refusals,
)
from daihoi.congress.models import CellCongressResult, Congress, CongressKind, ResultRole
from daihoi.congress.selectors import congress_day
from daihoi.delegates.models import AttendanceSession, CheckIn, Delegate, DelegateStatus
from daihoi.delegates.selectors import members_on_day, statuses_on_day
from daihoi.elections.models import Election, ElectionBody, ElectionKind
from daihoi.elections.outcome import election_outcome
from daihoi.personnel.models import PersonnelPlan, PlanLevel
from daihoi.personnel.selectors import as_candidate, default_term_for
from daihoi.roster.choices import OrgKind
from daihoi.roster.models import Member
from daihoi.tally import Text


@dataclass(frozen=True)
class Elected:
    """Who an election elected over its announced rounds, in order: the elected, then the
    alternates ranked across rounds (``outcome.election_outcome``, the one reading)."""

    elected: list[Member]
    alternates: list[Member]
    announced: bool
    complete: bool = False


def elected_by(election: Election) -> Elected:
    outcome = election_outcome(election)
    ids = [p.member_id for p in (*outcome.elected, *outcome.alternates)]
    members = Member.objects.select_related("cell").in_bulk(ids)
    return Elected([members[p.member_id] for p in outcome.elected],
                   [members[p.member_id] for p in outcome.alternates],
                   outcome.rounds_announced > 0, outcome.complete)


def is_cell_congress(congress: Congress) -> bool:
    return (congress.kind == CongressKind.MEMBERS
            and congress.organization.kind == OrgKind.CELL)


def official_members(congress: Congress) -> int:
    """R-006: the official members of the congress's organization on its day (exempted
    included; those who had left by then not)."""
    return len(members_on_day(congress))


def is_conference(body: str) -> bool:
    """R-054: the election is held by the new committee's first conference (chosen when the
    election is created), not by the congress (which may, e.g., elect the secretary directly,
    R-056)."""
    return body == ElectionBody.CONFERENCE


def conference_body(congress: Congress, kind: str) -> list[Member] | None:
    """R-054: the members of the body whose conference holds this election (the executive
    committee the congress elected; the inspection committee for its chair), once that body's
    election is complete, or ``None`` before."""
    body = (ElectionKind.INSPECTION_COMMITTEE if kind == ElectionKind.INSPECTION_CHAIR
            else ElectionKind.COMMITTEE)
    return _announced_elected(congress, body)


def election_refusal(*, congress: Congress, kind: str, seats: int,
                     body: str = ElectionBody.CONGRESS) -> str | None:
    """R-006: why this cell congress may not hold this election; R-054: why the conference
    may not (not a conference's election, its body not elected yet, or fewer members than
    seats); the inspection chair is elected by a conference, never by the congress. In
    Vietnamese, with its template for the page (``core.i18n.translated``)."""
    if is_conference(body):
        if kind not in CONFERENCE_KINDS:
            return Text(gettext_noop("Hội nghị Ban Chấp hành bầu Ban Thường vụ, Bí thư, Phó Bí "
                                     "thư, Ủy ban Kiểm tra và Chủ nhiệm Ủy ban Kiểm tra."))
        if is_cell_congress(congress):
            return Text(gettext_noop("Chi bộ không có hội nghị Ban Chấp hành: đại hội chi bộ bầu "
                                     "trực tiếp."))
        members = conference_body(congress, kind)
        return conference_election_refusal(
            kind=kind, body_members=None if members is None else len(members), seats=seats)
    if kind == ElectionKind.INSPECTION_CHAIR:
        return Text(gettext_noop("Chủ nhiệm Ủy ban Kiểm tra do hội nghị Ủy ban Kiểm tra bầu, "
                                 "không bầu tại đại hội."))
    if kind != ElectionKind.CELL_COMMITTEE or not is_cell_congress(congress):
        return None
    return cell_election_refusal(kind=kind, official_members=official_members(congress),
                                 seats=seats)


def conference_base(election: Election) -> tuple[int, str] | None:
    """R-054: a conference's threshold base is its body's members actually elected and
    sitting (not the number the congress decided); the board may deduct exclusions by hand."""
    if not is_conference(election.body):
        return None
    body = conference_body(election.congress, election.kind) or []
    name = ("Ủy ban Kiểm tra" if election.kind == ElectionKind.INSPECTION_CHAIR
            else "Ban Chấp hành")
    return len(body), f"Theo số ủy viên {name} khóa mới đã trúng cử ({len(body)} đồng chí)"


def _announced_elected(congress: Congress, kind: str) -> list[Member] | None:
    """The people the congress's election of ``kind`` elected, or ``None`` without such an
    election counted in daihoi."""
    elections = list(Election.objects.filter(congress=congress, kind=kind))
    if not elections:
        return None
    out: list[Member] = []
    for e in elections:
        done = elected_by(e)
        if not done.complete:
            return None  # the body is not elected until its election is complete
        out += done.elected
    return out


def _typed(congress: Congress, roles: list[str]) -> list[int]:
    return list(CellCongressResult.objects.filter(congress=congress, role__in=roles)
                .values_list("member_id", flat=True))


def cell_committee_keys(congress: Congress) -> frozenset[str] | None:
    """R-005: the cell committee just elected (announced in daihoi, or else as reported), or
    ``None`` where the cell has no committee (fewer than 9 official members)."""
    if not is_cell_congress(congress) or official_members(congress) < CELL_COMMITTEE_MIN_MEMBERS:
        return None
    counted = _announced_elected(congress, ElectionKind.CELL_COMMITTEE)
    if counted is not None:
        return frozenset(str(m.pk) for m in counted)
    return frozenset(str(pk) for pk in _typed(congress, [ResultRole.COMMITTEE,
                                                         ResultRole.SECRETARY]))


def secretary_keys(congress: Congress) -> frozenset[str]:
    counted = _announced_elected(congress, ElectionKind.SECRETARY)
    if counted is not None:
        return frozenset(str(m.pk) for m in counted)
    return frozenset(str(pk) for pk in _typed(congress, [ResultRole.SECRETARY]))


def nominees_of(election: Election, members: list[Member]) -> list[Nominee]:
    """The rules' view of each of ``members`` for ``election``: what the congress knows is read
    once for all of them (a pasted list of 200 names costs a handful of queries)."""
    congress = election.congress
    kind = election.kind
    statuses = statuses_on_day(members, congress_day(congress))
    committee = None
    secretaries: frozenset[str] | None = None
    if kind in (ElectionKind.SECRETARY, ElectionKind.DEPUTY_SECRETARY) and is_cell_congress(
            congress):
        committee = cell_committee_keys(congress)
        if kind == ElectionKind.DEPUTY_SECRETARY:
            secretaries = secretary_keys(congress)
    body_keys: frozenset[str] | None = None
    if kind in FROM_THE_BODY and is_conference(election.body):
        body_keys = frozenset(str(m.pk) for m in conference_body(congress, kind) or [])
    official: set[int] | None = None
    if kind == ElectionKind.DELEGATES and congress.kind == CongressKind.DELEGATES:
        official = set(Delegate.objects.filter(
            congress=congress, member__in=members, status=DelegateStatus.SUMMONED)
            .values_list("member_id", flat=True))
    return [Nominee(
        name=m.full_name, key=str(m.pk), election=kind, status_on_opening=statuses[m.pk],
        cell_committee=committee,
        secretary_elected=None if secretaries is None else bool(secretaries),
        is_secretary=secretaries is not None and str(m.pk) in secretaries,
        official_delegate=None if official is None else m.pk in official,
        conference_body=body_keys,
    ) for m in members]


def refusals(election: Election, members: list[Member]) -> dict[int, list[str]]:
    """Every reason each of ``members`` may not stand on ``election``'s list (by member)."""
    return {m.pk: nominee_refusals(n)
            for m, n in zip(members, nominees_of(election, members), strict=True)}


def attending_from_check_in(congress: Congress) -> int | None:
    """R-014: those attending, from the check-in record: the people checked in at the latest
    session at which attendance was taken; ``None`` without any check-in (a congress that
    keeps no record in daihoi types the number)."""
    session = (AttendanceSession.objects.filter(congress=congress,
                                                pk__in=CheckIn.objects.values("session_id"))
               .order_by("-starts_at", "-pk").first())
    if session is None:
        return None
    return CheckIn.objects.filter(session=session).count()


def composition_report(election: Election, members: list[Member]) -> PlanReport | None:
    """The composition rules of the congress's term applied to the election list, as for a
    personnel plan (warnings: the congress decides). ``None`` for an election no plan kind
    covers, or a term without a rules file."""
    if election.kind not in (ElectionKind.COMMITTEE, ElectionKind.DELEGATES):
        return None
    plan = (PersonnelPlan.objects.filter(congress=election.congress, kind=election.kind)
            .order_by("-pk").first())
    try:
        rules = load_term(plan.term_rules if plan else default_term_for(
            election.congress.term_start))
    except ValueError:  # no rules file for this term: nothing to show
        return None
    return check_plan(Plan(
        seats=election.seats, level=plan.level if plan else PlanLevel.GRASSROOTS,
        kind=election.kind, alternates=election.alternates,
        candidates=tuple(as_candidate(m) for m in members)), rules)
