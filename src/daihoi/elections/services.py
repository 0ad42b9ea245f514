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
import json
import secrets
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction

from daihoi import clock, tally
from daihoi.audit.services import audit_record
from daihoi.congress.models import Congress, CongressKind
from daihoi.core.errors import IllegalTransitionError, ServiceError
from daihoi.elections import eligibility, keying, names, selectors
from daihoi.elections.models import (
    BallotEntry,
    BoardMember,
    Candidate,
    CandidateSource,
    CountedBallot,
    CountedMark,
    Election,
    ElectionKind,
    EntryDesk,
    Resolution,
    Round,
    RoundCandidate,
    RoundStatus,
)
from daihoi.roster.models import Member
from daihoi.roster.services import committee_of

_rng = secrets.SystemRandom()


def _org_id(election: Election) -> int:
    return committee_of(election.congress.organization).pk


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
    # Ballots printed for the old list are void: they must be printed again.
    Round.objects.filter(pk=rnd.pk).update(ballots_printed=None)
    rnd.ballots_printed = None
    RoundCandidate.objects.bulk_create(
        RoundCandidate(round=rnd, candidate=c, position=i, label=label)
        for i, (c, label) in enumerate(zip(ordered, labels, strict=True))
    )


def _list_is_open(election: Election) -> Round:
    rnd = _current_round(election)
    if rnd is None or rnd.sequence != 1 or rnd.status != RoundStatus.PREPARED:
        raise ServiceError("Danh sách bầu cử đã chốt (đã phát phiếu); không sửa được nữa.")
    return rnd


# --------------------------------------------------------------------------- set-up


@transaction.atomic
def election_create(*, actor: Any, congress: Congress, kind: str, seats: int,
                    alternates: int = 0, seats_decision: str = "") -> Election:
    if kind not in ElectionKind.values:
        raise ServiceError("Loại bầu cử không hợp lệ.", field="kind")
    if seats < 1:
        raise ServiceError("Số lượng bầu phải từ 1 trở lên.", field="seats")
    if alternates and kind != ElectionKind.DELEGATES:
        raise ServiceError("Chỉ bầu đại biểu mới có dự khuyết (R-071).", field="alternates")
    if kind == ElectionKind.CELL_COMMITTEE and congress.kind != "members":
        raise ServiceError("Chi ủy được bầu tại đại hội chi bộ (đại hội đảng viên).",
                           field="kind")
    refusal = eligibility.election_refusal(congress=congress, kind=kind, seats=seats)
    if refusal:
        raise ServiceError(refusal, field="kind")
    position = Election.objects.filter(congress=congress).count() + 1
    election = Election(congress=congress, kind=kind, seats=seats, alternates=alternates,
                        seats_decision=seats_decision, position=position)
    election.full_clean()
    election.save()
    rnd = Round.objects.create(election=election, sequence=1, number=1, seats=seats,
                               alternates=alternates)
    _audit(actor, "election.create", election, election, f"Tạo: {election.title}",
           {"kind": kind, "seats": seats, "alternates": alternates, "round": rnd.pk})
    return election


def _candidate_refusals(election: Election, members: list[Member], *, source: str,
                        floor_agree: int | None = None,
                        floor_attending: int | None = None) -> list[str]:
    """Every reason any of ``members`` may not be put on ``election``'s list, each naming the
    person (R-013, R-014, R-040 and the election-list rules of ``daihoi.composition``); what
    the congress knows is read once for all of them."""
    path = election.congress.organization.path
    day = selectors.congress_day(election)
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
        if not m.cell.path.startswith(path):
            out.append(f"{name} không thuộc đảng bộ của đại hội.")
            continue
        if not m.is_full_member(day):
            out.append(f"{name} là đảng viên dự bị, không được ứng cử, đề cử.")
        out += rules[m.pk]
        if m.pk in board:
            out.append(f"{name} là thành viên Ban kiểm phiếu, không được có tên trong danh "
                       "sách bầu cử.")
        if m.pk in seen or listed.get(m.pk) is False:
            out.append(f"{name} đã có trong danh sách.")
        elif listed.get(m.pk):
            out.append(f"{name} đã rút khỏi danh sách theo quyết định của đại hội.")
        seen.add(m.pk)
        if source != CandidateSource.FLOOR:
            continue
        if floor_agree is None or floor_attending is None:
            out.append(f"{name}: cần số đại biểu dự đại hội và số tán thành.")
        elif floor_agree > floor_attending:
            out.append(f"{name}: số tán thành ({floor_agree}) lớn hơn số dự đại hội "
                       f"({floor_attending}).")
        elif not tally.floor_nominee_accepted(agree=floor_agree, attending=floor_attending):
            need = tally.floor_nominee_min_agree(floor_attending)
            out.append(f"{name}: người ứng cử, được đề cử tại đại hội cần hơn 30% số đại biểu "
                       f"dự đại hội tán thành: ít nhất {need}/{floor_attending}, mới có "
                       f"{floor_agree}.")
    return out


