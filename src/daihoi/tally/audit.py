"""The ballot-comparison audit (kiểm tra đối chiếu phiếu theo giới hạn rủi ro): the margins that
decide a round's result, the sample size of a risk-limiting comparison audit, and the
reproducible draw of the ballots to compare. Pure arithmetic on the engine's result.

A counting board may read its ballots once at a desk it trusts less (a scanner, one typist) and
check that reading by comparing a random sample of paper ballots, read again by a person, with
it, instead of keying every ballot a second time. The sample size is the one Arlo (the
risk-limiting audit software of VotingWorks) computes for a ballot-comparison audit with no
discrepancy expected:

* P. B. Stark, "Super-simple simultaneous single-ballot risk-limiting audits", EVT/WOTE 2010:
  the Kaplan-Markov bound gives ``n = ceil(-2 * gamma * ln(alpha) / mu)``, where ``mu`` is the
  **diluted margin** (the smallest margin in votes divided by the ballots), ``alpha`` the risk
  limit and ``gamma`` an error inflator (``gamma = 1.03905``, the value of Stark's tools,
  Colorado's CORLA and Arlo: ``server/audit_math/supersimple.py``, ``nMin`` with no expected
  over- or understatements).
* If no sampled ballot differs, the chance that a wrong result is confirmed is at most
  ``(1 - mu / (2 * gamma)) ** n <= exp(-n * mu / (2 * gamma)) <= alpha``. Any difference here
  escalates to a full second reading (stricter than Arlo, which may sample on).

The margins (``result_margins``) are counted in votes against what decides a result under the
Party's rules: the threshold is more than half of the base (those summoned, with the
deductions), never of the valid ballots (R-050, R-053, R-055); the seats go by votes among those
above it (R-060); a tie across a cut-off is left to the congress (R-061); alternates are ranked
by votes after the officials (R-070, R-072).

The drawing follows Arlo's idea of a public seed: the board rolls at least 20 ten-sided dice in
front of everyone, each counting number ``s`` (1..ballots, the number the board gives each
ballot when the box is opened) gets the ticket ``SHA-256("<seed>,<s>")`` (UTF-8, ``s`` in
decimal, the digest in lower-case hex), and the ``n`` smallest tickets are the sample. Anyone
can recompute it (``docs/elections.md`` shows how with ``sha256sum``).
"""

from __future__ import annotations

import hashlib
import heapq
import math
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from itertools import pairwise

from daihoi.tally.i18n import gettext_noop as _
from daihoi.tally.ranking import ShortReason
from daihoi.tally.result import CandidateStatus, TallyResult
from daihoi.tally.threshold import share_percent

#: The method's name as the minutes and the pages say it.
METHOD_NAME = _("kiểm tra đối chiếu phiếu theo giới hạn rủi ro")
#: The source of the sample size, as the minutes cite it.
METHOD_SOURCE = ("phương pháp Kaplan–Markov “siêu đơn giản” của P.\u00a0B.\u00a0Stark (2010), "
                 "như phần mềm kiểm tra Arlo")

#: Stark's error inflator gamma, as Stark's tools, CORLA and Arlo set it. It makes room for a
#: few one-vote differences in the bound; the sample grows by 3.9% over gamma = 1.
GAMMA = 1.03905
#: The risk limits a board may choose, in percent (1 to 10; 5 by default, as Arlo proposes).
RISK_LIMIT_MIN_PERCENT = 1
RISK_LIMIT_MAX_PERCENT = 10
RISK_LIMIT_DEFAULT_PERCENT = 5
#: The short list offered first.
RISK_LIMIT_CHOICES_PERCENT = (1, 5, 10)
#: The public seed: at least 20 digits rolled with dice at the count (Arlo asks for 20);
#: at most 100, so that nobody can post a seed that costs memory.
SEED_MIN_DIGITS = 20
SEED_MAX_DIGITS = 100
#: Relative tolerance when the sample size lands on a whole number: ``ceil`` of a float that
#: should be the integer k but came out k + 1e-15 must give k, not k + 1.
_ROUNDING = 1e-12


class AuditInputError(ValueError):
    """A seed, a risk limit or a count the audit cannot take; the message says why
    (Vietnamese)."""


class MarginKind(StrEnum):
    """What one margin separates."""

    ABOVE_THRESHOLD = "above_threshold"  # an elected or alternate over the threshold
    BELOW_THRESHOLD = "below_threshold"  # not elected only for lack of the threshold
    SEAT_CUTOFF = "seat_cutoff"  # the last elected against the first not elected
    ALTERNATE_ORDER = "alternate_order"  # one alternate's rank against the next
    ALTERNATE_CUTOFF = "alternate_cutoff"  # the last alternate against the first not placed
    TIE = "tie"  # equal votes across a cut-off: margin 0


