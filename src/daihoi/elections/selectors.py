"""Reads of the elections app: list checks, what blocks each transition, the differences
between desks, the adapter to the counting engine and the independent SQL aggregate.

Every counting rule is called from ``daihoi.tally``; nothing here re-implements one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext

from daihoi import tally
from daihoi.collation import name_sort_key
from daihoi.composition import Quorum, quorum
from daihoi.congress.models import Congress, ProgrammeItem
from daihoi.congress.selectors import congress_day
from daihoi.core.i18n import translated
from daihoi.delegates.selectors import quorum_ratio
from daihoi.elections import keying
from daihoi.elections.models import (
    BallotEntry,
    BoardMember,
    Candidate,
    CountedBallot,
    CountedMark,
    Election,
    ElectionBody,
    EntryDesk,
    Resolution,
    Round,
    RoundCandidate,
    RoundStatus,
    SecondReading,
)
from daihoi.elections.result_store import load_result
from daihoi.personnel.models import PersonnelPlan
from daihoi.roster.models import Member
from daihoi.tally.ranking import is_cell_secretary

DEDUCTION_FIELDS: dict[tally.Deduction, str] = {d: f"ded_{d.value}" for d in tally.Deduction}


def active_candidates(election: Election) -> list[Candidate]:
    """The election list in Vietnamese ABC order by given name (R-025)."""
    rows = Candidate.objects.filter(election=election, withdrawn=False).select_related(
        "member", "member__cell")
    return sorted(rows, key=_name_key)


def _name_key(c: Candidate) -> bytes:
    m = c.member
    return name_sort_key(m.family_name, m.middle_name, m.given_name) + b"\x00" + str(
        m.pk).encode()


def list_check(election: Election, *, seats: int | None = None, alternates: int | None = None,
               candidates: int | None = None) -> tally.ListCheck:
    """R-006, R-020, R-021, R-024 through ``tally.check_list``."""
    n = candidates if candidates is not None else len(active_candidates(election))
    return tally.check_list(
        kind=tally.ElectionKind(election.kind),
        seats=seats if seats is not None else election.seats,
        candidates=n,
        alternates=alternates if alternates is not None else election.alternates,
    )


def board_issues(election: Election) -> list[str]:
    """R-040: official members not on the list, never probationary, with one head."""
    issues: list[str] = []
    board = list(BoardMember.objects.filter(election=election).select_related("member"))
    if not board:
        return [gettext("Chưa có Ban kiểm phiếu.")]
    if sum(1 for b in board if b.is_head) != 1:
        issues.append(gettext("Ban kiểm phiếu phải có đúng một Trưởng ban."))
    on_list = set(
        Candidate.objects.filter(election=election, withdrawn=False).values_list("member_id",
                                                                                 flat=True)
    )
    day = congress_day(election.congress)
    for b in board:
        if not b.member.is_full_member(day):
            issues.append(gettext("%(name)s là đảng viên dự bị, không được làm thành viên Ban "
                                  "kiểm phiếu.") % {"name": b.member.full_name})
        if b.member_id in on_list:
            issues.append(gettext("%(name)s có tên trong danh sách bầu cử, không được làm thành "
                                  "viên Ban kiểm phiếu.") % {"name": b.member.full_name})
    return issues


def base_kind(election: Election) -> tally.CongressKind:
    """Whose base counts the election: the congress's kind (R-051, R-052), or the conference
    of the committee the congress elected (R-054)."""
    if election.body == ElectionBody.CONFERENCE:
        return tally.CongressKind.CONFERENCE
    return tally.CongressKind(election.congress.kind)


def allowed_deductions(election: Election) -> frozenset[tally.Deduction]:
    """The deductions the election's base may have: the engine's rule
    (``tally.allowed_deductions``) for :func:`base_kind`. The round's form, its base and the
    minutes' policy lines ask here."""
    return tally.allowed_deductions(base_kind(election))


