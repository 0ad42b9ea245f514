"""One language at a time: every page of the demo, opened by every demo role in Vietnamese and
in English, shows no word of the other language, and the English catalogue has no entry left
untranslated or fuzzy.

The markers are deliberately simple: in the English pages, a letter only Vietnamese writes
(ă, â, đ, ê, ô, ơ, ư and the tone marks); in the Vietnamese pages, a handful of common English
words of an interface. People's and organizations' names, documents' texts and every other
value typed by a user are data, not interface: each value stored in the database is taken out
of the page's visible text before it is searched."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.demo_walk import DEMO_ROLES, build_demo, demo_urls

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "src" / "daihoi" / "locale" / "en" / "LC_MESSAGES" / "django.po"

#: A letter of Vietnamese that English never writes.
VIETNAMESE = re.compile(
    "[ăâđêôơưĂÂĐÊÔƠƯàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵÀÁẢÃẠÈÉẺẼẸÌÍỈĨỊÒÓỎÕỌÙÚỦŨỤỲÝỶỸỴ"
    "\u1ea0-\u1ef9]")
#: Words of an English interface that a Vietnamese page never needs.
ENGLISH = re.compile(
    r"\b(?:the|and|Save|Delete|Election|Round|Submit|None|True|False|Error|Select|option"
    r"|Cancel|Yes|No)\b")
#: What each language's page may show of the other: the language switcher names its languages;
#: the import's help names the values a file may hold ("Nữ", "ĐH, CĐ…").
ALLOWED = {"en": ("Tiếng Việt", "Nữ", "ĐH, CĐ"), "vi": ("English",)}
#: Still Vietnamese in the English pages, known and listed so that nothing new joins them: the
#: wording of the term's rule file (its targets' labels, its source) is the file's, not
#: translated. An entry that no longer shows fails too: take it off the list.
KNOWN_UNTRANSLATED = (
    re.compile(r"^Tỷ lệ (cán bộ|đổi mới)"),  # the term's composition targets
    re.compile(r"^Chỉ thị 35-CT/TW ngày 30/5/2019 của Bộ Chính trị"),  # the term's source
)


def _known(chunk: str) -> re.Pattern[str] | None:
    return next((k for k in KNOWN_UNTRANSLATED if k.search(chunk)), None)


def visible_text(page: str) -> list[str]:
    """The page's text nodes as a reader sees them (no script, style, tag or attribute); an
    element marked ``lang="vi"`` is Vietnamese on purpose (a file's column headings) and left
    out."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
    page = re.sub(r"<(?!html\b)(\w+)\b[^>]*\blang=\"vi\"[^>]*>.*?</\1>", " ", page,
                  flags=re.S)
    page = re.sub(r"<!--.*?-->", " ", page, flags=re.S)
    chunks = (html.unescape(c) for c in re.split(r"<[^>]*>", page))
    return [" ".join(c.split()) for c in chunks if c.strip()]


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
        yield from value.splitlines()
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _strings(v)


#: Stored texts that are not data of any page: the sentence each audit entry recorded (in
#: Vietnamese, hashed). The log page quotes it inside an element marked ``lang="vi"``, and a
#: page that shows it anywhere else shows Vietnamese to an English reader.
NOT_DATA = {("audit", "auditentry", "summary")}


def stored_values() -> set[str]:
    """Every text value stored in the database (names, titles, documents, what the audit log
    recorded as changed): the pages' data, which may be in any language; not ``NOT_DATA``."""
    from django.apps import apps
    from django.db import models

    from daihoi.roster.choices import ETHNICITIES

    values: set[str] = set(ETHNICITIES)  # the 54 peoples' names, as the member form lists them
    for model in apps.get_models():
        meta = model._meta
        names = [f.name for f in meta.concrete_fields
                 if isinstance(f, (models.CharField, models.TextField, models.JSONField))
                 and (meta.app_label, meta.model_name, f.name) not in NOT_DATA]
        if not names:
            continue
        for row in model._default_manager.values_list(*names):
            for value in row:
                for s in _strings(value):
                    s = " ".join(s.split())
                    if len(s) >= 2:
                        values.add(s)
    return values


class DataFilter:
    """Takes the stored values out of a text (the longest first); a text that is a piece of a
    stored text (a document's paragraph cut by the comparison of two versions) is data too."""

    def __init__(self, values: set[str]) -> None:
        self.whole = values
        ordered = sorted(values, key=len, reverse=True)
        self.pattern = re.compile("|".join(rf"(?<!\w){re.escape(v)}(?!\w)" for v in ordered))
        self.texts = "\n".join(v for v in values if len(v) > 80)

    def __call__(self, text: str) -> str:
        if text in self.whole or (len(text) > 3 and text in self.texts):
            return ""
        return self.pattern.sub(" ", text)


def foreign(chunks: list[str], lang: str, data: DataFilter) -> list[str]:
    """The text nodes that show a marker of the language other than ``lang``."""
    marker = VIETNAMESE if lang == "en" else ENGLISH
    found = []
    for chunk in chunks:
        if not marker.search(chunk):
            continue
        rest = chunk
        for allowed in ALLOWED[lang]:
            rest = rest.replace(allowed, " ")
        rest = data(rest)
        if marker.search(rest):
            found.append(chunk)
    return found


@dataclass
class Walked:
    #: (language, text node) → the first "role url" that showed it
    found: dict[tuple[str, str], str] = field(default_factory=dict)
    pages: int = 0


@pytest.fixture(scope="module")
def walked(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Walked]:
    from django.db import transaction

    from daihoi.roster.demo import DEMO_PASSWORD

    with django_db_blocker.unblock(), transaction.atomic():
        demo = build_demo()
        urls = [u for u in demo_urls(demo.walks, files=False) if u != reverse("logout")]
        out = Walked()
        data = DataFilter(stored_values())
        for username in DEMO_ROLES:
            client = Client()
            assert client.login(username=username, password=DEMO_PASSWORD)
            for lang in ("vi", "en"):
                client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
                for url in urls:
                    response = client.get(url)
                    if response.status_code in (301, 302) or "html" not in response.get(
                            "Content-Type", ""):
                        continue
                    out.pages += 1
                    page = response.getvalue().decode()
                    if not page:  # a view that answers only POST
                        continue
                    # a full page says its language; a fragment (HTMX) is part of one
                    assert "<html" not in page or f'lang="{lang}"' in page, (username, url)
                    for chunk in foreign(visible_text(page), lang, data):
                        out.found.setdefault((lang, chunk), f"{username} {url}")
        if os.environ.get("DAIHOI_KEEP_LANGUAGE"):  # the list, to work through
            Path(os.environ["DAIHOI_KEEP_LANGUAGE"]).write_text("\n".join(
                f"{lang}\t{where}\t{chunk}" for (lang, chunk), where in sorted(out.found.items())))
        yield out
        transaction.set_rollback(True)


def test_the_markers_see_the_other_language() -> None:
    data = DataFilter({"Nguyễn Văn An", "Chi bộ Tài chính", "Delete me"})
    assert foreign(["Đại hội", "Congress", "Nguyễn Văn An", "Hello Nguyễn Văn An"], "en",
                   data) == ["Đại hội"]
    assert foreign(["Tiếng Việt"], "en", data) == []
    assert foreign(["Chi bộ Tài chính: đã lưu"], "en", data) == ["Chi bộ Tài chính: đã lưu"]
    assert foreign(["- Select an option -", "Save", "Lưu", "Delete me", "thea, andante"],
                   "vi", data) == ["- Select an option -", "Save"]
    assert visible_text('<p title="Đại hội">x<script>var đ;</script> &amp; <b>y</b></p>') == [
        "x &", "y"]
    assert visible_text('<html lang="vi"><td lang="vi">Họ</td><td>Family name</td></html>') == [
        "Family name"]


def _marked_vi(page: str) -> list[str]:
    """The texts of the elements marked ``lang="vi"`` (the page's own ``<html>`` aside)."""
    return [" ".join(html.unescape(re.sub(r"<[^>]*>", " ", m.group(2))).split())
            for m in re.finditer(r"<(?!html\b)(\w+)\b[^>]*\blang=\"vi\"[^>]*>(.*?)</\1>", page,
                                 flags=re.S)]


def test_the_english_audit_log_quotes_its_records_and_says_the_rest_in_english(
    client: Client, world: Any
) -> None:
    """Each entry's recorded sentence is Vietnamese and stays so (it is hashed): the English
    page says what happened in English and quotes the sentence in an element marked
    ``lang="vi"``; nothing else is marked so, and nothing else shows Vietnamese but names."""
    from daihoi.audit.models import AuditEntry
    from daihoi.roster import services
    from daihoi.roster.choices import MemberStatus
    from tests.conftest import make_member
    from tests.elections.factories import make_election

    member = make_member(world.cell_a, given_name="Mai", card_number="10000081")
    member = services.member_update(actor=world.office, member=member,
                                    expected_version=member.version,
                                    changes={"given_name": "Lan", "gender": "female"})
    services.member_status_change(actor=world.office, member=member,
                                  expected_version=member.version,
                                  status=MemberStatus.TEMPORARY_ELSEWHERE,
                                  effective_on=dt.date(2020, 3, 1))
    services.agency_create(actor=world.office, name="Phòng Tư pháp", code="PTP",
                           organization=world.committee)
    make_election(world.cell_a, seats=3, names=4)
    client.force_login(world.office)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("audit:log", args=[world.committee.code])).content.decode()
    shown = page.count("data-seq=")
    assert shown > 20
    assert foreign(visible_text(page), "en", DataFilter(stored_values())) == []
    summaries = set(AuditEntry.objects.values_list("summary", flat=True))
    quoted = _marked_vi(page)
    assert len(quoted) == shown
    assert [q for q in quoted if q not in summaries] == []


