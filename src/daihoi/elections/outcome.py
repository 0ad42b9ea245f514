"""What an election has elected across its rounds: the one reading of the announced results
that the results page, the minutes, the resolution and the delegate list share.

Each announced round's result is the counting engine's own, typed by
``elections.result_store`` (written once by ``round_reconcile``); it is put on the round's
list here, by position, and nowhere else put together across rounds:

* official seats are filled by the rounds that elect them, in the order of the rounds;
* alternates are ranked after those of earlier rounds (R-070, R-072): a round held for the
  last alternate place ranks its alternate after the alternates already elected;
* a congress decision to stop (``Election.stopped_at``) leaves the open places to the higher
  committee (R-063, R-007); the election is then complete with fewer than it decided.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext

from daihoi.core.errors import IllegalTransitionError, ServiceError
from daihoi.elections.models import Election, Round, RoundCandidate, RoundStatus
from daihoi.elections.result_store import ResultLine, load_result
from daihoi.tally import NextAction


@dataclass(frozen=True)
class ElectedPerson:
    """One person elected in an announced round."""

    candidate_id: int
    member_id: int
    name: str
    votes: int
    share_percent: str
    round_sequence: int
    #: The alternate's rank across the whole election (1 = first to replace); None for an
    #: official seat.
    rank: int | None = None


@dataclass(frozen=True)
class RoundReading:
    """The typed reading of one round's stored result (by ballot position)."""

    round: Round
    elected: tuple[ElectedPerson, ...]
    alternates: tuple[ElectedPerson, ...]
    next_action: str | None
    next_seats: int
    next_alternates: int
    next_candidates: tuple[int, ...] | None  # candidate ids, None: the congress adopts a list


@dataclass(frozen=True)
class ElectionOutcome:
    election: Election
    elected: tuple[ElectedPerson, ...]
    alternates: tuple[ElectedPerson, ...]
    seats_open: int
    alternates_open: int
    stopped: bool
    rounds_announced: int

    @property
    def complete(self) -> bool:
        """Every place filled, or the congress decided to stop and leave the rest."""
        return self.rounds_announced > 0 and (
            self.stopped or (self.seats_open == 0 and self.alternates_open == 0))

    @property
    def left_to_higher_committee(self) -> int:
        return self.seats_open if self.stopped else 0

    @property
    def elected_names(self) -> list[str]:
        return [p.name for p in self.elected]

    @property
    def alternate_names(self) -> list[str]:
        return [p.name for p in self.alternates]


def read_round(rnd: Round, rows: list[RoundCandidate] | None = None,
               rank_offset: int = 0) -> RoundReading | None:
    """The round's result (``load_result``) put on the round's list by ballot position; None
    before it is counted."""
    result = load_result(rnd)
    if result is None:
        return None
    if rows is None:
        rows = list(RoundCandidate.objects.filter(round=rnd).select_related("candidate")
                    .order_by("position"))
    by_pos = {r.position: r for r in rows}

    def person(line: ResultLine, rank: int | None) -> ElectedPerson:
        row = by_pos[line.position]
        return ElectedPerson(row.candidate_id, row.candidate.member_id, row.label,
                             line.votes, line.share_percent, rnd.sequence, rank)

    proposal = result.next_round
    label_to_id = {r.label: r.candidate_id for r in rows}
    names = proposal.candidates if proposal else None
    return RoundReading(
        round=rnd,
        elected=tuple(person(line, None) for line in result.elected_lines()),
        alternates=tuple(person(line, rank_offset + rank)
                         for line, rank in result.alternate_lines()),
        next_action=proposal.action if proposal else None,
        next_seats=proposal.seats if proposal else 0,
        next_alternates=proposal.alternates if proposal else 0,
        next_candidates=None if names is None else tuple(
            label_to_id[n] for n in names if n in label_to_id),
    )


def election_outcome(election: Election) -> ElectionOutcome:
    """Everything the announced rounds of ``election`` elected, alternates ranked across
    rounds, with the places still open."""
    return election_outcomes([election])[election.pk]


