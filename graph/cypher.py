"""Every Cypher statement the Neo4j store runs, as named constants and small builders.

Kept in one module so that a reviewer sees the whole surface at once, and so that
``tests/test_cypher.py`` can pin each text and lint it without a server. Values always travel as
``$params``; the few statements that need a label spliced in take it from :data:`LABELS` only, so
no input can ever become part of a query's text.

The graph::

    (:Owner {name, display_name, emails, phones, region, share})
    (:Batch {id, owner, file, format, content_hash, records, rejects, imported_at})
    (:Record {uid, owner, batch_id, file, record, data})      data: the ContactRecord as JSON
    (:Reject {batch_id, file, record, reason, raw})           raw: JSON
    (:Person {id, name, emails, phones, title, owner, why})  why: JSON list of sentences
    (:Decision {seq, kind, a, b, made_at})                    merge / split / keep_id by hand
    (:Organization {id, name, norm, domains})
    (:OptOut {key, label, added_at})                          key: 'e:' email, 't:' phone, 'l:' URL
    (:Record)-[:OF]->(:Person)
    (:Person)-[:WORKS_AT]->(:Organization)
    (:Person)-[:KNOWS {strength, cost, evidence}]->(:Person)  once per pair, a.id < b.id
    (:Ask {id, owner, connector_id, target_id, connector, target, query, path, reason, draft,
           state, created_at})                        connector, target, path: JSON
    (:AskEvent {ask_id, seq, state, at, note})        an ask's state history, seq from 1
    (:Tag {person_id, tag, owner, tagged_at})                 owner '' when nobody said who

Records, batches, rejects and owners are the system of record; persons, organisations and the
three relationship types are rewritten whole from them by ``graph/derive.py``, as in SQLite.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = [
    "LABELS",
    "QUERIES",
    "REL_TYPES",
    "SCHEMA",
    "Query",
    "count_nodes",
    "delete_nodes",
    "path_candidates",
    "people_query",
]

LABELS = frozenset({"Owner", "Batch", "Record", "Reject", "Person", "Organization",
                    "Decision", "Ask", "AskEvent", "Tag"})
REL_TYPES = frozenset({"OF", "WORKS_AT", "KNOWS"})
# Labels whose nodes derive() owns: deleting them also drops OF, WORKS_AT and KNOWS.
DERIVED_LABELS = ("Person", "Organization")


class Query(NamedTuple):
    """One Cypher statement and the names of the ``$params`` it takes (all of them, no more)."""

    text: str
    params: frozenset[str] = frozenset()


def _q(text: str, *params: str) -> Query:
    return Query(" ".join(text.split()), frozenset(params))


def _label(label: str) -> str:
    if label not in LABELS:
        raise ValueError(f"{label!r} is not one of the store's labels: {sorted(LABELS)}")
    return label


def delete_nodes(label: str) -> Query:
    """Return the statement that deletes every node with ``label`` and its relationships."""
    return _q(f"MATCH (n:{_label(label)}) DETACH DELETE n")


def count_nodes(label: str) -> Query:
    """Return the statement that counts the nodes with ``label`` as ``n``."""
    return _q(f"MATCH (n:{_label(label)}) RETURN count(n) AS n")


# --- schema: idempotent, run once per connection, each in its own transaction ---------------

SCHEMA: tuple[Query, ...] = (
    _q("CREATE CONSTRAINT owner_name IF NOT EXISTS FOR (o:Owner) REQUIRE o.name IS UNIQUE"),
    _q("CREATE CONSTRAINT batch_id IF NOT EXISTS FOR (b:Batch) REQUIRE b.id IS UNIQUE"),
    _q("CREATE CONSTRAINT batch_owner_file IF NOT EXISTS FOR (b:Batch) "
       "REQUIRE (b.owner, b.file) IS UNIQUE"),
    _q("CREATE CONSTRAINT record_uid IF NOT EXISTS FOR (r:Record) REQUIRE r.uid IS UNIQUE"),
    _q("CREATE CONSTRAINT person_id IF NOT EXISTS FOR (p:Person) REQUIRE p.id IS UNIQUE"),
    _q("CREATE CONSTRAINT organization_id IF NOT EXISTS FOR (o:Organization) "
       "REQUIRE o.id IS UNIQUE"),
    _q("CREATE INDEX record_batch IF NOT EXISTS FOR (r:Record) ON (r.batch_id)"),
    _q("CREATE INDEX record_owner IF NOT EXISTS FOR (r:Record) ON (r.owner)"),
    _q("CREATE INDEX reject_batch IF NOT EXISTS FOR (j:Reject) ON (j.batch_id)"),
    _q("CREATE INDEX person_owner IF NOT EXISTS FOR (p:Person) ON (p.owner)"),
    _q("CREATE INDEX tag_person IF NOT EXISTS FOR (t:Tag) ON (t.person_id)"),
)

# --- owners and batches ---------------------------------------------------------------------

GET_OWNER = _q(
    """MATCH (o:Owner {name: $name})
    RETURN o.display_name AS display_name, o.emails AS emails, o.phones AS phones,
    o.region AS region""",
    "name",
)
CREATE_OWNER = _q(
    """CREATE (:Owner {name: $name, display_name: $display_name, emails: $emails,
    phones: $phones, region: $region, share: $share})""",
    "name", "display_name", "emails", "phones", "region", "share",
)
UPDATE_OWNER = _q(
    """MATCH (o:Owner {name: $name})
    SET o.display_name = $display_name, o.emails = $emails, o.phones = $phones,
    o.region = $region""",
    "name", "display_name", "emails", "phones", "region",
)
GET_BATCH = _q(
    """MATCH (b:Batch {owner: $owner, file: $file})
    RETURN b.id AS id, b.content_hash AS content_hash, b.records AS records,
    b.format AS format""",
    "owner", "file",
)
# Batch ids follow SQLite's rowid rule (one more than the largest) because derive() orders by
# them: the same imports must give the same ids, or the two backends pick different names.
NEXT_BATCH_ID = _q("MATCH (b:Batch) RETURN coalesce(max(b.id), 0) + 1 AS id")
CREATE_BATCH = _q(
    """CREATE (:Batch {id: $id, owner: $owner, file: $file, format: $format,
    content_hash: $content_hash, records: $records, rejects: $rejects,
    imported_at: $imported_at})""",
    "id", "owner", "file", "format", "content_hash", "records", "rejects", "imported_at",
)
UPDATE_BATCH = _q(
    """MATCH (b:Batch {id: $id})
    SET b.format = $format, b.content_hash = $content_hash, b.records = $records,
    b.rejects = $rejects, b.imported_at = $imported_at""",
    "id", "format", "content_hash", "records", "rejects", "imported_at",
)
BATCH_RECORDS = _q(
    "MATCH (r:Record {batch_id: $batch_id}) RETURN r.uid AS uid, r.data AS data",
    "batch_id",
)
BATCH_REJECTS = _q(
    """MATCH (j:Reject {batch_id: $batch_id})
    RETURN j.file AS file, j.record AS record, j.reason AS reason, j.raw AS raw
    ORDER BY record""",
    "batch_id",
)
DELETE_BATCH_RECORDS = _q("MATCH (r:Record {batch_id: $batch_id}) DETACH DELETE r", "batch_id")
DELETE_BATCH_REJECTS = _q("MATCH (j:Reject {batch_id: $batch_id}) DELETE j", "batch_id")
INSERT_RECORDS = _q(
    """UNWIND $rows AS row
    CREATE (:Record {uid: row.uid, owner: row.owner, batch_id: row.batch_id, file: row.file,
    record: row.record, data: row.data})""",
    "rows",
)
INSERT_REJECTS = _q(
    """UNWIND $rows AS row
    CREATE (:Reject {batch_id: row.batch_id, file: row.file, record: row.record,
    reason: row.reason, raw: row.raw})""",
    "rows",
)

# --- derivation: read every record, then rewrite the derived nodes --------------------------

ALL_RECORDS = _q(
    """MATCH (r:Record)
    RETURN r.uid AS uid, r.owner AS owner, r.batch_id AS batch_id, r.data AS data"""
)
INSERT_ORGANIZATIONS = _q(
    """UNWIND $rows AS row
    CREATE (:Organization {id: row.id, name: row.name, norm: row.norm, domains: row.domains})""",
    "rows",
)
INSERT_PERSONS = _q(
    """UNWIND $rows AS row
    CREATE (p:Person {id: row.id, name: row.name, emails: row.emails, phones: row.phones,
    title: row.title, owner: row.owner, why: row.why})
    WITH p, row WHERE row.org_id IS NOT NULL
    MATCH (o:Organization {id: row.org_id})
    CREATE (p)-[:WORKS_AT]->(o)""",
    "rows",
)
LINK_RECORDS = _q(
    """UNWIND $rows AS row
    MATCH (r:Record {uid: row.uid})
    MATCH (p:Person {id: row.person_id})
    CREATE (r)-[:OF]->(p)""",
    "rows",
)
INSERT_TIES = _q(
    """UNWIND $rows AS row
    MATCH (a:Person {id: row.a})
    MATCH (b:Person {id: row.b})
    CREATE (a)-[:KNOWS {strength: row.strength, cost: row.cost, evidence: row.evidence}]->(b)""",
    "rows",
)

# --- reading --------------------------------------------------------------------------------

OWNERS = _q(
    """MATCH (o:Owner)
    OPTIONAL MATCH (p:Person {owner: o.name})
    RETURN o.name AS name, o.display_name AS display_name, o.emails AS emails,
    o.phones AS phones, o.region AS region, o.share AS share,
    COUNT { MATCH (r:Record {owner: o.name}) } AS records, p.id AS person_id
    ORDER BY name"""
)
_PEOPLE = """MATCH (p:Person)
    OPTIONAL MATCH (p)-[:WORKS_AT]->(o:Organization)
    WITH p, o
    WHERE $query IS NULL OR toLower(p.name) CONTAINS $query
    OR any(e IN p.emails WHERE toLower(e) CONTAINS $query)
    OR any(t IN p.phones WHERE t CONTAINS $query)
    OR toLower(coalesce(o.name, '')) CONTAINS $query
    OR toLower(coalesce(p.title, '')) CONTAINS $query
    RETURN p.id AS id, p.name AS name, p.emails AS emails, p.phones AS phones,
    o.name AS organization, p.title AS title, p.owner AS owner, p.why AS why
    ORDER BY name, id"""
PEOPLE = _q(_PEOPLE, "query")
PEOPLE_LIMITED = _q(_PEOPLE + " LIMIT $limit", "query", "limit")


def people_query(limited: bool) -> Query:
    """Return the people search, with ``LIMIT $limit`` when a limit is asked for
    (``LIMIT null`` is an error, so "no limit" is a different statement)."""
    return PEOPLE_LIMITED if limited else PEOPLE


PROVENANCE = _q(
    """MATCH (r:Record)-[:OF]->(p:Person)
    WHERE p.id IN $ids
    RETURN p.id AS id, r.owner AS owner, r.file AS file, r.record AS record
    ORDER BY owner, file, record""",
    "ids",
)
PERSON_REFS = _q(
    """MATCH (p:Person)
    WHERE p.id IN $ids
    OPTIONAL MATCH (p)-[:WORKS_AT]->(o:Organization)
    RETURN p.id AS id, p.name AS name, p.title AS title, o.name AS organization""",
    "ids",
)
ORGANIZATIONS = _q(
    """MATCH (o:Organization)
    WHERE $query IS NULL OR toLower(o.name) CONTAINS $query
    OR toLower(o.norm) CONTAINS $query
    OR any(d IN o.domains WHERE d CONTAINS $query)
    RETURN o.id AS id, o.name AS name, o.domains AS domains,
    COUNT { MATCH (:Person)-[:WORKS_AT]->(o) } AS people
    ORDER BY name, id""",
    "query",
)
ORG_BY_DOMAIN = _q(
    """MATCH (o:Organization)
    WHERE $domain IN o.domains
    RETURN o.id AS id, o.name AS name, o.domains AS domains
    LIMIT 1""",
    "domain",
)
PERSONS_AT = _q(
    """MATCH (p:Person)-[:WORKS_AT]->(:Organization {id: $org_id})
    RETURN p.id AS id
    ORDER BY id""",
    "org_id",
)
TIES = _q(
    """MATCH (a:Person)-[k:KNOWS]->(b:Person)
    RETURN a.id AS a, b.id AS b, k.strength AS strength, k.evidence AS evidence
    ORDER BY a, b"""
)
TIE_STRENGTHS = _q(
    """MATCH (a:Person)-[k:KNOWS]->(b:Person)
    RETURN a.id AS a, b.id AS b, k.strength AS strength
    ORDER BY a, b"""
)
TIE = _q(
    """MATCH (:Person {id: $a})-[k:KNOWS]->(:Person {id: $b})
    RETURN k.strength AS strength, k.evidence AS evidence""",
    "a", "b",
)
COUNTS = _q(
    """OPTIONAL MATCH (o:Organization)
    WITH count(o) AS organizations, sum(size(o.domains)) AS org_domains
    OPTIONAL MATCH (p:Person)
    WITH organizations, org_domains, count(p) AS persons,
    sum(size(p.emails) + size(p.phones)) AS person_keys
    RETURN COUNT { MATCH (:Owner) } AS owners, COUNT { MATCH (:Batch) } AS batches,
    COUNT { MATCH (:Record) } AS records, COUNT { MATCH (:Reject) } AS rejects,
    organizations, org_domains, persons, person_keys,
    COUNT { MATCH (:Record)-[:OF]->(:Person) } AS record_person,
    COUNT { MATCH (:Person)-[:KNOWS]->(:Person) } AS ties,
    COUNT { MATCH (:Decision) } AS identity_decisions"""
)

# --- dump: the SQLite tables' columns, in their order, so the two dumps compare -------------

DUMP_OWNERS = _q(
    """MATCH (o:Owner)
    RETURN o.name AS name, o.display_name AS display_name, o.emails AS emails,
    o.phones AS phones, o.region AS region, o.share AS share"""
)
DUMP_BATCHES = _q(
    """MATCH (b:Batch)
    RETURN b.id AS id, b.owner AS owner, b.file AS file, b.format AS format,
    b.content_hash AS content_hash, b.records AS records, b.rejects AS rejects,
    b.imported_at AS imported_at"""
)
DUMP_RECORDS = _q(
    """MATCH (r:Record)
    RETURN r.uid AS uid, r.owner AS owner, r.batch_id AS batch_id, r.file AS file,
    r.record AS record, r.data AS data"""
)
DUMP_REJECTS = _q(
    """MATCH (j:Reject)
    RETURN j.batch_id AS batch_id, j.file AS file, j.record AS record, j.reason AS reason,
    j.raw AS raw"""
)
DUMP_ORGANIZATIONS = _q(
    """MATCH (o:Organization)
    RETURN o.id AS id, o.name AS name, o.norm AS norm, o.domains AS domains"""
)
DUMP_PERSONS = _q(
    """MATCH (p:Person)
    OPTIONAL MATCH (p)-[:WORKS_AT]->(o:Organization)
    RETURN p.id AS id, p.name AS name, p.emails AS emails, p.phones AS phones,
    o.id AS org_id, p.title AS title, p.owner AS owner, p.why AS why"""
)
DUMP_RECORD_PERSON = _q(
    "MATCH (r:Record)-[:OF]->(p:Person) RETURN r.uid AS uid, p.id AS person_id"
)

# --- identity decisions (merge / split / keep_id) -------------------------------------------

DECISIONS = _q(
    """MATCH (d:Decision)
    RETURN d.kind AS kind, d.a AS a, d.b AS b
    ORDER BY d.seq"""
)
DELETE_DECISIONS = _q(
    """UNWIND $rows AS row
    MATCH (d:Decision {kind: row.kind, a: row.a, b: row.b})
    DELETE d""",
    "rows",
)
NEXT_DECISION_SEQ = _q("MATCH (d:Decision) RETURN coalesce(max(d.seq), 0) + 1 AS seq")
INSERT_DECISIONS = _q(
    """UNWIND $rows AS row
    CREATE (:Decision {seq: row.seq, kind: row.kind, a: row.a, b: row.b,
    made_at: row.made_at})""",
    "rows",
)
PERSON = _q(
    """MATCH (p:Person {id: $id})
    OPTIONAL MATCH (p)-[:WORKS_AT]->(o:Organization)
    RETURN p.id AS id, p.name AS name, p.emails AS emails, p.phones AS phones,
    o.name AS organization, p.title AS title, p.owner AS owner, p.why AS why""",
    "id",
)
PERSON_OF_RECORD = _q(
    "MATCH (:Record {uid: $uid})-[:OF]->(p:Person) RETURN p.id AS id", "uid"
)
PERSON_OF_OWNER = _q("MATCH (p:Person {owner: $owner}) RETURN p.id AS id", "owner")
PERSON_RECORDS = _q(
    """MATCH (r:Record)-[:OF]->(:Person {id: $id})
    RETURN r.uid AS uid, r.owner AS owner, r.file AS file, r.record AS record
    ORDER BY owner, file, record""",
    "id",
)
# What `export OWNER` returns of the hand decisions: those naming one of the owner's records.
OWNER_DECISIONS = _q(
    """MATCH (r:Record {owner: $owner})
    WITH collect(r.uid) AS uids
    MATCH (d:Decision)
    WHERE d.a IN uids OR d.b IN uids
    RETURN d.kind AS kind, d.a AS a, d.b AS b, d.made_at AS made_at
    ORDER BY d.seq""",
    "owner",
)
DUMP_DECISIONS = _q(
    """MATCH (d:Decision)
    RETURN d.seq AS id, d.kind AS kind, d.a AS a, d.b AS b, d.made_at AS made_at"""
)

# --- intro requests (asks): system of record, untouched by derive() --------------------------

ASK_SCHEMA: tuple[Query, ...] = (
    _q("CREATE CONSTRAINT ask_id IF NOT EXISTS FOR (a:Ask) REQUIRE a.id IS UNIQUE"),
    _q("CREATE INDEX ask_event_ask IF NOT EXISTS FOR (e:AskEvent) ON (e.ask_id)"),
)
NEXT_ASK_ID = _q("MATCH (a:Ask) RETURN coalesce(max(a.id), 0) + 1 AS id")
CREATE_ASK = _q(
    """CREATE (:Ask {id: $id, owner: $owner, connector_id: $connector_id,
    target_id: $target_id, connector: $connector, target: $target, query: $query, path: $path,
    reason: $reason, draft: $draft, state: $state, created_at: $at})
    CREATE (:AskEvent {ask_id: $id, seq: 1, state: $state, at: $at, note: ''})""",
    "id", "owner", "connector_id", "target_id", "connector", "target", "query", "path",
    "reason", "draft", "state", "at",
)
ASKS = _q(
    """MATCH (a:Ask) WHERE $ids IS NULL OR a.id IN $ids
    OPTIONAL MATCH (e:AskEvent {ask_id: a.id})
    WITH a, e ORDER BY e.seq
    WITH a, collect(e {.state, .at, .note}) AS history
    RETURN a.id AS id, a.owner AS owner, a.connector AS connector, a.target AS target,
    a.query AS query, a.path AS path, a.reason AS reason, a.draft AS draft, a.state AS state,
    history ORDER BY id""",
    "ids",
)
ASK_STATE = _q("MATCH (a:Ask {id: $id}) RETURN a.state AS state", "id")
SET_ASK_STATE = _q(
    """MATCH (a:Ask {id: $id})
    MATCH (e:AskEvent {ask_id: $id})
    WITH a, max(e.seq) AS last
    SET a.state = $state
    CREATE (:AskEvent {ask_id: $id, seq: last + 1, state: $state, at: $at, note: $note})""",
    "id", "state", "at", "note",
)
COUNT_ASKS = _q("RETURN COUNT { MATCH (:Ask) } AS asks, COUNT { MATCH (:AskEvent) } AS ask_events")
DUMP_ASKS = _q(
    """MATCH (a:Ask)
    RETURN a.id AS id, a.owner AS owner, a.connector_id AS connector_id,
    a.target_id AS target_id, a.connector AS connector, a.target AS target, a.query AS query,
    a.path AS path, a.reason AS reason, a.draft AS draft, a.state AS state,
    a.created_at AS created_at"""
)
DUMP_ASK_EVENTS = _q(
    """MATCH (e:AskEvent)
    RETURN e.ask_id AS ask_id, e.seq AS seq, e.state AS state, e.at AS at, e.note AS note"""
)

# --- expertise (intrograph tag / expert) ---------------------------------------------------
# Tags are kept by person id, outside the derived nodes, so that derive() leaves them alone.
# MERGE cannot match a null property: a tag nobody signed has owner ''.

ADD_TAGS = _q(
    """UNWIND $tags AS tag
    MERGE (t:Tag {person_id: $person_id, tag: tag, owner: $owner})
    ON CREATE SET t.tagged_at = $tagged_at""",
    "tags", "person_id", "owner", "tagged_at",
)
REMOVE_TAGS = _q(
    """MATCH (t:Tag {person_id: $person_id})
    WHERE t.tag IN $tags AND ($owner IS NULL OR t.owner = $owner)
    DELETE t
    RETURN count(*) AS n""",
    "person_id", "tags", "owner",
)
PERSON_TAGS = _q(
    """MATCH (t:Tag)
    WHERE t.person_id IN $ids
    RETURN t.person_id AS person_id, t.tag AS tag, t.owner AS owner
    ORDER BY person_id, tag, owner""",
    "ids",
)
# Tags follow a person whose id moves on a re-derive (graph/successors.py): the tagged people's
# records as they were, then each old id's tags moved to its successor, then a tag the
# successor now holds twice kept once.
TAGGED_RECORDS = _q(
    """MATCH (t:Tag)
    WITH DISTINCT t.person_id AS person_id
    MATCH (r:Record)-[:OF]->(:Person {id: person_id})
    RETURN r.uid AS uid, person_id"""
)
MOVE_TAGS = _q(
    """UNWIND $moves AS move
    MATCH (t:Tag {person_id: move.old})
    SET t.person_id = move.new""",
    "moves",
)
DEDUPE_TAGS = _q(
    """MATCH (t:Tag)
    WHERE t.person_id IN $ids
    WITH t.person_id AS person_id, t.tag AS tag, t.owner AS owner, collect(t) AS same
    WHERE size(same) > 1
    UNWIND tail(same) AS extra
    DELETE extra""",
    "ids",
)
PERSON_COUNT = _q("MATCH (p:Person) RETURN count(p) AS n")
ALL_PERSON_IDS = _q("MATCH (p:Person) RETURN p.id AS id ORDER BY id")
# A substring scan of each record's JSON (no JSON functions without APOC): a superset of the
# people a question's words can match, which the ranker then scores exactly.
EXPERTISE_CANDIDATES = _q(
    """MATCH (r:Record)-[:OF]->(p:Person)
    WHERE any(w IN $words WHERE toLower(r.data) CONTAINS w)
    RETURN p.id AS id
    UNION
    MATCH (t:Tag)
    WHERE any(w IN $words WHERE t.tag CONTAINS w)
    MATCH (p:Person {id: t.person_id})
    RETURN p.id AS id""",
    "words",
)
EXPERTISE_PEOPLE = _q(
    """MATCH (p:Person)
    WHERE p.id IN $ids
    OPTIONAL MATCH (p)-[:WORKS_AT]->(o:Organization)
    RETURN p.id AS id, p.name AS name, p.title AS title, p.phones AS phones,
    o.name AS organization, o.domains AS domains""",
    "ids",
)
EXPERTISE_RECORDS = _q(
    """MATCH (r:Record)-[:OF]->(p:Person)
    WHERE p.id IN $ids
    RETURN p.id AS id, r.owner AS owner, r.data AS data
    ORDER BY id, r.owner, r.file, r.record""",
    "ids",
)

# Only ever run by the contract tests, against the server the user pointed NEO4J_URI at.
DELETE_EVERYTHING = _q("MATCH (n) DETACH DELETE n")

# --- privacy: sharing levels and forget (graph/privacy.py) ----------------------------------

SET_OWNER_SHARE = _q(
    "MATCH (o:Owner {name: $name}) SET o.share = $share RETURN o.name AS name",
    "name", "share",
)
OWNER_CONTACTS = _q(
    """MATCH (r:Record {owner: $owner})-[:OF]->(p:Person)
    RETURN p.id AS person_id, r.data AS data""",
    "owner",
)
# forget: an owner's rows, children first, each statement reporting how many it removed; the
# derived nodes are then rewritten from the records left, as after an import.
FORGET_REJECTS = _q(
    """MATCH (b:Batch {owner: $owner})
    MATCH (j:Reject {batch_id: b.id})
    DETACH DELETE j
    RETURN count(*) AS n""",
    "owner",
)
FORGET_RECORDS = _q(
    "MATCH (r:Record {owner: $owner}) DETACH DELETE r RETURN count(*) AS n", "owner"
)
FORGET_BATCHES = _q(
    "MATCH (b:Batch {owner: $owner}) DETACH DELETE b RETURN count(*) AS n", "owner"
)
FORGET_OWNER = _q("MATCH (o:Owner {name: $owner}) DETACH DELETE o RETURN count(*) AS n", "owner")
FORGET_ASKS = _q(
    """MATCH (a:Ask {owner: $owner})
    OPTIONAL MATCH (e:AskEvent {ask_id: a.id})
    DETACH DELETE a, e
    RETURN count(DISTINCT a) AS n""",
    "owner",
)
FORGET_DECISIONS = _q(
    """MATCH (d:Decision)
    WHERE d.a = 'owner:' + $owner OR d.b = 'owner:' + $owner
    OR EXISTS { MATCH (r:Record {owner: $owner}) WHERE r.uid IN [d.a, d.b] }
    DELETE d
    RETURN count(*) AS n""",
    "owner",
)
# export: everything held about one owner's book.
OWNER_BATCHES = _q(
    """MATCH (b:Batch {owner: $owner})
    RETURN b.file AS file, b.format AS format, b.content_hash AS content_hash,
    b.records AS records, b.rejects AS rejects, b.imported_at AS imported_at
    ORDER BY file""",
    "owner",
)
OWNER_RECORDS = _q(
    """MATCH (r:Record {owner: $owner})
    OPTIONAL MATCH (r)-[:OF]->(p:Person)
    RETURN r.uid AS uid, r.file AS file, r.record AS record, p.id AS person_id,
    r.data AS data
    ORDER BY file, record""",
    "owner",
)
OWNER_REJECTS = _q(
    """MATCH (b:Batch {owner: $owner})
    MATCH (j:Reject {batch_id: b.id})
    RETURN j.file AS file, j.record AS record, j.reason AS reason, j.raw AS raw
    ORDER BY file, record""",
    "owner",
)
PERSON_TIES = _q(
    """MATCH (a:Person)-[k:KNOWS]->(b:Person)
    WHERE a.id = $id OR b.id = $id
    RETURN a.id AS a, b.id AS b, k.strength AS strength, k.evidence AS evidence
    ORDER BY a, b""",
    "id",
)
# Opt-outs: (:OptOut {key, label, added_at}), keyed like SQLite's optouts table.
LABELS = LABELS | {"OptOut"}
SCHEMA = (
    *SCHEMA,
    _q("CREATE CONSTRAINT optout_key IF NOT EXISTS FOR (x:OptOut) REQUIRE x.key IS UNIQUE"),
)
OPTOUTS = _q(
    """MATCH (x:OptOut)
    RETURN x.key AS key, x.label AS label, x.added_at AS added_at
    ORDER BY added_at, key"""
)
ADD_OPTOUTS = _q(
    """UNWIND $rows AS row
    MERGE (x:OptOut {key: row.key})
    ON CREATE SET x.label = row.label, x.added_at = row.added_at""",
    "rows",
)
REMOVE_OPTOUTS = _q(
    "MATCH (x:OptOut) WHERE x.key IN $keys DELETE x RETURN count(*) AS n", "keys"
)
PERSONS_WITH_KEYS = _q(
    """MATCH (p:Person)
    WHERE any(e IN p.emails WHERE 'e:' + e IN $keys)
    OR any(t IN p.phones WHERE 't:' + t IN $keys)
    RETURN p.id AS id""",
    "keys",
)
RECORD_PERSONS = _q("MATCH (r:Record)-[:OF]->(p:Person) RETURN p.id AS id, r.data AS data")
PERSON_KEYS = _q(
    """MATCH (p:Person {id: $id})
    OPTIONAL MATCH (r:Record)-[:OF]->(p)
    RETURN p.emails AS emails, p.phones AS phones, collect(r.data) AS records""",
    "id",
)
FORGET_TAGS = _q(
    "MATCH (t:Tag {owner: $owner}) DELETE t RETURN count(*) AS n", "owner"
)
DUMP_TAGS = _q(
    """MATCH (t:Tag)
    RETURN t.person_id AS person_id, t.tag AS tag, t.owner AS owner, t.tagged_at AS tagged_at"""
)
FORGET_STEPS: tuple[tuple[str, Query], ...] = (
    ("asks", FORGET_ASKS),
    ("identity_decisions", FORGET_DECISIONS),
    ("person_tags", FORGET_TAGS),
    ("rejects", FORGET_REJECTS),
    ("records", FORGET_RECORDS),
    ("batches", FORGET_BATCHES),
    ("owners", FORGET_OWNER),
)

# --- strength evidence: ratings and interaction history (issue 5) --------------------------
# System of record like records: (:Rating {id, owner, keys, stars, rated_on}),
# (:InteractionFile {id, owner, file, format, content_hash, rows, rejects, addresses,
# imported_at}), (:Interaction {file_id, owner, record, at, sender, recipients, channel}) and
# (:InteractionReject {file_id, owner, file, record, reason}); lists are list properties.
LABELS = LABELS | {"Rating", "InteractionFile", "Interaction", "InteractionReject"}
# Derived: (:Person)-[:MEMBER_OF {current, size, owners}]->(:Organization), one per membership.
REL_TYPES = REL_TYPES | {"MEMBER_OF"}
EVIDENCE_SCHEMA: tuple[Query, ...] = (
    _q("CREATE CONSTRAINT rating_id IF NOT EXISTS FOR (r:Rating) REQUIRE r.id IS UNIQUE"),
    _q("CREATE INDEX rating_owner IF NOT EXISTS FOR (r:Rating) ON (r.owner)"),
    _q("CREATE CONSTRAINT interaction_file_id IF NOT EXISTS FOR (f:InteractionFile) "
       "REQUIRE f.id IS UNIQUE"),
    _q("CREATE CONSTRAINT interaction_file_owner_file IF NOT EXISTS FOR (f:InteractionFile) "
       "REQUIRE (f.owner, f.file) IS UNIQUE"),
    _q("CREATE INDEX interaction_file IF NOT EXISTS FOR (i:Interaction) ON (i.file_id)"),
    _q("CREATE INDEX interaction_reject_file IF NOT EXISTS FOR (j:InteractionReject) "
       "ON (j.file_id)"),
)
SCHEMA = (*SCHEMA, *EVIDENCE_SCHEMA)

RATING_TARGET = _q(
    """MATCH (p:Person {id: $id})
    OPTIONAL MATCH (r:Record)-[:OF]->(p)
    RETURN p.emails AS emails, p.phones AS phones, p.owner AS owner, collect(r.uid) AS uids""",
    "id",
)
OWNER_RATINGS = _q(
    """MATCH (r:Rating {owner: $owner})
    RETURN r.id AS id, r.keys AS keys, r.stars AS stars
    ORDER BY id""",
    "owner",
)
DELETE_RATING = _q("MATCH (r:Rating {id: $id}) DELETE r", "id")
# Ids follow SQLite's rowid rule, as batches do, so both backends dump the same rows.
NEXT_RATING_ID = _q("MATCH (r:Rating) RETURN coalesce(max(r.id), 0) + 1 AS id")
INSERT_RATINGS = _q(
    """UNWIND $rows AS row
    CREATE (:Rating {id: row.id, owner: row.owner, keys: row.keys, stars: row.stars,
    rated_on: row.rated_on})""",
    "rows",
)
GET_INTERACTION_FILE = _q(
    """MATCH (f:InteractionFile {owner: $owner, file: $file})
    RETURN f.id AS id, f.content_hash AS content_hash, f.rows AS rows, f.format AS format,
    f.addresses AS addresses""",
    "owner", "file",
)
INTERACTION_FILE_REJECTS = _q(
    """MATCH (j:InteractionReject {file_id: $file_id})
    RETURN j.file AS file, j.record AS record, j.reason AS reason
    ORDER BY record""",
    "file_id",
)
DELETE_FILE_INTERACTIONS = _q(
    "MATCH (i:Interaction {file_id: $file_id}) DELETE i", "file_id"
)
DELETE_FILE_INTERACTION_REJECTS = _q(
    "MATCH (j:InteractionReject {file_id: $file_id}) DELETE j", "file_id"
)
UPDATE_INTERACTION_FILE = _q(
    """MATCH (f:InteractionFile {id: $id})
    SET f.format = $format, f.content_hash = $content_hash, f.rows = $rows,
    f.rejects = $rejects, f.addresses = $addresses, f.imported_at = $imported_at""",
    "id", "format", "content_hash", "rows", "rejects", "addresses", "imported_at",
)
NEXT_INTERACTION_FILE_ID = _q(
    "MATCH (f:InteractionFile) RETURN coalesce(max(f.id), 0) + 1 AS id"
)
INSERT_INTERACTION_FILES = _q(
    """UNWIND $rows AS row
    CREATE (:InteractionFile {id: row.id, owner: row.owner, file: row.file,
    format: row.format, content_hash: row.content_hash, rows: row.rows, rejects: row.rejects,
    addresses: row.addresses, imported_at: row.imported_at})""",
    "rows",
)
INSERT_INTERACTIONS = _q(
    """UNWIND $rows AS row
    CREATE (:Interaction {file_id: row.file_id, owner: row.owner, record: row.record,
    at: row.at, sender: row.sender, recipients: row.recipients, channel: row.channel})""",
    "rows",
)
INSERT_INTERACTION_REJECTS = _q(
    """UNWIND $rows AS row
    CREATE (:InteractionReject {file_id: row.file_id, owner: row.owner, file: row.file,
    record: row.record, reason: row.reason})""",
    "rows",
)
# What derive() scores ties from besides records, in SQLite's row order (a later rating of the
# same pair wins there too).
TIE_RATINGS = _q(
    """MATCH (r:Rating)
    RETURN r.owner AS owner, r.keys AS keys, r.stars AS stars
    ORDER BY r.id"""
)
TIE_MESSAGES = _q(
    """MATCH (i:Interaction)
    RETURN i.owner AS owner, i.at AS at, i.sender AS sender, i.recipients AS recipients,
    i.channel AS channel
    ORDER BY i.file_id, i.record"""
)
OWNER_ADDRESSES = _q(
    """MATCH (f:InteractionFile)
    RETURN f.owner AS owner, f.addresses AS addresses
    ORDER BY f.id"""
)
# cost: the search-graph edge's -ln(strength), absent when the membership makes no edge.
INSERT_MEMBERSHIPS = _q(
    """UNWIND $rows AS row
    MATCH (p:Person {id: row.person_id})
    MATCH (o:Organization {id: row.org_id})
    CREATE (p)-[:MEMBER_OF {current: row.current, size: row.size, owners: row.owners,
    cost: row.cost}]->(o)""",
    "rows",
)
MEMBERSHIPS = _q(
    """MATCH (p:Person)-[m:MEMBER_OF]->(o:Organization)
    RETURN p.id AS person_id, o.id AS org_id, m.current AS current, m.size AS size,
    m.owners AS owners
    ORDER BY person_id, org_id"""
)
MEMBERSHIP = _q(
    """MATCH (:Person {id: $person_id})-[m:MEMBER_OF]->(:Organization {id: $org_id})
    RETURN m.current AS current, m.size AS size""",
    "person_id", "org_id",
)
ORG_NAME = _q("MATCH (o:Organization {id: $id}) RETURN o.name AS name", "id")
COUNT_EVIDENCE = _q(
    """RETURN COUNT { MATCH (:Rating) } AS ratings,
    COUNT { MATCH (:InteractionFile) } AS interaction_files,
    COUNT { MATCH (:Interaction) } AS interactions,
    COUNT { MATCH (:InteractionReject) } AS interaction_rejects,
    COUNT { MATCH (:Person)-[:MEMBER_OF]->(:Organization) } AS memberships,
    COUNT { MATCH (:Tag) } AS person_tags, COUNT { MATCH (:OptOut) } AS optouts"""
)
DUMP_RATINGS = _q(
    """MATCH (r:Rating)
    RETURN r.id AS id, r.owner AS owner, r.keys AS keys, r.stars AS stars,
    r.rated_on AS rated_on"""
)
DUMP_INTERACTION_FILES = _q(
    """MATCH (f:InteractionFile)
    RETURN f.id AS id, f.owner AS owner, f.file AS file, f.format AS format,
    f.content_hash AS content_hash, f.rows AS rows, f.rejects AS rejects,
    f.addresses AS addresses, f.imported_at AS imported_at"""
)
DUMP_INTERACTIONS = _q(
    """MATCH (i:Interaction)
    RETURN i.file_id AS file_id, i.owner AS owner, i.record AS record, i.at AS at,
    i.sender AS sender, i.recipients AS recipients, i.channel AS channel"""
)
DUMP_INTERACTION_REJECTS = _q(
    """MATCH (j:InteractionReject)
    RETURN j.file_id AS file_id, j.owner AS owner, j.file AS file, j.record AS record,
    j.reason AS reason"""
)
FORGET_RATINGS = _q(
    "MATCH (r:Rating {owner: $owner}) DELETE r RETURN count(*) AS n", "owner"
)
FORGET_INTERACTION_REJECTS = _q(
    "MATCH (j:InteractionReject {owner: $owner}) DELETE j RETURN count(*) AS n", "owner"
)
FORGET_INTERACTIONS = _q(
    "MATCH (i:Interaction {owner: $owner}) DELETE i RETURN count(*) AS n", "owner"
)
FORGET_INTERACTION_FILES = _q(
    "MATCH (f:InteractionFile {owner: $owner}) DELETE f RETURN count(*) AS n", "owner"
)
FORGET_STEPS = (
    *FORGET_STEPS[:3],
    ("ratings", FORGET_RATINGS),
    ("interaction_rejects", FORGET_INTERACTION_REJECTS),
    ("interactions", FORGET_INTERACTIONS),
    ("interaction_files", FORGET_INTERACTION_FILES),
    *FORGET_STEPS[3:],
)

# --- sync: a whole store's input rows in, into an empty database (graph/sync.py) ------------

HELD_INPUTS = _q(
    """RETURN COUNT { MATCH (:Owner) } AS owners, COUNT { MATCH (:Batch) } AS batches,
    COUNT { MATCH (:Record) } AS records, COUNT { MATCH (:Reject) } AS rejects,
    COUNT { MATCH (:Decision) } AS identity_decisions, COUNT { MATCH (:Rating) } AS ratings,
    COUNT { MATCH (:InteractionFile) } AS interaction_files,
    COUNT { MATCH (:Interaction) } AS interactions,
    COUNT { MATCH (:InteractionReject) } AS interaction_rejects,
    COUNT { MATCH (:Tag) } AS person_tags, COUNT { MATCH (:OptOut) } AS optouts,
    COUNT { MATCH (:Ask) } AS asks, COUNT { MATCH (:AskEvent) } AS ask_events"""
)
INSERT_OWNERS = _q(
    """UNWIND $rows AS row
    CREATE (:Owner {name: row.name, display_name: row.display_name, emails: row.emails,
    phones: row.phones, region: row.region, share: row.share})""",
    "rows",
)
INSERT_BATCHES = _q(
    """UNWIND $rows AS row
    CREATE (:Batch {id: row.id, owner: row.owner, file: row.file, format: row.format,
    content_hash: row.content_hash, records: row.records, rejects: row.rejects,
    imported_at: row.imported_at})""",
    "rows",
)
INSERT_TAGS = _q(
    """UNWIND $rows AS row
    CREATE (:Tag {person_id: row.person_id, tag: row.tag, owner: coalesce(row.owner, ''),
    tagged_at: row.tagged_at})""",
    "rows",
)
INSERT_ASKS = _q(
    """UNWIND $rows AS row
    CREATE (:Ask {id: row.id, owner: row.owner, connector_id: row.connector_id,
    target_id: row.target_id, connector: row.connector, target: row.target, query: row.query,
    path: row.path, reason: row.reason, draft: row.draft, state: row.state,
    created_at: row.created_at})""",
    "rows",
)
INSERT_ASK_EVENTS = _q(
    """UNWIND $rows AS row
    CREATE (:AskEvent {ask_id: row.ask_id, seq: row.seq, state: row.state, at: row.at,
    note: row.note})""",
    "rows",
)

# --- intrograph check: import bookkeeping against the rows held ----------------------------

CHECK_BATCHES = _q(
    """MATCH (b:Batch)
    RETURN b.id AS id, b.owner AS owner, b.file AS file, b.records AS said,
    COUNT { MATCH (r:Record {batch_id: b.id}) } AS held, b.rejects AS said_rejects,
    COUNT { MATCH (j:Reject {batch_id: b.id}) } AS held_rejects
    ORDER BY id"""
)
CHECK_RECORDS = _q(
    """MATCH (r:Record)
    OPTIONAL MATCH (b:Batch {id: r.batch_id})
    RETURN r.uid AS uid, r.owner AS owner, r.batch_id AS batch_id, b.owner AS batch_owner
    ORDER BY uid"""
)

# --- path search in the database (graph/db_paths.py) ----------------------------------------
# Nodes are named as in the Python search graph: a person by id, an organisation 'org:' + id.
# A viewer's privacy mask travels as parameters: $blocked names (opted out, hidden), $dropped
# edge keys ('a|b', the smaller name first) and $reweight (edge key -> cost).

MAX_PATH_HOPS = 6
_PATH_CANDIDATES = """MATCH (s:Person)
    WHERE s.id IN $sources AND NOT s.id IN $blocked
    MATCH p = (s)-[:KNOWS|MEMBER_OF*1..{hops}]-(t:Person)
    WHERE t.id IN $targets AND NOT t.id IN $sources AND NOT t.id IN $blocked
    AND all(r IN relationships(p) WHERE r.cost IS NOT NULL)
    WITH p, [n IN nodes(p) | CASE WHEN n:Organization THEN 'org:' + n.id ELSE n.id END] AS ids
    WHERE all(i IN range(1, size(ids) - 2) WHERE NOT ids[i] IN $blocked
    AND NOT ids[i] IN $sources AND NOT ids[i] IN ids[i + 1..])
    WITH p, ids, [i IN range(0, size(ids) - 2) | CASE WHEN ids[i] < ids[i + 1]
    THEN ids[i] + '|' + ids[i + 1] ELSE ids[i + 1] + '|' + ids[i] END] AS keys
    WHERE none(key IN keys WHERE key IN $dropped)
    WITH ids, reduce(c = 0.0, i IN range(0, size(keys) - 1) |
    c + coalesce($reweight[keys[i]], relationships(p)[i].cost)) AS cost
    RETURN ids, cost
    ORDER BY cost, size(ids), reverse(ids)
    LIMIT $limit"""


def path_candidates(hops: int) -> Query:
    """Return the search for every simple path of at most ``hops`` edges from a source to a
    target, cheapest first. A variable-length bound cannot be a parameter, so ``hops`` is
    spliced in, and only as an int from 1 to :data:`MAX_PATH_HOPS`."""
    if not isinstance(hops, int) or isinstance(hops, bool) or not 1 <= hops <= MAX_PATH_HOPS:
        raise ValueError(f"hops must be an int from 1 to {MAX_PATH_HOPS}, not {hops!r}")
    return _q(_PATH_CANDIDATES.replace("{hops}", str(hops)),
              "sources", "targets", "blocked", "dropped", "reweight", "limit")


GDS_PRESENT = _q(
    """SHOW PROCEDURES YIELD name
    WHERE name = $procedure
    RETURN count(*) AS n""",
    "procedure",
)
# An in-memory graph of the masked ties and memberships, undirected, weighted by cost.
GDS_PROJECT = _q(
    """MATCH (a)-[r:KNOWS|MEMBER_OF]->(b)
    WHERE r.cost IS NOT NULL
    WITH a, b, r, CASE WHEN a:Organization THEN 'org:' + a.id ELSE a.id END AS x,
    CASE WHEN b:Organization THEN 'org:' + b.id ELSE b.id END AS y
    WHERE NOT x IN $blocked AND NOT y IN $blocked
    WITH a, b, r, CASE WHEN x < y THEN x + '|' + y ELSE y + '|' + x END AS key
    WHERE NOT key IN $dropped
    WITH gds.graph.project($graph, a, b,
    {relationshipProperties: {cost: coalesce($reweight[key], r.cost)}},
    {undirectedRelationshipTypes: ['*']}) AS g
    RETURN g.graphName AS graph, g.relationshipCount AS relationships""",
    "graph", "blocked", "dropped", "reweight",
)
GDS_YENS = _q(
    """UNWIND $pairs AS pair
    MATCH (s:Person {id: pair[0]})
    MATCH (t:Person {id: pair[1]})
    CALL gds.shortestPath.yens.stream($graph, {sourceNode: s, targetNode: t, k: $k,
    relationshipWeightProperty: 'cost'})
    YIELD totalCost, nodeIds
    RETURN [n IN gds.util.asNodes(nodeIds) |
    CASE WHEN n:Organization THEN 'org:' + n.id ELSE n.id END] AS ids, totalCost AS cost""",
    "pairs", "graph", "k",
)
GDS_DROP = _q(
    "CALL gds.graph.drop($graph, false) YIELD graphName RETURN graphName", "graph"
)

QUERIES: dict[str, Query] = {
    **{f"SCHEMA[{i}]": q for i, q in enumerate(SCHEMA)},
    **{f"delete_nodes({label})": delete_nodes(label) for label in DERIVED_LABELS},
    "GET_OWNER": GET_OWNER,
    "CREATE_OWNER": CREATE_OWNER,
    "UPDATE_OWNER": UPDATE_OWNER,
    "GET_BATCH": GET_BATCH,
    "NEXT_BATCH_ID": NEXT_BATCH_ID,
    "CREATE_BATCH": CREATE_BATCH,
    "UPDATE_BATCH": UPDATE_BATCH,
    "BATCH_RECORDS": BATCH_RECORDS,
    "BATCH_REJECTS": BATCH_REJECTS,
    "DELETE_BATCH_RECORDS": DELETE_BATCH_RECORDS,
    "DELETE_BATCH_REJECTS": DELETE_BATCH_REJECTS,
    "INSERT_RECORDS": INSERT_RECORDS,
    "INSERT_REJECTS": INSERT_REJECTS,
    "ALL_RECORDS": ALL_RECORDS,
    "INSERT_ORGANIZATIONS": INSERT_ORGANIZATIONS,
    "INSERT_PERSONS": INSERT_PERSONS,
    "LINK_RECORDS": LINK_RECORDS,
    "INSERT_TIES": INSERT_TIES,
    "OWNERS": OWNERS,
    "PEOPLE": PEOPLE,
    "PEOPLE_LIMITED": PEOPLE_LIMITED,
    "PROVENANCE": PROVENANCE,
    "PERSON_REFS": PERSON_REFS,
    "ORGANIZATIONS": ORGANIZATIONS,
    "ORG_BY_DOMAIN": ORG_BY_DOMAIN,
    "PERSONS_AT": PERSONS_AT,
    "TIES": TIES,
    "TIE_STRENGTHS": TIE_STRENGTHS,
    "TIE": TIE,
    "COUNTS": COUNTS,
    "DUMP_OWNERS": DUMP_OWNERS,
    "DUMP_BATCHES": DUMP_BATCHES,
    "DUMP_RECORDS": DUMP_RECORDS,
    "DUMP_REJECTS": DUMP_REJECTS,
    "DUMP_ORGANIZATIONS": DUMP_ORGANIZATIONS,
    "DUMP_PERSONS": DUMP_PERSONS,
    "DUMP_RECORD_PERSON": DUMP_RECORD_PERSON,
    "DECISIONS": DECISIONS,
    "DELETE_DECISIONS": DELETE_DECISIONS,
    "NEXT_DECISION_SEQ": NEXT_DECISION_SEQ,
    "INSERT_DECISIONS": INSERT_DECISIONS,
    "PERSON": PERSON,
    "PERSON_OF_RECORD": PERSON_OF_RECORD,
    "PERSON_OF_OWNER": PERSON_OF_OWNER,
    "PERSON_RECORDS": PERSON_RECORDS,
    "DUMP_DECISIONS": DUMP_DECISIONS,
    "OWNER_DECISIONS": OWNER_DECISIONS,
    "DELETE_EVERYTHING": DELETE_EVERYTHING,
    **{f"ASK_SCHEMA[{i}]": q for i, q in enumerate(ASK_SCHEMA)},
    "NEXT_ASK_ID": NEXT_ASK_ID,
    "CREATE_ASK": CREATE_ASK,
    "ASKS": ASKS,
    "ASK_STATE": ASK_STATE,
    "SET_ASK_STATE": SET_ASK_STATE,
    "COUNT_ASKS": COUNT_ASKS,
    "DUMP_ASKS": DUMP_ASKS,
    "DUMP_ASK_EVENTS": DUMP_ASK_EVENTS,
    "SET_OWNER_SHARE": SET_OWNER_SHARE,
    "OWNER_CONTACTS": OWNER_CONTACTS,
    "FORGET_REJECTS": FORGET_REJECTS,
    "FORGET_RECORDS": FORGET_RECORDS,
    "FORGET_BATCHES": FORGET_BATCHES,
    "FORGET_OWNER": FORGET_OWNER,
    "FORGET_ASKS": FORGET_ASKS,
    "FORGET_DECISIONS": FORGET_DECISIONS,
    "FORGET_TAGS": FORGET_TAGS,
    "DUMP_TAGS": DUMP_TAGS,
    "OWNER_BATCHES": OWNER_BATCHES,
    "OWNER_RECORDS": OWNER_RECORDS,
    "OWNER_REJECTS": OWNER_REJECTS,
    "PERSON_TIES": PERSON_TIES,
    "OPTOUTS": OPTOUTS,
    "ADD_OPTOUTS": ADD_OPTOUTS,
    "REMOVE_OPTOUTS": REMOVE_OPTOUTS,
    "PERSONS_WITH_KEYS": PERSONS_WITH_KEYS,
    "RECORD_PERSONS": RECORD_PERSONS,
    "PERSON_KEYS": PERSON_KEYS,
    "ADD_TAGS": ADD_TAGS,
    "REMOVE_TAGS": REMOVE_TAGS,
    "PERSON_TAGS": PERSON_TAGS,
    "TAGGED_RECORDS": TAGGED_RECORDS,
    "MOVE_TAGS": MOVE_TAGS,
    "DEDUPE_TAGS": DEDUPE_TAGS,
    "PERSON_COUNT": PERSON_COUNT,
    "ALL_PERSON_IDS": ALL_PERSON_IDS,
    "EXPERTISE_CANDIDATES": EXPERTISE_CANDIDATES,
    "EXPERTISE_PEOPLE": EXPERTISE_PEOPLE,
    "EXPERTISE_RECORDS": EXPERTISE_RECORDS,
    "RATING_TARGET": RATING_TARGET,
    "OWNER_RATINGS": OWNER_RATINGS,
    "DELETE_RATING": DELETE_RATING,
    "NEXT_RATING_ID": NEXT_RATING_ID,
    "INSERT_RATINGS": INSERT_RATINGS,
    "GET_INTERACTION_FILE": GET_INTERACTION_FILE,
    "INTERACTION_FILE_REJECTS": INTERACTION_FILE_REJECTS,
    "DELETE_FILE_INTERACTIONS": DELETE_FILE_INTERACTIONS,
    "DELETE_FILE_INTERACTION_REJECTS": DELETE_FILE_INTERACTION_REJECTS,
    "UPDATE_INTERACTION_FILE": UPDATE_INTERACTION_FILE,
    "NEXT_INTERACTION_FILE_ID": NEXT_INTERACTION_FILE_ID,
    "INSERT_INTERACTION_FILES": INSERT_INTERACTION_FILES,
    "INSERT_INTERACTIONS": INSERT_INTERACTIONS,
    "INSERT_INTERACTION_REJECTS": INSERT_INTERACTION_REJECTS,
    "TIE_RATINGS": TIE_RATINGS,
    "TIE_MESSAGES": TIE_MESSAGES,
    "OWNER_ADDRESSES": OWNER_ADDRESSES,
    "INSERT_MEMBERSHIPS": INSERT_MEMBERSHIPS,
    "MEMBERSHIPS": MEMBERSHIPS,
    "MEMBERSHIP": MEMBERSHIP,
    "ORG_NAME": ORG_NAME,
    "COUNT_EVIDENCE": COUNT_EVIDENCE,
    "DUMP_RATINGS": DUMP_RATINGS,
    "DUMP_INTERACTION_FILES": DUMP_INTERACTION_FILES,
    "DUMP_INTERACTIONS": DUMP_INTERACTIONS,
    "DUMP_INTERACTION_REJECTS": DUMP_INTERACTION_REJECTS,
    "FORGET_RATINGS": FORGET_RATINGS,
    "FORGET_INTERACTION_REJECTS": FORGET_INTERACTION_REJECTS,
    "FORGET_INTERACTIONS": FORGET_INTERACTIONS,
    "FORGET_INTERACTION_FILES": FORGET_INTERACTION_FILES,
    "HELD_INPUTS": HELD_INPUTS,
    "INSERT_OWNERS": INSERT_OWNERS,
    "INSERT_BATCHES": INSERT_BATCHES,
    "INSERT_TAGS": INSERT_TAGS,
    "INSERT_ASKS": INSERT_ASKS,
    "INSERT_ASK_EVENTS": INSERT_ASK_EVENTS,
    "CHECK_BATCHES": CHECK_BATCHES,
    "CHECK_RECORDS": CHECK_RECORDS,
    **{f"path_candidates({h})": path_candidates(h) for h in range(1, MAX_PATH_HOPS + 1)},
    "GDS_PRESENT": GDS_PRESENT,
    "GDS_PROJECT": GDS_PROJECT,
    "GDS_YENS": GDS_YENS,
    "GDS_DROP": GDS_DROP,
}
