"""The JSON input file of ``daihoi tally``: hand-written validation into an ``Election``.

The format is documented in ``docs/tally-format.md`` and ``docs/tally-format.schema.json``.
Every error names the field path (``ballots[12].crossed[1]``) and the reason. Range checks
that belong to a rule (an index beyond the list, a deduction of the other congress kind) are
left to the engine, which reports them with the same paths.
"""

from __future__ import annotations

import json
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


def _int(value: object, path: str, *, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TallyInputError(path, f"cần số nguyên, có {_type_name(value)} / expected an integer")
    if value < minimum:
        reason = (
            "không được âm / must not be negative"
            if minimum == 0
            else (f"phải từ {minimum} trở lên / must be at least {minimum}")
        )
        raise TallyInputError(path, reason)
    return value


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
    return Election(
        congress=_enum(CongressKind, data["congress"], "congress"),
        kind=_enum(ElectionKind, data["election"], "election"),
        seats=_int(data["seats"], "seats", minimum=0),
        alternates=_int(data.get("alternates", 0), "alternates"),
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


def load_election(text: str) -> Election:
    """Decode the JSON text and build the ``Election``; raises ``TallyInputError``."""
    try:
        value = json.loads(
            text, object_pairs_hook=_no_duplicate_keys, parse_constant=_reject_constant
        )
    except json.JSONDecodeError as exc:
        raise TallyInputError(
            "$", f"JSON không hợp lệ ở dòng {exc.lineno}, cột {exc.colno}: {exc.msg} / invalid JSON"
        ) from None
    return parse_election(value)
