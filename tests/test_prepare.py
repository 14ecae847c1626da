"""Large imports parse files in worker processes: the store must end up exactly as without."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from intrograph.cli.app import app
from intrograph.errors import NotAContactExport
from intrograph.graph import factcache, prepare
from intrograph.graph.derive import StoredRecord, assign_uids, record_facts
from intrograph.graph.importer import import_dir
from intrograph.graph.sqlite_store import SQLiteStore
from intrograph.loaders import load_file

runner = CliRunner()


@pytest.fixture(scope="module")
def team(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("team")
    result = runner.invoke(app, ["fixtures", "generate", str(out), "--owners", "6",
                                 "--people", "400", "--noisy"])
    assert result.exit_code == 0, result.output
    return out


def _contents(store: SQLiteStore) -> dict[str, list[tuple]]:
    """Every table, without the import's clock time."""
    tables = store.dump()
    tables["batches"] = [row[:-1] for row in tables["batches"]]  # imported_at is last
    return tables


def _import(db: Path, team: Path, workers: int) -> tuple[SQLiteStore, list]:
    store = SQLiteStore(db, import_workers=workers)
    summaries = import_dir(store, team, manifest=team / "manifest.csv")
    return store, summaries


@pytest.fixture
def pool_always(monkeypatch):
    """Workers start whatever the size of the import (normally only from a few MB on)."""
    monkeypatch.setattr(prepare, "POOL_MIN_BYTES", 0)


def test_worker_processes_store_the_same_as_one_process(team, tmp_path, pool_always):
    alone, alone_summaries = _import(tmp_path / "one.db", team, workers=1)
    pooled, pooled_summaries = _import(tmp_path / "two.db", team, workers=2)
    with alone, pooled:
        assert len(pooled_summaries) > 2  # several files, so workers did run beside the store
        assert pooled_summaries == alone_summaries
        assert _contents(pooled) == _contents(alone)
        assert pooled.counts()["records"] > 0


def test_a_refused_file_in_a_worker_names_it_and_changes_nothing(team, tmp_path, pool_always):
    root = tmp_path / "team"
    shutil.copytree(team, root)
    (root / "zz-sales.csv").write_text("region,quarter,revenue\nwest,Q1,100\n")
    # Last in the manifest, so the files before it are written when it is refused.
    manifest = root / "manifest.csv"
    owner = manifest.read_text().splitlines()[1].split(",")[1]
    with manifest.open("a") as f:
        f.write(f"zz-sales.csv,{owner},,,\n")
    with SQLiteStore(tmp_path / "s.db", import_workers=2) as store:
        before = store.dump()
        with pytest.raises(NotAContactExport, match=r"^zz-sales\.csv: not a contact export"):
            import_dir(store, root, manifest=manifest)
        assert store.dump() == before


def test_an_unchanged_folder_imports_nothing_again_with_workers(team, tmp_path, pool_always):
    store, first = _import(tmp_path / "s.db", team, workers=2)
    with store:
        before = _contents(store)
        again = import_dir(store, team, manifest=team / "manifest.csv")
        assert all(s.unchanged for s in again) and len(again) == len(first)
        assert _contents(store) == before


def test_prepare_gives_each_record_its_uid_and_cached_facts(team):
    path = next((team / "exports").rglob("*.csv"))
    load = load_file(path)
    prepared = prepare.prepare(load, "dana", "GB")
    uids = assign_uids("dana", load.file, load.records, "GB")
    assert [row[0] for row in prepared.rows] == uids
    for (uid, _file, number, _data, facts), rec in zip(prepared.rows, load.records, strict=True):
        assert number == rec.record
        expected = record_facts(StoredRecord(uid, "dana", 3, rec), "GB")
        assert factcache.decode(uid, "dana", 3, facts) == expected
