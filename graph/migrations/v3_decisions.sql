-- Version 3: identity decisions a person made by hand (intrograph merge / split), which every
-- later derive() respects. Keyed by record uids, which survive re-imports of the same contact.
CREATE TABLE identity_decisions (
    id       INTEGER PRIMARY KEY,
    kind     TEXT NOT NULL CHECK (kind IN ('merge', 'split')),
    a        TEXT NOT NULL,                    -- a record uid
    b        TEXT NOT NULL,                    -- a record uid
    made_at  TEXT NOT NULL,
    UNIQUE (kind, a, b)
);
