-- Version 3: identity decisions made by hand (intrograph merge / split), which every later
-- derive() respects, and why each person is one person.
-- Decisions name record uids (or 'owner:<name>'), which survive re-imports of the same contact:
--   merge  a, b    the records' people are one person, whatever the evidence says
--   split  a, b    the two records are never one person (a was split away from b)
--   keep_id a, b   the person holding record a keeps the id b (so merge and split move no ids
--                  other than the ones they must)
CREATE TABLE identity_decisions (
    id       INTEGER PRIMARY KEY,
    kind     TEXT NOT NULL CHECK (kind IN ('merge', 'split', 'keep_id')),
    a        TEXT NOT NULL,
    b        TEXT NOT NULL,
    made_at  TEXT NOT NULL,
    UNIQUE (kind, a, b)
);

-- The keys, scores and decisions that joined a person's records, as a JSON list of sentences.
ALTER TABLE persons ADD COLUMN why TEXT NOT NULL DEFAULT '[]';
