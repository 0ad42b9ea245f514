"""Writes of the elections app. Each is one atomic service with its audit entry, except the
keying of single ballots, which is deliberately not audited one by one: an audit row carries a
timestamp, and a keyed ballot must not (secrecy). The desks, the resolutions and every
transition are audited.

Each round follows prepared → ballots issued → voting closed → counting → reconciled →
announced (or void after R-035). ``issues_before_<transition>`` in ``selectors`` lists what
blocks a step; the step refuses (``ServiceError``) while it is non-empty. A step from the wrong
state is illegal: it is logged in the audit log and refused with ``IllegalTransitionError``
(HTTP 409).
"""

from __future__ import annotations

import csv
import hashlib
import io
import secrets
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy, ngettext

from daihoi import clock, tally
from daihoi.audit.services import audit_record, in_record_language
from daihoi.congress.models import Congress, CongressKind
from daihoi.congress.selectors import congress_day
from daihoi.core.errors import IllegalTransitionError, ServiceError
from daihoi.core.i18n import translated
from daihoi.delegates.selectors import threshold_breakdown_for
from daihoi.elections import comparison, eligibility, keying, names, selectors
from daihoi.elections.models import (
    AuditOutcome,
    BallotEntry,
    BoardMember,
    Candidate,
    CandidateSource,
    CountedBallot,
    CountedMark,
    Election,
    ElectionBody,
    ElectionKind,
    EntryDesk,
    Resolution,
    Round,
    RoundCandidate,
    RoundStatus,
    SecondReading,
    SecondReadingMethod,
)
from daihoi.elections.outcome import (
    decision_pending,
    election_outcome,
    next_round_refusal,
    read_round,
)
from daihoi.elections.result_store import store_result
from daihoi.personnel.models import PlanKind
from daihoi.personnel.selectors import plan_candidates
from daihoi.roster.models import Member
from daihoi.roster.services import audit_organization_id
from daihoi.tally import audit as audit_math
from daihoi.tally.jsonio import dump_election

_rng = secrets.SystemRandom()


def _org_id(election: Election) -> int:
    return audit_organization_id(election.congress.organization)


def _audit(actor: Any, action: str, election: Election, obj: Any, summary: str,
           data: dict[str, Any] | None = None) -> None:
    audit_record(actor=actor, action=action, organization_id=_org_id(election), obj=obj,
                 summary=summary, data=data or {})


def _lock_round(rnd: Round) -> Round:
    return Round.objects.select_for_update(of=("self",)).select_related(
        "election", "election__congress", "election__congress__organization"
    ).get(pk=rnd.pk)


def _current_round(election: Election) -> Round | None:
    return Round.objects.filter(election=election).order_by("-sequence").first()


def _labels(members: list[Member]) -> list[str]:
    """Names as printed; two people with one name are told apart by year of birth, then by
    cell (the engine needs distinct labels)."""
    names = [m.full_name for m in members]
    labels = [f"{n} ({m.date_of_birth.year})" if names.count(n) > 1 else n
              for n, m in zip(names, members, strict=True)]
    return [f"{lab[:-1]}, {m.cell.name})" if labels.count(lab) > 1 else lab
            for lab, m in zip(labels, members, strict=True)]


def _refresh_list(rnd: Round, candidates: list[Candidate]) -> None:
    """Put ``candidates`` on the round's ballot in Vietnamese ABC order (R-025)."""
    ordered = sorted(candidates, key=selectors._name_key)
    labels = _labels([c.member for c in ordered])
    RoundCandidate.objects.filter(round=rnd).delete()
    # Copies made of the old list's ballot are void: the new ballot must be printed again.
    Round.objects.filter(pk=rnd.pk).update(ballots_printed=None)
    rnd.ballots_printed = None
    RoundCandidate.objects.bulk_create(
        RoundCandidate(round=rnd, candidate=c, position=i, label=label)
        for i, (c, label) in enumerate(zip(ordered, labels, strict=True))
    )


def _between_rounds(election: Election) -> bool:
    """The congress is deciding the next round (after a void round, or an announced round
    that left places open): names may be added as choices for its list (R-062)."""
    rnd = _current_round(election)
    return rnd is not None and decision_pending(rnd)


def _list_is_open(election: Election) -> Round:
    rnd = _current_round(election)
    if rnd is None or rnd.sequence != 1 or rnd.status != RoundStatus.PREPARED:
        raise ServiceError(gettext("Danh sách bầu cử đã chốt (đã phát phiếu); không sửa được nữa."))
    return rnd


# --------------------------------------------------------------------------- set-up


@transaction.atomic
def election_create(*, actor: Any, congress: Congress, kind: str, seats: int,
                    alternates: int = 0, seats_decision: str = "",
                    body: str = ElectionBody.CONGRESS) -> Election:
    if kind not in ElectionKind.values:
        raise ServiceError(gettext("Loại bầu cử không hợp lệ."), field="kind")
    if body not in ElectionBody.values:
        raise ServiceError(gettext("Nơi bầu không hợp lệ."), field="body")
    if seats < 1:
        raise ServiceError(gettext("Số lượng bầu phải từ 1 trở lên."), field="seats")
    if alternates and kind != ElectionKind.DELEGATES:
        raise ServiceError(gettext("Chỉ bầu đại biểu mới có dự khuyết."), field="alternates")
    if kind == ElectionKind.CELL_COMMITTEE and congress.kind != CongressKind.MEMBERS:
        raise ServiceError(gettext("Chi ủy được bầu tại đại hội chi bộ (đại hội đảng viên)."),
                           field="kind")
    refusal = eligibility.election_refusal(congress=congress, kind=kind, seats=seats, body=body)
    if refusal:  # the Vietnamese sentence says which field it is about
        raise ServiceError(translated(refusal), field="seats" if "không bầu" in refusal
                           else "kind")
    position = Election.objects.filter(congress=congress).count() + 1
    election = Election(congress=congress, kind=kind, seats=seats, alternates=alternates,
                        seats_decision=seats_decision, position=position, body=body)
    election.full_clean()
    election.save()
    rnd = Round.objects.create(election=election, sequence=1, number=1, seats=seats,
                               alternates=alternates)
    with in_record_language():
        _audit(actor, "election.create", election, election, f"Tạo: {election.title}",
               {"kind": kind, "seats": seats, "alternates": alternates, "round": rnd.pk,
                "body": body})
    return election


@transaction.atomic
def election_set_policies(*, actor: Any, election: Election, values: dict[str, str]) -> Election:
    """The named policies of the unconfirmed rules, chosen for this election before its
    ballots are printed; the desk, the count and the minutes use them."""
    election = Election.objects.select_for_update().get(pk=election.pk)
    if selectors.policies_locked(election):
        raise ServiceError(gettext(
            "Phiếu bầu đã in: không đổi được các quy định áp dụng cho cuộc bầu "
                           "này nữa."))
    chosen: dict[str, str] = {}
    for name, value in values.items():
        if name not in selectors.ELECTION_POLICIES:
            raise ServiceError(gettext("Quy định không có trong danh sách được chọn."), field=name)
        try:
            chosen[name] = str(tally.POLICY_TYPES[name](value))
        except ValueError:
            raise ServiceError(gettext(
                "“%(value)s”: lựa chọn không hợp lệ.") % {"value": tally.POLICY_TITLES[name]},
                               field=name) from None
    before = dict(election.policies or {})
    election.policies = chosen
    election.version += 1
    election.save(update_fields=["policies", "version"])
    _audit(actor, "election.policies", election, election,
           "Chọn các quy định áp dụng cho cuộc bầu",
           {"before": before, "after": chosen})
    return election


