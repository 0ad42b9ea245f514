"""Setting up the election list at the speed of the rules: the personnel plan in one action
(R-022), a pasted list of names matched to members, in-place updates over HTMX, and pickers that
search the whole roster."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from daihoi.audit.models import AuditEntry
from daihoi.core.errors import ServiceError
from daihoi.elections import services
from daihoi.elections.models import Candidate, Election
from daihoi.personnel import services as personnel
from daihoi.roster import services as roster_services
from tests.conftest import PASSWORD, World, make_member
from tests.delegates.factories import bulk_members
from tests.elections.factories import make_congress, people

pytestmark = pytest.mark.django_db


def login(user: Any) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


def _election(world: World, kind: str = "committee", seats: int = 3) -> Election:
    congress = make_congress(world.committee)
    return services.election_create(actor=None, congress=congress, kind=kind, seats=seats)


def _names(election: Election) -> list[str]:
    return sorted(c.member.full_name for c in Candidate.objects.filter(
        election=election, withdrawn=False).select_related("member"))


def test_pasted_names_are_matched_to_members_and_added_at_once(world: World) -> None:
    election = _election(world, seats=2)
    a, b, c = people(world.cell_a, 3, tag="dan")
    text = f"{a.full_name}\n\n  {b.full_name.upper()}  \n{c.full_name}\r\n"
    rows = services.candidates_paste(actor=None, election=election, text=text)
    assert len(rows) == 3
    assert _names(election) == sorted([a.full_name, b.full_name, c.full_name])
    assert AuditEntry.objects.filter(action="election.candidates_add").count() == 1


def test_an_unknown_ambiguous_or_repeated_name_adds_nobody_and_is_reported_by_line(
        world: World) -> None:
    election = _election(world)
    [known] = people(world.cell_a, 1, tag="ro")
    twin1 = make_member(world.cell_a, family_name="Đỗ", middle_name="Thị", given_name="Mai",
                        date_of_birth=dt.date(1975, 2, 2), card_number="77700001")
    make_member(world.cell_b, family_name="Đỗ", middle_name="Thị", given_name="Mai",
                date_of_birth=dt.date(1982, 3, 3), card_number="77700002")
    text = "\n".join([known.full_name, "Không Có Ai", "Đỗ Thị Mai", known.full_name])
    before = AuditEntry.objects.count()
    with pytest.raises(ServiceError) as info:
        services.candidates_paste(actor=None, election=election, text=text)
    message = info.value.message
    assert "Dòng 2: “Không Có Ai” — không có đảng viên nào" in message
    assert "Dòng 3: “Đỗ Thị Mai” — 2 đảng viên trùng tên" in message
    assert "Chi bộ A1, sinh năm 1975" in message
    assert "Dòng 4:" in message
    assert "đã có ở dòng 1" in message
    assert _names(election) == []
    assert AuditEntry.objects.count() == before
    # The year of birth tells the two apart.
    services.candidates_paste(actor=None, election=election, text="Đỗ Thị Mai (1975)")
    assert Candidate.objects.get(election=election).member == twin1


@pytest.mark.parametrize(("lines", "refused"), [(500, False), (501, True)])
def test_a_pasted_list_over_500_lines_is_refused_before_any_query(
        world: World, lines: int, refused: bool) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from daihoi.elections import names

    election = _election(world)
    text = "\n\n".join(f"Người Thứ {i}" for i in range(lines))
    with CaptureQueriesContext(connection) as queries:
        found, problems = names.match_names(election, text)
    assert found == []
    if refused:
        assert problems == ["Danh sách dán vào dài hơn giới hạn 500 dòng (mỗi dòng một tên, "
                            "không quá 200 ký tự)."]
        assert len(queries) == 0
    else:
        assert len(problems) == 500
        assert problems[0].startswith("Dòng 1: “Người Thứ 0” — không có đảng viên")
    assert names.match_names(election, "A" * 201)[1] == [names.too_many_lines()]
    assert names.match_names(election, "\n" * 1000 + "x")[1] == [names.too_many_lines()]


def test_a_pasted_list_with_one_member_who_may_not_stand_adds_nobody(world: World) -> None:
    election = _election(world)
    ok, suspended = people(world.cell_a, 2, tag="ds")
    roster_services.member_status_change(actor=None, member=suspended,
                                         expected_version=suspended.version,
                                         status="suspended", effective_on=dt.date(2020, 1, 2))
    with pytest.raises(ServiceError, match=f"{suspended.full_name} bị đình chỉ"):
        services.candidates_paste(actor=None, election=election,
                                  text=f"{ok.full_name}\n{suspended.full_name}")
    assert _names(election) == []


def test_the_list_is_taken_from_the_personnel_plan_in_one_action(world: World) -> None:
    election = _election(world, seats=3)
    plan = personnel.plan_create(actor=None, congress=election.congress, kind="committee",
                                 name="Phương án 1", term_rules="2020-2025",
                                 level="grassroots", seats=3)
    members = people(world.cell_a, 4, tag="da")
    for m in members:
        personnel.plan_candidate_add(actor=None, plan=plan, member=m)
    c = login(world.office)
    r = c.post(reverse("elections:election", args=[election.pk]),
               {"action": "candidates_from_plan", "plan": plan.pk}, HTTP_HX_REQUEST="true")
    assert r.status_code == 200
    assert "Đã thêm 4 người theo đề án nhân sự “Phương án 1”" in r.content.decode()
    assert _names(election) == sorted(m.full_name for m in members)
    # A delegates' plan is not a committee list.
    other = personnel.plan_create(actor=None, congress=election.congress, kind="delegates",
                                  name="Đại biểu", term_rules="2020-2025", level="grassroots",
                                  seats=2)
    with pytest.raises(ServiceError, match="không dùng cho cuộc bầu này"):
        services.candidates_from_plan(actor=None, election=election, plan=other)


def test_adding_and_withdrawing_over_htmx_answers_with_the_list_fragment_only(
        world: World) -> None:
    election = _election(world)
    a, b = people(world.cell_a, 2, tag="hx")
    c = login(world.office)
    url = reverse("elections:election", args=[election.pk])
    r = c.post(url, {"action": "candidate_add", "member": a.pk, "source": "plan"},
               HTTP_HX_REQUEST="true")
    body = r.content.decode()
    assert r.status_code == 200
    assert body.startswith('<div id="candidate-list">')
    assert "<html" not in body
    assert f"Đã thêm {a.full_name} vào danh sách." in body
    assert "Danh sách bầu cử (1 người" in body
    cand = Candidate.objects.get(election=election, member=a)
    r = c.post(url, {"action": "candidate_withdraw", "candidate": cand.pk,
                     "decision": "Đại hội đồng ý cho rút"}, HTTP_HX_REQUEST="true")
    assert "đã rút khỏi danh sách" in r.content.decode()
    # A refusal comes back in the fragment too, and writes nothing.
    r = c.post(url, {"action": "candidates_paste", "names": f"{b.full_name}\nAi Đó"},
               HTTP_HX_REQUEST="true")
    assert r.status_code == 200
    assert "Dòng 2: “Ai Đó”" in r.content.decode()
    assert _names(election) == []


def test_the_pickers_search_the_whole_roster_not_the_first_400(world: World) -> None:
    election = _election(world)
    bulk_members(world.cell_a, 450)
    last = make_member(world.cell_b, family_name="Ỷ", middle_name="Lan", given_name="Ỹ",
                       card_number="88800001")
    c = login(world.office)
    url = reverse("elections:member_search", args=[election.pk])
    body = c.get(url, {"q": "y lan"}).content.decode()
    assert f'<option value="{last.pk}">' in body
    assert "Chi bộ A2" in body
    # Not another organization's members, and not for someone who cannot set up the election.
    assert world.other_member.full_name not in c.get(url, {"q": "Dũng"}).content.decode()
    assert login(world.member_user).get(url, {"q": "y"}).status_code in (403, 404)
    assert login(world.outsider).get(url, {"q": "y"}).status_code == 404


def test_a_floor_nominee_without_the_attending_count_is_refused_in_plain_words(
        world: World) -> None:
    election = _election(world)
    [a] = people(world.cell_a, 1, tag="fl")
    c = login(world.office)
    r = c.post(reverse("elections:election", args=[election.pk]),
               {"action": "candidate_add", "member": a.pk, "source": "floor",
                "floor_agree": "20", "floor_attending": ""}, HTTP_HX_REQUEST="true")
    assert "cần số đại biểu dự đại hội và số tán thành" in r.content.decode()
    assert _names(election) == []
