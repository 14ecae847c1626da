"""`intrograph rate` and `intrograph interactions` at the command line."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from intrograph.cli.app import app
from intrograph.graph.sqlite_store import SQLiteStore
from tests.conftest import card, owner, pending

runner = CliRunner()


@pytest.fixture
def db(tmp_path, monkeypatch):
    monkeypatch.setenv("INTROGRAPH_TODAY", "2026-11-24")
    path = tmp_path / "s.db"
    with SQLiteStore(path) as store:
        store.import_files(owner("dana", "dana@northwind.com", "Dana Reyes"), [pending([
            card(1, "Bob Lee", emails=["bob@acme.com"], org="Acme Corp", starred=True),
            card(2, "Ann Kim", emails=["ann@globex.com"], org="Globex"),
            card(3, "Ann Kim", emails=["ann.kim@initech.com"], org="Initech"),
        ])])
    return path


def test_rate_prints_the_new_strength_and_intro_path_shows_the_rating(db):
    result = runner.invoke(app, ["rate", "dana", "bob@acme.com", "5", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "dana → Bob Lee: 0.90 strong (rated 5 of 5)"
    paths = runner.invoke(app, ["intro-path", "Acme Corp", "--format", "json", "--db", str(db)])
    link = json.loads(paths.stdout)["paths"][0]["links"][0]
    assert link["strength"] == 0.9
    assert link["evidence"][0] == {"kind": "rating", "owner": "dana",
                                   "detail": "dana rated this tie 5 of 5"}


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["rate", "dana", "Ann Kim", "3"], 1,
         "Error: 2 people are called 'Ann Kim'; name one by email or id; did you mean: "
         "Ann Kim (ann.kim@initech.com), Ann Kim (ann@globex.com)?"),
        (["rate", "dana", "Zed", "3"], 1, "Error: no person matches 'Zed'"),
        (["rate", "luis", "bob@acme.com", "3"], 1,
         "Error: no owner called 'luis'; import their contacts first"),
        (["rate", "dana", "bob@acme.com", "7"], 2, ""),
    ],
)
def test_bad_ratings_exit_with_one_line(db, args, code, message):
    result = runner.invoke(app, [*args, "--db", str(db)])
    assert result.exit_code == code
    assert result.stdout == ""
    if message:
        assert result.stderr.startswith(message)
        assert len(result.stderr.strip().splitlines()) == 1


def test_show_lists_each_tie_with_band_and_evidence(db):
    rated = runner.invoke(app, ["rate", "dana", "ann@globex.com", "1", "--db", str(db)])
    assert rated.exit_code == 0
    result = runner.invoke(app, ["show", "Dana Reyes", "--db", str(db)])
    assert result.exit_code == 0, result.output
    lines = [x.strip() for x in result.stdout.splitlines()]
    start = lines.index("3 ties of Dana Reyes")
    assert lines[start + 1].startswith("0.55 good") and "Bob Lee" in lines[start + 1]
    assert lines[start + 2] == "in dana's contacts (contacts.csv): starred; work email saved"
    rated = next(i for i, x in enumerate(lines) if x.startswith("0.10 weak") and "Ann Kim" in x)
    assert lines[rated + 1] == "dana rated this tie 1 of 5"
    as_csv = runner.invoke(app, ["show", "bob@acme.com", "--format", "csv", "--db", str(db)])
    assert "Dana Reyes,0.55,good,in dana's contacts (contacts.csv): starred; work email saved," \
        in as_csv.stdout


def test_the_neo4j_backend_refuses_a_bad_rating_before_asking_the_server():
    pytest.importorskip("neo4j")
    from intrograph.errors import InputError
    from intrograph.graph.neo4j_store import Neo4jStore

    store = Neo4jStore.__new__(Neo4jStore)  # no server: only the refusal is under test
    with pytest.raises(InputError, match="^a rating is 1 to 5, not 7$"):
        store.rate("dana", "p1", 7)


def test_interactions_warn_when_the_owner_has_no_known_address(tmp_path, monkeypatch):
    monkeypatch.setenv("INTROGRAPH_TODAY", "2026-11-24")
    db = tmp_path / "n.db"
    with SQLiteStore(db) as store:
        store.import_files(owner("zoe"), [pending([card(1, "Bob Lee", emails=["bob@acme.com"])])])
    log = tmp_path / "thread.csv"
    log.write_text("timestamp,from,to\n2026-11-01,zoe@x.com,bob@acme.com\n"
                   "2026-11-02,bob@acme.com,zoe@x.com\n")
    args = ["interactions", str(log), "--owner", "zoe", "--db", str(db)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0
    assert "note: no address of zoe's is known" in result.stderr
    log.write_text(log.read_text() + "2026-11-03,zoe@x.com,bob@acme.com\n")
    fixed = runner.invoke(app, [*args, "--me", "zoe@x.com"])
    assert fixed.exit_code == 0 and "note:" not in fixed.stderr
    with SQLiteStore(db) as store:
        zoe = store.owners()[0].person_id
        bob = store.people("bob")[0].id
        assert any(e.kind == "interaction" for e in store.tie(zoe, bob).evidence)