def _candidate_refusals(election: Election, members: list[Member], *, source: str,
                        floor_agree: int | None = None,
                        floor_attending: int | None = None) -> list[str]:
    """Every reason any of ``members`` may not be put on ``election``'s list, each naming the
    person (R-013, R-014, R-040 and the election-list rules of ``daihoi.composition``); what
    the congress knows is read once for all of them."""
    path = election.congress.organization.path
    day = congress_day(election.congress)
    ours = [m for m in members if m.cell.path.startswith(path)]
    rules = eligibility.refusals(election, ours)
    board = set(BoardMember.objects.filter(election=election, member__in=ours)
                .values_list("member_id", flat=True))
    listed = dict(Candidate.objects.filter(election=election, member__in=ours)
                  .values_list("member_id", "withdrawn"))
    out: list[str] = []
    seen: set[int] = set()
    for m in members:
        name = m.full_name
        named = {"name": name}
        if not m.cell.path.startswith(path):
            out.append(gettext("%(name)s không thuộc đảng bộ của đại hội.") % named)
            continue
        if not m.is_full_member(day):
            out.append(gettext("%(name)s là đảng viên dự bị, không được ứng cử, đề cử.") % named)
        out += [translated(r) for r in rules[m.pk]]
        if m.pk in board:
            out.append(gettext("%(name)s là thành viên Ban kiểm phiếu, không được có tên trong "
                               "danh sách bầu cử.") % named)
        if m.pk in seen or listed.get(m.pk) is False:
            out.append(gettext("%(name)s đã có trong danh sách.") % named)
        elif listed.get(m.pk):
            out.append(gettext("%(name)s đã rút khỏi danh sách theo quyết định của đại hội.")
                       % named)
        seen.add(m.pk)
        if source != CandidateSource.FLOOR:
            continue
        if floor_agree is None or floor_attending is None:
            out.append(gettext("%(name)s: cần số đại biểu dự đại hội và số tán thành.") % named)
        elif floor_agree > floor_attending:
            out.append(gettext("%(name)s: số tán thành (%(agree)s) lớn hơn số dự đại hội "
                               "(%(attending)s).") % {**named, "agree": floor_agree,
                                                      "attending": floor_attending})
        elif not tally.floor_nominee_accepted(agree=floor_agree, attending=floor_attending):
            need = tally.floor_nominee_min_agree(floor_attending)
            out.append(gettext("%(name)s: người ứng cử, được đề cử tại đại hội cần hơn 30%% số "
                               "đại biểu dự đại hội tán thành: ít nhất %(need)s/%(attending)s, "
                               "mới có %(agree)s.") % {**named, "need": need,
                                                       "attending": floor_attending,
                                                       "agree": floor_agree})
    return out


@transaction.atomic
def candidate_add(*, actor: Any, election: Election, member: Member,
                  source: str = CandidateSource.PLAN, floor_agree: int | None = None,
                  floor_attending: int | None = None) -> Candidate:
    """A name on the election list: on the first round's ballot while it is being prepared,
    or, between rounds, a name the congress adds as a choice for the next round's list. A floor
    nominee (R-014) needs more than 30% of those attending; where the congress keeps its
    check-in record in daihoi, those attending are counted from it and a typed number is
    ignored."""
    between = _between_rounds(election)
    rnd = _current_round(election) if between else _list_is_open(election)
    assert rnd is not None
    if source == CandidateSource.FLOOR:
        recorded = eligibility.attending_from_check_in(election.congress)
        if recorded is not None:
            floor_attending = recorded
    reasons = _candidate_refusals(election, [member], source=source,
                                  floor_agree=floor_agree, floor_attending=floor_attending)
    if reasons:
        raise ServiceError(" ".join(reasons), field="member")
    cand = Candidate(election=election, member=member, source=source, floor_agree=floor_agree,
                     floor_attending=floor_attending)
    cand.full_clean()
    cand.save()
    if not between:
        _refresh_list(rnd, selectors.active_candidates(election))
    with in_record_language():
        _audit(actor, "election.candidate_add", election, cand,
               f"Thêm {member.full_name} vào danh sách bầu cử ({CandidateSource(source).label})",
               {"member": member.pk, "source": source, "agree": floor_agree,
                "attending": floor_attending})
    return cand


@transaction.atomic
def candidates_add_many(*, actor: Any, election: Election, members: list[Member],
                        origin: str) -> list[Candidate]:
    """Several names on the list in one action (R-022: from the personnel plan; or pasted),
    as plan nominees. Every name is checked as ``candidate_add`` checks one; if any is refused
    nothing is added and every refusal is reported, one per line."""
    rnd = _list_is_open(election)
    if not members:
        raise ServiceError(gettext("Không có ai để thêm vào danh sách."))
    reasons = _candidate_refusals(election, members, source=CandidateSource.PLAN)
    if reasons:
        raise ServiceError(_nobody_added(reasons), field="members")
    rows = [Candidate(election=election, member=m, source=CandidateSource.PLAN)
            for m in members]
    for row in rows:  # election and member were checked above (no query per row)
        row.full_clean(exclude=["election", "member"], validate_unique=False,
                       validate_constraints=False)
    try:
        with transaction.atomic():
            Candidate.objects.bulk_create(rows)
    except IntegrityError:  # someone added one of these names at the same moment
        raise ServiceError(gettext("Danh sách vừa được sửa ở nơi khác; hãy xem lại và thêm lại."),
                           field="members") from None
    _refresh_list(rnd, selectors.active_candidates(election))
    _audit(actor, "election.candidates_add", election, election,
           f"Thêm {len(rows)} người vào danh sách bầu cử ({origin})",
           {"members": [m.pk for m in members], "origin": origin})
    return rows


def _nobody_added(reasons: list[str]) -> str:
    """The refusal of a list of names of which some cannot be added: one reason a line."""
    return "\n".join([gettext("Không thêm ai vào danh sách:"), *reasons])


def candidates_from_plan(*, actor: Any, election: Election, plan: Any) -> list[Candidate]:
    """R-022: the list the convening committee prepared (its personnel plan) is the
    nomination list: every name of the plan, in one action."""
    if plan.congress_id != election.congress_id:
        raise ServiceError(gettext("Đề án nhân sự không thuộc đại hội này."), field="plan")
    wanted = {ElectionKind.COMMITTEE: PlanKind.COMMITTEE,
              ElectionKind.DELEGATES: PlanKind.DELEGATES}.get(ElectionKind(election.kind))
    if wanted is None or plan.kind != wanted:
        raise ServiceError(gettext(
            "“%(name)s” là %(lower)s, không dùng cho cuộc bầu này.") % {
                "name": plan.name, "lower": plan.get_kind_display().lower()}, field="plan")
    members = [row.member for row in plan_candidates(plan)]
    return candidates_add_many(actor=actor, election=election, members=members,
                               origin=f"theo đề án nhân sự “{plan.name}”")


def candidates_paste(*, actor: Any, election: Election, text: str) -> list[Candidate]:
    """Names pasted one per line, each matched to one member of the congress's organization
    (a name shared by several people takes the year of birth in brackets: ``Lê Văn An (1975)``).
    An unknown or ambiguous name, or one given twice, adds nobody and is reported."""
    members, problems = names.match_names(election, text)
    if problems:
        raise ServiceError(_nobody_added(problems), field="names")
    return candidates_add_many(actor=actor, election=election, members=members,
                               origin="dán danh sách tên")


@transaction.atomic
def candidate_withdraw(*, actor: Any, candidate: Candidate, decision: str) -> Candidate:
    """R-016: a withdrawal the congress decided, with its decision."""
    election = candidate.election
    rnd = _list_is_open(election)
    if not decision.strip():
        raise ServiceError(gettext("Ghi quyết định của đại hội cho phép rút khỏi danh sách."),
                           field="decision")
    if candidate.withdrawn:
        raise ServiceError(gettext("Người này đã rút khỏi danh sách."))
    candidate.withdrawn = True
    candidate.withdrawal_decision = decision.strip()[:300]
    candidate.save(update_fields=["withdrawn", "withdrawal_decision"])
    _refresh_list(rnd, selectors.active_candidates(election))
    _audit(actor, "election.candidate_withdraw", election, candidate,
           f"{candidate.member.full_name} rút khỏi danh sách", {"decision": decision})
    return candidate


