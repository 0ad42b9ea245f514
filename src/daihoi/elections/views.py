"""Election pages. Thin: fetch through ``access`` (404 outside the user's reach), check the
role, call one service, show its message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from daihoi import clock, tally
from daihoi.congress.access import can_manage_congress, can_submit_cell_results
from daihoi.core import bounds
from daihoi.core.access import signed_in
from daihoi.core.errors import ConflictError, ServiceError
from daihoi.core.http import DOCX, PDF, attachment
from daihoi.core.once import create_once
from daihoi.elections import (
    access,
    ballot_pdf,
    cell_results,
    comparison,
    eligibility,
    keying,
    names,
    printing,
    selectors,
    services,
)
from daihoi.elections.models import (
    CandidateSource,
    ElectionBody,
    EntryDesk,
    Round,
    RoundStatus,
    SecondReadingMethod,
)
from daihoi.elections.models import ElectionKind as Kind
from daihoi.elections.outcome import (
    decision_pending,
    election_outcome,
    next_round_refusal,
    read_round,
)
from daihoi.roster.models import Member

#: The name (in the reader's language) and the range of each number the election pages post
#: (:mod:`daihoi.core.bounds`); a threshold-base deduction is a count, a key is an id.
_NUMBERS: dict[str, tuple[Promise, bounds.Range]] = {
    "seats": (_("Số lượng bầu"), bounds.SEATS),
    "alternates": (_("Số đại biểu dự khuyết"), bounds.ALTERNATES),
    "floor_agree": (_("Số đại biểu tán thành"), bounds.COUNT),
    "floor_attending": (_("Số đại biểu dự đại hội"), bounds.COUNT),
    "summoned": (_("Số được triệu tập"), bounds.COUNT),
    "teams_required": (_("Số bàn nhập độc lập"), bounds.Range(2, 3)),
    "count": (_("Số phiếu in"), bounds.COUNT),
    "issued": (_("Số phiếu phát ra"), bounds.COUNT),
    "collected": (_("Số phiếu thu vào"), bounds.COUNT),
    "present": (_("Số có mặt"), bounds.COUNT),
    "team": (_("Tổ nhập phiếu"), bounds.Range(1, 3)),
    "serial": (pgettext_lazy("field", "Số phiếu"), bounds.Range(1, bounds.COUNT.high)),
    "member": (pgettext_lazy("field", "Đảng viên"), bounds.ID),
    "candidate": (_("Người trong danh sách"), bounds.ID),
    "user": (_("Người dùng"), bounds.ID),
    "plan": (_("Đề án nhân sự"), bounds.ID),
    "risk_limit": (_("Giới hạn rủi ro (%)"),
                   bounds.Range(tally.audit.RISK_LIMIT_MIN_PERCENT,
                                tally.audit.RISK_LIMIT_MAX_PERCENT)),
    "audited_team": (_("Bàn được kiểm tra"), bounds.Range(1, 3)),
    "audit_team": (_("Bàn kiểm tra"), bounds.Range(1, 3)),
}
_DEDUCTION = (_("Khoản trừ"), bounds.COUNT)


def _int(data: Any, name: str, default: int | None = None) -> int:
    """The posted number ``name`` within its range (``_NUMBERS``), or a ServiceError that
    names it; ``default`` when it is left empty and has one."""
    raw = (data.get(name) or "").strip()
    if raw == "" and default is not None:
        return default
    label, allowed = _NUMBERS.get(name, _DEDUCTION)
    try:
        return allowed.parse(raw, label=str(label))
    except ValueError as exc:
        raise ServiceError(str(exc), field=name) from None


def _member(election: Any, pk: int) -> Member:
    member = selectors.member_of_congress(election, pk)
    if member is None:
        raise ServiceError(gettext("Không tìm thấy đảng viên này trong đảng bộ."), field="member")
    return member


# --------------------------------------------------------------------------- set-up


@signed_in
def congress_elections(request: HttpRequest, congress_pk: int) -> HttpResponse:
    congress = access.get_elections_congress_for_user(request.user, congress_pk)
    can_manage = can_manage_congress(request.user, congress)
    can_report = can_submit_cell_results(request.user, congress)
    if request.method == "POST" and request.POST.get("action") == "results_from_count":
        if not can_report:
            raise PermissionDenied
        try:
            cell_results.cell_results_from_count(actor=request.user, cell_congress=congress)
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, gettext(
                "Đã ghi kết quả đại hội chi bộ theo kết quả kiểm phiếu."))
        return redirect("elections:congress", congress_pk=congress.pk)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        try:
            seats = _int(request.POST, "seats")
            alternates = _int(request.POST, "alternates", 0)
            election = create_once(request, lambda: services.election_create(
                actor=request.user, congress=congress, kind=request.POST.get("kind", ""),
                seats=seats, alternates=alternates,
                seats_decision=request.POST.get("seats_decision", ""),
                body=request.POST.get("body") or ElectionBody.CONGRESS,
            ), lambda e: reverse("elections:election", args=[e.pk]))
        except ServiceError as exc:
            messages.error(request, exc.message)
            return redirect("elections:congress", congress_pk=congress.pk)
        return redirect("elections:election", election_pk=election.pk)
    counted = cell_results.counted(congress) if congress.part_of_id is not None else None
    return render(request, "elections/congress.html", {
        "congress": congress, "elections": congress.elections.all(), "can_manage": can_manage,
        "kinds": Kind.choices, "bodies": ElectionBody.choices, "can_report": can_report,
        "counted": [(cell_results.ROLE_LABELS[r], ms) for r, ms in counted.by_role.items()
                    if ms] if counted else [],
        "differences": cell_results.differences(congress) if counted else [],
        "reported": counted is not None and cell_results.typed(congress) is not None,
    })


#: Actions on the election list; over HTMX each answers with the list's fragment.
_LIST_ACTIONS = ("candidate_add", "candidate_withdraw", "candidates_paste",
                 "candidates_from_plan")


def _list_action(request: HttpRequest, election: Any, action: str) -> str:
    """Run one action on the election list; the success message."""
    p = request.POST
    if action == "candidate_add":
        floor = p.get("source") == CandidateSource.FLOOR
        cand = services.candidate_add(
            actor=request.user, election=election, member=_member(election, _int(p, "member")),
            source=CandidateSource.FLOOR if floor else CandidateSource.PLAN,
            floor_agree=_int(p, "floor_agree") if floor else None,
            floor_attending=_int(p, "floor_attending")
            if floor and (p.get("floor_attending") or "").strip() else None,
        )
        return gettext("Đã thêm %(name)s vào danh sách.") % {"name": cand.member.full_name}
    if action == "candidate_withdraw":
        row = selectors.candidate_of(election, _int(p, "candidate"))
        if row is None:
            raise Http404
        services.candidate_withdraw(actor=request.user, candidate=row,
                                    decision=p.get("decision", ""))
        return gettext("%(name)s đã rút khỏi danh sách.") % {"name": row.member.full_name}
    if action == "candidates_paste":
        rows = services.candidates_paste(actor=request.user, election=election,
                                         text=p.get("names", ""))
        return ngettext("Đã thêm %(n)s người vào danh sách.",
                        "Đã thêm %(n)s người vào danh sách.", len(rows)) % {"n": len(rows)}
    plan = selectors.plan_of(election, _int(p, "plan"))
    if plan is None:  # a key that names no plan of this congress
        raise Http404
    rows = services.candidates_from_plan(actor=request.user, election=election, plan=plan)
    return ngettext("Đã thêm %(n)s người theo đề án nhân sự “%(plan)s”.",
                    "Đã thêm %(n)s người theo đề án nhân sự “%(plan)s”.", len(rows)) % {
                        "n": len(rows), "plan": plan.name}


def _list_context(election: Any, acc: access.ElectionAccess) -> dict[str, Any]:
    candidates = selectors.active_candidates(election)
    first = election.rounds.order_by("sequence").first()
    return {
        "election": election, "acc": acc, "candidates": candidates,
        "list_open": first is not None and first.status == RoundStatus.PREPARED
        and not election.rounds.filter(sequence__gt=1).exists(),
        "withdrawn": selectors.withdrawn_candidates(election),
        "check": selectors.list_check(election, candidates=len(candidates)),
        "composition": eligibility.composition_report(election,
                                                      [c.member for c in candidates]),
        "attending": eligibility.attending_from_check_in(election.congress),
        "plans": selectors.plans_for(election) if acc.manage else [],
        "members": names.search_members(election, "") if acc.manage else [],
    }


@signed_in
def election_detail(request: HttpRequest, election_pk: int) -> HttpResponse:
    election, acc = access.get_election_for_user(request.user, election_pk)
    htmx = request.headers.get("HX-Request") == "true"
    if request.method == "POST":
        if not acc.manage:
            raise PermissionDenied
        action = request.POST.get("action", "")
        notice, error = "", ""
        try:
            if action in _LIST_ACTIONS:
                notice = _list_action(request, election, action)
            elif action == "policies":
                services.election_set_policies(
                    actor=request.user, election=election,
                    values={n: request.POST.get(n, "") for n in selectors.ELECTION_POLICIES
                            if request.POST.get(n)})
                messages.success(request, gettext("Đã ghi các quy định áp dụng cho cuộc bầu."))
            elif action == "board_add":
                services.board_member_add(
                    actor=request.user, election=election,
                    member=_member(election, _int(request.POST, "member")),
                    is_head=request.POST.get("is_head") == "1",
                )
            else:
                raise ServiceError(gettext("Thao tác không hợp lệ."))
        except ServiceError as exc:
            error = exc.message
        if htmx and action in _LIST_ACTIONS:
            return render(request, "elections/_fragments/candidate_list.html", {
                **_list_context(election, acc), "notice": notice, "error": error,
                "pasted": request.POST.get("names", "") if error else ""})
        if error:
            messages.error(request, error)
        return redirect("elections:election", election_pk=election.pk)
    board = selectors.board_of(election)
    return render(request, "elections/election.html", {
        **_list_context(election, acc), "board": board,
        "board_issues": selectors.board_issues(election),
        "rounds": election.rounds.all(),
        "outcome": election_outcome(election),
        "policy_choices": printing.policy_choices(election),
        "policies_locked": selectors.policies_locked(election),
    })


@signed_in
def member_search(request: HttpRequest, election_pk: int) -> HttpResponse:
    """The pickers' search over the whole roster of the congress's organization: the
    ``<option>`` rows of the matching members (for those who set up the election)."""
    election, acc = access.get_election_for_user(request.user, election_pk)
    if not acc.manage:
        raise PermissionDenied
    query = request.GET.get("q", "")[:100]
    return render(request, "elections/_fragments/member_options.html", {
        "members": names.search_members(election, query), "query": query})


# --------------------------------------------------------------------------- a round


def _round_context(rnd: Round, acc: access.ElectionAccess, user: Any) -> dict[str, Any]:
    rows = selectors.round_list(rnd)
    issues = {
        RoundStatus.PREPARED: selectors.issues_before_issue_ballots(rnd),
        RoundStatus.VOTING_CLOSED: selectors.issues_before_start_counting(rnd),
        RoundStatus.COUNTING: selectors.issues_before_reconcile(rnd),
        RoundStatus.RECONCILED: selectors.issues_before_announce(rnd),
    }.get(RoundStatus(rnd.status), [])
    try:
        breakdown = selectors.base_breakdown(rnd)
    except tally.TallyInputError:  # shown as an issue elsewhere
        breakdown = None
    desks = selectors.round_desks(rnd)
    progress = {p.team: p for p in selectors.desk_progress(rnd)}
    board_users = selectors.board_users(rnd.election)
    allowed = selectors.allowed_deductions(rnd.election)
    deductions = [(d.value, printing.deduction_label(d.value), getattr(rnd, f))
                  for d, f in selectors.DEDUCTION_FIELDS.items() if d in allowed]
    reading = read_round(rnd, rows) if rnd.status == RoundStatus.ANNOUNCED else None
    decision_open = acc.run and decision_pending(rnd, reading)
    outcome = election_outcome(rnd.election)
    proposed = set(reading.next_candidates or []) if reading else set()
    taken = {p.candidate_id for p in (*outcome.elected, *outcome.alternates)}
    choices = [(c, c.pk in proposed) for c in selectors.active_candidates(rnd.election)
               if c.pk not in taken] if decision_open else []
    return {
        "round": rnd, "election": rnd.election, "acc": acc, "rows": rows, "issues": issues,
        "breakdown": breakdown, "desks": [(d, progress.get(d.team)) for d in desks],
        "board_users": board_users, "deductions": deductions,
        "my_desk": access.desk_of(user, rnd), "result": rnd.result is not None,
        "scan_desk": next((d for d in desks if d.scanned), None),
        "reading": reading, "outcome": outcome,
        "next_label": (printing.next_action_label(reading.next_action)
                       if reading and reading.next_action else ""),
        "can_open_next": decision_open and next_round_refusal(rnd, reading) is None,
        "can_stop": decision_open and rnd.status == RoundStatus.ANNOUNCED,
        "next_choices": choices,
        "quorum": selectors.round_quorum(rnd),
        "policies": printing.policy_lines(rnd.election),
        "status_label": selectors.status_label(rnd.status),
        "teams": range(1, rnd.teams_required + 1),
        "print_issues": selectors.issues_before_print(rnd)
        if rnd.status == RoundStatus.PREPARED else [],
        "ballot_on_a5": printing.ballot_plan(rnd).tier.paper == "A5",
        **comparison.round_choice(rnd, acc.head),
    }


@signed_in
def round_detail(request: HttpRequest, round_pk: int) -> HttpResponse:
    rnd, acc = access.get_round_for_user(request.user, round_pk)
    return render(request, "elections/round.html", _round_context(rnd, acc, request.user))


# The writes on a round: one function per transition, each with the posted values it reads;
# ``_run_transition`` is their shared frame (access, POST only, a refusal shown as a message).
#: A transition: the write itself; it returns the round to show next (None: this one).
Transition = Callable[[HttpRequest, Round], Round | None]


def _set_base(request: HttpRequest, rnd: Round) -> None:
    p = request.POST
    services.round_set_base(
        actor=request.user, rnd=rnd, summoned=_int(p, "summoned"),
        deductions={d.value: _int(p, d.value, 0)
                    for d in selectors.allowed_deductions(rnd.election)},
        note=p.get("base_note", ""), teams_required=_int(p, "teams_required", 2))


def _base_from_attendance(request: HttpRequest, rnd: Round) -> None:
    services.round_base_from_attendance(actor=request.user, rnd=rnd)


def _print(request: HttpRequest, rnd: Round) -> None:
    services.round_print(actor=request.user, rnd=rnd, count=_int(request.POST, "count"))


def _issue_ballots(request: HttpRequest, rnd: Round) -> None:
    services.round_issue_ballots(actor=request.user, rnd=rnd,
                                 issued=_int(request.POST, "issued"))


def _close_voting(request: HttpRequest, rnd: Round) -> None:
    p = request.POST
    services.round_close_voting(actor=request.user, rnd=rnd, collected=_int(p, "collected"),
                                present=_int(p, "present"),
                                quorum_acknowledged=p.get("quorum_acknowledged") == "1")


def _assign_desk(request: HttpRequest, rnd: Round) -> None:
    p = request.POST
    desk_user = access.desk_user_for(rnd, p.get("user", ""), p.get("username", ""))
    services.desk_assign(actor=request.user, rnd=rnd, user=desk_user, team=_int(p, "team"),
                         technical_staff=p.get("technical_staff") == "1",
                         scanned=p.get("scanned") == "1")


def _start_counting(request: HttpRequest, rnd: Round) -> None:
    services.round_start_counting(actor=request.user, rnd=rnd)


def _reconcile(request: HttpRequest, rnd: Round) -> None:
    services.round_reconcile(actor=request.user, rnd=rnd)


def _announce(request: HttpRequest, rnd: Round) -> None:
    services.round_announce(actor=request.user, rnd=rnd)


def _open_next(request: HttpRequest, rnd: Round) -> Round:
    ids = [int(v) for v in request.POST.getlist("candidates") if v.isdigit()]
    return services.round_open_next(actor=request.user, election=rnd.election,
                                    decision=request.POST.get("decision", ""),
                                    candidate_ids=ids or None)


def _stop(request: HttpRequest, rnd: Round) -> None:
    services.election_stop(actor=request.user, election=rnd.election,
                           decision=request.POST.get("decision", ""))


def _second_reading(request: HttpRequest, rnd: Round) -> None:
    """The head's choice of the second reading: another desk keys every ballot, or a
    ballot-comparison audit (risk limit from the short list, or typed)."""
    p = request.POST
    method = p.get("method", "")
    if method != SecondReadingMethod.COMPARISON_AUDIT:
        services.second_reading_choose(actor=request.user, rnd=rnd, method=method)
        return
    typed = (p.get("risk_limit_typed") or "").strip()
    risk = _int({"risk_limit": typed} if typed else p, "risk_limit",
                tally.audit.RISK_LIMIT_DEFAULT_PERCENT)
    services.second_reading_choose(
        actor=request.user, rnd=rnd, method=method, risk_limit=risk,
        audited_desk=selectors.desk_of_team(rnd, _int(p, "audited_team")),
        audit_desk=selectors.desk_of_team(rnd, _int(p, "audit_team")))


def _unknown(request: HttpRequest, rnd: Round) -> None:
    raise ServiceError(gettext("Thao tác không hợp lệ."))


#: The transitions by the ``step`` their forms post.
ROUND_TRANSITIONS: dict[str, Transition] = {
    "base": _set_base,
    "base_from_attendance": _base_from_attendance,
    "print": _print,
    "issue_ballots": _issue_ballots,
    "close_voting": _close_voting,
    "desk": _assign_desk,
    "start_counting": _start_counting,
    "reconcile": _reconcile,
    "announce": _announce,
    "open_next": _open_next,
    "stop": _stop,
    "second_reading": _second_reading,
}


def _run_transition(request: HttpRequest, round_pk: int, write: Transition) -> HttpResponse:
    """A write on a round by those who run it (the services check the board head's own
    steps); a refusal becomes a message on the round page, an illegal transition a 409."""
    rnd, acc = access.get_round_for_user(request.user, round_pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not acc.run:
        raise PermissionDenied
    shown: Round | None = None
    try:
        shown = write(request, rnd)
    except ServiceError as exc:
        if type(exc) is not ServiceError:
            raise
        messages.error(request, exc.message)
    return redirect("elections:round", round_pk=(shown or rnd).pk)


@signed_in
def round_step(request: HttpRequest, round_pk: int) -> HttpResponse:
    """The write on a round that the posted ``step`` names (``ROUND_TRANSITIONS``)."""
    write = ROUND_TRANSITIONS.get(request.POST.get("step", ""), _unknown)
    return _run_transition(request, round_pk, write)


@signed_in
def ballots_pdf(request: HttpRequest, round_pk: int) -> HttpResponse:
    """The round's ballot, one for the printer to copy; ``?copies=N``: a sheet of N identical
    ballots (``&two_up=1``: an A5 ballot two to an A4 sheet); ``?layout=1``: the ballot's
    layout (LAYOUT.json) for reading scanned ballots. Every ballot of a round is the same
    (R-030a)."""
    rnd, acc = access.get_round_for_user(request.user, round_pk)
    if not acc.sees_count:
        raise PermissionDenied
    try:
        issues = selectors.issues_before_print(rnd)
        if issues:
            raise ServiceError(gettext("Chưa in được phiếu bầu: %(issues)s") % {
                "issues": " ".join(issues)})
        copies = _int(request.GET, "copies", 1)
        if not 1 <= copies <= ballot_pdf.MAX_COPIES:
            raise ServiceError(gettext(
                "Số bản in từ 1 đến %(MAX_COPIES)s.") % {
                    "MAX_COPIES": ballot_pdf.MAX_COPIES}, field="copies")
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("elections:round", round_pk=rnd.pk)
    if request.GET.get("layout") == "1":
        return attachment(printing.ballot_layout_json(rnd).encode(),
                          filename=f"phieu-bau-{rnd.pk}-LAYOUT.json",
                          content_type="application/json")
    body = printing.ballots_pdf(rnd, copies=copies, two_up=request.GET.get("two_up") == "1")
    name = f"phieu-bau-{rnd.pk}" + (f"-{copies}-ban" if copies > 1 else "") + ".pdf"
    return attachment(body, filename=name, content_type=PDF)


# --------------------------------------------------------------------------- the desk


def _desk_context(desk: EntryDesk, rnd: Round, message: str = "", error: str = "",
                  line: str = "", *, full: bool = True) -> dict[str, Any]:
    """The desk's context; the keymap (``rows``) only for the full page, not the fragment."""
    labels = selectors.round_labels(rnd)
    rows = selectors.round_list(rnd) if full else []
    keyed = selectors.keyed_contents(desk)
    last = None
    if desk.last_serial is not None and desk.last_serial in keyed:
        last = (desk.last_serial, keying.describe(keyed[desk.last_serial], labels))
    lay = selectors.layout(rnd, len(labels))
    return {
        "desk": desk, "round": rnd, "count": len(keyed), "last": last,
        "next_serial": selectors.next_serial(desk, rnd.ballots_collected or 0, set(keyed)),
        "message": message, "error": error, "line": line,
        "rows": rows, "short_keys": [(k, tally.texts.line_start(gettext(t)))
                       for k, t in keying.short_keys(lay.form)],
        "form": str(lay.form), "max_kept": lay.max_kept, "names": len(labels),
        "open": rnd.status == RoundStatus.COUNTING,
        "audit_note": comparison.desk_note(desk),
    }


