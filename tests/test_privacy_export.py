"""`export OWNER`: everything held about one owner's book, as JSON."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from intrograph.cli.app import app
from intrograph.graph.sqlite_store import SQLiteStore
from tests.test_privacy_forget import BOB, DANA, bob_book, dana_book

runner = CliRunner()


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "s.db"
    with SQLiteStore(path) as s:
        s.import_owners([(BOB, [bob_book()]), (DANA, [dana_book()])])
    return path


def test_export_holds_the_owners_book_and_nobody_elses(db, tmp_path):
    result = runner.invoke(app, ["export", "dana", "--db", str(db)])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["owner"]["name"] == "dana"
    assert [b["file"] for b in data["batches"]] == ["dana.csv"]
    assert [r["data"]["full_name"] for r in data["records"]] == ["Ann Kim", "Cy Park", "Bob Lee"]
    assert data["rejects"] == [{"file": "dana.csv", "record": 4,
                                "reason": "no name, email or phone", "raw": {}}]
    names = {p["name"] for p in data["persons"]}
    assert names == {"Dana Reyes", "Ann Kim", "Cy Park", "Bob Lee"}
    # Eve is only in Bob's book: nothing about her belongs to Dana's export.
    assert "Eve Moss" not in result.stdout and "eve@hooli.com" not in result.stdout
    dana_id = data["owner"]["person_id"]
    assert data["ties"] and all(dana_id in (t["a"], t["b"]) for t in data["ties"])
    assert all(r["person_id"] for r in data["records"])


def test_export_to_a_file(db, tmp_path):
    target = tmp_path / "dana.json"
    result = runner.invoke(app, ["export", "bob", "-o", str(target), "--db", str(db)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))["owner"]["name"] == "bob"


def test_export_of_an_unknown_owner_is_an_error(db):
    result = runner.invoke(app, ["export", "zed", "--db", str(db)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no owner called 'zed'")