@transaction.atomic
def board_member_add(*, actor: Any, election: Election, member: Member,
                     is_head: bool = False) -> BoardMember:
    """R-040: official members not on the list; never probationary; one head."""
    if not member.cell.path.startswith(election.congress.organization.path):
        raise ServiceError(gettext("Đảng viên không thuộc đảng bộ của đại hội."), field="member")
    if not member.is_full_member(congress_day(election.congress)):
        raise ServiceError(gettext("Đảng viên dự bị không được làm thành viên Ban kiểm phiếu."),
                           field="member")
    if Candidate.objects.filter(election=election, member=member, withdrawn=False).exists():
        raise ServiceError(gettext(
            "Người có tên trong danh sách bầu cử không được làm thành viên Ban "
                           "kiểm phiếu."), field="member")
    if BoardMember.objects.filter(election=election, member=member).exists():
        raise ServiceError(gettext(
            "%(full_name)s đã là thành viên Ban kiểm phiếu.") % {
                "full_name": member.full_name}, field="member")
    if is_head:
        BoardMember.objects.filter(election=election, is_head=True).update(is_head=False)
    row = BoardMember.objects.create(election=election, member=member, is_head=is_head)
    _audit(actor, "election.board_add", election, row,
           f"{member.full_name} vào Ban kiểm phiếu" + (" (Trưởng ban)" if is_head else ""),
           {"member": member.pk, "head": is_head})
    return row


@transaction.atomic
def round_set_base(*, actor: Any, rnd: Round, summoned: int, deductions: dict[str, int],
                   note: str = "", teams_required: int = 2) -> Round:
    """The threshold base entered on the round (R-051/R-052); checked by ``compute_base``."""
    rnd = _lock_round(rnd)
    if rnd.status not in (RoundStatus.PREPARED, RoundStatus.BALLOTS_ISSUED):
        raise ServiceError(gettext("Sau khi kết thúc bỏ phiếu không sửa được cơ sở tính."))
    if teams_required not in (2, 3):
        raise ServiceError(gettext("Số bàn nhập độc lập là 2 hoặc 3."), field="teams_required")
    rnd.summoned = summoned
    for d, f in selectors.DEDUCTION_FIELDS.items():
        setattr(rnd, f, int(deductions.get(d.value, 0) or 0))
    rnd.base_note = note[:500]
    rnd.teams_required = teams_required
    try:
        breakdown = selectors.base_breakdown(rnd)
    except tally.TallyInputError as exc:
        raise ServiceError(gettext(
            "Cơ sở tính: %(message)s") % {"message": exc.message}, field="summoned") from exc
    rnd.version += 1
    rnd.save()
    _audit(actor, "election.round_base", rnd.election, rnd,
           f"Cơ sở tính kết quả: {breakdown.base if breakdown else '-'}",
           {"summoned": summoned, "deductions": deductions, "teams": teams_required})
    return rnd


def round_base_from_attendance(*, actor: Any, rnd: Round) -> Round:
    """Take the round's threshold base from the congress's attendance record (R-052), as the
    delegates app computes it; the board may still correct it with ``round_set_base``."""
    conference = eligibility.conference_base(rnd.election)
    if conference is not None:  # the conference's body, not the congress's attendance
        summoned, note = conference
        return round_set_base(actor=actor, rnd=rnd, summoned=summoned, deductions={},
                              note=note, teams_required=rnd.teams_required)
    try:
        detail = threshold_breakdown_for(rnd.election.congress)
    except tally.TallyInputError as exc:
        raise ServiceError(gettext(
            "Cơ sở tính theo điểm danh: %(message)s") % {"message": exc.message}) from exc
    sessions = ", ".join(s.name for s in detail.sessions) or "chưa điểm danh phiên nào"
    if rnd.election.congress.kind == CongressKind.DELEGATES:
        note = f"Theo điểm danh đại biểu ({sessions})"
    elif detail.sessions or rnd.election.congress.delegates.exists():
        note = f"Theo danh sách đảng viên triệu tập và điểm danh ({sessions})"
    else:
        note = "Theo tình trạng đảng viên vào ngày đại hội"
    return round_set_base(
        actor=actor, rnd=rnd, summoned=detail.base.summoned,
        deductions={k.value: n for k, n in detail.base.deductions.items()},
        note=note, teams_required=rnd.teams_required,
    )


def round_print(*, actor: Any, rnd: Round, count: int) -> Round:
    """Record how many copies of the round's ballot were made (every ballot of a round is the
    same and carries no number, R-030a); the list must pass the surplus check of the engine
    first (R-020, R-021). Ballots issued may not exceed the copies made."""

    def step(r: Round) -> None:
        _refuse_if(selectors.issues_before_print(r))
        if count < 1 or count > 5000:
            raise ServiceError(gettext("Số phiếu in từ 1 đến 5000."), field="count")
        r.ballots_printed = count

    return _transition(actor, rnd, "print", step)


@transaction.atomic
def desk_assign(*, actor: Any, rnd: Round, user: Any, team: int,
                technical_staff: bool = False, scanned: bool = False) -> EntryDesk:
    """A desk for one user. A board member keys as such; with ``technical_staff`` a person who
    is not on the board keys under the board's authority (R-041, computer counting) and is
    listed as technical staff, never as a board member. A candidate never keys. With
    ``scanned`` the desk is a scan desk of the round (``selectors.MAX_SCAN_DESKS`` at most:
    the second one scans every ballot again, a second reading): its user runs the scanner, and
    its entries come from the reader (:func:`entry_from_scanner`), never from typing."""
    rnd = _lock_round(rnd)
    if rnd.status in (RoundStatus.RECONCILED, RoundStatus.ANNOUNCED, RoundStatus.VOID):
        raise ServiceError(gettext("Vòng bầu đã đối chiếu xong; không thêm bàn nhập được."))
    if team < 1 or team > rnd.teams_required:
        raise ServiceError(gettext(
            "Tổ nhập phiếu từ 1 đến %(teams_required)s.") % {
                "teams_required": rnd.teams_required}, field="team")
    on_board = BoardMember.objects.filter(election=rnd.election, member__user=user).exists()
    if not on_board and not technical_staff:
        raise ServiceError(gettext(
            "Người nhập phiếu phải là thành viên Ban kiểm phiếu có tài khoản, "
                           "hoặc được giao là nhân viên kỹ thuật giúp Ban kiểm phiếu."),
                           field="user")
    if on_board and technical_staff:
        raise ServiceError(gettext(
            "Thành viên Ban kiểm phiếu nhập phiếu với tư cách thành viên, không "
                           "phải nhân viên kỹ thuật."), field="user")
    if Candidate.objects.filter(election=rnd.election, withdrawn=False,
                                member__user=user).exists():
        raise ServiceError(gettext("Người có tên trong danh sách bầu cử không được nhập phiếu."),
                           field="user")
    if EntryDesk.objects.filter(round=rnd, user=user).exists():
        raise ServiceError(gettext(
            "Mỗi người chỉ nhập ở một bàn (các bàn phải độc lập)."), field="user")
    if scanned and len(selectors.scan_desks(rnd)) >= selectors.MAX_SCAN_DESKS:
        raise ServiceError(gettext(
            "Lần bỏ phiếu này đã có %(n)s bàn quét phiếu (bàn quét thứ hai là để quét lại mọi "
            "phiếu lần thứ hai): không giao thêm bàn quét.") % {"n": selectors.MAX_SCAN_DESKS},
            field="scanned")
    if EntryDesk.objects.filter(round=rnd, team=team).exists():
        raise ServiceError(gettext(
            "Tổ %(team)s đã có người nhập.") % {"team": team}, field="team")
    desk = EntryDesk.objects.create(round=rnd, user=user, team=team,
                                    technical_staff=technical_staff, scanned=scanned)
    _audit(actor, "election.desk_assign", rnd.election, desk,
           f"Bàn {'quét' if scanned else 'nhập'} phiếu số {team}: {user.username}"
           + (" (nhân viên kỹ thuật)" if technical_staff else ""),
           {"team": team, "user": user.pk, "technical_staff": technical_staff,
            "scanned": scanned})
    return desk


