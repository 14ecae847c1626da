"""`intrograph sync`: a whole store copied into another, checked, or not copied at all.

Sync is written over the Store interface, so SQLite -> SQLite exercises all of it for real; the
Neo4j direction runs the same code against the contract tests' server when NEO4J_URI is set
(tests/test_store_contract.py).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from intrograph.cli.app import app
from intrograph.errors import StoreError
from intrograph.graph.inputs import INPUT_TABLES, StoreInputs
from intrograph.graph.sqlite_store import SQLiteStore
from intrograph.graph.sync import SyncMismatch, count_mismatches, side_of, sync
from tests.conftest import card, owner, pending

runner = CliRunner()
MAIL = Path(__file__).parent / "data" / "interactions" / "mail.csv"


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def source(tmp_path, monkeypatch) -> Path:
    """A store holding one of every kind of input: three books (with colleagues at Acme, so
    memberships), an interaction log, a rating, a tag, an opt-out, a sharing level, a merge
    decision, and an ask that moved on."""
    monkeypatch.setenv("INTROGRAPH_TODAY", "2026-11-24")
    path = tmp_path / "laptop.db"
    with SQLiteStore(path) as store:
        store.import_files(owner("dana", "dana@northwind.com", "Dana Reyes"), [pending([
            card(1, "Lee Park", emails=["lee@fabrikam.com"], org="Fabrikam"),
            card(2, "Bob Lee", emails=["bob@acme.com"], org="Acme Corp"),
            card(3, "Cara Diaz", emails=["cara@gmail.com"]),
            card(4, "C. Diaz", phones=["+1 415 555 0123"]),
        ])])
        store.import_files(owner("lee", "lee@fabrikam.com", "Lee Park"), [pending([
            card(1, "Kim Chu", emails=["kim@acme.com"], org="Acme Corp", title="VP Procurement"),
            card(2, "Ann Bo", emails=["ann@acme.com"], org="Acme Corp"),
        ])])
    for args in (
        ["interactions", MAIL, "--owner", "dana"],
        ["rate", "dana", "bob@acme.com", "5"],
        ["tag", "Kim Chu", "procurement", "--as", "lee"],
        ["optout", "ann@acme.com"],
        ["owner", "set", "lee", "--share", "work"],
        ["merge", "cara@gmail.com", "C. Diaz"],
        ["ask", "acme.com", "--via", "Lee Park", "--from", "dana", "--at", "2026-11-19"],
        ["ask", "update", "1", "asked", "--at", "2026-11-20"],
    ):
        result = run(*args, "--db", path)
        assert result.exit_code == 0, (args, result.output)
    return path


def answers(db: Path) -> dict[str, object]:
    """What a user sees of a store: people, paths into Acme, owners and asks, as JSON."""
    shown = {}
    for name, args in {
        "people": ["people", "--format", "json"],
        "paths": ["intro-path", "Acme Corp", "--format", "json", "--as", "dana"],
        "owners": ["owners", "--format", "json"],
        "asks": ["asks", "--format", "json"],
    }.items():
        result = run(*args, "--db", db)
        assert result.exit_code == 0, (name, result.output)
        shown[name] = json.loads(result.stdout)
    return shown


def test_a_copy_answers_every_query_as_the_original(source, tmp_path):
    copy = tmp_path / "copy.db"
    result = run("sync", "--db", source, "--to", copy, "--json")
    assert result.exit_code == 0, result.output
    with SQLiteStore(source) as a, SQLiteStore(copy) as b:
        assert b.dump() == a.dump()  # import times and decision times included
        assert b.optouts() == a.optouts()
        counts = a.counts()
    assert json.loads(result.stdout)["counts"] == {**counts, "optouts": 1}
    assert counts["ratings"] == counts["person_tags"] == 1 and counts["identity_decisions"]
    assert counts["interactions"] > 0 and counts["memberships"] > 0 and counts["asks"] == 1
    assert answers(copy) == answers(source)
    assert answers(source)["paths"]["paths"], "the fixture should reach Acme"
    checked = run("check", "--db", copy)
    assert (checked.exit_code, checked.stdout.strip()) == (0, "ok")


def test_a_copy_keeps_import_history_so_an_unchanged_file_stays_a_no_op(source, tmp_path):
    copy = tmp_path / "copy.db"
    assert run("sync", "--db", source, "--to", copy).exit_code == 0
    with SQLiteStore(copy) as store:
        before = store.dump()
        [again] = store.import_files(owner("lee", "lee@fabrikam.com", "Lee Park"), [pending([
            card(1, "Kim Chu", emails=["kim@acme.com"], org="Acme Corp",
                 title="VP Procurement"),
            card(2, "Ann Bo", emails=["ann@acme.com"], org="Acme Corp"),
        ])])
        assert again.unchanged
        assert store.dump() == before


def test_from_copies_the_other_store_into_this_one(source, tmp_path):
    here = tmp_path / "here.db"
    result = run("sync", "--db", here, "--from", source)
    assert result.exit_code == 0, result.output
    assert "every table's count matches" in result.stderr
    assert answers(here) == answers(source)


def test_a_store_that_is_not_empty_is_refused_and_left_as_it_was(source, tmp_path):
    other = tmp_path / "other.db"
    with SQLiteStore(other) as store:
        store.import_files(owner("zoe"), [pending([card(1, "Yu Li", emails=["yu@x.com"])])])
        before = store.dump()
    result = run("sync", "--db", source, "--to", other)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {other} is not empty (1 owners, 1 batches, "
                                    "1 records); sync copies into an empty store only")
    with SQLiteStore(other) as store:
        assert store.dump() == before


def test_a_copy_that_derives_differently_is_rolled_back_and_says_where(source, tmp_path):
    # A damaged source: a tie deleted behind intrograph's back. The copy derives it again, so
    # the counts differ; nothing may land, and a new target file is not left behind.
    db = sqlite3.connect(source)
    db.execute("DELETE FROM ties WHERE (a, b) IN (SELECT a, b FROM ties LIMIT 1)")
    db.commit()
    db.close()
    copy = tmp_path / "copy.db"
    result = run("sync", "--db", source, "--to", copy)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: the copy into {copy} does not match {source}, so "
                                    "nothing was written: ties: source ")
    assert not copy.exists()
    # The library leaves an existing empty target exactly as it was.
    empty = tmp_path / "empty.db"
    with SQLiteStore(source) as a, SQLiteStore(empty) as b:
        before = b.dump()
        with pytest.raises(SyncMismatch, match="ties: source"):
            sync(a, b, source_name="a", target_name="b")
        assert b.dump() == before


def test_an_empty_source_is_refused(tmp_path):
    with SQLiteStore(tmp_path / "a.db") as a, SQLiteStore(tmp_path / "b.db") as b:
        with pytest.raises(StoreError, match="^a holds nothing to copy$"):
            sync(a, b, source_name="a", target_name="b")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "Error: say where: --to neo4j|PATH.db, or --from neo4j|PATH.db"),
        (["--to", "x.db", "--from", "y.db"], "Error: say where:"),
        (["--to", "{db}"], "Error: the source and the target are the same store: {db}"),
        (["--from", "nowhere.db"], "Error: there is no store at nowhere.db to copy from"),
    ],
)
def test_usage_mistakes_are_one_line(source, args, message):
    result = run("sync", "--db", source, *[a.format(db=source) for a in args])
    assert result.exit_code == 1
    assert result.stderr.startswith(message.format(db=source))
    assert len(result.stderr.strip().splitlines()) == 1


def test_count_mismatches_names_each_table_that_differs():
    assert count_mismatches({"owners": 2, "ties": 5}, {"owners": 2, "ties": 5}) == []
    assert count_mismatches({"owners": 2, "ties": 5, "optouts": 1}, {"owners": 2, "ties": 4}) == [
        "ties: source 5, copy 4", "optouts: source 1, copy 0"]


def test_sides_are_neo4j_or_a_file():
    assert side_of("neo4j") == ("neo4j", None)
    assert side_of("Neo4j ") == ("neo4j", None)
    assert side_of("team.db") == ("sqlite", Path("team.db"))
    with pytest.raises(StoreError, match="name the other store"):
        side_of(" ")


def test_input_rows_must_have_the_columns_of_their_table():
    assert StoreInputs().counts() == dict.fromkeys(INPUT_TABLES, 0)
    with pytest.raises(ValueError, match="a owners row has columns"):
        StoreInputs({"owners": [{"name": "dana"}]})
    with pytest.raises(ValueError, match="not input tables"):
        StoreInputs({"persons": []})
