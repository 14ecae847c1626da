"""One parsed export turned into the rows the store writes, in worker processes when it pays.

Parsing a file and working out each record's keys, uid and facts is most of an import's time
before resolution, and it needs nothing from the store but the owner's phone region. So with
several large files, two worker processes do it for the files ahead while the store writes the
one in hand. What comes back is strings and small tuples, cheap to send between processes;
records as pydantic objects would cost more to send than to parse again.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Mapping
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field

from intrograph.graph import factcache
from intrograph.graph.derive import StoredRecord, assign_uids, record_facts, record_keys
from intrograph.loaders import load_bytes
from intrograph.models import LoadResult, Reject

__all__ = [
    "FileSource", "PreparePool", "PreparedFile", "default_workers", "prepare", "prepare_source",
]

# Below this many bytes offered for parsing, starting worker processes (each imports intrograph
# afresh, a third of a second) and sending records between processes costs more than it saves.
POOL_MIN_BYTES = 4 << 20


@dataclass(frozen=True)
class FileSource:
    """What it takes to parse one export again anywhere: its bytes and how to read them."""

    data: bytes
    name: str
    format: str = "auto"
    column_map: Mapping[str, str] | None = None
    companions: Mapping[str, bytes] = field(default_factory=dict)

    def load(self) -> LoadResult:
        return load_bytes(self.data, self.name, self.format,
                          dict(self.column_map) if self.column_map else None,
                          dict(self.companions))


@dataclass
class PreparedFile:
    """One export as the store writes it.

    ``rows`` hold, per record: uid, file name, record number, the record's JSON and its facts'
    JSON (:mod:`intrograph.graph.factcache`); owner and batch are the store's to add.
    """

    file: str
    format: str
    rows: list[tuple[str, str, int, str, str]]
    rejects: list[Reject]


def prepare(load: LoadResult, owner: str, region: str) -> PreparedFile:
    """Return the rows of one parsed export for ``owner``, phone numbers read in ``region``."""
    keys = [record_keys(rec, region) for rec in load.records]
    uids = assign_uids(owner, load.file, load.records, region, keys)
    rows = [
        # Facts do not hold the batch (factcache keeps it in a column), so 0 stands in for it.
        (uid, rec.file, rec.record, rec.model_dump_json(),
         factcache.encode(record_facts(StoredRecord(uid, owner, 0, rec), region, k)))
        for uid, rec, k in zip(uids, load.records, keys, strict=True)
    ]
    return PreparedFile(load.file, load.format, rows, load.rejects)


def prepare_source(source: FileSource, owner: str, region: str) -> PreparedFile:
    """Parse and prepare one export: what a worker process runs."""
    return prepare(source.load(), owner, region)


def _leave_interrupts_to_the_store() -> None:
    # Ctrl-C reaches every process in the terminal's group: the store rolls back and stops
    # the workers, which would otherwise each print a traceback of their own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def default_workers() -> int:
    """Return how many processes should parse a large import: one per core, at most two.

    Two is all that was measured (on a 2-core machine); each worker holds one file's records,
    so more cannot be free. ``INTROGRAPH_IMPORT_WORKERS`` asks for more where cores allow.
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)
    return max(1, min(cores, 2))


class PreparePool:
    """Worker processes that prepare files ahead of the store, started once worthwhile.

    ``submit`` returns None while the file is better prepared in the caller's process: on one
    core, or until the files offered add up to enough bytes to repay starting the workers.
    """

    def __init__(self, workers: int = 1, *, min_bytes: int | None = None):
        self.workers = workers
        self.min_bytes = POOL_MIN_BYTES if min_bytes is None else min_bytes
        self._offered = 0
        self._executor: Executor | None = None

    def submit(self, source: FileSource | None, owner: str, region: str,
               ) -> Future[PreparedFile] | None:
        if source is None or self.workers < 2:
            return None
        self._offered += len(source.data)
        if self._offered < self.min_bytes:
            return None
        if self._executor is None:
            # Spawned, not forked: a forked child would share the store's open SQLite
            # connection, in the middle of its transaction.
            self._executor = ProcessPoolExecutor(
                self.workers, mp_context=multiprocessing.get_context("spawn"),
                initializer=_leave_interrupts_to_the_store)
        return self._executor.submit(prepare_source, source, owner, region)

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def __enter__(self) -> PreparePool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
