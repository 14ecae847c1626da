"""Whether a store is whole: SQLite's own checks plus the invariants intrograph relies on.

:func:`check_store` returns a list of problems, empty when the store is sound. It looks for:

- damage SQLite itself can see (``PRAGMA integrity_check``) and broken references
  (``PRAGMA foreign_key_check``);
- a schema version other than the one this intrograph writes;
- import bookkeeping that disagrees with the rows: a record whose batch is gone or belongs to
  another owner, a batch whose ``records``/``rejects`` counts differ from the rows it holds;
- a record no person accounts for (``record_person``), or a mapping for a record that is gone;
- derived tables that differ from what the records derive today. The store's own derivation
  is re-run inside a transaction that is rolled back, so the check compares with exactly the
  code an import runs, whatever later versions add to it;
- a persisted search graph that is not the ties and memberships tables in compact form.

Nothing is changed: every write the check makes to compare is rolled back.
"""

from __future__ import annotations

import itertools
import sqlite3

from intrograph.errors import StoreError
from intrograph.graph.compact import CompactGraph
from intrograph.graph.store import Store

__all__ = ["check_store"]

# Enough to see what is wrong; a store broken everywhere need not print a million lines.
_MAX_INTEGRITY_LINES = 20


def check_store(store: Store) -> list[str]:
    """Return every problem found in ``store``, one sentence each; ``[]`` means sound.

    A backend other than SQLite checks itself through its own ``check()`` (Neo4j: import
    bookkeeping and derived data; it has no file-level checks to run). Raises StoreError for a
    backend that has none.
    """
    from intrograph.graph.sqlite_store import SQLiteStore

    if isinstance(store, SQLiteStore):
        return _SQLiteCheck(store).run()
    own = getattr(store, "check", None)
    if own is None:
        raise StoreError(f"check is not available on the {store.backend_name} backend yet")
    return own()