def threshold_base(rnd: Round) -> tally.ThresholdBase | None:
    if rnd.summoned is None:
        return None
    allowed = allowed_deductions(rnd.election)
    deductions = {d: getattr(rnd, f) for d, f in DEDUCTION_FIELDS.items() if d in allowed}
    return tally.ThresholdBase(summoned=rnd.summoned,
                               deductions={d: v for d, v in deductions.items() if v})


def base_breakdown(rnd: Round) -> tally.BaseBreakdown | None:
    base = threshold_base(rnd)
    if base is None:
        return None
    return tally.compute_base(congress=base_kind(rnd.election), base=base)


def round_list(rnd: Round) -> list[RoundCandidate]:
    return list(RoundCandidate.objects.filter(round=rnd).select_related("candidate__member")
                .order_by("position"))


def round_labels(rnd: Round) -> list[str]:
    """The names on the round's ballot, in ballot order (one light query, for the desk)."""
    return list(RoundCandidate.objects.filter(round=rnd).order_by("position")
                .values_list("label", flat=True))


#: The named policies an election chooses before its ballots are printed (the unconfirmed
#: rules of the regulation); the others keep the engine's only or default value.
ELECTION_POLICIES: tuple[str, ...] = (
    "single_name_both_or_none", "write_in", "shortfall", "next_round_list", "alternates_mode",
    "max_kept",
)


def policies_of(election: Election) -> tally.Policies:
    """The policies in effect for ``election``: its choices over the engine's defaults. The
    desk, the count and the minutes all read them from here."""
    chosen = election.policies or {}
    values = {name: tally.POLICY_TYPES[name](value) for name, value in chosen.items()
              if name in ELECTION_POLICIES}
    return tally.Policies(**values)  # type: ignore[arg-type]  # names checked against ELECTION_POLICIES


def relevant_policies(election: Election) -> tuple[str, ...]:
    """The policies that can matter for ``election``: the single-name rule where one person
    may stand alone on a list, the alternates' rules where there are alternates, the shortfall
    rule where the regulation leaves it open (not delegates, not a cell's secretary)."""
    kind = tally.ElectionKind(election.kind)
    single = election.seats == 1 or kind in (tally.ElectionKind.SECRETARY,
                                             tally.ElectionKind.DEPUTY_SECRETARY,
                                             tally.ElectionKind.INSPECTION_CHAIR)
    shortfall = kind is not tally.ElectionKind.DELEGATES and not is_cell_secretary(
        congress=base_kind(election), kind=kind)
    out = []
    for name in ELECTION_POLICIES:
        if name == "single_name_both_or_none" and not single:
            continue
        if name in ("alternates_mode", "max_kept") and not election.alternates:
            continue
        if name == "shortfall" and not shortfall:
            continue
        out.append(name)
    return tuple(out)


def policies_locked(election: Election) -> bool:
    """The policies are fixed once a ballot of the election is printed."""
    return Round.objects.filter(election=election).exclude(
        status=RoundStatus.PREPARED, ballots_printed__isnull=True).exists()


def layout(rnd: Round, n: int | None = None) -> tally.BallotLayout:
    count = n if n is not None else RoundCandidate.objects.filter(round=rnd).count()
    return tally.ballot_layout(candidates=max(count, 1), seats=rnd.seats,
                               alternates=rnd.alternates,
                               kind=tally.ElectionKind(rnd.election.kind),
                               policies=policies_of(rnd.election))


# --------------------------------------------------------------------------- transitions


def issues_before_print(rnd: Round, candidates: int | None = None) -> list[str]:
    """What keeps the round's ballot from printing. ``candidates``: the number of names on
    the round's list when the caller has counted them (:func:`list_sizes`)."""
    issues: list[str] = []
    n = RoundCandidate.objects.filter(round=rnd).count() if candidates is None else candidates
    if n == 0:
        return [gettext("Danh sách bầu cử trống.")]
    if rnd.sequence == 1:
        # through the engine. Later rounds use the list the congress decided
        # which need not have a surplus.
        check = list_check(rnd.election, seats=rnd.seats, alternates=rnd.alternates,
                           candidates=n)
        issues += [translated(i.message) for i in check.issues if i.blocking]
    return issues


