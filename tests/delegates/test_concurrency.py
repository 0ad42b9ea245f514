"""Two desks checking the same delegate in at the same moment record one check-in; the other
desk is told when. Runs on SQLite (file, WAL) and PostgreSQL."""

from __future__ import annotations

import threading
from typing import Any

from django.db import connection

from daihoi.delegates import services
from daihoi.delegates.models import CheckIn, Delegate
from tests.conftest import World
from tests.delegates.factories import make_day


def test_two_desks_checking_in_the_same_delegate_at_once_record_one(
        transactional_db: Any, world: World) -> None:
    day = make_day(world.cell_a, n=3)
    pk, session = day.delegates[0].pk, day.official
    attempts = 4
    barrier = threading.Barrier(attempts)
    outcomes: list[str] = []
    lock = threading.Lock()

    def desk(name: str) -> None:
        try:
            delegate = Delegate.objects.select_related("member").get(pk=pk)
            barrier.wait(timeout=10)
            result = services.delegate_check_in(actor=None, session=session, delegate=delegate,
                                                desk=name)
            outcome = "created" if result.created else "already"
        except Exception as exc:  # pragma: no cover - reported by the assertion below
            outcome = f"error: {exc!r}"
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=desk, args=(f"Bàn {i}",)) for i in range(attempts)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["already"] * (attempts - 1) + ["created"], outcomes
    assert CheckIn.objects.filter(delegate_id=pk, session=session).count() == 1
