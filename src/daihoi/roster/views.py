"""Roster pages. Thin: fetch through the scoped selectors, validate with forms, write through
services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext

from daihoi import clock
from daihoi.audit.cache import cached_until_next_write
from daihoi.core.access import requires, signed_in
from daihoi.core.errors import ServiceError, form_status, show_on_form
from daihoi.core.once import create_once
from daihoi.roster import access, selectors, services
from daihoi.roster.access import is_office
from daihoi.roster.choices import MemberStatus, OrgKind
from daihoi.roster.forms import MemberForm, MoveForm, StatusForm
from daihoi.roster.models import Agency, Member, Organization

office_only = requires(is_office, "office")
PAGE_SIZE = 50


def _agencies_for(org: Organization) -> Any:
    committee = services.committee_of(org)
    return Agency.objects.filter(organization__path__startswith=committee.path)


@signed_in
def dashboard(request: HttpRequest, code: str) -> HttpResponse:
    org = access.get_organization_for_user(request.user, code)
    today = clock.today()
    stats = {s.code: s for s in cached_until_next_write(
        f"org-stats:{org.pk}", lambda: selectors.organization_stats(org)
    )}
    children = [
        (child, stats[child.code])
        for child in Organization.objects.filter(path__startswith=org.path)
        .exclude(pk=org.pk)
        .order_by("position", "name")
    ]
    comp = cached_until_next_write(
        f"composition:{org.pk}:{today}:{get_language()}",
        lambda: selectors.composition(org, on=today),
    )
    return render(
        request,
        "roster/dashboard.html",
        {
            "org": org,
            "stats": stats[org.code],
            "children": children,
            "composition": comp, "composition_on": today,
            "can_manage": access.scope_for(request.user).administers(org),
        },
    )


@signed_in
def member_list(request: HttpRequest, code: str) -> HttpResponse:
    org = access.get_organization_for_user(request.user, code)
    qs = access.members_visible_to(request.user).filter(
        cell_id__in=selectors.subtree_ids(org)
    )
    status = request.GET.get("status", "")
    if status == "left":
        qs = qs.filter(status__in=[MemberStatus.TRANSFERRED_OUT, MemberStatus.DECEASED])
    elif status in MemberStatus.values:
        qs = qs.filter(status=status)
    else:
        qs = selectors.on_roll(qs)
    cell_code = request.GET.get("cell", "")
    if cell_code:
        qs = qs.filter(cell__code=cell_code)
    if request.GET.get("probationary") == "1":
        qs = qs.filter(full_member_on__isnull=True)
    qs = selectors.search_members(qs, request.GET.get("q", ""))
    page = selectors.paginate_members(qs, request.GET.get("page"), per_page=PAGE_SIZE)
    context = {
        "org": org,
        "page": page,
        "q": request.GET.get("q", ""),
        "status": status,
        "cell_code": cell_code,
        "cells": Organization.objects.filter(path__startswith=org.path, kind=OrgKind.CELL)
        .order_by("position", "name"),
        "statuses": MemberStatus.choices,
        "can_manage": access.scope_for(request.user).administers(org),
    }
    template = (
        "roster/_fragments/member_rows.html"
        if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "member-rows"
        else "roster/member_list.html"
    )
    return render(request, template, context)


@signed_in
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member = access.get_member_for_user(request.user, pk)
    return render(
        request,
        "roster/member_detail.html",
        {
            "member": member,
            "status_changes": member.status_changes.order_by("-effective_on", "-id"),
            "cell_changes": member.cell_changes.select_related("from_cell", "to_cell")
            .order_by("-effective_on", "-id"),
            "can_manage": access.scope_for(request.user).administers(member.cell),
            "age": member.age_on(clock.today()), "age_on": clock.today(),
        },
    )


@office_only
def member_create(request: HttpRequest, code: str) -> HttpResponse:
    org = access.get_managed_organization(request.user, code)
    cells = access.cells_managed_by(request.user).filter(path__startswith=org.path)
    form = MemberForm(request.POST or None, cells=cells, agencies=_agencies_for(org))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("cell", "version")}
        try:
            member = create_once(request, lambda: services.member_create(
                actor=request.user, cell=form.cleaned_data["cell"], **data
            ), lambda m: reverse("roster:member_detail", args=[m.pk]))
        except ServiceError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, gettext("Đã thêm đảng viên %(name)s.") % {
                "name": member.full_name})
            return redirect("roster:member_detail", pk=member.pk)
    return render(request, "roster/member_form.html", {"form": form, "org": org, "member": None})


@office_only
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = access.get_member_for_user(request.user, pk, for_write=True)
    org = services.committee_of(member.cell)
    editable = Member.objects.get(pk=member.pk)
    form = MemberForm(
        request.POST or None,
        instance=editable,
        initial={"version": member.version},
        cells=access.cells_managed_by(request.user),
        agencies=_agencies_for(member.cell),
        editing=True,
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        expected = form.cleaned_data.get("version") or 0
        changes = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.member_update(
                actor=request.user, member=member, expected_version=expected, changes=changes
            )
        except ServiceError as exc:
            show_on_form(form, exc)
            status = form_status(exc)
        else:
            messages.success(request, gettext("Đã lưu hồ sơ."))
            return redirect("roster:member_detail", pk=member.pk)
    return render(
        request, "roster/member_form.html", {"form": form, "org": org, "member": member},
        status=status,
    )


def _member_action(
    request: HttpRequest, pk: int, form_class: Any, template: str, do: Any, **form_kwargs: Any
) -> HttpResponse:
    member = access.get_member_for_user(request.user, pk, for_write=True)
    form = form_class(request.POST or None, initial={"version": member.version}, **form_kwargs)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            do(member, form.cleaned_data)
        except ServiceError as exc:
            show_on_form(form, exc)
            status = form_status(exc)
        else:
            messages.success(request, gettext("Đã ghi nhận."))
            return redirect("roster:member_detail", pk=member.pk)
    return render(request, template, {"form": form, "member": member}, status=status)


@office_only
def member_move(request: HttpRequest, pk: int) -> HttpResponse:
    def do(member: Member, data: dict[str, Any]) -> None:
        services.member_move(
            actor=request.user, member=member, expected_version=data["version"],
            to_cell=data["to_cell"], effective_on=data["effective_on"], note=data["note"],
        )

    return _member_action(
        request, pk, MoveForm, "roster/member_move.html", do,
        cells=access.cells_managed_by(request.user),
    )


@office_only
def member_status(request: HttpRequest, pk: int) -> HttpResponse:
    def do(member: Member, data: dict[str, Any]) -> None:
        services.member_status_change(
            actor=request.user, member=member, expected_version=data["version"],
            status=data["status"], effective_on=data["effective_on"], note=data["note"],
        )

    return _member_action(request, pk, StatusForm, "roster/member_status.html", do)


@signed_in
def agency_list(request: HttpRequest, code: str) -> HttpResponse:
    org = access.get_organization_for_user(request.user, code)
    committee = services.committee_of(org)
    agencies = (
        Agency.objects.filter(organization__path__startswith=committee.path)
        .order_by("name")
    )
    visible = selectors.on_roll(access.members_visible_to(request.user))
    counts: dict[int, int] = {}
    cells_by_agency: dict[int, set[str]] = {}
    for agency_id, cell_name in visible.filter(agency__isnull=False).values_list(
        "agency_id", "cell__name"
    ):
        counts[agency_id] = counts.get(agency_id, 0) + 1
        cells_by_agency.setdefault(agency_id, set()).add(cell_name)
    rows = [(a, counts.get(a.pk, 0), sorted(cells_by_agency.get(a.pk, ()))) for a in agencies]
    return render(request, "roster/agency_list.html", {"org": org, "rows": rows})
