"""Elections at a congress: the election, its list, its counting board, its rounds, the entry
desks and the keyed ballots.

Secrecy (issue 4 §5): a keyed ballot (``BallotEntry``, ``CountedBallot``) carries no link to a
voter and no timestamp (the round carries the times of its steps); primary keys are random
UUIDs, and the rows are rewritten in shuffled order when the round is reconciled and announced,
so neither the keys nor the physical order reveal the order of entry.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from daihoi.core import bounds
from daihoi.tally.audit import (
    RISK_LIMIT_DEFAULT_PERCENT,
    RISK_LIMIT_MAX_PERCENT,
    RISK_LIMIT_MIN_PERCENT,
)


class ElectionKind(models.TextChoices):
    """What is elected; the values are those of ``daihoi.tally.ElectionKind``."""

    COMMITTEE = "committee", _("Ban Chấp hành")
    DELEGATES = "delegates", _("Đại biểu dự đại hội cấp trên")
    CELL_COMMITTEE = "cell_committee", _("Chi ủy")
    SECRETARY = "secretary", _("Bí thư")
    DEPUTY_SECRETARY = "deputy_secretary", _("Phó Bí thư")
    STANDING_COMMITTEE = "standing_committee", _("Ban Thường vụ")
    INSPECTION_COMMITTEE = "inspection_committee", _("Ủy ban Kiểm tra")
    INSPECTION_CHAIR = "inspection_chair", _("Chủ nhiệm Ủy ban Kiểm tra")


class ElectionBody(models.TextChoices):
    """Who votes: the congress, or the first conference of the committee it elected (R-054,
    R-065), which elects the standing committee, the secretary and deputy, the inspection
    committee and its chair."""

    CONGRESS = "congress", _("Đại hội")
    CONFERENCE = "conference", _("Hội nghị lần thứ nhất Ban Chấp hành khóa mới")



class Election(models.Model):
    congress = models.ForeignKey(
        "congress.Congress", on_delete=models.PROTECT, related_name="elections",
        verbose_name=_("đại hội"),
    )
    kind = models.CharField(_("bầu"), max_length=30, choices=ElectionKind.choices)
    body = models.CharField(_("bầu tại"), max_length=20, choices=ElectionBody.choices,
                            default=ElectionBody.CONGRESS)
    seats = models.PositiveSmallIntegerField(_("số lượng bầu (đại hội biểu quyết)"),
                                             validators=bounds.SEATS.validators())
    alternates = models.PositiveSmallIntegerField(_("số đại biểu dự khuyết"), default=0,
                                                  validators=bounds.ALTERNATES.validators())
    seats_decision = models.CharField(
        _("căn cứ số lượng"), max_length=300, blank=True,
        help_text=_("Ví dụ: Đại hội biểu quyết thông qua số lượng 9 đồng chí (100% tán thành)."),
    )
    position = models.PositiveSmallIntegerField(default=0)
    #: The named policies of the unconfirmed rules (``daihoi.tally.Policies``), as
    #: ``{name: value}``; a name not given takes the engine's default. Chosen before printing.
    policies = models.JSONField(default=dict, blank=True)
    #: The congress decided to stop (R-063, R-007, R-062): the open places are left to the
    #: higher committee, and no further round is held.
    stopped_at = models.DateTimeField(null=True, blank=True)
    stop_decision = models.CharField(max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["congress", "position", "pk"]
        verbose_name = _("cuộc bầu cử")
        constraints = [
            bounds.SEATS.constraint("seats", name="election_seats_range"),
            bounds.ALTERNATES.constraint("alternates", name="election_alternates_range"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        kind = ElectionKind(self.kind)
        if kind == ElectionKind.DELEGATES:
            return gettext("Bầu đại biểu đi dự đại hội đảng bộ cấp trên")
        if kind == ElectionKind.COMMITTEE:
            return gettext("Bầu Ban Chấp hành %(org)s") % {
                "org": self.congress.organization.name}
        if self.body == ElectionBody.CONFERENCE:
            return gettext("Bầu %(body)s (Hội nghị lần thứ nhất Ban Chấp hành khóa mới)") % {
                "body": kind.label}
        return gettext("Bầu %(body)s") % {"body": kind.label}


class CandidateSource(models.TextChoices):
    PLAN = "plan", _("Theo đề án nhân sự")
    FLOOR = "floor", _("Ứng cử, đề cử tại đại hội")


class Candidate(models.Model):
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidates")
    member = models.ForeignKey("roster.Member", on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=10, choices=CandidateSource.choices,
                              default=CandidateSource.PLAN)
    #: R-014: agreement of the congress for a floor nominee, and those attending.
    floor_agree = models.PositiveIntegerField(null=True, blank=True,
                                              validators=bounds.COUNT.validators())
    floor_attending = models.PositiveIntegerField(null=True, blank=True,
                                                  validators=bounds.COUNT.validators())
    withdrawn = models.BooleanField(default=False)
    withdrawal_decision = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["election", "member"], name="candidate_once"),
            bounds.COUNT.constraint("floor_agree", name="candidate_floor_agree_range",
                                    nullable=True),
            bounds.COUNT.constraint("floor_attending", name="candidate_floor_attending_range",
                                    nullable=True),
        ]

    def __str__(self) -> str:
        return self.member.full_name


class BoardMember(models.Model):
    """A member of the counting board (Ban kiểm phiếu, R-040)."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="board")
    member = models.ForeignKey("roster.Member", on_delete=models.PROTECT, related_name="+")
    is_head = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["election", "member"], name="board_member_once"),
            models.UniqueConstraint(fields=["election"], condition=models.Q(is_head=True),
                                    name="board_one_head"),
        ]

    def __str__(self) -> str:
        return self.member.full_name


