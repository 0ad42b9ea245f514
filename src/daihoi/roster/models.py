from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from daihoi import clock
from daihoi.composition.checker import age_on
from daihoi.core.errors import field_labels
from daihoi.core.i18n import translated
from daihoi.core.jobs import FINISHED, JobStatus
from daihoi.roster.choices import (
    Gender,
    GeneralEducation,
    MemberStatus,
    OrgKind,
    Qualification,
    RoleKind,
    TheoryLevel,
)
from daihoi.roster.rules import card_number_error, citizen_id_error, member_record_errors


class Organization(models.Model):
    """A party organization; organizations form a tree of any depth."""

    kind = models.CharField(_("loại"), max_length=20, choices=OrgKind.choices)
    name = models.CharField(_("tên"), max_length=200)
    code = models.CharField(_("mã"), max_length=40, unique=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
        verbose_name=_("trực thuộc"),
    )
    #: Materialized path of primary keys, ``/1/4/17/``, so a subtree is one indexed prefix query.
    path = models.CharField(max_length=255, db_index=True, editable=False)
    position = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["path", "position"]
        verbose_name = _("tổ chức đảng")
        verbose_name_plural = _("tổ chức đảng")

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2


class Agency(models.Model):
    """An agency or unit (cơ quan, đơn vị) where members work; not the same thing as a cell."""

    name = models.CharField(_("tên"), max_length=200)
    code = models.CharField(_("mã"), max_length=40, unique=True)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="agencies",
        verbose_name=_("thuộc đảng bộ"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")

    def __str__(self) -> str:
        return self.name


class Member(models.Model):
    family_name = models.CharField(_("họ"), max_length=50)
    middle_name = models.CharField(_("tên đệm"), max_length=80, blank=True)
    given_name = models.CharField(_("tên"), max_length=50)
    gender = models.CharField(_("giới tính"), max_length=10, choices=Gender.choices)
    date_of_birth = models.DateField(_("ngày sinh"))
    ethnicity = models.CharField(_("dân tộc"), max_length=40, default="Kinh")
    religion = models.CharField(_("tôn giáo"), max_length=60, default="Không")
    home_town = models.CharField(_("quê quán"), max_length=200, blank=True)
    general_education = models.CharField(
        _("giáo dục phổ thông"), max_length=20, choices=GeneralEducation.choices,
        default=GeneralEducation.UPPER_SECONDARY,
    )
    qualification = models.CharField(
        _("trình độ chuyên môn"), max_length=20, choices=Qualification.choices,
        default=Qualification.UNIVERSITY,
    )
    specialty = models.CharField(_("chuyên ngành"), max_length=120, blank=True)
    political_theory = models.CharField(
        _("lý luận chính trị"), max_length=20, choices=TheoryLevel.choices,
        default=TheoryLevel.ELEMENTARY,
    )
    admitted_on = models.DateField(_("ngày vào Đảng"))
    full_member_on = models.DateField(_("ngày chính thức"), null=True, blank=True)
    card_number = models.CharField(
        _("số thẻ đảng viên"), max_length=20, unique=True, null=True, blank=True
    )
    #: Số lý lịch đảng viên; an import matches a member by it as well.
    dossier_number = models.CharField(
        _("số lý lịch"), max_length=30, blank=True, default=""
    )
    #: Số căn cước công dân (số định danh cá nhân); an import matches a member by it as well.
    citizen_id = models.CharField(
        _("số CCCD"), max_length=12, blank=True, default=""
    )
    cell = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="members", verbose_name=_("chi bộ")
    )
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="members",
        verbose_name=_("cơ quan, đơn vị"),
    )
    position = models.CharField(_("chức vụ"), max_length=200, blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=30, choices=MemberStatus.choices, default=MemberStatus.ACTIVE
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="member",
    )
    #: Optimistic concurrency: an update must name the version it was made from.
    version = models.PositiveIntegerField(default=1)
    #: ICU ``vi`` collation key (given, family, middle) as hex, so SQL orders the Vietnamese way.
    #: Indexed in ``Meta.indexes`` (a plain btree: ``db_index`` would add a LIKE index on
    #: PostgreSQL that no query uses and every insert pays for).
    sort_key = models.CharField(max_length=600, editable=False)
    #: Lower-case name without diacritics, for search. Searched with ``contains`` (LIKE '%…%'),
    #: which no btree serves: read from the ``member_list`` covering index, not indexed alone.
    search_text = models.CharField(max_length=200, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["sort_key"]
        verbose_name = _("đảng viên")
        verbose_name_plural = _("đảng viên")
        indexes = [
            models.Index(fields=["sort_key"], name="member_sort"),
            # Covers the member list's filters, search and order (ids first, then one page).
            models.Index(
                fields=["cell", "sort_key", "status", "full_member_on", "search_text"],
                name="member_list",
            ),
            # Covers the composition and per-cell statistics, so that they read the index and
            # not the (wide) rows: measured 123 ms → 23 ms for the per-cell counts of 100,000.
            models.Index(
                fields=["cell", "status", "full_member_on", "gender", "date_of_birth",
                        "qualification", "political_theory", "ethnicity"],
                name="member_stats",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(full_member_on__isnull=True)
                | models.Q(full_member_on__gte=models.F("admitted_on")),
                name="member_full_after_admission",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.family_name, self.middle_name, self.given_name) if p)

    def clean(self) -> None:
        errors = member_record_errors(
            date_of_birth=self.date_of_birth,
            admitted_on=self.admitted_on,
            full_member_on=self.full_member_on,
            ethnicity=self.ethnicity,
            today=clock.today(),
        )
        if self.cell_id is not None and self.agency_id is not None:
            agency = self.agency
            if agency is not None and not self.cell.path.startswith(agency.organization.path):
                errors["agency"] = gettext("Cơ quan này không thuộc đảng bộ của chi bộ.")
        no_card = card_number_error(full_member_on=self.full_member_on,
                                    card_number=self.card_number)
        if no_card is not None:
            errors["card_number"] = no_card
        if self.citizen_id:
            problem = citizen_id_error(self.citizen_id)
            if problem is not None:
                errors["citizen_id"] = problem
        if self.cell_id is not None:
            errors.update(self._key_taken_errors())
        if errors:  # the rules' Vietnamese sentences, in the reader's language
            raise ValidationError({name: translated(message) for name, message in errors.items()})

    def _key_taken_errors(self) -> dict[str, str]:
        """The dossier and citizen numbers are unique within the committee (the đảng bộ above
        the member's cell), as the import matches members by them there."""
        committee = self.cell
        while committee.kind == OrgKind.CELL and committee.parent_id is not None:
            committee = committee.parent  # type: ignore[assignment]  # parent_id checked
        errors = {}
        for name in ("dossier_number", "citizen_id"):
            value = getattr(self, name)
            if not value:
                continue
            other = (
                Member.objects.filter(cell__path__startswith=committee.path, **{name: value})
                .exclude(pk=self.pk).first()
            )
            if other is not None:
                errors[name] = gettext(
                    "%(label)s “%(value)s” đã là của đồng chí %(name)s (%(cell)s) trong "
                    "%(committee)s.") % {
                        "label": field_labels(self, [name])[name],
                        "value": value, "name": other.full_name, "cell": other.cell.name,
                        "committee": committee.name}
        return errors

    def is_full_member(self, on: dt.date | None = None) -> bool:
        """Full (official) member on ``on``; a member without a full-member date is probationary."""
        if self.full_member_on is None:
            return False
        return on is None or self.full_member_on <= on

    def age_on(self, on: dt.date) -> int:
        return age_on(self.date_of_birth, on)


class StatusChange(models.Model):
    """One entry of a member's status history."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(_("tình trạng"), max_length=30, choices=MemberStatus.choices)
    effective_on = models.DateField(_("từ ngày"))
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["effective_on", "id"]
        verbose_name = _("thay đổi tình trạng")

    def __str__(self) -> str:
        return f"{self.member_id}: {self.status} ({self.effective_on})"


class CellChange(models.Model):
    """A member moved from one cell to another."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="cell_changes")
    from_cell = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    to_cell = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    effective_on = models.DateField(_("từ ngày"))
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["effective_on", "id"]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.from_cell_id} → {self.to_cell_id} ({self.effective_on})"