# --------------------------------------------------------------------------- transitions

TRANSITIONS: dict[str, tuple[str, str]] = {
    "print": (RoundStatus.PREPARED, RoundStatus.PREPARED),
    "issue_ballots": (RoundStatus.PREPARED, RoundStatus.BALLOTS_ISSUED),
    "close_voting": (RoundStatus.BALLOTS_ISSUED, RoundStatus.VOTING_CLOSED),
    "start_counting": (RoundStatus.VOTING_CLOSED, RoundStatus.COUNTING),
    "reconcile": (RoundStatus.COUNTING, RoundStatus.RECONCILED),
    "announce": (RoundStatus.RECONCILED, RoundStatus.ANNOUNCED),
}
#: Each transition as the round page's button says it: an illegal step's refusal (and its
#: audit entry) names the step so, never by its code.
STEP_LABELS: dict[str, Promise] = {
    "print": gettext_lazy("In phiếu bầu"),
    "issue_ballots": gettext_lazy("Phát phiếu bầu"),
    "close_voting": gettext_lazy("Kết thúc bỏ phiếu"),
    "start_counting": gettext_lazy("Bắt đầu kiểm phiếu"),
    "reconcile": gettext_lazy("Đối chiếu xong — tính kết quả"),
    "announce": gettext_lazy("Công bố kết quả"),
}


def _transition(actor: Any, rnd: Round, transition: str,
                step: Callable[[Round], None]) -> Round:
    """Run ``step`` on the locked round if the transition is legal from its state. An illegal
    transition is recorded in the audit log (in its own transaction) and refused (409)."""
    source, _ = TRANSITIONS[transition]
    refused = ""
    with transaction.atomic():
        locked = _lock_round(rnd)
        if locked.status != source:
            def refusal() -> str:
                return gettext("Không thể chuyển “%(step)s” khi vòng bầu đang ở trạng thái "
                               "“%(status)s”.") % {
                    "step": STEP_LABELS[transition],
                    "status": selectors.status_label(locked.status)}

            with in_record_language():
                _audit(actor, "election.illegal_transition", locked.election, locked,
                       refusal(), {"transition": transition, "status": locked.status})
            refused = refusal()  # in the reader's language
        else:
            step(locked)
            locked.version += 1
            locked.save()
            with in_record_language():
                _audit(actor, f"election.round_{transition}", locked.election, locked,
                       f"{locked}: {selectors.status_label(locked.status)}",
                       {"transition": transition, "status": locked.status})
            return locked
    raise IllegalTransitionError(refused)


def _refuse_if(issues: list[str]) -> None:
    if issues:
        raise ServiceError(" ".join(issues))


def round_issue_ballots(*, actor: Any, rnd: Round, issued: int) -> Round:
    def step(r: Round) -> None:
        _refuse_if(selectors.issues_before_issue_ballots(r))
        if issued < 1 or issued > (r.ballots_printed or 0):
            raise ServiceError(gettext(
                "Số phiếu phát ra phải từ 1 đến số phiếu đã in (%(ballots_printed)s bản).") % {
                    "ballots_printed": r.ballots_printed}, field="issued")
        r.ballots_issued = issued
        r.status = RoundStatus.BALLOTS_ISSUED
        r.issued_at = clock.now()

    return _transition(actor, rnd, "issue_ballots", step)


def round_close_voting(*, actor: Any, rnd: Round, collected: int, present: int,
                       quorum_acknowledged: bool = False) -> Round:
    """Ballots collected are recorded first; more than issued voids the round (R-035). Those
    present at the vote are checked against the ballots issued (issued <= present) and the
    quorum (R-110, a warning: below it the presidium must acknowledge it to go on)."""

    def step(r: Round) -> None:
        if collected < 0 or present < 0:
            raise ServiceError(gettext("Số liệu không được âm."))
        if r.summoned is not None and present > r.summoned:
            raise ServiceError(gettext("Số có mặt lớn hơn số được triệu tập."), field="present")
        if (r.ballots_issued or 0) > present:
            raise ServiceError(gettext(
                "Số phiếu phát ra (%(ballots_issued)s) nhiều hơn số có mặt khi bỏ phiếu "
                "(%(present)s): kiểm tra lại.") % {
                    "ballots_issued": r.ballots_issued, "present": present}, field="present")
        check = selectors.round_quorum(r, present)
        if check is not None and not check.reached and not quorum_acknowledged:
            raise ServiceError(
                gettext(
                    "Có mặt %(present)s/%(summoned)s, dưới túc số %(needed)s: Đoàn Chủ tịch cần "
                    "xác nhận đã báo cáo đại hội để tiếp tục.") % {
                        "present": present, "summoned": check.summoned, "needed": check.needed},
                field="quorum_acknowledged")
        r.quorum_acknowledged = bool(check is not None and not check.reached)
        r.ballots_collected = collected
        r.present = present
        r.closed_at = clock.now()
        if tally.round_is_void(issued=r.ballots_issued or 0, collected=collected):
            r.status = RoundStatus.VOID
        else:
            r.status = RoundStatus.VOTING_CLOSED

    return _transition(actor, rnd, "close_voting", step)


def round_start_counting(*, actor: Any, rnd: Round) -> Round:
    def step(r: Round) -> None:
        _refuse_if(selectors.issues_before_start_counting(r))
        r.status = RoundStatus.COUNTING
        r.counting_at = clock.now()

    return _transition(actor, rnd, "start_counting", step)


def _shuffled(items: list[Any]) -> list[Any]:
    out = list(items)
    _rng.shuffle(out)
    return out


def _rewrite_entries_shuffled(r: Round) -> None:
    """Rewrite the desks' entries in random order with new random keys, so that neither the
    stored order nor the keys reveal the order of entry."""
    rows = list(BallotEntry.objects.filter(desk__round=r).values_list("desk_id", "serial",
                                                                       "content"))
    BallotEntry.objects.filter(desk__round=r).delete()
    BallotEntry.objects.bulk_create(
        BallotEntry(desk_id=d, serial=s, content=c) for d, s, c in _shuffled(rows)
    )


def _exports(r: Round, election: tally.Election, serials: list[int]) -> tuple[str, str]:
    """The round's ballots by the board's counting number (the order in which the board took
    them from the box, R-030a; no printed identifier exists): JSON in the ``daihoi tally``
    input format, and CSV with the counting number of each ballot."""
    order = sorted(range(len(election.ballots)), key=serials.__getitem__)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["so_thu_tu_kiem_phieu", "hinh_thuc", "noi_dung", "khong_hop_le"])
    for i in order:
        b = election.ballots[i]
        if isinstance(b, tally.CrossedBallot):
            writer.writerow([serials[i], "crossed", " ".join(str(p + 1) for p in b.crossed)
                             + (" *" if b.write_in else ""), ""])
        elif isinstance(b, tally.MarkedBallot):
            writer.writerow([serials[i], "marks", " ".join(str(m) for m in b.marks)
                             + (" *" if b.write_in else ""), ""])
        else:
            writer.writerow([serials[i], "invalid", "", str(b.reason)])
    description = (f"{r.election.congress.title} — {r.election.title} — lần bỏ phiếu "
                   f"{r.sequence}; phiếu theo số thứ tự kiểm phiếu")
    return dump_election(election, description=description, order=order), buffer.getvalue()


def _require_head(actor: Any, election: Election, what: str) -> None:
    """Only the head of the counting board reconciles, rules and announces (R-041a); the office
    watches. ``actor=None`` is the system (the demo builder). A refusal is recorded in the audit
    log (in its own transaction: call this before the write's transaction) and answers 403."""
    if actor is None or BoardMember.objects.filter(
            election=election, member__user=actor, is_head=True).exists():
        return
    with transaction.atomic():
        _audit(actor, "election.refused", election, election,
               f"Từ chối: chỉ Trưởng ban kiểm phiếu được {what}",
               {"what": what, "user": getattr(actor, "username", "")})
    raise PermissionDenied


