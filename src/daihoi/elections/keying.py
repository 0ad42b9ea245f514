"""The keyed-entry protocol of an entry desk, and the stored form of a keyed ballot.

No counting rule lives here: this module only turns what an operator typed into the ballot the
counting engine (``daihoi.tally``) takes, and back into text for people.

**Key mode** (lists of up to 36 names): every name has ONE key, shown beside it on the desk:
positions 1–9 are the keys ``1``–``9``, position 10 is ``0``, positions 11–36 are ``a``–``z``.
An ordinary ballot with *k* names crossed out is therefore *k* keys and Enter: k + 1 keystrokes
(the ballot's serial is pre-filled by the page, or read by a QR scanner, which types it).

**Number mode** (longer lists, up to 250 names): positions are typed as numbers separated by a
space or ``.`` (the dot of the numeric keypad), or without separators with a fixed width of
as many digits as the list's length has (``0512`` is names 5 and 12 on a list of 10–99).

In both modes, on a list without surplus (agree/disagree columns, R-032) the keys name the
names marked "Không đồng ý"; ``+`` before a key means both boxes marked, ``-`` before a key no
box marked. ``*`` anywhere: a name written in (R-034). ``/`` and a digit: the board rules the
ballot invalid (1 not issued, 2 written-in name, 3 identifying marks, 4 torn, 5 illegible,
6 other). ``!`` anywhere confirms a ballot that keeps more names than allowed (recorded, and
counted as invalid by the engine).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from daihoi.tally import Ballot as TallyBallot
from daihoi.tally import (
    BallotForm,
    CrossedBallot,
    InvalidReason,
    Mark,
    MarkedBallot,
    RuledInvalidBallot,
)

KEY_MODE_MAX = 36
KEYS = "1234567890abcdefghijklmnopqrstuvwxyz"
RULINGS: dict[str, InvalidReason] = {
    "1": InvalidReason.NOT_ISSUED,
    "2": InvalidReason.WRITE_IN,
    "3": InvalidReason.MARKED,
    "4": InvalidReason.TORN,
    "5": InvalidReason.ILLEGIBLE,
    "6": InvalidReason.OTHER,
}
REASON_LABELS: dict[str, str] = {
    InvalidReason.NOT_ISSUED: "Phiếu không do Ban kiểm phiếu phát ra (không có dấu)",
    InvalidReason.OVER_VOTE: "Bầu thừa số lượng",
    InvalidReason.NONE_KEPT: "Gạch hết tên (không bầu ai)",
    InvalidReason.WRITE_IN: "Ghi thêm tên ngoài danh sách",
    InvalidReason.MARKED: "Có dấu hiệu đánh dấu",
    InvalidReason.TORN: "Phiếu rách",
    InvalidReason.ILLEGIBLE: "Không xác định được người được bầu",
    InvalidReason.OTHER: "Lý do khác (Ban kiểm phiếu kết luận)",
    InvalidReason.SINGLE_NAME_NOT_ONE_BOX: "Không đánh dấu đúng một ô",
}
_MARK_CODES = {Mark.AGREE: "a", Mark.DISAGREE: "d", Mark.BOTH: "b", Mark.NONE: "n"}
_CODE_MARKS = {v: k for k, v in _MARK_CODES.items()}
_QR = re.compile(r"^DH(\d+)-(\d+)$", re.IGNORECASE)


class KeyingError(ValueError):
    """What the operator typed cannot be a ballot of this list; the message says why."""


def key_of(position: int) -> str:
    """The key of the 0-based ``position`` in key mode."""
    return KEYS[position]


def key_mode(candidates: int) -> bool:
    return candidates <= KEY_MODE_MAX


def qr_payload(round_pk: int, serial: int) -> str:
    """What the QR code of a ballot says: ``DH<round>-<serial>``."""
    return f"DH{round_pk}-{serial}"


def parse_qr(text: str) -> tuple[int, int] | None:
    m = _QR.match(text.strip())
    return (int(m.group(1)), int(m.group(2))) if m else None


@dataclass(frozen=True)
class Keyed:
    """A parsed line: the stored content and whether the operator confirmed an over-vote."""

    content: str
    confirmed: bool


def _positions(tokens: list[tuple[str, str]], n: int) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    seen: set[int] = set()
    for prefix, token in tokens:
        if token.isdigit() and not key_mode(n):
            pos = int(token) - 1
            shown = token
        elif key_mode(n) and len(token) == 1 and token in KEYS:
            pos = KEYS.index(token)
            shown = token
        else:
            raise KeyingError(f"“{token}” không phải một tên trong danh sách.")
        if pos < 0 or pos >= n:
            raise KeyingError(f"“{shown}”: danh sách chỉ có {n} tên.")
        if pos in seen:
            raise KeyingError(f"Tên số {pos + 1} được gõ hai lần.")
        seen.add(pos)
        out.append((prefix, pos))
    return out


def parse_line(text: str, *, candidates: int, form: BallotForm) -> Keyed:
    """Turn one typed line into stored content, or raise ``KeyingError``."""
    raw = text.strip().lower()
    confirmed = "!" in raw
    write_in = "*" in raw
    raw = raw.replace("!", "").replace("*", "")
    if raw.startswith("/"):
        code = raw[1:].strip()
        if code not in RULINGS:
            raise KeyingError("Sau “/” gõ một số từ 1 đến 6 (lý do phiếu không hợp lệ).")
        return Keyed(f"i:{RULINGS[code]}", confirmed)
    if "/" in raw:
        raise KeyingError("“/” (phiếu không hợp lệ) phải đứng đầu dòng.")
    tokens: list[tuple[str, str]] = []
    if key_mode(candidates):
        chars = [c for c in raw if not c.isspace() and c != "."]
        prefix = ""
        for c in chars:
            if c in "+-":
                if prefix:
                    raise KeyingError("Hai dấu “+”/“-” liền nhau.")
                prefix = c
                continue
            tokens.append((prefix, c))
            prefix = ""
        if prefix:
            raise KeyingError("Sau “+”/“-” phải gõ một tên.")
    else:
        width = len(str(candidates))
        for part in re.split(r"[\s.,]+", raw):
            if not part:
                continue
            prefix = part[0] if part[0] in "+-" else ""
            digits = part[len(prefix):]
            if len(digits) > width and digits.isdigit():
                # Fixed width without separators: "0512" is 5 and 12 on a list of 10-99.
                if len(digits) % width:
                    raise KeyingError(f"“{digits}”: gõ đủ {width} chữ số cho mỗi tên khi "
                                      "không dùng dấu cách.")
                chunks = [digits[i:i + width] for i in range(0, len(digits), width)]
                tokens.append((prefix, chunks[0]))
                tokens += [("", c) for c in chunks[1:]]
            else:
                tokens.append((prefix, digits))
    positions = _positions(tokens, candidates)
    w = "|w" if write_in else ""
    if form is BallotForm.CROSS_OUT:
        if any(prefix for prefix, _ in positions):
            raise KeyingError("Danh sách có số dư: chỉ gõ các tên bị gạch (không dùng “+”/“-”).")
        crossed = sorted(p for _, p in positions)
        return Keyed("x:" + ",".join(str(p) for p in crossed) + w, confirmed)
    marks = [Mark.AGREE] * candidates
    for prefix, pos in positions:
        marks[pos] = {"": Mark.DISAGREE, "+": Mark.BOTH, "-": Mark.NONE}[prefix]
    return Keyed("m:" + "".join(_MARK_CODES[m] for m in marks) + w, confirmed)


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
    raise ValueError(f"unknown ballot content {content!r}")


def marks_of(content: str) -> list[tuple[int, str]]:
    """(position, mark) rows of stored ``content``, for the SQL aggregate."""
    kind, _, rest = content.partition(":")
    rest = rest.removesuffix("|w")
    if kind == "x":
        return [(int(p), "crossed") for p in rest.split(",") if p]
    if kind == "m":
        return [(i, str(_CODE_MARKS[c])) for i, c in enumerate(rest)]
    return []


def describe(content: str, labels: list[str] | None = None) -> str:
    """Stored ``content`` as a short Vietnamese text for people."""
    kind, _, rest = content.partition(":")
    write_in = rest.endswith("|w")
    rest = rest.removesuffix("|w")
    extra = " · có ghi thêm tên" if write_in else ""
    if kind == "i":
        return f"Không hợp lệ: {REASON_LABELS.get(rest, rest)}"

    def name(p: int) -> str:
        return f"{p + 1}" + (f" {labels[p]}" if labels else "")

    if kind == "x":
        crossed = [int(p) for p in rest.split(",") if p]
        if not crossed:
            return "Không gạch tên nào" + extra
        return "Gạch: " + ", ".join(name(p) for p in crossed) + extra
    parts = [f"{name(i)} ({Mark(_CODE_MARKS[c]).value})" for i, c in enumerate(rest) if c != "a"]
    return ("Không đồng ý/khác: " + ", ".join(parts) if parts else "Đồng ý tất cả") + extra


def keystrokes(content: str, *, candidates: int) -> int:
    """Keystrokes an operator needs for ``content`` under this protocol (serial pre-filled or
    scanned, Enter included), for the benchmark and the documentation."""
    kind, _, rest = content.partition(":")
    keys = 1  # Enter
    if rest.endswith("|w"):
        keys += 1
        rest = rest.removesuffix("|w")
    if kind == "i":
        return keys + 2
    if kind == "x":
        positions = [int(p) for p in rest.split(",") if p]
        extra: list[str] = []
    else:
        positions = [i for i, c in enumerate(rest) if c != "a"]
        extra = [c for c in rest if c in "bn"]
    if key_mode(candidates):
        return keys + len(positions) + len(extra)
    # Number mode: the shorter of "5 12" (digits and separators) and "0512" (fixed width).
    digits = sum(len(str(p + 1)) for p in positions)
    separated = digits + max(0, len(positions) - 1)
    fixed = len(str(candidates)) * len(positions)
    return keys + min(separated, fixed) + len(extra)
