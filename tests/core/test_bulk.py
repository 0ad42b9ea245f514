"""The kernel's bulk insert (``daihoi.core.bulk``), on the kernel's own table (SubmitToken):
the new keys in the order of the rows, one statement per chunk, nothing for no rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from daihoi.core import bulk
from daihoi.core.models import SubmitToken

pytestmark = pytest.mark.django_db

COLUMNS = ("token", "user_id", "url", "used_at")
WHEN = dt.datetime(2020, 6, 10, 8, 0, tzinfo=dt.UTC)


def _rows(n: int, prefix: str = "t") -> list[tuple[Any, ...]]:
    when = connection.ops.adapt_datetimefield_value(WHEN)
    return [(f"{prefix}{i}", None, f"/u/{i}", when) for i in range(n)]


def _inserts(queries: CaptureQueriesContext) -> int:
    return sum(q["sql"].lstrip().upper().startswith("INSERT") for q in queries.captured_queries)


def test_chunks_cut_a_list_into_consecutive_lists_the_last_shorter() -> None:
    assert list(bulk.chunks([1, 2, 3, 4, 5], 2)) == [[1, 2], [3, 4], [5]]
    assert list(bulk.chunks([1, 2, 3, 4], 2)) == [[1, 2], [3, 4]]
    assert list(bulk.chunks([], 2)) == []


def test_insert_returns_the_new_keys_in_the_order_of_the_rows() -> None:
    ids = bulk.insert(SubmitToken, COLUMNS, _rows(5), returning=True)
    assert len(ids) == len(set(ids)) == 5
    assert [SubmitToken.objects.get(pk=pk).token for pk in ids] == [f"t{i}" for i in range(5)]
    saved = SubmitToken.objects.get(pk=ids[3])
    assert (saved.url, saved.user_id, saved.used_at) == ("/u/3", None, WHEN)


def test_insert_without_returning_returns_nothing_but_inserts_every_row() -> None:
    assert bulk.insert(SubmitToken, COLUMNS, _rows(3), returning=False) == []
    assert sorted(SubmitToken.objects.values_list("token", flat=True)) == ["t0", "t1", "t2"]


@pytest.mark.parametrize("returning", [True, False])
def test_no_rows_insert_nothing(returning: bool) -> None:
    with CaptureQueriesContext(connection) as queries:
        assert bulk.insert(SubmitToken, COLUMNS, [], returning=returning) == []
    assert _inserts(queries) == 0
    assert not SubmitToken.objects.exists()


@pytest.mark.parametrize(("rows", "per_statement", "statements"),
                         [(4, 4, 1), (5, 4, 2), (8, 4, 2), (9, 4, 3), (1, 1, 1)])
def test_values_insert_one_statement_per_chunk_keys_in_order(
    rows: int, per_statement: int, statements: int
) -> None:
    with CaptureQueriesContext(connection) as queries:
        ids = bulk.insert_values(SubmitToken, COLUMNS, _rows(rows), returning=True,
                                 per_statement=per_statement)
    assert _inserts(queries) == statements
    assert [SubmitToken.objects.get(pk=pk).token for pk in ids] == [f"t{i}" for i in range(rows)]


def test_values_insert_fits_the_parameter_limit_by_default() -> None:
    """Four columns: 7,500 rows in one statement (30,000 parameters), the 7,501st in a second."""
    assert bulk.MAX_PARAMETERS // len(COLUMNS) == 7500
    with CaptureQueriesContext(connection) as queries:
        bulk.insert_values(SubmitToken, COLUMNS, _rows(7501), returning=False)
    assert _inserts(queries) == 2
    assert SubmitToken.objects.count() == 7501


@pytest.mark.skipif(connection.vendor != "postgresql", reason="unnest is PostgreSQL's")
def test_unnest_insert_is_one_statement_with_keys_drawn_from_the_sequence() -> None:
    first = bulk.insert_unnest(SubmitToken, COLUMNS, _rows(2, "a"), returning=True)
    with CaptureQueriesContext(connection) as queries:
        ids = bulk.insert_unnest(SubmitToken, COLUMNS, _rows(6), returning=True)
    assert _inserts(queries) == 1
    assert ids == list(range(first[-1] + 1, first[-1] + 7))
    assert [SubmitToken.objects.get(pk=pk).token for pk in ids] == [f"t{i}" for i in range(6)]
