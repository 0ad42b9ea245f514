"""In-app notifications, derived at read time: nothing is written when an opinion is answered or a
task assigned; the reader asks "what concerns me since I last read?". Only the user's read
marker (``NotificationMark``) is stored.

Three kinds:

* **an answered opinion**: the member's own opinions, and for a cell secretary the opinions
  the cell gave after a cell meeting, at the time the sub-committee answered;
* **an assigned task**: a task whose owner is the user's member record, at the time the
  assignment was written to the audit log;
* **a deadline**: a task of the user not done, or a draft sent to the user's cell, from
  ``SOON_DAYS`` days before its deadline (and the day after, once it is missed for a task).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from daihoi.clock import LOCAL_TZ
from daihoi.congress.models import Task, TaskStatus
from daihoi.documents.models import ANSWERED, Answer, Distribution, Opinion
from daihoi.roster.access import scope_for
from daihoi.roster.models import Member
from daihoi.site.models import NotificationMark

#: A deadline is announced this many days before it.
SOON_DAYS = 3
#: The list shows the latest this many.
LIMIT = 50


@dataclass(frozen=True)
class Notification:
    at: dt.datetime
    kind: str  # "answer" | "task" | "deadline" | "overdue"
    text: str
    url: str
    new: bool = False


def read_up_to(user: Any) -> dt.datetime | None:
    return NotificationMark.objects.filter(user_id=user.pk).values_list(
        "read_up_to", flat=True).first()


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=LOCAL_TZ)


def _answers(scope: Any) -> list[Notification]:
    q = Q(member_id=scope.member_id) if scope.member_id is not None else Q(pk__in=[])
    if scope.secretary_cells:
        q |= Q(cell__in=scope.secretary_cells, member__isnull=True)
    out = []
    url = reverse("documents:section", args=[999999999])
    answers = dict(Answer.choices)
    for pk, section_id, heading, title, answer, at in Opinion.objects.filter(q).filter(
            ANSWERED).exclude(answered_at__isnull=True).order_by("-answered_at")[:LIMIT] \
            .values_list("pk", "section_id", "section__heading", "document__title", "answer",
                         "answered_at"):
        assert at is not None  # excluded above
        out.append(Notification(
            at, "answer",
            _("Ý kiến về “%(heading)s” (%(title)s) đã được trả lời: %(answer)s.") % {
                "heading": heading, "title": title, "answer": answers[answer]},
            url.replace("999999999", str(section_id)) + f"#opinion-{pk}"))
    return out


def _tasks(member_id: int | None, now: dt.datetime) -> list[Notification]:
    if member_id is None:
        return []
    from daihoi.audit.models import AuditEntry

    tasks = {t.pk: t for t in Task.objects.filter(owner_id=member_id)}
    if not tasks:
        return []
    out = []
    assigned = dict(AuditEntry.objects.filter(
        action="congress.task_create", object_type="Task",
        object_id__in=[str(pk) for pk in tasks]).values_list("object_id", "at"))
    today = now.astimezone(LOCAL_TZ).date()
    for pk, task in tasks.items():
        url = reverse("congress:task_detail", args=[pk])
        deadline = task.deadline.strftime("%d/%m/%Y")
        at = assigned.get(str(pk))
        if at is not None:
            out.append(Notification(at, "task", _("Đồng chí được giao nhiệm vụ “%(title)s”, hạn "
                                                  "%(day)s.") % {"title": task.title,
                                                                  "day": deadline}, url))
        if task.status == TaskStatus.DONE:
            continue
        soon = _start_of(task.deadline - dt.timedelta(days=SOON_DAYS))
        if soon <= now:
            out.append(Notification(soon, "deadline", _("Sắp đến hạn nhiệm vụ “%(title)s”: "
                                                        "%(day)s.") % {"title": task.title,
                                                                       "day": deadline}, url))
        if task.is_overdue(today):
            out.append(Notification(
                _start_of(task.deadline + dt.timedelta(days=1)), "overdue",
                _("Nhiệm vụ “%(title)s” đã quá hạn (%(day)s).") % {"title": task.title,
                                                                   "day": deadline}, url))
    return out


def _drafts(scope: Any, now: dt.datetime) -> list[Notification]:
    cells = {c.pk for c in scope.secretary_cells}
    if scope.member_id is not None:
        own = Member.objects.filter(pk=scope.member_id).values_list("cell_id", flat=True).first()
        if own is not None:
            cells.add(own)
    out = []
    for dist in Distribution.objects.filter(
            cell_id__in=cells, deadline__gte=now,
            deadline__lte=now + dt.timedelta(days=SOON_DAYS)).select_related("document"):
        local = dist.deadline.astimezone(LOCAL_TZ)
        out.append(Notification(
            max(dist.sent_at, dist.deadline - dt.timedelta(days=SOON_DAYS)), "deadline",
            _("Hạn góp ý “%(title)s”: %(at)s.") % {
                "title": dist.document.title, "at": local.strftime("%H:%M %d/%m/%Y")},
            reverse("documents:detail", args=[dist.document_id])))
    return out


def notifications_for(user: Any, now: dt.datetime) -> list[Notification]:
    """The user's notifications, newest first, each marked new if after the read marker."""
    scope = scope_for(user)
    if scope.member_id is None and not scope.secretary_cells:
        return []  # nothing derived concerns a login without a member record or a cell
    items = [i for i in _answers(scope) + _tasks(scope.member_id, now) + _drafts(scope, now)
             if i.at <= now]
    if not items:
        return []
    mark = read_up_to(user)
    items.sort(key=lambda i: i.at, reverse=True)
    return [Notification(i.at, i.kind, i.text, i.url, mark is None or i.at > mark)
            for i in items[:LIMIT]]


def unread_count(user: Any, now: dt.datetime) -> int:
    return sum(1 for n in notifications_for(user, now) if n.new)