@signed_in
def desk(request: HttpRequest, round_pk: int) -> HttpResponse:
    my_desk = access.get_own_desk(request.user, round_pk)
    rnd = my_desk.round
    if my_desk.scanned:  # nobody types at the scan desk: its user runs the scan station
        return redirect("scanning:station", round_pk=rnd.pk)
    if request.method == "POST":
        message = error = line = ""
        try:
            if request.POST.get("undo"):
                serial = services.entry_undo(actor=request.user, desk=my_desk)
                message = (gettext("Đã hoàn tác phiếu số %(serial)s.") % {"serial": serial}
                           if serial else gettext("Không có gì để hoàn tác."))
            else:
                serial = _int(request.POST, "serial")
                services.entry_submit(actor=request.user, desk=my_desk, serial=serial,
                                      line=request.POST.get("line", ""))
                message = gettext("Đã ghi phiếu số %(serial)s.") % {"serial": serial}
        except ServiceError as exc:
            error = exc.message
            line = request.POST.get("line", "")
        hx = bool(request.headers.get("HX-Request"))
        ctx = _desk_context(my_desk, rnd, message, error, line, full=not hx)
        if hx:
            # htmx 2 does not swap 4xx answers: the refusal is shown in the fragment. The
            # fragment needs no context processor (no navigation), only the CSRF token.
            body = render_to_string("elections/_fragments/desk_panel.html",
                                    {**ctx, "csrf_token": get_token(request)})
            return HttpResponse(body)
        return render(request, "elections/desk.html", ctx, status=422 if error else 200)
    return render(request, "elections/desk.html", _desk_context(my_desk, rnd))


