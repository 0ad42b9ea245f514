"""Create forms carry a one-time token: a double submit creates one object, and the second
submit shows the object the first created."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from daihoi.congress.models import ProgrammeItem
from daihoi.delegates.models import AttendanceSession, ShowOfHandsVote
from daihoi.documents.models import Document
from daihoi.elections.models import Election
from daihoi.personnel.models import PersonnelPlan
from daihoi.roster.models import Member
from tests.conftest import PASSWORD, World
from tests.delegates.factories import make_day


@dataclass
class CreateForm:
    page: str
    data: dict[str, Any]
    model: type[Model]


def _forms(world: World) -> dict[str, CreateForm]:
    day = make_day(world.cell_a, n=2)
    congress = day.congress
    return {
        "member": CreateForm(
            reverse("roster:member_create", args=[world.committee.code]),
            {"family_name": "Hoàng", "middle_name": "Thị", "given_name": "Yến",
             "gender": "female", "date_of_birth": "1990-02-03", "ethnicity": "Tày",
             "religion": "Không", "home_town": "", "general_education": "upper_secondary",
             "qualification": "university", "specialty": "", "political_theory": "elementary",
             # probationary, without a card: a second copy would not clash on the card number
             "admitted_on": "2015-05-19", "full_member_on": "", "card_number": "",
             "agency": "", "position": "", "cell": world.cell_a.pk}, Member),
        "election": CreateForm(
            reverse("elections:congress", args=[congress.pk]),
            {"kind": "committee", "seats": "3", "alternates": "0"}, Election),
        "programme_item": CreateForm(
            reverse("congress:programme", args=[congress.pk]),
            {"session": "official", "starts_at": "2020-06-10T08:00", "title": "Khai mạc",
             "presenter": ""}, ProgrammeItem),
        "session": CreateForm(
            reverse("delegates:sessions", args=[congress.pk]),
            {"name": "Phiên bế mạc", "starts_at": "2020-06-10T16:00"}, AttendanceSession),
        "vote": CreateForm(
            reverse("delegates:votes", args=[congress.pk]),
            {"subject": "presidium", "title": "Bầu Đoàn Chủ tịch", "present": 2,
             "in_favour": 2, "against": 0, "abstain": 0}, ShowOfHandsVote),
        "plan": CreateForm(
            reverse("personnel:plan_list", args=[congress.pk]),
            {"kind": "committee", "name": "Phương án A", "term_rules": "2020-2025",
             "level": "grassroots", "seats": 9, "alternates": 0, "note": ""}, PersonnelPlan),
        "document": CreateForm(
            reverse("documents:congress_documents", args=[congress.pk]),
            {"kind": "political_report", "title": "Báo cáo chính trị"}, Document),
    }


def _token_of(page: str) -> str:
    match = re.search(r'name="once" value="([^"]+)"', page)
    assert match, "the create form carries no one-time token"
    return match.group(1)


@pytest.fixture
def office(client: Client, world: World) -> Client:
    assert client.login(username="office", password=PASSWORD)
    return client


FORMS = ["member", "election", "programme_item", "session", "vote", "plan", "document"]


@pytest.mark.parametrize("name", FORMS)
def test_a_double_submit_of_a_create_form_creates_one_object(office: Client, world: World,
                                                             name: str) -> None:
    form = _forms(world)[name]
    before = form.model.objects.count()
    token = _token_of(office.get(form.page).content.decode())
    first = office.post(form.page, {**form.data, "once": token})
    assert first.status_code == 302, first.content.decode()[:2000]
    assert form.model.objects.count() == before + 1
    second = office.post(form.page, {**form.data, "once": token})
    assert form.model.objects.count() == before + 1
    assert second.status_code == 302
    assert second["Location"] == first["Location"]
    page = office.get(second["Location"]).content.decode()
    assert "đã được gửi trước đó; không tạo thêm bản trùng" in page


@pytest.mark.parametrize("name", ["member", "election", "programme_item"])
def test_two_forms_with_their_own_tokens_create_two_objects(office: Client, world: World,
                                                            name: str) -> None:
    form = _forms(world)[name]
    before = form.model.objects.count()
    for _ in range(2):
        token = _token_of(office.get(form.page).content.decode())
        office.post(form.page, {**form.data, "once": token})
    assert form.model.objects.count() == before + 2


def test_a_refused_create_does_not_use_up_its_token(office: Client, world: World) -> None:
    form = _forms(world)["election"]
    token = _token_of(office.get(form.page).content.decode())
    office.post(form.page, {**form.data, "seats": "-1", "once": token})
    assert not Election.objects.exists()
    response = office.post(form.page, {**form.data, "once": token})
    assert response.status_code == 302
    assert Election.objects.count() == 1


def test_another_user_cannot_learn_what_a_token_created(client: Client, world: World) -> None:
    from daihoi.core.models import SubmitToken
    from daihoi.core.once import AlreadySubmitted, create_once

    class Post:
        POST: dict[str, str]
        user: Any

    made = Post()
    made.POST, made.user = {"once": "x" * 32}, world.office
    create_once(made, lambda: 1, lambda _: "/bi-mat/")  # type: ignore[arg-type]
    other = Post()
    other.POST, other.user = {"once": "x" * 32}, world.outsider

    with pytest.raises(AlreadySubmitted) as exc:
        create_once(other, lambda: 2, lambda _: "/khac/")  # type: ignore[arg-type]
    assert exc.value.url == ""
    assert SubmitToken.objects.count() == 1


def test_creating_a_session_whose_name_another_office_just_took_is_a_form_error(
        office: Client, world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """The race of two offices: both pass the uniqueness check, the database refuses the second
    (IntegrityError on PostgreSQL), which must be a form error, not a 500."""
    from daihoi.delegates.models import AttendanceSession as Model_

    day = make_day(world.cell_a, n=2)
    taken = day.official.name
    monkeypatch.setattr(Model_, "validate_constraints", lambda self, exclude=None: None)
    response = office.post(reverse("delegates:sessions", args=[day.congress.pk]),
                           {"name": taken, "starts_at": "2020-06-10T16:00"})
    assert response.status_code == 200
    assert f"Đã có phiên “{taken}” của đại hội này." in response.content.decode()
    assert Model_.objects.filter(congress=day.congress, name=taken).count() == 1



def test_two_submits_of_one_form_at_the_same_moment_create_one_object(
        transactional_db: Any, world: World) -> None:
    """Both requests pass the form at once: the token's unique index (PostgreSQL) or the
    write lock (SQLite) lets one create, the other is told it was already submitted."""
    import threading

    from django.db import connection

    from daihoi.core.once import AlreadySubmitted, create_once
    from daihoi.elections import services
    from tests.elections.factories import make_congress

    congress = make_congress(world.committee)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    class Post:
        POST = {"once": "t" * 32}
        user = world.office

    def submit() -> None:
        try:
            barrier.wait(timeout=10)
            create_once(Post(), lambda: services.election_create(  # type: ignore[arg-type]
                actor=world.office, congress=congress, kind="committee", seats=3,
                alternates=0, seats_decision=""), lambda e: f"/bau-cu/{e.pk}/")
            outcomes.append("created")
        except AlreadySubmitted as exc:
            outcomes.append(f"already:{exc.url}")
        except Exception as exc:  # pragma: no cover - reported by the assertion below
            outcomes.append(f"error: {exc!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    election = Election.objects.get()
    assert sorted(outcomes) == [f"already:/bau-cu/{election.pk}/", "created"], outcomes


def test_used_tokens_older_than_a_week_are_forgotten(office: Client, world: World) -> None:
    from daihoi import clock
    from daihoi.core.models import SubmitToken
    from daihoi.core.once import KEEP_USED

    form = _forms(world)["election"]
    old = _token_of(office.get(form.page).content.decode())
    start = dt.datetime(2026, 5, 1, 8, 0, tzinfo=dt.UTC)
    with clock.frozen(start):
        office.post(form.page, {**form.data, "once": old})
    with clock.frozen(start + KEEP_USED + dt.timedelta(seconds=1)):
        office.post(form.page, {**form.data, "once": _token_of(
            office.get(form.page).content.decode())})
    assert not SubmitToken.objects.filter(token=old).exists()
    assert SubmitToken.objects.count() == 1