@dataclass(frozen=True, slots=True)
class Margin:
    """One margin of a result, in votes: how many votes read wrongly would change who is
    elected (or an alternate's rank). ``candidates`` are ballot positions (0-based): one for a
    threshold margin, the pair for a cut-off (the one ahead first), the group for a tie."""

    kind: MarginKind
    votes: int
    candidates: tuple[int, ...]


def _open_places(result: TallyResult) -> bool:
    """Places left open because too few reached the threshold: a candidate below it would take
    one by reaching it."""
    short = ShortReason.TOO_FEW_ABOVE_THRESHOLD
    return (result.seats_remaining_reason == short and result.seats_remaining > 0) or (
        result.alternates_remaining_reason == short and result.alternates_remaining > 0)


def result_margins(result: TallyResult) -> tuple[Margin, ...]:
    """Every margin that decides ``result``, in votes (R-053, R-055, R-060, R-061, R-070,
    R-072), in this order:

    * each elected candidate and each alternate over the threshold: ``votes - (threshold - 1)``
      (the votes they may lose and still reach it);
    * while places are open for lack of candidates above the threshold, each candidate below
      it: ``threshold - votes``;
    * when the count filled the official seats, the last elected against the first not elected
      (an alternate on a common list included): the difference of their votes;
    * on a common list, each alternate against the next in rank (equal votes share a rank:
      margin 0), and, when the alternate places are filled, the last alternate against the
      first not placed;
    * each tie across a cut-off: 0.

    A void round has no result to audit (``AuditInputError``).
    """
    if result.void:
        raise AuditInputError("Lần bỏ phiếu bị hủy: không có kết quả để kiểm tra.")
    votes = result.votes
    t = result.threshold
    out: list[Margin] = []
    placed = (*result.elected, *result.alternates)
    out += [Margin(MarginKind.ABOVE_THRESHOLD, votes[i] - (t - 1), (i,)) for i in placed]
    status = {c.position: c.status for c in result.candidates}
    below = sorted((i for i, s in status.items() if s is CandidateStatus.NOT_QUALIFIED),
                   key=lambda i: (-votes[i], i))
    if _open_places(result):
        out += [Margin(MarginKind.BELOW_THRESHOLD, t - votes[i], (i,)) for i in below]
    tied = set(result.tied)
    others = sorted((i for i in range(len(votes)) if i not in set(placed) and i not in tied),
                    key=lambda i: (-votes[i], i))
    elected = sorted(result.elected, key=lambda i: (-votes[i], i))
    if elected and result.seats_remaining == 0:
        after = [*result.alternates, *others]
        first = max(after, key=lambda i: (votes[i], -i), default=None)
        if first is not None:
            last = elected[-1]
            out.append(Margin(MarginKind.SEAT_CUTOFF, votes[last] - votes[first], (last, first)))
    alternates = sorted(zip(result.alternate_ranks, result.alternates, strict=True))
    for (_r1, a), (_r2, b) in pairwise(alternates):
        out.append(Margin(MarginKind.ALTERNATE_ORDER, votes[a] - votes[b], (a, b)))
    if alternates and result.alternates_remaining == 0 and others:
        last_alt = alternates[-1][1]
        first_out = others[0]
        out.append(Margin(MarginKind.ALTERNATE_CUTOFF, votes[last_alt] - votes[first_out],
                          (last_alt, first_out)))
    out += [Margin(MarginKind.TIE, 0, tie.candidates) for tie in result.ties]
    return tuple(out)


def smallest_margin(result: TallyResult) -> Margin:
    """The margin that decides how far the result can be trusted: the smallest of
    ``result_margins`` (the first listed among equals). Every result of a counted round has at
    least one margin (a candidate is either placed, below the threshold with a place open, or
    behind someone placed)."""
    margins = result_margins(result)
    if not margins:
        raise AuditInputError("Kết quả không có chênh lệch nào để kiểm tra.")
    return min(margins, key=lambda m: m.votes)


def diluted_margin(margin: int, ballots: int) -> Fraction:
    """``mu``: the margin in votes over the ballots counted (every counting number of the box,
    invalid ballots included), as an exact fraction."""
    if ballots <= 0:
        raise AuditInputError("Chưa có phiếu nào để kiểm tra.")
    if margin < 0:
        raise AuditInputError("Chênh lệch không được âm.")
    return Fraction(margin, ballots)


def _check_risk_limit(risk_limit: float) -> None:
    if not 0 < risk_limit < 1:
        raise AuditInputError("Giới hạn rủi ro phải lớn hơn 0% và nhỏ hơn 100%.")


