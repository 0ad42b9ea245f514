"""The congress's delegates and the congress day. Thin views: fetch through ``access`` (404
outside the office's organization), validate with forms, write through ``services``."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, ngettext, pgettext

from daihoi import clock
from daihoi.congress.models import CongressKind
from daihoi.core import bounds
from daihoi.core.access import signed_in
from daihoi.core.errors import IllegalTransitionError, ServiceError, show_on_form
from daihoi.core.http import DOCX, PDF, attachment
from daihoi.core.once import create_once
from daihoi.delegates import access, selectors, services
from daihoi.delegates.forms import (
    ConclusionForm,
    DelegateAddForm,
    QuorumForm,
    SessionForm,
    VoteForm,
)
from daihoi.delegates.models import (
    AttendanceSession,
    CheckIn,
    Delegate,
    DelegateStatus,
    TemporaryElsewherePolicy,
)
from daihoi.delegates.printing import (
    badges_pdf,
    credentials_docx,
    credentials_missing,
    credentials_pdf,
    report_rows,
)


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


@signed_in
def delegate_list(request: HttpRequest, congress_pk: int) -> HttpResponse:
    congress = access.get_day_congress_for_user(request.user, congress_pk)
    form = DelegateAddForm(None, congress=congress)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "import":
                n = services.delegates_import_from_cells(actor=request.user, congress=congress)
                messages.success(request, ngettext(
                    "Đã thêm %(n)s đại biểu từ kết quả đại hội chi bộ.",
                    "Đã thêm %(n)s đại biểu từ kết quả đại hội chi bộ.", n) % {"n": n})
                return redirect("delegates:delegate_list", congress_pk=congress.pk)
            if request.POST.get("action") == "roll":
                n = services.members_roll_build(actor=request.user, congress=congress)
                messages.success(request, ngettext(
                    "Đã thêm %(n)s đảng viên vào danh sách triệu tập.",
                    "Đã thêm %(n)s đảng viên vào danh sách triệu tập.", n) % {"n": n})
                return redirect("delegates:delegate_list", congress_pk=congress.pk)
            form = DelegateAddForm(request.POST, congress=congress)
            if form.is_valid():
                d = services.delegate_add(actor=request.user, congress=congress,
                                          member=form.cleaned_data["member"],
                                          source=form.cleaned_data["source"])
                messages.success(request, gettext("Đã thêm đại biểu %(name)s.") % {
                    "name": d.member.full_name})
                return redirect("delegates:delegate_list", congress_pk=congress.pk)
        except ServiceError as exc:
            show_on_form(form, exc)
    delegates = list(Delegate.objects.filter(congress=congress).select_related(
        "member", "member__cell", "replaces__member").annotate(
        sessions_attended=Count("check_ins")).order_by("number"))
    reserve = [d for d in delegates if d.status == DelegateStatus.RESERVE]
    # only a cell congress with an alternate left can replace its absent delegates.
    reserve_bodies = {d.elected_by_id for d in reserve if d.elected_by_id is not None}
    return render(request, "delegates/delegate_list.html", {
        "congress": congress, "delegates": delegates, "reserve": reserve, "form": form,
        "reserve_bodies": reserve_bodies,
        "check_in_opened": services.check_in_opened(congress),
        "sessions": AttendanceSession.objects.filter(congress=congress),
        "members_congress": congress.kind == CongressKind.MEMBERS})


@signed_in
def delegate_replace(request: HttpRequest, delegate_pk: int) -> HttpResponse:
    """R-072: a confirmation page naming the absent delegate and the alternate who takes the
    seat (the next in rank elected by the same cell congress); the seat changes on POST only.
    An alternate of another cell, or out of rank, is refused (409) with nothing written."""
    absent = access.get_delegate_for_user(request.user, delegate_pk)
    if request.method == "POST":
        alternate = Delegate.objects.filter(pk=request.POST.get("alternate") or 0,
                                            congress=absent.congress).first()
        if alternate is None:
            messages.error(request, gettext("Chọn một đại biểu dự khuyết của đại hội này."))
            return redirect("delegates:delegate_list", congress_pk=absent.congress_id)
        try:
            services.delegate_replace(actor=request.user, absent=absent, alternate=alternate)
        except IllegalTransitionError as exc:
            messages.error(request, exc.message)
            return render(request, "delegates/replace.html", {
                "absent": absent, "alternate": services.next_alternate_for(absent),
                "congress": absent.congress}, status=409)
        messages.success(request, gettext("%(alternate)s thay %(absent)s.") % {
            "alternate": alternate.member.full_name, "absent": absent.member.full_name})
        return redirect("delegates:delegate_list", congress_pk=absent.congress_id)
    return render(request, "delegates/replace.html", {
        "absent": absent, "alternate": services.next_alternate_for(absent),
        "congress": absent.congress})


@signed_in
def delegate_replace_undo(request: HttpRequest, delegate_pk: int) -> HttpResponse:
    """Undo a replacement (the alternate ``delegate_pk`` goes back to the reserve, the absent
    delegate is summoned again) while check-in has not opened: a page naming both and the
    consequence; only its own button writes."""
    alternate = access.get_delegate_for_user(request.user, delegate_pk)
    if request.method == "POST":
        try:
            absent = services.delegate_replace_undo(actor=request.user, alternate=alternate)
        except IllegalTransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, gettext(
                "Đã hoàn tác: %(absent)s được triệu tập trở lại, %(alternate)s trở lại dự "
                "khuyết.") % {"absent": absent.member.full_name,
                              "alternate": alternate.member.full_name})
        return redirect("delegates:delegate_list", congress_pk=alternate.congress_id)
    return render(request, "delegates/replace_undo.html", {
        "congress": alternate.congress, "alternate": alternate, "absent": alternate.replaces,
        "issues": services.issues_before_replace_undo(alternate)})


@signed_in
def delegate_not_summoned(request: HttpRequest, delegate_pk: int) -> HttpResponse:
    """Not summoned cannot be undone here: the list's button (with its reason) leads to a page
    that names the person and the consequence; only its own button writes."""
    delegate = access.get_delegate_for_user(request.user, delegate_pk)
    back = redirect("delegates:delegate_list", congress_pk=delegate.congress_id)
    if request.method != "POST":
        return back
    reason = request.POST.get("reason", "").strip()[:300]
    if not reason:
        messages.error(request, gettext(
            "Cần ghi lý do không triệu tập %(name)s; chưa ghi gì.") % {
                "name": delegate.member.full_name})
        return back
    if request.POST.get("confirm") == "yes":
        try:
            services.delegate_set_not_summoned(actor=request.user, delegate=delegate,
                                               reason=reason)
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, gettext("Đã ghi %(name)s không được triệu tập.") % {
                "name": delegate.member.full_name})
        return back
    summoned = Delegate.objects.filter(congress=delegate.congress,
                                       status=DelegateStatus.SUMMONED).count()
    return render(request, "delegates/confirm_not_summoned.html", {
        "congress": delegate.congress, "delegate": delegate, "reason": reason,
        "summoned": summoned, "summoned_after": summoned - 1,
        "checked_in": delegate.check_ins.exists(),
        "already": delegate.status != DelegateStatus.SUMMONED})


@signed_in
def delegate_absence(request: HttpRequest, delegate_pk: int, approve: bool) -> HttpResponse:
    """R-051d at a members' congress: approve (with its reason) or withdraw an absence."""
    delegate = access.get_delegate_for_user(request.user, delegate_pk)
    if request.method == "POST":
        try:
            if approve:
                services.delegate_absence_approve(actor=request.user, delegate=delegate,
                                                  reason=request.POST.get("reason", ""))
                messages.success(request, gettext(
                    "Đã ghi %(name)s vắng mặt cả đại hội có lý do được chấp thuận.") % {
                        "name": delegate.member.full_name})
            else:
                services.delegate_absence_withdraw(actor=request.user, delegate=delegate)
                messages.success(request, gettext("%(name)s được triệu tập trở lại.") % {
                    "name": delegate.member.full_name})
        except ServiceError as exc:
            messages.error(request, exc.message)
    return redirect("delegates:delegate_list", congress_pk=delegate.congress_id)


