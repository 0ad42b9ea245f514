"""Personnel plans (đề án nhân sự): the executive committee and the delegates to the higher
congress. The rules they are checked against live in ``daihoi.composition`` (data per term)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from daihoi.core import bounds


class PlanKind(models.TextChoices):
    COMMITTEE = "committee", _("Đề án nhân sự Ban Chấp hành")
    DELEGATES = "delegates", _("Đề án nhân sự đại biểu dự Đại hội cấp trên")


class PlanLevel(models.TextChoices):
    """The level whose reference month applies (R-101); a term's file names its own levels."""

    GRASSROOTS = "grassroots", _("Cơ sở")
    ABOVE_GRASSROOTS = "above_grassroots", _("Cấp trên trực tiếp cơ sở")
    COMMUNE = "commune", _("Xã, phường, đặc khu")
    DISTRICT = "district", _("Cấp huyện")
    PROVINCE = "province", _("Cấp tỉnh")


class Post(models.TextChoices):
    NONE = "", _("—")
    PROVINCIAL_DEPUTY_SECRETARY = "provincial_deputy_secretary", _("Phó Bí thư Tỉnh ủy, Thành ủy")


class PersonnelPlan(models.Model):
    congress = models.ForeignKey("congress.Congress", on_delete=models.CASCADE,
                                 related_name="personnel_plans", verbose_name=_("đại hội"))
    kind = models.CharField(_("loại đề án"), max_length=20, choices=PlanKind.choices)
    name = models.CharField(_("tên phương án"), max_length=120)
    term_rules = models.CharField(_("quy định nhiệm kỳ"), max_length=20)
    level = models.CharField(_("cấp tính tuổi"), max_length=20, choices=PlanLevel.choices,
                             default=PlanLevel.GRASSROOTS)
    seats = models.PositiveSmallIntegerField(_("số lượng"), validators=bounds.SEATS.validators())
    #: Delegates plans: the alternates the congress decides (R-071).
    alternates = models.PositiveSmallIntegerField(_("số đại biểu dự khuyết"), default=0,
                                                  validators=bounds.ALTERNATES.validators())
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["congress", "kind", "id"]
        verbose_name = _("đề án nhân sự")
        constraints = [
            models.UniqueConstraint(fields=["congress", "kind", "name"], name="plan_name_unique"),
            models.CheckConstraint(condition=models.Q(seats__gte=1), name="plan_seats_positive"),
            bounds.SEATS.constraint("seats", name="plan_seats_range"),
            bounds.ALTERNATES.constraint("alternates", name="plan_alternates_range"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.name}"


class PlanCandidate(models.Model):
    plan = models.ForeignKey(PersonnelPlan, on_delete=models.CASCADE, related_name="candidates")
    member = models.ForeignKey("roster.Member", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("đảng viên"))
    reelection = models.BooleanField(_("tái cử"), default=False)
    post = models.CharField(_("chức danh (ngoại lệ tuổi)"), max_length=40, choices=Post.choices,
                            blank=True, default="")
    #: Planned retirement month (first day); blank computes it from the term's table.
    retirement_month = models.DateField(_("tháng nghỉ hưu dự kiến"), null=True, blank=True)
    science_technology = models.BooleanField(_("có trình độ khoa học, công nghệ"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "member"], name="plan_candidate_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.member_id}"
