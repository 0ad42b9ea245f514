"""Personnel plans: list and create, the plan with its check, candidates, print. Thin views:
fetch through ``access``, validate with forms, write through ``services``."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext

from daihoi.core import bounds
from daihoi.core.access import signed_in
from daihoi.core.errors import ServiceError, show_on_form
from daihoi.core.http import DOCX, PDF, attachment
from daihoi.core.once import create_once
from daihoi.personnel import access, services
from daihoi.personnel.forms import CandidateForm, PlanForm
from daihoi.personnel.printing import plan_docx, plan_pdf
from daihoi.personnel.selectors import default_term_for, plan_view


@signed_in
def plan_list(request: HttpRequest, congress_pk: int) -> HttpResponse:
    congress = access.get_plans_congress_for_user(request.user, congress_pk)
    form = PlanForm(request.POST or None,
                    initial={"term_rules": default_term_for(congress.term_start), "seats": 9})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            plan = create_once(request, lambda: services.plan_create(
                actor=request.user, congress=congress, kind=d["kind"], name=d["name"],
                term_rules=d["term_rules"], level=d["level"], seats=d["seats"],
                alternates=d["alternates"] or 0, note=d["note"]),
                lambda p: reverse("personnel:plan_detail", args=[p.pk]))
        except ServiceError as exc:
            show_on_form(form, exc)
        else:
            return redirect("personnel:plan_detail", plan_pk=plan.pk)
    plans = [plan_view(p) for p in congress.personnel_plans.all()]
    return render(request, "personnel/plan_list.html",
                  {"congress": congress, "plans": plans, "form": form})


@signed_in
def plan_detail(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = access.get_plan_for_user(request.user, plan_pk)
    form = CandidateForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.plan_candidate_add(
                actor=request.user, plan=plan, member=d["member"], reelection=d["reelection"],
                post=d["post"] or "", retirement_month=d["retirement_month"],
                science_technology=d["science_technology"])
        except ServiceError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, gettext("Đã đưa %(name)s vào đề án.") % {
                "name": d["member"].full_name})
            return redirect("personnel:plan_detail", plan_pk=plan.pk)
    view = plan_view(plan)
    template = ("personnel/_fragments/plan_check.html" if request.headers.get("HX-Request")
                else "personnel/plan_detail.html")
    return render(request, template, {"view": view, "plan": plan, "congress": plan.congress,
                                      "form": form},
                  status=422 if form.errors else 200)


@signed_in
def plan_edit(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = access.get_plan_for_user(request.user, plan_pk)
    if request.method != "POST":
        return redirect("personnel:plan_detail", plan_pk=plan.pk)
    try:
        seats = bounds.SEATS.parse(request.POST.get("seats", str(plan.seats)),
                                   label=gettext("Số lượng"))
        alternates = bounds.ALTERNATES.parse(
            request.POST.get("alternates", str(plan.alternates)) or "0",
            label=gettext("Số dự khuyết"))
        services.plan_update(actor=request.user, plan=plan, seats=seats, alternates=alternates,
                             note=request.POST.get("note", plan.note))
    except ValueError as exc:
        messages.error(request, str(exc))
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("personnel:plan_detail", plan_pk=plan.pk)


@signed_in
def candidate_remove(request: HttpRequest, plan_pk: int, candidate_pk: int) -> HttpResponse:
    plan = access.get_plan_for_user(request.user, plan_pk)
    candidate = plan.candidates.select_related("member").filter(pk=candidate_pk).first()
    if candidate is None:
        raise Http404
    if request.method == "POST":
        services.plan_candidate_remove(actor=request.user, candidate=candidate)
        messages.success(request, gettext("Đã bỏ %(name)s khỏi đề án.") % {
            "name": candidate.member.full_name})
    return redirect("personnel:plan_detail", plan_pk=plan.pk)


@signed_in
def plan_print(request: HttpRequest, plan_pk: int, fmt: str) -> HttpResponse:
    plan = access.get_plan_for_user(request.user, plan_pk)
    view = plan_view(plan)
    if fmt == "docx":
        return attachment(plan_docx(view), filename=f"de-an-nhan-su-{plan.pk}.docx",
                          content_type=DOCX)
    return attachment(plan_pdf(view), filename=f"de-an-nhan-su-{plan.pk}.{fmt}",
                      content_type=PDF)
