"""§5 worked examples, as written in the specification, through the API and the CLI.

The input files live in ``docs/examples/`` so that docs and tests share them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from typing import Any

import pytest

from daihoi.tally import (
    CandidateStatus,
    CrossedBallot,
    Deduction,
    InvalidReason,
    NextAction,
    Policies,
    ShortReason,
    TallyResult,
    WriteInPolicy,
    load_election,
    render_text,
    tally,
)
from tests.tally import make_examples as ex
from tests.tally.builders import EXAMPLES, REPO

A, B, C, D, E, F, G, H, I, J, K, L, M, N = range(14)  # noqa: E741


def run(stem: str) -> TallyResult:
    return tally(load_election((EXAMPLES / f"{stem}.json").read_text(encoding="utf-8")))


def cli_json(stem: str) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    proc = subprocess.run(
        [sys.executable, "-m", "daihoi.tally", str(EXAMPLES / f"{stem}.json")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    data: dict[str, Any] = json.loads(proc.stdout)
    return data


def test_it_keeps_the_docs_example_files_up_to_date() -> None:
    expected = ex.render_all()
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in EXAMPLES.glob("example-*.json")}
    assert on_disk == expected


def test_example_1a_elects_a_to_i_with_base_43_and_min_22() -> None:
    r = run("example-1a")
    assert (r.ballots_issued, r.ballots_collected, r.valid, r.invalid) == (43, 43, 41, 2)
    assert r.votes == tuple(ex.EX1_VOTES)
    assert sum(r.votes) == 319
    assert (r.base.base, r.threshold) == (43, 22)
    assert r.elected == (A, B, C, D, E, F, G, H, I)
    assert r.seats_remaining == 0
    assert r.next_round is None


def test_example_1a_through_the_cli() -> None:
    data = cli_json("example-1a")
    assert data["void"] is False
    assert (data["ballots_collected"], data["valid"], data["invalid"]) == (43, 41, 2)
    assert data["base"] == {
        "summoned": 45,
        "deductions": {"delegates_absent_not_replaced": 2},
        "base": 43,
    }
    assert data["threshold"] == 22
    assert data["votes"] == dict(zip("ABCDEFGHIJK", ex.EX1_VOTES, strict=True))
    assert data["elected"] == list("ABCDEFGHI")
    assert (data["alternates"], data["tied"], data["seats_remaining"]) == ([], [], 0)
    assert data["shares"]["I"] == "51.16"


def test_example_1b_elects_eight_and_leaves_one_seat() -> None:
    r = run("example-1b")
    assert (r.base.base, r.threshold) == (45, 23)
    assert r.elected == (A, B, C, D, E, F, G, H)
    assert r.candidates[I].status is CandidateStatus.NOT_QUALIFIED
    assert (r.seats_remaining, r.seats_remaining_reason) == (1, ShortReason.TOO_FEW_ABOVE_THRESHOLD)
    assert r.next_round is not None
    assert (r.next_round.action, r.next_round.round, r.next_round.seats) == (
        NextAction.NEXT_ROUND,
        2,
        1,
    )


def test_example_1b_through_the_cli() -> None:
    data = cli_json("example-1b")
    assert (data["threshold"], data["elected"], data["seats_remaining"]) == (
        23,
        list("ABCDEFGH"),
        1,
    )
    assert data["seats_remaining_reason"] == "too_few_above_threshold"
    assert data["next_round"]["action"] == "next_round"


def test_example_2_elects_the_top_nine_and_not_j() -> None:
    r = run("example-2")
    assert (r.base.base, r.threshold) == (56, 29)
    assert r.qualified == (A, B, C, D, E, F, G, H, I, J)
    assert r.elected == (A, B, C, D, E, F, G, H, I)
    assert r.candidates[J].status is CandidateStatus.QUALIFIED_NOT_ELECTED


def test_example_2_gives_the_same_outcome_when_the_exempted_member_votes() -> None:
    e = ex.example_2(ex.EX2_VOTES)
    deductions = dict(e.base.deductions)
    del deductions[Deduction.EXEMPTED_ABSENT]
    variant = replace(
        e,
        base=replace(e.base, deductions=deductions),
        ballots_issued=57,
        ballots=(*e.ballots, CrossedBallot(crossed=tuple(range(10)))),
    )
    r = tally(variant)
    assert (r.base.base, r.threshold) == (57, 29)
    assert r.elected == (A, B, C, D, E, F, G, H, I)


def test_example_3_reports_the_tie_at_the_cutoff() -> None:
    r = run("example-3")
    assert r.elected == (A, B, C, D, E, F, G, H)
    assert r.tied == (I, J)
    assert r.seats_remaining == 1
    assert r.seats_remaining_reason is ShortReason.TIE_AT_CUTOFF
    assert any("TIE_AT_CUTOFF" in step for step in r.steps)


def test_example_3_through_the_cli() -> None:
    data = cli_json("example-3")
    assert data["elected"] == list("ABCDEFGH")
    assert data["tied"] == ["I", "J"]
    assert data["seats_remaining"] == 1
    assert data["seats_remaining_reason"] == "tie_at_cutoff"
    assert data["ties"] == [
        {"candidates": ["I", "J"], "votes": 31, "official_places": 1, "alternate_places": 0}
    ]
    assert data["policies"]["tie_at_cutoff"] == "refer_to_congress"


def test_example_4_does_not_elect_with_five_of_ten() -> None:
    r = run("example-4")
    assert (r.base.base, r.threshold) == (10, 6)
    assert r.votes[D] == 5
    assert D not in r.elected
    assert r.elected == (A, B, C)


def test_example_4_charter_base_of_eleven_also_needs_six() -> None:
    e = ex.example_4()
    r = tally(replace(e, base=replace(e.base, deductions={})))
    assert (r.base.base, r.threshold) == (11, 6)
    assert D not in r.elected


def test_example_5_elects_the_secretary_with_five_of_eight() -> None:
    r = run("example-5")
    # The both-boxes ballot is invalid (R-033, R-034.4; the corrected Example 5).
    assert (r.valid, r.invalid) == (7, 1)
    assert r.invalid_by_reason == {InvalidReason.SINGLE_NAME_NOT_ONE_BOX: 1}
    assert (r.base.base, r.threshold) == (8, 5)
    assert r.votes == (5,)
    assert r.elected == (0,)


def test_example_5_through_the_cli() -> None:
    data = cli_json("example-5")
    assert (data["valid"], data["invalid"], data["threshold"]) == (7, 1, 5)
    assert data["votes"] == {"Trần Thị Bình": 5}
    assert data["elected"] == ["Trần Thị Bình"]


def test_example_5_variant_proposes_another_round_then_appointment() -> None:
    r = run("example-5-variant")
    assert r.votes == (4,)
    assert r.elected == ()
    assert r.next_round is not None
    assert (r.next_round.action, r.next_round.round, r.next_round.rules) == (
        NextAction.NEXT_ROUND,
        2,
        "R-007",
    )
    third = tally(ex.example_5(4, round_number=3))
    assert third.next_round is not None
    assert third.next_round.action is NextAction.HIGHER_COMMITTEE_APPOINTS


def test_example_6_classifies_the_seven_ballots() -> None:
    r = run("example-6")
    assert [(o.valid, o.reason, o.kept) for o in r.outcomes] == [
        (True, None, 9),
        (True, None, 6),
        (False, InvalidReason.OVER_VOTE, 0),
        (False, InvalidReason.OVER_VOTE, 0),
        (False, InvalidReason.NONE_KEPT, 0),
        (False, InvalidReason.NOT_ISSUED, 0),
        (False, InvalidReason.WRITE_IN, 0),
    ]


def test_example_6_b7_is_counted_when_the_board_disregards_the_written_name() -> None:
    e = ex.example_6()
    r = tally(replace(e, policies=Policies(write_in=WriteInPolicy.IGNORE_WRITTEN_NAME)))
    assert (r.outcomes[6].valid, r.outcomes[6].kept) == (True, 9)
    assert r.valid == 3


def test_example_6_voids_the_round_with_44_collected_for_43_issued() -> None:
    r = run("example-6-void")
    assert (r.ballots_issued, r.ballots_collected) == (6, 7)
    assert r.void is True
    assert r.next_round is not None
    assert r.next_round.action is NextAction.REVOTE
    e = ex.example_1(whole_congress=True)
    extra = replace(e, ballots=(*e.ballots, CrossedBallot(crossed=(0, 1))))
    assert (extra.ballots_issued, len(extra.ballots)) == (43, 44)
    assert tally(extra).void is True
    assert tally(e).void is False


def test_example_6_void_through_the_cli() -> None:
    data = cli_json("example-6-void")
    assert data["void"] is True
    assert data["void_reason"] == "collected_exceeds_issued"
    assert data["elected"] == []


def test_example_7_lists_ten_official_delegates_and_two_ranked_alternates() -> None:
    r = run("example-7")
    assert (r.base.base, r.threshold) == (116, 59)
    assert len(r.qualified) == 12
    assert r.elected == (A, B, C, D, E, F, G, H, I, J)
    assert r.alternates == (K, L)
    assert r.alternate_ranks == (1, 2)
    assert r.candidates[M].status is CandidateStatus.NOT_QUALIFIED
    assert r.layout.max_kept == 12


def test_example_7_through_the_cli() -> None:
    data = cli_json("example-7")
    assert data["elected"] == list("ABCDEFGHIJ")
    assert data["alternates"] == ["K", "L"]
    assert data["votes"]["K"] == 66
    assert data["votes"]["L"] == 61
    assert data["policies"]["alternates_mode"] == "single_ballot_ranked"


def test_example_7_variant_has_nine_official_and_continues_voting() -> None:
    r = run("example-7-variant")
    assert r.elected == (A, B, C, D, E, F, G, H, I)
    assert r.alternates == ()
    assert r.seats_remaining == 1
    assert r.next_round is not None
    assert (r.next_round.action, r.next_round.rules) == (NextAction.NEXT_ROUND, "R-062")


def test_example_10_does_not_elect_with_74_of_148_even_above_half_of_valid() -> None:
    r = run("example-10")
    assert (r.base.base, r.threshold, r.valid) == (148, 75, 140)
    assert r.votes[D] == 74
    assert r.valid < 2 * 74
    assert r.elected == (A, B, C)


@pytest.mark.parametrize("stem", sorted(ex.all_examples()))
def test_every_example_renders_as_vietnamese_text(stem: str) -> None:
    text = render_text(run(stem))
    assert text.startswith("KẾT QUẢ KIỂM PHIẾU")
    assert "Cơ sở tính" in text
