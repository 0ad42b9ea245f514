"""Each role lands on its own work: the home page shows the user's parts and not another role's,
and nothing of another organization."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from daihoi import clock
from daihoi.congress import services as congress_services
from daihoi.documents import services as document_services
from daihoi.documents.models import Stance
from daihoi.roster import services as roster_services
from daihoi.roster.choices import RoleKind
from tests.conftest import PASSWORD, World, make_member
from tests.congress.factories import Preparation, at, make_preparation

#: After the opinion (19/05/2020) and before the document's deadline (20/05/2020 17:00).
NOW = at(2020, 5, 20, 9)


@dataclass
class Cast:
    prep: Preparation
    other: Preparation
    reviewer: Any


@pytest.fixture
def cast(world: World) -> Cast:
    prep = make_preparation(world.committee)
    other = make_preparation(world.other_committee)
    writer = make_member(world.cell_b, given_name="Văn", card_number="10000009")
    reviewer = roster_services.user_create_with_role(
        actor=None, username="tieuban", password=PASSWORD, organization=world.cell_b,
        kind=RoleKind.MEMBER, member=writer)
    congress_services.subcommittee_member_add(actor=None, subcommittee=prep.subcommittee,
                                              member=writer)
    return Cast(prep, other, reviewer)


def home_of(client: Client, user: Any) -> str:
    client.force_login(user)
    with clock.frozen(NOW):
        response = client.get(reverse("home"), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("homes:home")
    return response.content.decode()


def test_the_office_lands_on_its_congress_dashboard(client: Client, world: World,
                                                      cast: Cast) -> None:
    page = home_of(client, world.office)
    assert 'id="office-dashboard"' in page
    assert cast.prep.congress.title in page
    assert cast.other.congress.title not in page
    # the task (deadline 01/04/2020) is overdue, the document has one unanswered opinion
    assert 'data-stat="overdue">1<' in page
    assert cast.prep.task.title in page
    assert f'data-unanswered="{cast.prep.document.pk}">1<' in page
    assert "1 nhiệm vụ chuẩn bị đã quá hạn." in page
    # the roster figures one click away
    assert f'href="{reverse("roster:dashboard", args=[world.committee.code])}"' in page
    # not another role's parts
    for part in ('id="opinion-queue"', 'id="board-home"', 'id="cell-home"',
                 'id="member-home"'):
        assert part not in page


def test_days_to_the_congress_and_the_phase(client: Client, world: World, cast: Cast) -> None:
    congress = cast.prep.congress
    congress.opens_at = at(2020, 5, 30, 8)
    congress.save(update_fields=["opens_at"])
    page = home_of(client, world.office)
    assert 'data-stat="days-to">10<' in page  # 20/05 → 30/05
    assert "ngày đến khai mạc" in page
    assert "chi bộ đã báo cáo kết quả" in page


def test_the_sub_committee_lands_on_its_queue(client: Client, world: World, cast: Cast) -> None:
    page = home_of(client, cast.reviewer)
    assert 'id="opinion-queue"' in page
    assert f'data-opinion="{cast.prep.opinion.pk}"' in page
    assert f'data-opinion="{cast.other.opinion.pk}"' not in page
    assert 'id="office-dashboard"' not in page
    assert 'id="board-home"' not in page


def _second_opinion(cast: Cast) -> Any:
    """An older opinion from cell A2 on the second section (submitted two days before)."""
    from daihoi.roster.models import Member

    member = Member.objects.filter(cell__code="T-A2").order_by("pk").first()
    with clock.frozen(NOW - dt.timedelta(days=3)):
        return document_services.opinion_submit(
            actor=None, section=cast.prep.sections[1], stance=Stance.PARTIAL,
            reason="Cần rõ hơn.", proposed_text="Sửa lại câu này.", member=member)


def test_the_queue_is_oldest_first_and_filters(client: Client, world: World, cast: Cast) -> None:
    older = _second_opinion(cast)
    client.force_login(cast.reviewer)
    url = reverse("homes:opinion_queue")
    with clock.frozen(NOW):
        page = client.get(url).content.decode()
        assert page.index(f'data-opinion="{older.pk}"') < page.index(
            f'data-opinion="{cast.prep.opinion.pk}"')
        assert f'data-opinion="{cast.other.opinion.pk}"' not in page
        by_cell = client.get(url, {"chi_bo": world.cell_a.pk}).content.decode()
        assert f'data-opinion="{cast.prep.opinion.pk}"' in by_cell
        assert f'data-opinion="{older.pk}"' not in by_cell
        by_section = client.get(url, {"van_kien": cast.prep.document.pk,
                                      "phan": cast.prep.sections[1].pk}).content.decode()
        assert f'data-opinion="{older.pk}"' in by_section
        assert f'data-opinion="{cast.prep.opinion.pk}"' not in by_section
        # another organization's document as a filter finds nothing, and shows nothing of it
        foreign = client.get(url, {"van_kien": cast.other.document.pk}).content.decode()
        assert "data-opinion=" not in foreign
        # nonsense filters are ignored, not an error
        assert client.get(url, {"van_kien": "x" * 1000, "chi_bo": "-1"}).status_code == 200
    # an answered opinion leaves the queue; an "agree" never enters it
    document_services.opinion_answer(actor=None, opinion=older, answer="noted", response="")
    with clock.frozen(NOW):
        page = client.get(url).content.decode()
    assert f'data-opinion="{older.pk}"' not in page


def test_the_queue_is_for_those_who_answer(client: Client, world: World, cast: Cast) -> None:
    for user, status in ((world.office, 200), (cast.reviewer, 200), (world.member_user, 404),
                         (world.secretary_a, 404)):
        client.force_login(user)
        assert client.get(reverse("homes:opinion_queue")).status_code == status, user
    # the other committee's office answers its own opinions, never ours
    client.force_login(world.outsider)
    page = client.get(reverse("homes:opinion_queue")).content.decode()
    assert f'data-opinion="{cast.other.opinion.pk}"' in page
    assert f'data-opinion="{cast.prep.opinion.pk}"' not in page


def test_a_member_sees_their_drafts_and_opinions_and_the_answer_as_new_until_read(
        client: Client, world: World, cast: Cast) -> None:
    page = home_of(client, world.member_user)
    assert 'id="member-home"' in page
    assert cast.prep.document.title in page  # open until 20/05 17:00
    assert f'data-opinion="{cast.prep.opinion.pk}"' in page
    assert "data-new" not in page
    for part in ('id="office-dashboard"', 'id="opinion-queue"', 'id="cell-home"'):
        assert part not in page
    with clock.frozen(NOW):
        document_services.opinion_answer(actor=None, opinion=cast.prep.opinion,
                                         answer="accepted", response="Đã sửa phần 1.")
    page = home_of(client, world.member_user)
    assert "data-new" in page
    assert "Đã sửa phần 1." in page
    with clock.frozen(NOW + dt.timedelta(minutes=5)):
        listing = client.get(reverse("homes:notifications")).content.decode()
        assert "đã được trả lời: Tiếp thu." in listing
        newest = listing.split('name="up_to" value="')[1].split('"')[0]
        client.post(reverse("homes:notifications_read"), {"up_to": newest})
    page = home_of(client, world.member_user)
    assert "data-new" not in page
    assert 'id="notif-count">Thông báo</a>' in page


def test_a_cell_secretary_sees_the_cells_congress_list_and_work(
        client: Client, world: World, cast: Cast) -> None:
    page = home_of(client, world.secretary_a)
    assert 'id="cell-home"' in page
    assert cast.prep.cell_congresses[0].title in page
    assert reverse("roster:member_list", args=[world.cell_a.code]) in page
    assert "Ấn định ngày đại hội chi bộ." in page
    assert f"Gửi ý kiến của chi bộ về “{cast.prep.document.title}”" in page
    assert world.cell_b.name not in page
    for part in ('id="office-dashboard"', 'id="opinion-queue"', 'id="board-home"'):
        assert part not in page


def test_the_counting_board_sees_its_rounds_and_its_desk(client: Client, world: World,
                                                         cast: Cast) -> None:
    from tests.elections.factories import make_election, to_counting

    s = make_election(world.cell_a, congress=cast.prep.congress, seats=3, names=4, board=2)
    to_counting(s, summoned=4, issued=4, collected=4)
    head = home_of(client, s.head)
    assert 'id="board-home"' in head
    assert reverse("elections:round", args=[s.round.pk]) in head
    assert reverse("elections:reconcile", args=[s.round.pk]) in head  # the head compares
    desk_user = s.desks[1].user
    desk = home_of(client, desk_user)
    assert reverse("elections:desk", args=[s.round.pk]) in desk
    assert reverse("elections:reconcile", args=[s.round.pk]) not in desk
    assert 'id="office-dashboard"' not in desk


def test_a_login_without_any_role_has_no_home(client: Client, world: World) -> None:
    nobody = get_user_model().objects.create_user("nobody", password=PASSWORD)
    client.force_login(nobody)
    assert client.get(reverse("homes:home")).status_code == 403
