"""The one bulk loader: writes for large imports and benchmark data (SQLite: executemany; PostgreSQL: COPY).

`bulk_create` compiles every value through the ORM (about 10 µs each) and, on SQLite, in
batches of ~50 rows (999 parameters); for 100,000 employees that alone takes longer than the
whole import may. These helpers send one `executemany` per batch instead. Values are adapted
per field type exactly as the ORM would (dates, datetimes); fields the caller does not give get
the model field's default, so a new field with a default needs no change here.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from typing import Any

from django.db import connection, models


def _adapter(field: Any) -> Callable[[Any], Any]:
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return lambda v: ops.adapt_datetimefield_value(v) if v is not None else None
    if isinstance(field, models.JSONField):
        return lambda v: json.dumps(v) if v is not None else None
    if isinstance(field, models.DateField):
        return lambda v: ops.adapt_datefield_value(v) if v is not None else None
    return lambda v: v


def bulk_insert(
    model: type[models.Model], rows: Iterable[dict[str, Any]], *, now: dt.datetime, with_pk: bool = False
) -> list[int] | None:
    """INSERT rows (dicts keyed by field attname); returns their new ids in row order where that costs
    nothing, else None (the caller reads them back by a natural key).

    The ids come back on SQLite inside a transaction: it holds the one write lock, so AUTOINCREMENT
    gives the rows consecutive rowids ending at `last_insert_rowid()`. COPY (PostgreSQL) returns none.

    `with_pk`: the rows carry their own ids (bulk loads that link rows by id before they are
    written); call `sequence_reset(model)` after the last batch so later inserts continue after them."""
    meta = model._meta
    fields: list[Any] = [f for f in meta.concrete_fields if with_pk or not f.primary_key]
    defaults: dict[str, Any] = {}
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            defaults[field.attname] = now
        else:
            # The model's default; "" for blank-able text; None (a loud NOT NULL error) otherwise.
            defaults[field.attname] = field.get_default()
    adapters = [(field.attname, _adapter(field)) for field in fields]
    quote: Callable[[Any], str] = connection.ops.quote_name
    head = "INSERT INTO {} ({}) VALUES ".format(quote(meta.db_table), ", ".join(quote(f.column) for f in fields))
    one = "({})".format(", ".join(["%s"] * len(fields)))
    # Defaults (and `now`) are adapted once per call, not once per row.
    adapted = {name: adapt(defaults[name]) for name, adapt in adapters}
    params = [tuple(adapt(row[name]) if name in row else adapted[name] for name, adapt in adapters) for row in rows]
    if not params:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # One prepared statement, stepped per row: SQLite's fastest path.
            cursor.executemany(head + one, params)
            if with_pk or not connection.in_atomic_block:
                return None
            cursor.execute("SELECT last_insert_rowid()")
            last = int(cursor.fetchone()[0])
            return list(range(last - len(params) + 1, last + 1))
        # PostgreSQL: COPY streams rows in one command, far faster than INSERTs of any shape.
        columns = ", ".join(quote(f.column) for f in fields)
        # Through Django's error wrapper, as every other statement: a unique violation is an IntegrityError.
        statement = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"
        with connection.wrap_database_errors, cursor.cursor.copy(statement) as copy:
            for row in params:
                copy.write_row(row)
    return None


def bulk_set(model: type[models.Model], column_field: str, pairs: list[tuple[int, int | None]]) -> None:
    """UPDATE one foreign-key/integer column for many rows: pairs of (pk, value)."""
    if not pairs:
        return
    meta = model._meta
    quote: Callable[[Any], str] = connection.ops.quote_name
    field: Any = meta.get_field(column_field)
    table, column, pk_column = quote(meta.db_table), quote(field.column), quote(meta.pk.column)
    sql = f"UPDATE {table} SET {column} = %s WHERE {pk_column} = %s"
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.executemany(sql, [(value, pk) for pk, value in pairs])
            return
        for start in range(0, len(pairs), 1000):
            part = pairs[start : start + 1000]
            values = ", ".join(["(%s::bigint, %s::bigint)"] * len(part))
            cursor.execute(
                f"UPDATE {table} AS t SET {column} = v.value FROM (VALUES {values}) AS v(id, value) "
                f"WHERE t.{pk_column} = v.id",
                [x for pk, value in part for x in (pk, value)],
            )


def sequence_reset(model: type[models.Model]) -> None:
    """After inserting explicit ids: the next id the database assigns follows the largest (PostgreSQL;
    SQLite always continues after the largest rowid)."""
    if connection.vendor != "postgresql":
        return
    meta = model._meta
    table, pk = meta.db_table, str(meta.pk.column)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence(%s, %s), (SELECT COALESCE(MAX({quote(pk)}), 1) FROM {quote(table)}))",
            [table, pk],
        )
