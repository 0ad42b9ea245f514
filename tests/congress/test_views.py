from __future__ import annotations

import io
from typing import Any

from django.test import Client
from django.urls import reverse
from docx import Document as Docx

from daihoi.congress import services
from daihoi.congress.models import CellCongressResult, CongressStatus, ResultRole, TaskStatus
from tests.conftest import PASSWORD, World
from tests.congress.factories import at, make_congress


def login(client: Client, user: Any) -> Client:
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _prepared(world: World) -> tuple:
    congress = make_congress(world.committee)
    ccs = services.cell_congresses_create(actor=None, congress=congress, pilot_cell=world.cell_a)
    pilot = next(c for c in ccs if c.is_pilot)
    services.cell_congress_schedule(actor=None, cell_congress=pilot, opens_at=at(2020, 4, 8))
    return congress, pilot, next(c for c in ccs if not c.is_pilot)


def test_the_office_dashboard_shows_held_cells_out_of_all_and_the_late_ones(
    client: Client, world: World
) -> None:
    congress, pilot, other = _prepared(world)
    services.cell_congress_mark_held(actor=None, cell_congress=pilot)
    services.cell_congress_submit_results(actor=None, cell_congress=pilot,
                                          secretary=world.member_a, delegates=[world.member_a])
    services.cell_congress_schedule(actor=None, cell_congress=other, opens_at=at(2020, 4, 20))
    login(client, world.office)
    html = client.get(reverse("congress:cell_congresses", args=[congress.pk])).content.decode()
    assert "Đã tổ chức 1/2 chi bộ" in html
    assert html.count('data-late="1"') == 1  # the real clock is long after April 2020
    assert "đại hội điểm" in html


def test_the_cell_secretary_reports_the_results_from_the_browser_form(
    client: Client, world: World
) -> None:
    _, pilot, other = _prepared(world)
    login(client, world.secretary_a)
    page = client.get(reverse("congress:cell_congress", args=[pilot.pk]))
    assert page.status_code == 200
    assert client.post(reverse("congress:cell_congress", args=[pilot.pk]),
                       {"action": "held"}).status_code == 302
    response = client.post(reverse("congress:cell_results", args=[pilot.pk]), {
        "secretary": world.member_a.pk, "delegates": [world.member_a.pk], "note": "Tốt"})
    assert response.status_code == 302
    pilot.refresh_from_db()
    assert pilot.status == CongressStatus.RESULTS_SUBMITTED
    assert CellCongressResult.objects.filter(congress=pilot, role=ResultRole.DELEGATE).count() == 1
    # Not the other cell's congress.
    assert client.get(reverse("congress:cell_results", args=[other.pk])).status_code == 404


def test_holding_before_the_pilot_answers_409_with_the_reason(client: Client, world: World) -> None:
    _, _, other = _prepared(world)
    services.cell_congress_schedule(actor=None, cell_congress=other, opens_at=at(2020, 4, 20))
    login(client, world.office)
    response = client.post(reverse("congress:cell_congress", args=[other.pk]), {"action": "held"})
    assert response.status_code == 409
    assert "Đại hội điểm" in response.content.decode()


def test_a_member_sees_no_congress_page(client: Client, world: World) -> None:
    congress, pilot, _ = _prepared(world)
    login(client, world.member_user)
    for url in (reverse("congress:overview", args=[congress.pk]),
                reverse("congress:cell_congress", args=[pilot.pk]),
                reverse("congress:subcommittees", args=[congress.pk])):
        assert client.get(url).status_code == 404


def test_the_programme_prints_with_the_party_heading(client: Client, world: World) -> None:
    congress, _, _ = _prepared(world)
    services.programme_item_add(actor=None, congress=congress, session="official",
                                starts_at=at(2020, 6, 10, 7), title="Khai mạc Đại hội",
                                presenter="Bí thư")
    login(client, world.office)
    docx = client.get(reverse("congress:programme_docx", args=[congress.pk]))
    doc = Docx(io.BytesIO(docx.content))
    heading = " ".join(c.text for row in doc.tables[0].rows for c in row.cells)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in heading
    assert "ĐẠI HỘI ĐẠI BIỂU LẦN THỨ X" in heading
    assert "Khai mạc Đại hội" in " ".join(c.text for row in doc.tables[1].rows
                                           for c in row.cells)
    pdf = client.get(reverse("congress:programme_pdf", args=[congress.pk]))
    assert pdf.content[:4] == b"%PDF"


def test_the_office_assigns_a_task_and_the_owner_marks_it_done(
    client: Client, world: World
) -> None:
    from daihoi.roster.choices import RoleKind
    from daihoi.roster.services import user_create_with_role
    from tests.conftest import make_member

    congress, _, _ = _prepared(world)
    owner = make_member(world.cell_b, given_name="Phong", card_number="10000044")
    owner_user = user_create_with_role(actor=None, username="owner", password=PASSWORD,
                                       organization=world.cell_b, kind=RoleKind.MEMBER,
                                       member=owner)
    sub = services.subcommittee_create(actor=None, congress=congress, kind="organization",
                                       name="Tiểu ban tổ chức phục vụ")
    login(client, world.office)
    response = client.post(reverse("congress:subcommittees", args=[congress.pk]), {
        "action": "task", "task-title": "Khánh tiết", "task-subcommittee": sub.pk,
        "task-owner": owner.pk, "task-responsibility": "prepare", "task-deadline": "2020-06-05"})
    assert response.status_code == 302
    task = congress.tasks.get()
    html = client.get(reverse("congress:subcommittees", args=[congress.pk])).content.decode()
    assert "quá hạn" in html
    client.logout()
    login(client, owner_user)
    response = client.post(reverse("congress:task_detail", args=[task.pk]),
                           {"action": "status", "status": "done"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE


def test_a_committee_member_finds_the_tasks_given_to_them(client: Client, world: World) -> None:
    congress = make_congress(world.committee)
    import datetime as dt

    services.task_create(actor=None, congress=congress, title="Viết báo cáo kiểm điểm",
                         owner=world.member_a, deadline=dt.date(2020, 5, 1))
    services.task_create(actor=None, congress=congress, title="Việc của người khác",
                         owner=world.member_b, deadline=dt.date(2020, 5, 1))
    login(client, world.member_user)
    html = client.get(reverse("congress:list")).content.decode()
    assert "Viết báo cáo kiểm điểm" in html
    assert "Việc của người khác" not in html
