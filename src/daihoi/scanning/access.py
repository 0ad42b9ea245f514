"""Who may see the scan station, scan, and rule.

* the **station** of a round (its batches, counts, the rescan list: counts and reasons, never a
  reading): whoever sees the round (the office watches, the counting board), and the user of
  the round's scan desk (technical staff may run the scanner under the board's authority,
  R-041);
* **scanning** (uploading, reading the scan folder, reading a stopped batch on, discarding a
  batch): the counting board and the scan desk's user, while the round is being counted;
* the **adjudication queue** and every **ballot image**: the head of the counting board only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404

from daihoi.elections import access as election_access
from daihoi.elections.models import EntryDesk, Round
from daihoi.scanning.models import ScannedMark, ScanPage


@dataclass(frozen=True)
class ScanAccess:
    see: bool
    scan: bool  # the board or the scan desk's user (while counting: the services check)
    head: bool
    desk_user: bool


def access_for(user: Any, rnd: Round) -> ScanAccess:
    acc = election_access.access_for(user, rnd.election)
    desk_user = EntryDesk.objects.filter(round=rnd, scanned=True,
                                         user_id=getattr(user, "pk", None) or 0).exists()
    return ScanAccess(see=acc.see or desk_user, scan=acc.board or desk_user, head=acc.head,
                      desk_user=desk_user)


def may_scan(user: Any, rnd: Round) -> bool:
    """The rule the services apply: the counting board or the scan desk's user."""
    return access_for(user, rnd).scan


def get_station_round(user: Any, round_pk: int) -> tuple[Round, ScanAccess]:
    """The round whose station ``user`` may see, or 404."""
    rnd = (Round.objects.select_related("election", "election__congress",
                                        "election__congress__organization")
           .filter(pk=round_pk).first())
    if rnd is None:
        raise Http404
    acc = access_for(user, rnd)
    if not acc.see:
        raise Http404
    return rnd, acc


def get_mark_for_head(user: Any, mark_pk: int) -> ScannedMark:
    """An unsure mark whose image the board head of its election may see; 404 for anyone else
    (an image of a ballot is shown to the head alone)."""
    mark = ScannedMark.objects.select_related(
        "page", "ballot", "ballot__round", "ballot__round__election").filter(pk=mark_pk).first()
    if mark is None or not election_access.access_for(user, mark.ballot.round.election).head:
        raise Http404
    return mark


def get_page_for_head(user: Any, page_pk: int) -> ScanPage:
    page = ScanPage.objects.select_related("batch", "batch__round",
                                           "batch__round__election").filter(pk=page_pk).first()
    if page is None or not page.image_path or not election_access.access_for(
            user, page.batch.round.election).head:
        raise Http404
    return page
