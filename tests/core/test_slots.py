import pytest
from django.core.exceptions import ImproperlyConfigured

from daihoi.core.slots import Slot


def test_a_slot_calls_what_was_provided_with_its_arguments() -> None:
    slot: Slot[[int], int] = Slot("double")
    slot.provide(lambda n: 2 * n)
    assert slot(21) == 42


def test_an_empty_slot_is_a_configuration_error_naming_it() -> None:
    slot: Slot[[], None] = Slot("nothing")
    with pytest.raises(ImproperlyConfigured, match="'nothing'"):
        slot()


def test_the_apps_fill_their_slots_when_django_starts() -> None:
    from daihoi.congress.slots import document_events, documents_overview
    from daihoi.delegates.slots import cell_differences, cell_summons

    for slot in (document_events, documents_overview, cell_differences, cell_summons):
        assert slot._provider is not None, slot.name