def issues_before_issue_ballots(rnd: Round) -> list[str]:
    issues = issues_before_print(rnd)
    issues += board_issues(rnd.election)
    if not rnd.ballots_printed:
        issues.append(gettext("Chưa in phiếu bầu (số phiếu in)."))
    if rnd.summoned is None:
        issues.append(gettext("Chưa nhập số được triệu tập và các khoản trừ (cơ sở tính kết "
                              "quả)."))
    else:
        try:
            base_breakdown(rnd)
        except tally.TallyInputError as exc:
            issues.append(gettext("Cơ sở tính kết quả: %(problem)s") % {"problem": exc.message})
    return issues


def round_quorum(rnd: Round, present: int | None = None) -> Quorum | None:
    """Those present at the vote against the quorum of the congress (R-110, a warning);
    None before the number summoned is known."""
    if rnd.summoned is None:
        return None
    shown = rnd.present if present is None else present
    if shown is None:
        return None
    return quorum(summoned=rnd.summoned, present=shown,
                  ratio=quorum_ratio(rnd.election.congress))


#: The scan desks a round may have: the scanned reading and, as the second reading, a second
#: scan (every paper ballot passed through the scanner again at another desk, R-041a). The one
#: place this number is decided.
MAX_SCAN_DESKS = 2


def scan_desks(rnd: Round) -> list[EntryDesk]:
    """The round's scan desks in the order they were assigned (the first one takes the files
    of the round's scan folder, ``scanning.selectors.inbox_folder``)."""
    return list(EntryDesk.objects.filter(round=rnd, scanned=True).select_related("user")
                .order_by("pk"))


def second_scan_possible(rnd: Round) -> bool:
    """A second scan may be the round's second reading: it has its two scan desks."""
    return len(scan_desks(rnd)) >= MAX_SCAN_DESKS


def issues_before_start_counting(rnd: Round) -> list[str]:
    desks = EntryDesk.objects.filter(round=rnd).count()
    if desks < rnd.teams_required:
        return [gettext("Cần %(required)s bàn nhập phiếu độc lập (mỗi bàn một người), mới có "
                        "%(desks)s.") % {"required": rnd.teams_required, "desks": desks}]
    return []


@dataclass(frozen=True)
class Difference:
    serial: int
    by_team: dict[int, str | None]


def desk_contents(rnd: Round) -> dict[int, dict[int, str]]:
    out: dict[int, dict[int, str]] = defaultdict(dict)
    for team, serial, content in BallotEntry.objects.filter(desk__round=rnd).values_list(
        "desk__team", "serial", "content"
    ):
        out[team][serial] = content
    return out


def reconciliation(rnd: Round) -> tuple[dict[int, str], list[Difference], dict[int, str]]:
    """(agreed, unresolved differences, resolved): ballots every team keyed alike, ballots
    where teams differ (or one has not keyed it, or one keyed it "unclear, to the board":
    R-031, ``keying.needs_ruling``), and the board head's decisions.

    While a ballot-comparison audit decides the second reading (``audit_in_force``), the
    reading is the audited desk's alone: every ballot it read is agreed, except those it keyed
    "unclear", which wait for the head's ruling; the sample's comparison is the audit's own
    (``audit_conclude``)."""
    audit = audit_in_force(rnd)
    if audit is not None:
        return _audited_reading(rnd, audit)
    teams = list(EntryDesk.objects.filter(round=rnd).values_list("team", flat=True))
    by_team = desk_contents(rnd)
    resolved = dict(Resolution.objects.filter(round=rnd).values_list("serial", "content"))
    serials = sorted({s for t in teams for s in by_team.get(t, {})})
    agreed: dict[int, str] = {}
    diffs: list[Difference] = []
    for s in serials:
        if s in resolved:
            continue
        contents = {t: by_team.get(t, {}).get(s) for t in teams}
        values = {v for v in contents.values() if v is not None}
        complete = None not in contents.values() and len(teams) >= rnd.teams_required
        if complete and len(values) == 1 and not keying.needs_ruling(next(iter(values))):
            agreed[s] = values.pop()
        else:
            diffs.append(Difference(s, contents))
    return agreed, diffs, resolved