#: Only the head of the counting board rules (the scanner's unsure marks too): the one check.
require_head = _require_head


def round_reconcile(*, actor: Any, rnd: Round) -> Round:
    """Every ballot reconciled: count it with ``daihoi.tally``, verify the votes with an
    independent SQL aggregate, and keep the result and the shuffled exports."""
    _require_head(actor, rnd.election, "đối chiếu và tính kết quả")

    def step(r: Round) -> None:
        _refuse_if(selectors.issues_before_reconcile(r))
        counted = selectors.counted_contents(r)
        serials = list(counted)
        contents = [counted[s] for s in serials]
        try:
            election = selectors.tally_election(r, contents)
            result = tally.tally(election)
        except tally.TallyInputError as exc:
            raise ServiceError(gettext(
                "Không kiểm được phiếu: %(path)s: %(message)s") % {
                    "path": exc.path, "message": exc.message}) from exc
        CountedBallot.objects.filter(round=r).delete()
        rows = []
        marks = []
        for i in _shuffled(list(range(len(serials)))):
            outcome = result.outcomes[i]
            ballot = CountedBallot(round=r, serial=serials[i], content=contents[i],
                                   valid=outcome.valid,
                                   invalid_reason=str(outcome.reason or ""))
            rows.append(ballot)
            marks += [CountedMark(ballot=ballot, position=p, mark=m)
                      for p, m in keying.marks_of(contents[i])]
        CountedBallot.objects.bulk_create(rows)
        CountedMark.objects.bulk_create(_shuffled(marks), batch_size=2000)
        _rewrite_entries_shuffled(r)
        store_result(r, result)
        mismatch = selectors.sql_check(r)
        if mismatch:
            raise ServiceError(mismatch)
        r.export_json, r.export_csv = _exports(r, election, serials)
        r.export_sha256 = hashlib.sha256(r.export_json.encode("utf-8")).hexdigest()
        r.export_csv_sha256 = hashlib.sha256(r.export_csv.encode("utf-8")).hexdigest()
        r.status = RoundStatus.RECONCILED
        r.reconciled_at = clock.now()

    return _transition(actor, rnd, "reconcile", step)


def round_announce(*, actor: Any, rnd: Round) -> Round:
    _require_head(actor, rnd.election, "công bố kết quả")

    def step(r: Round) -> None:
        _refuse_if(selectors.issues_before_announce(r))
        r.status = RoundStatus.ANNOUNCED
        r.announced_at = clock.now()

    return _transition(actor, rnd, "announce", step)


@transaction.atomic
def round_open_next(*, actor: Any, election: Election, decision: str,
                    candidate_ids: list[int] | None = None) -> Round:
    """R-035, R-061 to R-063, R-007, R-070: open the next round with the congress's decision.
    The engine's proposal says whether a round may follow, for how many official seats and
    alternate places (a round for alternate places only elects alternates), and by default its
    list; the congress may adopt another list (``candidate_ids``), names added included."""
    election = Election.objects.select_for_update().get(pk=election.pk)
    last = Round.objects.select_for_update().filter(election=election).order_by(
        "-sequence").first()
    assert last is not None
    reading = read_round(last) if last.status == RoundStatus.ANNOUNCED else None
    refused = next_round_refusal(last, reading)
    if refused is not None:
        raise refused
    if not decision.strip():
        raise ServiceError(gettext("Ghi quyết định của đại hội về lần bầu tiếp theo."),
                           field="decision")
    if reading is None:  # after a void round: the same round again, with its list
        number, seats, alternates = last.number, last.seats, last.alternates
        proposed = [r.candidate_id for r in selectors.round_list(last)]
    else:
        # A further round elects only the places still open, official and alternate.
        outcome = election_outcome(election)
        number = last.number + 1
        seats, alternates = outcome.seats_open, outcome.alternates_open
        proposed = list(reading.next_candidates or [])
        if seats == 0 and alternates == 0:
            raise ServiceError(gettext("Không còn chỗ nào để bầu."))
    ids = candidate_ids if candidate_ids else proposed
    if not ids:
        raise ServiceError(gettext("Danh sách lần bầu tiếp theo trống: đại hội cần quyết định danh "
                           "sách."))
    so_far = election_outcome(election)
    taken = {p.candidate_id for p in (*so_far.elected, *so_far.alternates)}
    candidates = list(Candidate.objects.filter(election=election, pk__in=ids, withdrawn=False)
                      .select_related("member"))
    if len(candidates) != len(set(ids)):
        raise ServiceError(gettext(
            "Có người trong danh sách đề nghị không thuộc danh sách bầu cử của "
                           "cuộc bầu này (hoặc đã rút)."))
    already = [c.member.full_name for c in candidates if c.pk in taken]
    if already:
        raise ServiceError(gettext(
            "Đã trúng cử ở lần bầu trước, không đưa vào danh sách lần sau: %(names)s.") % {
                "names": ", ".join(already)})
    rnd = Round.objects.create(
        election=election, sequence=last.sequence + 1, number=number, seats=seats,
        alternates=alternates if election.kind == ElectionKind.DELEGATES else 0,
        opening_decision=decision.strip()[:500], summoned=last.summoned,
        teams_required=last.teams_required, base_note=last.base_note,
        **{f: getattr(last, f) for f in selectors.DEDUCTION_FIELDS.values()},
    )
    _refresh_list(rnd, candidates)
    _audit(actor, "election.round_open", election, rnd,
           f"Mở lần bỏ phiếu {rnd.sequence}: {decision.strip()[:200]}",
           {"seats": seats, "alternates": rnd.alternates, "candidates": ids, "number": number})
    return rnd


@transaction.atomic
def election_stop(*, actor: Any, election: Election, decision: str) -> Election:
    """The congress decided to stop (R-062, R-063, R-007): no further round; the open places
    are left to the higher committee. Only after an announced round that left places open."""
    election = Election.objects.select_for_update().get(pk=election.pk)
    if election.stopped_at is not None:
        raise ServiceError(gettext("Đại hội đã quyết định dừng cuộc bầu này."))
    if not decision.strip():
        raise ServiceError(gettext("Ghi quyết định của đại hội."), field="decision")
    last = _current_round(election)
    if last is None or last.status not in (RoundStatus.ANNOUNCED,):
        raise IllegalTransitionError(gettext(
            "Chỉ quyết định dừng sau khi công bố kết quả một lần bầu."))
    outcome = election_outcome(election)
    if outcome.seats_open == 0 and outcome.alternates_open == 0:
        raise ServiceError(gettext("Đã bầu đủ số lượng; không có gì để dừng."))
    election.stopped_at = clock.now()
    election.stop_decision = decision.strip()[:500]
    election.version += 1
    election.save(update_fields=["stopped_at", "stop_decision", "version"])
    _audit(actor, "election.stop", election, election,
           f"Dừng bầu: {outcome.seats_open} chỗ chính thức, {outcome.alternates_open} chỗ dự "
           f"khuyết để cấp ủy cấp trên xem xét",
           {"decision": decision.strip()[:500], "seats_open": outcome.seats_open,
            "alternates_open": outcome.alternates_open})
    return election


# --------------------------------------------------------------------------- keying


def _check_desk(actor: Any, desk: EntryDesk) -> None:
    if desk.user_id != getattr(actor, "pk", None):
        raise PermissionDenied


