"""What a store holds that ``derive()`` cannot recompute, as plain rows any backend can load.

Persons, organisations, ties, memberships and the search graph are a function of these rows (and
the date ties are scored on), so copying a store between backends copies only these and lets the
target derive the rest with the same code. Every value is JSON-ready: lists stay lists, and the
columns both backends already keep as JSON text (a record's ``data``, an ask's ``path``) stay
text, byte for byte, so a record's uid and content hash mean the same on both sides.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["COLUMNS", "INPUT_TABLES", "LIST_COLUMNS", "StoreInputs"]

# Table -> columns, in the order a target loads them: parents before the rows that name them.
COLUMNS: dict[str, tuple[str, ...]] = {
    "owners": ("name", "display_name", "emails", "phones", "region", "share"),
    "batches": ("id", "owner", "file", "format", "content_hash", "records", "rejects",
                "imported_at"),
    "records": ("uid", "owner", "batch_id", "file", "record", "data"),
    "rejects": ("batch_id", "file", "record", "reason", "raw"),
    # seq orders decisions (SQLite's id): a later decision about the same records wins.
    "identity_decisions": ("seq", "kind", "a", "b", "made_at"),
    "ratings": ("id", "owner", "keys", "stars", "rated_on"),
    "interaction_files": ("id", "owner", "file", "format", "content_hash", "rows", "rejects",
                          "addresses", "imported_at"),
    "interactions": ("file_id", "owner", "record", "at", "sender", "recipients", "channel"),
    "interaction_rejects": ("file_id", "owner", "file", "record", "reason"),
    # Tags name person ids; derive() gives the same records the same ids on every backend.
    "person_tags": ("person_id", "tag", "owner", "tagged_at"),
    "optouts": ("key", "label", "added_at"),
    "asks": ("id", "owner", "connector_id", "target_id", "connector", "target", "query", "path",
             "reason", "draft", "state", "created_at"),
    "ask_events": ("ask_id", "seq", "state", "at", "note"),
}
INPUT_TABLES = tuple(COLUMNS)
# Columns whose value is a list (SQLite keeps each as JSON text, Neo4j as a list property).
LIST_COLUMNS: dict[str, tuple[str, ...]] = {
    "owners": ("emails", "phones"),
    "ratings": ("keys",),
    "interaction_files": ("addresses",),
    "interactions": ("recipients",),
}


@dataclass
class StoreInputs:
    """Every input row of one store, table by table (see :data:`COLUMNS`)."""

    tables: dict[str, list[dict]] = field(
        default_factory=lambda: {t: [] for t in INPUT_TABLES})

    def __post_init__(self) -> None:
        unknown = set(self.tables) - set(INPUT_TABLES)
        if unknown:
            raise ValueError(f"not input tables: {sorted(unknown)}")
        for table in INPUT_TABLES:
            rows = self.tables.setdefault(table, [])
            for row in rows:
                if tuple(row) != COLUMNS[table]:
                    raise ValueError(f"a {table} row has columns {sorted(row)}, "
                                     f"expected {list(COLUMNS[table])}")

    def counts(self) -> dict[str, int]:
        return {t: len(self.tables[t]) for t in INPUT_TABLES}

    def rows(self, table: str) -> list[dict]:
        return self.tables[table]

    @classmethod
    def from_tuples(cls, tables: dict[str, list[tuple]]) -> StoreInputs:
        """Build from rows given in :data:`COLUMNS` order (what a SQL SELECT returns)."""
        return cls({t: [dict(zip(COLUMNS[t], row, strict=True)) for row in tables.get(t, [])]
                    for t in INPUT_TABLES})
