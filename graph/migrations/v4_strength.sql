-- Version 4: what owners know beyond their address books, for tie strength (graph/strength.py):
-- ratings (intrograph rate) and interaction history (intrograph interactions). Every table has
-- an owner column, so forgetting an owner deletes their rows with `WHERE owner = ?`.
-- Persons are derived and their ids can change, so a rating is pinned to keys that find the
-- person again (emails, phones, record uids) and interactions keep addresses, never ids.
CREATE TABLE ratings (
    id       INTEGER PRIMARY KEY,
    owner    TEXT NOT NULL REFERENCES owners(name),
    keys     TEXT NOT NULL,                    -- JSON list: 'e:' email, 't:' phone, 'r:' uid
    stars    INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
    rated_on TEXT NOT NULL
);
CREATE INDEX ratings_owner ON ratings(owner);

-- One row per (owner, file name), as batches: a newer export under the same name replaces it.
CREATE TABLE interaction_files (
    id           INTEGER PRIMARY KEY,
    owner        TEXT NOT NULL REFERENCES owners(name),
    file         TEXT NOT NULL,
    format       TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    rows         INTEGER NOT NULL,
    rejects      INTEGER NOT NULL,
    addresses    TEXT NOT NULL DEFAULT '[]',   -- JSON: the owner's own addresses in this file
    imported_at  TEXT NOT NULL,
    UNIQUE (owner, file)
);
-- Headers only: when, who wrote, who received. No subject, no body.
CREATE TABLE interactions (
    file_id    INTEGER NOT NULL REFERENCES interaction_files(id),
    owner      TEXT NOT NULL REFERENCES owners(name),
    record     INTEGER NOT NULL,               -- position in the file: row, message or event
    at         TEXT NOT NULL,                  -- ISO 8601, UTC
    sender     TEXT NOT NULL,                  -- normalised address
    recipients TEXT NOT NULL,                  -- JSON list of normalised addresses
    channel    TEXT NOT NULL
);
CREATE INDEX interactions_file ON interactions(file_id);
CREATE INDEX interactions_owner ON interactions(owner);
CREATE TABLE interaction_rejects (
    file_id INTEGER NOT NULL REFERENCES interaction_files(id),
    owner   TEXT NOT NULL REFERENCES owners(name),
    file    TEXT NOT NULL,
    record  INTEGER NOT NULL,
    reason  TEXT NOT NULL
);
CREATE INDEX interaction_rejects_file ON interaction_rejects(file_id);

-- Derived, like persons: who works or worked where, rewritten by every derive(). Path search
-- reaches colleagues through one edge per membership (graph/colleagues.py), not one per pair.
CREATE TABLE memberships (
    person_id TEXT NOT NULL REFERENCES persons(id),
    org_id    TEXT NOT NULL REFERENCES organizations(id),
    current   INTEGER NOT NULL,
    size      INTEGER NOT NULL,
    owners    TEXT NOT NULL DEFAULT '[]',  -- JSON: whose records say so (privacy masks by it)
    PRIMARY KEY (person_id, org_id)
) WITHOUT ROWID;
