"""The keyed-entry protocol of an entry desk, and the stored form of a keyed ballot.

No counting rule lives here: this module only turns what a typist typed into the ballot the
counting engine (``daihoi.tally``) takes, and back into text for people. The stored content
format is owned here; every reader of it (the engine's adapter, the SQL check in
``selectors.sql_votes``, the reconciliation, the exports) goes through this module.

**What is printed is what is keyed (R-041a).** The ballot prints the names numbered 1…N. For
every list size (1 to 250 names) the typist types, for each name crossed out, *exactly the
number printed beside it*, and separates the numbers with a space, the numeric keypad's ``.``
or ``+``, or a comma: ``3 10``, ``3.10``, ``3+10`` all mean names 3 and 10. Then Enter.

Why this scheme and not fixed-width numbers (``0310``)? Fixed width makes the typist type a
number that is not on the ballot (``03`` for the printed ``3``), so the natural mistake, typing
the printed ``1`` and ``2`` without their zeros, reads as name 12 on a list of 12 or more:
fixed width moves the ambiguity, it does not remove it. With separators a typed number is the
printed number, every token stands alone, and a token that is not a printed number (``70`` on
a 62-name list, ``05``, ``1a``) is refused, as is a number typed twice. One residual mistake
no scheme that types printed numbers can detect: a *forgotten separator* whose concatenation
is itself on the list (``1`` ``2`` typed as ``12`` on a list of 12 or more). For that the desk
page reads every typed number back with the full name before Enter, live, and the ballot is
keyed blind at a second desk (R-041a), where the same slip is unlikely to recur. A missing
separator whose concatenation is not on the list (``1012`` on a 62-name list, any pair on a
list of up to 9 names) is refused.

Keys, all on the numeric keypad except ``!``:

* numbers: the names crossed out (list with surplus, R-031), or, on a list without surplus
  (agree/disagree columns, R-032), the names marked "Không đồng ý"; there ``*`` before a
  number means both boxes marked and ``-`` before a number no box marked (R-033);
* ``/0``: every name crossed out (or every name "Không đồng ý"); the engine then says
  ``none_kept`` on a list with surplus (R-034.3);
* ``/7``: no name crossed out (or "Đồng ý" for every name); on a list with surplus the engine
  says ``over_vote`` (R-034.2, derived);
* ``/1``…``/6``: the board rules the ballot invalid: 1 not issued by the board (no stamp,
  R-030, R-034.1), 2 a name written in (R-034), 3 identifying marks, 4 torn, 5 illegible,
  6 other reason (R-041);
* ``/9``: **unclear, to the board**: a name crossed only in part, circled or ticked, or marks
  whose intent is unclear (R-031 clarified). Recorded as needing the board head's ruling: it is
  never keyed as crossed or kept, and reconciliation sends it to the head even when every desk
  keyed ``/9``;
* ``!`` at the end: confirms a ballot keyed with names that keeps more names than allowed, or
  none (recorded; the engine counts it invalid). ``/0`` and ``/7`` need no ``!``.

A single-name list is an agree/disagree list: ``/7`` is "Đồng ý", ``1`` "Không đồng ý",
``*1`` both boxes, ``-1`` no box; under the default policy (R-033, R-034.4) the last two are
invalid with the reason ``single_name_not_one_box``.

An ordinary ballot with *k* names crossed out costs the digits of those *k* printed numbers,
*k − 1* separators and Enter (``keystrokes``). The ballot's number is not typed: it is the
board's counting number, given when the box is opened (R-030a), and the page pre-fills the next
one (``#17`` Enter jumps to ballot 17).

Stored content (unchanged since the first version, plus ``u:``): ``x:<0-based positions>`` a
crossed-out ballot, ``m:<one letter per name: a/d/b/n>`` an agree/disagree ballot, ``i:<reason>``
a ballot ruled invalid, ``u:`` unclear (to the board); older entries may end in ``|w`` (a
written-in name flag, no longer keyed: ``/2`` replaces it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext, gettext_noop, ngettext

from daihoi.tally import Ballot as TallyBallot
from daihoi.tally import (
    BallotForm,
    CrossedBallot,
    InvalidReason,
    Mark,
    MarkedBallot,
    RuledInvalidBallot,
)
from daihoi.tally.texts import INVALID_LABELS, line_start

MAX_NAMES = 250
#: Separators between numbers: space, the numeric keypad's "." and "+", and ",".
SEPARATORS = " .+,"
_SPLIT = re.compile(r"[\s.+,]+")
_NUMBER = re.compile(r"^([*-]?)([0-9]+)$")

RULINGS: dict[str, InvalidReason] = {
    "1": InvalidReason.NOT_ISSUED,
    "2": InvalidReason.WRITE_IN,
    "3": InvalidReason.MARKED,
    "4": InvalidReason.TORN,
    "5": InvalidReason.ILLEGIBLE,
    "6": InvalidReason.OTHER,
}
ALL_CROSSED = "0"
NONE_CROSSED = "7"
UNCLEAR = "9"


def reason_label(reason: str) -> str:
    """A ruled reason in the engine's words (``tally.texts.INVALID_LABELS``), as a line starts."""
    try:
        return line_start(gettext(INVALID_LABELS[InvalidReason(reason)]))
    except ValueError:  # not a reason (a stored content from elsewhere): shown as it is
        return reason


