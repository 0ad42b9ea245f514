"""The reader on a few hundred generated scans with known truth (issue 15, points 6 and 7).

Ordinary strikes: not one position misread (crossed read as kept or the reverse) and few
flagged; every planted ambiguous mark flagged unsure; pages of another round, blank and
codeless pages rejected. The scans: 150, 200 and 300 dpi, skew ±3°, scale ±2 %, offset,
upside down, blur, noise, JPEG (tests/ballotread/generate.py)."""

from __future__ import annotations

import collections
import random

import cv2
import numpy as np
import pytest

from daihoi.ballotread.reader import Reader
from tests.ballotread import generate

#: (names on the ballot, scans): the one-column A5 ballot and the 62-name A4 ballot.
CORPUS = ((12, 220), (62, 60))


def _read_corpus(n: int, count: int) -> collections.Counter[tuple[str, str]]:
    reader = Reader(generate.ballot(n)[1])
    outcome: collections.Counter[tuple[str, str]] = collections.Counter()
    for seed in range(count):
        sheet = generate.sheet(10_000 * n + seed, n)
        reading = reader.read(sheet.image)
        assert reading.status == "read", (seed, reading.reason)
        for pos in reading.positions:
            outcome[(sheet.truth[pos.number], pos.status)] += 1
    return outcome


@pytest.mark.parametrize(("n", "count"), CORPUS)
def test_ordinary_strikes_are_never_misread_and_ambiguous_marks_always_flagged(
        n: int, count: int) -> None:
    outcome = _read_corpus(n, count)
    ordinary = sum(v for (truth, _), v in outcome.items() if truth != "unsure")
    flagged = outcome[("crossed", "unsure")] + outcome[("kept", "unsure")]
    assert outcome[("crossed", "kept")] == 0
    assert outcome[("kept", "crossed")] == 0
    assert outcome[("unsure", "kept")] == 0
    assert outcome[("unsure", "crossed")] == 0
    assert outcome[("unsure", "unsure")] > 0
    assert outcome[("crossed", "crossed")] > 0.25 * ordinary
    assert flagged <= 0.02 * ordinary, outcome  # issue 15 point 7: ≤ 2 % flagged


@pytest.mark.xfail(strict=True, reason=(
    "known limit: on the densest list (250 names, rows of 4.6 mm) a flat ring drawn over the "
    "letters can read as a line through the name"))
def test_rings_on_the_densest_list_are_flagged() -> None:
    reader = Reader(generate.ballot(250)[1])
    sheet = generate.sheet(7, 250)
    reading = reader.read(sheet.image)
    wrong = [p.number for p in reading.positions
             if sheet.truth[p.number] == "unsure" and p.status != "unsure"]
    assert wrong == []


def test_both_pages_of_a_two_page_ballot_are_read_by_their_page_code() -> None:
    _, layout = generate.ballot(250)
    reader = Reader(layout)
    for page in (1, 2):
        sheet = generate.sheet(page, 250, page=page, dpi=200, ambiguous_share=0.0)
        reading = reader.read(sheet.image)
        assert (reading.status, reading.page, reading.code) == (
            "read", page, f"DH-3-7-1-p{page}")
        for pos in reading.positions:  # ordinary strikes: read right or flagged, never wrong
            assert pos.status in (sheet.truth[pos.number], "unsure"), pos


@pytest.mark.parametrize("rotation", [cv2.ROTATE_90_CLOCKWISE, cv2.ROTATE_180,
                                      cv2.ROTATE_90_COUNTERCLOCKWISE])
def test_a_page_scanned_sideways_or_upside_down_is_read(rotation: int) -> None:
    sheet = generate.sheet(3, 12, dpi=200)
    plain = Reader(generate.ballot(12)[1]).read(sheet.image)
    turned = Reader(generate.ballot(12)[1]).read(cv2.rotate(sheet.image, rotation))
    assert turned.status == "read"
    assert [p.status for p in turned.positions] == [p.status for p in plain.positions]
    assert {p.number: p.status for p in turned.positions} == sheet.truth