@signed_in
def credentials(request: HttpRequest, congress_pk: int) -> HttpResponse:
    congress = access.get_day_congress_for_user(request.user, congress_pk)
    report = selectors.credentials_report(congress)
    existing = getattr(congress, "credentials_conclusion", None)
    form = ConclusionForm(request.POST or None, initial={
        "recognised": existing.recognised if existing else report.stats.total,
        "text": existing.text if existing else ""})
    if request.method == "POST" and form.is_valid():
        try:
            services.credentials_conclude(actor=request.user, congress=congress,
                                          text=form.cleaned_data["text"],
                                          recognised=form.cleaned_data["recognised"])
        except ServiceError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, gettext("Đã ghi kết luận của Ban Thẩm tra."))
            return redirect("delegates:credentials", congress_pk=congress.pk)

    return render(request, "delegates/credentials.html", {
        "congress": congress, "report": report, "rows": report_rows(report), "form": form,
        "conclusion": existing})


@signed_in
def credentials_print(request: HttpRequest, congress_pk: int, fmt: str) -> HttpResponse:
    congress = access.get_day_congress_for_user(request.user, congress_pk)
    missing = credentials_missing(congress)
    if missing:  # never a half-filled report: a page that says what is missing
        return render(request, "delegates/credentials_missing.html",
                      {"congress": congress, "missing": missing})
    report = selectors.credentials_report(congress)
    if fmt == "docx":
        return attachment(credentials_docx(report), filename="tham-tra-tu-cach.docx",
                          content_type=DOCX)
    return attachment(credentials_pdf(report), filename=f"tham-tra-tu-cach.{fmt}",
                      content_type=PDF)