@signed_in
def reconcile(request: HttpRequest, round_pk: int) -> HttpResponse:
    """The comparison of the desks' readings: for the board head alone, and only once every
    desk has keyed every ballot (R-041a). Anyone else, a desk included, gets 403."""
    rnd, acc = access.get_round_for_user(request.user, round_pk)
    if not acc.head:
        raise PermissionDenied
    if request.method == "POST":
        p = request.POST
        team = p.get("from_team", "")
        try:
            if p.get("send_back") == "1":
                services.resolution_send_back(actor=request.user, rnd=rnd,
                                              serial=_int(p, "serial"), note=p.get("note", ""))
                messages.success(request, gettext(
                    "Đã trả phiếu số %(serial)s về các bàn nhập lại.") % {
                        "serial": p.get("serial")})
            else:
                services.resolution_record(
                    actor=request.user, rnd=rnd, serial=_int(p, "serial"),
                    note=p.get("note", ""), line=p.get("line", ""),
                    from_team=int(team) if team.isdigit() else None,
                    discard=p.get("discard") == "1")
                messages.success(request, gettext("Đã ghi kết luận phiếu số %(serial)s.") % {
                    "serial": p.get("serial")})
        except ServiceError as exc:
            if type(exc) is not ServiceError:
                raise
            messages.error(request, exc.message)
        return redirect("elections:reconcile", round_pk=rnd.pk)
    finished = selectors.desks_finished(rnd)
    progress = selectors.desk_progress(rnd)
    lines: list[Any] = []
    agreed: dict[int, str] = {}
    resolved_lines: list[Any] = []
    # Under a ballot-comparison audit the head sees the audited desk's reading only.
    audited = [p.team for p in progress if p.role == "audited"]
    teams = audited or [p.team for p in progress]
    if finished or rnd.status != RoundStatus.COUNTING:
        rows = selectors.round_list(rnd)
        labels = selectors.labels_for(rows)
        agreed, diffs, resolved = selectors.reconciliation(rnd)
        lines = [
            (d.serial, [(t, keying.describe(text, labels) if (text := d.by_team.get(t))
                         else None) for t in teams])
            for d in diffs
        ]
        resolved_lines = [(s, keying.describe(c, labels) if c else gettext(
            "Không tính (không phải phiếu thu vào)")) for s, c in sorted(resolved.items())]
    return render(request, "elections/reconcile.html", {
        "round": rnd, "acc": acc, "election": rnd.election, "agreed": len(agreed),
        "diffs": lines, "teams": teams, "finished": finished, "progress": progress,
        "resolved": resolved_lines,
        "issues": selectors.issues_before_reconcile(rnd),
    })


