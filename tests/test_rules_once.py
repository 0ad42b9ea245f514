"""Each rule and label of docs/rules.md's "Rules once" has one home: a second definition of one
of them anywhere in ``src/daihoi`` fails here, and the places that show the engine's labels
show exactly the engine's wording."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from daihoi import tally
from daihoi.elections import keying, printing
from daihoi.tally import jsonio, texts
from daihoi.tally.model import (
    CongressKind,
    CrossedBallot,
    Election,
    ElectionKind,
    InvalidReason,
    Mark,
    MarkedBallot,
    RuledInvalidBallot,
    ThresholdBase,
)
from daihoi.tally.policies import Policies, WriteInPolicy

SRC = Path(__file__).resolve().parents[1] / "src" / "daihoi"

#: (what, pattern of a definition or a restatement, the one file allowed to hold it).
ONE_HOME: list[tuple[str, str, str]] = [
    ("the day of the congress", r"def congress_da(y|te)\b", "congress/selectors.py"),
    ("official delegates summoned", r"status__in=OFFICIAL_STATUSES", "delegates/selectors.py"),
    ("the quorum default", r"Fraction\(2, 3\)", "composition/quorum.py"),
    ("an opinion still pending", r"answer=Answer\.NONE\b|answer=\"\"|stance != Stance\.AGREE",
     "documents/models.py"),
    ("the organization an audit entry is filed under", r"committee_of\([^)]*\)\.pk",
     "roster/services.py"),
    ("which deductions apply (outside the engine)", r"tally\.allowed_deductions\(",
     "elections/selectors.py"),
    ("may the next round open", r"HIGHER_COMMITTEE_APPOINTS", "elections/outcome.py"),
    ("a full member must have a card", r"phải có số thẻ", "roster/rules.py"),
    ("the ballot JSON writer", r"\"crossed\": list\(", "tally/jsonio.py"),
    ("the age bands", r"AGE_BANDS\s*(:[^=\n]*)?=", "composition/credentials.py"),
    ("the committee that leads an organization", r'"Huyện ủy"\)|\.find\("ủy"\)',
     "roster/naming.py"),
    ("who issues a congress document and signs it",
     r'LẦN THỨ \{|\("T/M (ĐOÀN CHỦ TỊCH|BAN KIỂM PHIẾU|BAN THẨM TRA|TIỂU BAN|BAN CHẤP HÀNH)",',
     "congress/issuers.py"),
    ("the comparison audit's error inflator", r"1\.03905", "tally/audit.py"),
    ("the comparison audit's ticket", r"sha256\(f\"\{seed\},", "tally/audit.py"),
]


def _python_files(*, engine: bool = True) -> list[Path]:
    """The project's Python files (``engine=False``: outside the counting engine, whose own
    rules are its business)."""
    return [p for p in SRC.rglob("*.py") if "migrations" not in p.parts
            and (engine or p.relative_to(SRC).parts[0] != "tally")]


@pytest.mark.parametrize(("what", "pattern", "home"), ONE_HOME, ids=[w for w, _, _ in ONE_HOME])
def test_each_rule_is_defined_in_its_home_only(what: str, pattern: str, home: str) -> None:
    files = _python_files(engine=home.startswith("tally/"))
    found = sorted(str(p.relative_to(SRC)) for p in files
                   if re.search(pattern, p.read_text(encoding="utf-8")))
    assert found == [home], f"{what}: {found}"


def test_no_app_lays_out_a_heading_of_its_own() -> None:
    """Every congress document's heading comes from ``congress.issuers.heading``: no app builds
    a ``PartyHeading`` or rewrites one (the member list, below the congress, names its
    committee with ``roster.naming``)."""
    pattern = re.compile(r"PartyHeading\(|replace\(head")
    found = sorted(str(p.relative_to(SRC)) for p in _python_files()
                   if pattern.search(p.read_text(encoding="utf-8")))
    assert found == ["congress/issuers.py", "roster/printing.py"]


def test_no_comparison_of_a_congress_kind_with_a_string() -> None:
    pattern = re.compile(r"congress\.kind\s*[!=]=\s*[\"']")
    found = [str(p.relative_to(SRC)) for p in _python_files()
             if pattern.search(p.read_text(encoding="utf-8"))]
    assert found == []


def test_audit_entries_are_not_filed_under_a_congress_organization_directly() -> None:
    pattern = re.compile(r"organization_id=[\w.]*congress\.organization_id")
    found = [str(p.relative_to(SRC)) for p in _python_files()
             if pattern.search(p.read_text(encoding="utf-8"))]
    assert found == []


# --------------------------------------------------------------------------- labels

_ENGINE_LABELS = [
    *texts.INVALID_LABELS.values(), *texts.DEDUCTION_LABELS.values(),
    *texts.STATUS_LABELS.values(), *texts.NEXT_ACTION_LABELS.values(),
]


def test_the_engine_labels_are_written_in_the_engine_only() -> None:
    """No page, printer or selector writes one of the engine's result labels again as a string
    of its own (in either case of its first letter): they read ``tally.texts``."""
    wanted = {f"{q}{w}{q}" for label in _ENGINE_LABELS if len(label) > 12
              for w in (label, texts.line_start(label), label[:1].lower() + label[1:])
              for q in "\"'"}
    files = [p for p in SRC.rglob("*") if p.suffix in (".py", ".html")
             and "migrations" not in p.parts and "tally" not in p.relative_to(SRC).parts]
    found = sorted({f"{p.relative_to(SRC)}: {w}" for p in files
                    for w in wanted if w in p.read_text(encoding="utf-8")})
    assert found == []


def test_the_minutes_and_the_round_page_use_the_engine_deduction_labels() -> None:
    engine = {str(k): texts.line_start(v) for k, v in texts.DEDUCTION_LABELS.items()}
    assert {k: printing.deduction_label(k) for k in engine} == engine


def test_the_desk_describes_a_ruling_in_the_engine_words() -> None:
    for key, reason in keying.RULINGS.items():
        label = texts.line_start(texts.INVALID_LABELS[reason])
        assert keying.reason_label(reason) == label
        assert (f"/{key}", texts.INVALID_LABELS[reason]) in keying.SHORT_KEYS
        assert keying.describe(f"i:{reason.value}") == f"Không hợp lệ: {label}"


def test_the_threshold_page_uses_the_engine_deduction_labels() -> None:
    from daihoi.delegates.selectors import BaseDetail

    base = ThresholdBase(summoned=10, deductions={tally.Deduction.EXEMPTED_ABSENT: 2})
    detail = BaseDetail(base=base, breakdown=tally.compute_base(
        congress=CongressKind.MEMBERS, base=base), min_votes=5, sessions=[], summoned_names=[])
    assert [row[1] for row in detail.deduction_rows] == [
        texts.line_start(texts.DEDUCTION_LABELS[tally.Deduction.EXEMPTED_ABSENT])]


# --------------------------------------------------------------------------- ballot JSON

def _election(policies: Policies) -> Election:
    return Election(
        congress=CongressKind.DELEGATES, kind=ElectionKind.COMMITTEE, seats=2, alternates=0,
        candidates=("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"),
        base=ThresholdBase(summoned=5, deductions={
            tally.Deduction.DELEGATES_ABSENT_NOT_REPLACED: 1}),
        ballots_issued=4,
        ballots=(CrossedBallot(crossed=(0,)), CrossedBallot(crossed=(2,), write_in=True),
                 RuledInvalidBallot(reason=InvalidReason.TORN),
                 CrossedBallot(crossed=())),
        round=2, policies=policies,
    )


@pytest.mark.parametrize(
    "policies", [Policies(), Policies(write_in=WriteInPolicy.IGNORE_WRITTEN_NAME)],
    ids=["defaults", "a policy chosen"])
def test_the_ballot_json_reads_back_what_was_written(policies: Policies) -> None:
    election = _election(policies)
    text = jsonio.dump_election(election, description="Thử", order=[3, 2, 1, 0])
    again = jsonio.load_election(text)
    assert again.ballots == tuple(reversed(election.ballots))
    assert again == dataclasses.replace(election, ballots=again.ballots)
    assert ("policies" in json.loads(text)) is (policies != Policies())


def test_a_marked_ballot_is_written_as_its_marks() -> None:
    ballot = MarkedBallot(marks=(Mark.AGREE, Mark.DISAGREE), write_in=True)
    assert jsonio.ballot_data(ballot) == {"marks": ["agree", "disagree"], "write_in": True}


# --------------------------------------------------------------------------- elections' views

def test_the_elections_views_hold_no_query_and_no_access_rule_of_their_own() -> None:
    """Queries live in the selectors, access decisions in ``elections.access``: the views only
    read the answers (``acc.manage``, ``acc.sees_count``…)."""
    views = (SRC / "elections" / "views.py").read_text(encoding="utf-8")
    assert ".objects." not in views
    assert "acc.run or acc.board" not in views
