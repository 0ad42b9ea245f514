"""``daihoi tally FILE``: output formats and rejection of bad input with exit status 2."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from daihoi.tally.cli import main
from tests.tally.builders import EXAMPLES, REPO

EXAMPLE_1A = json.loads((EXAMPLES / "example-1a.json").read_text(encoding="utf-8"))


def _write(tmp_path: Path, data: object) -> str:
    path = tmp_path / "input.json"
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return str(path)


def _run(
    tmp_path: Path, data: object, capsys: pytest.CaptureFixture[str], *extra: str
) -> tuple[int, str, str]:
    code = main([_write(tmp_path, data), *extra])
    out, err = capsys.readouterr()
    return code, out, err


def _changed(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = copy.deepcopy(EXAMPLE_1A)
    data.update(changes)
    return data


def test_it_prints_one_json_object_by_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(tmp_path, EXAMPLE_1A, capsys)
    assert (code, err) == (0, "")
    data = json.loads(out)
    for key in (
        "void",
        "ballots_collected",
        "valid",
        "invalid",
        "base",
        "threshold",
        "votes",
        "elected",
        "alternates",
        "tied",
        "seats_remaining",
        "policies",
        "steps",
    ):
        assert key in data
    assert data["elected"] == list("ABCDEFGHI")


def test_it_prints_a_vietnamese_table_in_text_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(tmp_path, EXAMPLE_1A, capsys, "--format", "text")
    assert code == 0
    assert "KẾT QUẢ KIỂM PHIẾU" in out
    assert "Số phiếu tối thiểu để trúng cử: 22" in out
    assert "93,02%" in out
    assert "Trúng cử (9): A, B, C, D, E, F, G, H, I" in out


def test_it_keeps_vietnamese_characters_unescaped_in_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _changed(candidates=["Nguyễn Văn Ân", *EXAMPLE_1A["candidates"][1:]])
    code, out, _ = _run(tmp_path, data, capsys)
    assert code == 0
    assert "Nguyễn Văn Ân" in out


def test_it_reads_the_input_from_stdin_with_a_dash() -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    proc = subprocess.run(
        [sys.executable, "-m", "daihoi.tally", "-", "--format", "json"],
        input=json.dumps(EXAMPLE_1A),
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["threshold"] == 22


def test_it_exits_2_with_a_message_on_stderr_through_the_module() -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    proc = subprocess.run(
        [sys.executable, "-m", "daihoi.tally", "/nonexistent/file.json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "/nonexistent/file.json" in proc.stderr


def _ballots_with(index: int, ballot: dict[str, Any]) -> list[dict[str, Any]]:
    ballots: list[dict[str, Any]] = copy.deepcopy(EXAMPLE_1A["ballots"])
    ballots[index] = ballot
    return ballots


BAD_INPUTS: list[tuple[str, object, str]] = [
    ("unknown_top_key", _changed(seat=9), "seat"),
    ("missing_field", {k: v for k, v in EXAMPLE_1A.items() if k != "seats"}, "seats"),
    (
        "index_out_of_range",
        _changed(ballots=_ballots_with(12, {"crossed": [0, 11]})),
        "ballots[12].crossed[1]",
    ),
    (
        "negative_index",
        _changed(ballots=_ballots_with(3, {"crossed": [-1, 2]})),
        "ballots[3].crossed[0]",
    ),
    (
        "repeated_index",
        _changed(ballots=_ballots_with(4, {"crossed": [2, 2]})),
        "ballots[4].crossed[1]",
    ),
    ("negative_seats", _changed(seats=-1), "seats"),
    ("negative_issued", _changed(ballots_issued=-3), "ballots_issued"),
    (
        "negative_deduction",
        _changed(base={"summoned": 45, "deductions": {"delegates_absent_not_replaced": -2}}),
        "base.deductions.delegates_absent_not_replaced",
    ),
    (
        "other_kind_deduction",
        _changed(base={"summoned": 45, "deductions": {"exempted_absent": 2}}),
        "base.deductions.exempted_absent",
    ),
    (
        "unknown_deduction",
        _changed(base={"summoned": 45, "deductions": {"sick": 2}}),
        "base.deductions.sick",
    ),
    (
        "deductions_above_summoned",
        _changed(base={"summoned": 2, "deductions": {"delegates_absent_not_replaced": 3}}),
        "base.deductions",
    ),
    ("string_seats", _changed(seats="9"), "seats"),
    ("float_seats", _changed(seats=9.0), "seats"),
    ("bool_seats", _changed(seats=True), "seats"),
    (
        "string_index",
        _changed(ballots=_ballots_with(0, {"crossed": ["1"]})),
        "ballots[0].crossed[0]",
    ),
    ("candidates_not_list", _changed(candidates="A,B"), "candidates"),
    (
        "duplicate_names",
        _changed(candidates=[*EXAMPLE_1A["candidates"][:10], "B"]),
        "candidates[10]",
    ),
    (
        "duplicate_names_spacing",
        _changed(candidates=["A", "B ", *EXAMPLE_1A["candidates"][2:10], " B"]),
        "candidates[10]",
    ),
    ("empty_name", _changed(candidates=["", *EXAMPLE_1A["candidates"][1:]]), "candidates[0]"),
    ("unknown_congress", _changed(congress="assembly"), "congress"),
    ("unknown_election", _changed(election="president"), "election"),
    (
        "ballot_two_forms",
        _changed(ballots=_ballots_with(2, {"crossed": [], "invalid": "torn"})),
        "ballots[2]",
    ),
    (
        "ballot_unknown_key",
        _changed(ballots=_ballots_with(2, {"crossed": [1, 2], "x": 1})),
        "ballots[2].x",
    ),
    (
        "derived_reason",
        _changed(ballots=_ballots_with(2, {"invalid": "over_vote"})),
        "ballots[2].invalid",
    ),
    (
        "marks_on_surplus_list",
        _changed(ballots=_ballots_with(5, {"marks": ["agree"] * 11})),
        "ballots[5].marks",
    ),
    ("unknown_mark", _changed(ballots=_ballots_with(5, {"marks": ["yes"]})), "ballots[5].marks[0]"),
    ("unknown_policy", _changed(policies={"tie_break": "age"}), "policies.tie_break"),
    (
        "unknown_policy_value",
        _changed(policies={"tie_at_cutoff": "older_wins"}),
        "policies.tie_at_cutoff",
    ),
    ("alternates_for_committee", _changed(alternates=2), "alternates"),
    ("round_zero", _changed(round=0), "round"),
    (
        "write_in_not_bool",
        _changed(ballots=_ballots_with(1, {"crossed": [0, 1], "write_in": "yes"})),
        "ballots[1].write_in",
    ),
    ("invalid_json", '{"seats": 9,', "$"),
    ("nan", '{"seats": NaN}', "$"),
    ("duplicate_key", '{"seats": 9, "seats": 10}', "seats"),
    ("not_an_object", "[1, 2]", "$"),
]


@pytest.mark.parametrize(("case", "data", "path"), BAD_INPUTS, ids=[c[0] for c in BAD_INPUTS])
def test_it_rejects_bad_input_with_status_2_naming_the_field(
    case: str, data: object, path: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(tmp_path, data, capsys)
    assert code == 2, case
    assert out == ""
    assert err.startswith(f"lỗi dữ liệu / input error: {path}: "), err


def test_it_rejects_a_missing_file_with_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope.json"
    assert main([str(missing)]) == 2
    assert str(missing) in capsys.readouterr().err


def test_it_rejects_an_unknown_format_with_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([_write(tmp_path, EXAMPLE_1A), "--format", "xml"]) == 2
    assert "--format" in capsys.readouterr().err


def test_it_shows_help_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "FILE" in out
    assert "--format" in out


def test_it_accepts_policies_and_records_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _changed(
        policies={"write_in": "ignore_written_name", "shortfall": "higher_committee_may_appoint"}
    )
    code, out, _ = _run(tmp_path, data, capsys)
    assert code == 0
    policies = json.loads(out)["policies"]
    assert policies["write_in"] == "ignore_written_name"
    assert policies["shortfall"] == "higher_committee_may_appoint"
    assert policies["max_kept"] == "seats_plus_alternates"


def test_it_refuses_json_nested_100000_levels_deep_with_status_2_and_no_traceback() -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    proc = subprocess.run(
        [sys.executable, "-m", "daihoi.tally", "-"],
        input="[" * 100_000 + "]" * 100_000,
        capture_output=True, text=True, env=env, check=False,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.startswith("lỗi dữ liệu / input error: $: JSON lồng nhau quá sâu")
    assert "Traceback" not in proc.stderr


def test_nesting_at_the_depth_limit_is_decoded_and_one_more_level_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from daihoi.tally.jsonio import MAX_DEPTH

    at_limit = _changed(description="[[[ {{{ \"]]]", policies={})
    # The top object is level 1; "description" strings with brackets do not count.
    nested: object = 1
    for _ in range(MAX_DEPTH - 1):
        nested = [nested]
    code, _, err = _run(tmp_path, _changed(round=nested), capsys)
    assert code == 2
    assert "round: cần số nguyên" in err  # decoded: refused by its type, not by its depth
    code, _, err = _run(tmp_path, _changed(round=[nested]), capsys)
    assert code == 2
    assert "JSON lồng nhau quá sâu" in err
    code, _, err = _run(tmp_path, at_limit, capsys)
    assert (code, err) == (0, "")


def test_it_refuses_a_file_over_10_mb_without_decoding_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from daihoi.tally.jsonio import MAX_INPUT_BYTES

    path = tmp_path / "huge.json"
    with path.open("wb") as fh:
        fh.write(b'{"description": "')
        fh.write(b"x" * MAX_INPUT_BYTES)
        fh.write(b'"}')
    assert main([str(path)]) == 2
    err = capsys.readouterr().err
    assert err == ("lỗi dữ liệu / input error: $: tệp quá lớn: hơn 10 MB, giới hạn là 10 MB"
                   " / input larger than 10 MB\n")


@pytest.mark.parametrize(("change", "path", "words"), [
    ({"seats": 501}, "seats", "không được lớn hơn 500"),
    ({"alternates": 101}, "alternates", "không được lớn hơn 100"),
    ({"ballots_issued": 1_000_001}, "ballots_issued", "không được lớn hơn 1.000.000"),
    ({"base": {"summoned": 2**63}}, "base.summoned", "không được lớn hơn 1.000.000"),
    ({"candidates": [f"Người {i}" for i in range(1001)]}, "candidates", "giới hạn 1.000"),
    ({"ballots": [{"invalid": "blank"}] * 200_001}, "ballots", "giới hạn 200.000"),
])
def test_it_refuses_counts_beyond_their_cap_naming_the_field(
    change: dict[str, Any], path: str, words: str, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = _run(tmp_path, _changed(**change), capsys)
    assert (code, out) == (2, "")
    assert err.startswith(f"lỗi dữ liệu / input error: {path}: "), err
    assert words in err


def test_counts_at_their_cap_are_accepted_by_the_reader() -> None:
    from daihoi.tally.jsonio import MAX_ALTERNATES, MAX_COUNT, MAX_SEATS, parse_election

    election = parse_election(_changed(seats=MAX_SEATS, alternates=MAX_ALTERNATES,
                                       ballots_issued=MAX_COUNT))
    assert (election.seats, election.alternates, election.ballots_issued) == (
        MAX_SEATS, MAX_ALTERNATES, MAX_COUNT)
