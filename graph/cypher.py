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
    (:Person {id, name, emails, phones, title, owner})
    (:Organization {id, name, norm, domains})
    (:OptOut {key, label, added_at})                          key: 'e:' email, 't:' phone, 'l:' URL
    (:Record)-[:OF]->(:Person)
    (:Person)-[:WORKS_AT]->(:Organization)
    (:Person)-[:KNOWS {strength, cost, evidence}]->(:Person)  once per pair, a.id < b.id

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
    "people_query",
]

LABELS = frozenset({"Owner", "Batch", "Record", "Reject", "Person", "Organization"})
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
    title: row.title, owner: row.owner})
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
    o.name AS organization, p.title AS title, p.owner AS owner
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
    COUNT { MATCH (:Person)-[:KNOWS]->(:Person) } AS ties"""
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
    o.id AS org_id, p.title AS title, p.owner AS owner"""
)
DUMP_RECORD_PERSON = _q(
    "MATCH (r:Record)-[:OF]->(p:Person) RETURN r.uid AS uid, p.id AS person_id"
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
FORGET_STEPS: tuple[tuple[str, Query], ...] = (
    ("rejects", FORGET_REJECTS),
    ("records", FORGET_RECORDS),
    ("batches", FORGET_BATCHES),
    ("owners", FORGET_OWNER),
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
    "DELETE_EVERYTHING": DELETE_EVERYTHING,
    "SET_OWNER_SHARE": SET_OWNER_SHARE,
    "OWNER_CONTACTS": OWNER_CONTACTS,
    "FORGET_REJECTS": FORGET_REJECTS,
    "FORGET_RECORDS": FORGET_RECORDS,
    "FORGET_BATCHES": FORGET_BATCHES,
    "FORGET_OWNER": FORGET_OWNER,
    "OWNER_BATCHES": OWNER_BATCHES,
    "OWNER_RECORDS": OWNER_RECORDS,
    "OWNER_REJECTS": OWNER_REJECTS,
    "PERSON_TIES": PERSON_TIES,
    "SCHEMA[10]": SCHEMA[10],
    "OPTOUTS": OPTOUTS,
    "ADD_OPTOUTS": ADD_OPTOUTS,
    "REMOVE_OPTOUTS": REMOVE_OPTOUTS,
    "PERSONS_WITH_KEYS": PERSONS_WITH_KEYS,
    "RECORD_PERSONS": RECORD_PERSONS,
    "PERSON_KEYS": PERSON_KEYS,
}
