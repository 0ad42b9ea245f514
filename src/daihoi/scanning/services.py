"""Writes of the scan station and the adjudication queue. Each is one atomic service with its
audit entry, except the writing of single ballots by the reading job, which, like the keyed
desks' entries, is not audited one by one (an audit row carries a time): a batch is audited when
it is given, when it starts, and when it ends, with its counts; every ruling of the board head
is audited with who and what.

A scanned ballot is written whole: its pages, its unsure marks and, when nothing is left
unsure, its entry at its scan desk (``elections.services.entry_from_scanner``), in one
transaction with the batch's counts and the page a resumed read starts at. A batch that stops
(a limit, a lost server) keeps the whole ballots it wrote and nothing else.

A round may have two scan desks (a second scan, the second reading): a batch is given to one
desk and its ballots are that desk's. A file is taken once in the round: the other desk's file
given again is refused (a second reading passes the paper ballots through the scanner again).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import translation
from django.utils.translation import gettext

from daihoi import clock
from daihoi.audit.services import audit_record
from daihoi.ballotread.layout import BallotLayout
from daihoi.ballotread.raster import blank_pages
from daihoi.core.errors import IllegalTransitionError, PermissionDeniedError, ServiceError
from daihoi.core.i18n import translated
from daihoi.elections import ballot_pdf, keying, printing
from daihoi.elections import selectors as election_selectors
from daihoi.elections import services as election_services
from daihoi.elections.models import BallotEntry, EntryDesk, Round, RoundStatus
from daihoi.roster.services import audit_organization_id
from daihoi.scanning import access, labels, selectors
from daihoi.scanning.models import (
    BallotRuling,
    BallotState,
    PageStatus,
    ScanBatch,
    ScanLayout,
    ScannedBallot,
    ScannedMark,
    ScanPage,
    ScanSource,
)

logger = logging.getLogger(__name__)

#: A batch running and silent this long was interrupted (its worker stopped): the heartbeat is
#: beaten at every page, and no page takes a minute.
STALE_AFTER_SECONDS = 5 * 60


def _audit(actor: Any, action: str, rnd: Round, obj: Any, summary: str,
           data: dict[str, Any] | None = None) -> None:
    audit_record(actor=actor, action=action,
                 organization_id=audit_organization_id(rnd.election.congress.organization),
                 obj=obj, summary=summary, data=data or {})


def _round(rnd: Round) -> Round:
    return Round.objects.select_related("election", "election__congress",
                                        "election__congress__organization").get(pk=rnd.pk)


def _scan_desk(rnd: Round, desk: EntryDesk | None = None) -> EntryDesk:
    """``desk`` if it is a scan desk of the round; with none given, the round's only scan
    desk (a round with two: which one must be said)."""
    desks = selectors.scan_desks(rnd)
    if not desks:
        raise ServiceError(gettext(
            "Lần bỏ phiếu này chưa có bàn quét phiếu: Trưởng ban giao bàn quét phiếu ở trang "
            "lần bỏ phiếu trước."))
    if desk is None:
        if len(desks) > 1:
            raise ServiceError(gettext(
                "Lần bỏ phiếu này có hai bàn quét phiếu: chọn bàn quét nhận tệp."))
        return desks[0]
    found = next((d for d in desks if d.pk == desk.pk), None)
    if found is None:
        raise ServiceError(gettext("Bàn này không phải bàn quét phiếu của lần bỏ phiếu này."))
    return found


def _may_scan(actor: Any, rnd: Round, desk: EntryDesk) -> None:
    """The counting board or the desk's own user, while the round is counted (``actor`` None:
    the scan folder's sweep run by technical staff on the server)."""
    if actor is not None and not access.may_scan(actor, rnd, desk):
        raise PermissionDeniedError(gettext(
            "Chỉ Ban kiểm phiếu hoặc người được giao bàn quét phiếu này mới quét phiếu ở "
            "bàn này."))
    _counting(rnd)


def _counting(rnd: Round) -> None:
    if rnd.status != RoundStatus.COUNTING:
        raise IllegalTransitionError(gettext(
            "Chỉ quét phiếu khi đang kiểm phiếu (lần bỏ phiếu đang “%(status)s”).") % {
                "status": election_selectors.status_label(rnd.status)})