def _engine_sentences() -> list[str]:
    """Every kind of sentence the counting engine's list check and the composition rules
    write, with names and rule-file wording in plain ASCII (the data of a real page)."""
    from fractions import Fraction

    from daihoi.composition import Candidate, Plan, RuleStatus, Target, check_plan, load_term
    from daihoi.composition.checker import check_size, check_target
    from daihoi.composition.election_list import (
        CONFERENCE_BODY,
        REFUSED_STATUSES,
        Nominee,
        cell_election_refusal,
        conference_election_refusal,
        nominee_refusals,
    )
    from daihoi.composition.model import SizeLimit
    from daihoi.tally import ElectionKind, check_list

    out: list[str] = []
    for kind in ElectionKind:
        for seats in range(1, 13):
            for candidates in range(17):
                out += [i.message for i in check_list(kind=kind, seats=seats,
                                                      candidates=candidates).issues]
    women = Target(key="w", label="Women", rule="R", status=RuleStatus.CONFIRMED,
                   attribute="female", min_percent=Fraction(15), max_percent=Fraction(50))
    rules = dataclasses.replace(load_term("2025-2030"), targets=(women,))
    old = dt.date(1962, 1, 1)
    plan = Plan(seats=9, level="grassroots", candidates=(
        Candidate(key="1", name="Le Van A", gender="male", born=old, full_member=False),
        Candidate(key="2", name="Le Van B", gender="male", born=old, reelection=True),
        Candidate(key="3", name="Le Van C", gender="male", born=old)), size_key=None)
    report = check_plan(plan, rules)
    out += [*report.failures, *report.surplus.messages]
    out += [r for c in report.candidates for r in c.reasons]
    out += [check_target(women, total=10, actual=a).message for a in (0, 3)]
    limit = SizeLimit(key="k", label="District", rule="R", status=RuleStatus.CONFIRMED,
                      committee_max=5, standing_min=3, standing_max=4)
    out += [c.message for c in check_size(Plan(seats=9, level="grassroots", candidates=(),
                                               standing_seats=7, size_key="k"),
                                          dataclasses.replace(rules, sizes=(limit,)))]
    out += [cell_election_refusal(kind="cell_committee", official_members=m, seats=s) or ""
            for m, s in ((5, 3), (30, 8))]
    out += [conference_election_refusal(kind=k, body_members=b, seats=5) or ""
            for k in CONFERENCE_BODY for b in (0, 3)]
    for election in ("committee", "secretary", "deputy_secretary", "delegates",
                     "standing_committee"):
        for status in ("active", *REFUSED_STATUSES):
            for n in (Nominee(name="Le Van A", key="1", election=election,
                              status_on_opening=status, cell_committee=frozenset(),
                              secretary_elected=False, official_delegate=False,
                              conference_body=frozenset({"2"}) if election in CONFERENCE_BODY
                              else None),
                      Nominee(name="Le Van A", key="1", election=election,
                              cell_committee=frozenset({"2"}), secretary_elected=True,
                              is_secretary=True)):
                out += nominee_refusals(n)
    return [s for s in out if s]


