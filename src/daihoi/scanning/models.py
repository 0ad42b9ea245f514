"""Scanned ballots (issue 15): the batches of scanned files of a round, their pages, the
ballots they hold (numbered by the board's counting number), and the marks the reader could
not read, with the board head's rulings.

A ballot read with nothing unsure becomes an entry of its **scan desk**
(``elections.EntryDesk.scanned``), one desk of the existing reconciliation; a ballot with an
unsure mark becomes one only when the board head has ruled every such mark (or ruled the ballot
invalid); a ballot whose pages could not be read goes to the **rescan list**, never counted.

A round may have two scan desks (``elections.selectors.MAX_SCAN_DESKS``): the second scans
every paper ballot again, a second reading. Each desk's batches and ballots are its own (its
numbering, its rescan list); a file, or a page image, is taken once in the round, by one desk:
a second reading is a second pass through the scanner, never the first desk's file again.

Secrecy: nothing here links a ballot to a voter. A ballot's number is the order in which the
board took it from the box; the only times are those of a batch (when its file was read) and of
a ruling (who decided, when). A page's image is kept only where a person must look at it (a page
with an unsure mark, a page refused), and only the board head sees it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from daihoi.core.jobs import FINISHED, JobStatus


class ScanSource(models.TextChoices):
    UPLOAD = "upload", _("Tải lên")
    FOLDER = "folder", _("Thư mục quét")


class ScanLayout(models.Model):
    """The layout of a round's ballot with its blank pages (``LAYOUT.json``), built once from
    the round's ballot PDF for the reader; rebuilt if the ballot's text ever differs."""

    round = models.OneToOneField("elections.Round", on_delete=models.CASCADE,
                                 related_name="scan_layout")
    #: SHA-256 of what the ballot prints (``elections.printing.ballot_text``).
    fingerprint = models.CharField(max_length=64)
    layout = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Mẫu phiếu {self.round}"


class ScanBatch(models.Model):
    """One scanned file of a round, read in the background (``scanning.tasks``).

    Its ballots continue its desk's numbering (the board numbers the ballots when the box is
    opened and scans them in that order): the first number is the one after the desk's
    previous batch's last; a **rescan** (``rescan_of``) holds one ballot, the one with that number.
    Each ballot is written whole, with its pages, as the batch proceeds; a batch that stops
    (a limit, the server) keeps the whole ballots it wrote and is read on from ``resume_from``,
    or discarded."""

    Status = JobStatus

    round = models.ForeignKey("elections.Round", on_delete=models.CASCADE,
                              related_name="scan_batches")
    #: The scan desk whose reading the file is (a round may have two).
    desk = models.ForeignKey("elections.EntryDesk", on_delete=models.CASCADE,
                             related_name="scan_batches")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    source = models.CharField(max_length=10, choices=ScanSource.choices,
                              default=ScanSource.UPLOAD)
    file_name = models.CharField(_("tên tệp"), max_length=255)
    #: Where the file waits until the batch is read; emptied when it is done or discarded.
    stored_path = models.CharField(max_length=500, blank=True)
    sha256 = models.CharField(max_length=64)
    #: A rescan of one ballot: its counting number.
    rescan_of = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=JobStatus.choices,
                              default=JobStatus.PENDING)
    #: Discarded by the board (its ballots removed) or refused (a file from the scan folder
    #: that could not be taken): never counted, and the same file may come again.
    discarded = models.BooleanField(default=False)
    pages = models.PositiveIntegerField(null=True, blank=True)  # in the file, when known
    pages_read = models.PositiveIntegerField(default=0)
    #: The page (0-based) a resumed read starts at: the one after the last whole ballot written.
    resume_from = models.PositiveIntegerField(default=0)
    ballots = models.PositiveIntegerField(default=0)  # numbered: counted, flagged or to rescan
    flagged = models.PositiveIntegerField(default=0)  # with a mark for the board head
    rejected = models.PositiveIntegerField(default=0)  # on the rescan list
    #: Ballots beyond the ballots collected (or a second ballot in a rescan): refused.
    extras = models.PositiveIntegerField(default=0)
    #: Pages that are no ballot page: blank sheets (a duplex scan's backs), not numbered.
    blanks = models.PositiveIntegerField(default=0)
    first_serial = models.PositiveIntegerField(null=True, blank=True)
    last_serial = models.PositiveIntegerField(null=True, blank=True)
    #: Why the batch failed (in ``language``), for the station.
    error = models.CharField(max_length=1000, blank=True)
    #: The language of the person who gave the file: the batch's messages are in it.
    language = models.CharField(max_length=10, blank=True, default="")
    #: What the board should know of a batch read to its end (the file was damaged from a page
    #: on, ballots refused as extras).
    notice = models.CharField(max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    #: The heartbeat: set with every page read.
    updated_at = models.DateTimeField(auto_now=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("round", "pk")
        verbose_name = _("tệp phiếu quét")
        constraints = [
            models.UniqueConstraint(fields=["round", "sha256"],
                                    condition=models.Q(discarded=False),
                                    name="scan_batch_file_once"),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def status_label(self) -> str:
        """The batch's state for the station: a stopped batch kept the ballots it wrote."""
        if self.discarded:
            return gettext("Bị từ chối") if self.error and not self.ballots else gettext("Đã bỏ")
        if self.status in (JobStatus.FAILED, JobStatus.INTERRUPTED):
            return gettext("Dừng giữa chừng (đã ghi %(n)s phiếu)") % {"n": self.ballots}
        return str(JobStatus(self.status).label)

    @property
    def next_serial(self) -> int | None:
        """The number the ballot after this batch takes (a sequential batch once started)."""
        if self.last_serial is not None:
            return self.last_serial + 1
        return self.first_serial

    @property
    def percent(self) -> int:
        if not self.pages:
            return 0
        return min(100, round(100 * self.pages_read / self.pages))


