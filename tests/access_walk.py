"""The access table's machinery, shared by ``tests/core/test_access.py`` and
``tools/security_sweep.py``: every URL name of the resolver, the written table in
``docs/access.md``, one user per role with the objects each page is probed with (``cast``), the
URLs pointed at another organization's objects, and the probe that says whether a view let a
user in."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import PASSWORD, World
from tests.congress.factories import objects_of_other_org as preparation_objects_of_other_org
from tests.delegates.factories import delegates_objects_of_other_org
from tests.elections.factories import election_objects_of_other_org
from tests.scanning.factories import scanning_objects_of_other_org

__all__ = ["ACCESS_TABLE", "PASSWORD", "ROLES", "Cast", "allowed", "cast", "route_of",
           "urls_of_other_org", "walk", "walk_names", "written_table"]


def walk(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p.callback


def urls_of_other_org(world: World) -> list[str]:
    """Every non-public URL of the project, pointed at objects of another organization.
    A new view with an argument this test does not know fails here until it is added."""
    objects_of_other_org = {
        "code": [world.other_committee.code, world.other_cell.code],
        "pk": [world.other_member.pk],
        "name": ["00-danh-muc-ho-so.pdf"],  # a file of the congress dossier
    }
    for objects_of_an_app in (
        preparation_objects_of_other_org,
        election_objects_of_other_org,
        delegates_objects_of_other_org,
        scanning_objects_of_other_org,
    ):
        for key, values in objects_of_an_app(world).items():
            objects_of_other_org.setdefault(key, []).extend(values)
    urls = []
    for route, view in walk(get_resolver().url_patterns):
        if getattr(view, "access_decision", None) == "public":
            continue
        params = re.findall(r"<(?:\w+:)?(\w+)>", route)
        unknown = [p for p in params if p not in objects_of_other_org]
        assert not unknown, f"{route}: teach this test which object of another org {unknown} is"
        if not params:
            continue
        for values in itertools.product(*(objects_of_other_org[p] for p in params)):
            url = "/" + route
            for p, v in zip(params, values, strict=True):
                url = re.sub(rf"<(?:\w+:)?{p}>", str(v), url)
            urls.append(url)
    return urls


ACCESS_TABLE = Path(__file__).resolve().parents[1] / "docs" / "access.md"
#: The columns of the table, in order, and who plays each role in ``cast``.
ROLES = ("office", "secretary", "member", "documents", "board_head", "desk", "outsider")


def walk_names(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, Any]]:
    """Every URL name of the project with its namespace ("roster:member_list"), and its view."""
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from walk_names(p.url_patterns,
                                   namespace + (f"{p.namespace}:" if p.namespace else ""))
        elif isinstance(p, URLPattern):
            yield namespace + (p.name or ""), p.callback


def written_table() -> dict[str, dict[str, bool]]:
    """The rows of the access table: ``| `name` | ✓ | ✗ | … |``."""
    rows: dict[str, dict[str, bool]] = {}
    for line in ACCESS_TABLE.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\|\s*`([\w:]+)`\s*\|(.*)\|\s*$", line)
        if not match:
            continue
        cells = [c.strip() for c in match.group(2).split("|")]
        assert len(cells) >= len(ROLES), line
        assert all(c in ("✓", "✗") for c in cells[:len(ROLES)]), line
        rows[match.group(1)] = {
            role: cell == "✓" for role, cell in zip(ROLES, cells, strict=False)}
    return rows


@dataclass
class Cast:
    users: dict[str, Any]
    kwargs: dict[str, dict[str, Any]]


def cast(world: World) -> Cast:
    """One user per role and, for every URL name, the objects of the office's own committee
    that its page is probed with."""

    from daihoi.congress import services as congress_services
    from daihoi.documents.models import VersionImportJob
    from daihoi.elections import services as election_services
    from daihoi.roster import services as roster_services
    from daihoi.roster.choices import RoleKind
    from daihoi.roster.models import ImportJob
    from tests.conftest import make_member
    from tests.congress.factories import make_preparation
    from tests.delegates.factories import make_day, make_plan
    from tests.elections.factories import key_all, make_election, to_counting
    from tests.scanning.factories import flagged_ballot

    prep = make_preparation(world.committee, with_attachment=True)
    assert prep.attachment is not None
    writer = make_member(world.cell_b, given_name="Văn", card_number="10000009")
    documents_user = roster_services.user_create_with_role(
        actor=None, username="tieuban", password=PASSWORD, organization=world.cell_b,
        kind=RoleKind.MEMBER, member=writer)
    congress_services.subcommittee_member_add(actor=None, subcommittee=prep.subcommittee,
                                              member=writer)
    s = make_election(world.cell_a, congress=prep.congress, seats=3, names=4, board=2)
    to_counting(s, summoned=4, issued=4, collected=4)
    for desk in (0, 1):
        key_all(s, ["1", "2", "3", "4"], desk_index=desk)
    rnd = election_services.round_reconcile(actor=None, rnd=s.round)
    election_services.round_announce(actor=None, rnd=rnd)
    mark, page = flagged_ballot(rnd)
    day = make_day(world.cell_a, n=2, term_start=2025)
    plan, candidate = make_plan(prep.congress, world.member_a)
    job = ImportJob.objects.create(organization=world.committee, file_name="ds.xlsx")
    draft_job = VersionImportJob.objects.create(document=prep.document, file_name="v2.docx",
                                                status=VersionImportJob.Status.FAILED)

    committee, cell = {"code": world.committee.code}, {"code": world.cell_a.code}
    congress = {"congress_pk": prep.congress.pk}
    kwargs: dict[str, dict[str, Any]] = {
        "roster:dashboard": cell, "roster:member_list": cell, "roster:agency_list": cell,
        "roster:import_job": {**committee, "pk": job.pk},
        "roster:import_remap": {**committee, "pk": job.pk},
        "roster:import_confirm": {**committee, "pk": job.pk},
        "roster:import_marked": {**committee, "pk": job.pk},
        "documents:import_job": {"document_pk": prep.document.pk, "pk": draft_job.pk},
        "roster:member_list_print": cell,
        "roster:user_password_reset": {**committee, "pk": world.member_user.pk},
        "reports:dossier_file": {**congress, "name": "00-danh-muc-ho-so.pdf"},
        "congress:cell_congress": {"congress_pk": prep.cell_congresses[0].pk},
        "congress:cell_results": {"congress_pk": prep.cell_congresses[0].pk},
        "congress:task_attachment": {"task_pk": prep.task.pk,
                                     "attachment_pk": prep.attachment.pk},
    }
    by_param = {
        "code": committee, "pk": {"pk": world.member_a.pk}, "task_pk": {"task_pk": prep.task.pk},
        "document_pk": {"document_pk": prep.document.pk},
        "section_pk": {"section_pk": prep.sections[0].pk},
        "opinion_pk": {"opinion_pk": prep.opinion.pk},
        "election_pk": {"election_pk": s.election.pk}, "round_pk": {"round_pk": s.round.pk},
        "plan_pk": {"plan_pk": plan.pk}, "candidate_pk": {"candidate_pk": candidate.pk},
        "delegate_pk": {"delegate_pk": day.delegates[0].pk},
        "session_pk": {"session_pk": day.official.pk},
        "mark_pk": {"mark_pk": mark.pk}, "page_pk": {"page_pk": page.pk},
    }
    for name, _view in walk_names(get_resolver().url_patterns):
        if name in kwargs:
            continue
        params = [p.split(":")[-1] for p in re.findall(r"<([\w:]+)>", route_of(name))]
        found: dict[str, Any] = {}
        for p in params:
            if p == "congress_pk":
                found.update({"congress_pk": day.congress.pk} if name.startswith("delegates:")
                             else congress)
            else:
                assert p in by_param, f"{name}: teach cast which object {p} is"
                found.update(by_param[p])
        kwargs[name] = found
    users = {"office": world.office, "secretary": world.secretary_a,
             "member": world.member_user, "documents": documents_user,
             "board_head": s.head, "desk": s.desks[1].user, "outsider": world.outsider}
    return Cast(users, kwargs)


def route_of(name: str) -> str:
    routes = {n: r for (n, _), (r, _) in zip(walk_names(get_resolver().url_patterns),
                                            walk(get_resolver().url_patterns), strict=True)}
    return routes[name]


def allowed(client: Client, user: Any, url: str) -> bool:
    """The view let the user in: not 403/404, not sent to the login page to sign in. A view
    that only answers POST (405 or 404 to a GET) is probed with an empty POST."""
    client.force_login(user)
    response = client.get(url)
    if response.status_code in (404, 405):
        response = client.post(url)
    assert response.status_code != 500, url
    if response.status_code in (403, 404):
        return False
    return not (response.status_code == 302
                and response["Location"].startswith(reverse("login") + "?next="))


