-- Version 5: what an owner knows about a contact that no export says (intrograph tag).
-- Keyed by person id, not by record: a tag is about the human, whichever books hold them.
-- No foreign key to persons, because derive() rewrites persons whole on every import; a tag
-- whose person id disappears is kept (the id may come back) and simply matches nobody.
CREATE TABLE person_tags (
    person_id TEXT NOT NULL,
    tag       TEXT NOT NULL,                   -- lower-case, single spaces
    owner     TEXT,                            -- who tagged (--as / INTROGRAPH_AS), else NULL
    tagged_at TEXT NOT NULL
);
-- NULL owners compare distinct in a plain UNIQUE constraint; the expression makes one
-- anonymous tag per person and text.
CREATE UNIQUE INDEX person_tags_unique ON person_tags(person_id, tag, coalesce(owner, ''));

-- A word index over what each person's records say about their work (titles, departments,
-- organisations, notes, labels, CRM/LinkedIn columns), so `expert` finds the people worth
-- scoring without reading every record. Derived and rebuilt lazily: derive() rewrites
-- search_graph once per change, and that marks the index stale; the next expert query rebuilds
-- it (graph/sqlite_store.py, _expertise_index_ready).
CREATE VIRTUAL TABLE expertise_index USING fts5(
    person_id UNINDEXED,
    body,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '3'
);
CREATE TABLE expertise_state (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    stale INTEGER NOT NULL
);
INSERT INTO expertise_state (id, stale) VALUES (1, 1);
CREATE TRIGGER IF NOT EXISTS expertise_stale_on_derive AFTER INSERT ON search_graph
BEGIN
    UPDATE expertise_state SET stale = 1;
END;
