-- Version 6: intro requests ("asks") and the states each went through (intrograph ask / asks /
-- followups). Connector and target are person ids, with the names as they stood when asked, so
-- an ask still reads right after a re-import resolves people differently.
CREATE TABLE asks (
    id           INTEGER PRIMARY KEY,
    owner        TEXT NOT NULL,                   -- the owner who asks
    connector_id TEXT NOT NULL,                   -- a person id
    target_id    TEXT NOT NULL,                   -- a person id
    connector    TEXT NOT NULL,                   -- JSON PersonRef as when asked
    target       TEXT NOT NULL,                   -- JSON PersonRef as when asked
    query        TEXT NOT NULL,                   -- what the owner asked for
    path         TEXT NOT NULL DEFAULT '[]',      -- JSON list of PersonRef, owner first
    reason       TEXT NOT NULL DEFAULT '',
    draft        TEXT NOT NULL,
    state        TEXT NOT NULL,                   -- the last event's state, kept for filtering
    created_at   TEXT NOT NULL
);
CREATE INDEX asks_connector ON asks(connector_id);
CREATE INDEX asks_target ON asks(target_id);
CREATE INDEX asks_state ON asks(state);
CREATE TABLE ask_events (
    ask_id INTEGER NOT NULL REFERENCES asks(id),
    seq    INTEGER NOT NULL,                      -- 1 for drafted, then one per update
    state  TEXT NOT NULL,
    at     TEXT NOT NULL,                         -- ISO timestamp with its UTC offset
    note   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (ask_id, seq)
);
