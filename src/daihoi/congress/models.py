from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from daihoi.clock import LOCAL_TZ
from daihoi.core import bounds

ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
         (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def roman(n: int) -> str:
    """``10`` → ``X``: congresses are numbered in Roman numerals (lần thứ X)."""
    out = []
    for value, letters in ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


class CongressKind(models.TextChoices):
    MEMBERS = "members", _("Đại hội đảng viên")
    DELEGATES = "delegates", _("Đại hội đại biểu")


class CongressStatus(models.TextChoices):
    PLANNED = "planned", _("Đang chuẩn bị")
    HELD = "held", _("Đã tổ chức")
    RESULTS_SUBMITTED = "results_submitted", _("Đã báo cáo kết quả")


class Congress(models.Model):
    """A congress of one organization for one term: the committee's congress of delegates, or
    a cell's congress of members held as part of the committee's preparation (``part_of``)."""

    organization = models.ForeignKey(
        "roster.Organization", on_delete=models.PROTECT, related_name="congresses",
        verbose_name=_("tổ chức đảng"),
    )
    kind = models.CharField(_("hình thức"), max_length=20, choices=CongressKind.choices)
    ordinal = models.PositiveSmallIntegerField(_("lần thứ"),
                                               validators=bounds.ORDINAL.validators())
    term_start = models.PositiveSmallIntegerField(_("nhiệm kỳ từ năm"),
                                                  validators=bounds.YEAR.validators())
    term_end = models.PositiveSmallIntegerField(_("đến năm"),
                                                validators=bounds.YEAR.validators())
    theme = models.TextField(_("chủ đề"), blank=True)
    venue = models.CharField(_("địa điểm"), max_length=300, blank=True)
    preparatory_session_at = models.DateTimeField(_("phiên trù bị"), null=True, blank=True)
    opens_at = models.DateTimeField(_("khai mạc phiên chính thức"), null=True, blank=True)
    closes_at = models.DateTimeField(_("bế mạc"), null=True, blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=20, choices=CongressStatus.choices,
        default=CongressStatus.PLANNED,
    )
    is_pilot = models.BooleanField(_("đại hội điểm"), default=False)
    part_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="cell_congresses",
        verbose_name=_("thuộc đợt chuẩn bị của"),
    )
    version = models.PositiveIntegerField(default=1)
    #: Place name of the printed heading (``Huyện Tân Lập, ngày …``); a cell congress left
    #: blank uses its committee congress's (see ``heading_place``).
    place = models.CharField(_("địa danh"), max_length=120, blank=True)
    #: For a cell congress: what the secretary reported with the results.
    results_note = models.TextField(_("ghi chú kết quả"), blank=True)

    class Meta:
        ordering = ["-term_start", "organization__path"]
        verbose_name = _("đại hội")
        verbose_name_plural = _("đại hội")
        constraints = [
            models.UniqueConstraint(fields=["organization", "term_start"],
                                    name="congress_one_per_term"),
            models.CheckConstraint(condition=models.Q(term_end__gt=models.F("term_start")),
                                   name="congress_term_order"),
            bounds.ORDINAL.constraint("ordinal", name="congress_ordinal_range"),
            bounds.YEAR.constraint("term_start", name="congress_term_start_range"),
            bounds.YEAR.constraint("term_end", name="congress_term_end_range"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def ordinal_roman(self) -> str:
        return roman(self.ordinal)

    @property
    def term(self) -> str:
        return f"{self.term_start}–{self.term_end}"

    @property
    def voters(self) -> str:
        """Who votes at it: "đại biểu" at a delegates' congress, "đảng viên" at a members'."""
        return "đại biểu" if self.kind == CongressKind.DELEGATES else "đảng viên"

    @property
    def heading_place(self) -> str:
        """The place name of a printed heading: this congress's, or for a cell congress left
        blank, the committee congress's."""
        if self.place:
            return self.place
        return self.part_of.place if self.part_of is not None else ""

    def document_date(self, today: dt.date) -> dt.date:
        """The date a preparation document of this congress (its programme) is dated: today,
        but for a congress already opened, its own opening day, not the day it is reprinted."""
        if self.opens_at is None:
            return today
        return min(today, self.opens_at.astimezone(LOCAL_TZ).date())

    @property
    def title(self) -> str:
        """``Đại hội đại biểu Đảng bộ … lần thứ X, nhiệm kỳ 2020–2025``."""
        values = {"org": self.organization.name, "n": self.ordinal_roman, "term": self.term}
        if self.kind == CongressKind.DELEGATES:
            return gettext("Đại hội đại biểu %(org)s lần thứ %(n)s, nhiệm kỳ %(term)s") % values
        return gettext("Đại hội %(org)s lần thứ %(n)s, nhiệm kỳ %(term)s") % values


class Session(models.TextChoices):
    PREPARATORY = "preparatory", _("Phiên trù bị")
    OFFICIAL = "official", _("Phiên chính thức")


class ProgrammeItem(models.Model):
    """One item of the congress's working programme (chương trình làm việc)."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="programme")
    session = models.CharField(_("phiên"), max_length=20, choices=Session.choices)
    starts_at = models.DateTimeField(_("thời gian"))
    title = models.CharField(_("nội dung"), max_length=400)
    presenter = models.CharField(_("người trình bày / điều hành"), max_length=200, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("mục chương trình")

    def __str__(self) -> str:
        return self.title


class ResultRole(models.TextChoices):
    SECRETARY = "secretary", _("Bí thư chi bộ")
    DEPUTY_SECRETARY = "deputy_secretary", _("Phó Bí thư chi bộ")
    COMMITTEE = "committee", _("Chi ủy viên")
    DELEGATE = "delegate", _("Đại biểu dự Đại hội cấp trên")
    ALTERNATE = "alternate", _("Đại biểu dự khuyết")


class CellCongressResult(models.Model):
    """One elected person of a cell congress: the cell committee and secretary, and the
    delegates to the committee's congress. The Personnel issue reads the delegate list as
    ``CellCongressResult.objects.filter(congress__part_of=…, role=DELEGATE)``."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="results")
    member = models.ForeignKey("roster.Member", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("kết quả bầu"), max_length=20, choices=ResultRole.choices)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["congress", "role", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "member", "role"],
                                    name="cell_result_unique"),
        ]
        indexes = [models.Index(fields=["role", "congress"], name="cell_result_role")]

    def __str__(self) -> str:
        return f"{self.congress_id}: {self.member_id} ({self.role})"