def election_outcomes(elections: Sequence[Election]) -> dict[int, ElectionOutcome]:
    """:func:`election_outcome` of each election (by its id), in two queries whatever the
    number of elections and rounds: a page that lists many elections (the dossier) reads
    them at once."""
    by_pk = {e.pk: e for e in elections}
    rounds: dict[int, list[Round]] = {pk: [] for pk in by_pk}
    announced = list(Round.objects.filter(election_id__in=list(by_pk), status=RoundStatus.ANNOUNCED)
                     .order_by("election_id", "sequence"))
    for rnd in announced:
        rnd.election = by_pk[rnd.election_id]  # the caller's election: no query to read it
        rounds[rnd.election_id].append(rnd)
    rows_by_round: dict[int, list[RoundCandidate]] = {}
    for row in (RoundCandidate.objects.filter(round__in=announced).select_related("candidate")
                .order_by("round_id", "position")):
        rows_by_round.setdefault(row.round_id, []).append(row)
    return {pk: _outcome(e, rounds[pk], rows_by_round) for pk, e in by_pk.items()}


def _outcome(election: Election, rounds: list[Round],
             rows_by_round: dict[int, list[RoundCandidate]]) -> ElectionOutcome:
    elected: list[ElectedPerson] = []
    alternates: list[ElectedPerson] = []
    for rnd in rounds:
        reading = read_round(rnd, rows_by_round.get(rnd.pk, []), rank_offset=len(alternates))
        if reading is None:
            continue
        elected += reading.elected
        alternates += reading.alternates
    return ElectionOutcome(
        election=election, elected=tuple(elected), alternates=tuple(alternates),
        seats_open=max(0, election.seats - len(elected)),
        alternates_open=max(0, election.alternates - len(alternates)),
        stopped=election.stopped_at is not None,
        rounds_announced=len(rounds),
    )


def decision_pending(rnd: Round, reading: RoundReading | None = None) -> bool:
    """The congress has a decision to take after ``rnd`` (R-035, R-061 to R-063): it is the
    election's latest round, the election was not stopped, and the round is void or was
    announced with a proposal. The one rule for "may the next round open / may names be added
    between rounds", read by the round page and the services."""
    if rnd.election.stopped_at is not None:
        return False
    if Round.objects.filter(election_id=rnd.election_id, sequence__gt=rnd.sequence).exists():
        return False
    if rnd.status == RoundStatus.VOID:
        return True
    if rnd.status != RoundStatus.ANNOUNCED:
        return False
    reading = reading if reading is not None else read_round(rnd)
    return reading is not None and reading.next_action is not None


def next_round_refusal(rnd: Round, reading: RoundReading | None = None) -> ServiceError | None:
    """Why no further round may open after ``rnd`` (the error to raise), or ``None`` when it
    may: the one rule for "may the next round open", read by the round page (its button) and
    by ``services.round_open_next``. A round may follow a void round, or an announced round
    whose result proposes one, unless the congress stopped the election, a later round exists,
    or three rounds elected no cell secretary (R-035, R-061 to R-063, R-007)."""
    if rnd.election.stopped_at is not None:
        return ServiceError(gettext("Đại hội đã quyết định dừng bầu cuộc bầu này."))
    if rnd.status not in (RoundStatus.VOID, RoundStatus.ANNOUNCED):
        return IllegalTransitionError(gettext(
            "Chỉ mở lần bầu tiếp theo sau khi công bố kết quả hoặc hủy lần bầu."))
    if Round.objects.filter(election_id=rnd.election_id, sequence__gt=rnd.sequence).exists():
        return IllegalTransitionError(gettext("Đã có lần bỏ phiếu sau lần này."))
    if rnd.status == RoundStatus.VOID:
        return None
    reading = reading if reading is not None else read_round(rnd)
    if reading is None or reading.next_action is None:
        return ServiceError(gettext("Kết quả không đề xuất bầu tiếp: đã bầu đủ số lượng."))
    if reading.next_action == NextAction.HIGHER_COMMITTEE_APPOINTS:
        return ServiceError(gettext(
            "Đã bầu 3 lần không có ai trúng cử bí thư chi bộ: cấp ủy cấp trên chỉ định."))
    return None
