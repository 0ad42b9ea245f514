"""Two offices saving the same member at the same moment: exactly one save wins, the other is
refused with a conflict, nothing is silently overwritten. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from daihoi.core.errors import ConflictError
from daihoi.roster import services
from daihoi.roster.models import Member
from tests.conftest import World


def test_concurrent_saves_of_one_member_keep_exactly_one(
    transactional_db: Any, world: World
) -> None:
    pk = world.member_b.pk
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def save(position: str) -> None:
        try:
            member = Member.objects.get(pk=pk)
            barrier.wait(timeout=10)
            services.member_update(actor=None, member=member, expected_version=member.version,
                                   changes={"position": position})
            outcomes[position] = "saved"
        except ConflictError:
            outcomes[position] = "conflict"
        except Exception as exc:  # pragma: no cover - reported by the assertion below
            outcomes[position] = f"error: {exc!r}"
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(p,)) for p in ("Trưởng phòng", "Văn thư")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes.values()) == ["conflict", "saved"], outcomes
    stored = Member.objects.get(pk=pk)
    winner = next(p for p, o in outcomes.items() if o == "saved")
    assert stored.position == winner
    assert stored.version == 2


@pytest.mark.parametrize("attempts", [6])
def test_many_concurrent_status_changes_record_one(
    transactional_db: Any, world: World, attempts: int
) -> None:
    pk = world.member_b.pk
    barrier = threading.Barrier(attempts)
    results: list[str] = []
    lock = threading.Lock()

    def change() -> None:
        try:
            member = Member.objects.get(pk=pk)
            barrier.wait(timeout=10)
            import datetime as dt

            services.member_status_change(
                actor=None, member=member, expected_version=member.version,
                status="exempted", effective_on=dt.date(2020, 1, 6),
            )
            outcome = "saved"
        except ConflictError:
            outcome = "conflict"
        except Exception as exc:  # pragma: no cover
            outcome = f"error: {exc!r}"
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=change) for _ in range(attempts)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert results.count("saved") == 1, results
    assert results.count("conflict") == attempts - 1, results
    assert Member.objects.get(pk=pk).status_changes.filter(status="exempted").count() == 1