def _entry_open(*, round_id: int, status: str, collected: int | None, serial: int) -> None:
    """Refuse an entry unless the round is being counted and ballot ``serial`` is open.

    ``serial`` is the board's counting number: the board numbers the ballots collected, 1 to
    their number, when the box is opened (R-030a). A ballot carries no printed number, so
    nothing here looks one up; a ballot the board finds not issued (no stamp, R-030) is keyed
    with that ruling."""
    if status != RoundStatus.COUNTING:
        if status in (RoundStatus.RECONCILED, RoundStatus.ANNOUNCED):
            raise ServiceError(gettext("Vòng bầu đã đối chiếu xong: không nhập thêm phiếu."))
        raise ServiceError(gettext(
            "Chưa được nhập phiếu: vòng bầu đang “%(status_label)s”.") % {
                "status_label": selectors.status_label(status)})
    if serial < 1 or serial > (collected or 0):
        raise ServiceError(gettext(
            "Không có phiếu số %(serial)s: Ban kiểm phiếu đánh số các phiếu thu vào từ 1 "
            "đến %(collected)s theo thứ tự kiểm.") % {
                "serial": serial, "collected": collected or 0}, field="serial")
    if Resolution.objects.filter(round_id=round_id, serial=serial).exists():
        raise ServiceError(gettext(
            "Phiếu số %(serial)s đã được Trưởng ban kết luận khi đối chiếu; không nhập "
            "lại.") % {"serial": serial}, field="serial")


def _round_state_for_entry(round_id: int) -> tuple[str, int | None]:
    """The round's status and ballots collected, read under a lock that keeps transitions out but
    not the other desks: on PostgreSQL a ``FOR SHARE`` row lock (a transition's ``FOR UPDATE``
    waits for the entries in flight, and they for it); SQLite serializes writers by itself."""
    lock = " FOR SHARE" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT status, ballots_collected FROM {Round._meta.db_table} "  # noqa: S608 - the model's own table name
            f"WHERE id = %s{lock}",
            [round_id],
        )
        status, collected = cursor.fetchone()
    return status, collected


def entry_submit(*, actor: Any, desk: EntryDesk, serial: int, line: str) -> BallotEntry:
    """Key one ballot at a desk. Not audited one by one (secrecy); refused with a clear message
    for a counting number outside the ballots collected, a ballot already keyed at this desk
    (a second tab) or already reconciled, a name typed twice or not on the list, a malformed
    line (``keying``), and an over-vote not confirmed. A ballot keyed "unclear, to the board"
    (``/9``) is stored as such, unclassified: reconciliation sends it to the board head.

    The line is parsed and classified before the write begins; the short write re-checks the
    round under a lock that keeps transitions out but lets the other desks key at once."""
    _check_desk(actor, desk)
    _not_scanned(desk)
    # The list's layout does not change once ballots are printed; the round's state is read
    # fresh, under its lock, by the write below.
    rnd = desk.round
    n = RoundCandidate.objects.filter(round=rnd).count()
    lay = selectors.layout(rnd, n)
    try:
        keyed = keying.parse_line(line, candidates=n, form=lay.form)
    except keying.KeyingError as exc:
        raise ServiceError(str(exc), field="line") from exc
    outcome = (None if keying.needs_ruling(keyed.content) else
               tally.classify_ballot(keying.to_ballot(keyed.content), layout=lay,
                                     policies=selectors.policies_of(rnd.election)))
    unconfirmed = (tally.InvalidReason.OVER_VOTE, tally.InvalidReason.NONE_KEPT)
    if outcome is not None and outcome.reason in unconfirmed and not keyed.confirmed:
        what = (ngettext("giữ lại nhiều hơn %(max)s tên (bầu thừa)",
                         "giữ lại nhiều hơn %(max)s tên (bầu thừa)", lay.max_kept)
                % {"max": lay.max_kept}
                if outcome.reason == tally.InvalidReason.OVER_VOTE else gettext("gạch hết tên"))
        raise ServiceError(gettext(
            "Phiếu này %(what)s: nếu đúng như trên phiếu, gõ thêm “!” ở cuối dòng để ghi "
            "nhận là phiếu không hợp lệ.") % {"what": what}, field="line")
    try:
        with transaction.atomic():
            status, collected = _round_state_for_entry(rnd.pk)
            _entry_open(round_id=rnd.pk, status=status, collected=collected, serial=serial)
            _second_reading_allows(round_id=rnd.pk, desk=desk, serial=serial)
            # The unique constraint (desk, serial) refuses a ballot keyed twice at a desk.
            entry = BallotEntry.objects.create(desk=desk, serial=serial, content=keyed.content)
            EntryDesk.objects.filter(pk=desk.pk).update(last_serial=serial)
    except IntegrityError as exc:
        raise ServiceError(gettext(
            "Phiếu số %(serial)s đã được nhập ở bàn này (không nhập hai lần).") % {
                "serial": serial},
                           field="serial") from exc
    desk.last_serial = serial
    return entry


def _not_scanned(desk: EntryDesk) -> None:
    if desk.scanned:
        raise ServiceError(gettext(
            "Bàn quét phiếu chỉ nhận phiếu do máy đọc phiếu quét đọc (và kết luận của Trưởng "
            "ban); không gõ phiếu ở bàn này."))


def entry_from_scanner(*, desk: EntryDesk, serial: int, content: str) -> BallotEntry:
    """One ballot at the round's scan desk, as the reader read it (``daihoi.scanning``) or as
    the board head ruled what it could not read: ``content`` in the stored format (built by
    ``keying``). Refused like a keyed entry (``_entry_open``: the round counting, the number
    among the ballots collected and not yet ruled on) and for a ballot the scan desk already
    has. Called inside the scanning service's transaction that records the ballot's pages
    (audited there, by batch and by ruling, as the keyed desks are not by ballot)."""
    if not desk.scanned:
        raise ServiceError(gettext("Chỉ bàn quét phiếu nhận phiếu từ máy đọc phiếu quét."))
    if keying.needs_ruling(content):
        raise ServiceError(gettext("Phiếu chưa rõ chưa có cách đọc: chờ Trưởng ban kết luận."))
    keying.to_ballot(content)  # the stored format, or ValueError: a programming error
    try:
        with transaction.atomic():
            status, collected = _round_state_for_entry(desk.round_id)
            _entry_open(round_id=desk.round_id, status=status, collected=collected,
                        serial=serial)
            _second_reading_allows(round_id=desk.round_id, desk=desk, serial=serial)
            return BallotEntry.objects.create(desk=desk, serial=serial, content=content)
    except IntegrityError as exc:
        raise ServiceError(gettext(
            "Phiếu số %(serial)s đã có ở bàn quét phiếu.") % {"serial": serial},
            field="serial") from exc


def desk_may_change(*, desk: EntryDesk) -> None:
    """Refuse (``ServiceError``) when ``desk``'s entries may no longer change: under a
    ballot-comparison audit, the audited desk once the sample is drawn (the scan station's
    discarding of a batch asks here)."""
    _second_reading_allows(round_id=desk.round_id, desk=desk, serial=None)


@transaction.atomic
def entry_undo(*, actor: Any, desk: EntryDesk) -> int | None:
    """Remove the desk's last entry; returns its serial (None when there is nothing to undo)."""
    _check_desk(actor, desk)
    _not_scanned(desk)
    rnd = _lock_round(desk.round)
    if rnd.status != RoundStatus.COUNTING:
        raise ServiceError(gettext("Vòng bầu không còn ở bước nhập phiếu."))
    fresh = EntryDesk.objects.get(pk=desk.pk)
    serial = fresh.last_serial
    if serial is None:
        return None
    _second_reading_allows(round_id=rnd.pk, desk=desk, serial=None)
    if Resolution.objects.filter(round=rnd, serial=serial).exists():
        raise ServiceError(gettext(
            "Phiếu số %(serial)s đã được kết luận khi đối chiếu.") % {"serial": serial})
    BallotEntry.objects.filter(desk=desk, serial=serial).delete()
    EntryDesk.objects.filter(pk=desk.pk).update(last_serial=None)
    desk.last_serial = None
    return serial


