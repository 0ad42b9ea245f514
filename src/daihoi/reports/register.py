"""What the office can issue from a congress's printed documents (the register of outgoing
documents, ``congress.register``): each document with what still blocks its issue, the summary
(trích yếu) proposed for the register and where to print it.

It reads the congress, delegates, elections, personnel and documents apps and writes nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from daihoi.congress.models import Congress, OutgoingDocument, OutgoingKind, ProgrammeItem
from daihoi.delegates.models import CredentialsConclusion, Delegate
from daihoi.documents.models import Document
from daihoi.elections.models import ElectionBody, Round, RoundStatus
from daihoi.personnel.models import PersonnelPlan
from daihoi.reports.resolution import resolution_state


@dataclass
class Issuable:
    """One printed document of the congress, issued (``entry``) or not."""

    kind: str
    ref: int
    summary: str
    pdf_url: str
    blockers: list[Any] = field(default_factory=list)  # str or lazy, in the page's language
    entry: OutgoingDocument | None = None

    @property
    def label(self) -> str:
        return str(OutgoingKind(self.kind).label)


def _documents(congress: Congress) -> list[Issuable]:
    title = congress.title
    out: list[Issuable] = []
    programme = Issuable(OutgoingKind.PROGRAMME, 0, f"Chương trình làm việc của {title}",
                         reverse("congress:programme_pdf", args=[congress.pk]))
    if not ProgrammeItem.objects.filter(congress=congress).exists():
        programme.blockers.append(_("Chương trình chưa có nội dung nào."))
    out.append(programme)
    if Delegate.objects.filter(congress=congress).exists():
        credentials = Issuable(OutgoingKind.CREDENTIALS, 0,
                               f"Báo cáo thẩm tra tư cách đại biểu dự {title}",
                               reverse("delegates:credentials_pdf", args=[congress.pk]))
        if not CredentialsConclusion.objects.filter(congress=congress).exists():
            credentials.blockers.append(_("Ban Thẩm tra chưa ghi kết luận."))
        out.append(credentials)
    rounds = (Round.objects.filter(election__congress=congress)
              .select_related("election").order_by("election__position", "election_id",
                                                   "sequence"))
    for rnd in rounds:
        counted = rnd.result is not None or rnd.status == RoundStatus.VOID
        if not counted:
            continue
        kind = (OutgoingKind.CONFERENCE_MINUTES if rnd.election.body == ElectionBody.CONFERENCE
                else OutgoingKind.MINUTES)
        out.append(Issuable(kind, rnd.pk,
                            f"Biên bản kiểm phiếu {rnd.election.title}, lần bỏ phiếu thứ "
                            f"{rnd.sequence}",
                            reverse("elections:minutes_pdf", args=[rnd.pk])))
    for plan in PersonnelPlan.objects.filter(congress=congress).order_by("pk"):
        out.append(Issuable(OutgoingKind.PERSONNEL_PLAN, plan.pk,
                            f"{plan.get_kind_display()} ({plan.name})",
                            reverse("personnel:plan_pdf", args=[plan.pk])))
    for document in Document.objects.filter(congress=congress).order_by("pk"):
        if document.versions.exists():
            out.append(Issuable(OutgoingKind.REPORT, document.pk,
                                f"Báo cáo tổng hợp ý kiến góp ý vào {document.title}",
                                reverse("documents:summary_pdf", args=[document.pk])))
    resolution = Issuable(OutgoingKind.RESOLUTION, 0, f"Nghị quyết {title}",
                          reverse("reports:resolution_pdf", args=[congress.pk]))
    out.append(resolution)
    return out


def issuables(congress: Congress) -> list[Issuable]:
    """Every document of ``congress`` that the office issues, in the order of the congress."""
    with translation.override("vi"):  # the summaries are the register's text, in Vietnamese
        out = _documents(congress)
    # what blocks an issue, in the language of the page
    for item in out:
        if item.kind == OutgoingKind.RESOLUTION:
            item.blockers.extend(resolution_state(congress).missing)
    entries = {(e.kind, e.ref): e for e in OutgoingDocument.objects.filter(congress=congress)}
    for item in out:
        item.entry = entries.get((item.kind, item.ref))
    return out


def issuable(congress: Congress, kind: str, ref: int) -> Issuable | None:
    return next((i for i in issuables(congress) if (i.kind, i.ref) == (kind, ref)), None)
