"""The embedded store's side of strength evidence: ratings and interaction history in SQLite.

The tables are schema step 4 (``graph/migrations/v4_strength.sql``). These functions run inside
the transaction :class:`~intrograph.graph.sqlite_store.SQLiteStore` opened, and say whether
anything changed, so the store re-derives ties only when it must.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from intrograph.errors import InputError, NotFound
from intrograph.graph.ties import Message, Rating, TieInputs
from intrograph.models import InteractionLoad, InteractionSummary, Reject

__all__ = ["PendingInteractions", "import_interactions", "rate", "tie_inputs"]


@dataclass
class PendingInteractions:
    """An interaction file on its way in: parsed only if its content is new to the store."""

    file: str
    content_hash: str
    parse: Callable[[], InteractionLoad]


def _require_owner(db: sqlite3.Connection, owner: str) -> None:
    if db.execute("SELECT 1 FROM owners WHERE name = ?", (owner,)).fetchone() is None:
        names = [r[0] for r in db.execute("SELECT name FROM owners")]
        raise NotFound(f"no owner called {owner!r}; import their contacts first",
                       candidates=difflib.get_close_matches(owner, names, n=3))


def rate(db: sqlite3.Connection, owner: str, person_id: str, stars: int,
         today: dt.date) -> bool:
    """Store ``owner``'s rating of the tie to ``person_id``; return True if it changed.

    The rating is pinned to the person's emails, phones and record uids, so it follows them
    through re-imports and identity changes; a new rating of the same person replaces the old.
    """
    if not 1 <= stars <= 5:
        raise InputError(f"a rating is 1 to 5, not {stars}")
    _require_owner(db, owner)
    if db.execute("SELECT 1 FROM persons WHERE id = ?", (person_id,)).fetchone() is None:
        raise NotFound(f"no person with id {person_id!r}")
    me = db.execute("SELECT id FROM persons WHERE owner = ?", (owner,)).fetchone()
    if me and me[0] == person_id:
        raise InputError(f"{owner} cannot rate a tie to themselves")
    keys = [k for (k,) in db.execute(
        "SELECT key FROM person_keys WHERE person_id = ? ORDER BY key", (person_id,))]
    keys += [f"r:{u}" for (u,) in db.execute(
        "SELECT uid FROM record_person WHERE person_id = ? ORDER BY uid", (person_id,))]
    keys = keys or [f"p:{person_id}"]
    wanted = set(keys)
    for rid, old_keys, old_stars in db.execute(
            "SELECT id, keys, stars FROM ratings WHERE owner = ?", (owner,)).fetchall():
        if wanted.intersection(json.loads(old_keys)):
            if old_stars == stars and json.loads(old_keys) == keys:
                return False
            db.execute("DELETE FROM ratings WHERE id = ?", (rid,))
    db.execute("INSERT INTO ratings (owner, keys, stars, rated_on) VALUES (?, ?, ?, ?)",
               (owner, json.dumps(keys), stars, today.isoformat()))
    return True


def import_interactions(
    db: sqlite3.Connection, owner: str, pending: PendingInteractions
) -> tuple[InteractionSummary, bool]:
    """Store one interaction file of ``owner``'s; return its summary and whether it changed.

    The same content again is a no-op; a new content under the same file name replaces the
    old rows whole.
    """
    _require_owner(db, owner)
    row = db.execute(
        "SELECT id, content_hash, rows, format, addresses FROM interaction_files "
        "WHERE owner = ? AND file = ?", (owner, pending.file)).fetchone()
    if row is not None and row[1] == pending.content_hash:
        rejects = [Reject(file=f, record=r, reason=why) for f, r, why in db.execute(
            "SELECT file, record, reason FROM interaction_rejects WHERE file_id = ? "
            "ORDER BY record", (row[0],))]
        return InteractionSummary(owner=owner, file=pending.file, format=row[3],
                                  interactions=row[2], rejects=rejects, unchanged=True,
                                  addresses=json.loads(row[4])), False
    load = pending.parse()
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    fields = (load.format, pending.content_hash, len(load.interactions), len(load.rejects),
              json.dumps(sorted(load.addresses)), now)
    replaced = 0
    if row is not None:
        file_id, replaced = row[0], row[2]
        db.execute("DELETE FROM interactions WHERE file_id = ?", (file_id,))
        db.execute("DELETE FROM interaction_rejects WHERE file_id = ?", (file_id,))
        db.execute("UPDATE interaction_files SET format = ?, content_hash = ?, rows = ?, "
                   "rejects = ?, addresses = ?, imported_at = ? WHERE id = ?",
                   (*fields, file_id))
    else:
        file_id = db.execute(
            "INSERT INTO interaction_files (format, content_hash, rows, rejects, addresses, "
            "imported_at, owner, file) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (*fields, owner, pending.file)).lastrowid
    db.executemany(
        "INSERT INTO interactions (file_id, owner, record, at, sender, recipients, channel) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        ((file_id, owner, i.record, i.when.isoformat(), i.sender, json.dumps(i.to), i.channel)
         for i in load.interactions))
    db.executemany(
        "INSERT INTO interaction_rejects (file_id, owner, file, record, reason) "
        "VALUES (?, ?, ?, ?, ?)",
        ((file_id, owner, r.file, r.record, r.reason) for r in load.rejects))
    summary = InteractionSummary(owner=owner, file=load.file, format=load.format,
                                 interactions=len(load.interactions), rejects=load.rejects,
                                 replaced=replaced, addresses=sorted(load.addresses))
    return summary, True


def tie_inputs(db: sqlite3.Connection, today: dt.date | None) -> TieInputs:
    """Return the ratings, interactions and owners' own addresses ties are scored with."""
    inputs = TieInputs()
    if today is not None:
        inputs.as_of = today
    inputs.ratings = [Rating(owner=o, keys=tuple(json.loads(k)), stars=s)
                      for o, k, s in db.execute("SELECT owner, keys, stars FROM ratings")]
    inputs.messages = [
        Message(owner=o, when=dt.datetime.fromisoformat(at), sender=s,
                to=tuple(json.loads(r)), channel=c)
        for o, at, s, r, c in db.execute(
            "SELECT owner, at, sender, recipients, channel FROM interactions")
    ]
    addresses: dict[str, set[str]] = {}
    for o, a in db.execute("SELECT owner, addresses FROM interaction_files"):
        addresses.setdefault(o, set()).update(json.loads(a))
    inputs.addresses = {o: frozenset(a) for o, a in addresses.items()}
    return inputs