def check_may_scan(actor: Any, rnd: Round, desk: EntryDesk | None = None) -> EntryDesk:
    """Refuse (``ServiceError``) unless ``actor`` may scan ``rnd`` at ``desk`` (None: its only
    scan desk) now; the desk."""
    desk = _scan_desk(rnd, desk)
    _may_scan(actor, _round(rnd), desk)
    return desk


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --------------------------------------------------------------------------- the layout


def ballot_fingerprint(rnd: Round) -> str:
    return hashlib.sha256(repr(printing.ballot_text(rnd)).encode("utf-8")).hexdigest()


def layout_for(rnd: Round) -> BallotLayout:
    """The layout of the round's ballot with its blank pages, for the reader: built once from
    the round's ballot PDF and kept (a cache of what the ballot prints, not a record: not
    audited); built again if what the ballot prints ever differs."""
    fingerprint = ballot_fingerprint(rnd)
    cached = ScanLayout.objects.filter(round=rnd).first()
    if cached is not None and cached.fingerprint == fingerprint:
        return BallotLayout.from_json(cached.layout)
    pdf, layout = ballot_pdf.render_with_layout(printing.ballot_text(rnd))
    layout = blank_pages(pdf, layout)
    ScanLayout.objects.update_or_create(round=rnd, defaults={
        "fingerprint": fingerprint, "layout": layout.to_json()})
    return layout


# --------------------------------------------------------------------------- batches


@transaction.atomic
def batch_create(*, actor: Any, rnd: Round, path: Path, file_name: str,
                 source: str = ScanSource.UPLOAD, rescan_of: int | None = None,
                 desk: EntryDesk | None = None) -> ScanBatch:
    """A scanned file stored at ``path`` for the scan desk ``desk`` (None: the round's only
    one), to be read in the background. Its ballots continue the desk's numbering, or
    (``rescan_of``) it holds the one ballot with that number, to scan again. Refused: outside
    counting, without a scan desk, by someone not on the board (nor that desk's user), the same
    file twice in the round, at either desk (a discarded one excepted), a rescan of a number
    that is not on the desk's rescan list. The caller deletes the file when it is refused."""
    rnd = _round(rnd)
    _counting(rnd)
    desk = _scan_desk(rnd, desk)
    _may_scan(actor, rnd, desk)
    digest = file_sha256(path)
    twin = (ScanBatch.objects.filter(round=rnd, sha256=digest, discarded=False)
            .select_related("desk").first())
    if twin is not None:
        values = {"name": file_name, "twin": twin.file_name, "team": twin.desk.team,
                  "at": twin.created_at.astimezone(clock.LOCAL_TZ).strftime("%H:%M")}
        if twin.desk_id != desk.pk:
            raise ServiceError(gettext(
                "Tệp “%(name)s” là tệp của bàn quét số %(team)s (tệp “%(twin)s”, lúc %(at)s): "
                "lần đọc thứ hai phải quét lại các phiếu giấy qua máy quét, không dùng lại tệp "
                "của bàn kia.") % values, field="files")
        raise ServiceError(gettext(
            "Tệp “%(name)s” đã được tải lên (tệp “%(twin)s”, lúc %(at)s): không đọc hai "
            "lần.") % values, field="files")
    if rescan_of is not None:
        _check_rescan(rnd, desk, rescan_of)
    batch = ScanBatch.objects.create(
        round=rnd, desk=desk, uploaded_by=actor, source=source, file_name=file_name[:255],
        stored_path=str(path), sha256=digest, rescan_of=rescan_of,
        language=translation.get_language() or "")
    what = f"quét lại phiếu số {rescan_of}" if rescan_of else "phiếu tiếp theo"
    _audit(actor, "scanning.batch_create", rnd, batch,
           f"{_at_desk(desk)}Tệp phiếu quét “{batch.file_name}” ({what})",
           {"sha256": digest, "source": source, "rescan_of": rescan_of, "team": desk.team})
    from daihoi.scanning.tasks import enqueue  # the task imports the services (a cycle)

    enqueue(rnd)
    return batch