class LessonTopic(models.TextChoices):
    PROCEDURE = "procedure", _("Tiến trình tổ chức Đại hội")
    PERSONNEL = "personnel", _("Quy trình công tác nhân sự")
    REPORTS = "reports", _("Xây dựng các báo cáo")
    DECORATION = "decoration", _("Trang trí khánh tiết")
    OTHER = "other", _("Vấn đề khác")


class PilotLesson(models.Model):
    """A lesson drawn from the pilot congress, shown to every other cell."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="lessons")
    topic = models.CharField(_("vấn đề"), max_length=20, choices=LessonTopic.choices)
    text = models.TextField(_("nội dung rút kinh nghiệm"))
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["topic", "id"]
        verbose_name = _("bài học đại hội điểm")

    def __str__(self) -> str:
        return f"{self.get_topic_display()}: {self.text[:40]}"


class SubCommitteeKind(models.TextChoices):
    DOCUMENTS = "documents", _("Tiểu ban văn kiện")
    PERSONNEL = "personnel", _("Tiểu ban nhân sự")
    ORGANIZATION = "organization", _("Tiểu ban tổ chức phục vụ")
    OTHER = "other", _("Tiểu ban khác")


class SubCommittee(models.Model):
    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="subcommittees")
    kind = models.CharField(_("loại"), max_length=20, choices=SubCommitteeKind.choices)
    name = models.CharField(_("tên"), max_length=200)
    members = models.ManyToManyField(
        "roster.Member", through="SubCommitteeMember", related_name="subcommittees"
    )

    class Meta:
        ordering = ["congress", "id"]
        verbose_name = _("tiểu ban")

    def __str__(self) -> str:
        return self.name


class SubCommitteeMember(models.Model):
    subcommittee = models.ForeignKey(SubCommittee, on_delete=models.CASCADE,
                                     related_name="memberships")
    member = models.ForeignKey("roster.Member", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("chức danh trong tiểu ban"), max_length=100, blank=True)

    #: The roles (free text, compared without case or extra spaces) of the sub-committee's
    #: head, who signs its documents ("T/M TIỂU BAN / TRƯỞNG TIỂU BAN"); "Phó Trưởng tiểu ban"
    #: is not one.
    HEAD_ROLES = ("trưởng tiểu ban", "trưởng ban")

    class Meta:
        ordering = ["subcommittee", "id"]
        constraints = [
            models.UniqueConstraint(fields=["subcommittee", "member"], name="subcommittee_member"),
        ]

    def __str__(self) -> str:
        return f"{self.subcommittee_id}: {self.member_id}"

    @property
    def is_head(self) -> bool:
        return " ".join(self.role.split()).lower() in self.HEAD_ROLES


class Responsibility(models.TextChoices):
    DIRECT = "direct", _("Chỉ đạo")
    IMPLEMENT = "implement", _("Triển khai")
    PREPARE = "prepare", _("Trực tiếp chuẩn bị")


class TaskStatus(models.TextChoices):
    TODO = "todo", _("Chưa làm")
    IN_PROGRESS = "in_progress", _("Đang làm")
    DONE = "done", _("Hoàn thành")


#: The allowed task transitions; anything else is refused (409).
TASK_TRANSITIONS: dict[str, tuple[str, ...]] = {
    TaskStatus.TODO: (TaskStatus.IN_PROGRESS, TaskStatus.DONE),
    TaskStatus.IN_PROGRESS: (TaskStatus.DONE, TaskStatus.TODO),
    TaskStatus.DONE: (TaskStatus.IN_PROGRESS,),
}


class Task(models.Model):
    """A piece of the preparation, assigned to a committee member with a responsibility."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="tasks")
    subcommittee = models.ForeignKey(SubCommittee, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="tasks",
                                     verbose_name=_("tiểu ban"))
    title = models.CharField(_("nội dung công việc"), max_length=300)
    owner = models.ForeignKey("roster.Member", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", verbose_name=_("đồng chí phụ trách"))
    responsibility = models.CharField(_("trách nhiệm"), max_length=20,
                                      choices=Responsibility.choices,
                                      default=Responsibility.PREPARE)
    deadline = models.DateField(_("thời hạn"))
    status = models.CharField(_("tình trạng"), max_length=20, choices=TaskStatus.choices,
                              default=TaskStatus.TODO)
    done_on = models.DateField(null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("nhiệm vụ")

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: dt.date) -> bool:
        return self.status != TaskStatus.DONE and self.deadline < today


class TaskAttachment(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="congress/tasks/%Y/%m/")
    name = models.CharField(max_length=255)
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class OutgoingKind(models.TextChoices):
    """The documents an office issues from daihoi: each has its code of number and symbol
    (``congress.issuers.document_code``)."""

    PROGRAMME = "programme", _("Chương trình làm việc của Đại hội")
    CREDENTIALS = "credentials", _("Báo cáo thẩm tra tư cách đại biểu")
    MINUTES = "minutes", _("Biên bản kiểm phiếu")
    CONFERENCE_MINUTES = "conference_minutes", _("Biên bản kiểm phiếu tại Hội nghị lần thứ nhất")
    RESOLUTION = "resolution", _("Nghị quyết Đại hội")
    PERSONNEL_PLAN = "personnel_plan", _("Đề án nhân sự")
    REPORT = "report", _("Báo cáo tổng hợp ý kiến góp ý")
    UPPER_REPORT = "upper_report", _("Báo cáo tổng hợp ý kiến vào dự thảo văn kiện cấp trên")


class OutgoingDocument(models.Model):
    """One line of the register of outgoing documents (sổ đăng ký văn bản đi) of an
    organization: the number (numbered from 1 per organization and calendar year), the symbol,
    the date of issue and the summary (trích yếu). A document of a congress is issued once:
    ``kind`` and ``ref`` (the round, plan or draft it prints; 0 for the congress itself) name
    it."""

    organization = models.ForeignKey("roster.Organization", on_delete=models.PROTECT,
                                     related_name="outgoing_documents")
    congress = models.ForeignKey(Congress, on_delete=models.PROTECT,
                                 related_name="outgoing_documents")
    kind = models.CharField(_("loại văn bản"), max_length=20, choices=OutgoingKind.choices)
    ref = models.PositiveIntegerField(default=0)
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveIntegerField(_("số"))
    symbol = models.CharField(_("ký hiệu"), max_length=40)
    issued_on = models.DateField(_("ngày ban hành"))
    summary = models.CharField(_("trích yếu"), max_length=500)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["organization", "year", "number"]
        verbose_name = _("văn bản đi")
        constraints = [
            models.UniqueConstraint(fields=["organization", "year", "number"],
                                    name="outgoing_number_unique"),
            models.UniqueConstraint(fields=["congress", "kind", "ref"],
                                    name="outgoing_issued_once"),
            models.CheckConstraint(condition=models.Q(number__gte=1),
                                   name="outgoing_number_positive"),
        ]

    def __str__(self) -> str:
        return self.number_symbol

    @property
    def number_symbol(self) -> str:
        """``Số 12-NQ/ĐH``."""
        return f"Số {self.number}-{self.symbol}"
