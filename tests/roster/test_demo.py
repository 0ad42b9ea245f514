from __future__ import annotations

import json
from io import StringIO
from typing import Any

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from daihoi.roster.demo import COMMITTEE_CODE, DEMO_PASSWORD, PILOT_CELL_CODE
from daihoi.roster.models import Agency, Member, Organization


def _stats(*args: str) -> dict[str, Any]:
    out = StringIO()
    call_command("roster", "stats", "--json", *args, stdout=out)
    return json.loads(out.getvalue())  # type: ignore[no-any-return]  # json.loads returns Any


def test_the_demo_has_the_seed_articles_organization_and_is_idempotent(db: Any) -> None:
    call_command("demo", stdout=StringIO())
    call_command("demo", stdout=StringIO())
    committee = Organization.objects.get(code=COMMITTEE_CODE)
    assert committee.name == "Đảng bộ Khối Chính quyền huyện"
    assert committee.parent is not None
    assert committee.parent.name == "Đảng bộ huyện"
    assert Organization.objects.filter(parent=committee, kind="cell").count() == 21
    assert Organization.objects.get(code=PILOT_CELL_CODE).name == "Chi bộ Tài chính - Kế hoạch"
    assert Member.objects.count() == 235
    assert Agency.objects.count() == 24
    stats = _stats()
    assert (stats["cells"], stats["members"], stats["agencies"]) == (21, 235, 24)
    assert stats["full_members"] + stats["probationary"] == 235
    assert stats["probationary"] > 0
    committee_stats = _stats("--org", COMMITTEE_CODE)
    assert (committee_stats["cells"], committee_stats["members"]) == (21, 235)


def _people() -> list[tuple[Any, ...]]:
    return list(
        Member.objects.order_by("card_number", "sort_key", "date_of_birth").values_list(
            "family_name", "middle_name", "given_name", "date_of_birth", "card_number",
            "cell__code", "agency__code", "status",
        )
    )


class _RollbackError(Exception):
    pass


def _build_and_roll_back() -> list[tuple[Any, ...]]:
    from django.db import transaction

    people: list[tuple[Any, ...]] = []
    try:
        with transaction.atomic():
            call_command("demo", stdout=StringIO())
            people = _people()
            raise _RollbackError
    except _RollbackError:
        pass
    return people


def test_the_demo_is_deterministic(db: Any) -> None:
    first = _build_and_roll_back()
    assert Member.objects.count() == 0
    second = _build_and_roll_back()
    assert second == first
    assert len({(p[0], p[1], p[2]) for p in first}) > 150


def test_the_office_dashboard_shows_the_demo_numbers(db: Any, client: Client) -> None:
    call_command("demo", stdout=StringIO())
    assert client.login(username="vanphong", password=DEMO_PASSWORD)
    home = client.get(reverse("home"), follow=True).content.decode()
    # The roster figures are one click away from the office's home (its congress dashboard).
    from daihoi.roster.models import Role

    code = Role.objects.get(user__username="vanphong", kind="office_admin").organization.code
    figures = reverse("roster:dashboard", args=[code])
    assert f'href="{figures}"' in home
    response = client.get(figures)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-stat="cells">21<' in page
    assert 'data-stat="members">235<' in page
    assert 'data-stat="agencies">24<' in page
    assert "Cơ cấu đảng viên" in page
