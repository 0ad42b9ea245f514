"""Out-of-range numbers posted to every numeric field of every form: never a 500, nothing
written, a Vietnamese message on the page.

The list of fields is derived from the code: every ``IntegerField`` (``DecimalField`` and
``FloatField`` are subclasses) of every form class in each app's ``forms.py``, and every
number the election pages parse by hand (``_int(…, "name")`` in ``elections/views.py``). A
field without a case below fails :func:`test_every_numeric_field_has_a_case`.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.apps import apps
from django.test import Client
from django.urls import reverse

from daihoi.audit.models import AuditEntry
from daihoi.elections import services as election_services
from daihoi.elections import views as election_views
from daihoi.personnel.models import PersonnelPlan
from daihoi.tally.model import DELEGATE_DEDUCTIONS
from tests.conftest import PASSWORD, World, make_member
from tests.delegates.factories import Day, make_day
from tests.elections.factories import Setup, key_all, make_election, to_counting

#: Negative, 10^12 (the SQLite 500 of the issue), 2^63 (beyond a 64-bit integer), a float
#: in exponent notation, and blanks.
BAD_VALUES = ("-1", str(10**12), str(2**63), "1e3", "  ")

#: Words of the messages a refused number shows (Django's form messages in Vietnamese, the
#: bounds' own, the services').
REFUSAL_WORDS = ("Nhập một số", "Hãy nhập một số nguyên", "Đảm bảo giá trị này",
                 "Trường này là bắt buộc", "phải từ", "phải là một số nguyên", "không được",
                 "Trang này đã cũ", "không hợp lệ", "Không tìm thấy", "Không có")
#: The page's places for an error: a field's, the form's, a message, the keying desk's.
ERROR_PLACE = re.compile(r'class="(?:error|errors)"[^>]*>(.*?)</', re.S)

SRC = Path(__file__).resolve().parent.parent / "src" / "daihoi"


def numeric_form_fields() -> set[str]:
    """``app.FormClass.field`` for every numeric field of every form in an app's forms.py."""
    found: set[str] = set()
    for config in apps.get_app_configs():
        if not config.name.startswith("daihoi."):
            continue
        try:
            module = import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__ or not issubclass(cls, forms.BaseForm):
                continue
            for field_name, field in cls.base_fields.items():  # type: ignore[attr-defined]  # set by the form metaclass, not in the stubs
                if isinstance(field, forms.IntegerField):
                    found.add(f"{config.label}.{name}.{field_name}")
    return found


def hand_parsed_election_numbers() -> set[str]:
    """The names the election pages read with ``_int``."""
    source = (SRC / "elections" / "views.py").read_text(encoding="utf-8")
    return {f"elections.view.{n}" for n in re.findall(r'_int\(\w+(?:\.POST)?, "(\w+)"', source)}


@dataclass
class Ctx:
    world: World
    day: Day
    plan: PersonnelPlan
    prepared: Setup
    counting: Setup
    line: str


@pytest.fixture
def ctx(world: World) -> Ctx:
    return make_ctx(world)


def make_ctx(world: World) -> Ctx:
    """The objects the cases post to (also built by ``tools/security_sweep.py``)."""
    day = make_day(world.cell_a, n=9)
    from daihoi.personnel import services as personnel_services

    plan = personnel_services.plan_create(
        actor=None, congress=day.congress, kind="committee", name="Phương án thử",
        term_rules="2020-2025", level="grassroots", seats=9)
    prepared = make_election(world.cell_a, congress=day.congress, user_prefix="p")
    counting = make_election(world.cell_b, congress=day.congress, user_prefix="c")
    to_counting(counting, summoned=1, issued=1, collected=1)  # one ballot: desks finish fast
    line = "10 11"  # crosses out the last two of 11 names
    return Ctx(world, day, plan, prepared, counting, line)


@dataclass(frozen=True)
class Case:
    """A page that posts numbers: who posts, where, a valid body (which writes), and the
    numeric fields it carries (``app.Form.field`` or ``elections.view.name``)."""

    fields: dict[str, str]  # field id -> name of the posted value
    post: Callable[[Ctx], tuple[Any, str, dict[str, str]]]
    #: Fields that may be left empty (blank means their default, e.g. 0 alternates): for
    #: them blanks are a valid input, not an out-of-range one.
    optional: frozenset[str] = frozenset()