def test_the_engines_sentences_are_said_in_english() -> None:
    """The list checks and the composition rules write Vietnamese (printed as it is); an
    English page says each from its template (``core.i18n.translated``)."""
    from django.utils import translation

    from daihoi.core.i18n import translated
    from daihoi.tally import Text

    sentences = _engine_sentences()
    kinds = {s.template for s in sentences if isinstance(s, Text)}
    assert len(kinds) >= 25
    assert all(VIETNAMESE.search(s) for s in sentences)
    with translation.override("en"):
        english = {translated(s) for s in sentences}
    assert [s for s in english if VIETNAMESE.search(s)] == []


def test_the_english_round_page_says_a_failing_list_check_in_english(
    client: Client, world: Any
) -> None:
    """A list with a surplus above its cap, before the ballots are printed: the round page and
    the election page say why in the reader's language."""
    from daihoi.elections.models import Round
    from tests.elections.factories import make_election

    s = make_election(world.cell_a, seats=4, names=6, board=1)  # 2 extra names, at most 1
    client.force_login(world.office)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    data = DataFilter(stored_values())
    for url in (reverse("elections:round", args=[s.round.pk]),
                reverse("elections:election", args=[s.election.pk])):
        page = client.get(url).content.decode()
        assert "Surplus 2 is above the maximum of 1" in page, url
        found = [c for c in foreign(visible_text(page), "en", data) if _known(c) is None]
        assert found == [], url
    assert Round.objects.get(pk=s.round.pk).status == "prepared"


def _flashed(page: str) -> list[str]:
    """The flash messages of a page (``base.html``'s ``ul.messages``)."""
    block = re.search(r'<ul class="messages">(.*?)</ul>', page, flags=re.S)
    return visible_text(block.group(1)) if block else []


#: The roll built twice, then an absence withdrawn twice, as each language says it.
FLASHED = {
    "vi": ["Đã thêm 2 đảng viên vào danh sách triệu tập.",
           "Đã thêm 1 đảng viên vào danh sách triệu tập.",
           "{name} được triệu tập trở lại.",
           "{name} không ở tình trạng vắng mặt được chấp thuận."],
    "en": ["2 members added to the summons list.",
           "1 member added to the summons list.",
           "{name} is summoned again.",
           "{name} is not recorded as absent with approval."],
}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_flash_messages_and_a_refusal_are_said_in_the_readers_language(
    client: Client, world: Any, lang: str
) -> None:
    """A members' congress run from its pages by a reader of each language: the roll's count
    (one member, two members: English has a plural), a withdrawal done and the same one
    refused, each flashed in the reader's language; the audit log records Vietnamese."""
    from daihoi.audit.models import AuditEntry
    from daihoi.delegates import services
    from daihoi.delegates.models import Delegate
    from tests.delegates.factories import bulk_members
    from tests.delegates.test_threshold_base import _members_congress

    congress = _members_congress(world.cell_a)
    bulk_members(world.cell_a, 1)  # with the fixture's member: 2 official members
    client.force_login(world.secretary_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    url = reverse("delegates:delegate_list", args=[congress.pk])
    said = _flashed(client.post(url, {"action": "roll"}, follow=True).content.decode())
    bulk_members(world.cell_a, 1)
    said += _flashed(client.post(url, {"action": "roll"}, follow=True).content.decode())
    row = Delegate.objects.filter(congress=congress).select_related("member").first()
    assert row is not None
    services.delegate_absence_approve(actor=None, delegate=row, reason="Nằm viện")
    withdraw = reverse("delegates:absence_withdraw", args=[row.pk])
    for _ in range(2):
        said += _flashed(client.post(withdraw, follow=True).content.decode())
    name = row.member.full_name
    assert said == [s.format(name=name) for s in FLASHED[lang]]
    assert AuditEntry.objects.filter(action="delegates.members_roll").count() == 2
    recorded = AuditEntry.objects.get(action="delegates.absence_withdraw").summary
    assert recorded == f"Hủy chấp thuận vắng mặt của {name}"


@pytest.mark.parametrize(("lang", "refused"), [
    ("vi", "Không thể chuyển “Bắt đầu kiểm phiếu” khi vòng bầu đang ở trạng thái “Đã chuẩn "
           "bị”."),
    ("en", "Cannot take the step “Start counting” while the round is “Prepared”."),
], ids=["vi", "en"])
def test_an_illegal_step_is_refused_by_its_label_and_recorded_in_vietnamese(
    client: Client, world: Any, lang: str, refused: str
) -> None:
    """The refusal of a step out of order names the step as its button does, in the reader's
    language, never by its code ("start_counting"); the audit log records the Vietnamese."""
    from daihoi.audit.models import AuditEntry
    from daihoi.elections.services import STEP_LABELS, TRANSITIONS
    from tests.elections.factories import make_election

    assert set(STEP_LABELS) == set(TRANSITIONS)
    s = make_election(world.cell_a, seats=3, names=4)
    client.force_login(world.office)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    r = client.post(reverse("elections:round_step", args=[s.round.pk]),
                    {"step": "start_counting"})
    assert r.status_code == 409
    shown = visible_text(r.content.decode())
    assert refused in shown
    assert [c for c in shown if "start_counting" in c] == []
    entry = AuditEntry.objects.get(action="election.illegal_transition")
    assert entry.summary == ("Không thể chuyển “Bắt đầu kiểm phiếu” khi vòng bầu đang ở trạng "
                             "thái “Đã chuẩn bị”.")


def test_the_walk_opens_the_pages_of_every_role_in_both_languages(walked: Walked) -> None:
    assert walked.pages > 2 * len(DEMO_ROLES) * 80


def test_no_english_page_shows_vietnamese(walked: Walked) -> None:
    english = {c: w for (lang, c), w in walked.found.items() if lang == "en"}
    assert {c: w for c, w in english.items() if _known(c) is None} == {}
    assert {k.pattern for k in KNOWN_UNTRANSLATED} == {
        k.pattern for c in english if (k := _known(c)) is not None}


def test_no_vietnamese_page_shows_english(walked: Walked) -> None:
    assert {c: w for (lang, c), w in walked.found.items() if lang == "vi"} == {}


def po_entries(text: str) -> list[dict[str, Any]]:
    """The entries of a .po file: msgid, msgstr (all plural forms joined), fuzzy, obsolete."""
    entries: list[dict[str, Any]] = []
    for block in re.split(r"\n\s*\n", text):
        lines = block.strip().splitlines()
        if not lines or all(line.startswith("#~") for line in lines if line.strip()):
            continue
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        parts: dict[str, list[str]] = {}
        key = ""
        for line in lines:
            m = re.match(r'(msgid_plural|msgid|msgstr(?:\[\d+\])?|msgctxt) "(.*)"$', line)
            if m:
                key = m.group(1)
                parts.setdefault(key, []).append(m.group(2))
            elif line.startswith('"') and key:
                parts[key].append(line[1:-1])
        if "msgid" not in parts:
            continue
        msgid = "".join(parts["msgid"])
        if not msgid:
            continue  # the header
        strs = ["".join(v) for k, v in parts.items() if k.startswith("msgstr")]
        entries.append({"msgid": msgid, "msgstr": strs, "fuzzy": fuzzy})
    return entries


def test_the_catalogue_reader_sees_an_empty_and_a_fuzzy_entry() -> None:
    text = ('msgid ""\nmsgstr ""\n"Language: en\\n"\n\nmsgid "Đại hội"\nmsgstr "Congress"\n\n'
            '#, fuzzy\nmsgid "Văn kiện"\nmsgstr "Documents"\n\nmsgid ""\n"Kiểm "\n"phiếu"\n'
            'msgstr ""\n\nmsgid "%(n)s phiếu"\nmsgid_plural "%(n)s phiếu"\nmsgstr[0] "%(n)s"\n'
            'msgstr[1] ""\n')
    entries = po_entries(text)
    assert [e["msgid"] for e in entries] == ["Đại hội", "Văn kiện", "Kiểm phiếu", "%(n)s phiếu"]
    assert [untranslated(e) for e in entries] == [False, True, True, True]


def untranslated(entry: dict[str, Any]) -> bool:
    return bool(entry["fuzzy"]) or any(not s for s in entry["msgstr"])


def test_the_english_catalogue_translates_every_entry() -> None:
    entries = po_entries(PO.read_text())
    assert len(entries) > 500
    assert [e["msgid"] for e in entries if untranslated(e)] == []


def test_the_english_catalogue_holds_every_string_of_the_code(tmp_path: Path) -> None:
    """What ``makemessages`` would add to the catalogue today: every string the code and the
    templates mark for translation is in the catalogue (no string forgotten after an edit)."""
    if shutil.which("xgettext") is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true and gettext is not installed", pytrace=False)
        pytest.skip("gettext (xgettext) is not installed")
    copy = tmp_path / "daihoi"
    shutil.copytree(ROOT / "src" / "daihoi", copy,
                    ignore=shutil.ignore_patterns("__pycache__", "static", "*.mo"))
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "en", "--no-obsolete",
         "--settings=tests.settings", "--pythonpath", str(ROOT)],
        cwd=copy, env=env, check=True, capture_output=True)
    fresh = po_entries((copy / "locale/en/LC_MESSAGES/django.po").read_text())
    assert [e["msgid"] for e in fresh if untranslated(e)] == []
