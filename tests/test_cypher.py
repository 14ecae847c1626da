"""The Cypher the Neo4j store runs: exact texts, parameter names, allow-listed labels, and a
lint of every statement by Neo4j's own parser (no server needed)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from intrograph.graph import cypher
from intrograph.graph.cypher import LABELS, QUERIES, REL_TYPES

ROOT = Path(__file__).parent.parent
LINTER = Path(__file__).parent / "cypher_lint.mjs"
NODE_MODULES = Path(os.environ.get("CYPHER_NODE_MODULES", ROOT / ".ci" / "node" / "node_modules"))

# A change to any statement must show up here, in review, next to its parameters.
PINNED: dict[str, tuple[str, set[str]]] = {
    "SCHEMA[0]": (
        "CREATE CONSTRAINT owner_name IF NOT EXISTS FOR (o:Owner) REQUIRE o.name IS UNIQUE",
        set(),
    ),
    "SCHEMA[1]": (
        "CREATE CONSTRAINT batch_id IF NOT EXISTS FOR (b:Batch) REQUIRE b.id IS UNIQUE",
        set(),
    ),
    "SCHEMA[2]": (
        "CREATE CONSTRAINT batch_owner_file IF NOT EXISTS FOR (b:Batch) REQUIRE (b.owner, "
        "b.file) IS UNIQUE",
        set(),
    ),
    "SCHEMA[3]": (
        "CREATE CONSTRAINT record_uid IF NOT EXISTS FOR (r:Record) REQUIRE r.uid IS UNIQUE",
        set(),
    ),
    "SCHEMA[4]": (
        "CREATE CONSTRAINT person_id IF NOT EXISTS FOR (p:Person) REQUIRE p.id IS UNIQUE",
        set(),
    ),
    "SCHEMA[5]": (
        "CREATE CONSTRAINT organization_id IF NOT EXISTS FOR (o:Organization) REQUIRE o.id "
        "IS UNIQUE",
        set(),
    ),
    "SCHEMA[6]": (
        "CREATE INDEX record_batch IF NOT EXISTS FOR (r:Record) ON (r.batch_id)",
        set(),
    ),
    "SCHEMA[7]": (
        "CREATE INDEX record_owner IF NOT EXISTS FOR (r:Record) ON (r.owner)",
        set(),
    ),
    "SCHEMA[8]": (
        "CREATE INDEX reject_batch IF NOT EXISTS FOR (j:Reject) ON (j.batch_id)",
        set(),
    ),
    "SCHEMA[9]": (
        "CREATE INDEX person_owner IF NOT EXISTS FOR (p:Person) ON (p.owner)",
        set(),
    ),
    "delete_nodes(Person)": (
        "MATCH (n:Person) DETACH DELETE n",
        set(),
    ),
    "delete_nodes(Organization)": (
        "MATCH (n:Organization) DETACH DELETE n",
        set(),
    ),
    "GET_OWNER": (
        "MATCH (o:Owner {name: $name}) RETURN o.display_name AS display_name, o.emails AS "
        "emails, o.phones AS phones, o.region AS region",
        {"name"},
    ),
    "CREATE_OWNER": (
        "CREATE (:Owner {name: $name, display_name: $display_name, emails: $emails, phones: "
        "$phones, region: $region, share: $share})",
        {"display_name", "emails", "name", "phones", "region", "share"},
    ),
    "UPDATE_OWNER": (
        "MATCH (o:Owner {name: $name}) SET o.display_name = $display_name, o.emails = "
        "$emails, o.phones = $phones, o.region = $region",
        {"display_name", "emails", "name", "phones", "region"},
    ),
    "GET_BATCH": (
        "MATCH (b:Batch {owner: $owner, file: $file}) RETURN b.id AS id, b.content_hash AS "
        "content_hash, b.records AS records, b.format AS format",
        {"file", "owner"},
    ),
    "NEXT_BATCH_ID": (
        "MATCH (b:Batch) RETURN coalesce(max(b.id), 0) + 1 AS id",
        set(),
    ),
    "CREATE_BATCH": (
        "CREATE (:Batch {id: $id, owner: $owner, file: $file, format: $format, content_hash: "
        "$content_hash, records: $records, rejects: $rejects, imported_at: $imported_at})",
        {"content_hash", "file", "format", "id", "imported_at", "owner", "records", "rejects"},
    ),
    "UPDATE_BATCH": (
        "MATCH (b:Batch {id: $id}) SET b.format = $format, b.content_hash = $content_hash, "
        "b.records = $records, b.rejects = $rejects, b.imported_at = $imported_at",
        {"content_hash", "format", "id", "imported_at", "records", "rejects"},
    ),
    "BATCH_RECORDS": (
        "MATCH (r:Record {batch_id: $batch_id}) RETURN r.uid AS uid, r.data AS data",
        {"batch_id"},
    ),
    "BATCH_REJECTS": (
        "MATCH (j:Reject {batch_id: $batch_id}) RETURN j.file AS file, j.record AS record, "
        "j.reason AS reason, j.raw AS raw ORDER BY record",
        {"batch_id"},
    ),
    "DELETE_BATCH_RECORDS": (
        "MATCH (r:Record {batch_id: $batch_id}) DETACH DELETE r",
        {"batch_id"},
    ),
    "DELETE_BATCH_REJECTS": (
        "MATCH (j:Reject {batch_id: $batch_id}) DELETE j",
        {"batch_id"},
    ),
    "INSERT_RECORDS": (
        "UNWIND $rows AS row CREATE (:Record {uid: row.uid, owner: row.owner, batch_id: "
        "row.batch_id, file: row.file, record: row.record, data: row.data})",
        {"rows"},
    ),
    "INSERT_REJECTS": (
        "UNWIND $rows AS row CREATE (:Reject {batch_id: row.batch_id, file: row.file, "
        "record: row.record, reason: row.reason, raw: row.raw})",
        {"rows"},
    ),
    "ALL_RECORDS": (
        "MATCH (r:Record) RETURN r.uid AS uid, r.owner AS owner, r.batch_id AS batch_id, "
        "r.data AS data",
        set(),
    ),
    "INSERT_ORGANIZATIONS": (
        "UNWIND $rows AS row CREATE (:Organization {id: row.id, name: row.name, norm: "
        "row.norm, domains: row.domains})",
        {"rows"},
    ),
    "INSERT_PERSONS": (
        "UNWIND $rows AS row CREATE (p:Person {id: row.id, name: row.name, emails: "
        "row.emails, phones: row.phones, title: row.title, owner: row.owner, why: "
        "row.why}) WITH p, row WHERE row.org_id IS NOT NULL MATCH (o:Organization {id: "
        "row.org_id}) CREATE (p)-[:WORKS_AT]->(o)",
        {"rows"},
    ),
    "LINK_RECORDS": (
        "UNWIND $rows AS row MATCH (r:Record {uid: row.uid}) MATCH (p:Person {id: "
        "row.person_id}) CREATE (r)-[:OF]->(p)",
        {"rows"},
    ),
    "INSERT_TIES": (
        "UNWIND $rows AS row MATCH (a:Person {id: row.a}) MATCH (b:Person {id: row.b}) "
        "CREATE (a)-[:KNOWS {strength: row.strength, cost: row.cost, evidence: "
        "row.evidence}]->(b)",
        {"rows"},
    ),
    "OWNERS": (
        "MATCH (o:Owner) OPTIONAL MATCH (p:Person {owner: o.name}) RETURN o.name AS name, "
        "o.display_name AS display_name, o.emails AS emails, o.phones AS phones, o.region AS "
        "region, o.share AS share, COUNT { MATCH (r:Record {owner: o.name}) } AS records, "
        "p.id AS person_id ORDER BY name",
        set(),
    ),
    "PEOPLE": (
        "MATCH (p:Person) OPTIONAL MATCH (p)-[:WORKS_AT]->(o:Organization) WITH p, o "
        "WHERE $query IS NULL OR toLower(p.name) CONTAINS $query OR any(e IN p.emails "
        "WHERE toLower(e) CONTAINS $query) OR any(t IN p.phones WHERE t CONTAINS $query) "
        "OR toLower(coalesce(o.name, '')) CONTAINS $query OR toLower(coalesce(p.title, "
        "'')) CONTAINS $query RETURN p.id AS id, p.name AS name, p.emails AS emails, "
        "p.phones AS phones, o.name AS organization, p.title AS title, p.owner AS owner, "
        "p.why AS why ORDER BY name, id",
        {"query"},
    ),
    "PEOPLE_LIMITED": (
        "MATCH (p:Person) OPTIONAL MATCH (p)-[:WORKS_AT]->(o:Organization) WITH p, o "
        "WHERE $query IS NULL OR toLower(p.name) CONTAINS $query OR any(e IN p.emails "
        "WHERE toLower(e) CONTAINS $query) OR any(t IN p.phones WHERE t CONTAINS $query) "
        "OR toLower(coalesce(o.name, '')) CONTAINS $query OR toLower(coalesce(p.title, "
        "'')) CONTAINS $query RETURN p.id AS id, p.name AS name, p.emails AS emails, "
        "p.phones AS phones, o.name AS organization, p.title AS title, p.owner AS owner, "
        "p.why AS why ORDER BY name, id LIMIT $limit",
        {"limit", "query"},
    ),
    "PROVENANCE": (
        "MATCH (r:Record)-[:OF]->(p:Person) WHERE p.id IN $ids RETURN p.id AS id, r.owner AS "
        "owner, r.file AS file, r.record AS record ORDER BY owner, file, record",
        {"ids"},
    ),
    "PERSON_REFS": (
        "MATCH (p:Person) WHERE p.id IN $ids OPTIONAL MATCH "
        "(p)-[:WORKS_AT]->(o:Organization) RETURN p.id AS id, p.name AS name, p.title AS "
        "title, o.name AS organization",
        {"ids"},
    ),
    "ORGANIZATIONS": (
        "MATCH (o:Organization) WHERE $query IS NULL OR toLower(o.name) CONTAINS $query OR "
        "toLower(o.norm) CONTAINS $query OR any(d IN o.domains WHERE d CONTAINS $query) "
        "RETURN o.id AS id, o.name AS name, o.domains AS domains, COUNT { MATCH "
        "(:Person)-[:WORKS_AT]->(o) } AS people ORDER BY name, id",
        {"query"},
    ),
    "ORG_BY_DOMAIN": (
        "MATCH (o:Organization) WHERE $domain IN o.domains RETURN o.id AS id, o.name AS "
        "name, o.domains AS domains LIMIT 1",
        {"domain"},
    ),
    "PERSONS_AT": (
        "MATCH (p:Person)-[:WORKS_AT]->(:Organization {id: $org_id}) RETURN p.id AS id ORDER "
        "BY id",
        {"org_id"},
    ),
    "TIES": (
        "MATCH (a:Person)-[k:KNOWS]->(b:Person) RETURN a.id AS a, b.id AS b, k.strength AS "
        "strength, k.evidence AS evidence ORDER BY a, b",
        set(),
    ),
    "TIE_STRENGTHS": (
        "MATCH (a:Person)-[k:KNOWS]->(b:Person) RETURN a.id AS a, b.id AS b, k.strength AS "
        "strength ORDER BY a, b",
        set(),
    ),
    "TIE": (
        "MATCH (:Person {id: $a})-[k:KNOWS]->(:Person {id: $b}) RETURN k.strength AS "
        "strength, k.evidence AS evidence",
        {"a", "b"},
    ),
    "COUNTS": (
        "OPTIONAL MATCH (o:Organization) WITH count(o) AS organizations, "
        "sum(size(o.domains)) AS org_domains OPTIONAL MATCH (p:Person) WITH "
        "organizations, org_domains, count(p) AS persons, sum(size(p.emails) + "
        "size(p.phones)) AS person_keys RETURN COUNT { MATCH (:Owner) } AS owners, COUNT "
        "{ MATCH (:Batch) } AS batches, COUNT { MATCH (:Record) } AS records, COUNT { "
        "MATCH (:Reject) } AS rejects, organizations, org_domains, persons, person_keys, "
        "COUNT { MATCH (:Record)-[:OF]->(:Person) } AS record_person, COUNT { MATCH "
        "(:Person)-[:KNOWS]->(:Person) } AS ties, COUNT { MATCH (:Decision) } AS "
        "identity_decisions",
        set(),
    ),
    "DUMP_OWNERS": (
        "MATCH (o:Owner) RETURN o.name AS name, o.display_name AS display_name, o.emails AS "
        "emails, o.phones AS phones, o.region AS region, o.share AS share",
        set(),
    ),
    "DUMP_BATCHES": (
        "MATCH (b:Batch) RETURN b.id AS id, b.owner AS owner, b.file AS file, b.format AS "
        "format, b.content_hash AS content_hash, b.records AS records, b.rejects AS rejects, "
        "b.imported_at AS imported_at",
        set(),
    ),
    "DUMP_RECORDS": (
        "MATCH (r:Record) RETURN r.uid AS uid, r.owner AS owner, r.batch_id AS batch_id, "
        "r.file AS file, r.record AS record, r.data AS data",
        set(),
    ),
    "DUMP_REJECTS": (
        "MATCH (j:Reject) RETURN j.batch_id AS batch_id, j.file AS file, j.record AS record, "
        "j.reason AS reason, j.raw AS raw",
        set(),
    ),
    "DUMP_ORGANIZATIONS": (
        "MATCH (o:Organization) RETURN o.id AS id, o.name AS name, o.norm AS norm, o.domains "
        "AS domains",
        set(),
    ),
    "DUMP_PERSONS": (
        "MATCH (p:Person) OPTIONAL MATCH (p)-[:WORKS_AT]->(o:Organization) RETURN p.id AS"
        " id, p.name AS name, p.emails AS emails, p.phones AS phones, o.id AS org_id, "
        "p.title AS title, p.owner AS owner, p.why AS why",
        set(),
    ),
    "DUMP_RECORD_PERSON": (
        "MATCH (r:Record)-[:OF]->(p:Person) RETURN r.uid AS uid, p.id AS person_id",
        set(),
    ),
    "DELETE_EVERYTHING": (
        "MATCH (n) DETACH DELETE n",
        set(),
    ),
    "DECISIONS": (
        "MATCH (d:Decision) RETURN d.kind AS kind, d.a AS a, d.b AS b ORDER BY d.seq",
        set(),
    ),
    "DELETE_DECISIONS": (
        "UNWIND $rows AS row MATCH (d:Decision {kind: row.kind, a: row.a, b: row.b}) "
        "DELETE d",
        {"rows"},
    ),
    "NEXT_DECISION_SEQ": (
        "MATCH (d:Decision) RETURN coalesce(max(d.seq), 0) + 1 AS seq",
        set(),
    ),
    "INSERT_DECISIONS": (
        "UNWIND $rows AS row CREATE (:Decision {seq: row.seq, kind: row.kind, a: row.a, "
        "b: row.b, made_at: row.made_at})",
        {"rows"},
    ),
    "PERSON": (
        "MATCH (p:Person {id: $id}) OPTIONAL MATCH (p)-[:WORKS_AT]->(o:Organization) "
        "RETURN p.id AS id, p.name AS name, p.emails AS emails, p.phones AS phones, "
        "o.name AS organization, p.title AS title, p.owner AS owner, p.why AS why",
        {"id"},
    ),
    "PERSON_OF_RECORD": (
        "MATCH (:Record {uid: $uid})-[:OF]->(p:Person) RETURN p.id AS id",
        {"uid"},
    ),
    "PERSON_OF_OWNER": (
        "MATCH (p:Person {owner: $owner}) RETURN p.id AS id",
        {"owner"},
    ),
    "PERSON_RECORDS": (
        "MATCH (r:Record)-[:OF]->(:Person {id: $id}) RETURN r.uid AS uid, r.owner AS "
        "owner, r.file AS file, r.record AS record ORDER BY owner, file, record",
        {"id"},
    ),
    "DUMP_DECISIONS": (
        "MATCH (d:Decision) RETURN d.seq AS id, d.kind AS kind, d.a AS a, d.b AS b, "
        "d.made_at AS made_at",
        set(),
    ),
    "OWNER_DECISIONS": (
        "MATCH (r:Record {owner: $owner}) WITH collect(r.uid) AS uids MATCH (d:Decision) WHERE "
        "d.a IN uids OR d.b IN uids RETURN d.kind AS kind, d.a AS a, d.b AS b, d.made_at AS "
        "made_at ORDER BY d.seq",
        {"owner"},
    ),
    "ASK_SCHEMA[0]": (
        "CREATE CONSTRAINT ask_id IF NOT EXISTS FOR (a:Ask) REQUIRE a.id IS UNIQUE",
        set(),
    ),
    "ASK_SCHEMA[1]": (
        "CREATE INDEX ask_event_ask IF NOT EXISTS FOR (e:AskEvent) ON (e.ask_id)",
        set(),
    ),
    "NEXT_ASK_ID": (
        "MATCH (a:Ask) RETURN coalesce(max(a.id), 0) + 1 AS id",
        set(),
    ),
    "CREATE_ASK": (
        "CREATE (:Ask {id: $id, owner: $owner, connector_id: $connector_id, target_id: "
        "$target_id, connector: $connector, target: $target, query: $query, path: $path, "
        "reason: $reason, draft: $draft, state: $state, created_at: $at}) CREATE (:AskEvent "
        "{ask_id: $id, seq: 1, state: $state, at: $at, note: ''})",
        {"at", "connector", "connector_id", "draft", "id", "owner", "path", "query", "reason",
         "state", "target", "target_id"},
    ),
    "ASKS": (
        "MATCH (a:Ask) WHERE $ids IS NULL OR a.id IN $ids OPTIONAL MATCH (e:AskEvent {ask_id:"
        " a.id}) WITH a, e ORDER BY e.seq WITH a, collect(e {.state, .at, .note}) AS history "
        "RETURN a.id AS id, a.owner AS owner, a.connector AS connector, a.target AS target, "
        "a.query AS query, a.path AS path, a.reason AS reason, a.draft AS draft, a.state AS "
        "state, history ORDER BY id",
        {"ids"},
    ),
    "ASK_STATE": (
        "MATCH (a:Ask {id: $id}) RETURN a.state AS state",
        {"id"},
    ),
    "SET_ASK_STATE": (
        "MATCH (a:Ask {id: $id}) MATCH (e:AskEvent {ask_id: $id}) WITH a, max(e.seq) AS last "
        "SET a.state = $state CREATE (:AskEvent {ask_id: $id, seq: last + 1, state: $state, "
        "at: $at, note: $note})",
        {"at", "id", "note", "state"},
    ),
    "COUNT_ASKS": (
        "RETURN COUNT { MATCH (:Ask) } AS asks, COUNT { MATCH (:AskEvent) } AS ask_events",
        set(),
    ),
    "DUMP_ASKS": (
        "MATCH (a:Ask) RETURN a.id AS id, a.owner AS owner, a.connector_id AS connector_id, "
        "a.target_id AS target_id, a.connector AS connector, a.target AS target, a.query AS "
        "query, a.path AS path, a.reason AS reason, a.draft AS draft, a.state AS state, "
        "a.created_at AS created_at",
        set(),
    ),
    "DUMP_ASK_EVENTS": (
        "MATCH (e:AskEvent) RETURN e.ask_id AS ask_id, e.seq AS seq, e.state AS state, e.at "
        "AS at, e.note AS note",
        set(),
    ),
    "SET_OWNER_SHARE": (
        "MATCH (o:Owner {name: $name}) SET o.share = $share RETURN o.name AS name",
        {"name", "share"},
    ),
    "OWNER_CONTACTS": (
        "MATCH (r:Record {owner: $owner})-[:OF]->(p:Person) RETURN p.id AS person_id, r.data "
        "AS data",
        {"owner"},
    ),
    "FORGET_REJECTS": (
        "MATCH (b:Batch {owner: $owner}) MATCH (j:Reject {batch_id: b.id}) DETACH DELETE j "
        "RETURN count(*) AS n",
        {"owner"},
    ),
    "FORGET_RECORDS": (
        "MATCH (r:Record {owner: $owner}) DETACH DELETE r RETURN count(*) AS n",
        {"owner"},
    ),
    "FORGET_BATCHES": (
        "MATCH (b:Batch {owner: $owner}) DETACH DELETE b RETURN count(*) AS n",
        {"owner"},
    ),
    "FORGET_OWNER": (
        "MATCH (o:Owner {name: $owner}) DETACH DELETE o RETURN count(*) AS n",
        {"owner"},
    ),
    "OWNER_BATCHES": (
        "MATCH (b:Batch {owner: $owner}) RETURN b.file AS file, b.format AS format, "
        "b.content_hash AS content_hash, b.records AS records, b.rejects AS rejects, "
        "b.imported_at AS imported_at ORDER BY file",
        {"owner"},
    ),
    "OWNER_RECORDS": (
        "MATCH (r:Record {owner: $owner}) OPTIONAL MATCH (r)-[:OF]->(p:Person) RETURN r.uid "
        "AS uid, r.file AS file, r.record AS record, p.id AS person_id, r.data AS data "
        "ORDER BY file, record",
        {"owner"},
    ),
    "OWNER_REJECTS": (
        "MATCH (b:Batch {owner: $owner}) MATCH (j:Reject {batch_id: b.id}) RETURN j.file AS "
        "file, j.record AS record, j.reason AS reason, j.raw AS raw ORDER BY file, record",
        {"owner"},
    ),
    "PERSON_TIES": (
        "MATCH (a:Person)-[k:KNOWS]->(b:Person) WHERE a.id = $id OR b.id = $id RETURN a.id "
        "AS a, b.id AS b, k.strength AS strength, k.evidence AS evidence ORDER BY a, b",
        {"id"},
    ),
    "SCHEMA[11]": (
        "CREATE CONSTRAINT optout_key IF NOT EXISTS FOR (x:OptOut) REQUIRE x.key IS UNIQUE",
        set(),
    ),
    "OPTOUTS": (
        "MATCH (x:OptOut) RETURN x.key AS key, x.label AS label, x.added_at AS added_at "
        "ORDER BY added_at, key",
        set(),
    ),
    "ADD_OPTOUTS": (
        "UNWIND $rows AS row MERGE (x:OptOut {key: row.key}) ON CREATE SET x.label = "
        "row.label, x.added_at = row.added_at",
        {"rows"},
    ),
    "REMOVE_OPTOUTS": (
        "MATCH (x:OptOut) WHERE x.key IN $keys DELETE x RETURN count(*) AS n",
        {"keys"},
    ),
    "PERSONS_WITH_KEYS": (
        "MATCH (p:Person) WHERE any(e IN p.emails WHERE 'e:' + e IN $keys) OR any(t IN "
        "p.phones WHERE 't:' + t IN $keys) RETURN p.id AS id",
        {"keys"},
    ),
    "RECORD_PERSONS": (
        "MATCH (r:Record)-[:OF]->(p:Person) RETURN p.id AS id, r.data AS data",
        set(),
    ),
    "PERSON_KEYS": (
        "MATCH (p:Person {id: $id}) OPTIONAL MATCH (r:Record)-[:OF]->(p) RETURN p.emails AS "
        "emails, p.phones AS phones, collect(r.data) AS records",
        {"id"},
    ),
    "FORGET_ASKS": (
        "MATCH (a:Ask {owner: $owner}) OPTIONAL MATCH (e:AskEvent {ask_id: a.id}) DETACH "
        "DELETE a, e RETURN count(DISTINCT a) AS n",
        {"owner"},
    ),
    "FORGET_DECISIONS": (
        "MATCH (d:Decision) WHERE d.a = 'owner:' + $owner OR d.b = 'owner:' + $owner OR "
        "EXISTS { MATCH (r:Record {owner: $owner}) WHERE r.uid IN [d.a, d.b] } DELETE d "
        "RETURN count(*) AS n",
        {"owner"},
    ),
    "SCHEMA[10]": (
        "CREATE INDEX tag_person IF NOT EXISTS FOR (t:Tag) ON (t.person_id)",
        set(),
    ),
    "ADD_TAGS": (
        "UNWIND $tags AS tag MERGE (t:Tag {person_id: $person_id, tag: tag, owner: $owner}) "
        "ON CREATE SET t.tagged_at = $tagged_at",
        {"owner", "person_id", "tagged_at", "tags"},
    ),
    "REMOVE_TAGS": (
        "MATCH (t:Tag {person_id: $person_id}) WHERE t.tag IN $tags AND ($owner IS NULL OR "
        "t.owner = $owner) DELETE t RETURN count(*) AS n",
        {"owner", "person_id", "tags"},
    ),
    "PERSON_TAGS": (
        "MATCH (t:Tag) WHERE t.person_id IN $ids RETURN t.person_id AS person_id, t.tag AS "
        "tag, t.owner AS owner ORDER BY person_id, tag, owner",
        {"ids"},
    ),
    "TAGGED_RECORDS": (
        "MATCH (t:Tag) WITH DISTINCT t.person_id AS person_id MATCH (r:Record)-[:OF]->(:Person "
        "{id: person_id}) RETURN r.uid AS uid, person_id",
        set(),
    ),
    "MOVE_TAGS": (
        "UNWIND $moves AS move MATCH (t:Tag {person_id: move.old}) SET t.person_id = move.new",
        {"moves"},
    ),
    "DEDUPE_TAGS": (
        "MATCH (t:Tag) WHERE t.person_id IN $ids WITH t.person_id AS person_id, t.tag AS tag, "
        "t.owner AS owner, collect(t) AS same WHERE size(same) > 1 UNWIND tail(same) AS extra "
        "DELETE extra",
        {"ids"},
    ),
    "PERSON_COUNT": (
        "MATCH (p:Person) RETURN count(p) AS n",
        set(),
    ),
    "ALL_PERSON_IDS": (
        "MATCH (p:Person) RETURN p.id AS id ORDER BY id",
        set(),
    ),
    "EXPERTISE_CANDIDATES": (
        "MATCH (r:Record)-[:OF]->(p:Person) WHERE any(w IN $words WHERE toLower(r.data) "
        "CONTAINS w) RETURN p.id AS id UNION MATCH (t:Tag) WHERE any(w IN $words WHERE t.tag "
        "CONTAINS w) MATCH (p:Person {id: t.person_id}) RETURN p.id AS id",
        {"words"},
    ),
    "EXPERTISE_PEOPLE": (
        "MATCH (p:Person) WHERE p.id IN $ids OPTIONAL MATCH (p)-[:WORKS_AT]->(o:Organization) "
        "RETURN p.id AS id, p.name AS name, p.title AS title, p.phones AS phones, o.name AS "
        "organization, o.domains AS domains",
        {"ids"},
    ),
    "EXPERTISE_RECORDS": (
        "MATCH (r:Record)-[:OF]->(p:Person) WHERE p.id IN $ids RETURN p.id AS id, r.owner"
        " AS owner, r.data AS data ORDER BY id, r.owner, r.file, r.record",
        {"ids"},
    ),
    "FORGET_TAGS": (
        "MATCH (t:Tag {owner: $owner}) DELETE t RETURN count(*) AS n",
        {"owner"},
    ),
    "DUMP_TAGS": (
        "MATCH (t:Tag) RETURN t.person_id AS person_id, t.tag AS tag, t.owner AS owner, "
        "t.tagged_at AS tagged_at",
        set(),
    ),
    "SCHEMA[12]": (
        "CREATE CONSTRAINT rating_id IF NOT EXISTS FOR (r:Rating) REQUIRE r.id IS UNIQUE",
        set(),
    ),
    "SCHEMA[13]": (
        "CREATE INDEX rating_owner IF NOT EXISTS FOR (r:Rating) ON (r.owner)",
        set(),
    ),
    "SCHEMA[14]": (
        "CREATE CONSTRAINT interaction_file_id IF NOT EXISTS FOR (f:InteractionFile) "
        "REQUIRE f.id IS UNIQUE",
        set(),
    ),
    "SCHEMA[15]": (
        "CREATE CONSTRAINT interaction_file_owner_file IF NOT EXISTS FOR "
        "(f:InteractionFile) REQUIRE (f.owner, f.file) IS UNIQUE",
        set(),
    ),
    "SCHEMA[16]": (
        "CREATE INDEX interaction_file IF NOT EXISTS FOR (i:Interaction) ON (i.file_id)",
        set(),
    ),
    "SCHEMA[17]": (
        "CREATE INDEX interaction_reject_file IF NOT EXISTS FOR (j:InteractionReject) ON "
        "(j.file_id)",
        set(),
    ),
    "RATING_TARGET": (
        "MATCH (p:Person {id: $id}) OPTIONAL MATCH (r:Record)-[:OF]->(p) RETURN p.emails AS "
        "emails, p.phones AS phones, p.owner AS owner, collect(r.uid) AS uids",
        {"id"},
    ),
    "OWNER_RATINGS": (
        "MATCH (r:Rating {owner: $owner}) RETURN r.id AS id, r.keys AS keys, r.stars AS "
        "stars ORDER BY id",
        {"owner"},
    ),
    "DELETE_RATING": (
        "MATCH (r:Rating {id: $id}) DELETE r",
        {"id"},
    ),
    "NEXT_RATING_ID": (
        "MATCH (r:Rating) RETURN coalesce(max(r.id), 0) + 1 AS id",
        set(),
    ),
    "INSERT_RATINGS": (
        "UNWIND $rows AS row CREATE (:Rating {id: row.id, owner: row.owner, keys: row.keys, "
        "stars: row.stars, rated_on: row.rated_on})",
        {"rows"},
    ),
    "GET_INTERACTION_FILE": (
        "MATCH (f:InteractionFile {owner: $owner, file: $file}) RETURN f.id AS id, "
        "f.content_hash AS content_hash, f.rows AS rows, f.format AS format, f.addresses AS "
        "addresses",
        {"file", "owner"},
    ),
    "INTERACTION_FILE_REJECTS": (
        "MATCH (j:InteractionReject {file_id: $file_id}) RETURN j.file AS file, j.record AS "
        "record, j.reason AS reason ORDER BY record",
        {"file_id"},
    ),
    "DELETE_FILE_INTERACTIONS": (
        "MATCH (i:Interaction {file_id: $file_id}) DELETE i",
        {"file_id"},
    ),
    "DELETE_FILE_INTERACTION_REJECTS": (
        "MATCH (j:InteractionReject {file_id: $file_id}) DELETE j",
        {"file_id"},
    ),
    "UPDATE_INTERACTION_FILE": (
        "MATCH (f:InteractionFile {id: $id}) SET f.format = $format, f.content_hash = "
        "$content_hash, f.rows = $rows, f.rejects = $rejects, f.addresses = $addresses, "
        "f.imported_at = $imported_at",
        {"addresses", "content_hash", "format", "id", "imported_at", "rejects", "rows"},
    ),
    "NEXT_INTERACTION_FILE_ID": (
        "MATCH (f:InteractionFile) RETURN coalesce(max(f.id), 0) + 1 AS id",
        set(),
    ),
    "INSERT_INTERACTION_FILES": (
        "UNWIND $rows AS row CREATE (:InteractionFile {id: row.id, owner: row.owner, file: "
        "row.file, format: row.format, content_hash: row.content_hash, rows: row.rows, "
        "rejects: row.rejects, addresses: row.addresses, imported_at: row.imported_at})",
        {"rows"},
    ),
    "INSERT_INTERACTIONS": (
        "UNWIND $rows AS row CREATE (:Interaction {file_id: row.file_id, owner: row.owner, "
        "record: row.record, at: row.at, sender: row.sender, recipients: row.recipients, "
        "channel: row.channel})",
        {"rows"},
    ),
    "INSERT_INTERACTION_REJECTS": (
        "UNWIND $rows AS row CREATE (:InteractionReject {file_id: row.file_id, owner: "
        "row.owner, file: row.file, record: row.record, reason: row.reason})",
        {"rows"},
    ),
    "TIE_RATINGS": (
        "MATCH (r:Rating) RETURN r.owner AS owner, r.keys AS keys, r.stars AS stars ORDER "
        "BY r.id",
        set(),
    ),
    "TIE_MESSAGES": (
        "MATCH (i:Interaction) RETURN i.owner AS owner, i.at AS at, i.sender AS sender, "
        "i.recipients AS recipients, i.channel AS channel ORDER BY i.file_id, i.record",
        set(),
    ),
    "OWNER_ADDRESSES": (
        "MATCH (f:InteractionFile) RETURN f.owner AS owner, f.addresses AS addresses ORDER "
        "BY f.id",
        set(),
    ),
    "INSERT_MEMBERSHIPS": (
        "UNWIND $rows AS row MATCH (p:Person {id: row.person_id}) MATCH (o:Organization "
        "{id: row.org_id}) CREATE (p)-[:MEMBER_OF {current: row.current, size: row.size, "
        "owners: row.owners, cost: row.cost}]->(o)",
        {"rows"},
    ),
    "MEMBERSHIPS": (
        "MATCH (p:Person)-[m:MEMBER_OF]->(o:Organization) RETURN p.id AS person_id, o.id AS "
        "org_id, m.current AS current, m.size AS size, m.owners AS owners ORDER BY "
        "person_id, org_id",
        set(),
    ),
    "MEMBERSHIP": (
        "MATCH (:Person {id: $person_id})-[m:MEMBER_OF]->(:Organization {id: $org_id}) "
        "RETURN m.current AS current, m.size AS size",
        {"org_id", "person_id"},
    ),
    "ORG_NAME": (
        "MATCH (o:Organization {id: $id}) RETURN o.name AS name",
        {"id"},
    ),
    "COUNT_EVIDENCE": (
        "RETURN COUNT { MATCH (:Rating) } AS ratings, COUNT { MATCH (:InteractionFile) } AS "
        "interaction_files, COUNT { MATCH (:Interaction) } AS interactions, COUNT { MATCH "
        "(:InteractionReject) } AS interaction_rejects, COUNT { MATCH "
        "(:Person)-[:MEMBER_OF]->(:Organization) } AS memberships, COUNT { MATCH (:Tag) } "
        "AS person_tags, COUNT { MATCH (:OptOut) } AS optouts",
        set(),
    ),
    "DUMP_RATINGS": (
        "MATCH (r:Rating) RETURN r.id AS id, r.owner AS owner, r.keys AS keys, r.stars AS "
        "stars, r.rated_on AS rated_on",
        set(),
    ),
    "DUMP_INTERACTION_FILES": (
        "MATCH (f:InteractionFile) RETURN f.id AS id, f.owner AS owner, f.file AS file, "
        "f.format AS format, f.content_hash AS content_hash, f.rows AS rows, f.rejects AS "
        "rejects, f.addresses AS addresses, f.imported_at AS imported_at",
        set(),
    ),
    "DUMP_INTERACTIONS": (
        "MATCH (i:Interaction) RETURN i.file_id AS file_id, i.owner AS owner, i.record AS "
        "record, i.at AS at, i.sender AS sender, i.recipients AS recipients, i.channel AS "
        "channel",
        set(),
    ),
    "DUMP_INTERACTION_REJECTS": (
        "MATCH (j:InteractionReject) RETURN j.file_id AS file_id, j.owner AS owner, j.file "
        "AS file, j.record AS record, j.reason AS reason",
        set(),
    ),
    "FORGET_RATINGS": (
        "MATCH (r:Rating {owner: $owner}) DELETE r RETURN count(*) AS n",
        {"owner"},
    ),
    "FORGET_INTERACTION_REJECTS": (
        "MATCH (j:InteractionReject {owner: $owner}) DELETE j RETURN count(*) AS n",
        {"owner"},
    ),
    "FORGET_INTERACTIONS": (
        "MATCH (i:Interaction {owner: $owner}) DELETE i RETURN count(*) AS n",
        {"owner"},
    ),
    "FORGET_INTERACTION_FILES": (
        "MATCH (f:InteractionFile {owner: $owner}) DELETE f RETURN count(*) AS n",
        {"owner"},
    ),
    "HELD_INPUTS": (
        "RETURN COUNT { MATCH (:Owner) } AS owners, COUNT { MATCH (:Batch) } AS batches, "
        "COUNT { MATCH (:Record) } AS records, COUNT { MATCH (:Reject) } AS rejects, COUNT "
        "{ MATCH (:Decision) } AS identity_decisions, COUNT { MATCH (:Rating) } AS ratings, "
        "COUNT { MATCH (:InteractionFile) } AS interaction_files, COUNT { MATCH "
        "(:Interaction) } AS interactions, COUNT { MATCH (:InteractionReject) } AS "
        "interaction_rejects, COUNT { MATCH (:Tag) } AS person_tags, COUNT { MATCH "
        "(:OptOut) } AS optouts, COUNT { MATCH (:Ask) } AS asks, COUNT { MATCH (:AskEvent) "
        "} AS ask_events",
        set(),
    ),
    "INSERT_OWNERS": (
        "UNWIND $rows AS row CREATE (:Owner {name: row.name, display_name: "
        "row.display_name, emails: row.emails, phones: row.phones, region: row.region, "
        "share: row.share})",
        {"rows"},
    ),
    "INSERT_BATCHES": (
        "UNWIND $rows AS row CREATE (:Batch {id: row.id, owner: row.owner, file: row.file, "
        "format: row.format, content_hash: row.content_hash, records: row.records, rejects: "
        "row.rejects, imported_at: row.imported_at})",
        {"rows"},
    ),
    "INSERT_TAGS": (
        "UNWIND $rows AS row CREATE (:Tag {person_id: row.person_id, tag: row.tag, owner: "
        "coalesce(row.owner, ''), tagged_at: row.tagged_at})",
        {"rows"},
    ),
    "INSERT_ASKS": (
        "UNWIND $rows AS row CREATE (:Ask {id: row.id, owner: row.owner, connector_id: "
        "row.connector_id, target_id: row.target_id, connector: row.connector, target: "
        "row.target, query: row.query, path: row.path, reason: row.reason, draft: "
        "row.draft, state: row.state, created_at: row.created_at})",
        {"rows"},
    ),
    "INSERT_ASK_EVENTS": (
        "UNWIND $rows AS row CREATE (:AskEvent {ask_id: row.ask_id, seq: row.seq, state: "
        "row.state, at: row.at, note: row.note})",
        {"rows"},
    ),
    "CHECK_BATCHES": (
        "MATCH (b:Batch) RETURN b.id AS id, b.owner AS owner, b.file AS file, b.records AS "
        "said, COUNT { MATCH (r:Record {batch_id: b.id}) } AS held, b.rejects AS "
        "said_rejects, COUNT { MATCH (j:Reject {batch_id: b.id}) } AS held_rejects ORDER BY "
        "id",
        set(),
    ),
    "CHECK_RECORDS": (
        "MATCH (r:Record) OPTIONAL MATCH (b:Batch {id: r.batch_id}) RETURN r.uid AS uid, "
        "r.owner AS owner, r.batch_id AS batch_id, b.owner AS batch_owner ORDER BY uid",
        set(),
    ),
    "GDS_PRESENT": (
        "SHOW PROCEDURES YIELD name WHERE name = $procedure RETURN count(*) AS n",
        {"procedure"},
    ),
    "GDS_PROJECT": (
        "MATCH (a)-[r:KNOWS|MEMBER_OF]->(b) WHERE r.cost IS NOT NULL WITH a, b, r, CASE "
        "WHEN a:Organization THEN 'org:' + a.id ELSE a.id END AS x, CASE WHEN "
        "b:Organization THEN 'org:' + b.id ELSE b.id END AS y WHERE NOT x IN $blocked AND "
        "NOT y IN $blocked WITH a, b, r, CASE WHEN x < y THEN x + '|' + y ELSE y + '|' + x "
        "END AS key WHERE NOT key IN $dropped WITH gds.graph.project($graph, a, b, "
        "{relationshipProperties: {cost: coalesce($reweight[key], r.cost)}}, "
        "{undirectedRelationshipTypes: ['*']}) AS g RETURN g.graphName AS graph, "
        "g.relationshipCount AS relationships",
        {"blocked", "dropped", "graph", "reweight"},
    ),
    "GDS_YENS": (
        "UNWIND $pairs AS pair MATCH (s:Person {id: pair[0]}) MATCH (t:Person {id: "
        "pair[1]}) CALL gds.shortestPath.yens.stream($graph, {sourceNode: s, targetNode: t, "
        "k: $k, relationshipWeightProperty: 'cost'}) YIELD totalCost, nodeIds RETURN [n IN "
        "gds.util.asNodes(nodeIds) | CASE WHEN n:Organization THEN 'org:' + n.id ELSE n.id "
        "END] AS ids, totalCost AS cost",
        {"graph", "k", "pairs"},
    ),
    "GDS_DROP": (
        "CALL gds.graph.drop($graph, false) YIELD graphName RETURN graphName",
        {"graph"},
    ),
}

# The in-database path search, one statement per hop limit: a variable-length bound cannot be a
# parameter, so the limit is part of the text (only ints 1..6 are accepted).
PATH_CANDIDATES = (
    "MATCH (s:Person) WHERE s.id IN $sources AND NOT s.id IN $blocked MATCH p = "
    "(s)-[:KNOWS|MEMBER_OF*1..{hops}]-(t:Person) WHERE t.id IN $targets AND NOT t.id IN "
    "$sources AND NOT t.id IN $blocked AND all(r IN relationships(p) WHERE r.cost IS NOT "
    "NULL) WITH p, [n IN nodes(p) | CASE WHEN n:Organization THEN 'org:' + n.id ELSE n.id "
    "END] AS ids WHERE all(i IN range(1, size(ids) - 2) WHERE NOT ids[i] IN $blocked AND NOT "
    "ids[i] IN $sources AND NOT ids[i] IN ids[i + 1..]) WITH p, ids, [i IN range(0, size(ids) "
    "- 2) | CASE WHEN ids[i] < ids[i + 1] THEN ids[i] + '|' + ids[i + 1] ELSE ids[i + 1] + "
    "'|' + ids[i] END] AS keys WHERE none(key IN keys WHERE key IN $dropped) WITH ids, "
    "reduce(c = 0.0, i IN range(0, size(keys) - 1) | c + coalesce($reweight[keys[i]], "
    "relationships(p)[i].cost)) AS cost RETURN ids, cost ORDER BY cost, size(ids), reverse(ids) "
    "LIMIT $limit"
)
PINNED.update({
    f"path_candidates({hops})": (
        PATH_CANDIDATES.replace("{hops}", str(hops)),
        {"sources", "targets", "blocked", "dropped", "reweight", "limit"},
    )
    for hops in range(1, 7)
})


def test_every_query_is_pinned():
    assert set(QUERIES) == set(PINNED)


@pytest.mark.parametrize("name", sorted(PINNED))
def test_query_text_and_parameters_are_pinned(name):
    text, params = PINNED[name]
    assert QUERIES[name].text == text
    assert QUERIES[name].params == params


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_parameter_used_is_declared_and_every_declared_one_used(name):
    query = QUERIES[name]
    assert set(re.findall(r"\$(\w+)", query.text)) == query.params


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_labels_and_relationship_types_come_from_the_allow_lists(name):
    text = QUERIES[name].text
    assert set(re.findall(r"\(\w*:(\w+)", text)) <= LABELS
    assert set(re.findall(r"\[\w*:(\w+)", text)) <= REL_TYPES


@pytest.mark.parametrize("build", [cypher.delete_nodes, cypher.count_nodes])
def test_builders_refuse_a_label_outside_the_allow_list(build):
    assert build("Person").text.startswith("MATCH (n:Person)")
    with pytest.raises(ValueError, match="not one of the store's labels"):
        build("Person) DETACH DELETE n //")


@pytest.mark.parametrize("hops", [0, 7, "4) DETACH DELETE n //", 2.0, True])
def test_the_path_search_takes_only_a_hop_limit_from_one_to_six(hops):
    with pytest.raises(ValueError, match="hops must be an int from 1 to 6"):
        cypher.path_candidates(hops)


def test_people_query_limits_only_when_asked():
    assert cypher.people_query(False) is cypher.PEOPLE
    assert cypher.people_query(True).text.endswith("LIMIT $limit")


def _lint(queries: dict[str, tuple[str, set[str]]]) -> dict[str, list[dict]]:
    payload = {n: {"query": t, "params": sorted(p)} for n, (t, p) in queries.items()}
    done = subprocess.run(
        ["node", str(LINTER)], input=json.dumps(payload), capture_output=True, text=True,
        env={**os.environ, "CYPHER_NODE_MODULES": str(NODE_MODULES)}, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


needs_linter = pytest.mark.skipif(
    shutil.which("node") is None
    or not (NODE_MODULES / "@neo4j-cypher" / "language-support").is_dir(),
    reason="node or @neo4j-cypher/language-support is not installed "
    "(npm install --prefix .ci/node @neo4j-cypher/language-support@2.0.0-next.38)",
)


@needs_linter
def test_every_query_passes_the_cypher_linter():
    found = _lint({n: (q.text, q.params) for n, q in QUERIES.items()})
    assert set(found) == set(QUERIES)
    assert {n: d for n, d in found.items() if d} == {}


@needs_linter
def test_the_linter_does_catch_mistakes():
    found = _lint({
        "undeclared": ("MATCH (p:Person {id: $id}) RETURN p", set()),
        "broken": ("MATCH (p:Person RETURN p", set()),
    })
    assert "Parameter $id is not defined" in found["undeclared"][0]["message"]
    assert found["broken"]
