"""Several processes on one store, a full disk, a read-only store: clear errors, intact data."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from intrograph.cli import common
from intrograph.cli.app import app
from intrograph.errors import StoreError
from intrograph.graph.integrity import check_store
from intrograph.graph.sqlite_store import SQLiteStore
from tests.conftest import card, owner, pending
from tests.test_safety_kill import write_export

runner = CliRunner()


def intrograph(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "intrograph", *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def book(prefix: str, n: int, file: str = "contacts.csv"):
    return pending([card(i, f"{prefix} {i}", emails=[f"{prefix.lower()}{i}@acme.example"],
                         org="Acme", title="Engineer " * 20, file=file)
                    for i in range(1, n + 1)], file=file)


def signature(store: SQLiteStore) -> tuple:
    """What a query sees, read in several statements as a command does."""
    owners = tuple((o.name, o.records) for o in store.owners())
    people = store.people()
    provenance = sum(len(p.records) for p in people)
    return owners, len(people), provenance, sum(1 for _ in store.ties())


def test_a_snapshot_keeps_seeing_one_state_while_another_process_commits(tmp_path):
    path = tmp_path / "s.db"
    with SQLiteStore(path) as first:
        first.import_files(owner("dana", "dana@northwind.com"), [book("Bob", 5)])
    with SQLiteStore(path) as reader, SQLiteStore(path) as writer:
        with reader.snapshot():
            old = signature(reader)
            writer.import_files(owner("luis", "luis@northwind.com"), [book("Cara", 7)])
            assert signature(reader) == old
        assert signature(reader) != old
        assert signature(reader) == signature(writer)


@pytest.mark.slow
def test_queries_while_an_import_runs_see_the_old_or_the_new_state(tmp_path):
    (tmp_path / "v1").mkdir()
    (tmp_path / "v2").mkdir()
    write_export(tmp_path / "v1" / "contacts.csv", 1)
    write_export(tmp_path / "v2" / "contacts.csv", 2)
    path = tmp_path / "s.db"
    assert intrograph("import", str(tmp_path / "v1" / "contacts.csv"), "--owner", "dana",
                      "--db", str(path)).wait() == 0

    def people_json() -> str:
        proc = subprocess.run([sys.executable, "-m", "intrograph", "people", "--format", "json",
                               "--db", str(path)], capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    with SQLiteStore(path) as store, store.snapshot():
        old = signature(store)
    old_cli = people_json()

    importer = intrograph("import", str(tmp_path / "v2" / "contacts.csv"), "--owner", "dana",
                          "--db", str(path))
    seen, cli_answers = [], []
    with SQLiteStore(path) as store:
        while importer.poll() is None:
            # To files, not pipes: a full pipe would stall a reader until someone reads it.
            outs = [tmp_path / f"answer{len(cli_answers) + i}.json" for i in range(2)]
            readers = [subprocess.Popen(
                [sys.executable, "-m", "intrograph", "people", "--format", "json", "--db",
                 str(path)], stdout=o.open("w"), stderr=subprocess.DEVNULL) for o in outs]
            while any(r.poll() is None for r in readers):
                with store.snapshot():
                    seen.append(signature(store))
            assert [r.returncode for r in readers] == [0, 0]
            cli_answers += [o.read_text() for o in outs]
        assert importer.returncode == 0, importer.stderr.read()
        with store.snapshot():
            new = signature(store)
    new_cli = people_json()
    assert old != new and old_cli != new_cli
    assert seen and set(seen) <= {old, new}
    for answer in cli_answers:
        assert answer in (old_cli, new_cli), json.loads(answer)[:1]


@pytest.mark.slow
def test_two_imports_at_once_serialise_and_both_land(tmp_path):
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        write_export(tmp_path / name / "contacts.csv", 1)
    path = tmp_path / "s.db"
    SQLiteStore(path).close()  # the schema exists before either starts
    procs = [intrograph("import", str(tmp_path / name / "contacts.csv"), "--owner", who,
                        "--db", str(path)) for name, who in (("a", "dana"), ("b", "luis"))]
    for proc in procs:
        _, err = proc.communicate()
        assert proc.returncode == 0, err
    with SQLiteStore(path) as store:
        assert {o.name: o.records for o in store.owners()} == {"dana": 2500, "luis": 2500}
        assert check_store(store) == []


def test_a_store_locked_too_long_gives_a_clear_error_and_changes_nothing(tmp_path):
    path = tmp_path / "s.db"
    with SQLiteStore(path) as store:
        store.import_files(owner("dana"), [book("Bob", 3)])
        before = store.dump()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process in the middle of an import
    try:
        with SQLiteStore(path, busy_timeout=0.2) as store:
            started = time.monotonic()
            with pytest.raises(StoreError, match=r"the store is busy: another process kept it "
                                                 r"locked for more than 0.2 s; nothing was "
                                                 r"changed"):
                store.import_files(owner("luis"), [book("Cara", 3)])
            assert time.monotonic() - started < 5
    finally:
        other.execute("ROLLBACK")
        other.close()
    with SQLiteStore(path) as store:
        assert store.dump() == before


def _full_store(path, pages_left: int = 3):
    """Open the store as the CLI does, but with only a few free pages: a disk about to fill."""
    store = SQLiteStore(path)
    (used,) = store.db.execute("PRAGMA page_count").fetchone()
    store.db.execute(f"PRAGMA max_page_count = {used + pages_left}")
    return store


def test_a_full_disk_rolls_the_import_back_with_a_clear_error(tmp_path):
    path = tmp_path / "s.db"
    with SQLiteStore(path) as store:
        store.import_files(owner("dana"), [book("Bob", 20)])
        before = store.dump()
    with _full_store(path) as store:
        with pytest.raises(StoreError, match="the disk is full .*nothing was changed"):
            store.import_files(owner("luis"), [book("Cara", 2000)])
        assert not store.db.in_transaction
        assert store.dump() == before
        assert check_store(store) == []


def test_the_import_command_says_the_disk_is_full_in_one_line(tmp_path, monkeypatch):
    path = tmp_path / "s.db"
    export = tmp_path / "contacts.csv"
    write_export(export, 1)
    with SQLiteStore(path) as store:
        store.import_files(owner("dana"), [book("Bob", 20)])
        before = store.dump()
    monkeypatch.setattr(common, "open_store", lambda location, backend, **_: _full_store(path))
    result = runner.invoke(app, ["import", str(export), "--owner", "luis", "--db", str(path)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert "the disk is full" in result.stderr and len(result.stderr.splitlines()) == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    with SQLiteStore(path) as store:
        assert store.dump() == before


@contextlib.contextmanager
def read_only(*paths):
    """Make files and folders unwritable, even for root (which ignores permission bits)."""
    if os.geteuid() == 0:
        if not shutil.which("chattr"):
            pytest.skip("running as root without chattr: cannot make a file read-only")
        done = subprocess.run(["chattr", "+i", *map(str, paths)], capture_output=True)
        if done.returncode:
            pytest.skip(f"chattr +i is not supported here: {done.stderr.decode().strip()}")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", *map(str, paths)], check=True)
    else:
        modes = {p: p.stat().st_mode for p in paths}
        for p in paths:
            p.chmod(0o555 if p.is_dir() else 0o444)
        try:
            yield
        finally:
            for p, mode in modes.items():
                p.chmod(mode)


@pytest.mark.parametrize("what", ["file", "file and folder"])
def test_a_read_only_store_gives_a_clear_error_and_stays_intact(tmp_path, what):
    folder = tmp_path / "store"
    path = folder / "s.db"
    with SQLiteStore(path) as store:
        store.import_files(owner("dana"), [book("Bob", 3)])
    export = tmp_path / "contacts.csv"
    write_export(export, 1)
    data = path.read_bytes()
    targets = [path] if what == "file" else [path, folder]
    with read_only(*targets):
        result = runner.invoke(app, ["import", str(export), "--owner", "luis", "--db",
                                     str(path)])
        assert result.exit_code == 1
        assert "the store is read-only here" in result.stderr, result.stderr
        assert "nothing was changed" in result.stderr
        assert len(result.stderr.splitlines()) == 1
    assert path.read_bytes() == data
    with SQLiteStore(path) as store:
        assert check_store(store) == []
        assert [o.name for o in store.owners()] == ["dana"]


def test_check_works_on_a_store_that_is_read_only_but_in_a_writable_folder(tmp_path):
    path = tmp_path / "s.db"
    with SQLiteStore(path) as store:
        store.import_files(owner("dana"), [book("Bob", 3)])
    with read_only(path):
        result = runner.invoke(app, ["check", "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "ok"
