"""The embedded store: one SQLite file in WAL mode, the default system of record.

Every change is one ``BEGIN IMMEDIATE`` transaction that writes the records and then rewrites the
derived tables, so readers in other processes see the state before or after an import, never a
mix, and a failure anywhere rolls the whole import back.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from importlib import resources
from pathlib import Path

from intrograph.errors import SchemaVersionError, StoreError
from intrograph.graph.compact import CompactGraph
from intrograph.graph.derive import (
    StoredRecord,
    assign_uids,
    derive,
    record_content,
    record_facts,
    record_from_json,
)
from intrograph.graph.profiles import ProfileBuilder
from intrograph.graph.store import PendingFile, Store
from intrograph.models import (
    Evidence,
    ExpertiseSource,
    ImportSummary,
    Organization,
    Owner,
    Person,
    PersonRef,
    PersonTag,
    Provenance,
    Reject,
    Tie,
)

__all__ = ["SCHEMA_VERSION", "SQLiteStore"]



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
_TABLES = (
    "owners",
    "batches",
    "records",
    "rejects",
    "organizations",
    "org_domains",
    "persons",
    "person_keys",
    "record_person",
    "ties",
    "search_graph",
    "person_tags",
)


class SQLiteStore(Store):
    def __init__(self, path: Path):
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path, isolation_level=None, timeout=30)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the store at {path}: {exc}") from exc
        try:
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA busy_timeout = 30000")
            self._migrate()
            self.db.execute("PRAGMA journal_mode = WAL")
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
        self, items: Iterable[tuple[Owner, Iterable[PendingFile]]]
    ) -> list[ImportSummary]:
        summaries: list[ImportSummary] = []
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            changed = False
            for owner, files in items:
                changed = self._upsert_owner(owner) or changed
                for pending in files:
                    summary = self._import_one(owner, pending)
                    changed = changed or not summary.unchanged
                    summaries.append(summary)
            if changed:
                self._rederive()
            db.execute("COMMIT")
        except BaseException:
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
        load = pending.load
        summary = ImportSummary(
            owner=owner.name, file=load.file, format=load.format,
            records=len(load.records), rejects=load.rejects,
        )
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
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
                (load.format, pending.content_hash, len(load.records), len(load.rejects),
                 now, batch_id),
            )
        else:
            cur = self.db.execute(
                "INSERT INTO batches (owner, file, format, content_hash, records, rejects, "
                "imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (owner.name, load.file, load.format, pending.content_hash, len(load.records),
                 len(load.rejects), now),
            )
            batch_id = cur.lastrowid
        region = self._owner_region(owner.name)
        uids = assign_uids(owner.name, load.file, load.records, region)
        rows = [
            (uid, owner.name, batch_id, rec.file, rec.record, rec.model_dump_json())
            for uid, rec in zip(uids, load.records, strict=True)
        ]
        self.db.executemany(
            "INSERT INTO records (uid, owner, batch_id, file, record, data) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )
        # The record number is where a record sits, not what it says: a contact that only moved
        # down the file is unchanged.
        for uid, *_, data in rows:
            if uid not in old:
                summary.added += 1
            elif record_content(old[uid]) != record_content(data):
                summary.updated += 1
        summary.removed = len(old.keys() - set(uids))
        self.db.executemany(
            "INSERT INTO rejects (batch_id, file, record, reason, raw) VALUES (?, ?, ?, ?, ?)",
            ((batch_id, r.file, r.record, r.reason, json.dumps(r.raw)) for r in load.rejects),
        )
        return summary

    def _owner_region(self, name: str) -> str:
        row = self.db.execute("SELECT region FROM owners WHERE name = ?", (name,)).fetchone()
        return row[0] if row else "US"

    def _rederive(self) -> None:
        db = self.db
        owners = self.owners()
        regions = {o.name: o.region for o in owners}
        # A generator: each record is parsed, reduced to its facts and dropped, so a million
        # records never sit in memory as objects at once.
        facts = (
            record_facts(StoredRecord(uid, owner, batch_id, record_from_json(data)),
                         regions.get(owner, "US"))
            for uid, owner, batch_id, data in db.execute(
                "SELECT uid, owner, batch_id, data FROM records"
            )
        )
        derived = derive(facts, owners)
        for table in ("ties", "record_person", "person_keys", "persons", "org_domains",
                      "organizations"):
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
            "INSERT INTO persons (id, name, emails, phones, org_id, title, owner) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                (p.id, p.name, json.dumps(p.emails), json.dumps(p.phones), p.org_id, p.title,
                 p.owner)
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
        db.executemany(
            "INSERT INTO record_person (uid, person_id) VALUES (?, ?)",
            sorted(derived.record_person.items()),
        )
        db.executemany(
            "INSERT INTO ties (a, b, strength, evidence) VALUES (?, ?, ?, ?)",
            (
                (t.a, t.b, t.strength, json.dumps([e.model_dump() for e in t.evidence]))
                for t in derived.ties
            ),
        )
        # From the ties in hand, not read back from the table just written.
        self._write_search_graph((t.a, t.b, t.strength) for t in derived.ties)

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
        "SELECT p.id, p.name, p.emails, p.phones, o.name, p.title, p.owner "
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
                   title=t, owner=ow, records=provenance.get(i, []))
            for i, n, e, ph, o, t, ow in rows
        ]

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
            for t in _TABLES
        }

    def dump(self) -> dict[str, list[tuple]]:
        return {
            t: sorted(self.db.execute(f"SELECT * FROM {t}").fetchall(), key=repr)  # noqa: S608
            for t in _TABLES
        }

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

    def expertise_sources(self, words: Sequence[str] | None = None) -> Iterator[ExpertiseSource]:
        if words is None:
            ids = [r[0] for r in self.db.execute("SELECT id FROM persons ORDER BY id")]
        else:
            ids = self._expertise_candidates(words)
        for chunk in _chunks(ids, 500):
            yield from self._expertise_chunk(chunk)

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

    def _expertise_chunk(self, ids: Sequence[str]) -> Iterator[ExpertiseSource]:
        marks = ",".join("?" * len(ids))
        builders: dict[str, ProfileBuilder] = {}
        for pid, name, title, org, domains, phones in self.db.execute(
            "SELECT p.id, p.name, p.title, o.name, o.domains, p.phones FROM persons p "
            f"LEFT JOIN organizations o ON o.id = p.org_id WHERE p.id IN ({marks})", ids,
        ):
            src = ExpertiseSource(person_id=pid, name=name, title=title, organization=org,
                                  phones=json.loads(phones))
            builders[pid] = ProfileBuilder(src, json.loads(domains or "[]"))
        for pid, title, dept, org, notes, labels, extra, city, country in self.db.execute(
            "SELECT rp.person_id, json_extract(r.data, '$.title'), "
            "json_extract(r.data, '$.department'), json_extract(r.data, '$.organization'), "
            "json_extract(r.data, '$.notes'), json_extract(r.data, '$.labels'), "
            "json_extract(r.data, '$.extra'), json_extract(r.data, '$.city'), "
            "json_extract(r.data, '$.country') FROM record_person rp "
            f"JOIN records r ON r.uid = rp.uid WHERE rp.person_id IN ({marks}) "
            "ORDER BY rp.person_id, r.owner, r.file, r.record", ids,
        ):
            if pid in builders:
                builders[pid].add_record(title=title, department=dept, organization=org,
                                         notes=notes, labels=labels, extra=extra, city=city,
                                         country=country)
        for pid, tags in self.person_tags(list(builders)).items():
            builders[pid].add_tags(tags)
        for pid in ids:
            if pid in builders:
                yield builders[pid].source

def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _fts_word(text: str) -> str:
    """Return ``text`` as the index tokenises it: lower-case letters and digits only."""
    return "".join(ch for ch in text.lower() if ch.isalnum())