def _at_desk(desk: EntryDesk) -> str:
    """"Bàn quét số N: " before an audit summary when the round has two scan desks (always in
    Vietnamese, as the log is)."""
    if not selectors.names_desks(desk.round):
        return ""
    with translation.override("vi"):
        return f"{selectors.desk_label(desk)}: "


def _check_rescan(rnd: Round, desk: EntryDesk, serial: int) -> None:
    collected = rnd.ballots_collected or 0
    if not 1 <= serial <= collected:
        raise ServiceError(gettext(
            "Không có phiếu số %(serial)s: Ban kiểm phiếu đánh số các phiếu thu vào từ 1 đến "
            "%(collected)s.") % {"serial": serial, "collected": collected}, field="serial")
    ballot = selectors.active_ballot(desk, serial)
    entered = serial in selectors.scan_entries(desk)
    if ballot is None and not entered:
        raise ServiceError(gettext(
            "Phiếu số %(serial)s chưa được quét: quét theo thứ tự cùng các phiếu khác.") % {
                "serial": serial}, field="serial")
    if entered:
        raise ServiceError(gettext(
            "Phiếu số %(serial)s đã được đọc và ghi vào bàn quét phiếu; không quét lại.") % {
                "serial": serial}, field="serial")
    if ballot is not None and ballot.state == BallotState.TO_RULE:
        raise ServiceError(gettext(
            "Phiếu số %(serial)s đang chờ Trưởng ban kết luận; không quét lại.") % {
                "serial": serial}, field="serial")


@transaction.atomic
def batch_resume(*, actor: Any, batch: ScanBatch) -> ScanBatch:
    """Read on a batch that stopped (a limit, the server): from the page after the last whole
    ballot it wrote."""
    batch = ScanBatch.objects.select_for_update().get(pk=batch.pk)
    rnd = _round(batch.round)
    _may_scan(actor, rnd, batch.desk)
    if batch.discarded or batch.status not in (ScanBatch.Status.FAILED,
                                               ScanBatch.Status.INTERRUPTED):
        raise ServiceError(gettext("Tệp này không dừng giữa chừng; không có gì để đọc tiếp."))
    if not batch.stored_path or not Path(batch.stored_path).is_file():
        raise ServiceError(gettext("Tệp không còn trên máy chủ: bỏ tệp này rồi tải lên lại."))
    ScanBatch.objects.filter(pk=batch.pk).update(status=ScanBatch.Status.PENDING, error="",
                                                 finished_at=None, updated_at=clock.now())
    _audit(actor, "scanning.batch_resume", rnd, batch,
           f"{_at_desk(batch.desk)}Đọc tiếp tệp “{batch.file_name}” từ trang "
           f"{batch.resume_from + 1}",
           {"resume_from": batch.resume_from})
    from daihoi.scanning.tasks import enqueue  # the task imports the services (a cycle)

    enqueue(rnd)
    batch.refresh_from_db()
    return batch