#: The short keys after "/" as the desk page lists them (key, Vietnamese meaning); a ruling's
#: meaning is the engine's label of its reason.
SHORT_KEYS: tuple[tuple[str, str], ...] = (
    ("/0", gettext_noop("Gạch hết tên (không bầu ai)")),
    ("/7", gettext_noop("Không gạch tên nào")),
    *((f"/{key}", INVALID_LABELS[reason]) for key, reason in RULINGS.items()),
    ("/9", gettext_noop("Chưa rõ (gạch một phần, khoanh, đánh dấu): chuyển Trưởng ban kết luận")),
)


def short_keys(form: BallotForm) -> tuple[tuple[str, str], ...]:
    """``SHORT_KEYS`` in the words of the list's form (on a list without surplus ``/0`` and
    ``/7`` are "Không đồng ý" and "Đồng ý" for every name)."""
    if form is BallotForm.CROSS_OUT:
        return SHORT_KEYS
    words = {"/0": gettext_noop("Không đồng ý tất cả (mọi tên đánh dấu Không đồng ý)"),
             "/7": gettext_noop("Đồng ý tất cả (không tên nào đánh dấu Không đồng ý)")}
    return tuple((key, words.get(key, text)) for key, text in SHORT_KEYS)


#: The mark names of ``marks_of`` (and of ``CountedMark.mark``).
MARK_CROSSED = "crossed"
_MARK_CODES = {Mark.AGREE: "a", Mark.DISAGREE: "d", Mark.BOTH: "b", Mark.NONE: "n"}
_CODE_MARKS = {v: k for k, v in _MARK_CODES.items()}
_PREFIX_MARKS = {"": Mark.DISAGREE, "*": Mark.BOTH, "-": Mark.NONE}
_UNCLEAR_CONTENT = "u:"


class KeyingError(ValueError):
    """What the typist typed cannot be a ballot of this list; the message says why, in the
    reader's language (the desk's page shows it)."""


@dataclass(frozen=True)
class Keyed:
    """A parsed line: the stored content and whether the typist confirmed an over-vote (``!``,
    or the explicit short keys ``/0`` and ``/7``)."""

    content: str
    confirmed: bool


def _number(token: str, n: int) -> tuple[str, int]:
    """(prefix, 0-based position) of one number token, or ``KeyingError``."""
    m = _NUMBER.match(token)
    if m is None:
        raise KeyingError(gettext(
            "“%(token)s” không phải số in trên phiếu: gõ số của tên, cách nhau bằng dấu cách, "
            "“.” hoặc “+”.") % {"token": token})
    prefix, digits = m.groups()
    if digits.startswith("0"):
        raise KeyingError(gettext(
            "“%(digits)s”: gõ đúng số in trên phiếu, không có số 0 ở đầu.") % {"digits": digits})
    number = int(digits)
    if number > n:
        raise KeyingError(ngettext(
            "Không có tên số %(digits)s: danh sách chỉ có %(n)s tên.",
            "Không có tên số %(digits)s: danh sách chỉ có %(n)s tên.", n) % {
                "digits": digits, "n": n})
    return prefix, number - 1