def _office(c: Ctx, url: str, data: dict[str, str]) -> tuple[Any, str, dict[str, str]]:
    return c.world.office, url, data


def _congress_edit(c: Ctx) -> tuple[Any, str, dict[str, str]]:
    k = c.day.congress
    k.refresh_from_db()
    return _office(c, reverse("congress:edit", args=[k.pk]), {
        "kind": k.kind, "ordinal": "10", "term_start": "2020", "term_end": "2025",
        "theme": "Chủ đề mới", "venue": "", "place": "", "preparatory_session_at": "",
        "opens_at": "2020-06-10T07:00", "closes_at": "", "version": str(k.version)})


def _vote(c: Ctx) -> tuple[Any, str, dict[str, str]]:
    return _office(c, reverse("delegates:votes", args=[c.day.congress.pk]), {
        "subject": "presidium", "title": "Bầu Đoàn Chủ tịch", "names": "", "present": "9",
        "in_favour": "9", "against": "0", "abstain": "0"})


def _conclusion(c: Ctx) -> tuple[Any, str, dict[str, str]]:
    return _office(c, reverse("delegates:credentials", args=[c.day.congress.pk]), {
        "text": "Các đại biểu đủ tư cách.", "recognised": "9"})


def _quorum(c: Ctx) -> tuple[Any, str, dict[str, str]]:
    return _office(c, reverse("delegates:presence", args=[c.day.congress.pk, c.day.official.pk]),
                   {"numerator": "1", "denominator": "2"})


def _plan(c: Ctx) -> tuple[Any, str, dict[str, str]]:
    return _office(c, reverse("personnel:plan_list", args=[c.day.congress.pk]), {
        "kind": "delegates", "name": "Phương án B", "term_rules": "2020-2025",
        "level": "grassroots", "seats": "9", "alternates": "1", "note": ""})


def _member_edit(c: Ctx) -> tuple[Any, str, dict[str, str]]:
    m = c.world.member_b
    m.refresh_from_db()
    return _office(c, reverse("roster:member_edit", args=[m.pk]), {
        "family_name": m.family_name, "middle_name": m.middle_name, "given_name": m.given_name,
        "gender": m.gender, "date_of_birth": f"{m.date_of_birth:%Y-%m-%d}",
        "ethnicity": m.ethnicity, "religion": m.religion, "home_town": m.home_town,
        "general_education": m.general_education, "qualification": m.qualification,
        "specialty": m.specialty, "political_theory": m.political_theory,
        "admitted_on": f"{m.admitted_on:%Y-%m-%d}",
        "full_member_on": f"{m.full_member_on:%Y-%m-%d}" if m.full_member_on else "",
        "card_number": m.card_number or "", "agency": "", "position": "Chuyên viên",
        "version": str(m.version)})


def _member_move(c: Ctx) -> tuple[Any, str, dict[str, str]]:
    m = c.world.member_b
    m.refresh_from_db()
    return _office(c, reverse("roster:member_move", args=[m.pk]), {
        "version": str(m.version), "to_cell": str(c.world.cell_a.pk),
        "effective_on": "2024-01-05", "note": ""})


def _member_status(c: Ctx) -> tuple[Any, str, dict[str, str]]:
    m = c.world.member_b
    m.refresh_from_db()
    return _office(c, reverse("roster:member_status", args=[m.pk]), {
        "version": str(m.version), "status": "transferred_out", "effective_on": "2024-01-05",
        "note": ""})


def _plan_edit(c: Ctx) -> tuple[Any, str, dict[str, str]]:
    return _office(c, reverse("personnel:plan_edit", args=[c.plan.pk]),
                   {"seats": "10", "alternates": "0", "note": ""})


def _election_create(c: Ctx) -> tuple[Any, str, dict[str, str]]:
    return _office(c, reverse("elections:congress", args=[c.day.congress.pk]),
                   {"kind": "delegates", "seats": "3", "alternates": "1"})


