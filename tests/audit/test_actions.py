"""Every audit action code written anywhere in ``src/`` has its label in the one catalogue
(``daihoi.audit.actions``), the catalogue holds no label of a code no longer written, and the log
page says what happened in the reader's language beside the Vietnamese sentence recorded."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from daihoi.audit import actions
from daihoi.audit.models import AuditEntry
from daihoi.roster import services
from tests.conftest import PASSWORD, World, make_member

SRC = Path(__file__).resolve().parents[2] / "src" / "daihoi"


def _dynamic() -> dict[str, set[str]]:
    """The codes built at run time (f-strings), with every value they take: a new f-string code
    fails the test until it is listed here."""
    from daihoi.elections.services import TRANSITIONS

    return {"election.round_{transition}": {f"election.round_{t}" for t in TRANSITIONS}}


def _fstring_key(node: ast.JoinedStr) -> str:
    """``f"election.round_{transition}"`` → ``election.round_{transition}``."""
    return "".join(str(v.value) if isinstance(v, ast.Constant)
                   else "{" + ast.unparse(v.value) + "}"
                   for v in node.values if isinstance(v, (ast.Constant, ast.FormattedValue)))


def written_codes(root: Path = SRC) -> tuple[set[str], set[str], list[str]]:
    """(codes written as literals, f-string codes, calls whose code this reader cannot see).

    A call of ``audit_record`` passes its code as ``action=``; a module's helper that passes
    one of its own parameters on (``elections.services._audit(actor, action, …)``) is followed
    to its calls in the same module."""
    literal: set[str] = set()
    dynamic: set[str] = set()
    unknown: list[str] = []

    def take(node: ast.expr | None, where: str) -> None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            literal.add(node.value)
        elif isinstance(node, ast.JoinedStr):
            dynamic.add(_fstring_key(node))
        else:
            unknown.append(where)

    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(), str(path))
        helpers: dict[str, int] = {}  # helper's name → position of its code parameter
        forwarding: set[ast.Call] = set()  # the helpers' own calls of audit_record
        for fn in ast.walk(tree):
            if not isinstance(fn, ast.FunctionDef):
                continue
            params = [a.arg for a in fn.args.args]
            for call in ast.walk(fn):
                if not isinstance(call, ast.Call):
                    continue
                code = _code(call)
                if isinstance(code, ast.Name) and code.id in params:
                    helpers[fn.name] = params.index(code.id)
                    forwarding.add(call)
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call) or call in forwarding:
                continue
            where = f"{path.relative_to(root)}:{call.lineno}"
            if _name(call) == "audit_record":
                take(_code(call), where)
            elif _name(call) in helpers:
                position = helpers[_name(call)]
                take(call.args[position] if len(call.args) > position else next(
                    (k.value for k in call.keywords if k.arg == "action"), None), where)
    return literal, dynamic, unknown


def _name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def _code(call: ast.Call) -> ast.expr | None:
    """The code an ``audit_record`` call passes (None for any other call)."""
    if _name(call) != "audit_record":
        return None
    return next((k.value for k in call.keywords if k.arg == "action"), None)


def test_the_reader_finds_literal_helper_and_fstring_codes(tmp_path: Path) -> None:
    (tmp_path / "services.py").write_text(
        "def _audit(actor, action, obj):\n"
        "    audit_record(actor=actor, action=action, obj=obj)\n"
        "def a():\n"
        "    audit_record(actor=None, action='roster.x')\n"
        "    _audit(None, 'election.y', None)\n"
        "    _audit(None, f'election.round_{step}', None)\n"
        "    audit_record(actor=None, action=CODE)\n")
    literal, dynamic, unknown = written_codes(tmp_path)
    assert literal == {"roster.x", "election.y"}
    assert dynamic == {"election.round_{step}"}
    assert unknown == ["services.py:7"]


def test_every_code_written_in_src_has_its_label_and_no_label_is_left_over() -> None:
    literal, dynamic, unknown = written_codes()
    assert unknown == [], "an audit code this test cannot read: write it as a literal"
    expanded = _dynamic()
    assert dynamic <= set(expanded), f"list the values of {dynamic - set(expanded)} in _dynamic"
    written = literal | {code for key in dynamic for code in expanded[key]}
    assert len(written) > 60
    assert sorted(written - set(actions.ACTIONS)) == [], "codes without a label"
    assert sorted(set(actions.ACTIONS) - written - actions.RETIRED) == [], \
        "labels of codes no longer written: remove them, or list the code in RETIRED"


def test_each_label_is_translated_and_said_once() -> None:
    vietnamese = {code: str(label) for code, label in actions.ACTIONS.items()}
    with translation.override("en"):
        english = {code: str(label) for code, label in actions.ACTIONS.items()}
    assert [c for c in actions.ACTIONS if english[c] == vietnamese[c]] == []
    assert len(set(vietnamese.values())) == len(vietnamese)
    assert len(set(english.values())) == len(english)
    assert actions.action_label("roster.no_such_code") == "roster.no_such_code"


@pytest.fixture
def office(client: Client, world: World) -> Client:
    assert client.login(username=world.office.username, password=PASSWORD)
    return client


@pytest.mark.parametrize(("lang", "label"), [("vi", "Sửa hồ sơ đảng viên"),
                                              ("en", "Member record edited")])
def test_the_log_says_what_happened_in_the_readers_language_beside_the_record(
    office: Client, world: World, lang: str, label: str
) -> None:
    member = make_member(world.cell_a, given_name="Mai", card_number="10000079")
    services.member_update(actor=world.office, member=member, expected_version=member.version,
                           changes={"given_name": "Lan"})
    entry = AuditEntry.objects.get(action="roster.member_update", object_id=str(member.pk))
    office.cookies["django_language"] = lang
    html = office.get(reverse("audit:log", args=[world.committee.code])).content.decode()
    row = html[html.index(f'data-seq="{entry.seq}"'):]
    row = row[:row.index("</tr>")]
    assert f'<td class="what" title="roster.member_update">{label}<' in row
    assert f'<td class="recorded" lang="vi">{entry.summary}</td>' in row


def test_a_label_finds_its_entries_in_the_readers_language(office: Client,
                                                           world: World) -> None:
    make_member(world.cell_a, given_name="Tìm", card_number="10000080")
    office.cookies["django_language"] = "en"
    html = office.get(reverse("audit:log", args=[world.committee.code]),
                      {"q": "member added"}).content.decode()
    wanted = AuditEntry.objects.filter(action="roster.member_create",
                                       organization__path__startswith=world.committee.path)
    assert html.count("data-seq=") == wanted.count() > 0