@signed_in
def comparison_audit(request: HttpRequest, round_pk: int) -> HttpResponse:
    """The ballot-comparison audit of a round: for the board head alone (it shows the audited
    desk's count, and the readings of the ballots the two desks read differently). The seed,
    the draw and its printable list of counting numbers, the audit desk's progress, the
    conclusion and any escalation."""
    rnd, acc = access.get_round_for_user(request.user, round_pk)
    if not acc.head:
        raise PermissionDenied
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "draw":
                reading = services.audit_draw(actor=request.user, rnd=rnd,
                                              seed=request.POST.get("seed", ""))
                messages.success(request, gettext(
                    "Đã rút mẫu: %(n)s phiếu.") % {"n": len(reading.serials)}
                    if not reading.full_required else gettext(
                        "Đã tính: phải nhập lại toàn bộ phiếu."))
            elif action == "conclude":
                reading = services.audit_conclude(actor=request.user, rnd=rnd)
                messages.success(request, gettext("Đã kết luận kiểm tra đối chiếu."))
            else:
                raise ServiceError(gettext("Thao tác không hợp lệ."))
        except ServiceError as exc:
            if type(exc) is not ServiceError:
                raise
            messages.error(request, exc.message)
        return redirect("elections:comparison_audit", round_pk=rnd.pk)
    return render(request, "elections/audit.html", {
        "round": rnd, "election": rnd.election, "acc": acc, **comparison.audit_page(rnd)})


