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
