"""The congress-day pages through HTTP: the office sees and acts; anyone else gets 404."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from daihoi.audit.models import AuditEntry
from daihoi.delegates import services
from daihoi.delegates.badges import badge_payload
from daihoi.delegates.models import CheckIn, ShowOfHandsVote
from daihoi.delegates.selectors import search_delegates
from tests.conftest import PASSWORD, World, make_member
from tests.delegates.factories import bulk_delegates, delegates_congress, make_day


def login(client: Client, user: object) -> Client:
    assert client.login(username=user.username, password=PASSWORD)  # type: ignore[attr-defined]  # user is typed object; it is a User
    return client


def test_the_office_checks_a_delegate_in_by_scan_in_one_post(client: Client,
                                                             world: World) -> None:
    day = make_day(world.cell_a, n=3)
    login(client, world.office)
    url = reverse("delegates:desk", args=[day.congress.pk, day.official.pk])
    assert client.get(url).status_code == 200
    code = badge_payload(congress_id=day.congress.pk, delegate_id=day.delegates[0].pk)
    r = client.post(url, {"code": code, "desk": "Bàn 2"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 200
    assert "Đã điểm danh" in r.content.decode()
    assert CheckIn.objects.get().desk == "Bàn 2"
    r = client.post(url, {"code": code}, HTTP_HX_REQUEST="true")
    assert "đã điểm danh lúc" in r.content.decode()
    r = client.post(url, {"code": code[:-2] + "xx"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 422
    assert "bị làm giả" in r.content.decode()
    assert CheckIn.objects.count() == 1


def test_the_desk_search_finds_by_name_without_diacritics_and_by_number(
        client: Client, world: World) -> None:
    day = make_day(world.cell_a, n=3)
    login(client, world.office)
    url = reverse("delegates:desk_search", args=[day.congress.pk, day.official.pk])
    name = day.delegates[1].member.full_name
    r = client.get(url, {"q": "tran van binh"})
    assert name in r.content.decode()
    r = client.get(url, {"q": str(day.delegates[2].number)})
    assert day.delegates[2].member.full_name in r.content.decode()


def test_the_presidium_sees_presence_quorum_and_the_threshold_base(client: Client,
                                                                   world: World) -> None:
    day = make_day(world.cell_a, n=9)
    login(client, world.office)
    page = client.get(reverse("delegates:presence", args=[day.congress.pk, day.official.pk]))
    body = page.content.decode()
    assert "Chưa đủ túc số" in body
    assert 'id="threshold-base">9<' in body
    base = client.get(reverse("delegates:threshold_base", args=[day.congress.pk]),
                      {"phien": day.official.pk})
    assert 'id="base-value">9<' in base.content.decode()


@pytest.mark.parametrize("name", ["delegate_list", "credentials", "sessions", "votes",
                                  "threshold_base", "credentials_docx", "badges"])
def test_the_office_opens_every_page(client: Client, world: World, name: str) -> None:
    day = make_day(world.cell_a, n=2)
    login(client, world.office)
    assert client.get(reverse(f"delegates:{name}", args=[day.congress.pk])).status_code == 200


def test_a_show_of_hands_vote_over_the_present_is_refused_in_the_form(client: Client,
                                                                      world: World) -> None:
    day = make_day(world.cell_a, n=2)
    login(client, world.office)
    r = client.post(reverse("delegates:votes", args=[day.congress.pk]), {
        "subject": "presidium", "title": "Bầu Đoàn Chủ tịch", "present": 2, "in_favour": 3,
        "against": 0, "abstain": 0})
    assert r.status_code == 422
    assert not ShowOfHandsVote.objects.exists()


@pytest.mark.parametrize("who", ["secretary_a", "member_user", "outsider"])
def test_nobody_but_the_office_reaches_the_congress_day(client: Client, world: World,
                                                        who: str) -> None:
    day = make_day(world.cell_a, n=2)
    login(client, getattr(world, who))
    for url in (reverse("delegates:delegate_list", args=[day.congress.pk]),
                reverse("delegates:desk", args=[day.congress.pk, day.official.pk])):
        assert client.get(url).status_code == 404
    code = badge_payload(congress_id=day.congress.pk, delegate_id=day.delegates[0].pk)
    client.post(reverse("delegates:desk", args=[day.congress.pk, day.official.pk]),
                {"code": code})
    assert not CheckIn.objects.exists()


def test_a_delegate_of_another_congress_posted_at_this_desk_is_refused_without_a_name(
        client: Client, world: World) -> None:
    day = make_day(world.cell_a, n=2)
    other = make_day(world.other_cell, n=2)
    login(client, world.office)
    r = client.post(reverse("delegates:desk", args=[day.congress.pk, day.official.pk]),
                    {"delegate": other.delegates[0].pk}, HTTP_HX_REQUEST="true")
    assert r.status_code == 422
    body = r.content.decode()
    assert "không phải đại biểu của đại hội này" in body
    assert other.delegates[0].member.full_name not in body
    assert not CheckIn.objects.exists()


def test_a_check_in_takes_the_same_few_queries_however_many_delegates(
        client: Client, world: World, django_assert_max_num_queries: object) -> None:
    day = make_day(world.cell_a, n=60)
    login(client, world.office)
    url = reverse("delegates:desk", args=[day.congress.pk, day.official.pk])
    code = badge_payload(congress_id=day.congress.pk, delegate_id=day.delegates[59].pk)
    # The desk is open before the first scan (opening it makes the session a desk session,
    # written once; see DeskIdleMiddleware).
    client.get(url)
    with django_assert_max_num_queries(18):  # type: ignore[operator]  # the fixture is untyped
        r = client.post(url, {"code": code}, HTTP_HX_REQUEST="true")
    assert "Đã điểm danh" in r.content.decode()


def test_the_sessions_page_counts_attendance_per_session(client: Client, world: World) -> None:
    from daihoi.delegates import services

    day = make_day(world.cell_a, n=3)
    for d in day.delegates[:2]:
        services.delegate_check_in(actor=None, session=day.preparatory, delegate=d)
    login(client, world.office)
    body = client.get(reverse("delegates:sessions", args=[day.congress.pk])).content.decode()
    assert '<td class="num">2</td>' in body
    assert '<td class="num">0</td>' in body


def test_every_scan_answers_its_own_outcome_and_the_counter(client: Client,
                                                           world: World) -> None:
    day = make_day(world.cell_a, n=3)
    login(client, world.office)
    url = reverse("delegates:desk", args=[day.congress.pk, day.official.pk])
    code = badge_payload(congress_id=day.congress.pk, delegate_id=day.delegates[0].pk)
    other = make_day(world.other_cell, n=1)
    other_code = badge_payload(congress_id=other.congress.pk, delegate_id=other.delegates[0].pk)
    expected = [
        (code, 200, 'data-outcome="checked-in"', "1"),
        (code, 200, 'data-outcome="already"', "1"),
        ("12345", 422, 'data-outcome="refused"', "1"),
        (other_code, 422, 'data-outcome="refused"', "1"),
    ]
    for scanned, status, outcome, count in expected:
        r = client.post(url, {"code": scanned}, HTTP_HX_REQUEST="true")
        body = r.content.decode()
        assert (r.status_code, body.count("data-outcome=")) == (status, 1), scanned
        assert outcome in body
        assert f'hx-swap-oob="true">{count}</span>' in body
    assert "không phải thẻ đại biểu" in client.post(
        url, {"code": "12345"}, HTTP_HX_REQUEST="true").content.decode()
    assert "đại hội khác" in client.post(
        url, {"code": other_code}, HTTP_HX_REQUEST="true").content.decode()


def test_the_desk_counter_polls_the_sessions_check_ins_from_every_desk(
        client: Client, world: World) -> None:
    day = make_day(world.cell_a, n=3)
    login(client, world.office)
    count_url = reverse("delegates:desk_count", args=[day.congress.pk, day.official.pk])
    desk = client.get(reverse("delegates:desk", args=[day.congress.pk, day.official.pk]))
    assert f'hx-get="{count_url}" hx-trigger="every 5s"' in desk.content.decode()
    assert ">0</span>" in client.get(count_url).content.decode()
    for d in day.delegates[:2]:
        services.delegate_check_in(actor=world.office, session=day.official, delegate=d,
                                   desk="Bàn 1")
    assert ">2</span>" in client.get(count_url).content.decode()


def test_not_summoned_asks_first_naming_the_person_and_the_consequence(
        client: Client, world: World) -> None:
    day = make_day(world.cell_a, n=3)
    login(client, world.office)
    target = day.delegates[1]
    url = reverse("delegates:not_summoned", args=[target.pk])
    page = client.post(url, {"reason": "Đang bị đình chỉ sinh hoạt"})
    body = page.content.decode()
    assert page.status_code == 200
    assert f"Không triệu tập đồng chí {target.member.full_name}?" in body
    assert "Số đại biểu được triệu tập: 3 → 2" in body
    assert "Không hoàn tác được" in body
    assert "R-0" not in body
    target.refresh_from_db()
    assert target.status == "summoned"

    client.post(url, {"reason": "Đang bị đình chỉ sinh hoạt", "confirm": "yes"})
    target.refresh_from_db()
    assert (target.status, target.status_reason) == ("not_summoned",
                                                     "Đang bị đình chỉ sinh hoạt")
    audits = AuditEntry.objects.filter(action="delegates.not_summoned").count()
    # The same confirmation again (a double click, a stale tab): nothing written twice.
    again = client.post(url, {"reason": "Đang bị đình chỉ sinh hoạt", "confirm": "yes"},
                        follow=True)
    assert "không còn ở tình trạng được triệu tập" in again.content.decode()
    assert AuditEntry.objects.filter(action="delegates.not_summoned").count() == audits == 1


def test_not_summoned_without_a_reason_writes_nothing_and_says_why(
        client: Client, world: World) -> None:
    day = make_day(world.cell_a, n=2)
    login(client, world.office)
    r = client.post(reverse("delegates:not_summoned", args=[day.delegates[0].pk]),
                    {"reason": "  ", "confirm": "yes"}, follow=True)
    assert "Cần ghi lý do không triệu tập" in r.content.decode()
    day.delegates[0].refresh_from_db()
    assert day.delegates[0].status == "summoned"


def test_the_desk_search_ranks_the_name_as_typed_first(world: World) -> None:
    congress = delegates_congress(world.committee)
    members = [make_member(world.cell_a, family_name="Lò", middle_name="Thị", given_name=g,
                           gender="female", card_number=f"7200000{i}")
               for i, g in enumerate(["Thanh", "Anh", "Ánh", "Oanh"])]
    bulk_delegates(congress, members)
    found = [d.member.given_name for d in search_delegates(congress, "Ánh")]
    assert found == ["Ánh", "Anh", "Oanh", "Thanh"]
