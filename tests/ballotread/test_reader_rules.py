"""The reader's rules at their boundaries: the classification of a measured row, the measures
(bridging a line under letters, specks and slivers, tall ink, holes, the line's extent, the
blank page moved to fit), the registration marks, the layout's JSON."""

from __future__ import annotations

import json

import cv2
import numpy as np
import pytest

from daihoi.ballotread import reader as r
from daihoi.ballotread.layout import BallotLayout, Box, LayoutError
from tests.ballotread import generate

K, C, X = r.KEPT_INK_MM2, r.CROSSED_COVERAGE, r.UNSURE
LINE = r.Measures(ink_mm2=5.0, coverage=1.0, fill=0.2, middle=1.0)  # a line through the name


def m(**changes: float | str) -> r.Measures:
    return r.Measures(**{**LINE.__dict__, **changes})  # type: ignore[arg-type]


def test_a_line_through_the_whole_name_crosses_it() -> None:
    assert r.classify(LINE) == (r.CROSSED, None)


def test_below_the_kept_ink_a_name_is_kept_unless_that_ink_runs_along_it() -> None:
    assert r.classify(m(ink_mm2=K - 0.01, coverage=r.FAINT_COVERAGE - 0.001)) == (r.KEPT, None)
    assert r.classify(m(ink_mm2=K - 0.01, coverage=r.FAINT_COVERAGE)) == (X, "faint-line")
    assert r.classify(m(ink_mm2=K)) == (r.CROSSED, None)


def test_a_line_over_the_crossed_coverage_crosses_the_name_just_below_it_is_partial() -> None:
    assert r.classify(m(coverage=C)) == (r.CROSSED, None)
    assert r.classify(m(coverage=C - 0.001, side="start")) == (X, "partial-line-start")
    assert r.classify(m(coverage=C - 0.001, side="end")) == (X, "partial-line-end")
    assert r.classify(m(coverage=C - 0.001)) == (X, "partial-line")


def test_under_the_partial_coverage_a_mark_is_not_a_line() -> None:
    assert r.classify(m(coverage=r.PARTIAL_COVERAGE)) == (X, "partial-line")
    assert r.classify(m(coverage=r.PARTIAL_COVERAGE - 0.001)) == (X, "mark-not-a-line")


def test_a_blot_over_the_name_is_a_smudge_not_a_line() -> None:
    assert r.classify(m(fill=r.SMUDGE_FILL)) == (r.CROSSED, None)
    assert r.classify(m(fill=r.SMUDGE_FILL + 0.001)) == (X, "smudge")
    assert r.classify(m(fill=r.SMUDGE_FILL + 0.001, coverage=0.3)) == (X, "smudge")


def test_ink_round_the_name_is_a_ring() -> None:
    assert r.classify(m(ring=r.RING_COVERAGE - 0.001)) == (r.CROSSED, None)
    assert r.classify(m(ring=r.RING_COVERAGE)) == (X, "ring")


def test_a_line_along_the_tops_or_feet_of_the_letters_is_not_a_line_through_the_name() -> None:
    assert r.classify(m(middle=r.MIDDLE_COVERAGE)) == (r.CROSSED, None)
    assert r.classify(m(middle=r.MIDDLE_COVERAGE - 0.001)) == (X, "line-along-edge")


def test_a_line_with_another_mark_beside_it_is_not_read() -> None:
    assert r.classify(m(extra_mm2=K - 0.01)) == (r.CROSSED, None)
    assert r.classify(m(extra_mm2=K)) == (X, "line-and-mark")


def test_ink_only_outside_the_name_is_a_mark_outside_it() -> None:
    only = m(ink_mm2=2 * K, coverage=0.0, outside_mm2=K + 0.001)
    assert r.classify(only) == (X, "mark-outside-name")
    # as much ink again inside the name's cell: not only outside
    assert r.classify(m(ink_mm2=2 * K, coverage=0.0, outside_mm2=K)) == (X, "mark-not-a-line")
    assert r.classify(m(ink_mm2=2 * K, coverage=0.0, outside_mm2=K - 0.01)) == (
        X, "mark-not-a-line")


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