@transaction.atomic
def batch_discard(*, actor: Any, batch: ScanBatch) -> list[ScanBatch]:
    """Discard a batch: its ballots leave its scan desk and the rescan list, its numbers are
    free for the file scanned again. The desk's files given after it that continue its
    numbering go with it, unless one has written a ballot (then discard that one first). The
    batches discarded."""
    batch = ScanBatch.objects.select_for_update().get(pk=batch.pk)
    rnd = _round(batch.round)
    desk = batch.desk
    _may_scan(actor, rnd, desk)
    if batch.discarded:
        raise ServiceError(gettext("Tệp này đã bị bỏ."))
    if batch.status == ScanBatch.Status.RUNNING:
        raise ServiceError(gettext("Tệp đang được đọc: chờ đọc xong hoặc dừng rồi mới bỏ."))
    later: list[ScanBatch] = []
    if batch.rescan_of is None:
        later = list(selectors.sequential(desk).filter(pk__gt=batch.pk).select_for_update())
        written = [b for b in later if b.ballots or b.status == ScanBatch.Status.RUNNING]
        if written:
            raise ServiceError(gettext(
                "Tệp “%(name)s” được tải lên sau và đã đọc %(n)s phiếu tiếp theo: bỏ tệp đó "
                "trước.") % {"name": written[-1].file_name, "n": written[-1].ballots})
    gone = [batch, *later]
    if any(b.ballots for b in gone):
        election_services.desk_may_change(desk=desk)
    removed = 0
    for b in gone:
        ballots = list(ScannedBallot.objects.filter(batch=b).exclude(state=BallotState.REPLACED))
        serials = [x.serial for x in ballots if x.state == BallotState.COUNTED]
        if serials:
            removed += BallotEntry.objects.filter(desk=desk, serial__in=serials).delete()[0]
        for page in ScanPage.objects.filter(batch=b).exclude(image_path=""):
            Path(page.image_path).unlink(missing_ok=True)
        ScannedBallot.objects.filter(batch=b).delete()
        ScanPage.objects.filter(batch=b).delete()
        if b.stored_path:
            Path(b.stored_path).unlink(missing_ok=True)
        ScanBatch.objects.filter(pk=b.pk).update(
            discarded=True, stored_path="", finished_at=b.finished_at or clock.now(),
            status=b.status if b.finished else ScanBatch.Status.FAILED,
            error=b.error or gettext("Đã bỏ trước khi đọc."), updated_at=clock.now())
    _audit(actor, "scanning.batch_discard", rnd, batch,
           f"{_at_desk(desk)}Bỏ tệp phiếu quét “{batch.file_name}”"
           + (f" và {len(later)} tệp tải lên sau nó" if later else "")
           + f": {removed} phiếu rút khỏi bàn quét phiếu",
           {"batches": [b.pk for b in gone], "entries_removed": removed})
    return gone


def batches_expire(rnd: Round) -> int:
    """Mark the round's batches whose worker stopped under them (running, silent for
    :data:`STALE_AFTER_SECONDS`) as interrupted; how many. Each wrote whole ballots only."""
    cutoff = clock.now() - dt.timedelta(seconds=STALE_AFTER_SECONDS)
    with transaction.atomic():
        stale = list(ScanBatch.objects.select_for_update().filter(
            round=rnd, status=ScanBatch.Status.RUNNING, updated_at__lt=cutoff))
        for batch in stale:
            with translation.override(batch.language or settings.LANGUAGE_CODE):
                error = gettext("Bị gián đoạn (máy chủ dừng khi đang đọc): đọc tiếp hoặc bỏ "
                                "tệp này.")
            ScanBatch.objects.filter(pk=batch.pk).update(
                status=ScanBatch.Status.INTERRUPTED, finished_at=clock.now(), error=error)
            _audit(None, "scanning.batch_interrupted", _round(rnd), batch,
                   f"Tệp phiếu quét “{batch.file_name}” bị gián đoạn",
                   {"last_heartbeat": batch.updated_at.isoformat(),
                    "resume_from": batch.resume_from})
    return len(stale)


# --------------------------------------------------------------------------- the reading job


def batch_start(batch: ScanBatch) -> ScanBatch | None:
    """Claim a pending batch for this worker and fix its first number; None if another worker
    took it, or if it waits for an earlier batch of its round (its numbering continues it)."""
    with transaction.atomic():
        locked = ScanBatch.objects.select_for_update().filter(
            pk=batch.pk, status=ScanBatch.Status.PENDING, discarded=False).first()
        if locked is None or selectors.waiting_for(locked) is not None:
            return None
        first = locked.first_serial
        if first is None:
            first = locked.rescan_of or selectors.next_number(locked.desk, before=locked) or 1
        ScanBatch.objects.filter(pk=locked.pk).update(
            status=ScanBatch.Status.RUNNING, first_serial=first,
            started_at=locked.started_at or clock.now(), updated_at=clock.now())
        if locked.started_at is None:
            _audit(locked.uploaded_by, "scanning.batch_start", _round(locked.round), locked,
                   f"Đọc tệp phiếu quét “{locked.file_name}” từ phiếu số {first}",
                   {"first_serial": first})
    locked.refresh_from_db()
    return locked


def batch_progress(batch: ScanBatch, *, pages_read: int, pages: int | None = None) -> None:
    """The heartbeat, with the pages read so far (outside any ballot's transaction)."""
    values: dict[str, Any] = {"pages_read": pages_read, "updated_at": clock.now()}
    if pages is not None:
        values["pages"] = pages
    ScanBatch.objects.filter(pk=batch.pk).update(**values)


