"""What a failed SQLite call means for the person at the keyboard, as a :class:`StoreError`.

SQLite reports a full disk, a read-only file, a lock held too long or a damaged file as
``sqlite3.OperationalError``/``DatabaseError`` with terse texts ("database or disk is full",
"unable to open database file"). :func:`store_fault` turns them into one sentence that says
what happened, that nothing was changed (every write is one transaction, rolled back), and what
to do. The result codes are SQLite's primary codes (https://www.sqlite.org/rescode.html).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from intrograph.errors import StoreError

__all__ = ["store_fault"]

SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26

_UNCHANGED = "nothing was changed"


def _code(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    # Extended codes carry the primary code in their low byte (SQLITE_READONLY_DBMOVED = 1032).
    return code & 0xFF if isinstance(code, int) else None


def _read_only(path: Path) -> bool:
    """Return True when the store or its folder cannot be written by this process.

    SQLite in WAL mode creates ``NAME-wal`` and ``NAME-shm`` beside the store even to read, so a
    read-only folder is as fatal as a read-only file.
    """
    folder = path.parent if str(path.parent) else Path(".")
    return (path.exists() and not os.access(path, os.W_OK)) or not os.access(folder, os.W_OK)


def store_fault(exc: sqlite3.Error, path: Path, *, busy_timeout: float = 30.0) -> StoreError:
    """Return the StoreError that explains ``exc`` for the store at ``path``."""
    code = _code(exc)
    text = str(exc)
    if code == SQLITE_FULL or "disk is full" in text:
        return StoreError(f"{path}: the disk is full (or the store reached its size limit); "
                          f"{_UNCHANGED}. Free some space and run the command again")
    if code in (SQLITE_READONLY, SQLITE_CANTOPEN) and _read_only(path) or "readonly" in text:
        return StoreError(
            f"{path}: the store is read-only here: the file or its folder cannot be written "
            f"(SQLite writes {path.name}-wal and {path.name}-shm beside it, even to read); "
            f"{_UNCHANGED}")
    if code in (SQLITE_BUSY, SQLITE_LOCKED) or "database is locked" in text:
        return StoreError(
            f"{path}: the store is busy: another process kept it locked for more than "
            f"{busy_timeout:g} s; {_UNCHANGED}. Run the command again when that one finishes")
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return StoreError(f"{path} is damaged or not an intrograph store ({text}); "
                          "run `intrograph check` to see what is wrong")
    if code == SQLITE_CANTOPEN:
        return StoreError(f"cannot open the store at {path}: {text}")
    if code == SQLITE_IOERR:
        return StoreError(f"{path}: the disk failed while the store was being written "
                          f"({text}); {_UNCHANGED}")
    return StoreError(f"{path}: the store failed: {text}")
