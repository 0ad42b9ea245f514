"""The congress's delegates and the congress day: credentials, badges, check-in per session,
quorum, the threshold base handed to the elections, and the show-of-hands votes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from daihoi.composition import DEFAULT_QUORUM
from daihoi.core import bounds


class DelegateSource(models.TextChoices):
    ELECTED = "elected", _("Do đại hội chi bộ bầu")
    EX_OFFICIO = "ex_officio", _("Đương nhiên (Ban Chấp hành đương nhiệm)")
    APPOINTED = "appointed", _("Chỉ định")
    ALTERNATE = "alternate", _("Dự khuyết")
    #: A members' congress (đại hội đảng viên): every official member is summoned.
    MEMBER = "member", _("Đảng viên chính thức")


class DelegateStatus(models.TextChoices):
    SUMMONED = "summoned", _("Được triệu tập")
    #: R-073: not summoned (suspended, prosecuted, transferred before the opening; elected in
    #: breach of the rules).
    NOT_SUMMONED = "not_summoned", _("Không triệu tập")
    #: An alternate not (yet) seated.
    RESERVE = "reserve", _("Dự khuyết chưa thay thế")
    #: An official delegate absent for the whole congress whose seat an alternate took.
    REPLACED = "replaced", _("Vắng, đã có dự khuyết thay")
    #: R-051d (members' congress): absent for the whole congress with a reason the convening
    #: committee approved.
    ABSENT_APPROVED = "absent_approved", _("Vắng cả đại hội, có lý do được chấp thuận")


class Delegate(models.Model):
    congress = models.ForeignKey("congress.Congress", on_delete=models.CASCADE,
                                 related_name="delegates")
    member = models.ForeignKey("roster.Member", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("đảng viên"))
    source = models.CharField(_("thành phần"), max_length=20, choices=DelegateSource.choices)
    status = models.CharField(_("tình trạng"), max_length=20, choices=DelegateStatus.choices,
                              default=DelegateStatus.SUMMONED)
    status_reason = models.CharField(_("lý do"), max_length=300, blank=True)
    #: The badge number (số thẻ đại biểu), unique within the congress.
    number = models.PositiveIntegerField(_("số thẻ"), validators=bounds.BADGE.validators())
    #: The cell congress that elected the delegate (source "elected" or "alternate").
    elected_by = models.ForeignKey("congress.Congress", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    #: For an alternate seated in place of an official delegate: that delegate.
    replaces = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="replaced_by")
    class Meta:
        # the member's name, read through the member (so an edited name is seen at once)
        ordering = ["congress", "member__sort_key", "id"]
        verbose_name = _("đại biểu")
        constraints = [
            models.UniqueConstraint(fields=["congress", "member"], name="delegate_one_per_member"),
            models.UniqueConstraint(fields=["congress", "number"], name="delegate_number_unique"),
            bounds.BADGE.constraint("number", name="delegate_number_range"),
        ]
        indexes = [models.Index(fields=["congress", "status", "source"],
                                name="delegate_congress_status")]

    def __str__(self) -> str:
        return f"{self.number}: {self.member_id}"

    @property
    def is_official(self) -> bool:
        return self.source != DelegateSource.ALTERNATE


class AttendanceSession(models.Model):
    """One session of the congress at which attendance is taken (preparatory, official…)."""

    congress = models.ForeignKey("congress.Congress", on_delete=models.CASCADE,
                                 related_name="attendance_sessions")
    name = models.CharField(_("phiên"), max_length=120)
    starts_at = models.DateTimeField(_("bắt đầu"))
    #: Elections held in this session take their base from attendance up to this session.
    holds_elections = models.BooleanField(_("có bầu cử"), default=False)

    class Meta:
        ordering = ["congress", "starts_at", "id"]
        constraints = [models.UniqueConstraint(fields=["congress", "name"],
                                               name="attendance_session_unique")]

    def __str__(self) -> str:
        return self.name


class CheckIn(models.Model):
    delegate = models.ForeignKey(Delegate, on_delete=models.CASCADE, related_name="check_ins")
    session = models.ForeignKey(AttendanceSession, on_delete=models.CASCADE,
                                related_name="check_ins")
    at = models.DateTimeField()
    method = models.CharField(max_length=10)  # "qr" | "search"
    desk = models.CharField(max_length=40, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["session", "at", "id"]
        constraints = [models.UniqueConstraint(fields=["delegate", "session"],
                                               name="check_in_once_per_session")]

    def __str__(self) -> str:
        return f"{self.delegate_id} @ {self.session_id}"


class TemporaryElsewherePolicy(models.TextChoices):
    """R-051a [PARTLY CONFIRMED]: members on temporary party activity elsewhere are summoned;
    they are deducted from the base only when they do not attend (the default), or always."""

    ABSENT_ONLY = "absent_only", _("Chỉ trừ khi không về dự đại hội")
    ALWAYS = "always", _("Luôn trừ khỏi cơ sở tính")


class DayPolicy(models.Model):
    """The congress day's configurable policies: the quorum (R-110, unconfirmed, default 2/3)
    and whether members on temporary activity elsewhere who attend are deducted (R-051a)."""

    congress = models.OneToOneField("congress.Congress", on_delete=models.CASCADE,
                                    related_name="day_policy")
    quorum_numerator = models.PositiveSmallIntegerField(
        _("túc số: tử số"), default=DEFAULT_QUORUM.numerator, validators=bounds.QUORUM.validators())
    quorum_denominator = models.PositiveSmallIntegerField(
        _("túc số: mẫu số"), default=DEFAULT_QUORUM.denominator,
        validators=bounds.QUORUM.validators())
    temporary_elsewhere = models.CharField(
        _("đảng viên sinh hoạt tạm thời nơi khác"), max_length=20,
        choices=TemporaryElsewherePolicy.choices, default=TemporaryElsewherePolicy.ABSENT_ONLY)

    class Meta:
        constraints = [models.CheckConstraint(
            condition=models.Q(quorum_numerator__gte=1)
            & models.Q(quorum_numerator__lte=models.F("quorum_denominator")),
            name="day_policy_quorum_ratio"),
            bounds.QUORUM.constraint("quorum_numerator", name="day_policy_numerator_range"),
            bounds.QUORUM.constraint("quorum_denominator", name="day_policy_denominator_range"),
        ]

    def __str__(self) -> str:
        return f"{self.quorum_numerator}/{self.quorum_denominator}"


class VoteSubject(models.TextChoices):
    PRESIDIUM = "presidium", _("Đoàn Chủ tịch")
    SECRETARIAT = "secretariat", _("Đoàn Thư ký")
    COUNTING_BOARD = "counting_board", _("Ban Kiểm phiếu")
    CREDENTIALS_COMMITTEE = "credentials_committee", _("Ban Thẩm tra tư cách đại biểu")
    RESOLUTION = "resolution", _("Thông qua Nghị quyết Đại hội")
    OTHER = "other", _("Nội dung khác")


class ShowOfHandsVote(models.Model):
    congress = models.ForeignKey("congress.Congress", on_delete=models.CASCADE,
                                 related_name="show_of_hands_votes")
    session = models.ForeignKey(AttendanceSession, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    subject = models.CharField(_("biểu quyết về"), max_length=30, choices=VoteSubject.choices)
    title = models.CharField(_("nội dung"), max_length=300)
    names = models.TextField(_("danh sách (mỗi dòng một người)"), blank=True)
    present = models.PositiveIntegerField(_("số đại biểu có mặt"),
                                          validators=bounds.COUNT.validators())
    in_favour = models.PositiveIntegerField(_("tán thành"), validators=bounds.COUNT.validators())
    against = models.PositiveIntegerField(_("không tán thành"), default=0,
                                          validators=bounds.COUNT.validators())
    abstain = models.PositiveIntegerField(_("không biểu quyết"), default=0,
                                          validators=bounds.COUNT.validators())
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["congress", "recorded_at", "id"]
        constraints = [
            bounds.COUNT.constraint(f, name=f"show_of_hands_{f}_range")
            for f in ("present", "in_favour", "against", "abstain")
        ]

    def __str__(self) -> str:
        return self.title


class CredentialsConclusion(models.Model):
    """What the credentials committee concluded and reported to the congress (R-151)."""

    congress = models.OneToOneField("congress.Congress", on_delete=models.CASCADE,
                                    related_name="credentials_conclusion")
    text = models.TextField(_("kết luận của Ban Thẩm tra tư cách đại biểu"))
    recognised = models.PositiveIntegerField(_("số đại biểu đủ tư cách"),
                                             validators=bounds.COUNT.validators())
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [bounds.COUNT.constraint("recognised", name="credentials_recognised_range")]

    def __str__(self) -> str:
        return self.text[:40]