def batch_unwrite(batch: ScanBatch) -> None:
    """Take back what the batch wrote when it turns out not to be ballots of the round: only
    ballots to rescan (nothing entered at the scan desk), pages and their images."""
    with transaction.atomic():
        if ScannedBallot.objects.filter(batch=batch).exclude(state=BallotState.RESCAN).exists():
            raise ServiceError(gettext("Tệp đã có phiếu được ghi; không rút lại được."))
        for page in ScanPage.objects.filter(batch=batch).exclude(image_path=""):
            Path(page.image_path).unlink(missing_ok=True)
        ScannedBallot.objects.filter(batch=batch).delete()
        ScanPage.objects.filter(batch=batch).delete()
        if batch.rescan_of is not None:  # the ballot it replaced is on the rescan list again
            before = (ScannedBallot.objects.filter(desk_id=batch.desk_id, serial=batch.rescan_of,
                                                   state=BallotState.REPLACED)
                      .order_by("-pk").first())
            if before is not None and selectors.active_ballot(batch.desk,
                                                              batch.rescan_of) is None:
                ScannedBallot.objects.filter(pk=before.pk).update(
                    state=BallotState.RESCAN if before.rejection else BallotState.COUNTED)
        ScanBatch.objects.filter(pk=batch.pk).update(
            ballots=0, flagged=0, rejected=0, extras=0, blanks=0, last_serial=None,
            resume_from=0, updated_at=clock.now())


def batch_finish(batch: ScanBatch, *, error: str = "", refuse: bool = False,
                 notice: str = "") -> ScanBatch:
    """The batch read to its end (``error`` empty) or stopped with ``error`` (Vietnamese: a
    ``Text`` is stored in the batch's language, the audit entry keeps the Vietnamese; so is
    ``notice``);
    its file is deleted once it is read to its end (a stopped batch keeps it, to read on).
    ``refuse``: the file itself is refused (not readable, not ballots, a page too large) and it
    wrote no ballot: it is discarded at once, so that it holds up no later file."""
    batch.refresh_from_db()
    done = not error
    if refuse and batch.ballots == 0:
        if batch.stored_path:
            Path(batch.stored_path).unlink(missing_ok=True)
        ScanBatch.objects.filter(pk=batch.pk).update(discarded=True, stored_path="")
        batch.stored_path = ""
    if done and batch.stored_path:
        Path(batch.stored_path).unlink(missing_ok=True)
    with translation.override(batch.language or settings.LANGUAGE_CODE):
        shown_error, shown_notice = translated(error), translated(notice)
    values: dict[str, Any] = {
        "status": ScanBatch.Status.DONE if done else ScanBatch.Status.FAILED,
        "error": shown_error[:1000], "notice": shown_notice[:1000], "finished_at": clock.now(),
        "updated_at": clock.now(), "stored_path": "" if done else batch.stored_path}
    with transaction.atomic():
        ScanBatch.objects.filter(pk=batch.pk).update(**values)
        batch.refresh_from_db()
        summary = (f"Đọc xong tệp “{batch.file_name}”" if done else
                   f"Dừng đọc tệp “{batch.file_name}”: {str(error)[:200]}")
        text = (f"{summary}: {batch.ballots} phiếu, {batch.flagged} chờ kết luận, "
                f"{batch.rejected} phải quét lại")
        data = {"pages": batch.pages, "pages_read": batch.pages_read, "ballots": batch.ballots,
                "flagged": batch.flagged, "rejected": batch.rejected, "extras": batch.extras,
                "first_serial": batch.first_serial, "last_serial": batch.last_serial}
        if done:
            _audit(batch.uploaded_by, "scanning.batch_done", _round(batch.round), batch, text,
                   data)
        else:
            _audit(batch.uploaded_by, "scanning.batch_failed", _round(batch.round), batch,
                   text, data)
    return batch