def _audited_reading(rnd: Round, audit: SecondReading
                     ) -> tuple[dict[int, str], list[Difference], dict[int, str]]:
    assert audit.audited_desk is not None
    team = audit.audited_desk.team
    read = dict(BallotEntry.objects.filter(desk_id=audit.audited_desk_id)
                .values_list("serial", "content"))
    resolved = dict(Resolution.objects.filter(round=rnd).values_list("serial", "content"))
    agreed: dict[int, str] = {}
    diffs: list[Difference] = []
    for s in sorted(read):
        if s in resolved:
            continue
        if keying.needs_ruling(read[s]):
            diffs.append(Difference(s, {team: read[s]}))
        else:
            agreed[s] = read[s]
    return agreed, diffs, resolved


# --------------------------------------------------------------------------- second reading


def second_reading_of(rnd: Round) -> SecondReading | None:
    """The board's choice of the round's second reading (None: the default, every ballot keyed
    at ``teams_required`` desks)."""
    return SecondReading.objects.filter(round=rnd).select_related(
        "audited_desk__user", "audit_desk__user", "chosen_by", "drawn_by",
        "concluded_by").first()


def audit_in_force(rnd: Round) -> SecondReading | None:
    """The round's ballot-comparison audit while it decides the second reading: chosen and
    not escalated to a full second reading. A round fetched with
    ``select_related("second_reading")`` (the desk's page) costs no query."""
    if Round.second_reading.is_cached(rnd):
        reading = getattr(rnd, "second_reading", None)
    else:
        reading = second_reading_of(rnd)
    return reading if reading is not None and reading.active else None


def audit_to_key(rnd: Round, audit: SecondReading) -> list[int]:
    """The sampled counting numbers the audit desk keys, in ascending order (the order the
    ballots are pulled from the numbered stack): a ballot the head ruled on with the paper in
    hand (an "unclear" one of the audited desk) is already read by a person and is not keyed
    again."""
    ruled = set(Resolution.objects.filter(round=rnd, serial__in=audit.serials)
                .values_list("serial", flat=True))
    return sorted(s for s in audit.serials if s not in ruled)


def audited_pending(rnd: Round, audit: SecondReading) -> list[int]:
    """The audited desk's ballots still waiting for the head's ruling ("unclear, to the
    board"): the sample is drawn only when none is left."""
    _, diffs, _ = _audited_reading(rnd, audit)
    return [d.serial for d in diffs]


@dataclass(frozen=True)
class DeskProgress:
    """How far a desk has keyed: a count, never a reading. ``role`` in a ballot-comparison
    audit: ``audited`` (keys every ballot), ``audit`` (keys the drawn sample only) or ``""``."""

    team: int
    keyed: int
    missing: int
    role: str = ""


def desk_progress(rnd: Round) -> list[DeskProgress]:
    """Each desk's count of ballots keyed against the ballots collected (the board numbers
    them 1..collected when the box is opened); under a ballot-comparison audit, the audit desk
    against the ballots drawn (none before the draw)."""
    expected = rnd.ballots_collected or 0
    counts = dict(BallotEntry.objects.filter(desk__round=rnd, serial__lte=expected)
                  .values_list("desk__team").annotate(n=Count("id")).values_list("desk__team",
                                                                                  "n"))
    desks = list(EntryDesk.objects.filter(round=rnd).values_list("pk", "team"))
    audit = audit_in_force(rnd)
    if audit is None:
        return [DeskProgress(team, counts.get(team, 0), expected - counts.get(team, 0))
                for _, team in desks]
    sample = audit_to_key(rnd, audit)
    sampled = BallotEntry.objects.filter(desk_id=audit.audit_desk_id, serial__in=sample).count()
    out = []
    for pk, team in desks:
        if pk == audit.audit_desk_id:
            out.append(DeskProgress(team, sampled, len(sample) - sampled, "audit"))
        else:
            role = "audited" if pk == audit.audited_desk_id else ""
            out.append(DeskProgress(team, counts.get(team, 0), expected - counts.get(team, 0),
                                    role))
    return out


