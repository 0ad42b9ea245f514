"""The reader's rules at their boundaries: the classification of a measured row, bridging a
line under letters, removing specks, the layout's JSON."""

from __future__ import annotations

import json

import numpy as np
import pytest

from daihoi.ballotread import reader as r
from daihoi.ballotread.layout import BallotLayout, Box, LayoutError
from tests.ballotread import generate

K, C, X = r.KEPT_INK_MM2, r.CROSSED_COVERAGE, r.UNSURE


def test_below_the_kept_ink_a_name_is_kept_whatever_else() -> None:
    assert r.classify(1.0, K - 0.01, 0.0, 0.0, "") == (r.KEPT, None)
    assert r.classify(1.0, K, 0.0, 0.1, "") == (r.CROSSED, None)


def test_a_line_over_the_crossed_coverage_crosses_the_name_just_below_it_is_partial() -> None:
    assert r.classify(C, 5.0, 0.0, 0.1, "") == (r.CROSSED, None)
    assert r.classify(C - 0.001, 5.0, 0.0, 0.1, "start") == (X, "partial-line-start")
    assert r.classify(C - 0.001, 5.0, 0.0, 0.1, "end") == (X, "partial-line-end")
    assert r.classify(C - 0.001, 5.0, 0.0, 0.1, "") == (X, "partial-line")


def test_under_the_partial_coverage_a_mark_is_not_a_line() -> None:
    assert r.classify(r.PARTIAL_COVERAGE, 5.0, 0.0, 0.1, "") == (X, "partial-line")
    assert r.classify(r.PARTIAL_COVERAGE - 0.001, 5.0, 0.0, 0.1, "") == (X, "mark-not-a-line")


def test_a_blot_over_the_name_is_a_smudge_not_a_line() -> None:
    assert r.classify(1.0, 50.0, 0.0, r.SMUDGE_FILL, "") == (r.CROSSED, None)
    assert r.classify(1.0, 50.0, 0.0, r.SMUDGE_FILL + 0.001, "") == (X, "smudge")


def test_ink_only_outside_the_name_is_a_mark_outside_it() -> None:
    assert r.classify(0.0, 2 * K, 2 * K - K + 0.001, 0.0, "") == (X, "mark-outside-name")
    # as much ink again inside the name's cell: not only outside
    assert r.classify(0.0, 2 * K, K, 0.0, "") == (X, "mark-not-a-line")


def test_a_gap_under_letters_is_bridged_up_to_its_length_where_inked() -> None:
    new = np.zeros((5, 12), np.uint8)
    new[2, 0] = new[2, 5] = 1  # a line seen at columns 0 and 5, hidden between
    ink = np.zeros((5, 12), bool)
    ink[2, 1:5] = True  # the scan is inked all along the gap
    assert r._bridge(new, ink, gap=4, tol=0)[:6].all()
    assert not r._bridge(new, ink, gap=3, tol=0)[1:5].any()
    ink[2, 3] = False  # a white column in the gap: the line does not run there
    assert not r._bridge(new, ink, gap=4, tol=0)[1:5].any()
    ink[4, 3] = True  # ink in that column, but 2 rows off the line: within tol 2, not 1
    assert r._bridge(new, ink, gap=4, tol=2)[1:5].all()
    assert not r._bridge(new, ink, gap=4, tol=1)[1:5].any()


def test_specks_under_the_least_area_are_removed() -> None:
    img = np.zeros((10, 10), np.uint8)
    img[0, 0:3] = 1  # 3 px
    img[5, 2:6] = 1  # 4 px
    out = r._despeckle(img, 4)
    assert out[0].sum() == 0
    assert out[5].sum() == 4


def test_tall_ink_counts_columns_reaching_the_span() -> None:
    cols = np.zeros((10, 4), np.uint8)
    cols[1, :] = 1
    cols[8, :2] = 1  # first two columns: rows 1 to 8, 8 rows
    assert r._tall(cols, 8) == 0.5
    assert r._tall(cols, 9) == 0.0


def test_the_layout_goes_to_json_and_back_unchanged() -> None:
    _, layout = generate.ballot(12)
    again = BallotLayout.from_json(layout.to_json())
    assert again.to_json() == layout.to_json()  # millimetres kept to the micrometre
    assert again.pages[0].blank_png == layout.pages[0].blank_png
    assert [q.name for q in again.pages[0].positions] == list(generate.names(12))
    assert again.pages[0].positions[3].zone.x == pytest.approx(
        layout.pages[0].positions[3].zone.x, abs=0.001)
    data = json.loads(layout.to_json())
    assert data["format"] == "daihoi-ballot-layout"
    assert data["pages"][0]["code"] == "DH-3-7-1"
    assert len(data["pages"][0]["positions"]) == 12


@pytest.mark.parametrize(("text", "message"), [
    ("not json", "not JSON"),
    ('{"format": "other"}', "not a ballot layout"),
    ('{"format": "daihoi-ballot-layout", "version": 99}', "version"),
    ('{"format": "daihoi-ballot-layout", "version": 1, "round_code": "x", "cross_out": true,'
     ' "pages": []}', "without pages"),
    ('{"format": "daihoi-ballot-layout", "version": 1, "round_code": "x", "cross_out": true,'
     ' "pages": [{"page": 1}]}', "missing or wrong"),
])
def test_a_layout_that_is_not_one_is_refused(text: str, message: str) -> None:
    with pytest.raises(LayoutError, match=message):
        BallotLayout.from_json(text)


def test_a_box_is_four_numbers() -> None:
    assert Box.of([1, 2, 3, 4]) == Box(1.0, 2.0, 3.0, 4.0)
    with pytest.raises(LayoutError):
        Box.of([1, 2, 3])
