"""SIGKILL during a real `intrograph import`: the store is always before or after, never between.

A real subprocess imports a newer export over an older one (the path that deletes, inserts and
re-derives), and is killed at many moments spread over its run, from interpreter start-up to
past its end. After each kill the store, opened afresh so SQLite recovers its journal, must
equal the state before the import or the state after it, and `check` must pass.
"""

from __future__ import annotations

import csv
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from intrograph.graph.integrity import check_store
from intrograph.graph.sqlite_store import SQLiteStore

pytestmark = pytest.mark.slow

# Big enough that the import itself (not start-up) takes a good part of each run, small enough
# that 50+ runs fit in about a minute on a shared 2-core machine.
ROWS = 2500
KILLS = 56


def write_export(path, version: int) -> None:
    header = ["Name", "E-mail 1 - Value", "Phone 1 - Value", "Organization Name",
              "Organization Title", "Labels"]
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(header)
        for i in range(ROWS):
            if version == 2 and i % 7 == 0:
                continue  # removed from the newer export
            title = "Engineer" if version == 1 or i % 3 else "Director"
            out.writerow([f"Person {i}", f"p{i}@co{i % 300}.example", f"+1 415 555 {i:04d}",
                          f"Company {i % 300}", title, "* starred" if i % 11 == 0 else ""])
        if version == 2:
            for i in range(ROWS, ROWS + 300):
                out.writerow([f"Newcomer {i}", f"n{i}@co{i % 300}.example", "",
                              f"Company {i % 300}", "Analyst", ""])


def run_import(export, db) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "intrograph", "import", str(export), "--owner", "dana",
         "--db", str(db)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        env={**os.environ, "COLUMNS": "200"},
    )


def state(db) -> dict[str, list[tuple]]:
    """Return the store's rows with the import time blanked: two runs of one import differ
    only in when they ran."""
    with SQLiteStore(db) as store:
        dump = store.dump()
        assert check_store(store) == []
    dump["batches"] = [(*row[:7], None, *row[8:]) for row in dump["batches"]]
    return dump


def test_a_killed_import_leaves_the_store_before_or_after_and_sound(tmp_path):
    old, new = tmp_path / "v1", tmp_path / "v2"
    old.mkdir()
    new.mkdir()
    write_export(old / "contacts.csv", 1)
    write_export(new / "contacts.csv", 2)
    base = tmp_path / "base.db"
    first = run_import(old / "contacts.csv", base)
    assert first.wait() == 0, first.stderr.read()
    con = sqlite3.connect(base)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    before = state(base)

    reference = tmp_path / "reference.db"
    shutil.copy(base, reference)
    started = time.monotonic()
    done = run_import(new / "contacts.csv", reference)
    assert done.wait() == 0, done.stderr.read()
    duration = time.monotonic() - started
    after = state(reference)
    assert after != before

    outcomes = {"before": 0, "after": 0}
    work = tmp_path / "work.db"
    for n in range(KILLS):
        for suffix in ("", "-wal", "-shm"):
            (tmp_path / f"work.db{suffix}").unlink(missing_ok=True)
        shutil.copy(base, work)
        # Spread over the whole run and a little past it, so both outcomes must occur.
        delay = duration * 1.1 * n / (KILLS - 1)
        proc = run_import(new / "contacts.csv", work)
        if n == KILLS - 1:
            # The machine may be slower now than for the reference run: let the last one end.
            proc.wait()
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        now = state(work)
        if now == before:
            outcomes["before"] += 1
        elif now == after:
            outcomes["after"] += 1
        else:
            changed = [t for t in now if now[t] != before[t] and now[t] != after[t]]
            pytest.fail(f"kill {n} at {delay:.2f}s left a store that is neither before nor "
                        f"after the import; tables {changed}")
    print(f"kills: {outcomes}, import took {duration:.2f}s")
    assert outcomes["before"] and outcomes["after"], outcomes