def test_specks_under_the_least_area_and_slivers_are_removed() -> None:
    img = np.zeros((10, 12), np.uint8)
    img[0, 0:3] = 1  # 3 px
    img[4:6, 2:4] = 1  # 4 px, two thick
    img[8, 0:12] = 1  # 12 px, a sliver one pixel thick
    out = r._despeckle(img, 4)
    assert out[0].sum() == 0
    assert out[4:6].sum() == 4
    assert out[8].sum() == 0
    img[9, 0] = 1  # the sliver two pixels thick at one place: a line's piece
    img[9, 1] = 1
    img[7, 0] = img[7, 1] = 1
    assert r._despeckle(img, 4)[8].sum() == 12


def test_a_piece_of_a_line_is_at_least_two_pixels_wide_and_high() -> None:
    img = np.zeros((6, 8), np.uint8)
    img[0, 0:6] = 1  # one row high: a sliver
    img[2:5, 7] = 1  # one column wide
    img[3:5, 2:4] = 1  # 2 × 2: kept
    out = r._pieces(img)
    assert out.sum() == 4
    assert out[3:5, 2:4].all()


def test_tall_ink_counts_columns_reaching_the_span_hollow_between() -> None:
    cols = np.zeros((10, 4), np.uint8)
    cols[1, :] = 1
    cols[8, :2] = 1  # first two columns: rows 1 to 8, 8 rows, 6 uninked between
    assert r._tall(cols, 8, 6) == 0.5
    assert r._tall(cols, 9, 6) == 0.0
    assert r._tall(cols, 8, 7) == 0.0  # not hollow enough: a thick line, not a ring
    cols[4, 0] = 1  # a third stroke inside: the longest hollow is 3
    assert r._tall(cols, 8, 3) == 0.5
    assert r._tall(cols, 8, 4) == 0.25


def test_a_closed_ring_has_a_hole_an_open_curve_none() -> None:
    ring = np.zeros((20, 30), np.uint8)
    cv2.ellipse(ring, (15, 10), (10, 6), 0, 0, 360, 1, 1)
    holes = r._holes(ring)
    assert holes[10, 15]
    assert not holes[0, 0]
    cv2.line(ring, (4, 10), (6, 10), 0, 3)  # a gap in the ring: the inside runs out
    assert not r._holes(ring).any()


def test_the_line_runs_from_the_first_to_the_last_covered_run_that_meets_the_name() -> None:
    cols = np.zeros(40, bool)
    cols[5:25] = True  # a line across the name (columns 8 to 20)
    cols[30:35] = True  # a note after it, apart
    assert r._line_extent(cols, 8, 20) == (5, 25)
    cols[25:30] = True  # the note joins the line
    assert r._line_extent(cols, 8, 20) == (5, 35)
    assert r._line_extent(np.zeros(40, bool), 8, 20) == (8, 8)


def test_the_blank_page_moves_one_pixel_to_fit_not_two() -> None:
    _, layout = generate.ballot(12)
    ref = r._Reference(layout.pages[0])
    q = layout.pages[0].positions[0]
    box = ref.px(q.row)
    printed = ref.mask.copy()
    for shift, fits in ((1, True), (2, False)):
        ink = np.roll(printed, shift, axis=1)  # the scan's letters, moved
        new, _ = ref.new_ink(ink, box)
        assert (new.sum() == 0) == fits, shift


def test_a_box_is_marked_from_the_kept_ink_on() -> None:
    _, layout = generate.ballot(5, generate.BOX_CODE, cross_out=False)
    ref = r._Reference(layout.pages[0])
    q = layout.pages[0].positions[0]
    assert q.agree is not None
    x0, y0, x1, y1 = ref.px(q.row)
    new = np.zeros((y1 - y0, x1 - x0), np.uint8)
    bx0, by0, _, _ = ref.px(q.agree.inset(0.8, 0.8))
    pixels = round(K * ref.ppm**2)
    assert pixels == K * ref.ppm**2  # exactly K mm²
    block = new[by0 - y0:by0 - y0 + 8, bx0 - x0:bx0 - x0 + 8].reshape(-1)
    block[:pixels] = 1
    new[by0 - y0:by0 - y0 + 8, bx0 - x0:bx0 - x0 + 8] = block.reshape(8, 8)
    reader = r.Reader(layout)
    assert reader._boxes(new, ref, q, (x0, y0), K).status == r.AGREE
    new[by0 - y0, bx0 - x0] = 0  # one pixel less
    assert reader._boxes(new, ref, q, (x0, y0), K).reason == "no-box"