@signed_in
def badges(request: HttpRequest, congress_pk: int) -> HttpResponse:
    congress = access.get_day_congress_for_user(request.user, congress_pk)
    return attachment(badges_pdf(congress), filename="the-dai-bieu.pdf", content_type=PDF)


@signed_in
def sessions(request: HttpRequest, congress_pk: int) -> HttpResponse:
    congress = access.get_day_congress_for_user(request.user, congress_pk)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            create_once(request, lambda: services.session_create(
                actor=request.user, congress=congress, **form.cleaned_data),
                lambda _s: reverse("delegates:sessions", args=[congress.pk]))
        except ServiceError as exc:
            show_on_form(form, exc)
        else:
            return redirect("delegates:sessions", congress_pk=congress.pk)
    quorum_form = QuorumForm(initial={"numerator": selectors.quorum_ratio(congress).numerator,
                                      "denominator":
                                          selectors.quorum_ratio(congress).denominator})
    return render(request, "delegates/sessions.html", {
        "congress": congress, "form": form, "quorum_form": quorum_form,
        "sessions": AttendanceSession.objects.filter(congress=congress).annotate(
            present=Count("check_ins"))})


@signed_in
def desk(request: HttpRequest, congress_pk: int, session_pk: int) -> HttpResponse:
    """The check-in desk: a scan (the QR payload typed by the scanner) or a name search, and one
    step to confirm. HTMX posts answer with the result fragment."""
    congress = access.get_day_congress_for_user(request.user, congress_pk)
    session = access.get_session_for_user(request.user, congress, session_pk)
    result, error = None, None
    if request.method == "POST":
        desk_name = request.POST.get("desk", "")[:40]
        try:
            if request.POST.get("delegate"):
                pk = bounds.ID.parse(request.POST["delegate"],
                                     label=pgettext("field", "Đại biểu"))
                delegate = Delegate.objects.select_related("member").filter(
                    pk=pk, congress=congress).first()
                if delegate is None:
                    raise ServiceError(gettext(
                        "Người này không phải đại biểu của đại hội này; không "
                                       "ghi nhận điểm danh."))
                result = services.delegate_check_in(actor=request.user, session=session,
                                                    delegate=delegate, method="search",
                                                    desk=desk_name)
            else:
                result = services.check_in_by_payload(actor=request.user, session=session,
                                                      payload=request.POST.get("code", ""),
                                                      desk=desk_name)
        except ValueError:
            error = gettext("Yêu cầu không hợp lệ.")
        except ServiceError as exc:
            error = exc.message
    ctx: dict[str, object] = {
        "congress": congress, "session": session, "result": result, "error": error,
        "scanned_at": clock.now() if request.method == "POST" else None,
        "count": CheckIn.objects.filter(session=session).count(),
        "desk_name": request.POST.get("desk") or request.GET.get("ban", "")}
    status = 422 if error else 200
    if _is_htmx(request):
        # The outcome replaces the previous one, and the counter is swapped out of band.
        return render(request, "delegates/_fragments/check_in_result.html",
                      {**ctx, "count_oob": True}, status=status)
    return render(request, "delegates/desk.html", ctx, status=status)


