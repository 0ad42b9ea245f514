"""The JSON input file of ``daihoi tally``: hand-written validation into an ``Election``, and
its writer (:func:`dump_election`, the ballots' export of a counted round): the format's one
home, read and written here.

The format is documented in ``docs/tally-format.md`` and ``docs/tally-format.schema.json``.
Every error names the field path (``ballots[12].crossed[1]``) and the reason. Range checks
that belong to a rule (an index beyond the list, a deduction of the other congress kind) are
left to the engine, which reports them with the same paths.

Limits, so that a hostile or broken file ends in a clear error and never in a traceback or a
memory blow-up: at most :data:`MAX_INPUT_BYTES` of text, nesting at most :data:`MAX_DEPTH`
deep (a valid file is 4 deep), :data:`MAX_BALLOTS` ballots, :data:`MAX_CANDIDATES` names,
:data:`MAX_SEATS` seats, :data:`MAX_ALTERNATES` alternates, and every count at most
:data:`MAX_COUNT`.
"""

from __future__ import annotations

import json
import re
from enum import StrEnum
from typing import TypeVar

from daihoi.tally.errors import TallyInputError
from daihoi.tally.model import (
    BOARD_REASONS,
    Ballot,
    CongressKind,
    CrossedBallot,
    Deduction,
    Election,
    ElectionKind,
    InvalidReason,
    Mark,
    MarkedBallot,
    RuledInvalidBallot,
    ThresholdBase,
)
from daihoi.tally.policies import POLICY_TYPES, Policies

E = TypeVar("E", bound=StrEnum)

#: The largest input accepted, in bytes of UTF-8 (10 MB: about 200,000 ballots of 50 names).
MAX_INPUT_BYTES = 10 * 1024 * 1024
#: The deepest nesting of arrays and objects accepted (a valid file nests 4 deep).
MAX_DEPTH = 20
#: The most ballots in one round (far above any congress: a round has one per voter).
MAX_BALLOTS = 200_000
#: The most names on one list.
MAX_CANDIDATES = 1_000
#: The most seats and alternates (the same bounds as the election's form).
MAX_SEATS = 500
MAX_ALTERNATES = 100
#: The largest count (voters summoned, deductions, ballots issued, the round's number).
MAX_COUNT = 1_000_000

TOP_KEYS = (
    "congress",
    "election",
    "seats",
    "alternates",
    "candidates",
    "base",
    "ballots_issued",
    "ballots",
    "round",
    "policies",
    "$schema",
    "description",
)
REQUIRED_KEYS = (
    "congress",
    "election",
    "seats",
    "candidates",
    "base",
    "ballots_issued",
    "ballots",
)


def _type_name(value: object) -> str:
    return {
        bool: "boolean",
        int: "integer",
        float: "number",
        str: "string",
        list: "array",
        dict: "object",
        type(None): "null",
    }.get(type(value), type(value).__name__)


def _object(value: object, path: str, allowed: tuple[str, ...]) -> dict[str, object]:
    if not isinstance(value, dict):
        raise TallyInputError(path, f"cần một object, có {_type_name(value)} / expected an object")
    for key in value:
        if key not in allowed:
            where = f"{path}.{key}" if path != "$" else key
            raise TallyInputError(
                where, f"khóa không được biết / unknown key (allowed: {', '.join(allowed)})"
            )
    return value


def _int(value: object, path: str, *, minimum: int = 0, maximum: int = MAX_COUNT) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TallyInputError(path, f"cần số nguyên, có {_type_name(value)} / expected an integer")
    if value > maximum:
        raise TallyInputError(
            path, f"không được lớn hơn {maximum:,} / must be at most {maximum}".replace(",", ".")
        )
    if value < minimum:
        reason = (
            "không được âm / must not be negative"
            if minimum == 0
            else (f"phải từ {minimum} trở lên / must be at least {minimum}")
        )
        raise TallyInputError(path, reason)
    return value


def _at_most(items: list[object], limit: int, path: str, what: str) -> None:
    if len(items) > limit:
        raise TallyInputError(
            path, f"có {len(items):,} {what}, nhiều hơn giới hạn {limit:,} / at most {limit}"
            .replace(",", ".")
        )


def _str(value: object, path: str) -> str:
    if not isinstance(value, str):
        raise TallyInputError(path, f"cần chuỗi, có {_type_name(value)} / expected a string")
    return value


def _list(value: object, path: str) -> list[object]:
    if not isinstance(value, list):
        raise TallyInputError(path, f"cần mảng, có {_type_name(value)} / expected an array")
    return value