@transaction.atomic
def candidate_add(*, actor: Any, election: Election, member: Member,
                  source: str = CandidateSource.PLAN, floor_agree: int | None = None,
                  floor_attending: int | None = None) -> Candidate:
    """One name on the list. A floor nominee (R-014) needs more than 30% of those attending;
    where the congress keeps its check-in record in daihoi, those attending are counted from
    it and a typed number is ignored."""
    rnd = _list_is_open(election)
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
    _refresh_list(rnd, selectors.active_candidates(election))
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
        raise ServiceError("Không có ai để thêm vào danh sách.")
    reasons = _candidate_refusals(election, members, source=CandidateSource.PLAN)
    if reasons:
        raise ServiceError("Không thêm ai vào danh sách:\n" + "\n".join(reasons),
                           field="members")
    rows = [Candidate(election=election, member=m, source=CandidateSource.PLAN)
            for m in members]
    for row in rows:  # election and member were checked above (no query per row)
        row.full_clean(exclude=["election", "member"], validate_unique=False,
                       validate_constraints=False)
    try:
        with transaction.atomic():
            Candidate.objects.bulk_create(rows)
    except IntegrityError:  # someone added one of these names at the same moment
        raise ServiceError("Danh sách vừa được sửa ở nơi khác; hãy xem lại và thêm lại.",
                           field="members") from None
    _refresh_list(rnd, selectors.active_candidates(election))
    _audit(actor, "election.candidates_add", election, election,
           f"Thêm {len(rows)} người vào danh sách bầu cử ({origin})",
           {"members": [m.pk for m in members], "origin": origin})
    return rows


def candidates_from_plan(*, actor: Any, election: Election, plan: Any) -> list[Candidate]:
    """R-022: the list the convening committee prepared (its personnel plan) is the
    nomination list: every name of the plan, in one action."""
    from daihoi.personnel.models import PlanKind
    from daihoi.personnel.selectors import plan_candidates

    if plan.congress_id != election.congress_id:
        raise ServiceError("Đề án nhân sự không thuộc đại hội này.", field="plan")
    wanted = {ElectionKind.COMMITTEE: PlanKind.COMMITTEE,
              ElectionKind.DELEGATES: PlanKind.DELEGATES}.get(ElectionKind(election.kind))
    if wanted is None or plan.kind != wanted:
        raise ServiceError(f"“{plan.name}” là {plan.get_kind_display().lower()}, không dùng "
                           f"cho cuộc bầu này.", field="plan")
    members = [row.member for row in plan_candidates(plan)]
    return candidates_add_many(actor=actor, election=election, members=members,
                               origin=f"theo đề án nhân sự “{plan.name}”")


def candidates_paste(*, actor: Any, election: Election, text: str) -> list[Candidate]:
    """Names pasted one per line, each matched to one member of the congress's organization
    (a name shared by several people takes the year of birth in brackets: ``Lê Văn An (1975)``).
    An unknown or ambiguous name, or one given twice, adds nobody and is reported."""
    members, problems = names.match_names(election, text)
    if problems:
        raise ServiceError("Không thêm ai vào danh sách:\n" + "\n".join(problems),
                           field="names")
    return candidates_add_many(actor=actor, election=election, members=members,
                               origin="dán danh sách tên")