def desks_finished(rnd: Round) -> bool:
    """Every required desk has keyed every ballot collected: only then may the board head see
    how the desks keyed (R-041a): before that a desk could copy another's reading. Under a
    ballot-comparison audit, the audited desk has keyed every ballot (its "unclear" ballots
    then go to the head; the sample is compared by the audit)."""
    progress = desk_progress(rnd)
    if any(p.role for p in progress):
        return (rnd.ballots_collected or 0) > 0 and all(
            p.missing == 0 for p in progress if p.role == "audited")
    return (len(progress) >= rnd.teams_required and (rnd.ballots_collected or 0) > 0
            and all(p.missing == 0 for p in progress))


def counted_contents(rnd: Round) -> dict[int, str]:
    agreed, _, resolved = reconciliation(rnd)
    merged = {**agreed, **{s: c for s, c in resolved.items() if c}}
    return dict(sorted(merged.items()))


def issues_before_reconcile(rnd: Round) -> list[str]:
    issues = issues_before_start_counting(rnd)
    audit = audit_in_force(rnd)
    if audit is not None:
        return issues + _audit_issues(rnd, audit)
    if not desks_finished(rnd):
        unfinished = [gettext("tổ %(team)s còn %(n)s phiếu") % {"team": p.team, "n": p.missing}
                      for p in desk_progress(rnd) if p.missing]
        issues.append(gettext("Các bàn chưa nhập xong mọi phiếu thu vào (%(desks)s).")
                      % {"desks": ", ".join(unfinished)} if unfinished
                      else gettext("Các bàn chưa nhập xong mọi phiếu thu vào."))
        return issues
    agreed, diffs, resolved = reconciliation(rnd)
    if diffs:
        issues.append(gettext("Còn %(n)s phiếu hai bàn nhập khác nhau chưa được Trưởng ban "
                              "kết luận.") % {"n": len(diffs)})
    counted = len(agreed) + sum(1 for c in resolved.values() if c)
    if rnd.ballots_collected is not None and counted != rnd.ballots_collected:
        issues.append(gettext("Đã đối chiếu %(counted)s phiếu, nhưng số phiếu thu vào là "
                              "%(collected)s.") % {"counted": counted,
                                                   "collected": rnd.ballots_collected})
    return issues


def issues_before_draw(rnd: Round, audit: SecondReading) -> list[str]:
    """What keeps the sample of a ballot-comparison audit from being drawn: the audited desk
    has not read every ballot collected, or some it found unclear wait for the head's
    ruling."""
    audited = next(p for p in desk_progress(rnd) if p.role == "audited")
    if audited.missing:
        return [gettext("Bàn được kiểm tra (tổ %(team)s) còn %(n)s phiếu chưa nhập.")
                % {"team": audited.team, "n": audited.missing}]
    pending = audited_pending(rnd, audit)
    if pending:
        return [gettext("Còn %(n)s phiếu bàn được kiểm tra chuyển Trưởng ban (chưa rõ) chưa "
                        "được kết luận.") % {"n": len(pending)}]
    return []


def _audit_issues(rnd: Round, audit: SecondReading) -> list[str]:
    """What keeps a round checked by a ballot-comparison audit from being reconciled on the
    audited desk's reading alone."""
    before = issues_before_draw(rnd, audit)
    if before:
        return before
    sample = next(p for p in desk_progress(rnd) if p.role == "audit")
    if not audit.drawn:
        return [gettext("Chưa rút mẫu kiểm tra đối chiếu.")]
    if sample.missing:
        return [gettext("Bàn kiểm tra (tổ %(team)s) còn %(n)s phiếu được rút chưa nhập.")
                % {"team": sample.team, "n": sample.missing}]
    if not audit.outcome:
        return [gettext("Trưởng ban chưa kết luận kiểm tra đối chiếu.")]
    counted = len(counted_contents(rnd))
    if rnd.ballots_collected is not None and counted != rnd.ballots_collected:
        return [gettext("Đã đối chiếu %(counted)s phiếu, nhưng số phiếu thu vào là "
                        "%(collected)s.") % {"counted": counted,
                                             "collected": rnd.ballots_collected}]
    return []