def resolution_send_back(*, actor: Any, rnd: Round, serial: int, note: str = "") -> int:
    """The board head sends a ballot the desks keyed differently back to be keyed again,
    blind, at every desk (each desk sees only that the ballot is to be keyed, never another
    desk's reading). Returns the number of entries removed."""
    _require_head(actor, rnd.election, "trả phiếu về các bàn nhập lại")
    with transaction.atomic():
        return _send_back(actor=actor, rnd=rnd, serial=serial, note=note)


def _send_back(*, actor: Any, rnd: Round, serial: int, note: str) -> int:
    r = _lock_round(rnd)
    if r.status != RoundStatus.COUNTING:
        raise IllegalTransitionError(gettext("Chỉ trả phiếu về nhập lại khi đang kiểm phiếu."))
    if Resolution.objects.filter(round=r, serial=serial).exists():
        raise ServiceError(gettext(
            "Phiếu số %(serial)s đã được kết luận.") % {"serial": serial})
    _, diffs, _ = selectors.reconciliation(r)
    diff = next((d for d in diffs if d.serial == serial), None)
    if diff is None:
        raise ServiceError(gettext(
            "Phiếu số %(serial)s không có khác biệt cần nhập lại.") % {"serial": serial})
    removed, _ = BallotEntry.objects.filter(desk__round=r, serial=serial).delete()
    EntryDesk.objects.filter(round=r, last_serial=serial).update(last_serial=None)
    _audit(actor, "election.send_back", r.election, r,
           f"Trả phiếu số {serial} về các bàn nhập lại" + (f": {note.strip()[:200]}"
                                                          if note.strip() else ""),
           {"serial": serial, "keyed": {str(k): v for k, v in diff.by_team.items()}})
    return int(removed)


@transaction.atomic
def resolution_record(*, actor: Any, rnd: Round, serial: int, note: str, line: str = "",
                      from_team: int | None = None, discard: bool = False) -> Resolution:
    """The board head's decision on a ballot the desks keyed differently: one desk's reading,
    a reading typed by the head, or "not a collected ballot" (discard)."""
    r = _lock_round(rnd)
    if not BoardMember.objects.filter(election=r.election, member__user=actor,
                                      is_head=True).exists():
        raise PermissionDenied
    if r.status != RoundStatus.COUNTING:
        raise IllegalTransitionError(gettext("Chỉ kết luận khi đang kiểm phiếu."))
    if not selectors.desks_finished(r):
        raise ServiceError(gettext("Các bàn chưa nhập xong mọi phiếu: chưa đối chiếu được."))
    if not note.strip():
        raise ServiceError(gettext("Ghi kết luận của Ban kiểm phiếu."), field="note")
    if Resolution.objects.filter(round=r, serial=serial).exists():
        raise ServiceError(gettext(
            "Phiếu số %(serial)s đã được kết luận.") % {"serial": serial})
    _, diffs, _ = selectors.reconciliation(r)
    diff = next((d for d in diffs if d.serial == serial), None)
    if diff is None:
        raise ServiceError(gettext(
            "Phiếu số %(serial)s không có khác biệt cần kết luận.") % {"serial": serial})
    if discard:
        content = ""
    elif from_team is not None:
        chosen = diff.by_team.get(from_team)
        if chosen is None:
            raise ServiceError(gettext(
                "Tổ %(from_team)s chưa nhập phiếu số %(serial)s.") % {
                    "from_team": from_team, "serial": serial})
        if keying.needs_ruling(chosen):
            raise ServiceError(gettext(
                "Tổ %(from_team)s chuyển phiếu số %(serial)s cho Trưởng ban (chưa rõ): gõ "
                "cách đọc của Trưởng ban theo phiếu gốc.") % {
                    "from_team": from_team, "serial": serial}, field="line")
        content = chosen
    else:
        rows = selectors.round_list(r)
        try:
            content = keying.parse_line(line, candidates=len(rows),
                                        form=selectors.layout(r, len(rows)).form).content
        except keying.KeyingError as exc:
            raise ServiceError(str(exc), field="line") from exc
        if keying.needs_ruling(content):
            raise ServiceError(gettext(
                "Trưởng ban kết luận cách đọc phiếu: gõ các tên bị gạch hoặc "
                               "lý do không hợp lệ, không gõ “/9”."), field="line")
    res = Resolution.objects.create(round=r, serial=serial, content=content,
                                    note=note.strip()[:500], decided_by=actor)
    _audit(actor, "election.resolve", r.election, res,
           f"Kết luận phiếu số {serial}: {note.strip()[:200]}",
           {"serial": serial, "content": content, "from_team": from_team, "discard": discard,
            "keyed": {str(k): v for k, v in diff.by_team.items()}})
    return res


# --------------------------------------------------------------------------- second reading


def second_reading_choose(*, actor: Any, rnd: Round, method: str,
                          risk_limit: int = audit_math.RISK_LIMIT_DEFAULT_PERCENT,
                          audited_desk: EntryDesk | None = None,
                          audit_desk: EntryDesk | None = None) -> SecondReading:
    """The board head chooses how every ballot is read a second time (R-041a): another desk
    keys every ballot (the default), a second scan desk scans every ballot again (only when the
    round has its two scan desks), or a ballot-comparison audit of ``audited_desk``'s reading
    by a blind reading of a random sample at ``audit_desk`` (risk limit 1-10%). Before the
    count is reconciled, and not after the sample is drawn."""
    _require_head(actor, rnd.election, "chọn cách đọc phiếu lần hai")
    with transaction.atomic():
        r = _lock_round(rnd)
        if r.status in (RoundStatus.RECONCILED, RoundStatus.ANNOUNCED, RoundStatus.VOID):
            raise ServiceError(gettext("Lần bỏ phiếu đã đối chiếu xong: không đổi được cách "
                                       "đọc phiếu lần hai."))
        if method not in SecondReadingMethod.values:
            raise ServiceError(gettext("Cách đọc phiếu lần hai không hợp lệ."), field="method")
        reading = SecondReading.objects.filter(round=r).first() or SecondReading(round=r)
        if reading.drawn:
            raise ServiceError(gettext("Đã rút mẫu kiểm tra đối chiếu: không đổi được cách đọc "
                                       "phiếu lần hai nữa."))
        audit = method == SecondReadingMethod.COMPARISON_AUDIT
        if audit:
            try:
                audit_math.risk_limit_from_percent(risk_limit)
            except audit_math.AuditInputError as exc:
                raise ServiceError(str(exc), field="risk_limit") from None
            if (audited_desk is None or audit_desk is None or audited_desk.round_id != r.pk
                    or audit_desk.round_id != r.pk):
                raise ServiceError(gettext(
                    "Chọn bàn được kiểm tra và bàn kiểm tra trong các bàn nhập phiếu của lần bỏ "
                    "phiếu này."), field="audited_team")
            if audited_desk.pk == audit_desk.pk:
                raise ServiceError(gettext(
                    "Bàn kiểm tra phải khác bàn được kiểm tra (hai người đọc độc lập)."),
                    field="audit_team")
        if method == SecondReadingMethod.SECOND_SCAN and not selectors.second_scan_possible(r):
            raise ServiceError(gettext(
                "Quét lại mọi phiếu lần thứ hai cần hai bàn quét phiếu: giao bàn quét thứ hai "
                "(một tổ khác, một người khác) trước khi chọn cách đọc này."), field="method")
        reading.method = method
        reading.risk_limit = risk_limit if audit else audit_math.RISK_LIMIT_DEFAULT_PERCENT
        reading.audited_desk = audited_desk if audit else None
        reading.audit_desk = audit_desk if audit else None
        reading.chosen_by = actor
        reading.chosen_at = clock.now()
        reading.save()
        label = str(SecondReadingMethod(method).label)
        _audit(actor, "election.second_reading", r.election, r,
               f"{r}: đọc phiếu lần hai — {label}"
               + (f", giới hạn rủi ro {risk_limit}%, kiểm tra bàn số {audited_desk.team} bằng "
                  f"bàn số {audit_desk.team}" if audit and audited_desk and audit_desk else ""),
               {"method": method, "risk_limit": reading.risk_limit,
                "audited_team": audited_desk.team if audit and audited_desk else None,
                "audit_team": audit_desk.team if audit and audit_desk else None})
    return reading