@dataclass(frozen=True)
class PageRecord:
    """One page as the reading job records it."""

    index: int
    status: str  # read | rejected
    reason: str = ""
    page: int | None = None
    rotation: int | None = None
    image_sha256: str = ""
    image_path: str = ""
    straightened: bool = False


@dataclass(frozen=True)
class MarkRecord:
    position: int
    page_index: int
    reason: str
    coverage: float
    ink_mm2: float
    row: list[float]


@dataclass(frozen=True)
class BallotRecord:
    """A ballot as the reading job assembled it from its pages."""

    pages: tuple[PageRecord, ...]
    blanks: tuple[PageRecord, ...]  # blank sheets among its pages (no ballot page)
    reading: str  # one letter per name; empty when the ballot is to rescan
    rejection: str = ""
    rejection_page: int | None = None
    marks: tuple[MarkRecord, ...] = ()
    content: str = ""  # its entry when nothing is unsure


def blank_write(batch: ScanBatch, page: PageRecord) -> None:
    """A blank sheet outside any ballot (the back of a duplex scan): recorded, not numbered."""
    with transaction.atomic():
        ScanPage.objects.create(batch=batch, **_page_fields(page))
        _count(batch, blanks=1, resume_from=page.index + 1)


def ballot_write(batch: ScanBatch, desk: EntryDesk, record: BallotRecord) -> ScannedBallot | None:
    """Write one ballot whole: its number (the next of the batch), pages, marks and, when
    nothing is unsure, its entry at the batch's scan desk ``desk``; or, beyond the ballots
    collected (or a second ballot in a rescan), its pages refused as extras (None)."""
    batch.refresh_from_db()
    rnd = batch.round
    last_index = max(p.index for p in (*record.pages, *record.blanks))
    collected = Round.objects.values_list("ballots_collected", flat=True).get(pk=rnd.pk) or 0
    serial = (batch.first_serial or 1) + batch.ballots
    extra = (batch.rescan_of is not None and batch.ballots > 0) or serial > collected
    with transaction.atomic():
        if extra:
            for p in record.pages:
                ScanPage.objects.create(batch=batch, **_page_fields(p, status=PageStatus.REJECTED,
                                                                    reason="extra"))
            for p in record.blanks:
                ScanPage.objects.create(batch=batch, **_page_fields(p))
            _count(batch, extras=1, blanks=len(record.blanks), resume_from=last_index + 1)
            return None
        if batch.rescan_of is not None:
            old = (ScannedBallot.objects.select_for_update().filter(desk=desk, serial=serial)
                   .exclude(state=BallotState.REPLACED).first())
            if old is not None:
                if old.state == BallotState.TO_RULE or BallotEntry.objects.filter(
                        desk=desk, serial=serial).exists():
                    raise ServiceError(gettext(
                        "Phiếu số %(serial)s đã có ở bàn quét phiếu (hoặc đang chờ kết luận): "
                        "không ghi bản quét lại.") % {"serial": serial})
                ScannedBallot.objects.filter(pk=old.pk).update(state=BallotState.REPLACED)
        state = (BallotState.RESCAN if record.rejection else
                 BallotState.TO_RULE if record.marks else BallotState.COUNTED)
        try:
            with transaction.atomic():
                ballot = ScannedBallot.objects.create(
                    round=rnd, desk=desk, batch=batch, serial=serial, state=state,
                    reading=record.reading,
                    rejection=record.rejection, rejection_page=record.rejection_page)
        except IntegrityError as exc:
            raise ServiceError(gettext(
                "Phiếu số %(serial)s đã được quét ở một tệp khác: kiểm tra thứ tự các tệp.") % {
                    "serial": serial}) from exc
        pages = {p.index: ScanPage.objects.create(batch=batch, ballot=ballot, **_page_fields(p))
                 for p in record.pages}
        for p in record.blanks:
            ScanPage.objects.create(batch=batch, **_page_fields(p))
        ScannedMark.objects.bulk_create(
            ScannedMark(ballot=ballot, page=pages[m.page_index], position=m.position,
                        reason=m.reason, coverage=m.coverage, ink_mm2=m.ink_mm2, row=m.row)
            for m in record.marks)
        if state == BallotState.COUNTED:
            election_services.entry_from_scanner(desk=desk, serial=serial,
                                                 content=record.content)
        _count(batch, ballots=1, flagged=int(state == BallotState.TO_RULE),
               rejected=int(state == BallotState.RESCAN), blanks=len(record.blanks),
               resume_from=last_index + 1, last_serial=serial)
    return ballot