def issues_before_announce(rnd: Round) -> list[str]:
    issues: list[str] = []
    if rnd.result is None:
        issues.append(gettext("Chưa có kết quả."))
        return issues
    mismatch = sql_check(rnd)
    if mismatch:
        issues.append(mismatch)
    return issues


# --------------------------------------------------------------------------- the engine


def labels_for(rows: list[RoundCandidate]) -> list[str]:
    return [r.label for r in rows]


def tally_election(rnd: Round, contents: list[str]) -> tally.Election:
    """The counting engine's input for this round and these ballot contents."""
    rows = round_list(rnd)
    base = threshold_base(rnd)
    if base is None:
        raise tally.TallyInputError("base", "chưa nhập cơ sở tính / base not entered")
    return tally.Election(
        congress=base_kind(rnd.election),
        kind=tally.ElectionKind(rnd.election.kind),
        seats=rnd.seats,
        candidates=tuple(labels_for(rows)),
        base=base,
        ballots_issued=rnd.ballots_issued or 0,
        ballots=tuple(keying.to_ballot(c) for c in contents),
        alternates=rnd.alternates,
        round=rnd.number,
        policies=policies_of(rnd.election),
    )


def list_sizes(rounds: Sequence[Round]) -> dict[int, int]:
    """round id → the number of names on its list, for many rounds in one query."""
    sizes = dict.fromkeys((r.pk for r in rounds), 0)
    sizes.update(RoundCandidate.objects.filter(round__in=rounds).order_by().values("round_id")
                 .annotate(n=Count("id")).values_list("round_id", "n"))
    return sizes


def sql_votes(rnd: Round, n: int) -> list[int]:
    """Votes per position by an SQL aggregate over the counted (reconciled) marks, computed
    independently of the engine's ``count_votes``: on a list with surplus, valid ballots minus
    the times a name is crossed out; on a list without, the ``agree`` marks. The stored
    content is read only through ``keying`` (the owner of its format)."""
    return _sql_votes({rnd.pk: n})[rnd.pk]


def _sql_votes(sizes: dict[int, int]) -> dict[int, list[int]]:
    """:func:`sql_votes` of many rounds (round id → list size) in two queries."""
    crossed_form = dict.fromkeys(sizes, 0)
    valid = CountedBallot.objects.filter(round_id__in=list(sizes), valid=True)
    for round_id, content in valid.values_list("round_id", "content").iterator():
        if keying.is_crossed_form(content):
            crossed_form[round_id] += 1
    per = (CountedMark.objects.filter(ballot__round_id__in=list(sizes), ballot__valid=True)
           .order_by().values("ballot__round_id", "position", "mark").annotate(c=Count("id")))
    votes = {pk: [crossed_form[pk]] * n for pk, n in sizes.items()}
    for row in per:
        counted = votes[row["ballot__round_id"]]
        if row["mark"] == keying.MARK_CROSSED:
            counted[row["position"]] -= row["c"]
        elif row["mark"] == str(tally.Mark.AGREE):
            counted[row["position"]] += row["c"]
    return votes


def sql_check(rnd: Round) -> str:
    """Empty when the SQL aggregate gives the engine's votes; else the message that blocks."""
    return sql_checks([rnd])[rnd.pk]


def sql_checks(rounds: Sequence[Round]) -> dict[int, str]:
    """:func:`sql_check` of each round (by its id), in two queries whatever their number."""
    stored = {}
    for rnd in rounds:
        result = load_result(rnd)
        if result is not None:
            stored[rnd.pk] = result.votes
    computed = _sql_votes({pk: len(v) for pk, v in stored.items()}) if stored else {}
    out = dict.fromkeys((r.pk for r in rounds), "")
    for pk, votes in stored.items():
        if computed[pk] != votes:
            diff = [f"{i + 1}: {a} ≠ {b}" for i, (a, b) in enumerate(zip(
                votes, computed[pk], strict=True)) if a != b]
            out[pk] = gettext(
                "Kiểm tra độc lập bằng SQL cho số phiếu khác với kết quả kiểm phiếu "
                "(%(differences)s): kết quả bị chặn, đề nghị Ban kiểm phiếu kiểm tra lại "
                "dữ liệu.") % {"differences": "; ".join(diff[:10])}
    return out


