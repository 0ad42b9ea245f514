"""One ballot: its form (R-031, R-032), its validity (R-033, R-034), the votes it gives
(R-031, R-032, R-033, R-050), and the batch check of the round (R-035).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import chain

from daihoi.tally.errors import TallyInputError
from daihoi.tally.model import (
    Ballot,
    CrossedBallot,
    ElectionKind,
    InvalidReason,
    Mark,
    MarkedBallot,
    RuledInvalidBallot,
)
from daihoi.tally.policies import (
    AlternatesMode,
    MaxKeptPolicy,
    Policies,
    SingleNamePolicy,
    WriteInPolicy,
)

_MARKS: frozenset[Mark] = frozenset(Mark)


class BallotForm(StrEnum):
    """The ballot form of a list (R-031 / R-032)."""

    CROSS_OUT = "cross_out"  # list with surplus: cross out the names not voted for
    AGREE_DISAGREE = "agree_disagree"  # list without surplus: one X per name


@dataclass(frozen=True, slots=True)
class BallotLayout:
    """What a ballot of this election looks like: number of names, form, names kept at most."""

    candidates: int
    max_kept: int
    form: BallotForm


@dataclass(frozen=True, slots=True)
class BallotOutcome:
    """The classification of one ballot: valid, or invalid with its reason.

    ``kept`` is the number of names the ballot votes for (0 when invalid).
    """

    valid: bool
    reason: InvalidReason | None
    kept: int


def max_names_kept(*, seats: int, alternates: int, kind: ElectionKind, policies: Policies) -> int:
    """R-033, R-072: how many names a valid ballot may keep ("đủ hoặc thiếu").

    The number to elect; for a delegate election with alternates on one common list
    (``AlternatesMode.SINGLE_BALLOT_RANKED``), seats + alternates under the default
    ``MaxKeptPolicy.SEATS_PLUS_ALTERNATES``, or seats under ``MaxKeptPolicy.SEATS``.
    A further round held only for alternate places (``seats == 0``) keeps at most the
    alternate places it elects: its over-votes are judged against that number.
    """
    if seats == 0:
        return alternates
    if (
        kind is ElectionKind.DELEGATES
        and alternates > 0
        and policies.alternates_mode is AlternatesMode.SINGLE_BALLOT_RANKED
        and policies.max_kept is MaxKeptPolicy.SEATS_PLUS_ALTERNATES
    ):
        return seats + alternates
    return seats


def ballot_layout(
    *, candidates: int, seats: int, alternates: int, kind: ElectionKind, policies: Policies
) -> BallotLayout:
    """R-031, R-032: a list with surplus (more names than may be kept) is voted by crossing out;
    a list without surplus by one agree/disagree mark per name.
    """
    if candidates < 1:
        raise TallyInputError("candidates", "danh sách bầu cử trống / the list is empty")
    if alternates < 0:
        raise TallyInputError("alternates", "không được âm / must not be negative")
    if seats < 0 or (seats == 0 and (alternates == 0 or kind is not ElectionKind.DELEGATES)):
        raise TallyInputError(
            "seats",
            "phải lớn hơn 0 (chỉ một lần bầu riêng đại biểu dự khuyết mới có 0 chỗ chính thức)"
            " / must be at least 1, or 0 in a round for alternate places only",
        )
    kept = max_names_kept(seats=seats, alternates=alternates, kind=kind, policies=policies)
    form = BallotForm.CROSS_OUT if candidates > kept else BallotForm.AGREE_DISAGREE
    return BallotLayout(candidates=candidates, max_kept=kept, form=form)


def _check_crossed(crossed: Sequence[int], n: int, path: str) -> None:
    """Input checks of a crossed-out list: every position in range, none repeated."""
    if not crossed:
        return
    if min(crossed) < 0 or max(crossed) >= n:
        for j, index in enumerate(crossed):
            if index < 0 or index >= n:
                raise TallyInputError(
                    f"{path}.crossed[{j}]",
                    f"vị trí {index} nằm ngoài danh sách (0–{n - 1}) / index out of range",
                )
    if len(set(crossed)) != len(crossed):
        seen: set[int] = set()
        for j, index in enumerate(crossed):
            if index in seen:
                raise TallyInputError(
                    f"{path}.crossed[{j}]",
                    f"vị trí {index} bị gạch hai lần / position crossed twice",
                )
            seen.add(index)


def _check_marks(marks: Sequence[Mark], n: int, path: str) -> None:
    """Input checks of a marked ballot: one known mark per name."""
    if len(marks) != n:
        raise TallyInputError(
            f"{path}.marks",
            f"cần đúng {n} dấu (một dấu cho mỗi tên), có {len(marks)} / need one mark per name",
        )
    if not _MARKS.issuperset(marks):
        for j, mark in enumerate(marks):
            if mark not in _MARKS:
                raise TallyInputError(
                    f"{path}.marks[{j}]", f"dấu không hợp lệ {mark!r} / unknown mark"
                )


def classify_ballot(
    ballot: Ballot, *, layout: BallotLayout, policies: Policies, path: str = "ballot"
) -> BallotOutcome:
    """R-033, R-034 (and R-031, R-032 for the form): is this ballot valid, and if not, why.

    In order:
    * a counting-board ruling is invalid with its reason (R-034.1 ``not_issued``, R-041);
    * the ballot must have the list's form, and its positions must be in range and not
      repeated, else ``TallyInputError`` (a keying error, not a ballot status);
    * list with surplus: no name kept -> ``none_kept`` (R-034.3); more names kept than
      ``layout.max_kept`` -> ``over_vote`` (R-034.2, so crossing nothing is an over-vote);
    * a write-in -> ``write_in`` under ``WriteInPolicy.INVALID`` (R-034, unconfirmed);
    * single-name list with "both" or "none": ``single_name_not_one_box`` under the default
      ``SingleNamePolicy.INVALID`` (R-033, R-034.4: only exactly one box marked is valid), or
      valid without a vote under the withdrawn reading ``VALID_NO_VOTE``;
    * otherwise valid ("đủ hoặc thiếu", R-033); on a multi-name list without surplus a "both"
      or "none" mark keeps the ballot valid and gives that name nothing.
    """
    if isinstance(ballot, RuledInvalidBallot):
        return BallotOutcome(valid=False, reason=ballot.reason, kept=0)
    n = layout.candidates
    if isinstance(ballot, CrossedBallot):
        if layout.form is not BallotForm.CROSS_OUT:
            raise TallyInputError(
                f"{path}.crossed",
                "danh sách không có số dư: phiếu phải ghi đồng ý/không đồng ý cho từng tên"
                " / list without surplus needs 'marks'",
            )
        _check_crossed(ballot.crossed, n, path)
        kept = n - len(ballot.crossed)
        if kept == 0:
            return BallotOutcome(valid=False, reason=InvalidReason.NONE_KEPT, kept=0)
        if kept > layout.max_kept:
            return BallotOutcome(valid=False, reason=InvalidReason.OVER_VOTE, kept=0)
    else:
        if layout.form is not BallotForm.AGREE_DISAGREE:
            raise TallyInputError(
                f"{path}.marks",
                "danh sách có số dư: phiếu phải ghi các vị trí bị gạch"
                " / list with surplus needs 'crossed'",
            )
        _check_marks(ballot.marks, n, path)
        kept = ballot.marks.count(Mark.AGREE)
    if ballot.write_in and policies.write_in is WriteInPolicy.INVALID:
        return BallotOutcome(valid=False, reason=InvalidReason.WRITE_IN, kept=0)
    if (
        isinstance(ballot, MarkedBallot)
        and n == 1
        and ballot.marks[0] in (Mark.BOTH, Mark.NONE)
        and policies.single_name_both_or_none is SingleNamePolicy.INVALID
    ):
        return BallotOutcome(valid=False, reason=InvalidReason.SINGLE_NAME_NOT_ONE_BOX, kept=0)
    return BallotOutcome(valid=True, reason=None, kept=kept)


def count_votes(valid_ballots: Sequence[Ballot], *, candidates: int) -> list[int]:
    """R-031, R-032, R-033, R-050: the votes each position gets from the given valid ballots.

    Only valid ballots may be passed (R-050: invalid ballots give no votes). A name not crossed
    out is a vote (R-031); an "agree" mark is a vote (R-032); "disagree", "both" and "none" give
    nothing (R-033). Counting is done in bulk (no per-ballot dictionaries).
    """
    crossed = [b.crossed for b in valid_ballots if isinstance(b, CrossedBallot)]
    marked = [b.marks for b in valid_ballots if isinstance(b, MarkedBallot)]
    if len(crossed) + len(marked) != len(valid_ballots):
        raise ValueError("count_votes takes valid ballots only")
    if crossed:
        times_crossed = Counter(chain.from_iterable(crossed))
        total = len(crossed)
        votes = [total - times_crossed[i] for i in range(candidates)]
    else:
        votes = [0] * candidates
    if marked:
        for i, column in enumerate(zip(*marked, strict=True)):
            votes[i] += column.count(Mark.AGREE)
    return votes


def round_is_void(*, issued: int, collected: int) -> bool:
    """R-035: more ballots collected than issued voids the whole round (vote again).

    ``collected == issued`` is fine; ``collected == issued + 1`` is void.
    """
    return collected > issued
