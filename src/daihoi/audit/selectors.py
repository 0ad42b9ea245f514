"""Reads of the audit log for the office: an organization's entries, newest first, filtered by
area and text; and the chain's state (verified, cached until the next write)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from daihoi.audit.models import AuditEntry
from daihoi.audit.services import audit_verify
from daihoi.core.cache import cached_until_next_write
from daihoi.roster.models import Organization

#: Areas of the log, by the prefix of their actions.
AREAS = {
    "roster": _("Tổ chức, đảng viên"),
    "congress": _("Chuẩn bị đại hội"),
    "documents": _("Văn kiện, ý kiến"),
    "personnel": _("Nhân sự"),
    "delegates": _("Đại biểu, ngày đại hội"),
    "election": _("Bầu cử, kiểm phiếu"),
}


def entries_for(org: Organization, *, area: str = "", query: str = "",
                actor: str = "") -> QuerySet[AuditEntry]:
    """The entries recorded for ``org`` and the organizations below it, newest first; ``actor``
    is a user name."""
    qs = AuditEntry.objects.filter(organization__path__startswith=org.path)
    if area in AREAS:
        qs = qs.filter(action__startswith=f"{area}.")
    for word in query.split():
        qs = qs.filter(Q(summary__icontains=word) | Q(action__icontains=word))
    if actor.strip():
        qs = qs.filter(actor_name__iexact=actor.strip())
    return qs.select_related("organization").order_by("-seq")


@dataclass(frozen=True)
class ChainState:
    entries: int
    problems: list[tuple[int, str]]

    @property
    def intact(self) -> bool:
        return not self.problems


#: A tampering done in the database directly is not a write of daihoi's: the chain is checked
#: again after this many seconds even without one.
CHAIN_CHECK_SECONDS = 60


def chain_state() -> ChainState:
    """The whole chain recomputed (``daihoi audit verify``), at most a minute old."""

    def verify() -> ChainState:
        count, problems = audit_verify()
        return ChainState(count, [(p.seq, p.problem) for p in problems[:20]])

    return cached_until_next_write("audit-chain", verify, timeout=CHAIN_CHECK_SECONDS)
