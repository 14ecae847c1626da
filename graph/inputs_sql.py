"""The embedded store's side of moving a store: its input rows out, and into an empty store.

Run inside a transaction :class:`~intrograph.graph.sqlite_store.SQLiteStore` opened. Table and
column names come from :data:`~intrograph.graph.inputs.COLUMNS` and the fixed map below, never
from data.
"""

from __future__ import annotations

import json
import sqlite3

from intrograph.errors import StoreError
from intrograph.graph.inputs import COLUMNS, INPUT_TABLES, LIST_COLUMNS, StoreInputs

__all__ = ["export_inputs", "load_inputs"]

# Where a neutral column is named differently in SQLite.
_SQL_NAMES = {("identity_decisions", "seq"): "id"}
# The order rows are read in: stable, so two exports of one store are equal.
_ORDER = {
    "owners": "name",
    "batches": "id",
    "records": "batch_id, record, uid",
    "rejects": "batch_id, record, file",
    "identity_decisions": "id",
    "ratings": "id",
    "interaction_files": "id",
    "interactions": "file_id, record",
    "interaction_rejects": "file_id, record",
    "person_tags": "person_id, tag, coalesce(owner, '')",
    "optouts": "key",
    "asks": "id",
    "ask_events": "ask_id, seq",
}


def _sql_columns(table: str) -> list[str]:
    return [_SQL_NAMES.get((table, c), c) for c in COLUMNS[table]]


def export_inputs(db: sqlite3.Connection) -> StoreInputs:
    """Return every input row; call inside one read transaction so the rows agree."""
    tables: dict[str, list[dict]] = {}
    for table in INPUT_TABLES:
        cols = ", ".join(_sql_columns(table))
        rows = [dict(zip(COLUMNS[table], row, strict=True)) for row in db.execute(
            f"SELECT {cols} FROM {table} ORDER BY {_ORDER[table]}")]  # noqa: S608 - constants
        for row in rows:
            for col in LIST_COLUMNS.get(table, ()):
                row[col] = json.loads(row[col])
        tables[table] = rows
    return StoreInputs(tables)


def held_inputs(db: sqlite3.Connection) -> dict[str, int]:
    """Return how many rows each input table holds, leaving out the empty ones."""
    counts = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608
              for t in INPUT_TABLES}
    return {t: n for t, n in counts.items() if n}


def load_inputs(db: sqlite3.Connection, inputs: StoreInputs, where: str) -> None:
    """Insert every input row into an empty store; the caller re-derives and commits.

    Raises StoreError naming what the store already holds if it is not empty: rows keyed by
    ids (batches, asks) cannot be merged into another store's without renumbering them.
    """
    held = held_inputs(db)
    if held:
        said = ", ".join(f"{n} {t}" for t, n in held.items())
        raise StoreError(f"{where} is not empty ({said}); sync copies into an empty store only:"
                         " name a new file, or forget its owners first")
    for table in INPUT_TABLES:
        cols = _sql_columns(table)
        lists = LIST_COLUMNS.get(table, ())
        db.executemany(
            f"INSERT INTO {table} ({', '.join(cols)}) "  # noqa: S608 - constants
            f"VALUES ({', '.join('?' * len(cols))})",
            ([json.dumps(row[c]) if c in lists else row[c] for c in COLUMNS[table]]
             for row in inputs.rows(table)))
