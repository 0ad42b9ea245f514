"""The documentation stays honest: schema, parser, policies and examples agree."""

from __future__ import annotations

import json
from typing import Any

import pytest

from daihoi.tally import (
    BOARD_REASONS,
    CongressKind,
    Deduction,
    ElectionKind,
    Mark,
    Policies,
    load_election,
)
from daihoi.tally.jsonio import REQUIRED_KEYS, TOP_KEYS
from daihoi.tally.policies import POLICY_TEXT, POLICY_TYPES
from tests.tally.builders import EXAMPLES, REPO

SCHEMA: dict[str, Any] = json.loads(
    (REPO / "docs" / "tally-format.schema.json").read_text(encoding="utf-8")
)
GUIDE = (REPO / "docs" / "tally-format.md").read_text(encoding="utf-8")


def test_the_schema_is_draft_2020_12() -> None:
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_the_schema_lists_the_keys_the_parser_accepts() -> None:
    assert set(SCHEMA["properties"]) == set(TOP_KEYS)
    assert set(SCHEMA["required"]) == set(REQUIRED_KEYS)
    assert SCHEMA["additionalProperties"] is False


def test_the_schema_enumerates_the_values_of_the_code() -> None:
    props = SCHEMA["properties"]
    assert props["congress"]["enum"] == [k.value for k in CongressKind]
    assert props["election"]["enum"] == [k.value for k in ElectionKind]
    assert list(props["base"]["properties"]["deductions"]["properties"]) == [
        d.value for d in Deduction
    ]
    forms = SCHEMA["$defs"]["ballot"]["oneOf"]
    assert forms[1]["properties"]["marks"]["items"]["enum"] == [m.value for m in Mark]
    assert set(forms[2]["properties"]["invalid"]["enum"]) == {r.value for r in BOARD_REASONS}


def test_the_schema_documents_every_policy_with_its_default() -> None:
    documented = SCHEMA["properties"]["policies"]["properties"]
    assert list(documented) == list(POLICY_TYPES)
    for name, default in Policies().as_dict().items():
        assert documented[name]["default"] == default
        assert documented[name]["enum"] == [v.value for v in POLICY_TYPES[name]]


@pytest.mark.parametrize("name", list(POLICY_TYPES))
def test_the_guide_and_the_minutes_text_describe_every_policy_value(name: str) -> None:
    assert f"`{name}`" in GUIDE
    rules, texts = POLICY_TEXT[name]
    assert rules.startswith("R-")
    assert set(texts) == {v.value for v in POLICY_TYPES[name]}
    for value in POLICY_TYPES[name]:
        assert f"`{value.value}`" in GUIDE


def test_the_guide_documents_every_input_key() -> None:
    for key in TOP_KEYS:
        assert f"`{key}`" in GUIDE
    for deduction in Deduction:
        assert f"`{deduction.value}`" in GUIDE


def test_every_example_file_passes_the_parser() -> None:
    files = sorted(EXAMPLES.glob("*.json"))
    assert len(files) >= 12
    for path in files:
        election = load_election(path.read_text(encoding="utf-8"))
        assert election.candidates
        assert path.name in GUIDE
