"""Scanned-ballot rows made directly (without reading a file), for the access walk: a batch of
a round with one ballot waiting for the board head, its page image and its unsure mark."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import numpy as np
from django.contrib.auth import get_user_model

from daihoi.ballotread import raster
from daihoi.elections.models import EntryDesk, Round
from daihoi.scanning.models import (
    BallotState,
    PageStatus,
    ScanBatch,
    ScannedBallot,
    ScannedMark,
    ScanPage,
)
from tests.elections.factories import make_congress, make_election


def flagged_ballot(rnd: Round, *, folder: Path | None = None) -> tuple[ScannedMark, ScanPage]:
    """Ballot 1 of ``rnd`` waiting for a ruling on its first name, with a (white) straightened
    page image written under ``folder`` (a new temporary folder if none); at the round's scan
    desk, else another of its desks, else a scan desk made for it."""
    folder = folder or Path(tempfile.mkdtemp(prefix="daihoi-scan-"))
    image = folder / f"round-{rnd.pk}-page.png"
    image.write_bytes(raster.png(np.full((900, 600), 250, np.uint8)))
    desk = EntryDesk.objects.filter(round=rnd).order_by("-scanned", "team").first()
    if desk is None:
        user = get_user_model().objects.create_user(username=f"scan-desk-{rnd.pk}")
        desk = EntryDesk.objects.create(round=rnd, user=user, team=1, scanned=True)
    batch = ScanBatch.objects.create(round=rnd, desk=desk, file_name="quet.pdf",
                                     sha256=f"{rnd.pk:064d}", status=ScanBatch.Status.DONE,
                                     pages=1, pages_read=1, ballots=1, flagged=1,
                                     first_serial=1, last_serial=1)
    ballot = ScannedBallot.objects.create(round=rnd, desk=desk, batch=batch, serial=1,
                                          state=BallotState.TO_RULE, reading="?kkk")
    page = ScanPage.objects.create(batch=batch, ballot=ballot, index=0, status=PageStatus.READ,
                                   page=1, rotation=0, image_sha256="0" * 64,
                                   image_path=str(image), straightened=True)
    mark = ScannedMark.objects.create(ballot=ballot, page=page, position=0, reason="ring",
                                      coverage=0.1, ink_mm2=12.0, row=[10.0, 50.0, 80.0, 8.0])
    return mark, page


def scanning_objects_of_other_org(world: Any) -> dict[str, list[int]]:
    """URL parameters of the scanning app pointing at another organization's objects."""
    congress = make_congress(world.other_committee, term_start=2030)
    s = make_election(world.other_cell, congress=congress, seats=3, names=4, board=2,
                      user_prefix="other-scan")
    mark, page = flagged_ballot(s.round)
    return {"mark_pk": [mark.pk], "page_pk": [page.pk], "round_pk": [s.round.pk]}