@transaction.atomic
def candidate_withdraw(*, actor: Any, candidate: Candidate, decision: str) -> Candidate:
    """R-016: a withdrawal the congress decided, with its decision."""
    election = candidate.election
    rnd = _list_is_open(election)
    if not decision.strip():
        raise ServiceError("Ghi quyết định của đại hội cho phép rút khỏi danh sách (R-016).",
                           field="decision")
    if candidate.withdrawn:
        raise ServiceError("Người này đã rút khỏi danh sách.")
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
        raise ServiceError("Đảng viên không thuộc đảng bộ của đại hội.", field="member")
    if not member.is_full_member(selectors.congress_day(election)):
        raise ServiceError("Đảng viên dự bị không được làm thành viên Ban kiểm phiếu (R-040).",
                           field="member")
    if Candidate.objects.filter(election=election, member=member, withdrawn=False).exists():
        raise ServiceError("Người có tên trong danh sách bầu cử không được làm thành viên Ban "
                           "kiểm phiếu (R-040).", field="member")
    if BoardMember.objects.filter(election=election, member=member).exists():
        raise ServiceError(f"{member.full_name} đã là thành viên Ban kiểm phiếu.", field="member")
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
        raise ServiceError("Sau khi kết thúc bỏ phiếu không sửa được cơ sở tính.")
    if teams_required not in (2, 3):
        raise ServiceError("Số bàn nhập độc lập là 2 hoặc 3.", field="teams_required")
    rnd.summoned = summoned
    for d, f in selectors.DEDUCTION_FIELDS.items():
        setattr(rnd, f, int(deductions.get(d.value, 0) or 0))
    rnd.base_note = note[:500]
    rnd.teams_required = teams_required
    try:
        breakdown = selectors.base_breakdown(rnd)
    except tally.TallyInputError as exc:
        raise ServiceError(f"Cơ sở tính: {exc.message}", field="summoned") from exc
    rnd.version += 1
    rnd.save()
    _audit(actor, "election.round_base", rnd.election, rnd,
           f"Cơ sở tính kết quả: {breakdown.base if breakdown else '-'}",
           {"summoned": summoned, "deductions": deductions, "teams": teams_required})
    return rnd


def round_base_from_attendance(*, actor: Any, rnd: Round) -> Round:
    """Take the round's threshold base from the congress's attendance record (R-052), as the
    delegates app computes it; the board may still correct it with ``round_set_base``."""
    from daihoi.delegates.selectors import threshold_breakdown_for

    conference = eligibility.conference_base(rnd.election)
    if conference is not None:  # the conference's body, not the congress's attendance
        summoned, note = conference
        return round_set_base(actor=actor, rnd=rnd, summoned=summoned, deductions={},
                              note=note, teams_required=rnd.teams_required)
    try:
        detail = threshold_breakdown_for(rnd.election.congress)
    except tally.TallyInputError as exc:
        raise ServiceError(f"Cơ sở tính theo điểm danh: {exc.message}") from exc
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
    """Record how many ballots (serials 1..count) are printed; the list must pass the surplus
    check of the engine first (R-020, R-021)."""

    def step(r: Round) -> None:
        _refuse_if(selectors.issues_before_print(r))
        if count < 1 or count > 5000:
            raise ServiceError("Số phiếu in từ 1 đến 5000.", field="count")
        r.ballots_printed = count

    return _transition(actor, rnd, "print", step)


@transaction.atomic
def desk_assign(*, actor: Any, rnd: Round, user: Any, team: int) -> EntryDesk:
    rnd = _lock_round(rnd)
    if rnd.status in (RoundStatus.RECONCILED, RoundStatus.ANNOUNCED, RoundStatus.VOID):
        raise ServiceError("Vòng bầu đã đối chiếu xong; không thêm bàn nhập được.")
    if team < 1 or team > rnd.teams_required:
        raise ServiceError(f"Tổ nhập phiếu từ 1 đến {rnd.teams_required}.", field="team")
    if not BoardMember.objects.filter(election=rnd.election, member__user=user).exists():
        raise ServiceError("Người nhập phiếu phải là thành viên Ban kiểm phiếu có tài khoản.",
                           field="user")
    if EntryDesk.objects.filter(round=rnd, user=user).exists():
        raise ServiceError("Mỗi người chỉ nhập ở một bàn (các bàn phải độc lập).", field="user")
    if EntryDesk.objects.filter(round=rnd, team=team).exists():
        raise ServiceError(f"Tổ {team} đã có người nhập.", field="team")
    desk = EntryDesk.objects.create(round=rnd, user=user, team=team)
    _audit(actor, "election.desk_assign", rnd.election, desk,
           f"Bàn nhập phiếu số {team}: {user.username}", {"team": team, "user": user.pk})
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


