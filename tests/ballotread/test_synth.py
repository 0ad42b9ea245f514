"""daihoi.ballotread.synth, the product's generator of scanned ballots (the demo's and the
benchmarks'): a ballot drawn by :func:`synth.vote` reads as the voter meant it, its ambiguous
marks unsure; the scanner's files it writes (multi-page TIFF, PDF of JPEG pages) give back
their pages, one at a time, at the scan's own resolution."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np

from daihoi.ballotread import raster, synth
from daihoi.ballotread.reader import Reader
from tests.ballotread import generate

NAMES = 12


def _blanks(dpi: int = 200) -> list[np.ndarray]:
    return [generate.blank_scan(NAMES, 1, dpi)]


def test_a_ballot_drawn_by_vote_reads_as_the_voter_meant_it() -> None:
    _, layout = generate.ballot(NAMES)
    reader = Reader(layout)
    for seed in range(3):
        rng = random.Random(seed)
        ballot = synth.vote(_blanks(), layout, 200, rng, crossed={2, 5, 11},
                            unsure={7: "partial-family"},
                            scan=synth.Scan.office(rng, turn=180 if seed == 1 else 0))
        assert ballot.truth[2] == ballot.truth[5] == ballot.truth[11] == "crossed"
        assert (ballot.truth[7], ballot.marks[7]) == ("unsure", "partial-family")
        (page,) = ballot.pages
        reading = reader.read(page)
        assert reading.status == "read"
        assert {p.number: p.status for p in reading.positions} == ballot.truth
        assert reading.rotation == (180 if seed == 1 else 0)


def test_the_scanners_files_give_back_their_pages(tmp_path: Path) -> None:
    _, layout = generate.ballot(NAMES)
    rng = random.Random(4)
    pages = [p for n in range(3) for p in synth.vote(
        _blanks(), layout, 200, rng, crossed={n + 1}).pages]
    tiff, pdf = tmp_path / "a.tif", tmp_path / "a.pdf"
    assert synth.write_tiff(iter(pages), tiff) == 3
    assert synth.write_pdf(iter(pages), pdf) == 3
    assert raster.page_count(tiff) == raster.page_count(pdf) == 3
    for path in (tiff, pdf):
        back = list(raster.file_pages(path, 200))
        assert [p.shape for p in back] == [p.shape for p in pages]  # the scan's own pixels
        for mine, theirs in zip(pages, back, strict=True):  # JPEG: close, not equal
            assert np.mean(np.abs(mine.astype(int) - theirs.astype(int))) < 3
    # a PDF page is read as the scanner's image, not rendered at another resolution
    assert next(raster.file_pages(pdf, 100)).shape == pages[0].shape
