"""An entry records its sentence in Vietnamese whoever writes it: a service called for an
English reader (the pages' language) must not put the reader's translation of a status, a kind
or a title into the hashed record (``daihoi.audit.services.in_record_language``).

The whole demo is built with a language that marks every translated string (⟦…⟧): a mark in a
recorded sentence is a translation taken from the reader's language."""

from __future__ import annotations

import gettext
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation
from django.utils.translation import trans_real

from daihoi.audit.models import AuditEntry
from daihoi.audit.services import RECORD_LANGUAGE, in_record_language
from tests.conftest import World

MARK = "x-mark"


class Marking(gettext.NullTranslations):
    """A language in which every translated string shows that it was translated."""

    def gettext(self, message: str) -> str:
        return f"⟦{message}⟧"

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return f"⟦{singular if n == 1 else plural}⟧"

    def to_language(self) -> str:
        return MARK


@pytest.fixture
def marking() -> Iterator[None]:
    loaded: dict[str, Any] = vars(trans_real)["_translations"]  # Django's loaded languages
    loaded[MARK] = Marking()
    try:
        with translation.override(MARK):
            yield
    finally:
        del loaded[MARK]


def test_the_marking_language_marks_and_the_record_language_does_not(marking: None) -> None:
    from daihoi.roster.choices import MemberStatus

    assert str(MemberStatus.ACTIVE.label) == "⟦Đang sinh hoạt⟧"
    with in_record_language():
        assert translation.get_language() == RECORD_LANGUAGE
        assert str(MemberStatus.ACTIVE.label) == "Đang sinh hoạt"
    assert translation.get_language() == MARK  # the reader's language comes back


def test_every_entry_of_the_demo_records_vietnamese_for_an_english_reader(
    db: Any, marking: None
) -> None:
    from tests.demo_walk import build_demo

    build_demo()
    entries = AuditEntry.objects.order_by("seq")
    assert entries.count() > 1000
    assert {e.action: e.summary for e in entries if "⟦" in e.summary} == {}
    assert {e.action: e.data for e in entries
            if "⟦" in json.dumps(e.data, ensure_ascii=False)} == {}


def test_refusals_and_choices_off_the_demo_record_vietnamese_for_an_english_reader(
    world: World, marking: None
) -> None:
    from daihoi.core.errors import IllegalTransitionError
    from daihoi.delegates import services as delegates
    from daihoi.delegates.models import DelegateSource, TemporaryElsewherePolicy
    from daihoi.elections import services as elections
    from tests.delegates.factories import bulk_delegates, bulk_members, make_day
    from tests.elections.factories import make_election

    s = make_election(world.cell_a, seats=3, names=4)  # each name added: election.candidate_add
    with pytest.raises(IllegalTransitionError, match="⟦"):  # the reader's refusal is theirs
        elections.round_reconcile(actor=None, rnd=s.round)
    day = make_day(world.cell_b, n=2, term_start=2025)
    [alternate] = bulk_delegates(day.congress, bulk_members(world.cell_b, 1),
                                 source=DelegateSource.ALTERNATE, elected_by=day.cell_congress)
    delegates.delegate_check_in(actor=None, session=day.preparatory, delegate=day.delegates[0])
    with pytest.raises(IllegalTransitionError):
        delegates.delegate_replace(actor=None, absent=day.delegates[0], alternate=alternate)
    with pytest.raises(IllegalTransitionError):
        delegates.delegate_replace_undo(actor=None, alternate=alternate)
    delegates.temporary_elsewhere_policy_set(actor=None, congress=day.congress,
                                             value=TemporaryElsewherePolicy.ALWAYS)
    written = AuditEntry.objects.filter(action__in=[
        "election.candidate_add", "election.illegal_transition", "delegates.replace_refused",
        "delegates.replace_undo_refused", "delegates.temporary_elsewhere_policy"])
    assert {e.action for e in written} == {
        "election.candidate_add", "election.illegal_transition", "delegates.replace_refused",
        "delegates.replace_undo_refused", "delegates.temporary_elsewhere_policy"}
    assert {e.action: e.summary for e in written if "⟦" in e.summary} == {}
