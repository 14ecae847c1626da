-- intrograph embedded store, schema version 2 (PRAGMA user_version).
-- Records, owners and batches are the system of record; persons, organizations, ties and
-- record_person are derived from them inside the same transaction (see graph/derive.py).

CREATE TABLE owners (
    name         TEXT PRIMARY KEY,
    display_name TEXT NOT NULL DEFAULT '',
    emails       TEXT NOT NULL DEFAULT '[]',   -- JSON list
    phones       TEXT NOT NULL DEFAULT '[]',   -- JSON list
    region       TEXT NOT NULL DEFAULT 'US',
    share        TEXT NOT NULL DEFAULT 'all'
);

-- One row per (owner, file name): a newer export under the same name replaces the older one.
CREATE TABLE batches (
    id           INTEGER PRIMARY KEY,
    owner        TEXT NOT NULL REFERENCES owners(name),
    file         TEXT NOT NULL,
    format       TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    records      INTEGER NOT NULL,
    rejects      INTEGER NOT NULL,
    imported_at  TEXT NOT NULL,
    UNIQUE (owner, file)
);

CREATE TABLE records (
    uid       TEXT PRIMARY KEY,
    owner     TEXT NOT NULL REFERENCES owners(name),
    batch_id  INTEGER NOT NULL REFERENCES batches(id),
    file      TEXT NOT NULL,
    record    INTEGER NOT NULL,
    data      TEXT NOT NULL                    -- the ContactRecord as JSON
);
CREATE INDEX records_batch ON records(batch_id);
CREATE INDEX records_owner ON records(owner);

CREATE TABLE rejects (
    batch_id INTEGER NOT NULL REFERENCES batches(id),
    file     TEXT NOT NULL,
    record   INTEGER NOT NULL,
    reason   TEXT NOT NULL,
    raw      TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX rejects_batch ON rejects(batch_id);

-- Derived tables: rewritten whole by derive() whenever records or owners change.
CREATE TABLE organizations (
    id      TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    norm    TEXT NOT NULL,
    domains TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX organizations_norm ON organizations(norm);
CREATE TABLE org_domains (
    domain TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organizations(id)
);
CREATE TABLE persons (
    id     TEXT PRIMARY KEY,
    name   TEXT NOT NULL,
    emails TEXT NOT NULL DEFAULT '[]',
    phones TEXT NOT NULL DEFAULT '[]',
    org_id TEXT REFERENCES organizations(id),
    title  TEXT,
    owner  TEXT
);
CREATE INDEX persons_org ON persons(org_id);
CREATE INDEX persons_owner ON persons(owner);
CREATE TABLE person_keys (
    key       TEXT NOT NULL,                   -- 'e:' email or 't:' E.164 phone
    person_id TEXT NOT NULL REFERENCES persons(id),
    PRIMARY KEY (key, person_id)
) WITHOUT ROWID;
CREATE TABLE record_person (
    uid       TEXT PRIMARY KEY REFERENCES records(uid),
    person_id TEXT NOT NULL REFERENCES persons(id)
) WITHOUT ROWID;
CREATE INDEX record_person_person ON record_person(person_id);
CREATE TABLE ties (
    a        TEXT NOT NULL REFERENCES persons(id),
    b        TEXT NOT NULL REFERENCES persons(id),
    strength REAL NOT NULL CHECK (strength > 0 AND strength <= 1),
    evidence TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (a, b),
    CHECK (a < b)
) WITHOUT ROWID;

-- The ties again, as the compact arrays path search reads (graph/compact.py), rewritten with
-- them in the same transaction so a query loads one blob instead of rebuilding a graph.
CREATE TABLE search_graph (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    data BLOB NOT NULL
);