def _transition(actor: Any, rnd: Round, transition: str,
                step: Callable[[Round], None]) -> Round:
    """Run ``step`` on the locked round if the transition is legal from its state. An illegal
    transition is recorded in the audit log (in its own transaction) and refused (409)."""
    source, _ = TRANSITIONS[transition]
    refused = ""
    with transaction.atomic():
        locked = _lock_round(rnd)
        if locked.status != source:
            refused = (f"Không thể chuyển “{transition}” khi vòng bầu đang ở trạng thái "
                       f"“{selectors.status_label(locked.status)}”.")
            _audit(actor, "election.illegal_transition", locked.election, locked, refused,
                   {"transition": transition, "status": locked.status})
        else:
            step(locked)
            locked.version += 1
            locked.save()
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
            raise ServiceError(f"Số phiếu phát ra phải từ 1 đến số phiếu đã in "
                               f"({r.ballots_printed}).", field="issued")
        r.ballots_issued = issued
        r.status = RoundStatus.BALLOTS_ISSUED
        r.issued_at = clock.now()

    return _transition(actor, rnd, "issue_ballots", step)


def round_close_voting(*, actor: Any, rnd: Round, collected: int, present: int) -> Round:
    """Ballots collected are recorded first; more than issued voids the round (R-035)."""

    def step(r: Round) -> None:
        if collected < 0 or present < 0:
            raise ServiceError("Số liệu không được âm.")
        if r.summoned is not None and present > r.summoned:
            raise ServiceError("Số có mặt lớn hơn số được triệu tập.", field="present")
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
    """The round's ballots in shuffled order: JSON in the ``daihoi tally`` input format, and
    CSV with the serial printed on each ballot."""
    order = _shuffled(list(range(len(election.ballots))))
    ballots: list[dict[str, Any]] = []
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["so_phieu", "hinh_thuc", "noi_dung", "khong_hop_le"])
    for i in order:
        b = election.ballots[i]
        if isinstance(b, tally.CrossedBallot):
            item: dict[str, Any] = {"crossed": list(b.crossed)}
            if b.write_in:
                item["write_in"] = True
            writer.writerow([serials[i], "crossed", " ".join(str(p + 1) for p in b.crossed)
                             + (" *" if b.write_in else ""), ""])
        elif isinstance(b, tally.MarkedBallot):
            item = {"marks": [str(m) for m in b.marks]}
            if b.write_in:
                item["write_in"] = True
            writer.writerow([serials[i], "marks", " ".join(str(m) for m in b.marks)
                             + (" *" if b.write_in else ""), ""])
        else:
            item = {"invalid": str(b.reason)}
            writer.writerow([serials[i], "invalid", "", str(b.reason)])
        ballots.append(item)
    base = election.base
    data = {
        "description": f"{r.election.congress.title} — {r.election.title} — lần bỏ phiếu "
                       f"{r.sequence}; phiếu theo thứ tự ngẫu nhiên",
        "congress": str(election.congress),
        "election": str(election.kind),
        "seats": election.seats,
        "alternates": election.alternates,
        "candidates": list(election.candidates),
        "base": {"summoned": base.summoned,
                 "deductions": {str(k): v for k, v in base.deductions.items()}},
        "ballots_issued": election.ballots_issued,
        "round": election.round,
        "ballots": ballots,
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n", buffer.getvalue()


def round_reconcile(*, actor: Any, rnd: Round) -> Round:
    """Every ballot reconciled: count it with ``daihoi.tally``, verify the votes with an
    independent SQL aggregate, and keep the result and the shuffled exports."""

    def step(r: Round) -> None:
        _refuse_if(selectors.issues_before_reconcile(r))
        counted = selectors.counted_contents(r)
        serials = list(counted)
        contents = [counted[s] for s in serials]
        try:
            election = selectors.tally_election(r, contents)
            result = tally.tally(election)
        except tally.TallyInputError as exc:
            raise ServiceError(f"Không kiểm được phiếu: {exc.path}: {exc.message}") from exc
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
        r.result = tally.result_to_dict(result)
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
    def step(r: Round) -> None:
        _refuse_if(selectors.issues_before_announce(r))
        r.status = RoundStatus.ANNOUNCED
        r.announced_at = clock.now()

    return _transition(actor, rnd, "announce", step)


@transaction.atomic
def round_open_next(*, actor: Any, election: Election, decision: str,
                    candidate_ids: list[int] | None = None) -> Round:
    """R-035, R-061 to R-063, R-007: open the next round with the congress's decision. The
    engine's proposal says whether a round may follow and, by default, its seats and list."""
    last = Round.objects.select_for_update().filter(election=election).order_by(
        "-sequence").first()
    assert last is not None
    if not decision.strip():
        raise ServiceError("Ghi quyết định của đại hội về lần bầu tiếp theo.", field="decision")
    rows = selectors.round_list(last)
    if last.status == RoundStatus.VOID:
        number, seats, alternates = last.number, last.seats, last.alternates
        proposed = [r.candidate_id for r in rows]
    elif last.status == RoundStatus.ANNOUNCED and last.result is not None:
        proposal = last.result.get("next_round")
        if not proposal or proposal.get("round") is None:
            action = proposal.get("action") if proposal else None
            if action == "higher_committee_appoints":
                raise ServiceError("Đã bầu 3 lần không có ai trúng cử bí thư chi bộ: cấp ủy cấp "
                                   "trên chỉ định (R-007).")
            raise ServiceError("Kết quả không đề xuất bầu tiếp.")
        number = int(proposal["round"])
        seats = int(proposal["seats"]) or 0
        alternates = int(proposal["alternates"])
        by_label = {r.label: r.candidate_id for r in rows}
        proposed = [by_label[n] for n in (proposal.get("candidates") or [])]
        if seats == 0 and alternates == 0:
            raise ServiceError("Không còn chỗ nào để bầu.")
    else:
        raise IllegalTransitionError("Chỉ mở lần bầu tiếp theo sau khi công bố kết quả hoặc "
                                     "hủy lần bầu.")
    ids = candidate_ids if candidate_ids else proposed
    if not ids:
        raise ServiceError("Danh sách lần bầu tiếp theo trống: đại hội cần quyết định danh "
                           "sách.")
    candidates = list(Candidate.objects.filter(election=election, pk__in=ids, withdrawn=False)
                      .select_related("member"))
    if seats == 0:
        seats = alternates
        alternates = 0
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


# --------------------------------------------------------------------------- keying


def _check_desk(actor: Any, desk: EntryDesk) -> None:
    if desk.user_id != getattr(actor, "pk", None):
        raise PermissionDenied


def _entry_open(*, round_id: int, status: str, printed: int | None, serial: int) -> None:
    """Refuse an entry unless the round is being counted and ballot ``serial`` is open."""
    if status != RoundStatus.COUNTING:
        if status in (RoundStatus.RECONCILED, RoundStatus.ANNOUNCED):
            raise ServiceError("Vòng bầu đã đối chiếu xong: không nhập thêm phiếu.")
        raise ServiceError(f"Chưa được nhập phiếu: vòng bầu đang “"
                           f"{selectors.status_label(status)}”.")
    if serial < 1 or serial > (printed or 0):
        raise ServiceError(f"Không có phiếu số {serial}: các phiếu in mang số 1 đến "
                           f"{printed}.", field="serial")
    if Resolution.objects.filter(round_id=round_id, serial=serial).exists():
        raise ServiceError(f"Phiếu số {serial} đã được Trưởng ban kết luận khi đối chiếu; "
                           "không nhập lại.", field="serial")


def _round_state_for_entry(round_id: int) -> tuple[str, int | None]:
    """The round's status and printed count, read under a lock that keeps transitions out but
    not the other desks: on PostgreSQL a ``FOR SHARE`` row lock (a transition's ``FOR UPDATE``
    waits for the entries in flight, and they for it); SQLite serializes writers by itself."""
    lock = " FOR SHARE" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT status, ballots_printed FROM {Round._meta.db_table} "  # noqa: S608 - the model's own table name
            f"WHERE id = %s{lock}",
            [round_id],
        )
        status, printed = cursor.fetchone()
    return status, printed