def sample_size(*, margin: int, ballots: int, risk_limit: float, gamma: float = GAMMA) -> int:
    """Stark (2010), Kaplan-Markov with no discrepancy expected (Arlo's ``nMin`` with
    ``o1 = o2 = u1 = u2 = 0``): ``n = ceil(-2 * gamma * ln(risk_limit) / mu)`` with
    ``mu = margin / ballots``; capped at ``ballots`` (then every ballot is read again: a full
    second reading). A margin of 0 (a tie) cannot be confirmed by any sample: ``ballots``.

    ``risk_limit`` is a fraction (0.05 for 5%). A whole number is not rounded up for a
    floating-point crumb (``_ROUNDING``).
    """
    _check_risk_limit(risk_limit)
    if gamma < 0.5:  # below 1/2 the bound's factor 1 - 1/(2 gamma) is negative
        raise AuditInputError("Hệ số gamma phải từ 0,5 trở lên.")
    diluted_margin(margin, ballots)  # checks the counts
    if margin == 0:
        return ballots
    exact = -2 * gamma * math.log(risk_limit) * ballots / margin
    whole = round(exact)
    n = whole if abs(exact - whole) <= _ROUNDING * max(1.0, exact) else math.ceil(exact)
    return max(1, min(n, ballots))


@dataclass(frozen=True, slots=True)
class AuditPlan:
    """What the board is told before the draw: the margin that decides, the diluted margin,
    the sample size, and whether only a full second reading can confirm the result (a tie, or
    a sample as large as the ballots)."""

    margin: Margin
    ballots: int
    diluted: Fraction
    size: int
    full: bool


def plan_audit(result: TallyResult, *, ballots: int, risk_limit: float,
               gamma: float = GAMMA) -> AuditPlan:
    """The smallest margin of ``result`` and the sample size for ``ballots`` ballots (the
    counting numbers 1..ballots) at ``risk_limit``."""
    margin = smallest_margin(result)
    size = sample_size(margin=margin.votes, ballots=ballots, risk_limit=risk_limit, gamma=gamma)
    full = margin.votes == 0 or size >= ballots
    return AuditPlan(margin, ballots, diluted_margin(margin.votes, ballots), size, full)


def risk_limit_from_percent(percent: int) -> float:
    """A board's risk limit in percent (``RISK_LIMIT_MIN_PERCENT``..``RISK_LIMIT_MAX_PERCENT``)
    as the fraction ``sample_size`` takes."""
    if not RISK_LIMIT_MIN_PERCENT <= percent <= RISK_LIMIT_MAX_PERCENT:
        raise AuditInputError(
            f"Giới hạn rủi ro từ {RISK_LIMIT_MIN_PERCENT}% đến {RISK_LIMIT_MAX_PERCENT}%.")
    return percent / 100


def diluted_percent(diluted: Fraction) -> str:
    """``mu`` in percent with 2 decimals, rounded half up, like the shares of the minutes
    ("0.86")."""
    return share_percent(diluted.numerator, diluted.denominator)


# --------------------------------------------------------------------------- the draw


def parse_seed(text: str) -> str:
    """The public seed as typed: digits only (spaces between groups of digits are dropped),
    ``SEED_MIN_DIGITS`` to ``SEED_MAX_DIGITS`` of them; else ``AuditInputError``."""
    seed = "".join(text.split())
    if not seed:
        raise AuditInputError(
            f"Nhập số ngẫu nhiên gồm ít nhất {SEED_MIN_DIGITS} chữ số, do Ban kiểm phiếu gieo "
            "xúc xắc tại chỗ.")
    if not (seed.isascii() and seed.isdigit()):
        raise AuditInputError("Số ngẫu nhiên chỉ gồm các chữ số 0–9 (được cách nhau bằng dấu "
                              "cách).")
    if len(seed) < SEED_MIN_DIGITS:
        raise AuditInputError(f"Số ngẫu nhiên cần ít nhất {SEED_MIN_DIGITS} chữ số, mới có "
                              f"{len(seed)}.")
    if len(seed) > SEED_MAX_DIGITS:
        raise AuditInputError(f"Số ngẫu nhiên tối đa {SEED_MAX_DIGITS} chữ số.")
    return seed


def ticket(seed: str, serial: int) -> str:
    """The ticket of counting number ``serial``: ``SHA-256("<seed>,<serial>")`` in lower-case
    hex (fixed length: comparing the text compares the numbers)."""
    return hashlib.sha256(f"{seed},{serial}".encode()).hexdigest()


def draw_sample(seed: str, *, ballots: int, size: int) -> tuple[int, ...]:
    """The ``size`` counting numbers of 1..``ballots`` with the smallest tickets, smallest
    ticket first: no number twice, the same numbers for the same seed on any computer."""
    seed = parse_seed(seed)
    if ballots < 1:
        raise AuditInputError("Chưa có phiếu nào để rút.")
    if not 0 <= size <= ballots:
        raise AuditInputError(f"Số phiếu rút phải từ 0 đến {ballots}.")
    drawn = heapq.nsmallest(size, range(1, ballots + 1), key=lambda s: ticket(seed, s))
    return tuple(drawn)
