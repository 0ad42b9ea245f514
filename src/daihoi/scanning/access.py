"""Who may see the scan station, scan, and rule.

* the **station** of a scan desk (its batches, counts, the rescan list: counts and reasons,
  never a reading): whoever sees the round (the office watches, the counting board), each
  desk of the round; and the user of the scan desk, that desk only (technical staff may run
  the scanner under the board's authority, R-041; with a second scan, each desk's user sees
  their own pass through the scanner, never the other's);
* **scanning** at a desk (uploading, reading the scan folder, reading a stopped batch on,
  discarding a batch): the counting board and that desk's user, while the round is counted;
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
    head: bool
    #: The user's own scan desk of the round (None: not a scan desk's user).
    desk: EntryDesk | None
    board: bool = False  # on the counting board

    @property
    def desk_user(self) -> bool:
        return self.desk is not None

    def may_scan_at(self, desk: EntryDesk) -> bool:
        """Who scans at ``desk`` (while counting: the services check): a scan desk's user at
        their own desk only (a board member too: the two passes through the scanner are
        independent); the rest of the board at any scan desk."""
        if self.desk is not None:
            return self.desk.pk == desk.pk
        return self.board


def access_for(user: Any, rnd: Round) -> ScanAccess:
    acc = election_access.access_for(user, rnd.election)
    desk = (EntryDesk.objects.filter(round=rnd, scanned=True,
                                     user_id=getattr(user, "pk", None) or 0)
            .select_related("user").first())
    return ScanAccess(see=acc.see or desk is not None, head=acc.head, desk=desk,
                      board=acc.board)


def may_scan(user: Any, rnd: Round, desk: EntryDesk) -> bool:
    """The rule the services apply: the counting board, or ``desk``'s own user."""
    return access_for(user, rnd).may_scan_at(desk)


def station_desk(acc: ScanAccess, desks: list[EntryDesk], team: str | None) -> EntryDesk | None:
    """The scan desk whose station is shown: a scan desk's user, their own (any other: 404);
    anyone else who sees the round, the desk of ``team`` (404 if the round has no such scan
    desk), or the first one (None: the round has no scan desk)."""
    if acc.desk is not None:
        if team not in (None, "", str(acc.desk.team)):
            raise Http404
        return acc.desk
    if team in (None, ""):
        return desks[0] if desks else None
    desk = next((d for d in desks if str(d.team) == team), None)
    if desk is None:
        raise Http404
    return desk


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