class Role(models.Model):
    """What a user may do, and where: scoped to one organization (and its subtree)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="daihoi_roles"
    )
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(_("vai trò"), max_length=20, choices=RoleKind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organization", "kind"], name="role_unique")
        ]
        verbose_name = _("vai trò")

    def __str__(self) -> str:
        return f"{self.user} — {self.get_kind_display()} — {self.organization}"


class ImportJob(models.Model):
    """One upload of a roster file, checked (and written) in the background with its progress."""

    #: The states of every job on an upload; interrupted: no heartbeat for
    #: ``IMPORT_JOB_STALE_AFTER``.
    Status = JobStatus

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="import_jobs",
        verbose_name=_("tổ chức"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    file_name = models.CharField(_("tên tệp"), max_length=255)
    sha256 = models.CharField(max_length=64, blank=True)
    #: Where the upload waits until the job has read it; emptied when the job ends.
    stored_path = models.CharField(max_length=500, blank=True)
    dry_run = models.BooleanField(_("chỉ kiểm tra"), default=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    phase = models.CharField(max_length=20, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    #: The mapping the job used or will use (sheet, header rows, column → field, values).
    mapping = models.JSONField(default=dict, blank=True)
    #: The copy of the user's workbook with the faulty cells marked (when the check failed).
    marked_path = models.CharField(max_length=500, blank=True)
    #: Why the job failed when it was not the file (a database restart…), for the page.
    failure = models.CharField(max_length=300, blank=True)
    #: The language of the person who uploaded it: the job's messages are in it.
    language = models.CharField(max_length=10, blank=True, default="")
    #: ``[{"sheet": …, "row": 14, "column": "Ngày sinh", "value": …, "message": "…"}, …]``.
    errors = models.JSONField(default=list, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    #: Counts of the finished import: rows, created, updated, unchanged, status and cell changes.
    result = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    #: The job's heartbeat: set with every progress report.
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("lần nhập danh sách")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int:
        if not self.total:
            return 0
        return min(100, round(100 * self.done / self.total))


class ImportMapping(models.Model):
    """An organization's column mapping and confirmed values, proposed at its next import."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="import_mapping"
    )
    #: Header as written (folded: no case, accents or punctuation) → field.
    columns = models.JSONField(default=dict, blank=True)
    #: "cell"/"agency" → {value as written (folded): code}.
    values = models.JSONField(default=dict, blank=True)
    #: Compound family names kept whole when a full name is split ("Tôn Thất"…).
    compound_names = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cách gán cột khi nhập danh sách")

    def __str__(self) -> str:
        return f"{self.organization}: {len(self.columns)} cột"
