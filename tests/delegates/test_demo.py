"""The demo: the 9-seat committee plan that passes the 2020–2025 targets, a variant that fails
one with the reason, the delegates' plan, and the delegate list ready for check-in; built twice,
the same."""

from __future__ import annotations

from typing import Any

from daihoi.audit.models import AuditEntry
from daihoi.congress.demo import build_demo_congress
from daihoi.delegates.demo import build_demo_delegates
from daihoi.delegates.models import (
    AttendanceSession,
    CheckIn,
    Delegate,
    DelegateSource,
    DelegateStatus,
)
from daihoi.delegates.selectors import (
    credentials_report,
    threshold_base_for,
    threshold_breakdown_for,
)
from daihoi.personnel.demo import build_demo_personnel
from daihoi.personnel.models import PlanCandidate
from daihoi.personnel.selectors import plan_view
from daihoi.roster.demo import build_demo_roster
from daihoi.tally import Deduction


def test_the_demo_builds_plans_and_delegates_idempotently(db: Any) -> None:
    build_demo_roster()
    build_demo_congress()
    good, failing, delegates_plan = build_demo_personnel()
    congress = build_demo_delegates()
    counts = (PlanCandidate.objects.count(), Delegate.objects.count(),
              AttendanceSession.objects.count())
    assert build_demo_personnel()[0].pk == good.pk
    entries = AuditEntry.objects.count()
    build_demo_delegates()
    assert AuditEntry.objects.count() == entries  # built again: nothing written, nothing logged
    assert (PlanCandidate.objects.count(), Delegate.objects.count(),
            AttendanceSession.objects.count()) == counts

    good_view, failing_view = plan_view(good), plan_view(failing)
    assert good.seats == 9
    assert len(good_view.rows) == 10
    assert good_view.report.passed, good_view.report.failures
    assert not failing_view.report.passed
    assert any("Tỷ lệ cán bộ nữ" in f for f in failing_view.report.failures)
    assert plan_view(delegates_plan).report.passed

    sources = set(Delegate.objects.filter(congress=congress).values_list("source", flat=True))
    assert {DelegateSource.ELECTED, DelegateSource.EX_OFFICIO} <= sources
    assert not CheckIn.objects.filter(session__congress=congress).exists()
    summoned = threshold_base_for(congress).summoned
    assert summoned == credentials_report(congress).stats.total > 100

    # the pilot cell congress, a members' congress, as it was run
    pilot = congress.cell_congresses.get(is_pilot=True)
    detail = threshold_breakdown_for(pilot)
    roll = Delegate.objects.filter(congress=pilot)
    assert detail.base.summoned == roll.count() > 5
    assert dict(detail.base.deductions)[Deduction.ABSENT_WHOLE_CONGRESS_APPROVED] == 1
    assert roll.filter(status=DelegateStatus.ABSENT_APPROVED).count() == 1
    assert CheckIn.objects.filter(session__congress=pilot).count() == roll.count() - 1 - sum(
        n for k, n in detail.base.deductions.items()
        if k != Deduction.ABSENT_WHOLE_CONGRESS_APPROVED)
