"""The Neo4j store: the same contract as the SQLite store, on a server a team shares.

Imported only when ``--backend neo4j`` is asked for, since the driver is an optional extra.
Every import is one explicit transaction: records are written, read back, run through the same
pure :func:`~intrograph.graph.derive.derive` as SQLite, and the derived nodes and relationships
are replaced, all before the commit. A loader that raises half-way through a folder therefore
rolls back every file before it, and both backends give identical answers for identical input.
All Cypher lives in :mod:`intrograph.graph.cypher`; the record helpers are the embedded
store's own, so "updated" and a stored record's parse mean the same in both.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import itertools
import json
import uuid
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from typing import Any

import neo4j
from neo4j.exceptions import AuthError, DriverError, Neo4jError, ServiceUnavailable

from intrograph.errors import InputError, NotFound, StoreError
from intrograph.graph import cypher as C
from intrograph.graph.colleagues import (
    ORG_NODE_PREFIX,
    Membership,
    membership_edges,
    membership_strength,
)
from intrograph.graph.compact import CompactGraph
from intrograph.graph.db_paths import Mask
from intrograph.graph.derive import (
    Derived,
    StoredRecord,
    assign_uids,
    derive,
    record_content,
    record_facts,
    record_from_json,
)
from intrograph.graph.evidence_sql import PendingInteractions
from intrograph.graph.inputs import COLUMNS, LIST_COLUMNS, StoreInputs
from intrograph.graph.profiles import ProfileBuilder
from intrograph.graph.store import DERIVING, TABLES, PendingFile, Store
from intrograph.graph.strength import cost
from intrograph.graph.successors import successors
from intrograph.graph.ties import Message, Rating, TieInputs, evidence_json
from intrograph.loaders.normalize import normalize_linkedin_url
from intrograph.models import (
    Ask,
    AskEvent,
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

__all__ = ["Neo4jStore"]

# Rows per UNWIND: large enough to amortise a round trip, small enough to keep each message
# well under the server's limits; all chunks still share the one transaction.
_BATCH_ROWS = 5000


class Neo4jStore(Store):
    # The date ties are scored on (strength decays); None is today, as in SQLiteStore.
    today: dt.date | None = None

    def __init__(
        self,
        uri: str,
        user: str = "neo4j",
        password: str | None = None,
        database: str | None = None,
        today: dt.date | None = None,
    ):
        self.uri = uri
        self.database = database
        self.today = today
        auth = (user, password) if password is not None else None
        try:
            self.driver = neo4j.GraphDatabase.driver(uri, auth=auth)
        except (ValueError, DriverError) as exc:
            raise StoreError(f"cannot use the Neo4j URI {uri!r}: {exc}") from exc
        try:
            self.driver.verify_connectivity()
            # Schema statements cannot share a transaction with data, so each runs alone.
            with self._session() as session:
                for query in (*C.SCHEMA, *C.ASK_SCHEMA):
                    session.run(query.text).consume()
        except AuthError as exc:
            self.driver.close()
            raise StoreError(
                f"Neo4j at {uri} refused the credentials; check NEO4J_USER and NEO4J_PASSWORD"
            ) from exc
        except (ServiceUnavailable, DriverError, Neo4jError) as exc:
            self.driver.close()
            raise StoreError(f"cannot reach Neo4j at {uri}: {exc}") from exc

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[Any]:
        """Yield one write transaction: committed when the block ends, rolled back if it raises.

        Explicit, not ``execute_write``: an import's ``items`` may be a one-shot generator that
        parses files as it goes, so the work cannot be retried from the start.
        """
        with self._session() as session:
            tx = session.begin_transaction()
            try:
                yield tx
                tx.commit()
            except BaseException:
                if not tx.closed():
                    tx.rollback()
                raise
            finally:
                tx.close()

    def _session(self) -> neo4j.Session:
        return self.driver.session(database=self.database)

    def close(self) -> None:
        self.driver.close()

    # --- running statements -------------------------------------------------------------------

    @staticmethod
    def _run(tx: Any, statement: C.Query, /, **params: object) -> list[neo4j.Record]:
        """Return every row of ``statement`` run in ``tx``; its parameters must be exactly those
        it declares, so a misspelt name fails here instead of silently matching nothing."""
        if set(params) != statement.params:
            raise TypeError(f"query takes {sorted(statement.params)}, got {sorted(params)}")
        return list(tx.run(statement.text, params))

    def _read(self, statement: C.Query, /, **params: object) -> list[neo4j.Record]:
        with self._session() as session:
            return session.execute_read(self._run, statement, **params)

    def _unwind(self, tx: Any, query: C.Query, rows: Sequence[dict]) -> None:
        for i in range(0, len(rows), _BATCH_ROWS):
            self._run(tx, query, rows=list(rows[i : i + _BATCH_ROWS]))

    # --- writing ------------------------------------------------------------------------------

    def import_owners(
        self, items: Iterable[tuple[Owner, Iterable[PendingFile]]],
        on_stage: Callable[[str], None] | None = None,
    ) -> list[ImportSummary]:
        summaries: list[ImportSummary] = []
        with self._transaction() as tx:
            changed = False
            tagged = self._tagged_records(tx)  # before files replaced unlink their records
            for owner, files in items:
                changed = self._upsert_owner(tx, owner) or changed
                for pending in files:
                    summary = self._import_one(tx, owner, pending)
                    changed = changed or not summary.unchanged
                    summaries.append(summary)
            if changed:
                if on_stage:
                    on_stage(DERIVING)
                self._rederive(tx, tagged)
        return summaries

    def _upsert_owner(self, tx: Any, owner: Owner) -> bool:
        rows = self._run(tx, C.GET_OWNER, name=owner.name)
        if not rows:
            self._run(tx, C.CREATE_OWNER, name=owner.name, display_name=owner.display_name,
                      emails=owner.emails, phones=owner.phones, region=owner.region,
                      share=owner.share.value)
            return True
        row = rows[0]
        # As in SQLite: identity details only ever fill in or correct.
        current = (row["display_name"], _list(row["emails"]), _list(row["phones"]), row["region"])
        merged = (
            owner.display_name or current[0],
            owner.emails or current[1],
            owner.phones or current[2],
            owner.region if owner.region != "US" else current[3],
        )
        if merged == current:
            return False
        self._run(tx, C.UPDATE_OWNER, name=owner.name, display_name=merged[0],
                  emails=merged[1], phones=merged[2], region=merged[3])
        return True

    def _import_one(self, tx: Any, owner: Owner, pending: PendingFile) -> ImportSummary:
        found = self._run(tx, C.GET_BATCH, owner=owner.name, file=pending.file)
        batch = found[0] if found else None
        if batch is not None and batch["content_hash"] == pending.content_hash:
            rejects = [
                Reject(file=r["file"], record=r["record"], reason=r["reason"],
                       raw=json.loads(r["raw"]))
                for r in self._run(tx, C.BATCH_REJECTS, batch_id=batch["id"])
            ]
            return ImportSummary(owner=owner.name, file=pending.file, format=batch["format"],
                                 records=batch["records"], rejects=rejects, unchanged=True)
        load = pending.load
        summary = ImportSummary(
            owner=owner.name, file=load.file, format=load.format,
            records=len(load.records), rejects=load.rejects,
        )
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        batch_fields = dict(format=load.format, content_hash=pending.content_hash,
                            records=len(load.records), rejects=len(load.rejects),
                            imported_at=now)
        old: dict[str, str] = {}
        if batch is not None:
            batch_id = batch["id"]
            summary.replaced = batch["records"]
            old = {r["uid"]: r["data"] for r in self._run(tx, C.BATCH_RECORDS, batch_id=batch_id)}
            self._run(tx, C.DELETE_BATCH_RECORDS, batch_id=batch_id)
            self._run(tx, C.DELETE_BATCH_REJECTS, batch_id=batch_id)
            self._run(tx, C.UPDATE_BATCH, id=batch_id, **batch_fields)
        else:
            batch_id = self._run(tx, C.NEXT_BATCH_ID)[0]["id"]
            self._run(tx, C.CREATE_BATCH, id=batch_id, owner=owner.name, file=load.file,
                      **batch_fields)
        region = self._owner_region(tx, owner.name)
        uids = assign_uids(owner.name, load.file, load.records, region)
        rows = [
            {"uid": uid, "owner": owner.name, "batch_id": batch_id, "file": rec.file,
             "record": rec.record, "data": rec.model_dump_json()}
            for uid, rec in zip(uids, load.records, strict=True)
        ]
        self._unwind(tx, C.INSERT_RECORDS, rows)
        for row in rows:
            if row["uid"] not in old:
                summary.added += 1
            elif record_content(old[row["uid"]]) != record_content(row["data"]):
                summary.updated += 1
        summary.removed = len(old.keys() - set(uids))
        self._unwind(tx, C.INSERT_REJECTS, [
            {"batch_id": batch_id, "file": r.file, "record": r.record, "reason": r.reason,
             "raw": json.dumps(r.raw)}
            for r in load.rejects
        ])
        return summary

    def _owner_region(self, tx: Any, name: str) -> str:
        rows = self._run(tx, C.GET_OWNER, name=name)
        return rows[0]["region"] if rows else "US"

    def _tagged_records(self, tx: Any) -> list[tuple[str, str]]:
        """Return (record uid, person id) for every tagged person's records, as they are."""
        return [(r["uid"], r["person_id"]) for r in self._run(tx, C.TAGGED_RECORDS)]

    def _rederive(self, tx: Any, tagged: list[tuple[str, str]] | None = None) -> None:
        """Rewrite every derived node from the records; ``tagged`` as in the SQLite store."""
        if tagged is None:
            tagged = self._tagged_records(tx)
        derived = self._derive(tx)
        for label in C.DERIVED_LABELS:
            self._run(tx, C.delete_nodes(label))
        self._write_derived(tx, derived)
        moved = successors(tagged, derived.record_person, {p.id for p in derived.persons})
        if moved:
            self._run(tx, C.MOVE_TAGS, moves=[{"old": old, "new": new}
                                               for old, new in sorted(moved.items())])
            self._run(tx, C.DEDUPE_TAGS, ids=sorted(set(moved.values())))

    def _derive(self, tx: Any) -> Derived:
        """Return what the records, decisions and evidence ``tx`` sees derive, writing nothing."""
        owners = [_owner(r) for r in self._run(tx, C.OWNERS)]
        regions = {o.name: o.region for o in owners}
        facts = (
            record_facts(
                StoredRecord(r["uid"], r["owner"], r["batch_id"], record_from_json(r["data"])),
                regions.get(r["owner"], "US"),
            )
            for r in self._run(tx, C.ALL_RECORDS)
        )
        decisions = [(r["kind"], r["a"], r["b"]) for r in self._run(tx, C.DECISIONS)]
        return derive(facts, owners, decisions, inputs=self._tie_inputs(tx))

    def _write_derived(self, tx: Any, derived: Derived) -> None:
        self._unwind(tx, C.INSERT_ORGANIZATIONS, [
            {"id": o.id, "name": o.name, "norm": o.norm, "domains": o.domains}
            for o in derived.orgs
        ])
        self._unwind(tx, C.INSERT_PERSONS, [
            {"id": p.id, "name": p.name, "emails": p.emails, "phones": p.phones,
             "org_id": p.org_id, "title": p.title, "owner": p.owner, "why": json.dumps(p.why)}
            for p in derived.persons
        ])
        self._unwind(tx, C.LINK_RECORDS, [
            {"uid": uid, "person_id": pid} for uid, pid in sorted(derived.record_person.items())
        ])
        self._unwind(tx, C.INSERT_TIES, [
            {"a": t.a, "b": t.b, "strength": t.strength, "cost": cost(t.strength),
             "evidence": evidence}
            for t, evidence in evidence_json(derived.ties)
        ])
        self._unwind(tx, C.INSERT_MEMBERSHIPS, [
            {"person_id": m.person, "org_id": m.org_id, "current": m.current, "size": m.size,
             "owners": list(m.owners), "cost": _membership_cost(m)}
            for m in derived.memberships
        ])

    def _tie_inputs(self, tx: Any) -> TieInputs:
        """Return the ratings, interactions and owners' own addresses ties are scored with,
        read in SQLite's row order so both backends score the same."""
        inputs = TieInputs()
        if self.today is not None:
            inputs.as_of = self.today
        inputs.ratings = [Rating(owner=r["owner"], keys=tuple(_list(r["keys"])), stars=r["stars"])
                          for r in self._run(tx, C.TIE_RATINGS)]
        inputs.messages = [
            Message(owner=r["owner"], when=dt.datetime.fromisoformat(r["at"]), sender=r["sender"],
                    to=tuple(_list(r["recipients"])), channel=r["channel"])
            for r in self._run(tx, C.TIE_MESSAGES)
        ]
        addresses: dict[str, set[str]] = {}
        for r in self._run(tx, C.OWNER_ADDRESSES):
            addresses.setdefault(r["owner"], set()).update(_list(r["addresses"]))
        inputs.addresses = {o: frozenset(a) for o, a in addresses.items()}
        return inputs

    # --- reading ------------------------------------------------------------------------------

    def owners(self) -> list[Owner]:
        return [_owner(r) for r in self._read(C.OWNERS)]

    @staticmethod
    def _like(query: str | None) -> str | None:
        return query.strip().lower() if query else None

    def people(self, query: str | None = None, limit: int | None = None) -> list[Person]:
        params: dict[str, object] = {"query": self._like(query)}
        if limit is not None:
            params["limit"] = limit
        rows = self._read(C.people_query(limit is not None), **params)
        provenance = self._provenance([r["id"] for r in rows])
        return [
            Person(id=r["id"], name=r["name"], emails=_list(r["emails"]),
                   phones=_list(r["phones"]), organization=r["organization"], title=r["title"],
                   owner=r["owner"], records=provenance.get(r["id"], []),
                   why=json.loads(r["why"] or "[]"))
            for r in rows
        ]

    def person(self, person_id: str) -> Person | None:
        rows = self._read(C.PERSON, id=person_id)
        if not rows:
            return None
        r = rows[0]
        return Person(id=r["id"], name=r["name"], emails=_list(r["emails"]),
                      phones=_list(r["phones"]), organization=r["organization"],
                      title=r["title"], owner=r["owner"],
                      records=self._provenance([person_id]).get(person_id, []),
                      why=json.loads(r["why"] or "[]"))

    def person_of_record(self, uid: str) -> str | None:
        if uid.startswith("owner:"):
            rows = self._read(C.PERSON_OF_OWNER, owner=uid[len("owner:"):])
        else:
            rows = self._read(C.PERSON_OF_RECORD, uid=uid)
        return rows[0]["id"] if rows else None

    def person_records(self, person_id: str) -> list[tuple[str, Provenance | None]]:
        person = self._read(C.PERSON, id=person_id)
        out: list[tuple[str, Provenance | None]] = []
        if person and person[0]["owner"]:
            out.append((f"owner:{person[0]['owner']}", None))
        out += [(r["uid"], Provenance(owner=r["owner"], file=r["file"], record=r["record"]))
                for r in self._read(C.PERSON_RECORDS, id=person_id)]
        return out

    def decisions(self) -> list[tuple[str, str, str]]:
        return [(r["kind"], r["a"], r["b"]) for r in self._read(C.DECISIONS)]

    def decide(self, add: Sequence[tuple[str, str, str]],
               remove: Sequence[tuple[str, str, str]] = ()) -> None:
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self._transaction() as tx:
            rows = [{"kind": k, "a": a, "b": b} for k, a, b in [*remove, *add]]
            self._unwind(tx, C.DELETE_DECISIONS, rows)
            seq = self._run(tx, C.NEXT_DECISION_SEQ)[0]["seq"]
            self._unwind(tx, C.INSERT_DECISIONS, [
                {"seq": seq + i, "kind": k, "a": a, "b": b, "made_at": now}
                for i, (k, a, b) in enumerate(add)])
            self._rederive(tx)

    def _provenance(self, ids: Sequence[str]) -> dict[str, list[Provenance]]:
        out: dict[str, list[Provenance]] = defaultdict(list)
        if ids:
            for r in self._read(C.PROVENANCE, ids=list(ids)):
                out[r["id"]].append(Provenance(owner=r["owner"], file=r["file"],
                                               record=r["record"]))
        return out

    def person_refs(self, ids: Sequence[str]) -> dict[str, PersonRef]:
        if not ids:
            return {}
        return {
            r["id"]: PersonRef(id=r["id"], name=r["name"], title=r["title"],
                               organization=r["organization"])
            for r in self._read(C.PERSON_REFS, ids=list(ids))
        }

    def organizations(self, query: str | None = None) -> list[Organization]:
        return [
            Organization(id=r["id"], name=r["name"], domains=_list(r["domains"]),
                         people=r["people"])
            for r in self._read(C.ORGANIZATIONS, query=self._like(query))
        ]

    def org_by_domain(self, domain: str) -> Organization | None:
        rows = self._read(C.ORG_BY_DOMAIN, domain=domain.lower())
        if not rows:
            return None
        r = rows[0]
        return Organization(id=r["id"], name=r["name"], domains=_list(r["domains"]))

    def persons_at(self, org_id: str) -> list[str]:
        return [r["id"] for r in self._read(C.PERSONS_AT, org_id=org_id)]

    def ties(self) -> Iterator[Tie]:
        for r in self._read(C.TIE_STRENGTHS):
            yield Tie(a=r["a"], b=r["b"], strength=r["strength"])

    def tie_strengths(self) -> Iterator[tuple[str, str, float]]:
        for r in self._read(C.TIE_STRENGTHS):
            yield r["a"], r["b"], r["strength"]

    def tie(self, a: str, b: str) -> Tie | None:
        if b < a:
            a, b = b, a
        rows = self._read(C.TIE, a=a, b=b)
        if not rows:
            return None
        evidence = [Evidence(**e) for e in json.loads(rows[0]["evidence"])]
        return Tie(a=a, b=b, strength=rows[0]["strength"], evidence=evidence)

    def counts(self) -> dict[str, int]:
        with self._session() as session:
            counts = session.execute_read(self._counts)
        return {t: counts.get(t, 0) for t in TABLES}

    def _counts(self, tx: Any) -> dict[str, int]:
        """Return every table's count as seen by ``tx``, and ``optouts``."""
        counts = self._run(tx, C.COUNTS)[0].data()
        # SQLite keeps the search graph as one row, written by the first import that made an
        # owner; here it is built on demand, so count what that row would be.
        counts["search_graph"] = 1 if counts["owners"] else 0
        counts.update(self._run(tx, C.COUNT_ASKS)[0].data())
        counts.update(self._run(tx, C.COUNT_EVIDENCE)[0].data())
        return counts

    def dump(self) -> dict[str, list[tuple]]:
        """Return every "table" as SQLite's :meth:`dump` would, lists as the JSON it stores."""
        with self._session() as session:
            return session.execute_read(self._dump)

    def _dump(self, tx: Any) -> dict[str, list[tuple]]:
        def read(query: C.Query) -> list[neo4j.Record]:
            return self._run(tx, query)

        owners = [(r["name"], r["display_name"], json.dumps(_list(r["emails"])),
                   json.dumps(_list(r["phones"])), r["region"], r["share"])
                  for r in read(C.DUMP_OWNERS)]
        orgs = [tuple(r.values()) for r in read(C.DUMP_ORGANIZATIONS)]
        persons = [tuple(r.values()) for r in read(C.DUMP_PERSONS)]
        ties = [(r["a"], r["b"], r["strength"], r["evidence"]) for r in read(C.TIES)]
        tables: dict[str, list[tuple]] = {
            "owners": owners,
            "batches": [tuple(r.values()) for r in read(C.DUMP_BATCHES)],
            "records": [tuple(r.values()) for r in read(C.DUMP_RECORDS)],
            "rejects": [tuple(r.values()) for r in read(C.DUMP_REJECTS)],
            "organizations": [(i, n, norm, json.dumps(_list(d))) for i, n, norm, d in orgs],
            "org_domains": [(d, i) for i, _, _, domains in orgs for d in _list(domains)],
            "persons": [(i, n, json.dumps(_list(e)), json.dumps(_list(ph)), org, t, ow,
                         w or "[]")
                        for i, n, e, ph, org, t, ow, w in persons],
            "person_keys": [(f"{kind}:{k}", i)
                            for i, _, emails, phones, *_ in persons
                            for kind, keys in (("e", emails), ("t", phones)) for k in _list(keys)],
            "record_person": [tuple(r.values()) for r in read(C.DUMP_RECORD_PERSON)],
            "ties": ties,
            "identity_decisions": [tuple(r.values()) for r in read(C.DUMP_DECISIONS)],
            "search_graph": [(1, self._search_graph(tx).to_bytes())] if owners else [],
            "asks": [tuple(r.values()) for r in read(C.DUMP_ASKS)],
            "ask_events": [tuple(r.values()) for r in read(C.DUMP_ASK_EVENTS)],
            # A tag nobody signed is stored with owner '' (MERGE cannot match a null).
            "person_tags": [(r["person_id"], r["tag"], r["owner"] or None, r["tagged_at"])
                            for r in read(C.DUMP_TAGS)],
            "ratings": [(r["id"], r["owner"], json.dumps(_list(r["keys"])), r["stars"],
                         r["rated_on"]) for r in read(C.DUMP_RATINGS)],
            "interaction_files": [
                (r["id"], r["owner"], r["file"], r["format"], r["content_hash"], r["rows"],
                 r["rejects"], json.dumps(_list(r["addresses"])), r["imported_at"])
                for r in read(C.DUMP_INTERACTION_FILES)],
            "interactions": [
                (r["file_id"], r["owner"], r["record"], r["at"], r["sender"],
                 json.dumps(_list(r["recipients"])), r["channel"])
                for r in read(C.DUMP_INTERACTIONS)],
            "interaction_rejects": [tuple(r.values())
                                    for r in read(C.DUMP_INTERACTION_REJECTS)],
            "memberships": [(r["person_id"], r["org_id"], int(r["current"]), r["size"],
                             json.dumps(_list(r["owners"]))) for r in read(C.MEMBERSHIPS)],
        }
        return {t: sorted(tables.get(t, []), key=repr) for t in TABLES}

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
        def create(tx: Any) -> int:
            ask_id = self._run(tx, C.NEXT_ASK_ID)[0]["id"]
            self._run(tx, C.CREATE_ASK, id=ask_id, owner=owner, connector_id=connector.id,
                      target_id=target.id, connector=connector.model_dump_json(),
                      target=target.model_dump_json(), query=query,
                      path=json.dumps([p.model_dump(mode="json") for p in path]),
                      reason=reason, draft=draft, state=AskState.DRAFTED.value,
                      at=at.isoformat(timespec="seconds"))
            return ask_id

        with self._session() as session:
            ask_id = session.execute_write(create)
        return self.asks([ask_id])[0]

    def asks(self, ids: Sequence[int] | None = None) -> list[Ask]:
        rows = self._read(C.ASKS, ids=list(ids) if ids is not None else None)
        return [
            Ask(id=r["id"], owner=r["owner"], connector=PersonRef.model_validate_json(
                r["connector"]), target=PersonRef.model_validate_json(r["target"]),
                query=r["query"], path=[PersonRef(**p) for p in json.loads(r["path"])],
                reason=r["reason"], draft=r["draft"], state=r["state"],
                history=[AskEvent(**e) for e in r["history"]])
            for r in rows
        ]

    def set_ask_state(
        self, ask_id: int, expected: AskState, state: AskState, at: dt.datetime, note: str = ""
    ) -> Ask:
        def move(tx: Any) -> None:
            rows = self._run(tx, C.ASK_STATE, id=ask_id)
            if not rows:
                raise NotFound(f"no ask {ask_id}; `intrograph asks` lists them")
            if rows[0]["state"] != expected.value:
                raise StoreError(f"ask {ask_id} changed meanwhile: it is now {rows[0]['state']}, "
                                 f"not {expected.value}; look again and retry")
            self._run(tx, C.SET_ASK_STATE, id=ask_id, state=state.value,
                      at=at.isoformat(timespec="seconds"), note=note)

        with self._session() as session:
            session.execute_write(move)
        return self.asks([ask_id])[0]
    # --- privacy and data control ------------------------------------------------------------

    def set_share(self, name: str, share: ShareLevel) -> None:
        with self._session() as session:
            done = session.execute_write(self._run, C.SET_OWNER_SHARE, name=name,
                                         share=ShareLevel(share).value)
        if not done:
            raise self._no_owner(name)

    def _no_owner(self, name: str) -> NotFound:
        owners = [o.name for o in self.owners()]
        return NotFound(f"no owner called {name!r}",
                        candidates=difflib.get_close_matches(name, owners, n=3))

    def owner_contacts(
        self, name: str, person_ids: Collection[str] | None = None
    ) -> Iterator[tuple[str, ContactRecord]]:
        wanted = None if person_ids is None else set(person_ids)
        for r in self._read(C.OWNER_CONTACTS, owner=name):
            if wanted is None or r["person_id"] in wanted:
                yield r["person_id"], record_from_json(r["data"])

    def forget_owner(self, name: str) -> dict[str, int]:
        def work(tx: Any) -> dict[str, int]:
            if not self._run(tx, C.GET_OWNER, name=name):
                raise self._no_owner(name)
            tagged = self._tagged_records(tx)  # others' tags follow a person whose id moves
            removed = {table: self._run(tx, query, owner=name)[0]["n"]
                       for table, query in C.FORGET_STEPS}
            self._rederive(tx, tagged)
            return removed

        with self._session() as session:
            return session.execute_write(work)

    def export_owner(self, name: str) -> dict:
        def read(tx: Any) -> dict:
            found = [o for o in (_owner(r) for r in self._run(tx, C.OWNERS)) if o.name == name]
            if not found:
                raise self._no_owner(name)
            owner = found[0]
            records = [
                {"uid": r["uid"], "file": r["file"], "record": r["record"],
                 "person_id": r["person_id"], "data": json.loads(r["data"])}
                for r in self._run(tx, C.OWNER_RECORDS, owner=name)
            ]
            ties = [
                {"a": r["a"], "b": r["b"], "strength": r["strength"],
                 "evidence": json.loads(r["evidence"])}
                for r in (self._run(tx, C.PERSON_TIES, id=owner.person_id)
                          if owner.person_id else [])
            ]
            return {
                "owner": owner,
                "batches": [r.data() for r in self._run(tx, C.OWNER_BATCHES, owner=name)],
                "records": records,
                "rejects": [{**r.data(), "raw": json.loads(r["raw"])}
                            for r in self._run(tx, C.OWNER_REJECTS, owner=name)],
                "ties": ties,
                "identity_decisions": [r.data() for r in
                                       self._run(tx, C.OWNER_DECISIONS, owner=name)],
            }

        # One read transaction, so an import landing meanwhile cannot tear the export.
        with self._session() as session:
            held = session.execute_read(read)
        owner = held.pop("owner")
        wanted = {r["person_id"] for r in held["records"] if r["person_id"]}
        wanted |= {owner.person_id} if owner.person_id else set()
        persons = [p.model_dump(mode="json", by_alias=True)
                   for p in self.people() if p.id in wanted]
        # In the SQLite store's order, so both print the same JSON.
        return {"owner": owner.model_dump(mode="json"),
                **{k: held[k] for k in ("batches", "records", "rejects")},
                "persons": persons,
                **{k: held[k] for k in ("ties", "identity_decisions")}}

    def tie_evidence(self, touching: Collection[str] | None = None) -> Iterator[Tie]:
        # One read of every tie with its evidence, not one round trip per tie.
        wanted = None if touching is None else set(touching)
        for r in self._read(C.TIES):
            if wanted is None or r["a"] in wanted or r["b"] in wanted:
                yield Tie(a=r["a"], b=r["b"], strength=r["strength"],
                          evidence=[Evidence(**e) for e in json.loads(r["evidence"])])

    def optouts(self) -> list[tuple[str, str, str]]:
        return [(r["key"], r["label"], r["added_at"]) for r in self._read(C.OPTOUTS)]

    def add_optouts(self, rows: Sequence[tuple[str, str]]) -> int:
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")

        def work(tx: Any) -> int:
            held = {r["key"] for r in self._run(tx, C.OPTOUTS)}
            new = {k: label for k, label in rows if k not in held}
            self._unwind(tx, C.ADD_OPTOUTS, [{"key": k, "label": label, "added_at": now}
                                             for k, label in new.items()])
            return len(new)

        with self._session() as session:
            return session.execute_write(work)

    def remove_optouts(self, keys: Sequence[str]) -> int:
        with self._session() as session:
            rows = session.execute_write(self._run, C.REMOVE_OPTOUTS, keys=list(keys))
        return rows[0]["n"]

    def person_ids_with_keys(self, keys: Iterable[str]) -> set[str]:
        keys = set(keys)
        found = {r["id"] for r in self._read(C.PERSONS_WITH_KEYS, keys=sorted(keys))}
        links = {k[2:] for k in keys if k.startswith("l:")}
        if links:
            # Profile URLs are not person properties: read them off the records.
            for r in self._read(C.RECORD_PERSONS):
                url = json.loads(r["data"]).get("linkedin_url") or ""
                if url and normalize_linkedin_url(url) in links:
                    found.add(r["id"])
        return found

    def strong_keys(self, person_id: str) -> list[str]:
        rows = self._read(C.PERSON_KEYS, id=person_id)
        if not rows:
            return []
        row = rows[0]
        keys = {f"e:{e}" for e in _list(row["emails"])} | {f"t:{t}" for t in _list(row["phones"])}
        for data in row["records"]:
            url = json.loads(data).get("linkedin_url") or ""
            if url and (norm := normalize_linkedin_url(url)):
                keys.add(f"l:{norm}")
        return sorted(keys)

    # --- expertise (intrograph tag / expert) -------------------------------------------------

    def add_tags(self, person_id: str, tags: Sequence[str], owner: str | None) -> int:
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")

        def work(tx: Any) -> int:
            before = {r["tag"] for r in self._run(tx, C.PERSON_TAGS, ids=[person_id])
                      if r["owner"] == (owner or "")}
            self._run(tx, C.ADD_TAGS, tags=list(tags), person_id=person_id,
                      owner=owner or "", tagged_at=now)
            return len(set(tags) - before)

        with self._session() as session:
            return session.execute_write(work)

    def remove_tags(self, person_id: str, tags: Sequence[str], owner: str | None) -> int:
        with self._session() as session:
            rows = session.execute_write(self._run, C.REMOVE_TAGS, person_id=person_id,
                                         tags=list(tags), owner=owner)
        return rows[0]["n"] if rows else 0

    def person_tags(self, ids: Sequence[str]) -> dict[str, list[PersonTag]]:
        out: dict[str, list[PersonTag]] = defaultdict(list)
        if ids:
            for r in self._read(C.PERSON_TAGS, ids=list(ids)):
                out[r["person_id"]].append(PersonTag(person_id=r["person_id"], tag=r["tag"],
                                                     owner=r["owner"] or None))
        return dict(out)

    def person_count(self) -> int:
        return self._read(C.PERSON_COUNT)[0]["n"]

    def expertise_sources(
        self, words: Sequence[str] | None = None,
        visible: Callable[[str, str], bool] | None = None,
    ) -> Iterator[ExpertiseSource]:
        if words is None:
            ids = [r["id"] for r in self._read(C.ALL_PERSON_IDS)]
        else:
            wanted = sorted({w.lower() for w in words if w})
            ids = sorted({r["id"] for r in self._read(C.EXPERTISE_CANDIDATES, words=wanted)}
                         ) if wanted else []
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            builders = {
                r["id"]: ProfileBuilder(
                    ExpertiseSource(person_id=r["id"], name=r["name"], title=r["title"],
                                    organization=r["organization"], phones=_list(r["phones"])),
                    _list(r["domains"]))
                for r in self._read(C.EXPERTISE_PEOPLE, ids=chunk)
            }
            for r in self._read(C.EXPERTISE_RECORDS, ids=chunk):
                if r["id"] in builders and (visible is None or visible(r["owner"], r["id"])):
                    rec = record_from_json(r["data"])
                    builders[r["id"]].add_record(
                        title=rec.title, department=rec.department,
                        organization=rec.organization, notes=rec.notes, labels=rec.labels,
                        extra=rec.extra, city=rec.city, country=rec.country)
            for pid, tags in self.person_tags(list(builders)).items():
                builders[pid].add_tags(t for t in tags if visible is None or not t.owner
                                       or visible(t.owner, pid))
            for pid in chunk:
                if pid in builders:
                    yield builders[pid].source

    # --- colleagues: organisation nodes in the search graph (graph/colleagues.py) -------------

    def search_graph(self) -> CompactGraph:
        # One read transaction, so an import landing between the two reads cannot tear it.
        with self._session() as session:
            return session.execute_read(self._search_graph)

    def _search_graph(self, tx: Any) -> CompactGraph:
        ties = [(r["a"], r["b"], r["strength"]) for r in self._run(tx, C.TIE_STRENGTHS)]
        members = [Membership(r["person_id"], r["org_id"], r["current"], r["size"])
                   for r in self._run(tx, C.MEMBERSHIPS)]
        # As SQLite's persisted graph: ties, then one edge per membership.
        return CompactGraph.from_ties(itertools.chain(ties, membership_edges(members)))

    def membership_owners(self, owners: Collection[str]) -> Iterator[tuple[str, str, list[str]]]:
        wanted = set(owners)
        for r in self._read(C.MEMBERSHIPS):
            supporters = _list(r["owners"])
            if wanted.intersection(supporters):
                yield r["person_id"], r["org_id"], supporters

    def membership(self, person_id: str, org_node: str) -> Membership | None:
        org_id = org_node.removeprefix(ORG_NODE_PREFIX)
        rows = self._read(C.MEMBERSHIP, person_id=person_id, org_id=org_id)
        return Membership(person_id, org_id, rows[0]["current"], rows[0]["size"]) if rows \
            else None

    def org_name(self, org_id: str) -> str | None:
        rows = self._read(C.ORG_NAME, id=org_id)
        return rows[0]["name"] if rows else None

    # --- path search in the database (graph/db_paths.py) -------------------------------------

    _gds: bool | None = None

    def has_gds(self) -> bool:
        """Return whether the server has the Graph Data Science plugin's Yen procedure."""
        if self._gds is None:
            rows = self._read(C.GDS_PRESENT, procedure="gds.shortestPath.yens.stream")
            self._gds = bool(rows and rows[0]["n"])
        return self._gds

    def path_candidates(self, sources: Sequence[str], targets: Sequence[str], mask: Mask, *,
                        max_hops: int, limit: int) -> tuple[list[tuple[float, list[str]]], bool]:
        """Return candidate paths, cheapest first, and whether they are all there are.

        With GDS: Yen's k cheapest paths for each source-target pair on a projection of the
        masked graph, less those over the hop limit or through another source. Without:
        every simple path within the hop limit, by a bounded variable-length match.
        """
        if self.has_gds():
            return self._gds_candidates(sources, targets, mask, max_hops=max_hops, limit=limit)
        rows = self._read(C.path_candidates(max_hops), sources=list(sources),
                          targets=list(targets), blocked=mask.blocked, dropped=mask.dropped,
                          reweight=mask.reweight, limit=limit)
        return [(r["cost"], list(r["ids"])) for r in rows], len(rows) < limit

    def _gds_candidates(self, sources: Sequence[str], targets: Sequence[str], mask: Mask, *,
                        max_hops: int, limit: int) -> tuple[list[tuple[float, list[str]]], bool]:
        pairs = [[s, t] for s in sources for t in targets if s != t]
        if not pairs:
            return [], True
        # Yen has no hop limit: ask each pair for more paths than are kept, and say the list is
        # complete only when no pair had that many.
        per_pair = max(4, limit // 4)
        graph = f"intrograph-paths-{uuid.uuid4().hex}"
        source_set = set(sources)
        with self._session() as session:
            session.run(C.GDS_PROJECT.text, {"graph": graph, "blocked": mask.blocked,
                                             "dropped": mask.dropped,
                                             "reweight": mask.reweight}).consume()
            try:
                rows = list(session.run(C.GDS_YENS.text, {"pairs": pairs, "graph": graph,
                                                          "k": per_pair}))
            finally:
                session.run(C.GDS_DROP.text, {"graph": graph}).consume()
        per: dict[tuple[str, str], int] = defaultdict(int)
        found = []
        for r in rows:
            ids = list(r["ids"])
            per[ids[0], ids[-1]] += 1
            if len(ids) - 1 <= max_hops and not source_set.intersection(ids[1:]):
                found.append((r["cost"], ids))
        found.sort(key=lambda item: (item[0], len(item[1]), item[1][::-1]))
        return found, all(n < per_pair for n in per.values())

    # --- strength evidence: ratings and interactions (as graph/evidence_sql.py) --------------

    def _evidence_write(self, work: Callable[[Any], tuple[Any, bool]]) -> Any:
        """Run ``work`` in one transaction and re-derive the ties if it changed anything."""
        def run(tx: Any) -> Any:
            result, changed = work(tx)
            if changed:
                self._rederive(tx)
            return result

        with self._session() as session:
            return session.execute_write(run)

    def _require_evidence_owner(self, tx: Any, owner: str) -> None:
        if not self._run(tx, C.GET_OWNER, name=owner):
            names = [r["name"] for r in self._run(tx, C.OWNERS)]
            raise NotFound(f"no owner called {owner!r}; import their contacts first",
                           candidates=difflib.get_close_matches(owner, names, n=3))

    def rate(self, owner: str, person_id: str, stars: int) -> None:
        if not 1 <= stars <= 5:
            raise InputError(f"a rating is 1 to 5, not {stars}")
        today = self.today or dt.datetime.now(dt.UTC).date()

        def work(tx: Any) -> tuple[None, bool]:
            self._require_evidence_owner(tx, owner)
            found = self._run(tx, C.RATING_TARGET, id=person_id)
            if not found:
                raise NotFound(f"no person with id {person_id!r}")
            target = found[0]
            if target["owner"] == owner:
                raise InputError(f"{owner} cannot rate a tie to themselves")
            # Pinned to the person's keys and record uids, so it follows them through
            # re-imports and identity changes; the same keys, in the same order, as SQLite.
            keys = sorted({f"e:{e}" for e in _list(target["emails"])}
                          | {f"t:{t}" for t in _list(target["phones"])})
            keys += [f"r:{u}" for u in sorted(_list(target["uids"]))]
            keys = keys or [f"p:{person_id}"]
            wanted = set(keys)
            for old in self._run(tx, C.OWNER_RATINGS, owner=owner):
                old_keys = _list(old["keys"])
                if wanted.intersection(old_keys):
                    if old["stars"] == stars and old_keys == keys:
                        return None, False
                    self._run(tx, C.DELETE_RATING, id=old["id"])
            rating_id = self._run(tx, C.NEXT_RATING_ID)[0]["id"]
            self._run(tx, C.INSERT_RATINGS, rows=[{
                "id": rating_id, "owner": owner, "keys": keys, "stars": stars,
                "rated_on": today.isoformat()}])
            return None, True

        self._evidence_write(work)

    def import_interactions(self, owner: str, pending: PendingInteractions) -> InteractionSummary:
        def work(tx: Any) -> tuple[InteractionSummary, bool]:
            self._require_evidence_owner(tx, owner)
            found = self._run(tx, C.GET_INTERACTION_FILE, owner=owner, file=pending.file)
            held = found[0] if found else None
            if held is not None and held["content_hash"] == pending.content_hash:
                rejects = [Reject(file=r["file"], record=r["record"], reason=r["reason"])
                           for r in self._run(tx, C.INTERACTION_FILE_REJECTS,
                                              file_id=held["id"])]
                return InteractionSummary(
                    owner=owner, file=pending.file, format=held["format"],
                    interactions=held["rows"], rejects=rejects, unchanged=True,
                    addresses=_list(held["addresses"])), False
            load = pending.parse()
            fields = {"format": load.format, "content_hash": pending.content_hash,
                      "rows": len(load.interactions), "rejects": len(load.rejects),
                      "addresses": sorted(load.addresses),
                      "imported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
            replaced = 0
            if held is not None:
                file_id, replaced = held["id"], held["rows"]
                self._run(tx, C.DELETE_FILE_INTERACTIONS, file_id=file_id)
                self._run(tx, C.DELETE_FILE_INTERACTION_REJECTS, file_id=file_id)
                self._run(tx, C.UPDATE_INTERACTION_FILE, id=file_id, **fields)
            else:
                file_id = self._run(tx, C.NEXT_INTERACTION_FILE_ID)[0]["id"]
                self._run(tx, C.INSERT_INTERACTION_FILES, rows=[
                    {"id": file_id, "owner": owner, "file": pending.file, **fields}])
            self._unwind(tx, C.INSERT_INTERACTIONS, [
                {"file_id": file_id, "owner": owner, "record": i.record,
                 "at": i.when.isoformat(), "sender": i.sender, "recipients": list(i.to),
                 "channel": i.channel}
                for i in load.interactions])
            self._unwind(tx, C.INSERT_INTERACTION_REJECTS, [
                {"file_id": file_id, "owner": owner, "file": r.file, "record": r.record,
                 "reason": r.reason}
                for r in load.rejects])
            return InteractionSummary(
                owner=owner, file=load.file, format=load.format,
                interactions=len(load.interactions), rejects=load.rejects, replaced=replaced,
                addresses=sorted(load.addresses)), True

        return self._evidence_write(work)

    # --- moving a store between backends (graph/sync.py) -------------------------------------

    def export_inputs(self) -> StoreInputs:
        def read(tx: Any) -> StoreInputs:
            rows = {table: [r.data() for r in self._run(tx, query)]
                    for table, query in _INPUT_READS.items()}
            for row in rows["person_tags"]:
                row["owner"] = row["owner"] or None  # '' stands in for null here only
            for table, cols in LIST_COLUMNS.items():
                for row in rows[table]:
                    for col in cols:
                        row[col] = _list(row[col])
            rows["identity_decisions"] = [
                {"seq": r["id"], "kind": r["kind"], "a": r["a"], "b": r["b"],
                 "made_at": r["made_at"]} for r in rows["identity_decisions"]]
            for table, key in _INPUT_ORDER.items():
                rows[table].sort(key=key)
            return StoreInputs({t: [{c: row[c] for c in COLUMNS[t]} for row in rows[t]]
                                for t in COLUMNS})

        with self._session() as session:
            return session.execute_read(read)

    def load_inputs(
        self, inputs: StoreInputs, check: Callable[[dict[str, int]], None] | None = None
    ) -> None:
        with self._transaction() as tx:
            held = {t: n for t, n in self._run(tx, C.HELD_INPUTS)[0].data().items() if n}
            if held:
                said = ", ".join(f"{n} {t}" for t, n in held.items())
                raise StoreError(
                    f"the Neo4j database at {self.uri} is not empty ({said}); sync copies "
                    "into an empty store only: forget its owners first")
            for table, query in _INPUT_WRITES.items():
                self._unwind(tx, query, inputs.rows(table))
            self._rederive(tx)
            if check is not None:
                check(self._counts(tx))

    # --- intrograph check ----------------------------------------------------------------------

    def check(self) -> list[str]:
        """Return every problem found, one sentence each; ``[]`` means sound.

        Import bookkeeping against the rows held, and every derived table against what the
        records derive today, computed in Python from one read transaction (nothing written).
        """
        def read(tx: Any) -> list[str]:
            problems: list[str] = []
            for r in self._run(tx, C.CHECK_BATCHES):
                where = f"batch {r['id']} ({r['owner']}, {r['file']})"
                if r["said"] != r["held"]:
                    problems.append(f"{where} says {r['said']} records but holds {r['held']}")
                if r["said_rejects"] != r["held_rejects"]:
                    problems.append(f"{where} says {r['said_rejects']} rejects but holds "
                                    f"{r['held_rejects']}")
            for r in self._run(tx, C.CHECK_RECORDS):
                if r["batch_owner"] is None:
                    problems.append(f"record {r['uid']} belongs to batch {r['batch_id']}, "
                                    "which does not exist")
                elif r["batch_owner"] != r["owner"]:
                    problems.append(f"record {r['uid']} is {r['owner']}'s but its batch is "
                                    f"{r['batch_owner']}'s")
            stored = self._dump(tx)
            for table, rows in derived_tables(self._derive(tx)).items():
                have, want = set(stored[table]), set(rows)
                extra, lacking = len(have - want), len(want - have)
                if extra or lacking:
                    problems.append(
                        f"{table} differs from what the records derive: {extra} rows that "
                        f"should not be there, {lacking} rows missing or different")
            return problems

        with self._session() as session:
            return session.execute_read(read)

    def delete_everything(self) -> None:
        """Empty the database. Only the contract tests call this, against the server the user
        configured for them."""
        with self._session() as session:
            session.execute_write(self._run, C.DELETE_EVERYTHING)


def derived_tables(derived: Derived) -> dict[str, list[tuple]]:
    """Return the derived tables as SQLite holds (and :meth:`Neo4jStore.dump` returns) them."""
    return {
        "organizations": [(o.id, o.name, o.norm, json.dumps(o.domains)) for o in derived.orgs],
        "org_domains": [(d, o.id) for o in derived.orgs for d in o.domains],
        "persons": [(p.id, p.name, json.dumps(p.emails), json.dumps(p.phones), p.org_id,
                     p.title, p.owner, json.dumps(p.why)) for p in derived.persons],
        "person_keys": sorted({(f"{kind}:{k}", p.id) for p in derived.persons
                               for kind, keys in (("e", p.emails), ("t", p.phones))
                               for k in keys}),
        "record_person": sorted(derived.record_person.items()),
        "ties": [(t.a, t.b, t.strength, evidence)
                 for t, evidence in evidence_json(derived.ties)],
        "memberships": [(m.person, m.org_id, int(m.current), m.size, json.dumps(m.owners))
                        for m in derived.memberships],
    }


# Sync: how each input table is read and written here (graph/inputs.py names the columns).
_INPUT_READS: dict[str, C.Query] = {
    "owners": C.DUMP_OWNERS, "batches": C.DUMP_BATCHES, "records": C.DUMP_RECORDS,
    "rejects": C.DUMP_REJECTS, "identity_decisions": C.DUMP_DECISIONS,
    "ratings": C.DUMP_RATINGS, "interaction_files": C.DUMP_INTERACTION_FILES,
    "interactions": C.DUMP_INTERACTIONS, "interaction_rejects": C.DUMP_INTERACTION_REJECTS,
    "person_tags": C.DUMP_TAGS, "optouts": C.OPTOUTS, "asks": C.DUMP_ASKS,
    "ask_events": C.DUMP_ASK_EVENTS,
}
_INPUT_WRITES: dict[str, C.Query] = {
    "owners": C.INSERT_OWNERS, "batches": C.INSERT_BATCHES, "records": C.INSERT_RECORDS,
    "rejects": C.INSERT_REJECTS, "identity_decisions": C.INSERT_DECISIONS,
    "ratings": C.INSERT_RATINGS, "interaction_files": C.INSERT_INTERACTION_FILES,
    "interactions": C.INSERT_INTERACTIONS, "interaction_rejects": C.INSERT_INTERACTION_REJECTS,
    "person_tags": C.INSERT_TAGS, "optouts": C.ADD_OPTOUTS, "asks": C.INSERT_ASKS,
    "ask_events": C.INSERT_ASK_EVENTS,
}
# The order SQLite's export reads rows in (graph/inputs_sql.py), so both exports compare.
_INPUT_ORDER: dict[str, Callable[[dict], Any]] = {
    "owners": lambda r: r["name"],
    "batches": lambda r: r["id"],
    "records": lambda r: (r["batch_id"], r["record"], r["uid"]),
    "rejects": lambda r: (r["batch_id"], r["record"], r["file"]),
    "identity_decisions": lambda r: r["seq"],
    "ratings": lambda r: r["id"],
    "interaction_files": lambda r: r["id"],
    "interactions": lambda r: (r["file_id"], r["record"]),
    "interaction_rejects": lambda r: (r["file_id"], r["record"]),
    "person_tags": lambda r: (r["person_id"], r["tag"], r["owner"] or ""),
    "optouts": lambda r: r["key"],
    "asks": lambda r: r["id"],
    "ask_events": lambda r: (r["ask_id"], r["seq"]),
}


def _membership_cost(m: Membership) -> float | None:
    """Return the cost of a membership's search-graph edge, None when it makes no edge."""
    strength = membership_strength(m.size, m.current)
    return cost(strength) if strength > 0 else None


def _list(value: Sequence[str] | None) -> list[str]:
    """Return a stored list property as a list; a list property that was never set reads null."""
    return list(value or [])


def _owner(r: neo4j.Record) -> Owner:
    return Owner(name=r["name"], display_name=r["display_name"], emails=_list(r["emails"]),
                 phones=_list(r["phones"]), region=r["region"], share=r["share"],
                 records=r["records"], person_id=r["person_id"])