@pytest.mark.parametrize(("cut", "found"), [(0.0, True), (0.08, True), (0.2, False)])
def test_a_registration_mark_with_a_corner_folded_over_it_is_not_taken(
        cut: float, found: bool) -> None:
    ppm = 6.0
    side = round(r.MARK_SIZE * ppm)
    grey = np.full((200, 200), 240, np.uint8)
    grey[90:90 + side, 90:90 + side] = 20
    corner = round(np.sqrt(2 * cut) * side)  # a triangle of that share of the mark
    if corner:
        tri = np.array([[90 + side, 90], [90 + side - corner, 90], [90 + side, 90 + corner]])
        cv2.fillPoly(grey, [tri], 240)
    centre = 90 + side / 2
    marks = r._marks(grey, np.array([[centre, centre]] * 4, np.float32), ppm,
                     np.array([[1.0, 0, 1000], [0, 1.0, 1000]]), Box(0, 0, 1, 1))
    assert (marks is not None) == found


def test_a_registration_mark_cut_by_the_edge_of_the_scan_is_not_taken() -> None:
    ppm = 6.0
    side = round(r.MARK_SIZE * ppm)
    grey = np.full((200, 200), 240, np.uint8)
    grey[100:100 + side, 0:side] = 20  # whole, but touching the scan's edge
    centre = np.array([[side / 2, 100 + side / 2]] * 4, np.float32)
    back = np.array([[1.0, 0, 1000], [0, 1.0, 1000]])
    assert r._marks(grey, centre, ppm, back, Box(0, 0, 1, 1)) is None
    grey = np.roll(grey, 1, axis=1)
    moved = centre + np.array([1.0, 0.0], np.float32)
    assert r._marks(grey, moved, ppm, back, Box(0, 0, 1, 1)) is not None


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


def test_a_thin_line_is_followed_through_its_slivers_under_a_word_not_across_a_space() -> None:
    # a line seen at columns 0-2 (rows 2-3), then hidden under a word's letters (columns
    # 3-9, inked in rows 2-3) but for one-pixel slivers at columns 5 and 8, then a space
    new = np.zeros((8, 16), np.uint8)
    new[2:4, 0:3] = 1
    slivers = new.copy()
    slivers[3, 5] = slivers[3, 8] = 1
    ink = new.astype(bool) | slivers.astype(bool)
    ink[2:4, 3:10] = True
    covered = r._bridge(new, ink, gap=4, tol=0, slivers=slivers)
    assert covered[:9].all()
    assert not covered[9:].any()
    assert not r._bridge(new, ink, gap=4, tol=0)[3:].any()  # without slivers: only the line
    # a sliver two rows below the line's rows is followed within tol 2, not tol 1
    slivers[3, 5] = 0
    slivers[5, 5] = 1
    ink[4:6, 5] = True
    assert r._bridge(new, ink, gap=4, tol=2, slivers=slivers)[:9].all()
    assert not r._bridge(new, ink, gap=4, tol=1, slivers=slivers)[3:].any()
    # a white column between (a word space): the line is not followed across it
    ink[:, 4] = False
    assert not r._bridge(new, ink, gap=4, tol=2, slivers=slivers)[3:].any()
    # and the other way: a line seen at the end of the name, hidden at its start
    mirrored = r._bridge(new[:, ::-1], ink[:, ::-1], gap=4, tol=2, slivers=slivers[:, ::-1])
    assert not mirrored[:-3].any()
    ink[:, 4] = True
    mirrored = r._bridge(new[:, ::-1], ink[:, ::-1], gap=4, tol=2, slivers=slivers[:, ::-1])
    assert mirrored[7:].all()
    assert not mirrored[:7].any()


def test_a_line_is_followed_no_further_than_the_bridge_reaches() -> None:
    new = np.zeros((5, 20), np.uint8)
    new[2, 0:2] = 1
    slivers = new.copy()
    slivers[2, 7] = 1  # five columns after the line's end
    ink = np.zeros((5, 20), bool)
    ink[2, 0:8] = True
    assert r._bridge(new, ink, gap=5, tol=0, slivers=slivers)[:8].all()
    assert not r._bridge(new, ink, gap=4, tol=0, slivers=slivers)[2:].any()
