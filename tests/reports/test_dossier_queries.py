"""The dossier page reads its congresses in a fixed number of queries: the demo's committee
with its 21 cells, and the same with more cells, elections and rounds, stay under the same
bound (a query per cell, per election or per round would break it)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from daihoi.congress.models import Congress
from daihoi.elections import services
from daihoi.roster import services as roster_services
from daihoi.roster.choices import OrgKind
from tests.elections.factories import key_all, make_congress, make_election, to_counting

pytestmark = pytest.mark.django_db

#: The page's queries: the session and the reader's roles, the congress, the dossier's reads
#: (each for every congress at once), the audit log's head. The demo needs 29.
BOUND = 32


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Congress]:
    """The demo built once for the module (each test's own additions are rolled back)."""
    from daihoi.congress.demo import build_demo_congress
    from daihoi.delegates.demo import build_demo_delegates
    from daihoi.documents.demo import build_demo_documents
    from daihoi.elections.demo import build_demo_elections
    from daihoi.personnel.demo import build_demo_personnel
    from daihoi.roster.demo import build_demo_roster

    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            build_demo_roster()
            congress, _ = build_demo_congress()
            build_demo_documents()
            build_demo_personnel()
            build_demo_delegates()
            build_demo_elections()
            yield congress
            transaction.set_rollback(True)


@pytest.fixture
def office(demo: Congress) -> Client:
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username="vanphong"))
    return client


def _page(client: Client, congress: Congress) -> tuple[int, str]:
    """The committee's dossier page: its number of queries and its text."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("reports:dossier", args=[congress.pk]))
    assert response.status_code == 200
    return len(queries), response.content.decode()


def _more_cells(congress: Congress, n: int) -> None:
    """``n`` more cells, each with its congress and an election of three rounds: one void,
    one announced, one counted (ballots keyed, the independent SQL count run)."""
    for i in range(n):
        cell = roster_services.organization_create(
            actor=None, kind=OrgKind.CELL, name=f"Chi bộ thêm {i + 1}", code=f"THEM-{i + 1}",
            parent=congress.organization)
        cell_congress = make_congress(cell, kind="members")
        Congress.objects.filter(pk=cell_congress.pk).update(part_of=congress)
        for seats in (3, 4):
            s = make_election(cell, congress=cell_congress, seats=seats, names=seats + 1,
                              board=2, user_prefix=f"them{i}-{seats}-")
            rnd = services.round_set_base(actor=None, rnd=s.round, summoned=4, deductions={})
            rnd = services.round_print(actor=None, rnd=rnd, count=4)
            rnd = services.round_issue_ballots(actor=None, rnd=rnd, issued=3)
            services.round_close_voting(actor=None, rnd=rnd, collected=4, present=3)  # void
            s.round = services.round_open_next(actor=None, election=s.election,
                                               decision="Đại hội biểu quyết bầu lại")
            to_counting(s, summoned=4, issued=4, collected=4)
            for desk in (0, 1):
                key_all(s, [str(seats + 1)] * 4, desk_index=desk)
            counted = services.round_reconcile(actor=None, rnd=s.round)
            if seats == 3:
                services.round_announce(actor=None, rnd=counted)


def test_the_demo_dossier_page_reads_in_a_bounded_number_of_queries(
        demo: Congress, office: Client, django_assert_max_num_queries: Any) -> None:
    with django_assert_max_num_queries(BOUND):
        _, content = _page(office, demo)
    assert content.count('class="dossier"') == 22  # the committee and its 21 cells


def test_more_cells_elections_and_rounds_read_in_as_many_queries(
        demo: Congress, office: Client, django_assert_max_num_queries: Any) -> None:
    before, _ = _page(office, demo)
    _more_cells(demo, 4)
    with django_assert_max_num_queries(BOUND):
        after, content = _page(office, demo)
    assert content.count('class="dossier"') == 26
    assert content.count("lần bỏ phiếu bị hủy") == 8  # the void rounds are listed
    assert after == before  # not one query more for 4 cells, 8 elections and 16 rounds
