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


def _read_file(path: Path, layout_reader: Reader, ballots: list[synth.Ballot],
               pages_each: int) -> tuple[int, list[tuple[int, int, str, str]]]:
    """Read the scanner's file page by page: how many ballots had an ordinary position read
    unsure, and the positions misread (ballot, number, truth, read)."""
    flagged: set[int] = set()
    misread = []
    for index, page in raster.read_pages(path, 200):
        assert not isinstance(page, raster.ImageError), page
        b = index // pages_each
        reading = layout_reader.read(page)
        assert reading.status == "read", reading.reason
        for p in reading.positions:
            if p.status == "unsure":
                flagged.add(b)
            elif p.status != ballots[b].truth[p.number]:
                misread.append((b, p.number, ballots[b].truth[p.number], p.status))
    return len(flagged), misread


def test_dense_a4_lists_read_from_the_scanners_files_without_flags(tmp_path: Path) -> None:
    """Lists of 121 names (two A4 pages of three columns at 10 pt, the densest print) and
    250 names (125 rows a page), a third of the names struck by every kind of ordinary line
    and pen (``varied``), through a 200 dpi multi-page TIFF and a scanner's PDF of JPEG pages:
    no name misread and no ballot sent to the board (a thin line along the letters' feet
    used to be read as partial on 2-3 names in 121)."""
    for names, kind, count in ((121, "tif", 24), (250, "pdf", 10)):
        _, layout = generate.ballot(names)
        blanks = [generate.blank_scan(names, page, 200) for page in (1, 2)]
        rng = random.Random(names)
        ballots = [synth.vote(blanks, layout, 200, rng, varied=True,
                              crossed=set(rng.sample(range(1, names + 1), names // 3)))
                   for _ in range(count)]
        path = tmp_path / f"{names}.{kind}"
        write = synth.write_tiff if kind == "tif" else synth.write_pdf
        assert write((p for b in ballots for p in b.pages), path) == 2 * count
        flagged, misread = _read_file(path, Reader(layout), ballots, 2)
        assert misread == []
        assert flagged == 0, f"{flagged} of {count} ballots of {names} names flagged"
