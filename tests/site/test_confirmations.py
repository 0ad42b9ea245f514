"""Every step that cannot be undone in one click asks first, naming what it acts on and what
follows (issue 14, point 3). The replacement of a delegate and "not summoned" have their own
confirmation pages (tests/delegates)."""

from __future__ import annotations

import re
from pathlib import Path

from django.test import Client
from django.urls import reverse

from tests.conftest import World

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "daihoi"
#: The round's steps that cannot be taken back.
IRREVERSIBLE_STEPS = ("issue_ballots", "close_voting", "start_counting", "reconcile",
                      "announce", "open_next", "stop")


def _forms(template: str) -> list[str]:
    return re.findall(r"<form\b[^>]*>.*?</form>", (TEMPLATES / template).read_text(), re.S)


def test_every_irreversible_round_step_asks_first() -> None:
    forms = _forms("elections/templates/elections/round.html")
    for step in IRREVERSIBLE_STEPS:
        [form] = [f for f in forms if f'name="step" value="{step}"' in f]
        assert "data-confirm=" in form.split(">", 1)[0], step


def test_finalizing_a_document_asks_first_naming_it() -> None:
    [form] = [f for f in _forms("documents/templates/documents/document_detail.html")
              if "documents:finalize" in f]
    assert "data-confirm=" in form.split(">", 1)[0]
    assert "{{ title }}" in form.split(">", 1)[0]


def test_the_heads_reconcile_button_names_the_election_and_round(client: Client,
                                                                   world: World) -> None:
    from tests.elections.factories import make_election, to_counting

    s = make_election(world.cell_a, seats=3, names=4, board=2)
    to_counting(s, summoned=4, issued=4, collected=4)
    client.force_login(s.head)
    page = client.get(reverse("elections:round", args=[s.round.pk])).content.decode()
    [tag] = re.findall(r'<form[^>]*id="reconcile-form"[^>]*>', page)
    assert f"data-confirm=\"Đối chiếu xong và tính kết quả: {s.election.title}, lần 1?" in tag