def _enum(enum: type[E], value: object, path: str) -> E:
    text = _str(value, path)
    try:
        return enum(text)
    except ValueError:
        choices = ", ".join(member.value for member in enum)
        raise TallyInputError(
            path, f"giá trị không hợp lệ {text!r} / must be one of: {choices}"
        ) from None


def _candidates(value: object) -> tuple[str, ...]:
    names = _list(value, "candidates")
    _at_most(names, MAX_CANDIDATES, "candidates", "tên")
    seen: dict[str, int] = {}
    result: list[str] = []
    for i, raw in enumerate(names):
        path = f"candidates[{i}]"
        name = _str(raw, path)
        if not name.strip():
            raise TallyInputError(path, "tên trống / empty name")
        key = " ".join(name.split())
        if key in seen:
            raise TallyInputError(
                path,
                f"tên trùng với candidates[{seen[key]}] ({name!r}); hãy thêm chi tiết phân biệt"
                " (năm sinh, đơn vị) / duplicate name",
            )
        seen[key] = i
        result.append(name)
    return tuple(result)


def _base(value: object) -> ThresholdBase:
    data = _object(value, "base", ("summoned", "deductions"))
    if "summoned" not in data:
        raise TallyInputError("base.summoned", "thiếu trường bắt buộc / required")
    summoned = _int(data["summoned"], "base.summoned")
    deductions: dict[Deduction, int] = {}
    raw = data.get("deductions", {})
    if not isinstance(raw, dict):
        raise TallyInputError(
            "base.deductions", f"cần một object, có {_type_name(raw)} / expected an object"
        )
    for key, count in raw.items():
        path = f"base.deductions.{key}"
        try:
            kind = Deduction(key)
        except ValueError:
            choices = ", ".join(d.value for d in Deduction)
            raise TallyInputError(
                path, f"khoản trừ không được biết / unknown deduction (one of: {choices})"
            ) from None
        deductions[kind] = _int(count, path)
    return ThresholdBase(summoned=summoned, deductions=deductions)


def _ballot(value: object, path: str) -> Ballot:
    data = _object(value, path, ("crossed", "marks", "invalid", "write_in"))
    forms = [key for key in ("crossed", "marks", "invalid") if key in data]
    if len(forms) != 1:
        raise TallyInputError(
            path,
            "mỗi phiếu cần đúng một trong 'crossed', 'marks', 'invalid'"
            " / exactly one of crossed, marks, invalid",
        )
    write_in = False
    if "write_in" in data:
        if forms[0] == "invalid":
            raise TallyInputError(
                f"{path}.write_in", "không dùng cùng 'invalid' / not allowed with 'invalid'"
            )
        flag = data["write_in"]
        if not isinstance(flag, bool):
            raise TallyInputError(
                f"{path}.write_in", f"cần true/false, có {_type_name(flag)} / expected a boolean"
            )
        write_in = flag
    if forms[0] == "crossed":
        items = _list(data["crossed"], f"{path}.crossed")
        crossed = tuple(_int(x, f"{path}.crossed[{j}]") for j, x in enumerate(items))
        return CrossedBallot(crossed=crossed, write_in=write_in)
    if forms[0] == "marks":
        items = _list(data["marks"], f"{path}.marks")
        marks = tuple(_enum(Mark, x, f"{path}.marks[{j}]") for j, x in enumerate(items))
        return MarkedBallot(marks=marks, write_in=write_in)
    reason = _enum(InvalidReason, data["invalid"], f"{path}.invalid")
    if reason not in BOARD_REASONS:
        choices = ", ".join(sorted(r.value for r in BOARD_REASONS))
        raise TallyInputError(
            f"{path}.invalid",
            f"lý do '{reason}' do hệ thống tự xác định từ nội dung phiếu, không nhập tay"
            f" / derived reason, enter the ballot instead (board rulings: {choices})",
        )
    return RuledInvalidBallot(reason=reason)


def _policies(value: object) -> Policies:
    data = _object(value, "policies", tuple(POLICY_TYPES))
    chosen = {
        name: _enum(POLICY_TYPES[name], raw, f"policies.{name}") for name, raw in data.items()
    }
    return Policies(**chosen)  # type: ignore[arg-type]  # values are typed by POLICY_TYPES


