"""Bulk inserts of rows already checked and adapted to the database: one multi-row INSERT per
chunk on SQLite, one ``INSERT … SELECT FROM unnest(…)`` on PostgreSQL. Domain-free: the roster
import (``daihoi.roster.importing.writing``) inserts its members through it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db import connection

#: Parameters per multi-row INSERT: SQLite allows 32,766 per statement.
MAX_PARAMETERS = 30000


def chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    """``items`` in consecutive lists of ``size`` (the last may be shorter)."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


def insert(
    model: type[Any], columns: tuple[str, ...], rows: list[tuple[Any, ...]], *, returning: bool
) -> list[int]:
    """Insert ``rows`` (already adapted to the database), optionally returning the new primary
    keys in order. Django's ``bulk_create`` spends most of a 100,000-row import preparing field
    values one by one; the values here are checked and typed already."""
    if connection.vendor == "postgresql":
        return insert_unnest(model, columns, rows, returning=returning)
    return insert_values(model, columns, rows, returning=returning)


def insert_values(
    model: type[Any], columns: tuple[str, ...], rows: list[tuple[Any, ...]], *, returning: bool,
    per_statement: int | None = None,
) -> list[int]:
    """A multi-row INSERT per ``per_statement`` rows (default: as many as
    :data:`MAX_PARAMETERS` allows). SQLite (3.35+) and PostgreSQL return the keys of a
    multi-row insert in order, which is what ``bulk_create`` relies on as well."""
    ops = connection.ops
    table = ops.quote_name(model._meta.db_table)
    names = ", ".join(ops.quote_name(c) for c in columns)
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    if per_statement is None:
        per_statement = max(1, MAX_PARAMETERS // len(columns))
    ids: list[int] = []
    with connection.cursor() as cursor:
        for chunk in chunks(rows, per_statement):
            # Only quoted identifiers and placeholders are formatted in; values are parameters.
            sql = f"INSERT INTO {table} ({names}) VALUES {', '.join([one] * len(chunk))}"  # noqa: S608
            if returning:
                sql += f" RETURNING {ops.quote_name(model._meta.pk.column)}"
            cursor.execute(sql, [value for row in chunk for value in row])
            if returning:
                ids.extend(r[0] for r in cursor.fetchall())
    return ids


def insert_unnest(
    model: type[Any], columns: tuple[str, ...], rows: list[tuple[Any, ...]], *, returning: bool
) -> list[int]:
    """PostgreSQL: one ``INSERT … SELECT FROM unnest(array, array, …)`` with one array per
    column. A multi-row VALUES statement has one placeholder per value, and psycopg parses
    such a statement in Python: measured 17 s of the 20 s it took to insert 100,000 members.
    The keys are drawn from the table's sequence first, so each row's key is known without
    relying on the order of RETURNING."""
    if not rows:
        return []
    ops = connection.ops
    meta = model._meta
    table = meta.db_table
    by_column = {f.column: f for f in meta.concrete_fields}
    pk = meta.pk.column
    names = [pk, *columns] if returning else list(columns)
    casts = [f"%s::{by_column[c].db_type(connection)}[]" for c in names]
    with connection.cursor() as cursor:
        ids: list[int] = []
        if returning:
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) "
                           "FROM generate_series(1, %s)", [table, pk, len(rows)])
            ids = [r[0] for r in cursor.fetchall()]
        arrays = [list(column) for column in zip(*rows, strict=True)]
        if returning:
            arrays.insert(0, ids)
        # Only quoted identifiers and the columns' own types are formatted in.
        cursor.execute(
            f"INSERT INTO {ops.quote_name(table)} ({', '.join(ops.quote_name(c) for c in names)}) "  # noqa: S608
            f"SELECT * FROM unnest({', '.join(casts)})", arrays)
    return ids