def entry_submit(*, actor: Any, desk: EntryDesk, serial: int, line: str) -> BallotEntry:
    """Key one ballot at a desk. Not audited one by one (secrecy); refused with a clear message
    for a serial not printed, a ballot already keyed at this desk (a second tab) or already
    reconciled, a name typed twice or not on the list, and an over-vote not confirmed.

    The line is parsed and classified before the write begins; the short write re-checks the
    round under a lock that keeps transitions out but lets the other desks key at once."""
    _check_desk(actor, desk)
    # The list's layout does not change once ballots are printed; the round's state is read
    # fresh, under its lock, by the write below.
    rnd = desk.round
    n = RoundCandidate.objects.filter(round=rnd).count()
    lay = selectors.layout(rnd, n)
    try:
        keyed = keying.parse_line(line, candidates=n, form=lay.form)
    except keying.KeyingError as exc:
        raise ServiceError(str(exc), field="line") from exc
    outcome = tally.classify_ballot(keying.to_ballot(keyed.content), layout=lay,
                                    policies=tally.Policies())
    if (outcome.reason in (tally.InvalidReason.OVER_VOTE, tally.InvalidReason.NONE_KEPT)
            and not keyed.confirmed):
        what = ("giữ lại nhiều hơn " + str(lay.max_kept) + " tên (bầu thừa)"
                if outcome.reason == tally.InvalidReason.OVER_VOTE else "gạch hết tên")
        raise ServiceError(f"Phiếu này {what}: nếu đúng như trên phiếu, gõ thêm “!” để ghi "
                           "nhận là phiếu không hợp lệ.", field="line")
    try:
        with transaction.atomic():
            status, printed = _round_state_for_entry(rnd.pk)
            _entry_open(round_id=rnd.pk, status=status, printed=printed, serial=serial)
            # The unique constraint (desk, serial) refuses a ballot keyed twice at a desk.
            entry = BallotEntry.objects.create(desk=desk, serial=serial, content=keyed.content)
            EntryDesk.objects.filter(pk=desk.pk).update(last_serial=serial)
    except IntegrityError as exc:
        raise ServiceError(f"Phiếu số {serial} đã được nhập ở bàn này (không nhập hai lần).",
                           field="serial") from exc
    desk.last_serial = serial
    return entry