def _floor_nominee(c: Ctx) -> tuple[Any, str, dict[str, str]]:
    nominee = make_member(c.world.cell_b, given_name="Đề Cử", card_number="77000001")
    return _office(c, reverse("elections:election", args=[c.prepared.election.pk]), {
        "action": "candidate_add", "source": "floor", "member": str(nominee.pk),
        "floor_agree": "40", "floor_attending": "45"})


def _from_plan(c: Ctx) -> tuple[Any, str, dict[str, str]]:
    from daihoi.personnel import services as personnel_services

    empty = make_election(c.world.cell_b, congress=c.prepared.election.congress, names=0,
                          user_prefix="kh")
    nominee = make_member(c.world.cell_b, given_name="Theo Đề Án", card_number="77000003")
    personnel_services.plan_candidate_add(actor=None, plan=c.plan, member=nominee)
    return _office(c, reverse("elections:election", args=[empty.election.pk]), {
        "action": "candidates_from_plan", "plan": str(c.plan.pk)})


def _withdraw(c: Ctx) -> tuple[Any, str, dict[str, str]]:
    return _office(c, reverse("elections:election", args=[c.prepared.election.pk]), {
        "action": "candidate_withdraw", "candidate": str(c.prepared.candidates[-1].pk),
        "decision": "Đại hội đồng ý cho rút"})


def _board_add(c: Ctx) -> tuple[Any, str, dict[str, str]]:
    member = make_member(c.world.cell_b, given_name="Kiểm Phiếu", card_number="77000002")
    return _office(c, reverse("elections:election", args=[c.prepared.election.pk]), {
        "action": "board_add", "member": str(member.pk)})


def _step(step: str, **values: str) -> Callable[[Ctx], tuple[Any, str, dict[str, str]]]:
    def post(c: Ctx) -> tuple[Any, str, dict[str, str]]:
        rnd = c.prepared.round
        if step in ("issue_ballots", "close_voting"):
            rnd = election_services.round_set_base(actor=None, rnd=rnd, summoned=45,
                                                   deductions={})
            rnd = election_services.round_print(actor=None, rnd=rnd, count=45)
        if step == "close_voting":
            rnd = election_services.round_issue_ballots(actor=None, rnd=rnd, issued=45)
        return _office(c, reverse("elections:round_step", args=[rnd.pk]),
                       {"step": step, **values})
    return post


def _base_values() -> dict[str, str]:
    return {"summoned": "45", "teams_required": "2",
            **{d.value: "0" for d in DELEGATE_DEDUCTIONS}}


def _desk_user(c: Ctx) -> dict[str, str]:
    return {"step": "desk", "user": str(c.prepared.board_users[1].pk), "team": "1"}


def _desk_assign(c: Ctx) -> tuple[Any, str, dict[str, str]]:
    return _office(c, reverse("elections:round_step", args=[c.prepared.round.pk]),
                   _desk_user(c))


def _keying(c: Ctx) -> tuple[Any, str, dict[str, str]]:
    return (c.counting.desks[0].user, reverse("elections:desk", args=[c.counting.round.pk]),
            {"serial": "1", "line": c.line})


def _reconcile(c: Ctx) -> tuple[Any, str, dict[str, str]]:
    key_all(c.counting, [c.line], desk_index=0)
    key_all(c.counting, ["9 11"], desk_index=1)
    return (c.counting.head, reverse("elections:reconcile", args=[c.counting.round.pk]),
            {"serial": "1", "from_team": "1", "note": "Theo phiếu gốc: tổ 1 đúng"})


def _second_reading(c: Ctx) -> tuple[Any, str, dict[str, str]]:
    return (c.counting.head, reverse("elections:round_step", args=[c.counting.round.pk]),
            {"step": "second_reading", "method": "comparison_audit", "risk_limit": "5",
             "audited_team": "1", "audit_team": "2"})


def _document_issue(c: Ctx) -> tuple[Any, str, dict[str, str]]:
    return _office(c, reverse("reports:document_issue", args=[c.day.congress.pk]), {
        "kind": "personnel_plan", "ref": str(c.plan.pk), "summary": "Đề án nhân sự",
        "issued_on": "10/06/2020"})