@signed_in
def desk_count(request: HttpRequest, congress_pk: int, session_pk: int) -> HttpResponse:
    """The session's "checked in" counter, polled by every desk so that each sees the others'
    check-ins."""
    congress = access.get_day_congress_for_user(request.user, congress_pk)
    session = access.get_session_for_user(request.user, congress, session_pk)
    return render(request, "delegates/_fragments/checked_count.html", {
        "congress": congress, "session": session,
        "count": CheckIn.objects.filter(session=session).count()})


@signed_in
def desk_search(request: HttpRequest, congress_pk: int, session_pk: int) -> HttpResponse:
    congress = access.get_day_congress_for_user(request.user, congress_pk)
    session = access.get_session_for_user(request.user, congress, session_pk)
    query = request.GET.get("q", "")
    found = list(selectors.search_delegates(congress, query)) if query.strip() else []
    checked = dict(CheckIn.objects.filter(session=session, delegate__in=found).values_list(
        "delegate_id", "at"))
    rows = [(d, checked.get(d.pk)) for d in found]
    return render(request, "delegates/_fragments/search_results.html", {
        "congress": congress, "session": session, "rows": rows, "query": query})


@signed_in
def presence_view(request: HttpRequest, congress_pk: int, session_pk: int) -> HttpResponse:
    congress = access.get_day_congress_for_user(request.user, congress_pk)
    session = access.get_session_for_user(request.user, congress, session_pk)
    if request.method == "POST":
        form = QuorumForm(request.POST)
        if form.is_valid():
            try:
                services.day_policy_set(actor=request.user, congress=congress,
                                        numerator=form.cleaned_data["numerator"],
                                        denominator=form.cleaned_data["denominator"])
            except ServiceError as exc:
                messages.error(request, exc.message)
        else:
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                messages.error(request, gettext("Túc số — %(field)s: %(errors)s") % {
                    "field": label, "errors": " ".join(str(e) for e in errors)})
        return redirect("delegates:presence", congress_pk=congress.pk, session_pk=session.pk)
    try:
        base = selectors.threshold_breakdown_for(congress, session=session)
        base_error = ""
    except (ServiceError, ValueError) as exc:
        base, base_error = None, str(getattr(exc, "message", exc))
    ctx = {"congress": congress, "session": session,
           "presence": selectors.presence(congress, session), "base": base,
           "base_error": base_error,
           "sessions": AttendanceSession.objects.filter(congress=congress)}
    template = ("delegates/_fragments/presence.html" if _is_htmx(request)
                else "delegates/presence.html")
    return render(request, template, ctx)


@signed_in
def threshold_base(request: HttpRequest, congress_pk: int) -> HttpResponse:
    congress = access.get_day_congress_for_user(request.user, congress_pk)
    if request.method == "POST":
        try:
            services.temporary_elsewhere_policy_set(
                actor=request.user, congress=congress,
                value=request.POST.get("temporary_elsewhere", ""))
        except ServiceError as exc:
            messages.error(request, exc.message)
        return redirect("delegates:threshold_base", congress_pk=congress.pk)
    session = None
    if request.GET.get("phien"):
        try:
            session = access.get_session_for_user(
                request.user, congress,
                bounds.ID.parse(request.GET["phien"], label=gettext("Phiên")))
        except ValueError:
            raise Http404 from None
    try:
        base = selectors.threshold_breakdown_for(congress, session=session)
        base_error = ""
    except (ServiceError, ValueError) as exc:
        base, base_error = None, str(getattr(exc, "message", exc))
    return render(request, "delegates/threshold_base.html", {
        "congress": congress, "session": session, "base": base, "base_error": base_error,
        "sessions": AttendanceSession.objects.filter(congress=congress),
        "temporary_elsewhere": selectors.temporary_elsewhere_policy(congress),
        "temporary_choices": TemporaryElsewherePolicy.choices})


@signed_in
def votes(request: HttpRequest, congress_pk: int) -> HttpResponse:
    congress = access.get_day_congress_for_user(request.user, congress_pk)
    form = VoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            create_once(request, lambda: services.show_of_hands_record(
                actor=request.user, congress=congress, **form.cleaned_data),
                lambda _vote: reverse("delegates:votes", args=[congress.pk]))
        except ServiceError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, gettext("Đã ghi kết quả biểu quyết."))
            return redirect("delegates:votes", congress_pk=congress.pk)
    return render(request, "delegates/votes.html", {
        "congress": congress, "form": form,
        "votes": congress.show_of_hands_votes.all()}, status=422 if form.errors else 200)