def parse_election(value: object) -> Election:
    """Validate decoded JSON and build the ``Election``; raises ``TallyInputError``."""
    data = _object(value, "$", TOP_KEYS)
    for key in REQUIRED_KEYS:
        if key not in data:
            raise TallyInputError(key, "thiếu trường bắt buộc / required field missing")
    if "description" in data:
        _str(data["description"], "description")
    ballots_raw = _list(data["ballots"], "ballots")
    _at_most(ballots_raw, MAX_BALLOTS, "ballots", "phiếu")
    return Election(
        congress=_enum(CongressKind, data["congress"], "congress"),
        kind=_enum(ElectionKind, data["election"], "election"),
        seats=_int(data["seats"], "seats", minimum=0, maximum=MAX_SEATS),
        alternates=_int(data.get("alternates", 0), "alternates", maximum=MAX_ALTERNATES),
        candidates=_candidates(data["candidates"]),
        base=_base(data["base"]),
        ballots_issued=_int(data["ballots_issued"], "ballots_issued"),
        ballots=tuple(_ballot(b, f"ballots[{i}]") for i, b in enumerate(ballots_raw)),
        round=_int(data.get("round", 1), "round", minimum=1),
        policies=_policies(data.get("policies", {})),
    )


def _no_duplicate_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    result: dict[str, object] = {}
    for key, value in pairs:
        if key in result:
            raise TallyInputError(key, "khóa lặp lại trong cùng object / duplicate key")
        result[key] = value
    return result


def _reject_constant(name: str) -> object:
    raise TallyInputError("$", f"giá trị {name} không phải JSON hợp lệ / not valid JSON")


_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def check_size(size: int) -> None:
    """Refuse an input of ``size`` bytes above :data:`MAX_INPUT_BYTES`."""
    if size > MAX_INPUT_BYTES:
        mb = MAX_INPUT_BYTES // (1024 * 1024)
        raise TallyInputError(
            "$", f"tệp quá lớn: hơn {mb} MB, giới hạn là {mb} MB / input larger than {mb} MB"
        )


def check_depth(text: str, limit: int = MAX_DEPTH) -> None:
    """Refuse JSON text nested deeper than ``limit`` arrays and objects, before decoding it
    (Python's decoder recurses and would fail with a RecursionError)."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    depth = 0
    for char in brackets:
        depth += 1 if char in "[{" else -1
        if depth > limit:
            raise TallyInputError(
                "$", f"JSON lồng nhau quá sâu: hơn {limit} tầng mảng, object"
                f" / nested deeper than {limit} levels"
            )


def load_election(text: str) -> Election:
    """Decode the JSON text and build the ``Election``; raises ``TallyInputError``
    (also for an input beyond the limits above)."""
    check_size(len(text))  # characters: never more than the bytes of the UTF-8 file
    check_depth(text)
    try:
        value = json.loads(
            text, object_pairs_hook=_no_duplicate_keys, parse_constant=_reject_constant
        )
    except RecursionError:  # pragma: no cover - check_depth refuses such input first
        raise TallyInputError("$", "JSON lồng nhau quá sâu / nested too deeply") from None
    except json.JSONDecodeError as exc:
        raise TallyInputError(
            "$", f"JSON không hợp lệ ở dòng {exc.lineno}, cột {exc.colno}: {exc.msg} / invalid JSON"
        ) from None
    return parse_election(value)


def ballot_data(ballot: Ballot) -> dict[str, object]:
    """One ballot as the file holds it (the inverse of the reader's ``_ballot``)."""
    if isinstance(ballot, CrossedBallot):
        item: dict[str, object] = {"crossed": list(ballot.crossed)}
    elif isinstance(ballot, MarkedBallot):
        item = {"marks": [str(m) for m in ballot.marks]}
    else:
        return {"invalid": str(ballot.reason)}
    if ballot.write_in:
        item["write_in"] = True
    return item


def election_data(
    election: Election, *, description: str | None = None, order: list[int] | None = None
) -> dict[str, object]:
    """``election`` as the file holds it, its ballots in ``order`` (indexes; as given without
    one). The policies are written when they differ from the engine's defaults, so that
    :func:`parse_election` reads back the same election."""
    data: dict[str, object] = {}
    if description is not None:
        data["description"] = description
    base = election.base
    data.update({
        "congress": str(election.congress),
        "election": str(election.kind),
        "seats": election.seats,
        "alternates": election.alternates,
        "candidates": list(election.candidates),
        "base": {"summoned": base.summoned,
                 "deductions": {str(k): v for k, v in base.deductions.items()}},
        "ballots_issued": election.ballots_issued,
        "round": election.round,
    })
    if election.policies != Policies():
        data["policies"] = election.policies.as_dict()
    indexes = order if order is not None else range(len(election.ballots))
    data["ballots"] = [ballot_data(election.ballots[i]) for i in indexes]
    return data


def dump_election(
    election: Election, *, description: str | None = None, order: list[int] | None = None
) -> str:
    """The JSON text of :func:`election_data` (UTF-8 names kept, one item a line)."""
    data = election_data(election, description=description, order=order)
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
