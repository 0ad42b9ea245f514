"""The worked examples of §5 of the election rules, as input files in ``docs/examples/``.

Run ``PYTHONPATH=src python -m tests.tally.make_examples`` to (re)write the files; a test
checks that the files on disk are exactly what this module builds. Ballots are built by
construction from the vote tables of the specification (``builders.kept_sets``).
"""

from __future__ import annotations

from daihoi.tally import (
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
)
from tests.tally.builders import EXAMPLES, crossed_ballots, dump_json, election, election_json

EX1_VOTES = [40, 38, 36, 35, 33, 30, 27, 23, 22, 20, 15]
EX2_VOTES = [52, 50, 47, 45, 41, 38, 36, 33, 31, 30, 20]
EX3_VOTES = [52, 50, 47, 45, 41, 38, 36, 33, 31, 31, 20]
EX7_VOTES = [110, 105, 101, 98, 95, 90, 88, 80, 76, 70, 66, 61, 58, 40]
EX7_VARIANT_VOTES = [110, 105, 101, 98, 95, 90, 88, 80, 76, 58, 50, 45, 40, 30]
MEMBERS_EX2 = {
    Deduction.TEMPORARY_ACTIVITY_ELSEWHERE: 2,
    Deduction.EXEMPTED_ABSENT: 1,
    Deduction.ABSENT_WHOLE_CONGRESS_APPROVED: 1,
}


def example_1(*, whole_congress: bool) -> Election:
    """Example 1: 45 summoned, 43 ballots, 2 invalid (1 over-vote, 1 all crossed), 9 of 11."""
    ballots = [
        *crossed_ballots(EX1_VOTES, 41, max_kept=9),
        CrossedBallot(crossed=(10,)),
        CrossedBallot(crossed=tuple(range(11))),
    ]
    deductions = {Deduction.DELEGATES_ABSENT_NOT_REPLACED: 2} if whole_congress else {}
    return election(seats=9, candidates=11, summoned=45, deductions=deductions, ballots=ballots)


def example_2(votes: list[int]) -> Election:
    """Example 2 (and 3): members' congress, 60 summoned, 4 deducted, 56 ballots, 9 of 11."""
    return election(
        congress=CongressKind.MEMBERS,
        seats=9,
        candidates=11,
        summoned=60,
        deductions=MEMBERS_EX2,
        ballots=crossed_ballots(votes, 56, max_kept=9),
    )


def example_4() -> Election:
    """Example 4: cell of 11, 1 absent with approved reason; a candidate with 5 votes."""
    return election(
        congress=CongressKind.MEMBERS,
        kind=ElectionKind.CELL_COMMITTEE,
        seats=3,
        candidates=4,
        summoned=11,
        deductions={Deduction.ABSENT_WHOLE_CONGRESS_APPROVED: 1},
        ballots=crossed_ballots([9, 8, 6, 5], 10, max_kept=3),
    )


def example_5(agree: int, *, round_number: int = 1) -> Election:
    """Example 5: cell of 8, single candidate for secretary; ``agree`` agree, 1 both-boxes."""
    marks = [Mark.AGREE] * agree + [Mark.DISAGREE] * (7 - agree) + [Mark.BOTH]
    return election(
        congress=CongressKind.MEMBERS,
        kind=ElectionKind.SECRETARY,
        seats=1,
        candidates=("Trần Thị Bình",),
        summoned=8,
        ballots=[MarkedBallot(marks=(m,)) for m in marks],
        round_number=round_number,
    )


def example_6(*, collected_extra: int = 0) -> Election:
    """Example 6: the seven ballots b1..b7 of the classification table (9 seats, 11 names)."""
    ballots: list[Ballot] = [
        CrossedBallot(crossed=(9, 10)),
        CrossedBallot(crossed=(0, 2, 4, 6, 8)),
        CrossedBallot(crossed=(5,)),
        CrossedBallot(crossed=()),
        CrossedBallot(crossed=tuple(range(11))),
        RuledInvalidBallot(reason=InvalidReason.NOT_ISSUED),
        CrossedBallot(crossed=(3, 7), write_in=True),
    ]
    issued = 7 if not collected_extra else 7 - collected_extra
    return election(seats=9, candidates=11, summoned=45, ballots=ballots, issued=issued)


def example_7(votes: list[int]) -> Election:
    """Example 7: members' congress, 10 delegates + 2 alternates, base 116, list of 14."""
    return election(
        congress=CongressKind.MEMBERS,
        kind=ElectionKind.DELEGATES,
        seats=10,
        alternates=2,
        candidates=14,
        summoned=120,
        deductions={
            Deduction.TEMPORARY_ACTIVITY_ELSEWHERE: 2,
            Deduction.ABSENT_WHOLE_CONGRESS_APPROVED: 2,
        },
        ballots=crossed_ballots(votes, 116, max_kept=12),
    )


def example_10() -> Election:
    """Example 10: 150 summoned, 1 unreplaced delegate and 1 committee member deducted."""
    return election(
        seats=3,
        candidates=4,
        summoned=150,
        deductions={
            Deduction.DELEGATES_ABSENT_NOT_REPLACED: 1,
            Deduction.COMMITTEE_MEMBERS_ABSENT_WHOLE_CONGRESS: 1,
        },
        ballots=crossed_ballots([120, 100, 75, 74], 140, max_kept=3),
    )


def all_examples() -> dict[str, tuple[Election, str]]:
    """File stem -> (election, description)."""
    return {
        "example-1a": (example_1(whole_congress=True), "§5 Ví dụ 1a: base 43, min 22, A…I"),
        "example-1b": (example_1(whole_congress=False), "§5 Ví dụ 1b: base 45, min 23, A…H"),
        "example-2": (example_2(EX2_VOTES), "§5 Ví dụ 2: base 56, min 29, A…I; J đạt"),
        "example-3": (example_2(EX3_VOTES), "§5 Ví dụ 3: I và J bằng 31 phiếu tại ngưỡng"),
        "example-4": (example_4(), "§5 Ví dụ 4: base 10, min 6; 5 phiếu không trúng"),
        "example-5": (example_5(5), "§5 Ví dụ 5: bí thư chi bộ, 5/8 đồng ý, 1 phiếu hai ô"),
        "example-5-variant": (example_5(4), "§5 Ví dụ 5 (biến thể): 4 đồng ý, bầu lại"),
        "example-6": (example_6(), "§5 Ví dụ 6: phân loại phiếu b1…b7"),
        "example-6-void": (
            example_6(collected_extra=1),
            "§5 Ví dụ 6: thu vào nhiều hơn phát ra, hủy",
        ),
        "example-7": (example_7(EX7_VOTES), "§5 Ví dụ 7: 10 chính thức + 2 dự khuyết"),
        "example-7-variant": (example_7(EX7_VARIANT_VOTES), "§5 Ví dụ 7 (biến thể): 9 đạt"),
        "example-10": (example_10(), "§5 Ví dụ 10: base 148, min 75; 74 phiếu không trúng"),
    }


def render_all() -> dict[str, str]:
    """File name -> file content."""
    return {
        f"{stem}.json": dump_json(election_json(e, description))
        for stem, (e, description) in all_examples().items()
    }


def main() -> None:
    EXAMPLES.mkdir(parents=True, exist_ok=True)
    for name, text in render_all().items():
        (EXAMPLES / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