class RoundStatus(models.TextChoices):
    PREPARED = "prepared", _("Đã chuẩn bị")
    BALLOTS_ISSUED = "ballots_issued", _("Đã phát phiếu")
    VOTING_CLOSED = "voting_closed", _("Đã kết thúc bỏ phiếu")
    COUNTING = "counting", _("Đang kiểm phiếu")
    RECONCILED = "reconciled", _("Đã đối chiếu xong")
    ANNOUNCED = "announced", _("Đã công bố kết quả")
    VOID = "void", _("Hủy (số phiếu thu vào nhiều hơn phát ra)")


_COUNT = bounds.COUNT.validators()

#: The counts of a round a user enters (bounded by ``bounds.COUNT``).
_ROUND_COUNTS = (
    "summoned", "ded_temporary_activity_elsewhere", "ded_exempted_absent",
    "ded_suspended_or_prosecuted", "ded_absent_whole_congress_approved",
    "ded_committee_members_absent_whole_congress", "ded_delegates_absent_not_replaced",
    "ded_conference_excluded",
    "present", "ballots_printed", "ballots_issued", "ballots_collected",
)


class Round(models.Model):
    """One round of voting (lần bỏ phiếu) of an election."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="rounds")
    sequence = models.PositiveSmallIntegerField()
    #: The round number the counting engine knows (a re-vote after R-035 keeps the number).
    number = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=20, choices=RoundStatus.choices,
                              default=RoundStatus.PREPARED)
    seats = models.PositiveSmallIntegerField(validators=bounds.ROUND_SEATS.validators())
    alternates = models.PositiveSmallIntegerField(default=0,
                                                  validators=bounds.ALTERNATES.validators())
    opening_decision = models.CharField(max_length=500, blank=True)
    # Threshold base, entered for now; a later issue computes it.
    summoned = models.PositiveIntegerField(null=True, blank=True, validators=_COUNT)
    ded_temporary_activity_elsewhere = models.PositiveIntegerField(default=0, validators=_COUNT)
    ded_exempted_absent = models.PositiveIntegerField(default=0, validators=_COUNT)
    ded_suspended_or_prosecuted = models.PositiveIntegerField(default=0, validators=_COUNT)
    ded_absent_whole_congress_approved = models.PositiveIntegerField(default=0, validators=_COUNT)
    ded_committee_members_absent_whole_congress = models.PositiveIntegerField(
        default=0, validators=_COUNT)
    ded_delegates_absent_not_replaced = models.PositiveIntegerField(default=0, validators=_COUNT)
    ded_conference_excluded = models.PositiveIntegerField(default=0, validators=_COUNT)
    base_note = models.CharField(max_length=500, blank=True)
    present = models.PositiveIntegerField(null=True, blank=True, validators=_COUNT)
    #: Copies made of the round's ballot (every ballot of a round is the same, R-030a).
    ballots_printed = models.PositiveIntegerField(null=True, blank=True, validators=_COUNT)
    ballots_issued = models.PositiveIntegerField(null=True, blank=True, validators=_COUNT)
    ballots_collected = models.PositiveIntegerField(null=True, blank=True, validators=_COUNT)
    teams_required = models.PositiveSmallIntegerField(default=2)
    #: Present below the quorum (R-110, a warning): the presidium acknowledged it and went on.
    quorum_acknowledged = models.BooleanField(default=False)
    issued_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    counting_at = models.DateTimeField(null=True, blank=True)
    reconciled_at = models.DateTimeField(null=True, blank=True)
    announced_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(null=True, blank=True)
    export_json = models.TextField(blank=True)
    export_csv = models.TextField(blank=True)
    export_sha256 = models.CharField(max_length=64, blank=True)
    export_csv_sha256 = models.CharField(max_length=64, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["election", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["election", "sequence"], name="round_sequence"),
            models.CheckConstraint(condition=models.Q(teams_required__gte=2)
                                   & models.Q(teams_required__lte=3), name="round_teams_2_3"),
            bounds.ROUND_SEATS.constraint("seats", name="round_seats_range"),
            bounds.ALTERNATES.constraint("alternates", name="round_alternates_range"),
            *(bounds.COUNT.constraint(f, name=f"round_{f}_range", nullable=True)
              for f in _ROUND_COUNTS),
        ]

    def __str__(self) -> str:
        return f"{self.election} — lần {self.sequence}"


class RoundCandidate(models.Model):
    """A name on the ballot of a round, at its 0-based position (Vietnamese ABC order)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="entries_list")
    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=200)

    class Meta:
        ordering = ["round", "position"]
        constraints = [
            models.UniqueConstraint(fields=["round", "position"], name="round_position"),
            models.UniqueConstraint(fields=["round", "candidate"], name="round_candidate"),
        ]

    def __str__(self) -> str:
        return f"{self.position + 1}. {self.label}"


