"""Each person lands on their work: one home page with a part for every role the user holds,
the documents sub-committee's queue of opinions, and the notifications list."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from daihoi import clock
from daihoi.core.access import signed_in
from daihoi.site import homes, services
from daihoi.site.notifications import notifications_for, read_up_to

#: The queue page lists this many opinions per page.
QUEUE_PAGE = 50


@signed_in
def home(request: HttpRequest) -> HttpResponse:
    now = clock.now()
    today = clock.today()
    h = homes.homes_for(request.user, today, now)
    if not homes.any_work(h):
        return HttpResponse(_("Tài khoản này chưa được giao vai trò nào. Hãy liên hệ văn phòng "
                              "đảng ủy."), status=403)
    mark = read_up_to(request.user)
    return render(request, "site/home.html", {
        "h": h, "today": today, "now": now, "read_up_to": mark,
        "notifications": [n for n in notifications_for(request.user, now) if n.new][:5],
    })


@signed_in
def opinion_queue(request: HttpRequest) -> HttpResponse:
    """Opinions waiting for an answer, oldest first, filtered by document, section and cell:
    for the documents sub-committee and the office (who may answer them)."""
    congresses = homes.answering_congresses(request.user)
    if not congresses:
        raise Http404
    base = homes.unanswered(congresses)
    f = homes.queue_filter(request.GET)
    qs = homes.filtered_queue(base, f)
    page = Paginator(qs, QUEUE_PAGE).get_page(request.GET.get("trang"))
    return render(request, "site/opinion_queue.html", {
        "page": page, "filter": f, "choices": homes.queue_choices(base, f),
        "total": base.count(), "shown": page.paginator.count,
    })


@signed_in
def notification_list(request: HttpRequest) -> HttpResponse:
    now = clock.now()
    items = notifications_for(request.user, now)
    return render(request, "site/notifications.html", {
        "items": items, "newest": items[0].at.isoformat() if items else "",
        "unread": sum(1 for n in items if n.new)})


@signed_in
def notifications_read(request: HttpRequest) -> HttpResponse:
    """Mark read up to the newest notification the list showed (a later one stays new)."""
    if request.method != "POST":
        raise Http404
    try:
        up_to = dt.datetime.fromisoformat(request.POST.get("up_to", "")[:40])
    except ValueError:
        up_to = None
    if up_to is None or up_to.tzinfo is None:
        messages.error(request, _("Không rõ đã đọc đến thông báo nào; chưa ghi gì."))
    else:
        services.notifications_mark_read(actor=request.user, up_to=up_to)
        messages.success(request, _("Đã đánh dấu đã đọc."))
    return redirect("homes:notifications")