class BallotState(models.TextChoices):
    COUNTED = "counted", _("Đã ghi vào bàn quét")
    TO_RULE = "to_rule", _("Chờ Trưởng ban kết luận")
    RESCAN = "rescan", _("Phải quét lại")
    REPLACED = "replaced", _("Đã quét lại")


class BallotRuling(models.TextChoices):
    NONE = "", _("—")
    MARKS = "marks", _("Kết luận từng tên")
    INVALID = "invalid", _("Cả phiếu không hợp lệ")
    BY_HAND = "by_hand", _("Trưởng ban đọc phiếu gốc")


class ScannedBallot(models.Model):
    """One ballot of a batch: its pages 1..k in sequence, its counting number, its reading."""

    round = models.ForeignKey("elections.Round", on_delete=models.CASCADE,
                              related_name="scanned_ballots")
    desk = models.ForeignKey("elections.EntryDesk", on_delete=models.CASCADE,
                             related_name="scanned_ballots")
    batch = models.ForeignKey(ScanBatch, on_delete=models.CASCADE, related_name="ballot_rows")
    serial = models.PositiveIntegerField()
    state = models.CharField(max_length=10, choices=BallotState.choices)
    #: The reading, one letter per name in ballot order (``scanning.reading.LETTERS``): ``x``
    #: crossed, ``k`` kept, ``a`` agree, ``d`` disagree, ``b`` both, ``n`` none, ``?`` unsure.
    #: Empty for a ballot to rescan.
    reading = models.CharField(max_length=250, blank=True)
    #: Why it must be rescanned (a key of ``scanning.labels.REJECTIONS``), and on which page.
    rejection = models.CharField(max_length=30, blank=True)
    rejection_page = models.PositiveSmallIntegerField(null=True, blank=True)
    #: The board head's ruling on the whole ballot (or ``marks``: on its unsure names).
    ruling = models.CharField(max_length=10, choices=BallotRuling.choices, blank=True)
    #: ``/1``…``/6`` of the desks' keys: the reason of a ballot ruled invalid.
    ruled_reason = models.CharField(max_length=2, blank=True)
    #: The content the ballot was entered with after a ruling (``keying``'s format).
    ruled_content = models.CharField(max_length=1200, blank=True)
    ruling_note = models.CharField(max_length=500, blank=True)
    ruled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    ruled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("round", "desk_id", "serial")
        constraints = [
            models.UniqueConstraint(fields=["desk", "serial"],
                                    condition=~models.Q(state="replaced"),
                                    name="scanned_ballot_number_once"),
        ]

    def __str__(self) -> str:
        return f"Phiếu số {self.serial}"


class PageStatus(models.TextChoices):
    READ = "read", _("Đọc được")
    REJECTED = "rejected", _("Bị loại")


class ScanPage(models.Model):
    """One page of a scanned file. Its image is kept (PNG, under ``MEDIA_ROOT/scans``) only if
    a person must see it: straightened, when it has an unsure mark; as scanned (reduced), when
    it was refused."""

    batch = models.ForeignKey(ScanBatch, on_delete=models.CASCADE, related_name="page_rows")
    ballot = models.ForeignKey(ScannedBallot, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="pages")
    index = models.PositiveIntegerField()  # in the file, from 0
    status = models.CharField(max_length=10, choices=PageStatus.choices)
    reason = models.CharField(max_length=30, blank=True)
    page = models.PositiveSmallIntegerField(null=True, blank=True)  # of the ballot, from 1
    rotation = models.PositiveSmallIntegerField(null=True, blank=True)
    #: SHA-256 of the decoded image: the same image twice in a round is refused the second time
    #: (at either scan desk).
    image_sha256 = models.CharField(max_length=64, db_index=True, blank=True)
    image_path = models.CharField(max_length=500, blank=True)
    #: The kept image is the page straightened to the layout (``READ_PX_PER_MM``), where the
    #: layout's boxes can be cut out of it.
    straightened = models.BooleanField(default=False)

    class Meta:
        ordering = ("batch", "index")
        constraints = [
            models.UniqueConstraint(fields=["batch", "index"], name="scan_page_once"),
        ]

    def __str__(self) -> str:
        return f"{self.batch.file_name} trang {self.index + 1}"


class ScannedMark(models.Model):
    """A name the reader could not read for sure, with why, and the board head's ruling."""

    ballot = models.ForeignKey(ScannedBallot, on_delete=models.CASCADE, related_name="marks")
    page = models.ForeignKey(ScanPage, on_delete=models.CASCADE, related_name="marks")
    position = models.PositiveSmallIntegerField()  # in ballot order, from 0
    reason = models.CharField(max_length=30)  # a key of ballotread.reader.UNSURE_REASONS
    coverage = models.FloatField(default=0.0)
    ink_mm2 = models.FloatField(default=0.0)
    #: The name's row on the page (mm, ``[x, y, w, h]``): the crop the head is shown.
    row = models.JSONField(default=list)
    #: ``crossed``/``kept``, or on an agree/disagree list ``agree``/``disagree``/``both``/
    #: ``none``; empty until ruled.
    ruling = models.CharField(max_length=10, blank=True)
    ruled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    ruled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("ballot", "position")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "position"], name="scanned_mark_once"),
        ]

    def __str__(self) -> str:
        return f"Phiếu số {self.ballot.serial}, tên thứ {self.position + 1}"
