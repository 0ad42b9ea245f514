from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

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
    ordinal = models.PositiveSmallIntegerField(_("lần thứ"))
    term_start = models.PositiveSmallIntegerField(_("nhiệm kỳ từ năm"))
    term_end = models.PositiveSmallIntegerField(_("đến năm"))
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

    class Meta:
        ordering = ["-term_start", "organization__path"]
        verbose_name = _("đại hội")
        verbose_name_plural = _("đại hội")
        constraints = [
            models.UniqueConstraint(fields=["organization", "term_start"],
                                    name="congress_one_per_term"),
            models.CheckConstraint(condition=models.Q(term_end__gt=models.F("term_start")),
                                   name="congress_term_order"),
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
    def title(self) -> str:
        """``Đại hội đại biểu Đảng bộ … lần thứ X, nhiệm kỳ 2020–2025``."""
        kind = "Đại hội đại biểu" if self.kind == CongressKind.DELEGATES else "Đại hội"
        return (f"{kind} {self.organization.name} lần thứ {self.ordinal_roman}, "
                f"nhiệm kỳ {self.term}")