# --------------------------------------------------------------------------- outputs


@signed_in
def results(request: HttpRequest, round_pk: int) -> HttpResponse:
    rnd = access.get_results_round_for_user(request.user, round_pk)
    # The latest round of an election counted over several: what all its announced rounds
    # elected (the alternates ranked across them), under this round's own result.
    outcome = election_outcome(rnd.election)
    latest = selectors.is_latest_announced(rnd)
    return render(request, "elections/results.html", {
        "round": rnd, "election": rnd.election, "r": printing.result_view(rnd),
        "blocked": selectors.sql_check(rnd),
        "outcome": outcome if outcome.rounds_announced > 1 and latest else None,
    })


#: How often the projector asks for the round's or the programme's state (seconds).
PROJECTOR_REFRESH_SECONDS = 5


@signed_in
def projector(request: HttpRequest, round_pk: int) -> HttpResponse:
    """The round on the hall's screen: full screen, no menu, no user name. Before the
    announcement only the round's progress (ballots issued and collected, each desk's count of
    ballots keyed: counts, never readings); from the moment of the announcement the result as
    the engine labels it. The office, the presidium (the presiding secretary of a cell congress)
    and the counting board open it."""
    rnd, _acc = access.get_round_for_user(request.user, round_pk)
    announced = rnd.status == RoundStatus.ANNOUNCED and rnd.result is not None
    context = {
        "round": rnd, "election": rnd.election, "congress": rnd.election.congress,
        "announced": announced,
        "r": printing.result_view(rnd) if announced else None,
        "progress": [] if announced else selectors.desk_progress(rnd),
        "refresh": PROJECTOR_REFRESH_SECONDS,
    }
    if request.headers.get("HX-Request"):
        return render(request, "elections/_fragments/projector_round.html", context)
    return render(request, "elections/projector.html", {
        **context, "fragment": "elections/_fragments/projector_round.html",
        "title": rnd.election.title})


