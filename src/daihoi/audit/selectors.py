"""Reads of the audit log for the office: an organization's entries, newest first, filtered by
area and text, each as the page shows it (what happened in the reader's language, the sentence
recorded, what changed); and the chain's state (verified, cached until the next write)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from daihoi.audit.actions import ACTIONS, action_label
from daihoi.audit.cache import cached_until_next_write
from daihoi.audit.chain import GENESIS, ChainHead
from daihoi.audit.models import AuditEntry, AuditHead
from daihoi.audit.services import audit_check

#: Areas of the log, by the prefix of their actions.
AREAS = {
    "roster": _("Tổ chức, đảng viên"),
    "congress": _("Chuẩn bị đại hội"),
    "documents": _("Văn kiện, ý kiến"),
    "personnel": _("Nhân sự"),
    "delegates": _("Đại biểu, ngày đại hội"),
    "election": _("Bầu cử, kiểm phiếu"),
}


class InTree(Protocol):
    """An organization as the log sees it: its place in the tree (``Organization.path``). The
    log imports no domain app; an entry holds its organization's id only."""

    path: str


def entries_for(org: InTree, *, area: str = "", query: str = "",
                actor: str = "") -> QuerySet[AuditEntry]:
    """The entries recorded for ``org`` and the organizations below it, newest first; ``actor``
    is a user name. Each word of ``query`` is looked for in the sentence recorded, the action's
    code and its label in the reader's language ("password" finds the password resets)."""
    qs = AuditEntry.objects.filter(organization__path__startswith=org.path)
    if area in AREAS:
        qs = qs.filter(action__startswith=f"{area}.")
    for word in query.split():
        said = [code for code, label in ACTIONS.items() if word.lower() in str(label).lower()]
        qs = qs.filter(Q(summary__icontains=word) | Q(action__icontains=word)
                       | Q(action__in=said))
    if actor.strip():
        qs = qs.filter(actor_name__iexact=actor.strip())
    return qs.select_related("organization").order_by("-seq")


def audit_head() -> ChainHead:
    """The chain's head now: its length and last hash (``head.printed`` is the line printed on
    the counting minutes and the resolution)."""
    row = AuditHead.objects.filter(pk=1).values_list("last_seq", "last_hash").first()
    last = AuditEntry.objects.order_by("-seq").values_list("seq", "hash").first()
    if last is not None and (row is None or last[0] > row[0]):
        return ChainHead(*last)
    return ChainHead(*row) if row is not None else ChainHead(0, GENESIS)


@dataclass(frozen=True)
class ChainState:
    entries: int
    problems: list[tuple[int, str]]
    legacy: int = 0
    head: str = ""

    @property
    def intact(self) -> bool:
        return not self.problems


#: A tampering done in the database directly is not a write of daihoi's: the chain is checked
#: again after this many seconds even without one.
CHAIN_CHECK_SECONDS = 60


def chain_state() -> ChainState:
    """The whole chain recomputed (``daihoi audit verify``), at most a minute old."""

    def verify() -> ChainState:
        result = audit_check()
        return ChainState(result.count, [(p.seq, p.problem) for p in result.problems[:20]],
                          result.legacy, result.head.short if result.head else "")

    return cached_until_next_write("audit-chain", verify, timeout=CHAIN_CHECK_SECONDS)


@dataclass(frozen=True)
class Change:
    """One field an entry changed, as the log page shows it: ``label: before → after``."""

    label: str
    before: str
    after: str


def changes_of(entry: AuditEntry) -> list[Change]:
    """What an entry recorded as changed (its data's ``changed``: field → [before, after]), with
    the field's name and the choices' labels in the reader's language."""
    from django.apps import apps
    from django.core.exceptions import FieldDoesNotExist

    changed = (entry.data or {}).get("changed")
    if not isinstance(changed, dict):
        return []
    model = next((m for m in apps.get_models() if m.__name__ == entry.object_type), None)
    out = []
    for name, values in changed.items():
        before, after = [*values, "", ""][:2] if isinstance(values, list) else ("", values)
        label, choices = name, {}
        if model is not None:
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                field = None
            if field is not None:
                label = str(getattr(field, "verbose_name", name))
                choices = {str(k): str(v) for k, v in (getattr(field, "choices", None) or [])}
        out.append(Change(label[:1].upper() + label[1:], choices.get(str(before), str(before)),
                          choices.get(str(after), str(after))))
    return out


@dataclass(frozen=True)
class LogRow:
    """One entry as the log page shows it: ``what`` happened (the action's label, in the
    reader's language), the entry itself (its ``summary`` is the Vietnamese sentence recorded
    with it, shown as recorded) and what it changed."""

    entry: AuditEntry
    what: str
    changes: list[Change]


def log_rows(entries: Iterable[AuditEntry]) -> list[LogRow]:
    return [LogRow(e, action_label(e.action), changes_of(e)) for e in entries]
