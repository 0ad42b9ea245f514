"""The scan station of a round and the board head's adjudication queue. Thin: fetch through
``access`` (404 outside the user's reach), check the role, call one service, show its message.

An upload is refused from its announced length before anything of it is read or stored
(``SCAN_MAX_UPLOAD_BYTES``): the station's view is exempt from Django's CSRF middleware, which
would read the whole body to find the token, and checks the token itself (``csrf_protect``)
once the length is known to be within bounds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from daihoi.core import bounds
from daihoi.core.access import signed_in
from daihoi.core.errors import PermissionDeniedError, ServiceError
from daihoi.core.http import attachment
from daihoi.core.jobs import store_upload
from daihoi.core.numbers import vn_number
from daihoi.elections import keying
from daihoi.elections.models import EntryDesk, Round, RoundStatus
from daihoi.scanning import access, images, inbox, labels, selectors, services
from daihoi.scanning.access import ScanAccess
from daihoi.scanning.models import ScanBatch, ScannedBallot, ScannedMark, ScanSource

#: How often the station asks for the batches' progress while one is read (seconds).
REFRESH_SECONDS = 1


def max_upload_bytes() -> int:
    return int(getattr(settings, "SCAN_MAX_UPLOAD_BYTES", 1024 * 1024 * 1024))


def _mb(n: int) -> str:
    """``n`` bytes in whole MB, as Vietnamese writes the number ("1.024")."""
    return vn_number(n // (1024 * 1024))


def _station_url(rnd: Round, desk: EntryDesk | None, desks: list[EntryDesk]) -> str:
    """The station's address; with two scan desks, the desk's (``?ban=<team>``)."""
    url = reverse("scanning:station", kwargs={"round_pk": rnd.pk})
    return f"{url}?ban={desk.team}" if desk is not None and len(desks) > 1 else url


def _station_context(rnd: Round, acc: ScanAccess, desk: EntryDesk | None,
                     desks: list[EntryDesk]) -> dict[str, Any]:
    batches = list(selectors.batches(desk)) if desk is not None else []
    waiting = {b.pk: w for b in batches if b.status == ScanBatch.Status.PENDING
               and (w := selectors.waiting_for(b)) is not None}
    return {
        "round": rnd, "election": rnd.election, "acc": acc,
        "desk": desk, "counting": rnd.status == RoundStatus.COUNTING,
        "may_scan": desk is not None and acc.may_scan_at(desk),
        "station_url": _station_url(rnd, desk, desks),
        # The other desks' stations, for those who may see them (never a desk's own user).
        "other_desks": [(d, _station_url(rnd, d, desks)) for d in desks
                        if desk is not None and d.pk != desk.pk and not acc.desk_user],
        "second_scan": len(desks) > 1,
        "next_number": selectors.next_number(desk) if desk is not None else None,
        "batches": [(b, waiting.get(b.pk)) for b in batches],
        "live": any(not b.finished for b in batches),
        "counts": (selectors.counts(rnd, desk) if desk is not None else
                   selectors.StationCounts(rnd.ballots_collected or 0, 0, 0, 0,
                                           rnd.ballots_collected or 0)),
        "rescan": selectors.rescan_list(desk) if desk is not None else [],
        "inbox": selectors.inbox_folder(rnd, desk), "max_mb": _mb(max_upload_bytes()),
        "max_bytes": max_upload_bytes(), "refresh": REFRESH_SECONDS,
        "extensions": ",".join(inbox.EXTENSIONS),
        "refused_files": inbox.refused_files(rnd, desk),
        "waiting_files": inbox.waiting_files(rnd, desk),
    }


def _station(request: HttpRequest, round_pk: int) -> HttpResponse:
    rnd, acc = access.get_station_round(request.user, round_pk)
    desks = selectors.scan_desks(rnd)
    desk = access.station_desk(acc, desks, request.GET.get("ban"))
    if request.method == "POST":
        if desk is None or not acc.may_scan_at(desk):
            raise PermissionDenied
        length = request.META.get("CONTENT_LENGTH") or "0"
        if not length.isdigit() or int(length) > max_upload_bytes():
            # Nothing of the body is read: the files are refused before they are stored.
            messages.error(request, gettext(
                "Tệp tải lên quá lớn: giới hạn là %(mb)s MB cho một lần tải lên. Hãy chia "
                "thành nhiều tệp (mỗi tệp một tập phiếu).") % {"mb": _mb(max_upload_bytes())})
            return redirect(_station_url(rnd, desk, desks))
        return _station_post(request, rnd, desk, _station_url(rnd, desk, desks))
    services.batches_expire(rnd)
    context = _station_context(rnd, acc, desk, desks)
    if request.headers.get("HX-Request"):
        return render(request, "scanning/_fragments/batches.html", context)
    return render(request, "scanning/station.html", context)


@csrf_protect
def _station_post(request: HttpRequest, rnd: Round, desk: EntryDesk, back: str) -> HttpResponse:
    action = request.POST.get("action", "upload")
    try:
        if action == "sweep":
            found = inbox.sweep_enqueue(actor=request.user, rnd=rnd, desk=desk)
            messages.success(request, gettext(
                "Đã yêu cầu đọc thư mục quét %(folder)s.") % {"folder": found})
        elif action in ("resume", "discard"):
            batch = ScanBatch.objects.filter(desk=desk, pk=_number(request.POST, "batch")).first()
            if batch is None:
                raise ServiceError(gettext("Không có tệp này."))
            if action == "resume":
                services.batch_resume(actor=request.user, batch=batch)
                messages.success(request, gettext("Đang đọc tiếp tệp “%(name)s”.") % {
                    "name": batch.file_name})
            else:
                gone = services.batch_discard(actor=request.user, batch=batch)
                messages.success(request, gettext("Đã bỏ %(n)s tệp.") % {"n": len(gone)})
        else:
            _upload(request, rnd, desk)
    except PermissionDeniedError:
        raise PermissionDenied from None
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect(back)


def _number(data: Any, name: str) -> int:
    raw = (data.get(name) or "").strip()
    try:
        return bounds.Range(1, bounds.COUNT.high).parse(raw, label=gettext("Số"))
    except ValueError as exc:
        raise ServiceError(str(exc), field=name) from None


def _upload(request: HttpRequest, rnd: Round, desk: EntryDesk) -> None:
    files = sorted(((Path(f.name or "").name, f) for f in request.FILES.getlist("files")),
                   key=lambda pair: pair[0])
    if not files:
        raise ServiceError(gettext("Chọn tệp ảnh quét (PDF, TIFF, PNG hoặc JPEG)."),
                           field="files")
    wrong = [name for name, _ in files if Path(name).suffix.lower() not in inbox.EXTENSIONS]
    if wrong:
        raise ServiceError(gettext(
            "Không phải tệp ảnh quét (PDF, TIFF, PNG hoặc JPEG): %(names)s.") % {
                "names": ", ".join(wrong)}, field="files")
    rescan = None
    if request.POST.get("rescan") == "1":
        rescan = _number(request.POST, "serial")
        if len(files) != 1:
            raise ServiceError(gettext("Quét lại một phiếu: chọn đúng một tệp."), field="files")
    for name, upload in files:
        stored = store_upload(upload, "scans/uploads")
        try:
            services.batch_create(actor=request.user, rnd=rnd, path=stored, file_name=name,
                                  source=ScanSource.UPLOAD, rescan_of=rescan, desk=desk)
        except ServiceError as exc:
            stored.unlink(missing_ok=True)
            if isinstance(exc, PermissionDeniedError):
                raise
            messages.error(request, exc.message)
        else:
            messages.success(request, gettext("Đã nhận tệp “%(name)s”: đang chờ đọc.") % {
                "name": name})


station = signed_in(csrf_exempt(_station))


# --------------------------------------------------------------------------- the queue


def _queue_context(rnd: Round) -> dict[str, Any]:
    """Every scan desk's ballots for the head, each labelled with its desk ("Bàn quét số N")."""
    names = selectors.labels_of(rnd)
    cross_out = selectors.cross_out(rnd)
    rulings = labels.RULINGS_CROSS_OUT if cross_out else labels.RULINGS_MARKED
    ballots = []
    for ballot in selectors.to_rule(rnd):
        marks = [(m, names[m.position] if m.position < len(names) else "",
                  labels.unsure(m.reason), labels.ruling(m.ruling) if m.ruling else "")
                 for m in sorted(ballot.marks.all(), key=lambda m: m.position)]
        pages = [p for p in ballot.pages.all() if p.image_path]
        ballots.append((ballot, marks, pages, selectors.desk_label(ballot.desk)))
    rescan = [(row, [p for p in row.ballot.pages.all() if p.image_path] if row.ballot else [],
               selectors.desk_label(desk), desk.team)
              for desk in selectors.scan_desks(rnd) for row in selectors.rescan_list(desk)]
    return {
        "round": rnd, "election": rnd.election, "ballots": ballots, "rescan": rescan,
        "rulings": [(k, gettext(labels.BUTTONS[k])) for k in rulings],
        "reasons": [(k[1:], keying.reason_label(str(keying.RULINGS[k[1:]])))
                    for k, _ in keying.SHORT_KEYS if k[1:] in keying.RULINGS],
        "counting": rnd.status == RoundStatus.COUNTING, "cross_out": cross_out,
        "second_scan": selectors.names_desks(rnd),
    }