class EntryDesk(models.Model):
    """An entry desk: one user, one team, keying every ballot of a round."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="desks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    team = models.PositiveSmallIntegerField()
    #: Technical staff keying under the board's authority (R-041: computer counting), not a
    #: member of the counting board; listed as such in the minutes.
    technical_staff = models.BooleanField(default=False)
    #: A scan desk of the round: its entries are the scanned ballots as the reader read them
    #: (``daihoi.scanning``), with the board head's rulings on what it could not read; nobody
    #: types at it. Listed as such in the minutes. A round has at most
    #: ``elections.selectors.MAX_SCAN_DESKS`` (the second one: a second scan, each ballot
    #: passed through the scanner again, as the second reading).
    scanned = models.BooleanField(default=False)
    #: The counting number of the desk's last entry (for undo and the next number).
    last_serial = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["round", "team"]
        constraints = [
            models.UniqueConstraint(fields=["round", "team"], name="desk_team_once"),
            models.UniqueConstraint(fields=["round", "user"], name="desk_user_once"),
        ]

    def __str__(self) -> str:
        return f"Tổ {self.team}"


class BallotEntry(models.Model):
    """One ballot as keyed at one desk. No voter, no timestamp, a random key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    desk = models.ForeignKey(EntryDesk, on_delete=models.CASCADE, related_name="entries")
    #: The board's counting number (1…ballots collected, given when the box is opened, in the
    #: order of counting; R-030a): never a number printed on the ballot, which has none.
    serial = models.PositiveIntegerField()
    content = models.CharField(max_length=1200)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["desk", "serial"], name="entry_once_per_desk"),
        ]

    def __str__(self) -> str:
        return f"Phiếu số {self.serial}"


class Resolution(models.Model):
    """The board head's decision on a ballot the desks keyed differently."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="resolutions")
    serial = models.PositiveIntegerField()
    content = models.CharField(max_length=1200)
    note = models.CharField(max_length=500)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "serial"], name="resolution_once"),
        ]

    def __str__(self) -> str:
        return f"Kết luận phiếu số {self.serial}"


class CountedBallot(models.Model):
    """A reconciled ballot; ``valid`` is the engine's classification (``classify_ballot``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="counted")
    serial = models.PositiveIntegerField()
    content = models.CharField(max_length=1200)
    valid = models.BooleanField()
    invalid_reason = models.CharField(max_length=40, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "serial"], name="counted_once"),
        ]

    def __str__(self) -> str:
        return f"Phiếu số {self.serial}"


class CountedMark(models.Model):
    """One mark of a counted ballot, for the independent SQL aggregate: ``crossed`` on a list
    with surplus, or ``agree``/``disagree``/``both``/``none`` on a list without."""

    #: An ordinary key: marks are written once, all together, in shuffled order.
    ballot = models.ForeignKey(CountedBallot, on_delete=models.CASCADE, related_name="marks")
    position = models.PositiveSmallIntegerField()
    mark = models.CharField(max_length=10)

    def __str__(self) -> str:
        return f"{self.position}: {self.mark}"