def _audit_reading(r: Round, *, drawn: bool) -> SecondReading:
    reading = SecondReading.objects.filter(round=r).select_related(
        "audited_desk", "audit_desk").first()
    if reading is None or not reading.is_audit:
        raise ServiceError(gettext("Lần bỏ phiếu này không chọn kiểm tra đối chiếu phiếu."))
    if r.status != RoundStatus.COUNTING:
        raise IllegalTransitionError(gettext("Chỉ kiểm tra đối chiếu khi đang kiểm phiếu."))
    if drawn and not reading.drawn:
        raise ServiceError(gettext("Chưa rút mẫu kiểm tra đối chiếu."))
    if not drawn and reading.drawn:
        raise ServiceError(gettext("Đã rút mẫu kiểm tra đối chiếu (chỉ rút một lần)."))
    return reading


def audit_draw(*, actor: Any, rnd: Round, seed: str) -> SecondReading:
    """The board head draws the ballots to compare, once, with the seed the board rolled with
    dice in front of everyone. The audited desk must have read every ballot collected and the
    head ruled on every one it found unclear; its reading is counted by the engine, the
    smallest margin gives the sample size at the chosen risk limit, and the counting numbers
    with the smallest tickets are drawn (``tally.audit``). A tie, or a sample as large as the
    ballots, requires the full second reading at once. From now on the audited reading is
    fixed."""
    _require_head(actor, rnd.election, "rút mẫu kiểm tra đối chiếu")
    with transaction.atomic():
        r = _lock_round(rnd)
        reading = _audit_reading(r, drawn=False)
        try:
            seed = audit_math.parse_seed(seed)
        except audit_math.AuditInputError as exc:
            raise ServiceError(str(exc), field="seed") from None
        _refuse_if(selectors.issues_before_draw(r, reading))
        try:
            plan = comparison.provisional(r, reading)
        except (tally.TallyInputError, audit_math.AuditInputError) as exc:
            raise ServiceError(gettext("Không kiểm được kết quả của bàn được kiểm tra: "
                                       "%(message)s") % {"message": exc}) from exc
        ballots = r.ballots_collected or 0
        serials = () if plan.plan.full else audit_math.draw_sample(
            seed, ballots=ballots, size=plan.plan.size)
        reading.seed = seed
        reading.ballots = ballots
        reading.margin = plan.plan.margin.votes
        reading.margin_detail = comparison.margin_detail(plan.plan.margin, plan.result)
        reading.diluted_margin = (Decimal(plan.plan.diluted.numerator)
                                  / Decimal(plan.plan.diluted.denominator)).quantize(
                                      Decimal("0.00000001"), rounding=ROUND_HALF_UP)
        reading.sample_size = plan.plan.size
        reading.serials = list(serials)
        reading.full_required = plan.plan.full
        reading.drawn_by = actor
        reading.drawn_at = clock.now()
        reading.save()
        _audit(actor, "election.audit_draw", r.election, r,
               f"{r}: rút mẫu kiểm tra đối chiếu — chênh lệch nhỏ nhất {reading.margin} phiếu, "
               f"{reading.sample_size}/{ballots} phiếu"
               + ("; phải nhập lại toàn bộ phiếu" if reading.full_required else ""),
               {"seed": seed, "margin": reading.margin, "margin_detail": reading.margin_detail,
                "ballots": ballots, "sample_size": reading.sample_size,
                "risk_limit": reading.risk_limit, "serials": sorted(serials),
                "full_required": reading.full_required})
    return reading


def audit_conclude(*, actor: Any, rnd: Round) -> SecondReading:
    """The board head concludes the audit once the audit desk has read every drawn ballot:
    each is compared with the audited desk's reading (a ballot the head ruled on was read by a
    person with the paper in hand and stands). All alike: the round may be reconciled on the
    audited reading alone. Any difference: the round now needs a full second reading (the
    audit desk, or another desk, keys every ballot; the usual reconciliation follows)."""
    _require_head(actor, rnd.election, "kết luận kiểm tra đối chiếu")
    with transaction.atomic():
        r = _lock_round(rnd)
        reading = _audit_reading(r, drawn=True)
        if reading.full_required:
            raise ServiceError(gettext("Kết quả rút mẫu đã yêu cầu nhập lại toàn bộ phiếu."))
        if reading.outcome:
            raise ServiceError(gettext("Đã kết luận kiểm tra đối chiếu."))
        sample = comparison.sample_comparison(r, reading)
        missing = [s.serial for s in sample if not s.keyed]
        if missing:
            raise ServiceError(gettext(
                "Bàn kiểm tra còn %(n)s phiếu được rút chưa nhập (phiếu số %(serials)s).")
                % {"n": len(missing), "serials": ", ".join(str(s) for s in missing[:20])})
        differ = [s.serial for s in sample if not s.agrees]
        reading.outcome = AuditOutcome.ESCALATED if differ else AuditOutcome.CONFIRMED
        reading.discrepancies = differ
        reading.concluded_by = actor
        reading.concluded_at = clock.now()
        reading.save()
        if differ and reading.audit_desk_id is not None:
            # The full second reading starts from the audit desk's own readings.
            EntryDesk.objects.filter(pk=reading.audit_desk_id).update(last_serial=None)
        _audit(actor, "election.audit_conclude", r.election, r,
               f"{r}: kiểm tra đối chiếu {len(sample)} phiếu — "
               + (f"{len(differ)} phiếu đọc khác (số {', '.join(map(str, differ[:20]))}): "
                  "nhập lại toàn bộ phiếu" if differ else "không có sai khác"),
               {"outcome": reading.outcome, "sampled": len(sample), "discrepancies": differ})
    return reading


def _second_reading_allows(*, round_id: int, desk: EntryDesk, serial: int | None) -> None:
    """Under a ballot-comparison audit: the audited desk's reading is fixed once the sample is
    drawn; the audit desk keys only the drawn ballots (none before the draw, nothing once the
    audit is concluded); another desk keys nothing. ``serial`` None: an undo.

    Read fresh, inside the write's transaction, unless a ballot is keyed at a desk whose round
    was fetched with no second reading chosen (the desk page's ``select_related``: no query on
    the usual path). A choice made since then cannot have been drawn on yet in a way such an
    entry could spoil: the draw needs the audited desk complete (its further entries are
    refused as duplicates) and the audit desk's entries count only for the ballots drawn."""
    rnd = desk.round
    if (serial is not None and Round.second_reading.is_cached(rnd)
            and getattr(rnd, "second_reading", None) is None):
        return
    reading = SecondReading.objects.filter(round_id=round_id).first()
    if reading is None or not reading.active:
        return
    if desk.pk == reading.audited_desk_id:
        if reading.drawn:
            raise ServiceError(gettext("Đã rút mẫu kiểm tra đối chiếu: kết quả đọc của bàn này "
                                       "đã chốt, không nhập thêm hay sửa."))
        return
    if desk.pk != reading.audit_desk_id:
        raise ServiceError(gettext("Lần bỏ phiếu này đọc phiếu lần hai bằng kiểm tra đối chiếu: "
                                   "bàn này không nhập phiếu."))
    if not reading.drawn:
        raise ServiceError(gettext("Bàn kiểm tra đối chiếu chỉ nhập các phiếu được rút; Ban "
                                   "kiểm phiếu chưa rút mẫu."))
    if reading.outcome:
        raise ServiceError(gettext("Đã kết luận kiểm tra đối chiếu: không nhập hay sửa phiếu "
                                   "mẫu nữa."))
    if serial is not None and serial not in reading.serials:
        raise ServiceError(gettext(
            "Phiếu số %(serial)s không thuộc các phiếu được rút để kiểm tra đối chiếu.")
            % {"serial": serial}, field="serial")
