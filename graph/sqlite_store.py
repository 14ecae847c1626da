"""The embedded store: one SQLite file in WAL mode, the default system of record.

Every change is one ``BEGIN IMMEDIATE`` transaction that writes the records and then rewrites the
derived tables, so readers in other processes see the state before or after an import, never a
mix, and a failure anywhere rolls the whole import back.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import itertools
import json
import sqlite3
import time
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import TypeVar

from intrograph.errors import NotFound, SchemaVersionError, StoreError
from intrograph.graph import evidence_sql, factcache, inputs_sql
from intrograph.graph.colleagues import ORG_NODE_PREFIX, Membership, membership_edges
from intrograph.graph.compact import CompactGraph
from intrograph.graph.derive import (
    RecordFacts,
    StoredRecord,
    derive,
    record_content,
    record_facts,
    record_from_json,
)
from intrograph.graph.gcpause import collect_less_often
from intrograph.graph.inputs import StoreInputs
from intrograph.graph.prepare import prepare
from intrograph.graph.profiles import ProfileBuilder
from intrograph.graph.sqlite_faults import store_fault
from intrograph.graph.store import DERIVING, TABLES, PendingFile, Store
from intrograph.graph.successors import successors
from intrograph.graph.ties import TieInputs, evidence_json
from intrograph.loaders.normalize import normalize_linkedin_url
from intrograph.models import (
    Ask,
    AskState,
    ContactRecord,
    Evidence,
    ExpertiseSource,
    ImportSummary,
    InteractionSummary,
    Organization,
    Owner,
    Person,
    PersonRef,
    PersonTag,
    Provenance,
    Reject,
    ShareLevel,
    Tie,
)

__all__ = ["SCHEMA_VERSION", "SQLiteStore"]

T = TypeVar("T")


def _migrations() -> list[tuple[int, str]]:
    """Return the schema steps after version 2, in order: ``graph/migrations/vN_*.sql``.

    Version numbers only order the steps; a gap is fine.
    """
    folder = resources.files("intrograph.graph").joinpath("migrations")
    steps = []
    for entry in folder.iterdir():
        name = entry.name
        if name.startswith("v") and name.endswith(".sql"):
            steps.append((int(name[1:].split("_", 1)[0]), entry.read_text()))
    return sorted(steps)


SCHEMA_VERSION = max([2, *(v for v, _ in _migrations())])


class SQLiteStore(Store):
    def __init__(self, path: Path, *, today: dt.date | None = None,
                 busy_timeout: float = 30.0):
        self.path = path
        # Strength decays with time: tests and reproducible demos pin the date ties are scored on.
        self.today = today
        # How long a write waits for another process's import before giving up with a message.
        self.busy_timeout = busy_timeout
        # Seconds the last import spent storing records, then deriving: what benchmarks print.
        self.timings: dict[str, float] = {}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path, isolation_level=None, timeout=busy_timeout)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the store at {path}: {exc}") from exc
        try:
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            # Up to 128 MB of pages instead of SQLite's 2 MB: re-deriving rewrites a million
            # rows whose keys and foreign-key checks land all over the file (a sixth faster
            # at a million records). Pages are only held once read.
            self.db.execute("PRAGMA cache_size = -131072")
            self._migrate()
            self.db.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError as exc:
            # Read-only, busy, full: a plain reason, not "not an intrograph store".
            self.db.close()
            raise store_fault(exc, path, busy_timeout=busy_timeout) from exc
        except sqlite3.DatabaseError as exc:
            self.db.close()
            raise StoreError(f"{path} is not an intrograph store ({exc})") from exc

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise SchemaVersionError(
                f"{self.path} was written by a newer intrograph (schema {version}); upgrade"
            )
        if version == 0:
            tables = self.db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if tables:
                raise StoreError(f"{self.path} is a SQLite file but not an intrograph store")
        steps = [(v, sql) for v, sql in _migrations() if v > version]
        if version == 1:
            steps.insert(0, (2, None))
        if not steps:
            return
        # A fresh store is the base schema plus every migration, so the migrations are exercised
        # on every new store and an old store upgrades along exactly the same statements.
        # executescript() commits whatever is pending before it runs, so each step's transaction
        # lives inside its script: each step lands whole or not at all.
        try:
            if version == 0:
                base = resources.files("intrograph.graph").joinpath("schema.sql").read_text()
                self.db.executescript(f"BEGIN IMMEDIATE;\n{base}\nPRAGMA user_version = 2;\n"
                                      "COMMIT;")
            for target, sql in steps:
                if sql is None:
                    self._migrate_v1_to_v2()
                    continue
                self.db.executescript(
                    f"BEGIN IMMEDIATE;\n{sql}\nPRAGMA user_version = {target};\nCOMMIT;"
                )
            if version > 0 and self.db.execute("SELECT 1 FROM records LIMIT 1").fetchone():
                # The derived tables are a function of the records: a newer schema may derive
                # more from them (a new column, a better resolver), so derive them once again.
                self.db.execute("BEGIN IMMEDIATE")
                self._rederive()
                self.db.execute("COMMIT")
        except BaseException:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise

    def _migrate_v1_to_v2(self) -> None:
        # Version 2 added the persisted search graph; build it from the ties once.
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.execute(
                "CREATE TABLE search_graph (id INTEGER PRIMARY KEY CHECK (id = 1), "
                "data BLOB NOT NULL)"
            )
            self.db.execute("CREATE INDEX IF NOT EXISTS organizations_norm "
                            "ON organizations(norm)")
            self._write_search_graph(self.tie_strengths())
            self.db.execute("PRAGMA user_version = 2")
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self.db.close()

    # --- writing -----------------------------------------------------------------------------

    def import_owners(
        self, items: Iterable[tuple[Owner, Iterable[PendingFile]]],
        on_stage: Callable[[str], None] | None = None,
    ) -> list[ImportSummary]:
        summaries: list[ImportSummary] = []
        db = self.db
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise store_fault(exc, self.path, busy_timeout=self.busy_timeout) from exc
        try:
            changed = False
            started = time.perf_counter()
            tagged = self._tagged_records()  # before files replaced unlink their records
            with collect_less_often():  # graph/gcpause.py says why; derive() pauses it
                for owner, files in items:
                    changed = self._upsert_owner(owner) or changed
                    for pending in files:
                        summary = self._import_one(owner, pending)
                        changed = changed or not summary.unchanged
                        summaries.append(summary)
            stored = time.perf_counter()
            if changed:
                if on_stage:
                    on_stage(DERIVING)
                self._rederive(tagged)
            db.execute("COMMIT")
            self.timings = {"records": stored - started,
                            "derived": time.perf_counter() - stored}
        except sqlite3.OperationalError as exc:
            # A full disk or an I/O error: SQLite may already have rolled back on its own.
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise store_fault(exc, self.path, busy_timeout=self.busy_timeout) from exc
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        return summaries

    def _upsert_owner(self, owner: Owner) -> bool:
        row = self.db.execute(
            "SELECT display_name, emails, phones, region FROM owners WHERE name = ?",
            (owner.name,),
        ).fetchone()
        wanted = (owner.display_name, json.dumps(owner.emails), json.dumps(owner.phones))
        if row is None:
            self.db.execute(
                "INSERT INTO owners (name, display_name, emails, phones, region) "
                "VALUES (?, ?, ?, ?, ?)",
                (owner.name, *wanted, owner.region),
            )
            return True
        # Identity details only ever fill in or correct; an import that names no email keeps
        # the ones an earlier import gave.
        merged = (
            owner.display_name or row[0],
            json.dumps(owner.emails) if owner.emails else row[1],
            json.dumps(owner.phones) if owner.phones else row[2],
            owner.region if owner.region != "US" else row[3],
        )
        if merged == tuple(row):
            return False
        if merged[3] != row[3]:  # phone numbers read in another region: facts change
            self.db.execute("UPDATE records SET facts = NULL WHERE owner = ?", (owner.name,))
        self.db.execute(
            "UPDATE owners SET display_name = ?, emails = ?, phones = ?, region = ? "
            "WHERE name = ?",
            (*merged, owner.name),
        )
        return True

    def _import_one(self, owner: Owner, pending: PendingFile) -> ImportSummary:
        row = self.db.execute(
            "SELECT id, content_hash, records, format, rejects FROM batches "
            "WHERE owner = ? AND file = ?",
            (owner.name, pending.file),
        ).fetchone()
        if row is not None and row[1] == pending.content_hash:
            rejects = [
                Reject(file=f, record=r, reason=why, raw=json.loads(raw))
                for f, r, why, raw in self.db.execute(
                    "SELECT file, record, reason, raw FROM rejects WHERE batch_id = ? "
                    "ORDER BY record", (row[0],))
            ]
            return ImportSummary(owner=owner.name, file=pending.file, format=row[3],
                                 records=row[2], rejects=rejects, unchanged=True)
        prepared = prepare(pending.load, owner.name, self._owner_region(owner.name))
        summary = ImportSummary(
            owner=owner.name, file=prepared.file, format=prepared.format,
            records=len(prepared.rows), rejects=prepared.rejects,
        )
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        n_records, n_rejects = len(prepared.rows), len(prepared.rejects)
        old: dict[str, str] = {}
        if row is not None:
            batch_id = row[0]
            summary.replaced = row[2]
            old = dict(self.db.execute(
                "SELECT uid, data FROM records WHERE batch_id = ?", (batch_id,)))
            self.db.execute("DELETE FROM record_person WHERE uid IN "
                            "(SELECT uid FROM records WHERE batch_id = ?)", (batch_id,))
            self.db.execute("DELETE FROM records WHERE batch_id = ?", (batch_id,))
            self.db.execute("DELETE FROM rejects WHERE batch_id = ?", (batch_id,))
            self.db.execute(
                "UPDATE batches SET format = ?, content_hash = ?, records = ?, rejects = ?, "
                "imported_at = ? WHERE id = ?",
                (prepared.format, pending.content_hash, n_records, n_rejects, now, batch_id),
            )
        else:
            cur = self.db.execute(
                "INSERT INTO batches (owner, file, format, content_hash, records, rejects, "
                "imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (owner.name, prepared.file, prepared.format, pending.content_hash, n_records,
                 n_rejects, now),
            )
            batch_id = cur.lastrowid
        self._facts_current()
        self.db.executemany(
            "INSERT INTO records (uid, owner, batch_id, file, record, data, facts) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            ((uid, owner.name, batch_id, file, number, data, facts)
             for uid, file, number, data, facts in prepared.rows),
        )
        # The record number is where a record sits, not what it says: a contact that only moved
        # down the file is unchanged.
        for uid, _file, _number, data, _facts in prepared.rows:
            if uid not in old:
                summary.added += 1
            elif record_content(old[uid]) != record_content(data):
                summary.updated += 1
        summary.removed = len(old.keys() - {r[0] for r in prepared.rows})
        self.db.executemany(
            "INSERT INTO rejects (batch_id, file, record, reason, raw) VALUES (?, ?, ?, ?, ?)",
            ((batch_id, r.file, r.record, r.reason, json.dumps(r.raw))
             for r in prepared.rejects),
        )
        return summary

    def _owner_region(self, name: str) -> str:
        row = self.db.execute("SELECT region FROM owners WHERE name = ?", (name,)).fetchone()
        return row[0] if row else "US"

    def _facts_current(self) -> None:
        """Forget every record's cached facts if other code (another version) wrote them."""
        row = self.db.execute("SELECT value FROM store_meta WHERE key = 'facts_key'").fetchone()
        if row is None or row[0] != factcache.cache_key():
            self.db.execute("UPDATE records SET facts = NULL WHERE facts IS NOT NULL")
            self.db.execute("INSERT OR REPLACE INTO store_meta (key, value) "
                            "VALUES ('facts_key', ?)", (factcache.cache_key(),))

    def _record_facts(self, regions: dict[str, str]) -> Iterator[RecordFacts]:
        """Yield every record's facts: from the cache, or worked out and cached again.

        A generator over the cursor, so a million records never sit in memory as objects.
        """
        self._facts_current()
        missing: list[tuple[str, str]] = []
        for uid, owner, batch_id, facts, data in self.db.execute(
            "SELECT uid, owner, batch_id, facts, CASE WHEN facts IS NULL THEN data END "
            "FROM records"
        ):
            if facts is not None:
                yield factcache.decode(uid, owner, batch_id, facts)
                continue
            f = record_facts(StoredRecord(uid, owner, batch_id, record_from_json(data)),
                             regions.get(owner, "US"))
            missing.append((factcache.encode(f), uid))
            yield f
        self.db.executemany("UPDATE records SET facts = ? WHERE uid = ?", missing)

    def _tagged_records(self) -> list[tuple[str, str]]:
        """Return (record uid, person id) for every tagged person's records, as they are."""
        return self.db.execute(
            "SELECT uid, person_id FROM record_person WHERE person_id IN "
            "(SELECT person_id FROM person_tags)").fetchall()

    def _rederive(self, tagged: list[tuple[str, str]] | None = None) -> None:
        """Rewrite every derived table from the records; ``tagged``: the tagged people's
        records as they were before this change began (so tags follow an id that moves), when
        the change itself has already unlinked some of them."""
        db = self.db
        owners = self.owners()
        facts = self._record_facts({o.name: o.region for o in owners})
        decisions = db.execute(
            "SELECT kind, a, b FROM identity_decisions ORDER BY id").fetchall()
        derived = derive(facts, owners, decisions, inputs=self._tie_inputs())
        if tagged is None:
            tagged = self._tagged_records()
        # record_person is rewritten by difference (below): ids are stable, so another book
        # moves a few hundred of a million rows, and rewriting them all took 17 s. Its rows
        # name persons that are deleted and inserted again, so the foreign keys are checked at
        # COMMIT (this pragma ends with the transaction); a wrong row still fails the import.
        db.execute("PRAGMA defer_foreign_keys = ON")
        db.execute("DELETE FROM memberships")  # refers to persons and organisations
        for table in ("ties", "person_keys", "persons", "org_domains", "organizations"):
            db.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names
        db.executemany(
            "INSERT INTO organizations (id, name, norm, domains) VALUES (?, ?, ?, ?)",
            ((o.id, o.name, o.norm, json.dumps(o.domains)) for o in derived.orgs),
        )
        db.executemany(
            "INSERT INTO org_domains (domain, org_id) VALUES (?, ?)",
            ((d, o.id) for o in derived.orgs for d in o.domains),
        )
        db.executemany(
            "INSERT INTO persons (id, name, emails, phones, org_id, title, owner, why) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (p.id, p.name, json.dumps(p.emails), json.dumps(p.phones), p.org_id, p.title,
                 p.owner, json.dumps(p.why))
                for p in derived.persons
            ),
        )
        db.executemany(
            "INSERT OR IGNORE INTO person_keys (key, person_id) VALUES (?, ?)",
            (
                (key, p.id)
                for p in derived.persons
                for key in [*(f"e:{e}" for e in p.emails), *(f"t:{t}" for t in p.phones)]
            ),
        )
        now = derived.record_person
        before = dict(db.execute("SELECT uid, person_id FROM record_person"))
        db.executemany("DELETE FROM record_person WHERE uid = ?",
                       [(uid,) for uid in before.keys() - now.keys()])
        db.executemany(
            "INSERT OR REPLACE INTO record_person (uid, person_id) VALUES (?, ?)",
            sorted((uid, pid) for uid, pid in now.items() if before.get(uid) != pid),
        )
        del before
        moved = successors(tagged, derived.record_person, {p.id for p in derived.persons})
        for old, new in sorted(moved.items()):
            # A tag the new id already has stays once: the old copy is the one dropped.
            db.execute("UPDATE OR IGNORE person_tags SET person_id = ? WHERE person_id = ?",
                       (new, old))
            db.execute("DELETE FROM person_tags WHERE person_id = ?", (old,))
        db.executemany(
            "INSERT INTO ties (a, b, strength, evidence) VALUES (?, ?, ?, ?)",
            (
                (t.a, t.b, t.strength, evidence)
                for t, evidence in evidence_json(derived.ties)
            ),
        )
        db.executemany(
            "INSERT INTO memberships (person_id, org_id, current, size, owners) "
            "VALUES (?, ?, ?, ?, ?)",
            ((m.person, m.org_id, int(m.current), m.size, json.dumps(m.owners))
             for m in derived.memberships),
        )
        # From the ties in hand, not read back from the table just written; colleagues join
        # through one edge per membership to an organisation node.
        self._write_search_graph(itertools.chain(
            ((t.a, t.b, t.strength) for t in derived.ties),
            membership_edges(derived.memberships)))

    def _tie_inputs(self) -> TieInputs:
        return evidence_sql.tie_inputs(self.db, self.today)

    def _write_search_graph(self, ties: Iterable[tuple[str, str, float]]) -> None:
        graph = CompactGraph.from_ties(ties)
        self.db.execute("INSERT OR REPLACE INTO search_graph (id, data) VALUES (1, ?)",
                        (graph.to_bytes(),))

    # --- reading -----------------------------------------------------------------------------

    def owners(self) -> list[Owner]:
        rows = self.db.execute(
            "SELECT o.name, o.display_name, o.emails, o.phones, o.region, o.share, "
            "(SELECT count(*) FROM records r WHERE r.owner = o.name), "
            "(SELECT p.id FROM persons p WHERE p.owner = o.name) "
            "FROM owners o ORDER BY o.name"
        ).fetchall()
        return [
            Owner(name=n, display_name=d, emails=json.loads(e), phones=json.loads(p), region=rg,
                  share=s, records=c, person_id=pid)
            for n, d, e, p, rg, s, c, pid in rows
        ]

    _PERSON_SELECT = (
        "SELECT p.id, p.name, p.emails, p.phones, o.name, p.title, p.owner, p.why "
        "FROM persons p LEFT JOIN organizations o ON o.id = p.org_id "
    )

    def people(self, query: str | None = None, limit: int | None = None) -> list[Person]:
        sql = self._PERSON_SELECT
        params: list[object] = []
        if query:
            like = f"%{query.strip().lower()}%"
            sql += (
                "WHERE lower(p.name) LIKE ? OR lower(p.emails) LIKE ? OR p.phones LIKE ? "
                "OR lower(coalesce(o.name, '')) LIKE ? OR lower(coalesce(p.title, '')) LIKE ? "
            )
            params += [like, like, like, like, like]
        sql += "ORDER BY p.name, p.id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        rows = self.db.execute(sql, params).fetchall()
        provenance = self._provenance([r[0] for r in rows])
        return [
            Person(id=i, name=n, emails=json.loads(e), phones=json.loads(ph), organization=o,
                   title=t, owner=ow, records=provenance.get(i, []), why=json.loads(w))
            for i, n, e, ph, o, t, ow, w in rows
        ]

    def person(self, person_id: str) -> Person | None:
        row = self.db.execute(self._PERSON_SELECT + "WHERE p.id = ?", (person_id,)).fetchone()
        if row is None:
            return None
        i, n, e, ph, o, t, ow, w = row
        return Person(id=i, name=n, emails=json.loads(e), phones=json.loads(ph), organization=o,
                      title=t, owner=ow, records=self._provenance([i]).get(i, []),
                      why=json.loads(w))

    def person_of_record(self, uid: str) -> str | None:
        if uid.startswith("owner:"):
            row = self.db.execute("SELECT id FROM persons WHERE owner = ?",
                                  (uid[len("owner:"):],)).fetchone()
        else:
            row = self.db.execute("SELECT person_id FROM record_person WHERE uid = ?",
                                  (uid,)).fetchone()
        return row[0] if row else None

    def person_records(self, person_id: str) -> list[tuple[str, Provenance | None]]:
        out: list[tuple[str, Provenance | None]] = [
            (f"owner:{name}", None) for (name,) in self.db.execute(
                "SELECT owner FROM persons WHERE id = ? AND owner IS NOT NULL", (person_id,))
        ]
        out += [
            (uid, Provenance(owner=owner, file=file, record=record))
            for uid, owner, file, record in self.db.execute(
                "SELECT r.uid, r.owner, r.file, r.record FROM record_person rp "
                "JOIN records r ON r.uid = rp.uid WHERE rp.person_id = ? "
                "ORDER BY r.owner, r.file, r.record", (person_id,))
        ]
        return out

    def decisions(self) -> list[tuple[str, str, str]]:
        return [tuple(r) for r in self.db.execute(
            "SELECT kind, a, b FROM identity_decisions ORDER BY id")]

    def decide(self, add: Sequence[tuple[str, str, str]],
               remove: Sequence[tuple[str, str, str]] = ()) -> None:
        db = self.db
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        db.execute("BEGIN IMMEDIATE")
        try:
            db.executemany("DELETE FROM identity_decisions WHERE kind = ? AND a = ? AND b = ?",
                           list(remove))
            # A newer decision about the same pair replaces an older one.
            db.executemany("DELETE FROM identity_decisions WHERE kind = ? AND a = ? AND b = ?",
                           list(add))
            db.executemany(
                "INSERT INTO identity_decisions (kind, a, b, made_at) VALUES (?, ?, ?, ?)",
                [(k, a, b, now) for k, a, b in add])
            self._rederive()
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def _provenance(self, ids: Sequence[str]) -> dict[str, list[Provenance]]:
        out: dict[str, list[Provenance]] = defaultdict(list)
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            for pid, owner, file, record in self.db.execute(
                "SELECT rp.person_id, r.owner, r.file, r.record FROM record_person rp "
                f"JOIN records r ON r.uid = rp.uid WHERE rp.person_id IN ({marks}) "
                "ORDER BY r.owner, r.file, r.record",
                chunk,
            ):
                out[pid].append(Provenance(owner=owner, file=file, record=record))
        return out

    def person_refs(self, ids: Sequence[str]) -> dict[str, PersonRef]:
        out: dict[str, PersonRef] = {}
        for chunk in _chunks(list(ids), 500):
            marks = ",".join("?" * len(chunk))
            for pid, name, title, org in self.db.execute(
                "SELECT p.id, p.name, p.title, o.name FROM persons p "
                f"LEFT JOIN organizations o ON o.id = p.org_id WHERE p.id IN ({marks})",
                chunk,
            ):
                out[pid] = PersonRef(id=pid, name=name, title=title, organization=org)
        return out

    def organizations(self, query: str | None = None) -> list[Organization]:
        sql = (
            "SELECT o.id, o.name, o.domains, (SELECT count(*) FROM persons p "
            "WHERE p.org_id = o.id) FROM organizations o "
        )
        params: list[object] = []
        if query:
            like = f"%{query.strip().lower()}%"
            sql += "WHERE lower(o.name) LIKE ? OR o.norm LIKE ? OR o.domains LIKE ? "
            params = [like, like, like]
        sql += "ORDER BY o.name, o.id"
        return [
            Organization(id=i, name=n, domains=json.loads(d), people=c)
            for i, n, d, c in self.db.execute(sql, params)
        ]

    def orgs_by_name(self, norm: str, *, partial: bool = False) -> list[Organization]:
        if not norm:
            return []
        if partial:
            escaped = norm.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            where, arg = "norm LIKE ? ESCAPE '\\'", f"%{escaped}%"
        else:
            where, arg = "norm = ?", norm
        return [
            Organization(id=i, name=n, domains=json.loads(d))
            for i, n, d in self.db.execute(
                f"SELECT id, name, domains FROM organizations WHERE {where} ORDER BY name, id",
                (arg,),
            )
        ]

    def org_by_domain(self, domain: str) -> Organization | None:
        row = self.db.execute(
            "SELECT o.id, o.name, o.domains FROM org_domains d "
            "JOIN organizations o ON o.id = d.org_id WHERE d.domain = ?",
            (domain.lower(),),
        ).fetchone()
        return Organization(id=row[0], name=row[1], domains=json.loads(row[2])) if row else None

    def persons_at(self, org_id: str) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT id FROM persons WHERE org_id = ? ORDER BY id", (org_id,))]

    def ties(self) -> Iterator[Tie]:
        for a, b, s in self.db.execute("SELECT a, b, strength FROM ties"):
            yield Tie(a=a, b=b, strength=s)

    def tie_strengths(self) -> Iterator[tuple[str, str, float]]:
        yield from self.db.execute("SELECT a, b, strength FROM ties")

    def search_graph(self) -> CompactGraph:
        row = self.db.execute("SELECT data FROM search_graph WHERE id = 1").fetchone()
        if row is None:  # nothing imported yet
            return CompactGraph.from_ties([])
        return CompactGraph.from_bytes(row[0])

    def tie(self, a: str, b: str) -> Tie | None:
        if b < a:
            a, b = b, a
        row = self.db.execute(
            "SELECT strength, evidence FROM ties WHERE a = ? AND b = ?", (a, b)
        ).fetchone()
        if row is None:
            return None
        evidence = [Evidence(**e) for e in json.loads(row[1])]
        return Tie(a=a, b=b, strength=row[0], evidence=evidence)

    def counts(self) -> dict[str, int]:
        return {
            t: self.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608
            for t in TABLES
        }

    def dump(self) -> dict[str, list[tuple]]:
        return {
            t: sorted(self.db.execute(f"SELECT * FROM {t}").fetchall(), key=repr)  # noqa: S608
            for t in TABLES
        }

    # --- intro requests (asks) ---------------------------------------------------------------

    def add_ask(
        self,
        *,
        owner: str,
        connector: PersonRef,
        target: PersonRef,
        query: str,
        path: Sequence[PersonRef],
        reason: str,
        draft: str,
        at: dt.datetime,
    ) -> Ask:
        stamp = at.isoformat(timespec="seconds")
        self.db.execute("BEGIN IMMEDIATE")
        try:
            cur = self.db.execute(
                "INSERT INTO asks (owner, connector_id, target_id, connector, target, query, "
                "path, reason, draft, state, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (owner, connector.id, target.id, connector.model_dump_json(),
                 target.model_dump_json(), query,
                 json.dumps([p.model_dump(mode="json") for p in path]), reason, draft,
                 AskState.DRAFTED.value, stamp),
            )
            ask_id = cur.lastrowid
            self.db.execute(
                "INSERT INTO ask_events (ask_id, seq, state, at, note) VALUES (?, 1, ?, ?, '')",
                (ask_id, AskState.DRAFTED.value, stamp),
            )
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return self.asks([ask_id])[0]

    def asks(self, ids: Sequence[int] | None = None) -> list[Ask]:
        sql = ("SELECT id, owner, connector, target, query, path, reason, draft, state "
               "FROM asks")
        params: list[object] = []
        if ids is not None:
            if not ids:
                return []
            sql += f" WHERE id IN ({','.join('?' * len(ids))})"
            params = list(ids)
        rows = self.db.execute(sql + " ORDER BY id", params).fetchall()
        history: dict[int, list[dict]] = defaultdict(list)
        events = "SELECT ask_id, state, at, note FROM ask_events"
        if ids is not None:
            events += f" WHERE ask_id IN ({','.join('?' * len(ids))})"
        for ask_id, state, at, note in self.db.execute(events + " ORDER BY ask_id, seq",
                                                       params):
            history[ask_id].append({"state": state, "at": at, "note": note})
        # One validation per ask, nested parts included: a third of the time of building
        # each part as its own model.
        return [
            Ask.model_validate({
                "id": i, "owner": o, "connector": json.loads(c), "target": json.loads(t),
                "query": q, "path": json.loads(path), "reason": why, "draft": d, "state": st,
                "history": history[i]})
            for i, o, c, t, q, path, why, d, st in rows
        ]

    def set_ask_state(
        self, ask_id: int, expected: AskState, state: AskState, at: dt.datetime, note: str = ""
    ) -> Ask:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            row = self.db.execute("SELECT state FROM asks WHERE id = ?", (ask_id,)).fetchone()
            if row is None:
                raise NotFound(f"no ask {ask_id}; `intrograph asks` lists them")
            if row[0] != expected.value:
                raise StoreError(f"ask {ask_id} changed meanwhile: it is now {row[0]}, "
                                 f"not {expected.value}; look again and retry")
            self.db.execute(
                "INSERT INTO ask_events (ask_id, seq, state, at, note) VALUES (?, "
                "(SELECT max(seq) + 1 FROM ask_events WHERE ask_id = ?), ?, ?, ?)",
                (ask_id, ask_id, state.value, at.isoformat(timespec="seconds"), note),
            )
            self.db.execute("UPDATE asks SET state = ? WHERE id = ?", (state.value, ask_id))
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return self.asks([ask_id])[0]
    # --- privacy and data control ------------------------------------------------------------

    def _require_owner(self, name: str) -> None:
        if self.db.execute("SELECT 1 FROM owners WHERE name = ?", (name,)).fetchone() is None:
            owners = [r[0] for r in self.db.execute("SELECT name FROM owners ORDER BY name")]
            raise NotFound(f"no owner called {name!r}",
                           candidates=difflib.get_close_matches(name, owners, n=3))

    def forget_owner(self, name: str) -> dict[str, int]:
        db = self.db
        # Deleted rows otherwise linger in free pages and in the write-ahead log, readable by
        # anyone with the file: overwrite them, then fold the log back and truncate it.
        db.execute("PRAGMA secure_delete = ON")
        db.execute("BEGIN IMMEDIATE")
        try:
            self._require_owner(name)
            tagged = self._tagged_records()  # others' tags follow a person whose id moves
            removed = {}
            for table, where in FORGET_STEPS:
                cur = db.execute(f"DELETE FROM {table} WHERE {where}",  # noqa: S608 - constants
                                 {"owner": name})
                removed[table] = cur.rowcount
            self._rederive(tagged)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return removed

    def export_owner(self, name: str) -> dict:
        db = self.db
        # One read transaction, so an import landing meanwhile cannot tear the export.
        db.execute("BEGIN")
        try:
            self._require_owner(name)
            owner = next(o for o in self.owners() if o.name == name)
            batches = [
                dict(zip(("file", "format", "content_hash", "records", "rejects",
                          "imported_at"), row, strict=True))
                for row in db.execute(
                    "SELECT file, format, content_hash, records, rejects, imported_at "
                    "FROM batches WHERE owner = ? ORDER BY file", (name,))
            ]
            records = [
                {"uid": uid, "file": file, "record": record, "person_id": pid,
                 "data": json.loads(data)}
                for uid, file, record, pid, data in db.execute(
                    "SELECT r.uid, r.file, r.record, rp.person_id, r.data FROM records r "
                    "LEFT JOIN record_person rp ON rp.uid = r.uid WHERE r.owner = ? "
                    "ORDER BY r.file, r.record", (name,))
            ]
            rejects = [
                {"file": f, "record": r, "reason": why, "raw": json.loads(raw)}
                for f, r, why, raw in db.execute(
                    "SELECT j.file, j.record, j.reason, j.raw FROM rejects j "
                    "JOIN batches b ON b.id = j.batch_id WHERE b.owner = ? "
                    "ORDER BY j.file, j.record", (name,))
            ]
            ids = sorted({r["person_id"] for r in records if r["person_id"]}
                         | ({owner.person_id} if owner.person_id else set()))
            wanted = set(ids)
            persons = [p for p in self.people() if p.id in wanted]
            ties = []
            for a, b, strength, evidence in db.execute(
                "SELECT a, b, strength, evidence FROM ties WHERE a = ?1 OR b = ?1",
                (owner.person_id,),
            ):
                ties.append({"a": a, "b": b, "strength": strength,
                             "evidence": json.loads(evidence)})
            decisions = [
                dict(zip(("kind", "a", "b", "made_at"), row, strict=True))
                for row in db.execute(
                    "SELECT kind, a, b, made_at FROM identity_decisions WHERE a IN "
                    "(SELECT uid FROM records WHERE owner = ?1) OR b IN "
                    "(SELECT uid FROM records WHERE owner = ?1) ORDER BY id", (name,))
            ]
        finally:
            db.execute("COMMIT")
        return {
            "owner": owner.model_dump(mode="json"),
            "batches": batches,
            "records": records,
            "rejects": rejects,
            "persons": [p.model_dump(mode="json", by_alias=True) for p in persons],
            "ties": ties,
            "identity_decisions": decisions,
        }

    def set_share(self, name: str, share: ShareLevel) -> None:
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            self._require_owner(name)
            db.execute("UPDATE owners SET share = ? WHERE name = ?", (ShareLevel(share).value,
                                                                      name))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def owner_contacts(
        self, name: str, person_ids: Collection[str] | None = None
    ) -> Iterator[tuple[str, ContactRecord]]:
        sql = ("SELECT rp.person_id, r.data FROM records r JOIN record_person rp "
               "ON rp.uid = r.uid WHERE r.owner = ?")
        if person_ids is None:
            rows: Iterable[tuple] = self.db.execute(sql, (name,))
        else:
            rows = (row for chunk in _chunks(sorted(set(person_ids)), 500)
                    for row in self.db.execute(
                        f"{sql} AND rp.person_id IN ({','.join('?' * len(chunk))})",
                        (name, *chunk)))
        for pid, data in rows:
            yield pid, record_from_json(data)

    def optouts(self) -> list[tuple[str, str, str]]:
        return self.db.execute(
            "SELECT key, label, added_at FROM optouts ORDER BY added_at, key").fetchall()

    def add_optouts(self, rows: Sequence[tuple[str, str]]) -> int:
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            before = db.total_changes
            db.executemany("INSERT OR IGNORE INTO optouts (key, label, added_at) "
                           "VALUES (?, ?, ?)", ((k, label, now) for k, label in rows))
            added = db.total_changes - before
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return added

    def remove_optouts(self, keys: Sequence[str]) -> int:
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            before = db.total_changes
            db.executemany("DELETE FROM optouts WHERE key = ?", ((k,) for k in keys))
            removed = db.total_changes - before
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return removed

    def person_ids_with_keys(self, keys: Iterable[str]) -> set[str]:
        keys = set(keys)
        found: set[str] = set()
        direct = sorted(k for k in keys if k[:2] in ("e:", "t:"))
        for chunk in _chunks(direct, 500):
            marks = ",".join("?" * len(chunk))
            found.update(r[0] for r in self.db.execute(
                f"SELECT person_id FROM person_keys WHERE key IN ({marks})", chunk))
        links = {k[2:] for k in keys if k.startswith("l:")}
        if links:
            # Profile URLs are not person keys. A URL that normalises to one names linkedin.com
            # in its host, so a plain text match (case-blind, like the host rule) narrows the
            # records before their JSON is read; it can only over-select, never miss one.
            for pid, url in self.db.execute(
                "SELECT rp.person_id, json_extract(r.data, '$.linkedin_url') FROM records r "
                "JOIN record_person rp ON rp.uid = r.uid WHERE r.data LIKE '%linkedin.com%' "
                "AND json_extract(r.data, '$.linkedin_url') > ''"
            ):
                if normalize_linkedin_url(url) in links:
                    found.add(pid)
        return found

    def strong_keys(self, person_id: str) -> list[str]:
        keys = {r[0] for r in self.db.execute(
            "SELECT key FROM person_keys WHERE person_id = ?", (person_id,))}
        for (url,) in self.db.execute(
            "SELECT json_extract(r.data, '$.linkedin_url') FROM records r "
            "JOIN record_person rp ON rp.uid = r.uid WHERE rp.person_id = ?", (person_id,),
        ):
            if url and (norm := normalize_linkedin_url(url)):
                keys.add(f"l:{norm}")
        return sorted(keys)

    def contact_channels(self, name: str) -> Iterator[tuple[str, list[str], str, list[str]]]:
        # The few fields in SQL, not whole records through pydantic: ten times faster.
        for pid, labels, org, emails in self.db.execute(
            "SELECT rp.person_id, json_extract(r.data, '$.labels'), "
            "coalesce(json_extract(r.data, '$.organization'), ''), "
            "(SELECT json_group_array(json_extract(e.value, '$.value')) "
            " FROM json_each(r.data, '$.emails') e) "
            "FROM records r JOIN record_person rp ON rp.uid = r.uid WHERE r.owner = ?", (name,),
        ):
            yield pid, json.loads(labels or "[]"), org, json.loads(emails or "[]")

    def tie_owners(
        self, touching: Collection[str] | None = None
    ) -> Iterator[tuple[str, str, list[str | None]]]:
        for a, b, _, evidence in self._tie_rows(touching):
            yield a, b, [e.get("owner") for e in json.loads(evidence)]

    def tie_evidence(self, touching: Collection[str] | None = None) -> Iterator[Tie]:
        for a, b, s, evidence in self._tie_rows(touching):
            yield Tie(a=a, b=b, strength=s, evidence=[Evidence(**e) for e in json.loads(evidence)])

    def _tie_rows(self, touching: Collection[str] | None) -> Iterator[tuple]:
        sql = "SELECT a, b, strength, evidence FROM ties"
        if touching is None:
            rows: Iterable[tuple] = self.db.execute(sql)
        else:
            ids = sorted(set(touching))
            rows = (
                row
                for chunk in _chunks(ids, 400)
                for row in self.db.execute(
                    f"{sql} WHERE a IN ({','.join('?' * len(chunk))}) "  # noqa: S608
                    f"OR b IN ({','.join('?' * len(chunk))})", [*chunk, *chunk])
            )
        seen: set[tuple[str, str]] = set()
        for a, b, s, evidence in rows:
            if (a, b) in seen:  # a tie between two ids of different chunks comes twice
                continue
            seen.add((a, b))
            yield a, b, s, evidence

    # --- strength evidence: ratings and interactions (graph/evidence_sql.py) ------------------

    def _evidence_write(self, work: Callable[[], tuple[T, bool]]) -> T:
        """Run ``work`` in one transaction and re-derive the ties if it changed anything."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            result, changed = work()
            if changed:
                self._rederive()
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return result

    # --- expertise (intrograph tag / expert) -------------------------------------------------

    def add_tags(self, person_id: str, tags: Sequence[str], owner: str | None) -> int:
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        self.db.execute("BEGIN IMMEDIATE")
        try:
            before = self.db.total_changes
            self.db.executemany(
                "INSERT OR IGNORE INTO person_tags (person_id, tag, owner, tagged_at) "
                "VALUES (?, ?, ?, ?)",
                [(person_id, t, owner, now) for t in tags],
            )
            added = self.db.total_changes - before
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return added

    def remove_tags(self, person_id: str, tags: Sequence[str], owner: str | None) -> int:
        removed = 0
        with self.db:
            for t in tags:
                if owner is None:
                    cur = self.db.execute(
                        "DELETE FROM person_tags WHERE person_id = ? AND tag = ?",
                        (person_id, t))
                else:
                    cur = self.db.execute(
                        "DELETE FROM person_tags WHERE person_id = ? AND tag = ? AND owner = ?",
                        (person_id, t, owner))
                removed += cur.rowcount
        return removed

    def person_tags(self, ids: Sequence[str]) -> dict[str, list[PersonTag]]:
        out: dict[str, list[PersonTag]] = defaultdict(list)
        for chunk in _chunks(list(ids), 500):
            marks = ",".join("?" * len(chunk))
            for pid, tag, owner in self.db.execute(
                f"SELECT person_id, tag, owner FROM person_tags WHERE person_id IN ({marks}) "
                "ORDER BY person_id, tag, owner",
                chunk,
            ):
                out[pid].append(PersonTag(person_id=pid, tag=tag, owner=owner))
        return dict(out)

    def person_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM persons").fetchone()[0]

    def expertise_sources(
        self, words: Sequence[str] | None = None,
        visible: Callable[[str, str], bool] | None = None,
    ) -> Iterator[ExpertiseSource]:
        if words is None:
            ids = [r[0] for r in self.db.execute("SELECT id FROM persons ORDER BY id")]
        else:
            ids = self._expertise_candidates(words)
        for chunk in _chunks(ids, 500):
            yield from self._expertise_chunk(chunk, visible)

    # The people a question's words can reach are looked up in the word index, best first by
    # SQLite's own BM25, and at most this many are scored in Python.
    EXPERTISE_SHORTLIST = 2000

    def _expertise_index_ready(self) -> None:
        """Rebuild the expertise word index if an import changed the records since it was built.

        One INSERT ... SELECT, all inside SQLite: each record's work fields are pulled out of its
        JSON with json_extract and concatenated per person.
        """
        (stale,) = self.db.execute("SELECT stale FROM expertise_state").fetchone()
        if not stale:
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.execute("DELETE FROM expertise_index")
            self.db.execute(
                "INSERT INTO expertise_index (person_id, body) "
                "SELECT p.id, coalesce(o.name, '') || ' ' || coalesce(o.domains, '') || ' ' "
                "|| coalesce(w.body, '') FROM persons p "
                "LEFT JOIN organizations o ON o.id = p.org_id "
                "LEFT JOIN (SELECT rp.person_id AS pid, group_concat(json_extract(r.data, "
                "'$.title', '$.department', '$.organization', '$.notes', '$.labels', "
                "'$.extra'), ' ') AS body FROM record_person rp "
                "JOIN records r ON r.uid = rp.uid GROUP BY rp.person_id) w ON w.pid = p.id"
            )
            self.db.execute("UPDATE expertise_state SET stale = 0")
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def membership_owners(self, owners: Collection[str]) -> Iterator[tuple[str, str, list[str]]]:
        wanted = set(owners)
        for pid, oid, said in self.db.execute(
                "SELECT person_id, org_id, owners FROM memberships"):
            supporters = json.loads(said)
            if wanted.intersection(supporters):
                yield pid, oid, supporters

    def membership(self, person_id: str, org_node: str) -> Membership | None:
        row = self.db.execute(
            "SELECT current, size FROM memberships WHERE person_id = ? AND org_id = ?",
            (person_id, org_node.removeprefix(ORG_NODE_PREFIX))).fetchone()
        return Membership(person_id, org_node.removeprefix(ORG_NODE_PREFIX), bool(row[0]),
                          row[1]) if row else None

    def rate(self, owner: str, person_id: str, stars: int) -> None:
        today = self.today or dt.datetime.now(dt.UTC).date()
        self._evidence_write(
            lambda: (None, evidence_sql.rate(self.db, owner, person_id, stars, today)))

    def import_interactions(
        self, owner: str, pending: evidence_sql.PendingInteractions
    ) -> InteractionSummary:
        return self._evidence_write(
            lambda: evidence_sql.import_interactions(self.db, owner, pending))

    # --- moving a store between backends (graph/inputs_sql.py, graph/sync.py) ----------------

    def export_inputs(self) -> StoreInputs:
        with self.snapshot():
            return inputs_sql.export_inputs(self.db)

    def load_inputs(
        self, inputs: StoreInputs, check: Callable[[dict[str, int]], None] | None = None
    ) -> None:
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise store_fault(exc, self.path, busy_timeout=self.busy_timeout) from exc
        try:
            inputs_sql.load_inputs(self.db, inputs, str(self.path))
            self._rederive()
            if check is not None:
                (optouts,) = self.db.execute("SELECT count(*) FROM optouts").fetchone()
                check({**self.counts(), "optouts": optouts})
            self.db.execute("COMMIT")
        except BaseException:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[SQLiteStore]:
        # In WAL mode a read transaction pins the state as of its first read; readers never
        # block the importer and the importer never blocks them.
        if self.db.in_transaction:
            yield self
            return
        self.db.execute("BEGIN DEFERRED")
        try:
            self.db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            yield self
        finally:
            if self.db.in_transaction:
                self.db.execute("COMMIT")

    def _expertise_candidates(self, words: Sequence[str]) -> list[str]:
        """Return the ids of persons whose work fields or tags have a word starting with one of
        ``words``: at most :attr:`EXPERTISE_SHORTLIST` from the index, best first, plus tags."""
        words = sorted({w for w in (_fts_word(x) for x in words) if w})
        if not words:
            return []
        self._expertise_index_ready()
        match = " OR ".join(f'"{w}"*' for w in words)
        found = [pid for (pid,) in self.db.execute(
            "SELECT person_id FROM expertise_index WHERE expertise_index MATCH ? "
            "ORDER BY rank LIMIT ?", (match, self.EXPERTISE_SHORTLIST))]
        # Tags are few and change one at a time: a LIKE over them beats re-indexing.
        likes = [f"%{_like_escape(w)}%" for w in words]
        tag_cond = " OR ".join(["tag LIKE ? ESCAPE '\\'"] * len(likes))
        tagged = {pid for (pid,) in self.db.execute(
            f"SELECT DISTINCT person_id FROM person_tags WHERE {tag_cond}", likes)}
        existing = set()
        for chunk in _chunks(sorted(tagged - set(found)), 500):
            marks = ",".join("?" * len(chunk))
            existing |= {r[0] for r in self.db.execute(
                f"SELECT id FROM persons WHERE id IN ({marks})", chunk)}
        return sorted(set(found) | existing)

    def _expertise_chunk(
        self, ids: Sequence[str], visible: Callable[[str, str], bool] | None = None,
    ) -> Iterator[ExpertiseSource]:
        marks = ",".join("?" * len(ids))
        builders: dict[str, ProfileBuilder] = {}
        for pid, name, title, org, domains, phones in self.db.execute(
            "SELECT p.id, p.name, p.title, o.name, o.domains, p.phones FROM persons p "
            f"LEFT JOIN organizations o ON o.id = p.org_id WHERE p.id IN ({marks})", ids,
        ):
            src = ExpertiseSource(person_id=pid, name=name, title=title, organization=org,
                                  phones=json.loads(phones))
            builders[pid] = ProfileBuilder(src, json.loads(domains or "[]"))
        for pid, owner, title, dept, org, notes, labels, extra, city, country in self.db.execute(
            "SELECT rp.person_id, r.owner, json_extract(r.data, '$.title'), "
            "json_extract(r.data, '$.department'), json_extract(r.data, '$.organization'), "
            "json_extract(r.data, '$.notes'), json_extract(r.data, '$.labels'), "
            "json_extract(r.data, '$.extra'), json_extract(r.data, '$.city'), "
            "json_extract(r.data, '$.country') FROM record_person rp "
            f"JOIN records r ON r.uid = rp.uid WHERE rp.person_id IN ({marks}) "
            "ORDER BY rp.person_id, r.owner, r.file, r.record", ids,
        ):
            if pid in builders and (visible is None or visible(owner, pid)):
                builders[pid].add_record(title=title, department=dept, organization=org,
                                         notes=notes, labels=labels, extra=extra, city=city,
                                         country=country)
        for pid, tags in self.person_tags(list(builders)).items():
            builders[pid].add_tags(t for t in tags
                                   if visible is None or not t.owner or visible(t.owner, pid))
        for pid in ids:
            if pid in builders:
                yield builders[pid].source

def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


# Every table with rows that belong to one owner's book, children before parents: forget_owner
# deletes from each in this order, then re-derives persons, organisations and ties. A new
# owner-keyed table (interactions, ratings, tags, asks, ...) is one more line here; forgetting
# fails on a foreign key rather than silently keeping rows if one is left out.
_OWN_RECORDS = "(SELECT uid FROM records WHERE owner = :owner)"
FORGET_STEPS: tuple[tuple[str, str], ...] = (
    ("ask_events", "ask_id IN (SELECT id FROM asks WHERE owner = :owner)"),
    ("asks", "owner = :owner"),
    ("ratings", "owner = :owner"),
    ("person_tags", "owner = :owner"),
    ("interaction_rejects", "owner = :owner"),
    ("interactions", "owner = :owner"),
    ("interaction_files", "owner = :owner"),
    ("identity_decisions", f"a IN {_OWN_RECORDS} OR b IN {_OWN_RECORDS} "
                           "OR a = 'owner:' || :owner OR b = 'owner:' || :owner"),
    ("record_person", f"uid IN {_OWN_RECORDS}"),
    ("rejects", "batch_id IN (SELECT id FROM batches WHERE owner = :owner)"),
    ("records", "owner = :owner"),
    ("batches", "owner = :owner"),
    ("owners", "name = :owner"),
)
def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _fts_word(text: str) -> str:
    """Return ``text`` as the index tokenises it: lower-case letters and digits only."""
    return "".join(ch for ch in text.lower() if ch.isalnum())