@signed_in
def programme_projector(request: HttpRequest, congress_pk: int) -> HttpResponse:
    """The congress programme's current item on the hall's screen (and the next one), by the
    programme's times; the same people as the round's screen open it."""
    congress = access.get_elections_congress_for_user(request.user, congress_pk)
    items = selectors.programme_items(congress)
    at = clock.now()
    started = [i for i in items if i.starts_at <= at]
    context = {
        "congress": congress, "current": started[-1] if started else None,
        "next": next((i for i in items if i.starts_at > at), None),
        "refresh": PROJECTOR_REFRESH_SECONDS,
    }
    if request.headers.get("HX-Request"):
        return render(request, "elections/_fragments/projector_programme.html", context)
    return render(request, "elections/projector.html", {
        **context, "fragment": "elections/_fragments/projector_programme.html",
        "title": congress.title})


def _outputs_allowed(request: HttpRequest, round_pk: int, *, void_ok: bool = False) -> Round:
    """The round's outputs once it is counted (a void round has its minutes, no count)."""
    rnd = access.get_counted_round_for_user(request.user, round_pk, void_ok=void_ok)
    blocked = selectors.sql_check(rnd)
    if blocked:
        raise ConflictError(blocked)
    return rnd


@signed_in
def minutes_pdf(request: HttpRequest, round_pk: int) -> HttpResponse:
    rnd = _outputs_allowed(request, round_pk, void_ok=True)
    return attachment(printing.minutes_pdf(rnd), filename=f"bien-ban-kiem-phieu-{rnd.pk}.pdf",
                      content_type=PDF)


@signed_in
def minutes_docx(request: HttpRequest, round_pk: int) -> HttpResponse:
    rnd = _outputs_allowed(request, round_pk, void_ok=True)
    return attachment(printing.minutes_docx(rnd), filename=f"bien-ban-kiem-phieu-{rnd.pk}.docx",
                      content_type=DOCX)


@signed_in
def export_json(request: HttpRequest, round_pk: int) -> HttpResponse:
    rnd = _outputs_allowed(request, round_pk)
    return attachment(rnd.export_json.encode("utf-8"), filename=f"phieu-{rnd.pk}.json",
                      content_type="application/json; charset=utf-8")


@signed_in
def export_csv(request: HttpRequest, round_pk: int) -> HttpResponse:
    rnd = _outputs_allowed(request, round_pk)
    return attachment(rnd.export_csv.encode("utf-8"), filename=f"phieu-{rnd.pk}.csv",
                      content_type="text/csv; charset=utf-8")


@signed_in
def mine(request: HttpRequest) -> HttpResponse:
    """A counting-board member's elections and desks."""
    elections = access.elections_for_board_user(request.user)
    desks = access.desks_of_user(request.user)
    return render(request, "elections/mine.html", {"elections": elections, "desks": desks})