def _short_key(code: str, n: int, form: BallotForm) -> Keyed:
    if code in RULINGS:
        return Keyed(f"i:{RULINGS[code]}", True)
    if code == UNCLEAR:
        return Keyed(_UNCLEAR_CONTENT, True)
    if code == ALL_CROSSED:
        if form is BallotForm.CROSS_OUT:
            return Keyed("x:" + ",".join(str(p) for p in range(n)), True)
        return Keyed("m:" + _MARK_CODES[Mark.DISAGREE] * n, True)
    if code == NONE_CROSSED:
        if form is BallotForm.CROSS_OUT:
            return Keyed("x:", True)
        return Keyed("m:" + _MARK_CODES[Mark.AGREE] * n, True)
    raise KeyingError(gettext(
        "Sau “/” gõ một chữ số: 0 gạch hết, 7 không gạch tên nào, 1 đến 6 phiếu không hợp lệ "
        "(lý do), 9 chưa rõ, chuyển Trưởng ban."))


def parse_line(text: str, *, candidates: int, form: BallotForm) -> Keyed:
    """Turn one typed line into stored content, or raise ``KeyingError`` (in the reader's
    language)."""
    n = candidates
    if not 1 <= n <= MAX_NAMES:
        raise KeyingError(gettext("Danh sách phải có từ 1 đến %(max)s tên.") % {
            "max": MAX_NAMES})
    raw = text.strip()
    confirmed = raw.endswith("!")
    if confirmed:
        raw = raw[:-1].strip(SEPARATORS + "\t")
    if "!" in raw:
        raise KeyingError(gettext("“!” (xác nhận phiếu bầu thừa) chỉ gõ ở cuối dòng."))
    tokens = [t for t in _SPLIT.split(raw) if t]
    if not tokens:
        raise KeyingError(gettext(
            "Dòng trống: gõ số của các tên bị gạch, hoặc /7 nếu không gạch tên nào, /0 nếu "
            "gạch hết."))
    if any(t.startswith("/") for t in tokens):
        if len(tokens) > 1 or confirmed:
            raise KeyingError(gettext(
                "Phím tắt “/” phải đứng một mình trên dòng (không kèm số tên)."))
        return _short_key(tokens[0][1:], n, form)
    positions: list[tuple[str, int]] = []
    seen: set[int] = set()
    for token in tokens:
        prefix, pos = _number(token, n)
        if pos in seen:
            raise KeyingError(gettext("Tên số %(number)s được gõ hai lần.") % {
                "number": pos + 1})
        seen.add(pos)
        positions.append((prefix, pos))
    if form is BallotForm.CROSS_OUT:
        if any(prefix for prefix, _ in positions):
            raise KeyingError(gettext(
                "Danh sách có số dư: chỉ gõ số của các tên bị gạch (không dùng “*” hay “-” "
                "trước số)."))
        crossed = sorted(seen)
        return Keyed("x:" + ",".join(str(p) for p in crossed), confirmed)
    marks = [Mark.AGREE] * n
    for prefix, pos in positions:
        marks[pos] = _PREFIX_MARKS[prefix]
    return Keyed("m:" + "".join(_MARK_CODES[m] for m in marks), confirmed)


def line_for(content: str, *, candidates: int | None = None) -> str:
    """The shortest line that keys ``content`` on a list of ``candidates`` names (the inverse
    of ``parse_line``; for the benchmark, the tests and the documentation)."""
    kind, _, rest = content.partition(":")
    rest = rest.removesuffix("|w")
    if kind == "i":
        return "/" + next(k for k, v in RULINGS.items() if v == rest)
    if kind == "u":
        return "/" + UNCLEAR
    if kind == "x":
        crossed = [int(p) for p in rest.split(",") if p]
        if candidates is not None and candidates > 1 and len(crossed) == candidates:
            return "/" + ALL_CROSSED
        return " ".join(str(p + 1) for p in crossed) or "/" + NONE_CROSSED
    prefixes = {v: k for k, v in _PREFIX_MARKS.items()}
    parts = [prefixes[_CODE_MARKS[c]] + str(i + 1) for i, c in enumerate(rest) if c != "a"]
    if len(rest) > 1 and set(rest) == {_MARK_CODES[Mark.DISAGREE]}:
        return "/" + ALL_CROSSED
    return " ".join(parts) or "/" + NONE_CROSSED


#: What a scanned ballot's name reads (``daihoi.ballotread``) or the board rules for it: on a
#: list with surplus ``crossed`` or ``kept``; on a list without, a ``Mark`` value.
MARK_KEPT = "kept"


