-- Each record's facts (graph/factcache.py): what derive() reads, kept so that a re-derive does
-- not normalise every unchanged record again. NULL means "work them out again".
ALTER TABLE records ADD COLUMN facts TEXT;
-- Small settings the store keeps about itself; 'facts_key' says which code wrote the facts.
CREATE TABLE store_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
