"""docs/scan-format: the schema lists what the reader says, and the command's output keeps to
the schema's keys and values."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import cv2
import pytest

from daihoi.ballotread import reader
from daihoi.ballotread.cli import main
from tests.ballotread import generate

DOCS = Path(__file__).resolve().parents[2] / "docs"
SCHEMA: dict[str, Any] = json.loads((DOCS / "scan-format.schema.json").read_text("utf-8"))
GUIDE = (DOCS / "scan-format.md").read_text(encoding="utf-8")


def test_the_schema_enumerates_the_reasons_of_the_code() -> None:
    page = SCHEMA["$defs"]["page"]["properties"]
    position = SCHEMA["$defs"]["position"]["properties"]
    assert page["reason"]["enum"] == list(reader.PAGE_REJECTIONS)
    assert position["reason"]["enum"] == list(reader.UNSURE_REASONS)


def test_the_guide_explains_every_reason() -> None:
    for reason in (*reader.PAGE_REJECTIONS, *reader.UNSURE_REASONS):
        assert f"`{reason}`" in GUIDE, reason


def _check(value: Any, schema: dict[str, Any]) -> None:
    """A small check of the schema's keywords used here (required, properties, enum, const)."""
    if "$ref" in schema:
        schema = SCHEMA["$defs"][schema["$ref"].rsplit("/", 1)[1]]
    if "const" in schema:
        assert value == schema["const"]
    if "enum" in schema:
        assert value in schema["enum"], (value, schema["enum"])
    if isinstance(value, dict):
        assert set(schema.get("required", ())) <= set(value)
        if schema.get("additionalProperties") is False:
            assert set(value) <= set(schema["properties"]), set(value) - set(schema["properties"])
        for key, item in value.items():
            if key in schema.get("properties", {}):
                _check(item, schema["properties"][key])
    if isinstance(value, list) and "items" in schema:
        for item in value:
            _check(item, schema["items"])


def test_the_command_s_output_keeps_to_the_schema(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, layout = generate.ballot(12)
    (tmp_path / "LAYOUT.json").write_text(layout.to_json(), encoding="utf-8")
    for seed in range(3):
        cv2.imwrite(str(tmp_path / f"{seed}.jpg"), generate.sheet(seed, 12).image)
    (tmp_path / "3.jpg").write_bytes((tmp_path / "0.jpg").read_bytes())
    files = [str(tmp_path / f"{i}.jpg") for i in range(4)]
    assert main([*files, "--layout", str(tmp_path / "LAYOUT.json")]) == 0
    doc = json.loads(capsys.readouterr().out)
    _check(doc, SCHEMA)
    assert [p["status"] for p in doc["pages"]] == ["read", "read", "read", "rejected"]
