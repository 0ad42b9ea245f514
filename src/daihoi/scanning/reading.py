"""Reading one batch in the worker: the file's pages one at a time (``ballotread.raster``), each
read by the round's layout (``ballotread.reader``), assembled into ballots and written ballot by
ballot (``services.ballot_write``).

**A ballot is its pages 1..k in sequence** (k the pages of the round's ballot; a list of up to
250 names may take three A4 pages). Every page that is not blank fills the next place of the
ballot being assembled; a ballot is complete after k places. It goes to the rescan list, never
counted, when one of its places holds a page the reader refused (another round's or election's
page, no code, the marks not found, a duplicate image, a damaged page) or a page out of
sequence, or when it ends short (a page 1 arrives, or the file ends, before its k pages). A
blank sheet is no ballot page: it takes no place and no number (the back of a sheet scanned on
both sides), and is counted apart.

A ballot read with nothing unsure is entered at the scan desk at once; one with unsure names
waits for the board head, its straightened pages kept as images for the head to look at.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db.models import Q

from daihoi import tally
from daihoi.ballotread import raster
from daihoi.ballotread.layout import BallotLayout
from daihoi.ballotread.reader import UNSURE, PageReading, Reader
from daihoi.core.jobs import upload_dir
from daihoi.core.numbers import vn_number
from daihoi.elections import keying
from daihoi.elections import selectors as election_selectors
from daihoi.elections.models import EntryDesk
from daihoi.scanning import labels, services
from daihoi.scanning.models import PageStatus, ScanBatch, ScanPage
from daihoi.scanning.services import BallotRecord, MarkRecord, PageRecord
from daihoi.tally.i18n import Text, gettext_noop

#: The reading's letter for each reading of a name.
LETTERS = {"crossed": "x", "kept": "k", "agree": "a", "disagree": "d", "both": "b", "none": "n",
           UNSURE: "?"}
#: A refused page is kept reduced to this many pixels on its longer side (enough to see it).
REFUSED_IMAGE_PX = 1600
#: Pages refused although they carry this round's code (a ballot of the round, badly scanned).
OUR_CODE_REJECTIONS = ("marks-not-found", "marks-inconsistent")
#: The heartbeat and the pages read are written at most this often (seconds).
PROGRESS_EVERY = 0.5
NOT_THE_FORM = gettext_noop("Mẫu phiếu không khớp danh sách bầu cử của lần bỏ phiếu này.")


class BatchError(Exception):
    """The batch cannot go on; ``message`` says why: a ``Text``, the Vietnamese sentence (for
    the audit) that keeps its template (for the station, in the language of the person who gave
    the file: ``services.batch_finish``)."""

    def __init__(self, message: Text) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class _Page:
    index: int
    reading: PageReading | None
    reason: str = ""  # why refused
    digest: str = ""
    keep: raster.Grey | None = None  # the image a person must see

    @property
    def read(self) -> bool:
        return self.reading is not None and self.reading.status == "read"

    @property
    def blank(self) -> bool:
        return self.reason == "blank"


@dataclass
class _Assembly:
    places: list[_Page] = field(default_factory=list)
    blanks: list[_Page] = field(default_factory=list)


@dataclass(frozen=True)
class _Ballot:
    """What every ballot of the batch shares: the layout, its pages, names and form."""

    layout: BallotLayout
    desk: EntryDesk
    names: int
    form: tally.BallotForm

    @property
    def pages(self) -> int:
        return len(self.layout.pages)


def image_folder(batch: ScanBatch) -> Path:
    return upload_dir(f"scans/round-{batch.round_id}")


def read_batch(batch: ScanBatch, layout: BallotLayout, desk: EntryDesk,
               progress: Callable[[int], None] | None = None) -> str:
    """Read the batch from its resume point to the end of its file, writing each ballot as it
    is complete; the notice for the board (the file damaged from a page on), or
    :class:`BatchError` if the file cannot be read at all."""
    path = Path(batch.stored_path) if batch.stored_path else None
    if path is None or not path.is_file():
        raise BatchError(Text(gettext_noop(
            "Tệp không còn trên máy chủ: bỏ tệp này rồi tải lên lại.")))
    n = len(election_selectors.round_labels(batch.round))
    if sum(len(p.positions) for p in layout.pages) != n:
        raise BatchError(Text(NOT_THE_FORM))
    shape = _Ballot(layout, desk, n, election_selectors.layout(batch.round, n).form)
    reader = Reader(layout)
    k = shape.pages
    max_pixels = int(getattr(settings, "SCAN_MAX_PIXELS", raster.MAX_PIXELS))
    dpi = int(getattr(settings, "SCAN_PDF_DPI", 200))
    try:
        pages = raster.page_count(path)
    except raster.ImageError:
        pages = None  # a damaged structure: read what can be read
    services.batch_progress(batch, pages_read=batch.resume_from, pages=pages)
    seen: set[str] = set()
    assembly = _Assembly()
    last_report = 0.0
    last_index = batch.resume_from - 1
    damaged_at: int | None = None
    try:
        for index, image in raster.read_pages(path, dpi, first=batch.resume_from,
                                              max_pixels=max_pixels):
            last_index = index
            page = _read(reader, index, image, batch, seen)
            if page.reason == "damaged":
                damaged_at = index
            now = time.monotonic()
            if now - last_report >= PROGRESS_EVERY:
                services.batch_progress(batch, pages_read=index + 1)
                if progress is not None:
                    progress(index + 1)
                last_report = now
            if page.blank:
                if assembly.places:
                    assembly.blanks.append(page)
                else:
                    services.blank_write(batch, _record(batch, page))
                continue
            if page.read and page.reading and page.reading.page == 1 and _in_sequence(assembly):
                _write(batch, shape, assembly)  # the ballot before ends short (a page missing)
                assembly = _Assembly()
            assembly.places.append(page)
            if len(assembly.places) == k:
                _write(batch, shape, assembly)
                assembly = _Assembly()
    except raster.TooLargeError as exc:  # refused from its header, before any decoding
        raise _too_large(exc) from exc
    except raster.ImageError as exc:  # the file cannot be opened at all
        raise BatchError(Text(gettext_noop(
            "Tệp không đọc được: không phải tệp ảnh quét PDF, TIFF, PNG hoặc JPEG, hoặc tệp "
            "bị hỏng (%(error)s)."), {"error": str(exc)})) from exc
    if assembly.places:
        _write(batch, shape, assembly)  # the file ends in the middle of a ballot
    services.batch_progress(batch, pages_read=last_index + 1)
    ours = ScanPage.objects.filter(batch=batch).filter(
        Q(status=PageStatus.READ) | Q(reason__in=OUR_CODE_REJECTIONS))
    if not ours.exists():
        # Not one page carries this round's code: a wrong file, not ballots to rescan.
        seen_reasons = list(ScanPage.objects.filter(batch=batch).exclude(reason="blank")
                            .values_list("reason", flat=True))
        if seen_reasons:
            services.batch_unwrite(batch)
            common = max(set(seen_reasons), key=seen_reasons.count)
            raise BatchError(Text(gettext_noop(
                "Tệp không phải phiếu bầu đã quét của lần bỏ phiếu này: không trang nào đọc "
                "được là phiếu của lần bỏ phiếu (%(pages)s trang; nhiều nhất: %(reason)s). "
                "Không có gì được ghi."), {
                    "pages": vn_number(len(seen_reasons)),
                    "reason": Text(labels.REJECTIONS[common]) if common in labels.REJECTIONS
                    else common}))
    notice = []
    if pages is not None and last_index + 1 < pages:
        notice.append(Text(gettext_noop(
            "Tệp hỏng: chỉ đọc được %(read)s/%(pages)s trang. Các phiếu sau đó chưa được quét: "
            "quét lại thành tệp mới."),
            {"read": vn_number(last_index + 1), "pages": vn_number(pages)}))
    elif pages is None and damaged_at is not None and damaged_at == last_index:
        notice.append(Text(gettext_noop(
            "Tệp có thể hỏng từ trang %(page)s: nếu tệp còn trang sau đó, quét lại các phiếu đó "
            "thành tệp mới."), {"page": vn_number(damaged_at + 1)}))
    batch.refresh_from_db()
    if batch.extras:
        notice.append(Text(gettext_noop(
            "%(n)s phiếu thừa không được tính: tệp quét lại chỉ được có một phiếu.")
            if batch.rescan_of else gettext_noop(
            "%(n)s phiếu thừa không được tính: quá số phiếu thu vào (%(collected)s)."),
            {"n": vn_number(batch.extras),
             "collected": vn_number(batch.round.ballots_collected or 0)}))
    return joined(*notice)


def joined(*sentences: Text) -> Text:
    """The sentences one after the other (a space between), as one ``Text`` that a page
    translates sentence by sentence (``core.i18n.translated``)."""
    return Text(" ".join(f"%(s{i})s" for i in range(len(sentences))),
                {f"s{i}": sentence for i, sentence in enumerate(sentences)})


def _in_sequence(assembly: _Assembly) -> bool:
    """The ballot being assembled has pages and they are its pages 1, 2, … in order: a new
    page 1 then starts the next ballot (the one before misses its last pages). A ballot whose
    pages are already out of order takes it in its own place (two pages swapped), so that one
    mistake of order never shifts the numbers of the ballots after it."""
    if not assembly.places:
        return False
    numbers = [p.reading.page if p.read and p.reading else None for p in assembly.places]
    return numbers == list(range(1, len(numbers) + 1))


def _too_large(exc: raster.TooLargeError) -> BatchError:
    limit = f"{exc.max_pixels:,}".replace(",", ".")
    return BatchError(Text(gettext_noop(
        "Trang %(page)s của tệp quá lớn (hơn %(limit)s điểm ảnh): không phải ảnh của máy quét "
        "văn phòng; tệp không được đọc (tiếp)."),
        {"page": vn_number(exc.index + 1), "limit": limit}))


def _read(reader: Reader, index: int, image: raster.Grey | raster.ImageError,
          batch: ScanBatch, seen: set[str]) -> _Page:
    if isinstance(image, raster.TooLargeError):  # a decompression bomb: no ballot, no number
        raise _too_large(image)
    if isinstance(image, raster.ImageError):
        return _Page(index, None, "damaged")
    reading = reader.read(image, keep_page=True)
    if reading.status != "read" and reading.reason == "blank":
        return _Page(index, reading, "blank")
    digest = hashlib.sha256(f"{image.shape}".encode() + image.tobytes()).hexdigest()
    twin = None if digest in seen else (
        ScanPage.objects.filter(batch__round_id=batch.round_id, batch__discarded=False,
                                image_sha256=digest).values_list("batch__desk_id", flat=True)
        .first())
    duplicate = digest in seen or twin is not None
    seen.add(digest)
    if duplicate:
        # A page of the other scan desk: a second reading scans the paper again.
        reason = ("other-desk-image" if twin is not None and twin != batch.desk_id
                  else "duplicate-image")
        return _Page(index, None, reason, digest, raster.shrunk(image, REFUSED_IMAGE_PX))
    if reading.status != "read":
        return _Page(index, reading, reading.reason or "no-code", digest,
                     raster.shrunk(image, REFUSED_IMAGE_PX))
    unsure = any(p.status == UNSURE for p in reading.positions)
    return _Page(index, reading, "", digest, reading.straightened if unsure else None)


def _record(batch: ScanBatch, page: _Page) -> PageRecord:
    """The page as recorded, its image (if a person must see it) written to disk."""
    path = ""
    if page.keep is not None:
        target = image_folder(batch) / f"{batch.pk}-{page.index}-{uuid.uuid4().hex[:8]}.png"
        target.write_bytes(raster.png(page.keep))
        path = str(target)
    reading = page.reading
    read = page.read and reading is not None
    return PageRecord(
        index=page.index, status=PageStatus.READ if read else PageStatus.REJECTED,
        reason="" if read else page.reason, page=reading.page if read and reading else None,
        rotation=reading.rotation if read and reading else None, image_sha256=page.digest,
        image_path=path, straightened=read and page.keep is not None)


def _write(batch: ScanBatch, shape: _Ballot, assembly: _Assembly) -> None:
    records = [_record(batch, p) for p in assembly.places]
    blanks = [_record(batch, p) for p in assembly.blanks]
    try:
        services.ballot_write(batch, shape.desk, _ballot(shape, assembly.places, records, blanks))
    except BaseException:
        for r in (*records, *blanks):  # the transaction rolled back: its images go too
            if r.image_path:
                Path(r.image_path).unlink(missing_ok=True)
        raise


#: The reading's letters as the marks ``keying.content_from_marks`` takes.
_MARKS = {letter: word for word, letter in LETTERS.items() if word != UNSURE}


def _ballot(shape: _Ballot, places: list[_Page], records: list[PageRecord],
            blanks: list[PageRecord]) -> BallotRecord:
    """What the places of one ballot say: the reading and its unsure names, or why it must be
    scanned again."""
    kept, among = tuple(records), tuple(blanks)

    def refused(reason: str, page: int | None = None) -> BallotRecord:
        return BallotRecord(kept, among, "", rejection=reason, rejection_page=page)

    for place, p in enumerate(places, start=1):
        if not p.read:
            return refused(p.reason, place)
    numbers = [p.reading.page for p in places if p.reading is not None]
    if numbers != list(range(1, len(places) + 1)):
        return refused("out-of-sequence")
    if len(places) < shape.pages:
        return refused("missing-page", len(places) + 1)
    letters = [""] * shape.names
    marks: list[MarkRecord] = []
    for p in places:
        assert p.reading is not None
        assert p.reading.code is not None
        page_layout = shape.layout.page_of_code(p.reading.code)
        assert page_layout is not None  # the reader read the page by this layout
        rows = {q.number: q.row for q in page_layout.positions}
        for r in p.reading.positions:
            letters[r.number - 1] = LETTERS[r.status]
            if r.status == UNSURE:
                marks.append(MarkRecord(position=r.number - 1, page_index=p.index,
                                        reason=r.reason or "", coverage=r.coverage,
                                        ink_mm2=r.ink_mm2, row=rows[r.number].to_list()))
    if "" in letters:
        raise BatchError(Text(NOT_THE_FORM))
    reading = "".join(letters)
    content = "" if marks else keying.content_from_marks([_MARKS[x] for x in reading],
                                                          form=shape.form)
    return BallotRecord(kept, among, reading, marks=tuple(marks), content=content)