def _page_fields(p: PageRecord, *, status: str | None = None,
                 reason: str | None = None) -> dict[str, Any]:
    return {"index": p.index, "status": status or p.status,
            "reason": p.reason if reason is None else reason, "page": p.page,
            "rotation": p.rotation, "image_sha256": p.image_sha256, "image_path": p.image_path,
            "straightened": p.straightened}


def _count(batch: ScanBatch, *, resume_from: int, last_serial: int | None = None,
           **add: int) -> None:
    """Add to the batch's counts and move its resume point, in the ballot's transaction."""
    values: dict[str, Any] = {k: F(k) + v for k, v in add.items() if v}
    values["resume_from"] = resume_from
    values["updated_at"] = clock.now()
    if last_serial is not None:
        values["last_serial"] = last_serial
    ScanBatch.objects.filter(pk=batch.pk).update(**values)


# --------------------------------------------------------------------------- rulings


def _head(actor: Any, rnd: Round) -> None:
    """Only the head of the counting board rules (the one check, in elections); the refusal is
    in the audit log."""
    election_services.require_head(actor, rnd.election, "kết luận phiếu quét")


def _ruling_open(rnd: Round, ballot: ScannedBallot, *states: str) -> None:
    if rnd.status != RoundStatus.COUNTING:
        raise IllegalTransitionError(gettext("Chỉ kết luận khi đang kiểm phiếu."))
    if ballot.state not in states:
        raise ServiceError(gettext(
            "Phiếu số %(serial)s không còn chờ kết luận (đã được kết luận hoặc quét lại).") % {
                "serial": ballot.serial})


def _locked_ballot(ballot: ScannedBallot) -> tuple[ScannedBallot, Round]:
    locked = ScannedBallot.objects.select_for_update().get(pk=ballot.pk)
    return locked, _round(locked.round)


def _name(rnd: Round, position: int) -> str:
    names = election_selectors.round_labels(rnd)
    return names[position] if position < len(names) else str(position + 1)


def mark_rule(*, actor: Any, mark: ScannedMark, ruling: str) -> ScannedMark:
    """The board head's decision on one name the reader could not read, the paper ballot in
    hand: on a list with surplus ``crossed`` (not voted for) or ``kept``; on an agree/disagree
    list ``agree``, ``disagree``, ``both`` or ``none``. Once every unsure name of the ballot is
    ruled, the ballot is entered at the scan desk with the rulings. A name may be ruled again
    until then."""
    _head(actor, mark.ballot.round)
    with transaction.atomic():
        ballot, rnd = _locked_ballot(mark.ballot)
        _ruling_open(rnd, ballot, BallotState.TO_RULE)
        allowed = labels.RULINGS_CROSS_OUT if selectors.cross_out(rnd) else labels.RULINGS_MARKED
        if ruling not in allowed:
            raise ServiceError(gettext("Kết luận không hợp lệ."), field="ruling")
        mark = ScannedMark.objects.select_for_update().get(pk=mark.pk)
        before = mark.ruling
        mark.ruling, mark.ruled_by, mark.ruled_at = ruling, actor, clock.now()
        mark.save(update_fields=["ruling", "ruled_by", "ruled_at"])
        _audit(actor, "scanning.mark_rule", rnd, mark,
               f"{_at_desk(ballot.desk)}Phiếu số {ballot.serial}, tên thứ {mark.position + 1} "
               f"{_name(rnd, mark.position)}: {labels.UNSURE.get(mark.reason, mark.reason)} — "
               f"Ban kiểm phiếu quyết định: {allowed[ruling]}",
               {"serial": ballot.serial, "team": ballot.desk.team, "position": mark.position,
                "reason": mark.reason, "ruling": ruling, "before": before})
        marks = selectors.marks_of(ballot)
        if all(m.ruling for m in marks):
            letters = list(ballot.reading)
            for m in marks:
                letters[m.position] = m.ruling
            content = keying.content_from_marks(
                [_MARK_OF.get(x, x) for x in letters],
                form=election_selectors.layout(rnd).form)
            _enter(rnd, ballot, content, BallotRuling.MARKS, actor, note="")
    return mark


