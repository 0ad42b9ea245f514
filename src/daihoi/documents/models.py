"""Congress documents, their versions and sections, who was asked for opinions, and the
opinions with the documents sub-committee's answers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from daihoi.core.jobs import FINISHED, JobStatus


class DocumentKind(models.TextChoices):
    POLITICAL_REPORT = "political_report", _("Báo cáo chính trị")
    SUMMARY_REPORT = "summary_report", _("Báo cáo tổng kết thực hiện Nghị quyết nhiệm kỳ trước")
    REVIEW_REPORT = "review_report", _("Báo cáo kiểm điểm của Ban Chấp hành")
    DRAFT_RESOLUTION = "draft_resolution", _("Dự thảo Nghị quyết Đại hội")
    ACTION_PROGRAMME = "action_programme", _("Chương trình hành động thực hiện Nghị quyết")
    UPPER_DRAFT = "upper_draft", _("Dự thảo văn kiện của cấp trên")


class DocumentStatus(models.TextChoices):
    DRAFTING = "drafting", _("Đang dự thảo")
    CONSULTING = "consulting", _("Đang lấy ý kiến")
    FINALIZED = "finalized", _("Đã hoàn thiện")


class Document(models.Model):
    congress = models.ForeignKey("congress.Congress", on_delete=models.PROTECT,
                                 related_name="documents")
    kind = models.CharField(_("loại văn kiện"), max_length=30, choices=DocumentKind.choices)
    title = models.CharField(_("tên văn kiện"), max_length=300)
    status = models.CharField(_("tình trạng"), max_length=20, choices=DocumentStatus.choices,
                              default=DocumentStatus.DRAFTING)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["congress", "id"]
        verbose_name = _("văn kiện")
        verbose_name_plural = _("văn kiện")

    def __str__(self) -> str:
        return self.title

    @property
    def is_upper_level(self) -> bool:
        return self.kind == DocumentKind.UPPER_DRAFT


class Version(models.Model):
    """One version of a document; the highest number is current, the others are superseded."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("phiên bản"))
    source_name = models.CharField(_("tệp gốc"), max_length=255, blank=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="version_number"),
        ]

    def __str__(self) -> str:
        return f"{self.document} — phiên bản {self.number}"


class Section(models.Model):
    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField()
    level = models.PositiveSmallIntegerField(default=1)
    heading = models.CharField(_("tiêu đề"), max_length=500)
    body = models.TextField(_("nội dung"), blank=True)

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="section_position"),
        ]

    def __str__(self) -> str:
        return self.heading


class Distribution(models.Model):
    """A document sent to one cell for its members' opinions, with a deadline."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE,
                                 related_name="distributions")
    cell = models.ForeignKey("roster.Organization", on_delete=models.PROTECT, related_name="+")
    deadline = models.DateTimeField(_("hạn góp ý"))
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["document", "cell__position", "cell__name"]
        constraints = [
            models.UniqueConstraint(fields=["document", "cell"], name="distribution_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.document_id} → {self.cell_id}"


class Stance(models.TextChoices):
    AGREE = "agree", _("Tán thành")
    DISAGREE = "disagree", _("Không tán thành")
    PARTIAL = "partial", _("Tán thành một phần, đề nghị sửa")


class Answer(models.TextChoices):
    NONE = "", _("Chưa trả lời")
    ACCEPTED = "accepted", _("Tiếp thu")
    EXPLAINED = "explained", _("Giải trình")
    NOTED = "noted", _("Ghi nhận")


def awaits_answer(stance: str, answer: str) -> bool:
    """An opinion still pending: not "agree" and not answered yet. The one rule; the summary's
    counts ask it per row, :data:`AWAITING_ANSWER` asks it of the database."""
    return answer == Answer.NONE and stance != Stance.AGREE


#: :func:`awaits_answer` as a filter.
AWAITING_ANSWER = models.Q(answer=Answer.NONE) & ~models.Q(stance=Stance.AGREE)

#: An opinion the sub-committee has answered (the complement of "no answer yet").
ANSWERED = ~models.Q(answer=Answer.NONE)


class Opinion(models.Model):
    """One opinion on one section: a member's own, or a cell's after a cell meeting
    (``member`` empty, given by the cell secretary)."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="opinions")
    #: Denormalized so the summary report is one grouped query per document.
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="opinions")
    cell = models.ForeignKey("roster.Organization", on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey("roster.Member", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="opinions")
    stance = models.CharField(_("ý kiến"), max_length=10, choices=Stance.choices)
    reason = models.TextField(_("lý do"), blank=True)
    proposed_text = models.TextField(_("đề nghị sửa thành"), blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField()
    answer = models.CharField(_("trả lời"), max_length=10, choices=Answer.choices, blank=True,
                              default=Answer.NONE)
    response = models.TextField(_("nội dung trả lời"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["section", "id"]
        verbose_name = _("ý kiến góp ý")
        indexes = [
            models.Index(fields=["document", "section", "cell"], name="opinion_doc_section_cell"),
            models.Index(fields=["section", "id"], name="opinion_section"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["section", "member"],
                                    condition=models.Q(member__isnull=False),
                                    name="opinion_one_per_member"),
            models.UniqueConstraint(fields=["section", "cell"],
                                    condition=models.Q(member__isnull=True),
                                    name="opinion_one_per_cell_meeting"),
        ]

    def __str__(self) -> str:
        return f"{self.section_id}: {self.stance}"

    @property
    def on_behalf_of_cell(self) -> bool:
        return self.member_id is None


class VersionImportJob(models.Model):
    """One DOCX uploaded for a new version, read in the background (``documents.tasks``): the
    web request only stores it; the job reads it under the upload limits and, when it can be
    read, writes the version it links to."""

    Status = JobStatus

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="import_jobs")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    file_name = models.CharField(_("tên tệp"), max_length=255)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    #: Where the upload waits until the job has read it; emptied when the job ends.
    stored_path = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=20, choices=JobStatus.choices,
                              default=JobStatus.PENDING)
    #: Why the file was refused (a limit, not a Word file, no headings…), in ``language``.
    failure = models.CharField(max_length=1000, blank=True)
    #: The language of the person who uploaded it: the job's messages are in it.
    language = models.CharField(max_length=10, blank=True, default="")
    version = models.ForeignKey(Version, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("lần nhập dự thảo")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED
