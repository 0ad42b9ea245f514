"""The demo, built once, and every URL of the project filled with its objects: the walks of
the tests that open every page of the demo (printed documents, language, phone width)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

#: The demo's logins, one per role (the desks' second login and the pilot's desk are alike).
DEMO_ROLES = ("vanphong", "bithu.tckh", "dangvien", "tieuban.vankien", "bkp.truongban",
              "bkp.to1")


def walk(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern)


_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def fill(route: str, values: dict[str, Any]) -> str | None:
    """The URL of ``route`` with ``values``; None if the walk has no value for a parameter."""
    missing = False

    def sub(m: re.Match[str]) -> str:
        nonlocal missing
        if m.group(2) not in values:
            missing = True
            return ""
        return str(values[m.group(2)])

    url = "/" + _PARAM.sub(sub, route)
    return None if missing or "(" in url or "^" in url else url


def demo_urls(walks: list[dict[str, Any]], *, files: bool = True) -> list[str]:
    """Every URL of the walks, once each; without the downloads (``.pdf``, ``.docx``, …) when
    ``files`` is false."""
    urls: list[str] = []
    for values in walks:
        for route in walk(get_resolver().url_patterns):
            url = fill(route, values)
            if url is None or url.startswith(("/admin", "/static")) or url in urls:
                continue
            if not files and re.search(r"\.\w{3,4}$", url):
                continue
            urls.append(url)
    return urls


@dataclass
class Demo:
    walks: list[dict[str, Any]] = field(default_factory=list)
    ids: dict[str, int] = field(default_factory=dict)  # the walk's congress_pk, plan_pk


def build_demo() -> Demo:
    """The whole demo (call inside a transaction that the caller rolls back) and the values
    of its two walks."""
    from daihoi.congress.demo import build_demo_congress
    from daihoi.delegates.demo import build_demo_delegates
    from daihoi.documents.demo import build_demo_documents
    from daihoi.elections.demo import build_demo_elections
    from daihoi.personnel.demo import build_demo_personnel
    from daihoi.roster.demo import build_demo_roster
    from daihoi.scanning.demo import build_demo_scanning

    build_demo_roster()
    build_demo_congress()
    build_demo_documents()
    build_demo_personnel()
    build_demo_delegates()
    build_demo_elections()
    build_demo_scanning()
    return demo_values()


def demo_values() -> Demo:
    """The values of the two walks over a demo already built (``daihoi demo``): the
    committee's congress with its election, and the pilot cell's congress with its counted
    round."""
    from daihoi.congress.models import Congress, Task
    from daihoi.delegates.models import AttendanceSession, Delegate
    from daihoi.documents.models import Document, Opinion, Section
    from daihoi.elections.models import Election, Round
    from daihoi.personnel.models import PersonnelPlan
    from daihoi.roster.demo import COMMITTEE_CODE
    from daihoi.roster.models import Member, Organization
    from daihoi.scanning.models import ScannedMark

    committee = Organization.objects.get(code=COMMITTEE_CODE)
    congress = Congress.objects.get(organization=committee, term_start=2020, part_of=None)
    plans = list(PersonnelPlan.objects.filter(congress=congress).order_by("pk"))
    elections = list(Election.objects.filter(congress=congress).order_by("position", "pk"))
    election = elections[0]
    pilot = Congress.objects.get(part_of=congress, is_pilot=True)
    counted = Round.objects.filter(election__congress=pilot).earliest("pk")
    document = Document.objects.filter(congress=congress).earliest("pk")
    common: dict[str, Any] = {
        "code": committee.code, "pk": Member.objects.filter(
            cell__path__startswith=committee.path).earliest("pk").pk,
        "task_pk": Task.objects.filter(congress=congress).earliest("pk").pk,
        "document_pk": document.pk,
        "section_pk": Section.objects.filter(version__document=document).earliest("pk").pk,
        "opinion_pk": Opinion.objects.filter(document=document).earliest("pk").pk,
        "plan_pk": plans[0].pk,
        "delegate_pk": Delegate.objects.filter(congress=congress).earliest("pk").pk,
    }
    # The name waiting for the board head in the demo's scanned batch, and its page.
    mark = ScannedMark.objects.filter(ballot__round__election__congress=congress).order_by(
        "pk").first()
    scanned = {"mark_pk": mark.pk, "page_pk": mark.page_id} if mark else {}
    session = AttendanceSession.objects.filter(congress=congress).first()
    walks: list[dict[str, Any]] = [
        {**common, "congress_pk": congress.pk, "election_pk": election.pk,
         "round_pk": election.rounds.get().pk,
         **({"session_pk": session.pk} if session else {})},
        {**common, "congress_pk": pilot.pk, "election_pk": counted.election.pk,
         "round_pk": counted.pk},
        # The pilot's round held for an alternate place alone and the first conference's
        # first election.
        *({**common, "congress_pk": rnd.election.congress_id,
           "election_pk": rnd.election_id, "round_pk": rnd.pk}
          for rnd in (Round.objects.filter(election__congress=pilot, sequence=2).get(),
                      elections[2].rounds.get())),
        # The delegates' election, being counted by scanner.
        {**common, "congress_pk": congress.pk, "election_pk": elections[1].pk,
         "round_pk": elections[1].rounds.get().pk, **scanned},
    ]
    return Demo(walks=walks, ids={"congress_pk": congress.pk, "plan_pk": plans[0].pk})