class SecondReadingMethod(models.TextChoices):
    """How the board reads every ballot a second time (R-041a): another desk keys every ballot,
    a second scan desk passes every ballot through the scanner again, or a ballot-comparison
    audit of one desk's reading (``daihoi.tally.audit``). A full reading and a second scan are
    reconciled alike: every desk's reading of every ballot, compared."""

    FULL = "full", _("Một bàn khác nhập lại mọi phiếu")
    SECOND_SCAN = "second_scan", _("Quét lại mọi phiếu lần thứ hai (bàn quét thứ hai)")
    COMPARISON_AUDIT = "comparison_audit", _("Kiểm tra đối chiếu phiếu theo giới hạn rủi ro")


class AuditOutcome(models.TextChoices):
    CONFIRMED = "confirmed", _("Không có sai khác: kết quả của bàn được kiểm tra được xác nhận")
    ESCALATED = "escalated", _("Có sai khác: nhập lại toàn bộ phiếu")


class SecondReading(models.Model):
    """The board head's choice of the round's second reading and, for a ballot-comparison audit,
    its draw and its conclusion. Without a row the round is read by ``teams_required`` desks
    keying every ballot (the default).

    The audit checks the reading of one desk (``audited_desk``: in practice the scan desk) by
    a blind reading of a random sample of the paper ballots at another desk (``audit_desk``):
    the sample is drawn once, with a seed the board rolls with dice; any difference escalates
    to a full second reading. The figures are stored as the draw computed them."""

    round = models.OneToOneField(Round, on_delete=models.CASCADE, related_name="second_reading")
    method = models.CharField(max_length=20, choices=SecondReadingMethod.choices,
                              default=SecondReadingMethod.FULL)
    #: In percent (``tally.audit.RISK_LIMIT_MIN_PERCENT``..``_MAX_PERCENT``).
    risk_limit = models.PositiveSmallIntegerField(default=RISK_LIMIT_DEFAULT_PERCENT)
    audited_desk = models.ForeignKey(EntryDesk, on_delete=models.RESTRICT, null=True, blank=True,
                                     related_name="+")
    audit_desk = models.ForeignKey(EntryDesk, on_delete=models.RESTRICT, null=True, blank=True,
                                   related_name="+")
    chosen_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  null=True, blank=True, related_name="+")
    chosen_at = models.DateTimeField(null=True, blank=True)
    # The draw (``audit_draw``).
    seed = models.CharField(max_length=100, blank=True)
    ballots = models.PositiveIntegerField(null=True, blank=True)
    margin = models.PositiveIntegerField(null=True, blank=True)
    #: ``tally.Margin``: {"kind": …, "candidates": [positions]}.
    margin_detail = models.JSONField(default=dict, blank=True)
    #: mu = margin / ballots, as stored for the minutes (the size was computed exactly).
    diluted_margin = models.DecimalField(max_digits=9, decimal_places=8, null=True, blank=True)
    sample_size = models.PositiveIntegerField(null=True, blank=True)
    #: The counting numbers drawn, smallest ticket first (empty when a full reading is needed).
    serials = models.JSONField(default=list, blank=True)
    #: The draw found that only a full second reading can confirm the result (a tie, or a
    #: sample as large as the ballots).
    full_required = models.BooleanField(default=False)
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+")
    drawn_at = models.DateTimeField(null=True, blank=True)
    # The conclusion (``audit_conclude``).
    outcome = models.CharField(max_length=20, choices=AuditOutcome.choices, blank=True)
    #: The sampled counting numbers the two desks read differently.
    discrepancies = models.JSONField(default=list, blank=True)
    concluded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+")
    concluded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(risk_limit__gte=RISK_LIMIT_MIN_PERCENT)
                                   & models.Q(risk_limit__lte=RISK_LIMIT_MAX_PERCENT),
                                   name="second_reading_risk_limit_1_10"),
            models.CheckConstraint(
                condition=~models.Q(method="comparison_audit") | (
                    models.Q(audited_desk__isnull=False) & models.Q(audit_desk__isnull=False)
                    & ~models.Q(audited_desk=models.F("audit_desk"))),
                name="second_reading_two_desks"),
        ]

    def __str__(self) -> str:
        return str(SecondReadingMethod(self.method).label)

    @property
    def is_audit(self) -> bool:
        return self.method == SecondReadingMethod.COMPARISON_AUDIT

    @property
    def drawn(self) -> bool:
        return self.drawn_at is not None

    @property
    def escalated(self) -> bool:
        """The audit asks for a full second reading: found at the draw (a tie, or a sample as
        large as the ballots) or from a sampled ballot read differently."""
        return self.full_required or self.outcome == AuditOutcome.ESCALATED

    @property
    def active(self) -> bool:
        """The round is checked by the audit (not, or not yet, by a full second reading)."""
        return self.is_audit and not self.escalated
