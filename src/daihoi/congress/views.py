"""Preparing the congress: the record and programme, the cell congresses with the pilot first,
the sub-committees and tasks, the timeline. Thin views: fetch through the permission-checked
helpers of ``access``, validate with forms, write through ``services``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from daihoi import clock
from daihoi.congress import access, selectors, services, slots
from daihoi.congress.forms import (
    AttachmentForm,
    CongressForm,
    LessonForm,
    ProgrammeItemForm,
    ResultsForm,
    ScheduleForm,
    SubCommitteeForm,
    SubCommitteeMemberForm,
    TaskForm,
    TaskStatusForm,
)
from daihoi.congress.models import (
    CellCongressResult,
    Congress,
    CongressStatus,
    ProgrammeItem,
    ResultRole,
    SubCommittee,
    SubCommitteeMember,
    Task,
    TaskAttachment,
)
from daihoi.congress.printing import programme_docx, programme_pdf
from daihoi.core.access import signed_in
from daihoi.core.errors import IllegalTransitionError, ServiceError, form_status, show_on_form
from daihoi.core.http import DOCX, PDF, attachment
from daihoi.core.once import create_once
from daihoi.roster.access import scope_for
from daihoi.roster.models import Member


def _form_error(request: HttpRequest, form: Any, exc: ServiceError) -> None:
    if form is not None:
        show_on_form(form, exc)
    else:
        messages.error(request, exc.message)


def _committee_congress(request: HttpRequest, pk: int, *, manage: bool = False) -> Congress:
    congress = access.get_congress_for_user(request.user, pk, manage=manage)
    if congress.part_of_id is not None:
        raise Http404
    return congress


def _committee_members(congress: Congress) -> Any:
    return Member.objects.filter(cell__path__startswith=congress.organization.path).select_related(
        "cell").order_by("sort_key")


@signed_in
def congress_list(request: HttpRequest) -> HttpResponse:
    member_id = scope_for(request.user).member_id
    my_tasks = Task.objects.filter(owner_id=member_id).select_related("congress__organization") \
        .order_by("status", "deadline") if member_id is not None else Task.objects.none()
    return render(request, "congress/congress_list.html", {
        "congresses": access.congresses_visible_to(request.user), "my_tasks": my_tasks,
        "today": clock.today()})


@signed_in
def overview(request: HttpRequest, congress_pk: int) -> HttpResponse:
    congress = access.get_congress_for_user(request.user, congress_pk)
    if congress.part_of_id is not None:
        return redirect("congress:cell_congress", congress_pk=congress.pk)
    today = clock.today()
    tasks = list(Task.objects.filter(congress=congress))
    return render(request, "congress/overview.html", {
        "congress": congress,
        "can_manage": access.can_manage_congress(request.user, congress),
        "progress": selectors.cell_progress(congress, today),
        "programme": ProgrammeItem.objects.filter(congress=congress).order_by("starts_at", "id"),
        "subcommittees": SubCommittee.objects.filter(congress=congress),
        "tasks_total": len(tasks),
        "tasks_done": sum(1 for t in tasks if t.status == "done"),
        "tasks_overdue": sum(1 for t in tasks if t.is_overdue(today)),
        "documents": slots.documents_overview(request.user, congress),
        "summary_due": slots.summary_due(congress, today),
    })


@signed_in
def congress_edit(request: HttpRequest, congress_pk: int) -> HttpResponse:
    congress = _committee_congress(request, congress_pk, manage=True)
    form = CongressForm(request.POST or None, instance=Congress.objects.get(pk=congress.pk),
                        initial={"version": congress.version})
    status = 200
    if request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.congress_update(actor=request.user, congress=congress,
                                     expected_version=form.cleaned_data["version"],
                                     changes=changes)
        except ServiceError as exc:
            _form_error(request, form, exc)
            status = form_status(exc)
        else:
            messages.success(request, gettext("Đã lưu thông tin đại hội."))
            return redirect("congress:overview", congress_pk=congress.pk)
    return render(request, "congress/congress_form.html", {"congress": congress, "form": form},
                  status=status)


@signed_in
def programme(request: HttpRequest, congress_pk: int) -> HttpResponse:
    congress = _committee_congress(request, congress_pk)
    can_manage = access.can_manage_congress(request.user, congress)
    form = ProgrammeItemForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        if not can_manage:
            raise Http404
        delete = request.POST.get("delete")
        if delete:
            item = ProgrammeItem.objects.filter(congress=congress, pk=delete).first()
            if item is None:
                raise Http404
            services.programme_item_delete(actor=request.user, item=item)
            messages.success(request, gettext("Đã bỏ mục khỏi chương trình."))
            return redirect("congress:programme", congress_pk=congress.pk)
        assert form is not None
        if form.is_valid():
            try:
                create_once(request, lambda: services.programme_item_add(
                    actor=request.user, congress=congress, **form.cleaned_data),
                    lambda _item: reverse("congress:programme", args=[congress.pk]))
            except ServiceError as exc:
                _form_error(request, form, exc)
            else:
                messages.success(request, gettext("Đã thêm vào chương trình."))
                return redirect("congress:programme", congress_pk=congress.pk)
    return render(request, "congress/programme.html", {
        "congress": congress, "can_manage": can_manage, "form": form,
        "items": ProgrammeItem.objects.filter(congress=congress).order_by("starts_at", "id"),
    })


@signed_in
def programme_print(request: HttpRequest, congress_pk: int, fmt: str) -> HttpResponse:
    congress = _committee_congress(request, congress_pk)
    if fmt == "docx":
        return attachment(programme_docx(congress), filename="chuong-trinh-dai-hoi.docx",
                          content_type=DOCX)
    if fmt == "pdf":
        return attachment(programme_pdf(congress), filename="chuong-trinh-dai-hoi.pdf",
                          content_type=PDF, inline=True)
    raise Http404


@signed_in
def cell_congresses(request: HttpRequest, congress_pk: int) -> HttpResponse:
    congress = _committee_congress(request, congress_pk)
    can_manage = access.can_manage_congress(request.user, congress)
    if request.method == "POST":
        if not can_manage:
            raise Http404
        try:
            created = services.cell_congresses_create(actor=request.user, congress=congress)
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, ngettext(
                "Đã lập %(n)s đại hội chi bộ.", "Đã lập %(n)s đại hội chi bộ.",
                len(created)) % {"n": len(created)})
        return redirect("congress:cell_congresses", congress_pk=congress.pk)
    progress = selectors.cell_progress(congress, clock.today())
    context = {"congress": congress, "progress": progress, "can_manage": can_manage,
               "lessons": selectors.pilot_lessons(congress)}
    if request.headers.get("HX-Request"):
        return render(request, "congress/_fragments/cell_progress.html", context)
    return render(request, "congress/cell_congresses.html", context)


@signed_in
def cell_congress(request: HttpRequest, congress_pk: int) -> HttpResponse:
    cc = access.get_congress_for_user(request.user, congress_pk)
    if cc.part_of_id is None:
        return redirect("congress:overview", congress_pk=cc.pk)
    can_manage = access.can_manage_congress(request.user, cc)
    can_report = access.can_submit_cell_results(request.user, cc)
    schedule_form = ScheduleForm(initial={"opens_at": cc.opens_at, "venue": cc.venue})
    lesson_form = LessonForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "schedule" and can_report:
                schedule_form = ScheduleForm(request.POST)
                if schedule_form.is_valid():
                    services.cell_congress_schedule(actor=request.user, cell_congress=cc,
                                                    **schedule_form.cleaned_data)
                    messages.success(request, gettext("Đã ghi lịch đại hội."))
                    return redirect("congress:cell_congress", congress_pk=cc.pk)
            elif action == "held" and can_report:
                services.cell_congress_mark_held(actor=request.user, cell_congress=cc)
                messages.success(request, gettext("Đã ghi nhận chi bộ đã tổ chức đại hội."))
                return redirect("congress:cell_congress", congress_pk=cc.pk)
            elif action == "lesson" and can_manage:
                lesson_form = LessonForm(request.POST)
                if lesson_form.is_valid():
                    services.pilot_lesson_add(actor=request.user, pilot=cc,
                                              **lesson_form.cleaned_data)
                    messages.success(request, gettext("Đã ghi bài học kinh nghiệm."))
                    return redirect("congress:cell_congress", congress_pk=cc.pk)
            elif action == "pilot" and can_manage:
                assert cc.part_of is not None
                services.cell_congress_set_pilot(actor=request.user, congress=cc.part_of,
                                                 cell_congress=cc)
                messages.success(request, gettext("Đã chọn chi bộ tổ chức đại hội điểm."))
                return redirect("congress:cell_congress", congress_pk=cc.pk)
            else:
                raise Http404
        except IllegalTransitionError as exc:
            messages.error(request, exc.message)
            return render(request, "congress/cell_congress.html", _cell_context(
                request, cc, can_manage, can_report, schedule_form, lesson_form), status=409)
        except ServiceError as exc:
            messages.error(request, exc.message)
    return render(request, "congress/cell_congress.html", _cell_context(
        request, cc, can_manage, can_report, schedule_form, lesson_form))


def _cell_context(request: HttpRequest, cc: Congress, can_manage: bool, can_report: bool,
                  schedule_form: Any, lesson_form: Any) -> dict[str, Any]:
    results = list(CellCongressResult.objects.filter(congress=cc).select_related("member"))
    return {
        "cc": cc, "can_manage": can_manage, "can_report": can_report,
        "schedule_form": schedule_form, "lesson_form": lesson_form,
        "issues_before_hold": services.issues_before_hold(cc)
        if cc.status == CongressStatus.PLANNED else [],
        "results": results,
        "lessons": selectors.pilot_lessons(cc),
        "late": selectors.is_late(cc, clock.today()),
    }


@signed_in
def cell_results(request: HttpRequest, congress_pk: int) -> HttpResponse:
    cc = access.get_congress_for_user(request.user, congress_pk)
    if not access.can_submit_cell_results(request.user, cc):
        raise Http404
    members = Member.objects.filter(cell=cc.organization).select_related("cell").order_by(
        "sort_key")
    current = {r: [x.member_id for x in CellCongressResult.objects.filter(congress=cc, role=r)]
               for r in ResultRole.values}
    form = ResultsForm(request.POST or None, members=members, initial={
        "secretary": next(iter(current[ResultRole.SECRETARY]), None),
        "deputy": next(iter(current[ResultRole.DEPUTY_SECRETARY]), None),
        "committee": current[ResultRole.COMMITTEE], "delegates": current[ResultRole.DELEGATE],
        "alternates": current[ResultRole.ALTERNATE], "note": cc.results_note,
    })
    status = 200
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.cell_congress_submit_results(
                actor=request.user, cell_congress=cc, secretary=d["secretary"],
                deputy=d["deputy"], committee=list(d["committee"]),
                delegates=list(d["delegates"]), alternates=list(d["alternates"]), note=d["note"])
        except ServiceError as exc:
            _form_error(request, form, exc)
            status = form_status(exc)
        else:
            messages.success(request, gettext("Đã báo cáo kết quả đại hội chi bộ."))
            return redirect("congress:cell_congress", congress_pk=cc.pk)
    return render(request, "congress/cell_results.html", {"cc": cc, "form": form},
                  status=status)


@signed_in
def subcommittees(request: HttpRequest, congress_pk: int) -> HttpResponse:
    congress = _committee_congress(request, congress_pk)
    can_manage = access.can_manage_congress(request.user, congress)
    subs = SubCommittee.objects.filter(congress=congress)
    members = _committee_members(congress)
    sub_form = SubCommitteeForm(prefix="sub")
    member_form = SubCommitteeMemberForm(prefix="mem", members=members)
    task_form = TaskForm(prefix="task", subcommittees=subs, members=members)
    if request.method == "POST":
        if not can_manage:
            raise Http404
        action = request.POST.get("action")
        try:
            if action == "subcommittee":
                sub_form = SubCommitteeForm(request.POST, prefix="sub")
                if sub_form.is_valid():
                    data = sub_form.cleaned_data
                    create_once(request, lambda: services.subcommittee_create(
                        actor=request.user, congress=congress, **data),
                        lambda _sub: reverse("congress:subcommittees", args=[congress.pk]))
                    messages.success(request, gettext("Đã thành lập tiểu ban."))
                    return redirect("congress:subcommittees", congress_pk=congress.pk)
            elif action == "member":
                sub = subs.filter(pk=request.POST.get("subcommittee") or 0).first()
                member_form = SubCommitteeMemberForm(request.POST, prefix="mem", members=members)
                if sub is None:
                    raise Http404
                if member_form.is_valid():
                    services.subcommittee_member_add(actor=request.user, subcommittee=sub,
                                                     **member_form.cleaned_data)
                    messages.success(request, gettext("Đã thêm thành viên tiểu ban."))
                    return redirect("congress:subcommittees", congress_pk=congress.pk)
            elif action == "task":
                task_form = TaskForm(request.POST, prefix="task", subcommittees=subs,
                                     members=members)
                if task_form.is_valid():
                    data = task_form.cleaned_data
                    create_once(request, lambda: services.task_create(
                        actor=request.user, congress=congress, **data),
                        lambda task: reverse("congress:task_detail", args=[task.pk]))
                    messages.success(request, gettext("Đã giao nhiệm vụ."))
                    return redirect("congress:subcommittees", congress_pk=congress.pk)
            else:
                raise Http404
        except ServiceError as exc:
            messages.error(request, exc.message)
    today = clock.today()
    memberships = SubCommitteeMember.objects.filter(subcommittee__congress=congress) \
        .select_related("member__cell")
    tasks = list(Task.objects.filter(congress=congress).select_related("owner", "subcommittee")
                 .prefetch_related("attachments").order_by("deadline", "id"))
    return render(request, "congress/subcommittees.html", {
        "congress": congress, "can_manage": can_manage, "today": today,
        "subcommittees": [(s, [m for m in memberships if m.subcommittee_id == s.pk],
                           [t for t in tasks if t.subcommittee_id == s.pk]) for s in subs],
        "unassigned": [t for t in tasks if t.subcommittee_id is None],
        "responsibilities": selectors.responsibilities(congress),
        "overdue": [t for t in tasks if t.is_overdue(today)],
        "sub_form": sub_form, "member_form": member_form, "task_form": task_form,
        "my_member_id": scope_for(request.user).member_id,
    })


@signed_in
def task_detail(request: HttpRequest, task_pk: int) -> HttpResponse:
    task, may_update = access.get_task_for_user(request.user, task_pk)
    status_form = TaskStatusForm(initial={"status": task.status})
    attach_form = AttachmentForm()
    if request.method == "POST":
        if not may_update:
            raise Http404
        try:
            if request.POST.get("action") == "status":
                status_form = TaskStatusForm(request.POST)
                if status_form.is_valid():
                    services.task_set_status(actor=request.user, task=task,
                                             status=status_form.cleaned_data["status"])
                    messages.success(request, gettext("Đã cập nhật tình trạng."))
                    return redirect("congress:task_detail", task_pk=task.pk)
            elif request.POST.get("action") == "attach":
                attach_form = AttachmentForm(request.POST, request.FILES)
                if attach_form.is_valid():
                    services.task_attach(actor=request.user, task=task,
                                         upload=attach_form.cleaned_data["file"])
                    messages.success(request, gettext("Đã đính kèm tệp."))
                    return redirect("congress:task_detail", task_pk=task.pk)
            else:
                raise Http404
        except IllegalTransitionError as exc:
            messages.error(request, exc.message)
            status = 409
            return render(request, "congress/task_detail.html", {
                "task": task, "may_update": may_update, "status_form": status_form,
                "attach_form": attach_form, "today": clock.today()}, status=status)
        except ServiceError as exc:
            messages.error(request, exc.message)
    return render(request, "congress/task_detail.html", {
        "task": task, "may_update": may_update, "status_form": status_form,
        "attach_form": attach_form, "today": clock.today(),
        "overdue": task.is_overdue(clock.today()),
    })


@signed_in
def task_attachment(request: HttpRequest, task_pk: int, attachment_pk: int) -> FileResponse:
    task, _ = access.get_task_for_user(request.user, task_pk)
    att = TaskAttachment.objects.filter(task=task, pk=attachment_pk).first()
    if att is None:
        raise Http404
    return FileResponse(att.file.open("rb"), as_attachment=True, filename=att.name)


@signed_in
def preparation_timeline(request: HttpRequest, congress_pk: int) -> HttpResponse:
    congress = _committee_congress(request, congress_pk)
    today = clock.today()
    return render(request, "congress/timeline.html", {
        "congress": congress, "today": today,
        "events": selectors.timeline(congress, today),
    })