@transaction.atomic
def entry_undo(*, actor: Any, desk: EntryDesk) -> int | None:
    """Remove the desk's last entry; returns its serial (None when there is nothing to undo)."""
    _check_desk(actor, desk)
    rnd = _lock_round(desk.round)
    if rnd.status != RoundStatus.COUNTING:
        raise ServiceError("Vòng bầu không còn ở bước nhập phiếu.")
    fresh = EntryDesk.objects.get(pk=desk.pk)
    serial = fresh.last_serial
    if serial is None:
        return None
    if Resolution.objects.filter(round=rnd, serial=serial).exists():
        raise ServiceError(f"Phiếu số {serial} đã được kết luận khi đối chiếu.")
    BallotEntry.objects.filter(desk=desk, serial=serial).delete()
    EntryDesk.objects.filter(pk=desk.pk).update(last_serial=None)
    desk.last_serial = None
    return serial


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
        raise IllegalTransitionError("Chỉ kết luận khi đang kiểm phiếu.")
    if not note.strip():
        raise ServiceError("Ghi kết luận của Ban kiểm phiếu.", field="note")
    if Resolution.objects.filter(round=r, serial=serial).exists():
        raise ServiceError(f"Phiếu số {serial} đã được kết luận.")
    _, diffs, _ = selectors.reconciliation(r)
    diff = next((d for d in diffs if d.serial == serial), None)
    if diff is None:
        raise ServiceError(f"Phiếu số {serial} không có khác biệt cần kết luận.")
    if discard:
        content = ""
    elif from_team is not None:
        chosen = diff.by_team.get(from_team)
        if chosen is None:
            raise ServiceError(f"Tổ {from_team} chưa nhập phiếu số {serial}.")
        content = chosen
    else:
        rows = selectors.round_list(r)
        try:
            content = keying.parse_line(line, candidates=len(rows),
                                        form=selectors.layout(r, len(rows)).form).content
        except keying.KeyingError as exc:
            raise ServiceError(str(exc), field="line") from exc
    res = Resolution.objects.create(round=r, serial=serial, content=content,
                                    note=note.strip()[:500], decided_by=actor)
    _audit(actor, "election.resolve", r.election, res,
           f"Kết luận phiếu số {serial}: {note.strip()[:200]}",
           {"serial": serial, "content": content, "from_team": from_team, "discard": discard,
            "keyed": {str(k): v for k, v in diff.by_team.items()}})
    return res