def test_a_page_of_another_round_is_rejected_with_its_code() -> None:
    _, other = generate.ballot(12, code="DH-3-7-2")
    image = generate.blank_scan(12, 1, 200, code="DH-3-7-2")
    assert other.round_code == "DH-3-7-2"
    reading = Reader(generate.ballot(12)[1]).read(image)
    assert (reading.status, reading.reason, reading.code) == (
        "rejected", "other-round", "DH-3-7-2")


def test_a_blank_page_is_rejected_as_blank() -> None:
    rng = np.random.default_rng(1)
    page = np.clip(rng.normal(240, 4, (1654, 1169)), 0, 255).astype(np.uint8)
    reading = Reader(generate.ballot(12)[1]).read(page)
    assert (reading.status, reading.reason) == ("rejected", "blank")


def test_a_page_without_a_code_is_rejected_not_blank() -> None:
    image = generate.blank_scan(12, 1, 200).copy()
    _, layout = generate.ballot(12)
    qr = layout.pages[0].qr.inset(-1, -1)
    k = 200 / 25.4
    image[int(qr.y * k):int(qr.bottom * k), int(qr.x * k):int(qr.right * k)] = 255
    reading = Reader(layout).read(image)
    assert (reading.status, reading.reason) == ("rejected", "no-code")


def test_a_page_with_a_mark_missing_is_rejected() -> None:
    image = generate.blank_scan(12, 1, 200).copy()
    _, layout = generate.ballot(12)
    mark = layout.pages[0].marks[1].inset(-1, -1)
    k = 200 / 25.4
    image[int(mark.y * k):int(mark.bottom * k), int(mark.x * k):int(mark.right * k)] = 255
    reading = Reader(layout).read(image)
    assert (reading.status, reading.reason) == ("rejected", "marks-not-found")


def test_a_page_cut_to_another_size_is_rejected_as_inconsistent() -> None:
    """The 62-name A4 ballot carries the same code in this test: its marks do not sit where
    the A5 layout's QR code puts them."""
    image = generate.blank_scan(62, 1, 150)
    reading = Reader(generate.ballot(12)[1]).read(image)
    assert reading.status == "rejected"
    assert reading.reason in {"marks-not-found", "marks-inconsistent"}


def test_an_unmarked_ballot_reads_every_name_kept_at_each_resolution() -> None:
    reader = Reader(generate.ballot(12)[1])
    for dpi in (150, 200, 300):
        rng = random.Random(dpi)
        image = generate.scanner(generate.blank_scan(12, 1, dpi).copy(), dpi, rng, flip=False)
        reading = reader.read(image)
        assert [p.status for p in reading.positions] == ["kept"] * 12, dpi


def test_an_agree_disagree_list_reads_its_boxes() -> None:
    from daihoi.ballotread import raster
    from daihoi.elections.ballot_pdf import BallotText, render_with_layout

    text = BallotText("Đảng bộ X", "ĐẠI HỘI ĐẠI BIỂU LẦN THỨ X", "Bầu Bí thư", 1, "DH-3-8-1",
                      generate.names(5), cross_out=False, max_kept=5)
    pdf, layout = render_with_layout(text)
    layout = raster.blank_pages(pdf, layout)
    dpi = 200
    image = next(raster.pdf_pages(pdf, dpi)).copy()
    rng = random.Random(2)
    boxes = {1: ["agree"], 2: ["disagree"], 3: ["agree", "disagree"], 4: []}
    for q in layout.pages[0].positions:
        for which in boxes.get(q.number, []):
            box = q.agree if which == "agree" else q.disagree
            assert box is not None
            pen = generate.Pen(image, dpi, rng)
            cx, cy = box.centre
            pen.poly([(cx - 2.5, cy - 2.5), (cx + 2.5, cy + 2.5)])
            pen.poly([(cx - 2.5, cy + 2.5), (cx + 2.5, cy - 2.5)])
    image = generate.scanner(image, dpi, rng, flip=True)
    reading = Reader(layout).read(image)
    assert [(p.status, p.reason) for p in reading.positions] == [
        ("agree", None), ("disagree", None), ("unsure", "both-boxes"), ("unsure", "no-box"),
        ("unsure", "no-box")]
