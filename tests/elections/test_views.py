"""The counting flow over HTTP: who may do what, the desk's keyboard protocol, the 409 of an
illegal step, and the outputs (results page, minutes PDF/DOCX, exports)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from daihoi.audit.models import AuditEntry
from daihoi.elections.models import BallotEntry, RoundStatus
from tests.conftest import PASSWORD, World
from tests.elections.factories import Setup, make_election, random_lines, to_counting

pytestmark = pytest.mark.django_db


def login(user: Any) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


def _key_over_http(s: Setup, lines: list[str], desk: int, plant: dict[int, str]) -> None:
    c = login(s.board_users[desk])
    url = reverse("elections:desk", args=[s.round.pk])
    for serial, line in enumerate(lines, start=1):
        r = c.post(url, {"serial": serial, "line": plant.get(serial, line)}, HTTP_HX_REQUEST="1")
        assert r.status_code == 200
        assert f"Đã ghi phiếu số {serial}." in r.content.decode()


def test_the_office_sets_up_an_election_from_the_browser_forms(world: World) -> None:
    from tests.elections.factories import make_congress, people

    congress = make_congress(world.committee)
    c = login(world.office)
    r = c.post(reverse("elections:congress", args=[congress.pk]),
               {"kind": "committee", "seats": "3", "alternates": "0"})
    assert r.status_code == 302
    election = congress.elections.get()
    for m in people(world.cell_a, 4, tag="web"):
        c.post(reverse("elections:election", args=[election.pk]),
               {"action": "candidate_add", "member": m.pk, "source": "plan"})
    page = c.get(reverse("elections:election", args=[election.pk])).content.decode()
    assert page.count("Theo đề án nhân sự") >= 4
    assert election.candidates.count() == 4


def test_a_member_without_a_role_in_the_election_sees_nothing(world: World) -> None:
    s = make_election(world.cell_a, seats=9, names=11)
    c = login(world.member_user)
    for name in ("round", "desk", "reconcile", "ballots_pdf"):
        assert c.get(reverse(f"elections:{name}", args=[s.round.pk])).status_code in (403, 404)
    assert c.get(reverse("elections:election", args=[s.election.pk])).status_code == 404


@pytest.mark.parametrize("kind", ["documents", "personnel", "organization"])
def test_a_sub_committee_member_sees_the_preparation_but_not_the_elections(
        world: World, kind: str) -> None:
    from daihoi.congress import services as congress_services
    from daihoi.roster import services as roster_services
    from daihoi.roster.choices import RoleKind
    from tests.conftest import make_member

    s = make_election(world.cell_a, seats=9, names=11)
    congress = s.election.congress
    sub = congress_services.subcommittee_create(actor=None, congress=congress, kind=kind,
                                                name="Tiểu ban")
    writer = make_member(world.cell_b, given_name="Văn", card_number="10000009")
    user = roster_services.user_create_with_role(
        actor=None, username="tieuban", password=PASSWORD, organization=world.cell_b,
        kind=RoleKind.MEMBER, member=writer)
    congress_services.subcommittee_member_add(actor=None, subcommittee=sub, member=writer)
    c = login(user)
    assert c.get(reverse("congress:overview", args=[congress.pk])).status_code == 200
    assert c.get(reverse("elections:congress", args=[congress.pk])).status_code == 404
    assert c.get(reverse("elections:election", args=[s.election.pk])).status_code == 404
    for name in ("round", "reconcile", "results", "ballots_pdf"):
        assert c.get(reverse(f"elections:{name}", args=[s.round.pk])).status_code == 404


def test_a_desk_member_cannot_run_the_transitions(world: World) -> None:
    s = make_election(world.cell_a, seats=9, names=11)
    c = login(s.board_users[1])
    r = c.post(reverse("elections:round_step", args=[s.round.pk]), {"step": "print",
                                                                     "count": "5"})
    assert r.status_code == 403


def test_an_illegal_step_over_http_answers_409_and_is_logged(world: World) -> None:
    s = make_election(world.cell_a, seats=9, names=11)
    c = login(s.head)
    r = c.post(reverse("elections:round_step", args=[s.round.pk]), {"step": "announce"})
    assert r.status_code == 409
    assert "Không thể chuyển" in r.content.decode()
    assert AuditEntry.objects.filter(action="election.illegal_transition").exists()


def test_the_desk_refuses_a_bad_line_and_keeps_what_was_typed(world: World) -> None:
    s = make_election(world.cell_a, seats=9, names=11)
    to_counting(s)
    c = login(s.board_users[0])
    url = reverse("elections:desk", args=[s.round.pk])
    r = c.post(url, {"serial": "3", "line": "1 1"}, HTTP_HX_REQUEST="1")
    body = r.content.decode()
    assert "hai lần" in body
    assert 'value="1 1"' in body
    assert BallotEntry.objects.count() == 0
    page = c.get(url).content.decode()
    assert 'id="desk-count">0<' in page


def test_the_desk_shows_the_count_the_last_entry_and_the_next_serial(world: World) -> None:
    s = make_election(world.cell_a, seats=9, names=11)
    to_counting(s)
    c = login(s.board_users[0])
    url = reverse("elections:desk", args=[s.round.pk])
    body = c.post(url, {"serial": "1", "line": "1 2"}, HTTP_HX_REQUEST="1").content.decode()
    assert 'id="desk-count">1<' in body
    assert 'name="serial" type="number" min="1" value="2"' in body
    assert "Gạch: 1 " in body
    body = c.post(url, {"undo": "1"}, HTTP_HX_REQUEST="1").content.decode()
    assert "Đã hoàn tác phiếu số 1" in body
    assert 'id="desk-count">0<' in body


def test_a_whole_count_over_http_gives_the_minutes_and_the_exports(world: World) -> None:
    from docx import Document
    from pypdf import PdfReader

    s = make_election(world.cell_a, seats=9, names=11)
    to_counting(s)
    lines = random_lines(45, names=11, max_kept=9, seed=3)
    _key_over_http(s, lines, 0, {})
    _key_over_http(s, lines, 1, {8: lines[7] + (" 11" if "11" not in lines[7].split() else " 9")})
    head = login(s.head)
    rec = head.get(reverse("elections:reconcile", args=[s.round.pk])).content.decode()
    assert 'id="diff-8"' in rec
    assert 'id="diff-count">1<' in rec
    head.post(reverse("elections:reconcile", args=[s.round.pk]),
              {"serial": "8", "from_team": "1", "note": "Đối chiếu phiếu gốc: theo tổ 1"})
    office = login(world.office)
    for step in ("reconcile", "announce"):
        # The office watches; only the board head reconciles and announces.
        r = office.post(reverse("elections:round_step", args=[s.round.pk]), {"step": step})
        assert r.status_code == 403
        r = head.post(reverse("elections:round_step", args=[s.round.pk]), {"step": step})
        assert r.status_code == 302
    s.round.refresh_from_db()
    assert s.round.status == RoundStatus.ANNOUNCED
    elected = s.round.result["elected"]
    assert len(elected) == 9
    results = office.get(reverse("elections:results", args=[s.round.pk])).content.decode()
    assert all(name in results for name in elected)
    pdf = office.get(reverse("elections:minutes_pdf", args=[s.round.pk]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    flat = " ".join(text.split())
    for needle in ("BIÊN BẢN KIỂM PHIẾU", "ĐẢNG CỘNG SẢN VIỆT NAM", "Số phiếu phát ra",
                   "TRƯỞNG BAN", s.round.export_sha256[:16], *elected):
        assert needle in flat, needle
    docx = office.get(reverse("elections:minutes_docx", args=[s.round.pk]))
    doc_text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    doc_text += "\n".join(c.text for t in Document(io.BytesIO(docx.content)).tables
                          for row in t.rows for c in row.cells)
    for needle in ("được triệu tập", "có mặt", "vắng mặt", "không hợp lệ", *elected):
        assert needle in doc_text, needle
    # one body for both formats: every paragraph and every cell of the minutes is in each
    from daihoi.core.printing.blocks import Grid, Para
    from daihoi.elections.printing import minutes_blocks

    doc_flat = " ".join(doc_text.split())
    blocks = minutes_blocks(s.round)
    assert len(blocks) > 20
    for block in blocks:
        texts = ([" ".join("".join(r.text for r in block.runs).split())]
                 if isinstance(block, Para) else
                 [c for row in block.rows for c in row if c] if isinstance(block, Grid) else [])
        for text in texts:
            assert text in flat, text
            assert text in doc_flat, text
    exported = office.get(reverse("elections:export_json", args=[s.round.pk])).content
    import hashlib

    assert hashlib.sha256(exported).hexdigest() == s.round.export_sha256


def test_keying_a_ballot_at_the_desk_takes_a_dozen_queries_at_most(
    world: World, django_assert_max_num_queries: Any
) -> None:
    s = make_election(world.cell_a, seats=9, names=11)
    to_counting(s)
    c = login(s.board_users[0])
    url = reverse("elections:desk", args=[s.round.pk])
    c.post(url, {"serial": "1", "line": "1 2"}, HTTP_HX_REQUEST="1")
    with django_assert_max_num_queries(12):
        body = c.post(url, {"serial": "2", "line": "3 4"}, HTTP_HX_REQUEST="1").content.decode()
    assert "Đã ghi phiếu số 2." in body