def content_from_marks(marks: list[str] | tuple[str, ...], *, form: BallotForm) -> str:
    """The stored content of a ballot read name by name (the scanner, with the board's rulings
    on what it could not read): one mark per name in ballot order, ``crossed``/``kept`` on a
    list with surplus, ``agree``/``disagree``/``both``/``none`` on a list without. A mark that
    is none of these (an unsure one, not yet ruled) raises ``ValueError``: it has no reading."""
    if not 1 <= len(marks) <= MAX_NAMES:
        raise ValueError(f"a ballot has 1 to {MAX_NAMES} names, not {len(marks)}")
    if form is BallotForm.CROSS_OUT:
        unknown = set(marks) - {MARK_CROSSED, MARK_KEPT}
        if unknown:
            raise ValueError(f"not a reading of a list with surplus: {sorted(unknown)}")
        return "x:" + ",".join(str(p) for p, m in enumerate(marks) if m == MARK_CROSSED)
    try:
        return "m:" + "".join(_MARK_CODES[Mark(m)] for m in marks)
    except ValueError as exc:
        raise ValueError(f"not a reading of an agree/disagree list: {exc}") from exc


def needs_ruling(content: str) -> bool:
    """True for a ballot keyed "unclear, to the board" (``/9``): only the board head's ruling
    gives it a reading; it is never counted as keyed."""
    return content == _UNCLEAR_CONTENT


def is_crossed_form(content: str) -> bool:
    """True for a stored ballot of a list with surplus (crossed-out names)."""
    return content.startswith("x:")


def to_ballot(content: str) -> TallyBallot:
    """The counting engine's ballot for stored ``content``."""
    kind, _, rest = content.partition(":")
    write_in = rest.endswith("|w")
    rest = rest.removesuffix("|w")
    if kind == "i":
        return RuledInvalidBallot(InvalidReason(rest))
    if kind == "x":
        crossed = tuple(int(p) for p in rest.split(",") if p)
        return CrossedBallot(crossed=crossed, write_in=write_in)
    if kind == "m":
        return MarkedBallot(marks=tuple(_CODE_MARKS[c] for c in rest), write_in=write_in)
    if kind == "u":
        raise ValueError("an unclear ballot has no reading until the board head rules on it")
    raise ValueError(f"unknown ballot content {content!r}")


def marks_of(content: str) -> list[tuple[int, str]]:
    """(position, mark) rows of stored ``content``, for the SQL aggregate: ``crossed`` on a
    list with surplus, the ``Mark`` value (``agree``, …) on a list without."""
    kind, _, rest = content.partition(":")
    rest = rest.removesuffix("|w")
    if kind == "x":
        return [(int(p), MARK_CROSSED) for p in rest.split(",") if p]
    if kind == "m":
        return [(i, str(_CODE_MARKS[c])) for i, c in enumerate(rest)]
    return []


def describe(content: str, labels: list[str] | None = None) -> str:
    """Stored ``content`` as a short Vietnamese text for people."""
    kind, _, rest = content.partition(":")
    write_in = rest.endswith("|w")
    rest = rest.removesuffix("|w")
    extra = " · " + gettext("có ghi thêm tên") if write_in else ""
    if kind == "i":
        return gettext("Không hợp lệ: %(reason)s") % {"reason": reason_label(rest)}
    if kind == "u":
        return gettext("Chưa rõ: chuyển Trưởng ban kết luận")

    def name(p: int) -> str:
        return f"{p + 1}" + (f" {labels[p]}" if labels else "")

    if kind == "x":
        crossed = [int(p) for p in rest.split(",") if p]
        if not crossed:
            return gettext("Không gạch tên nào") + extra
        if labels and len(crossed) == len(labels):
            return gettext("Gạch hết tên") + extra
        return gettext("Gạch: %(names)s") % {"names": ", ".join(name(p) for p in crossed)} + extra
    parts = [f"{name(i)} ({Mark(_CODE_MARKS[c]).value})" for i, c in enumerate(rest) if c != "a"]
    return (gettext("Không đồng ý/khác: %(names)s") % {"names": ", ".join(parts)} if parts
            else gettext("Đồng ý tất cả")) + extra


def keystrokes(content: str, *, candidates: int) -> int:
    """Keystrokes a typist needs for ``content`` under this protocol, Enter included (the
    ballot's number is pre-filled), for the benchmark and the documentation."""
    return len(line_for(content, candidates=candidates)) + 1