class _SQLiteCheck:
    def __init__(self, store):
        self.store = store
        self.db: sqlite3.Connection = store.db
        self.problems: list[str] = []

    def run(self) -> list[str]:
        try:
            if not self._sqlite_is_sound():
                # Invariants read through the damage would only add noise and may not even run.
                return self.problems
            self._schema_version()
            self._batches()
            self._record_person()
            self._search_graph()
            self._derived()
        except sqlite3.DatabaseError as exc:
            self.problems.append(f"the store cannot be read: {exc}")
        return self.problems

    def _sqlite_is_sound(self) -> bool:
        rows = [r[0] for r in self.db.execute(
            f"PRAGMA integrity_check({_MAX_INTEGRITY_LINES})")]
        if rows != ["ok"]:
            self.problems += [f"SQLite integrity: {r}" for r in rows]
        for table, rowid, parent, _ in self.db.execute("PRAGMA foreign_key_check"):
            where = f"row {rowid}" if rowid is not None else "a row"
            self.problems.append(f"{table} {where} refers to a missing {parent} row")
        return rows == ["ok"]

    def _schema_version(self) -> None:
        from intrograph.graph.sqlite_store import SCHEMA_VERSION

        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version != SCHEMA_VERSION:
            self.problems.append(
                f"schema version is {version}, this intrograph writes {SCHEMA_VERSION}")

    def _batches(self) -> None:
        for uid, batch in self.db.execute(
            "SELECT r.uid, r.batch_id FROM records r LEFT JOIN batches b ON b.id = r.batch_id "
            "WHERE b.id IS NULL ORDER BY r.uid"
        ):
            self.problems.append(f"record {uid} belongs to batch {batch}, which does not exist")
        for uid, owner, batch_owner in self.db.execute(
            "SELECT r.uid, r.owner, b.owner FROM records r JOIN batches b ON b.id = r.batch_id "
            "WHERE r.owner != b.owner ORDER BY r.uid"
        ):
            self.problems.append(
                f"record {uid} is {owner}'s but its batch is {batch_owner}'s")
        for bid, owner, file, said, held, said_rej, held_rej in self.db.execute(
            "SELECT b.id, b.owner, b.file, b.records, "
            "(SELECT count(*) FROM records r WHERE r.batch_id = b.id), b.rejects, "
            "(SELECT count(*) FROM rejects j WHERE j.batch_id = b.id) "
            "FROM batches b ORDER BY b.id"
        ):
            if said != held:
                self.problems.append(
                    f"batch {bid} ({owner}, {file}) says {said} records but holds {held}")
            if said_rej != held_rej:
                self.problems.append(
                    f"batch {bid} ({owner}, {file}) says {said_rej} rejects but holds {held_rej}")

    def _record_person(self) -> None:
        (missing,) = self.db.execute(
            "SELECT count(*) FROM records r WHERE NOT EXISTS "
            "(SELECT 1 FROM record_person rp WHERE rp.uid = r.uid)").fetchone()
        if missing:
            self.problems.append(f"{missing} records are not resolved to any person")
        (orphans,) = self.db.execute(
            "SELECT count(*) FROM record_person rp WHERE NOT EXISTS "
            "(SELECT 1 FROM records r WHERE r.uid = rp.uid)").fetchone()
        if orphans:
            self.problems.append(f"{orphans} record_person rows name records that do not exist")

    def _search_graph(self) -> None:
        from intrograph.graph.colleagues import Membership, membership_edges

        row = self.db.execute("SELECT data FROM search_graph WHERE id = 1").fetchone()
        # Ties, plus one edge per person to each organisation they work or worked at.
        members = [Membership(p, o, bool(c), n) for p, o, c, n in self.db.execute(
            "SELECT person_id, org_id, current, size FROM memberships")]
        expected = CompactGraph.from_ties(itertools.chain(
            self.store.tie_strengths(), membership_edges(members))).to_bytes()
        if row is None:
            (ties,) = self.db.execute("SELECT count(*) FROM ties").fetchone()
            if ties:
                self.problems.append("the search graph is missing but there are ties")
        elif bytes(row[0]) != expected:
            self.problems.append("the search graph does not match the ties and memberships")

    def _derived(self) -> None:
        from intrograph.graph.store import TABLES

        # The search graph is compared with the ties table in _search_graph; a store nothing was
        # imported into has no blob at all, which re-deriving would fill in.
        tables = [t for t in TABLES if t != "search_graph"]
        db = self.db
        try:
            self._derived_in_place(db, tables)
        except sqlite3.OperationalError as exc:
            if "readonly" not in str(exc):
                raise
            self._derived_on_copy()

    def _derived_in_place(self, db: sqlite3.Connection, tables: list[str]) -> None:
        # IMMEDIATE: no import may land between taking the snapshot and re-deriving.
        db.execute("BEGIN IMMEDIATE")
        try:
            for table in tables:
                db.execute(f"CREATE TEMP TABLE _check_{table} AS "  # noqa: S608 - fixed names
                           f"SELECT * FROM main.{table}")
            # From the records' data, not from the facts cached beside it: a cache that no
            # longer matches its record is itself a problem to report.
            db.execute("UPDATE records SET facts = NULL")
            self.store._rederive()
            for table in tables:
                (extra,) = db.execute(
                    f"SELECT count(*) FROM (SELECT * FROM temp._check_{table} "  # noqa: S608
                    f"EXCEPT SELECT * FROM main.{table})").fetchone()
                (lacking,) = db.execute(
                    f"SELECT count(*) FROM (SELECT * FROM main.{table} "  # noqa: S608
                    f"EXCEPT SELECT * FROM temp._check_{table})").fetchone()
                if table == "records" and extra:
                    self.problems.append(
                        f"{extra} records hold derived facts that differ from their data")
                elif extra or lacking:
                    self.problems.append(
                        f"{table} differs from what the records derive: {extra} rows "
                        f"that should not be there, {lacking} rows missing or different")
        finally:
            if db.in_transaction:
                db.execute("ROLLBACK")

    def _derived_on_copy(self) -> None:
        """Compare on an in-memory copy: a read-only store cannot open a write transaction."""
        from intrograph.graph.sqlite_store import SQLiteStore

        copy = sqlite3.connect(":memory:", isolation_level=None)
        try:
            self.db.backup(copy)
            # The same store (its date, settings) over the copy.
            shadow = SQLiteStore.__new__(SQLiteStore)
            shadow.__dict__.update(vars(self.store))
            shadow.db = copy
            check = _SQLiteCheck(shadow)
            check._derived()
            self.problems += check.problems
        finally:
            copy.close()