CASES: dict[str, Case] = {
    "document_issue": Case({"reports.IssueForm.ref": "ref"}, _document_issue),
    "congress_edit": Case({f"congress.CongressForm.{f}": f for f in
                           ("version", "ordinal", "term_start", "term_end")}, _congress_edit),
    "vote": Case({f"delegates.VoteForm.{f}": f for f in
                  ("present", "in_favour", "against", "abstain")}, _vote),
    "conclusion": Case({"delegates.ConclusionForm.recognised": "recognised"}, _conclusion),
    "quorum": Case({f"delegates.QuorumForm.{f}": f for f in ("numerator", "denominator")},
                   _quorum),
    "plan_create": Case({f"personnel.PlanForm.{f}": f for f in ("seats", "alternates")}, _plan,
                        frozenset({"personnel.PlanForm.alternates"})),
    "plan_edit": Case({f"personnel.view.{f}": f for f in ("seats", "alternates")}, _plan_edit),
    "member_edit": Case({"roster.MemberForm.version": "version"}, _member_edit,
                        frozenset({"roster.MemberForm.version"})),
    "member_move": Case({"roster.MoveForm.version": "version"}, _member_move),
    "member_status": Case({"roster.StatusForm.version": "version"}, _member_status),
    "election_create": Case({f"elections.view.{f}": f for f in ("seats", "alternates")},
                            _election_create, frozenset({"elections.view.alternates"})),
    "floor_nominee": Case({f"elections.view.{f}": f for f in
                           ("member", "floor_agree", "floor_attending")}, _floor_nominee,
                          # blank: those attending are taken from the check-in record
                          frozenset({"elections.view.floor_attending"})),
    "from_plan": Case({"elections.view.plan": "plan"}, _from_plan),
    "withdraw": Case({"elections.view.candidate": "candidate"}, _withdraw),
    "board_add": Case({"elections.view.member#board": "member"}, _board_add),
    "base": Case({"elections.view.summoned": "summoned",
                  "elections.view.teams_required": "teams_required",
                  **{f"elections.view.{d.value}": d.value for d in DELEGATE_DEDUCTIONS}},
                 _step("base", **_base_values()),
                 frozenset({"elections.view.teams_required",
                            *(f"elections.view.{d.value}" for d in DELEGATE_DEDUCTIONS)})),
    "print": Case({"elections.view.count": "count"}, _step("print", count="45")),
    "issue": Case({"elections.view.issued": "issued"}, _step("issue_ballots", issued="45")),
    "close": Case({f"elections.view.{f}": f for f in ("collected", "present")},
                  _step("close_voting", collected="45", present="45")),
    "desk_assign": Case({f"elections.view.{f}": f for f in ("user", "team")}, _desk_assign),
    "keying": Case({"elections.view.serial": "serial"}, _keying),
    "second_reading": Case({f"elections.view.{f}": f for f in
                            ("risk_limit", "audited_team", "audit_team")}, _second_reading,
                            # a blank risk limit is the default 5 %
                            frozenset({"elections.view.risk_limit"})),
    "reconcile": Case({"elections.view.serial#reconcile": "serial"}, _reconcile),
}

PARAMS = [(case, field) for case, c in CASES.items() for field in c.fields]


def test_every_numeric_field_has_a_case() -> None:
    covered = {f.split("#")[0] for c in CASES.values() for f in c.fields}
    assert numeric_form_fields() <= covered, numeric_form_fields() - covered
    assert hand_parsed_election_numbers() <= covered, hand_parsed_election_numbers() - covered
    # deductions are read by name through _allowed(); every one has its range
    assert all(d.value not in election_views._NUMBERS for d in DELEGATE_DEDUCTIONS)


def test_the_fields_marked_optional_are_those_the_forms_do_not_require() -> None:
    optional = {f for c in CASES.values() for f in c.optional if ".view." not in f}
    not_required = {f for f in numeric_form_fields() if not _form_field(f).required}
    assert optional == not_required


def _form_field(name: str) -> forms.Field:
    app, form, field = name.split(".")
    cls = getattr(import_module(f"daihoi.{app}.forms"), form)
    return cls.base_fields[field]  # type: ignore[no-any-return]  # the form class comes from getattr (Any)


