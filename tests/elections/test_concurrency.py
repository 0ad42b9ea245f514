"""Two tabs of one desk, and two desks, keying the same ballot at the same moment: nothing is
lost, nothing is counted twice. Runs on SQLite and PostgreSQL (``DATABASE_URL``)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connection

from daihoi.core.errors import ServiceError
from daihoi.elections import services
from daihoi.elections.models import BallotEntry
from tests.conftest import World
from tests.elections.factories import make_election, to_counting


def _race(calls: list[Callable[[], Any]]) -> list[str]:
    barrier = threading.Barrier(len(calls))
    results: list[str] = []
    lock = threading.Lock()

    def run(fn: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            fn()
            outcome = "saved"
        except ServiceError as exc:
            outcome = f"refused: {exc.message}"
        except Exception as exc:  # pragma: no cover - reported by the assertion
            outcome = f"error: {exc!r}"
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run, args=(fn,)) for fn in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def test_two_tabs_of_one_desk_submitting_the_same_ballot_store_it_once(
    transactional_db: Any, world: World
) -> None:
    s = make_election(world.cell_a, seats=9, names=11)
    to_counting(s)
    desk = s.desks[0]
    results = _race([
        lambda: services.entry_submit(actor=desk.user, desk=desk, serial=7, line="1 2"),
        lambda: services.entry_submit(actor=desk.user, desk=desk, serial=7, line="1 2"),
        lambda: services.entry_submit(actor=desk.user, desk=desk, serial=7, line="3 4"),
    ])
    assert sorted(r.split(":")[0] for r in results) == ["refused", "refused", "saved"], results
    assert BallotEntry.objects.filter(desk=desk, serial=7).count() == 1


def test_two_desks_keying_the_same_ballot_at_once_both_keep_their_entry(
    transactional_db: Any, world: World
) -> None:
    s = make_election(world.cell_a, seats=9, names=11)
    to_counting(s)
    d1, d2 = s.desks
    calls = []
    for serial in range(1, 9):
        calls.append(lambda serial=serial: services.entry_submit(
            actor=d1.user, desk=d1, serial=serial, line="1 2"))
        calls.append(lambda serial=serial: services.entry_submit(
            actor=d2.user, desk=d2, serial=serial, line="1 2"))
    results = _race(calls)
    assert results.count("saved") == 16, results
    assert BallotEntry.objects.filter(desk=d1).count() == 8
    assert BallotEntry.objects.filter(desk=d2).count() == 8
