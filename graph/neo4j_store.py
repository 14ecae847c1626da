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

import datetime as dt
import difflib
import json
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from typing import Any

import neo4j
from neo4j.exceptions import AuthError, DriverError, Neo4jError, ServiceUnavailable

from intrograph.errors import NotFound, StoreError
from intrograph.graph import cypher as C
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
from intrograph.graph.store import TABLES, PendingFile, Store
from intrograph.graph.strength import cost
from intrograph.loaders.normalize import normalize_linkedin_url
from intrograph.models import (
    Ask,
    AskEvent,
    AskState,
    ContactRecord,
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
    ShareLevel,
    Tie,
)

__all__ = ["Neo4jStore"]

# Rows per UNWIND: large enough to amortise a round trip, small enough to keep each message
# well under the server's limits; all chunks still share the one transaction.
_BATCH_ROWS = 5000


class Neo4jStore(Store):
    def __init__(
        self,
        uri: str,
        user: str = "neo4j",
        password: str | None = None,
        database: str | None = None,
    ):
        self.uri = uri
        self.database = database
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
        self, items: Iterable[tuple[Owner, Iterable[PendingFile]]]
    ) -> list[ImportSummary]:
        summaries: list[ImportSummary] = []
        # An explicit transaction, not execute_write: ``items`` may be a one-shot generator that
        # parses files as it goes, so the work cannot be retried from the start.
        with self._session() as session:
            tx = session.begin_transaction()
            try:
                changed = False
                for owner, files in items:
                    changed = self._upsert_owner(tx, owner) or changed
                    for pending in files:
                        summary = self._import_one(tx, owner, pending)
                        changed = changed or not summary.unchanged
                        summaries.append(summary)
                if changed:
                    self._rederive(tx)
                tx.commit()
            except BaseException:
                if not tx.closed():
                    tx.rollback()
                raise
            finally:
                tx.close()
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

    def _rederive(self, tx: Any) -> None:
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
        derived = derive(facts, owners, decisions)
        for label in C.DERIVED_LABELS:
            self._run(tx, C.delete_nodes(label))
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
             "evidence": json.dumps([e.model_dump() for e in t.evidence])}
            for t in derived.ties
        ])

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
        with self._session() as session:
            tx = session.begin_transaction()
            try:
                rows = [{"kind": k, "a": a, "b": b} for k, a, b in [*remove, *add]]
                self._unwind(tx, C.DELETE_DECISIONS, rows)
                seq = self._run(tx, C.NEXT_DECISION_SEQ)[0]["seq"]
                self._unwind(tx, C.INSERT_DECISIONS, [
                    {"seq": seq + i, "kind": k, "a": a, "b": b, "made_at": now}
                    for i, (k, a, b) in enumerate(add)])
                self._rederive(tx)
                tx.commit()
            except BaseException:
                if not tx.closed():
                    tx.rollback()
                raise
            finally:
                tx.close()

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
        counts = self._read(C.COUNTS)[0].data()
        # SQLite keeps the search graph as one row, written by the first import that made an
        # owner; here it is built on demand, so count what that row would be.
        counts["search_graph"] = 1 if counts["owners"] else 0
        counts.update(self._read(C.COUNT_ASKS)[0].data())
        counts["person_tags"] = len(self._read(C.DUMP_TAGS))
        return {t: counts.get(t, 0) for t in TABLES}

    def dump(self) -> dict[str, list[tuple]]:
        """Return every "table" as SQLite's :meth:`dump` would, lists as the JSON it stores."""
        owners = [(r["name"], r["display_name"], json.dumps(_list(r["emails"])),
                   json.dumps(_list(r["phones"])), r["region"], r["share"])
                  for r in self._read(C.DUMP_OWNERS)]
        orgs = [tuple(r.values()) for r in self._read(C.DUMP_ORGANIZATIONS)]
        persons = [tuple(r.values()) for r in self._read(C.DUMP_PERSONS)]
        ties = [(r["a"], r["b"], r["strength"], r["evidence"]) for r in self._read(C.TIES)]
        tables: dict[str, list[tuple]] = {
            "owners": owners,
            "batches": [tuple(r.values()) for r in self._read(C.DUMP_BATCHES)],
            "records": [tuple(r.values()) for r in self._read(C.DUMP_RECORDS)],
            "rejects": [tuple(r.values()) for r in self._read(C.DUMP_REJECTS)],
            "organizations": [(i, n, norm, json.dumps(_list(d))) for i, n, norm, d in orgs],
            "org_domains": [(d, i) for i, _, _, domains in orgs for d in _list(domains)],
            "persons": [(i, n, json.dumps(_list(e)), json.dumps(_list(ph)), org, t, ow,
                         w or "[]")
                        for i, n, e, ph, org, t, ow, w in persons],
            "person_keys": [(f"{kind}:{k}", i)
                            for i, _, emails, phones, *_ in persons
                            for kind, keys in (("e", emails), ("t", phones)) for k in _list(keys)],
            "record_person": [tuple(r.values()) for r in self._read(C.DUMP_RECORD_PERSON)],
            "ties": ties,
            "identity_decisions": [tuple(r.values()) for r in self._read(C.DUMP_DECISIONS)],
            "search_graph": (
                [(1, CompactGraph.from_ties((a, b, s) for a, b, s, _ in sorted(ties))
                  .to_bytes())]
                if owners else []
            ),
            "asks": [tuple(r.values()) for r in self._read(C.DUMP_ASKS)],
            "ask_events": [tuple(r.values()) for r in self._read(C.DUMP_ASK_EVENTS)],
            # A tag nobody signed is stored with owner '' (MERGE cannot match a null).
            "person_tags": [(r["person_id"], r["tag"], r["owner"] or None, r["tagged_at"])
                            for r in self._read(C.DUMP_TAGS)],
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
            removed = {table: self._run(tx, query, owner=name)[0]["n"]
                       for table, query in C.FORGET_STEPS}
            self._rederive(tx)
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
            }

        # One read transaction, so an import landing meanwhile cannot tear the export.
        with self._session() as session:
            held = session.execute_read(read)
        owner = held.pop("owner")
        wanted = {r["person_id"] for r in held["records"] if r["person_id"]}
        wanted |= {owner.person_id} if owner.person_id else set()
        persons = [p.model_dump(mode="json", by_alias=True)
                   for p in self.people() if p.id in wanted]
        return {"owner": owner.model_dump(mode="json"), **held, "persons": persons,
                # Manual identity decisions are not kept on this backend yet.
                "identity_decisions": []}

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

    def delete_everything(self) -> None:
        """Empty the database. Only the contract tests call this, against the server the user
        configured for them."""
        with self._session() as session:
            session.execute_write(self._run, C.DELETE_EVERYTHING)


def _list(value: Sequence[str] | None) -> list[str]:
    """Return a stored list property as a list; a list property that was never set reads null."""
    return list(value or [])


def _owner(r: neo4j.Record) -> Owner:
    return Owner(name=r["name"], display_name=r["display_name"], emails=_list(r["emails"]),
                 phones=_list(r["phones"]), region=r["region"], share=r["share"],
                 records=r["records"], person_id=r["person_id"])