def test_no_view_parses_a_posted_number_without_its_bounds() -> None:
    for path in SRC.glob("*/views*.py"):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"\bint\(\s*request\.POST", source), path


def _snapshot() -> dict[str, Any]:
    """Every row of every daihoi model (the test database is small)."""
    state: dict[str, Any] = {}
    for model in apps.get_models():
        if model._meta.app_label in {"core", "audit", "roster", "congress", "documents",
                                     "elections", "personnel", "delegates"}:
            state[model._meta.label] = list(model.objects.order_by("pk").values())
    return state


def _client(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.mark.parametrize(("case", "field"), PARAMS, ids=[f"{c}-{f}" for c, f in PARAMS])
def test_an_out_of_range_number_is_refused_with_a_message_and_writes_nothing(
    ctx: Ctx, case: str, field: str
) -> None:
    user, url, valid = CASES[case].post(ctx)
    name = CASES[case].fields[field]
    client = _client(user)
    before = _snapshot()
    for bad in BAD_VALUES:
        if bad.isspace() and field in CASES[case].optional:
            continue
        response = client.post(url, {**valid, name: bad}, follow=True)
        assert response.status_code < 500, (bad, response.status_code)
        assert _snapshot() == before, bad
        if response.status_code == 404:  # a key that names no object: "not found" is the answer
            continue
        shown = " ".join(ERROR_PLACE.findall(response.content.decode()))
        assert any(w in shown for w in REFUSAL_WORDS), (bad, shown)
    audit = AuditEntry.objects.count()
    response = client.post(url, valid, follow=True)
    assert response.status_code == 200
    assert AuditEntry.objects.count() > audit or _snapshot() != before, "the valid post wrote"


@pytest.mark.parametrize("value", ["-1", str(2**63), "1e3", "abc"])
def test_an_out_of_range_session_in_the_threshold_base_address_is_not_found(
    ctx: Ctx, value: str
) -> None:
    client = _client(ctx.world.office)
    url = reverse("delegates:threshold_base", args=[ctx.day.congress.pk])
    assert client.get(url, {"phien": value}).status_code == 404


@pytest.mark.parametrize("value", [str(2**63), "1e3", "-5"])
def test_an_out_of_range_delegate_at_the_check_in_desk_is_refused(ctx: Ctx, value: str) -> None:
    client = _client(ctx.world.office)
    url = reverse("delegates:desk", args=[ctx.day.congress.pk, ctx.day.official.pk])
    before = _snapshot()
    response = client.post(url, {"delegate": value, "desk": "Bàn 1"})
    assert response.status_code == 422
    assert "Yêu cầu không hợp lệ." in response.content.decode()
    assert _snapshot() == before


@pytest.mark.parametrize(("model", "field", "high"), [
    ("elections.Election", "seats", 500), ("elections.Election", "alternates", 100),
    ("elections.Round", "seats", 500), ("elections.Round", "summoned", 10**6),
    ("personnel.PersonnelPlan", "seats", 500), ("delegates.DayPolicy", "quorum_numerator", 100),
])
def test_the_database_refuses_a_value_one_past_the_bound_that_no_service_checked(
    ctx: Ctx, model: str, field: str, high: int
) -> None:
    from django.db import IntegrityError, transaction

    from daihoi.delegates.services import day_policy_set

    day_policy_set(actor=None, congress=ctx.day.congress, numerator=2, denominator=3)
    cls = apps.get_model(model)
    row = cls.objects.order_by("pk").first()
    assert row is not None
    if field != "quorum_numerator":  # the ratio constraint needs numerator <= denominator
        cls.objects.filter(pk=row.pk).update(**{field: high})
    with pytest.raises(IntegrityError), transaction.atomic():
        cls.objects.filter(pk=row.pk).update(**{field: high + 1})


def test_a_seat_count_one_past_the_bound_is_refused_by_the_model_in_vietnamese(ctx: Ctx) -> None:
    from django.core.exceptions import ValidationError

    election = ctx.prepared.election
    election.seats = 500
    election.full_clean()
    election.seats = 501
    with pytest.raises(ValidationError) as info:
        election.full_clean()
    assert info.value.message_dict["seats"] == ["Giá trị không được lớn hơn 500."]