def keyed_serials(desk: EntryDesk) -> set[int]:
    return set(BallotEntry.objects.filter(desk=desk).values_list("serial", flat=True))


def keyed_contents(desk: EntryDesk) -> dict[int, str]:
    """serial → content of every ballot keyed at ``desk`` (one query for the desk page)."""
    return dict(BallotEntry.objects.filter(desk=desk).values_list("serial", "content"))


def next_serial(desk: EntryDesk, limit: int, keyed: set[int] | None = None) -> int | None:
    """The counting number pre-filled at the desk (the board numbers the ballots collected,
    1 to ``limit``, R-030a): the next one after the last keyed, not yet keyed; at the audit
    desk of a ballot-comparison audit, the next drawn one."""
    keyed = keyed_serials(desk) if keyed is None else keyed
    audit = audit_in_force(desk.round)
    if audit is not None and desk.pk == audit.audit_desk_id:
        # The audit desk keys the drawn ballots only, in ascending order (none before the draw).
        return next((s for s in audit_to_key(desk.round, audit) if s not in keyed), None)
    start = (desk.last_serial or 0) + 1
    for s in list(range(start, limit + 1)) + list(range(1, start)):
        if s not in keyed:
            return s
    return None


def status_label(status: str) -> str:
    return str(RoundStatus(status).label)


# --------------------------------------------------------------------------- the pages' reads


def member_of_congress(election: Election, pk: int) -> Member | None:
    """A member of the congress's organization (or below) by id, or ``None``."""
    return Member.objects.select_related("cell").filter(
        pk=pk, cell__path__startswith=election.congress.organization.path).first()


def candidate_of(election: Election, pk: int) -> Candidate | None:
    return Candidate.objects.filter(election=election, pk=pk).first()


def plan_of(election: Election, pk: int) -> PersonnelPlan | None:
    """One of the congress's personnel plans by id, or ``None``."""
    return PersonnelPlan.objects.filter(congress=election.congress, pk=pk).first()


def withdrawn_candidates(election: Election) -> QuerySet[Candidate]:
    return Candidate.objects.filter(election=election, withdrawn=True).select_related("member")


def plans_for(election: Election) -> QuerySet[PersonnelPlan]:
    """The congress's personnel plans of the election's kind (a list may be taken from one)."""
    return PersonnelPlan.objects.filter(congress=election.congress, kind=election.kind)


def board_of(election: Election) -> QuerySet[BoardMember]:
    return BoardMember.objects.filter(election=election).select_related("member", "member__user")


def board_users(election: Election) -> list[Any]:
    """The logins of the board's members (those a desk may be given to)."""
    return [b.member.user for b in BoardMember.objects.filter(
        election=election, member__user__isnull=False).select_related("member__user")]


def desk_of_team(rnd: Round, team: int) -> EntryDesk | None:
    """The round's desk of ``team``, or None."""
    return EntryDesk.objects.filter(round=rnd, team=team).first()


def round_desks(rnd: Round) -> list[EntryDesk]:
    return list(EntryDesk.objects.filter(round=rnd).select_related("user"))


def is_latest_announced(rnd: Round) -> bool:
    """No later round of ``rnd``'s election has been announced (its results page then shows
    what the whole election elected)."""
    return not Round.objects.filter(election_id=rnd.election_id, status=RoundStatus.ANNOUNCED,
                                    sequence__gt=rnd.sequence).exists()


def programme_items(congress: Congress) -> list[ProgrammeItem]:
    """The congress programme's items in their order (the hall's screen)."""
    return list(ProgrammeItem.objects.filter(congress=congress))
