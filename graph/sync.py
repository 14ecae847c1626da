"""`intrograph sync`: copy a whole store into another, empty one, on any backend.

Written over the :class:`~intrograph.graph.store.Store` interface only: the source hands over
its input rows (graph/inputs.py), the target writes them and derives persons, organisations,
ties and memberships with the same ``derive()`` every import runs, and the counts are compared
*inside the target's transaction*, so a copy that comes out different is rolled back instead of
left half-right. A team can start on one laptop's SQLite file and move to a shared Neo4j server
(``--to neo4j``), or take a server's graph back into a file (``--from neo4j``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from intrograph.errors import StoreError
from intrograph.graph.inputs import INPUT_TABLES
from intrograph.graph.store import TABLES, Store

__all__ = ["NEO4J", "SyncMismatch", "SyncReport", "count_mismatches", "new_file_cleanup",
           "side_of", "sync"]

NEO4J = "neo4j"
# What a sync compares: every table counts() answers for, and opt-outs, which it does not.
COMPARED = (*TABLES, *(t for t in INPUT_TABLES if t not in TABLES))


class SyncMismatch(StoreError):
    """The copy does not hold what the source holds; the message lists each table."""


@dataclass
class SyncReport:
    source: str
    target: str
    counts: dict[str, int]


def side_of(spec: str) -> tuple[str, Path | None]:
    """Return ``(backend, path)`` for a sync side: ``neo4j`` (the NEO4J_* server) or a SQLite
    file path."""
    if spec.strip().lower() == NEO4J:
        return NEO4J, None
    if not spec.strip():
        raise StoreError("name the other store: neo4j, or the path of a SQLite file")
    return "sqlite", Path(spec)


def count_mismatches(expected: dict[str, int], got: dict[str, int]) -> list[str]:
    """Return one line per table whose count differs, ``[]`` when the copy is whole."""
    return [f"{t}: source {expected.get(t, 0)}, copy {got.get(t, 0)}"
            for t in COMPARED if expected.get(t, 0) != got.get(t, 0)]


def sync(source: Store, target: Store, *, source_name: str, target_name: str) -> SyncReport:
    """Copy every input of ``source`` into the empty ``target`` and check the counts.

    On any failure the target is left as it was (one transaction, rolled back). Raises
    :class:`SyncMismatch` if the target derives a different number of rows than the source
    holds in any table.
    """
    with source.snapshot():
        inputs = source.export_inputs()
        expected = {**source.counts(), **inputs.counts()}
    if not inputs.rows("owners"):
        raise StoreError(f"{source_name} holds nothing to copy")

    def check(got: dict[str, int]) -> None:
        problems = count_mismatches(expected, got)
        if problems:
            raise SyncMismatch(
                f"the copy into {target_name} does not match {source_name}, so nothing was "
                f"written: " + "; ".join(problems))

    target.load_inputs(inputs, check)
    # Read again after the commit, through the target's ordinary reads: what a user will see.
    after = {**target.counts(), "optouts": len(target.optouts())}
    problems = count_mismatches(expected, after)
    if problems:
        raise SyncMismatch(
            f"the copy into {target_name} was committed but reads back different from "
            f"{source_name}: " + "; ".join(problems) + f". {target_name} now holds that copy; "
            "empty it before trying again")
    return SyncReport(source=source_name, target=target_name, counts=after)


@contextlib.contextmanager
def new_file_cleanup(path: Path | None) -> Iterator[None]:
    """Remove a SQLite file that did not exist before if the block fails, so a failed sync to
    a new file leaves no empty store behind. Close the store inside the block."""
    created = path is not None and not path.exists()
    try:
        yield
    except BaseException:
        if created and path is not None:
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    Path(f"{path}{suffix}").unlink()
        raise