#: The reading's letters as marks (``keying.content_from_marks``).
_MARK_OF = {"x": "crossed", "k": "kept", "a": "agree", "d": "disagree", "b": "both", "n": "none"}


def _enter(rnd: Round, ballot: ScannedBallot, content: str, ruling: str, actor: Any,
           note: str, reason: str = "") -> None:
    desk = _scan_desk(rnd, ballot.desk)
    election_services.entry_from_scanner(desk=desk, serial=ballot.serial, content=content)
    ScannedBallot.objects.filter(pk=ballot.pk).update(
        state=BallotState.COUNTED, ruling=ruling, ruled_content=content, ruled_reason=reason,
        ruling_note=note[:500], ruled_by=actor, ruled_at=clock.now())


def ballot_rule_invalid(*, actor: Any, ballot: ScannedBallot, reason: str,
                        note: str = "") -> ScannedBallot:
    """The board head rules the whole ballot invalid (the desks' ``/1``…``/6``: not issued by
    the board, a name written in, identifying marks, torn, illegible, another reason): it is
    entered at the scan desk with that reason. For a ballot waiting for a ruling or on the
    rescan list."""
    _head(actor, ballot.round)
    with transaction.atomic():
        ballot, rnd = _locked_ballot(ballot)
        _ruling_open(rnd, ballot, BallotState.TO_RULE, BallotState.RESCAN)
        if reason not in keying.RULINGS:
            raise ServiceError(gettext("Chọn lý do phiếu không hợp lệ."), field="reason")
        content = f"i:{keying.RULINGS[reason]}"
        _enter(rnd, ballot, content, BallotRuling.INVALID, actor, note, reason)
        _audit(actor, "scanning.ballot_invalid", rnd, ballot,
               f"{_at_desk(ballot.desk)}Phiếu số {ballot.serial}: Ban kiểm phiếu quyết định "
               f"phiếu không hợp lệ "
               f"({keying.reason_label(keying.RULINGS[reason])})"
               + (f": {note.strip()[:200]}" if note.strip() else ""),
               {"serial": ballot.serial, "team": ballot.desk.team, "reason": reason,
                "content": content})
    ballot.refresh_from_db()
    return ballot


def ballot_key_by_hand(*, actor: Any, ballot: ScannedBallot, line: str,
                       note: str = "") -> ScannedBallot:
    """The board head reads a ballot the reader could not read (on the rescan list) from the
    paper and types it as the desks do (``keying``: the printed numbers of the crossed names,
    ``/0``, ``/7``, ``/1``…``/6``; never ``/9``): it is entered at the scan desk as a ruling."""
    _head(actor, ballot.round)
    with transaction.atomic():
        ballot, rnd = _locked_ballot(ballot)
        _ruling_open(rnd, ballot, BallotState.RESCAN)
        n = len(election_selectors.round_labels(rnd))
        try:
            content = keying.parse_line(line, candidates=n,
                                        form=election_selectors.layout(rnd, n).form).content
        except keying.KeyingError as exc:
            raise ServiceError(str(exc), field="line") from exc
        if keying.needs_ruling(content):
            raise ServiceError(gettext(
                "Trưởng ban kết luận cách đọc phiếu: gõ các tên bị gạch hoặc lý do không hợp "
                "lệ, không gõ “/9”."), field="line")
        _enter(rnd, ballot, content, BallotRuling.BY_HAND, actor, note)
        with translation.override("vi"):  # the log's words, whatever the page's language
            read = keying.describe(content)
        _audit(actor, "scanning.ballot_by_hand", rnd, ballot,
               f"{_at_desk(ballot.desk)}Phiếu số {ballot.serial} "
               f"({labels.REJECTIONS.get(ballot.rejection, '')}): "
               f"Trưởng ban đọc phiếu gốc — {read}",
               {"serial": ballot.serial, "team": ballot.desk.team, "content": content,
                "note": note[:200]})
    ballot.refresh_from_db()
    return ballot