def _ballot(rnd: Round, data: Any) -> ScannedBallot:
    ballot = ScannedBallot.objects.filter(round=rnd, pk=_number(data, "ballot")).first()
    if ballot is None:
        raise ServiceError(gettext("Không có phiếu này."))
    return ballot


@signed_in
def queue(request: HttpRequest, round_pk: int) -> HttpResponse:
    """The board head's queue: each name the reader could not read, with the crop of its row,
    to rule the paper ballot in hand; the ballots to rescan, to read by hand."""
    rnd, acc = access.get_station_round(request.user, round_pk)
    if not acc.head:
        raise PermissionDenied
    if request.method == "POST":
        p = request.POST
        action = p.get("action", "")
        try:
            if action == "rule":
                mark = ScannedMark.objects.filter(ballot__round=rnd,
                                                  pk=_number(p, "mark")).first()
                if mark is None:
                    raise ServiceError(gettext("Không có dấu này."))
                services.mark_rule(actor=request.user, mark=mark, ruling=p.get("ruling", ""))
                messages.success(request, gettext(
                    "Phiếu số %(serial)s, tên thứ %(n)s: đã ghi kết luận.") % {
                        "serial": mark.ballot.serial, "n": mark.position + 1})
            elif action == "invalid":
                ballot = services.ballot_rule_invalid(
                    actor=request.user, ballot=_ballot(rnd, p), reason=p.get("reason", ""),
                    note=p.get("note", ""))
                messages.success(request, gettext(
                    "Phiếu số %(serial)s: đã ghi phiếu không hợp lệ.") % {"serial": ballot.serial})
            elif action == "by_hand":
                ballot = services.ballot_key_by_hand(
                    actor=request.user, ballot=_ballot(rnd, p), line=p.get("line", ""),
                    note=p.get("note", ""))
                messages.success(request, gettext(
                    "Phiếu số %(serial)s: đã ghi theo phiếu gốc.") % {"serial": ballot.serial})
            else:
                raise ServiceError(gettext("Thao tác không hợp lệ."))
        except PermissionDeniedError:
            raise PermissionDenied from None
        except ServiceError as exc:
            messages.error(request, exc.message)
        return redirect("scanning:queue", round_pk=rnd.pk)
    return render(request, "scanning/queue.html", _queue_context(rnd))


# --------------------------------------------------------------------------- images


def _png(body: bytes, name: str) -> HttpResponse:
    response = attachment(body, filename=name, content_type="image/png", inline=True)
    response["Cache-Control"] = "private, no-store"
    return response


@signed_in
def mark_image(request: HttpRequest, mark_pk: int) -> HttpResponse:
    """The row of an unsure name, cut from its straightened page: for the board head only."""
    mark = access.get_mark_for_head(request.user, mark_pk)
    return _png(images.mark_crop(mark), f"phieu-{mark.ballot.serial}-ten-{mark.position + 1}.png")


@signed_in
def page_image(request: HttpRequest, page_pk: int) -> HttpResponse:
    """A kept page image (a page with an unsure name, a refused page): for the board head."""
    page = access.get_page_for_head(request.user, page_pk)
    return _png(images.page_png(page), f"trang-{page.pk}.png")
