-- Version 7: people who asked never to be routed to or through (intrograph optout). Keyed by a
-- normalised strong key ('e:' email, 't:' E.164 phone, 'l:' LinkedIn URL) rather than a person
-- id, because person ids change when records merge or split; keys survive any re-import.
CREATE TABLE optouts (
    key      TEXT PRIMARY KEY,
    label    TEXT NOT NULL DEFAULT '',          -- what was asked for, so `optout --list` reads
    added_at TEXT NOT NULL
) WITHOUT ROWID;
