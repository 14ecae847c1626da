"""Importing a Salesforce export: Account.csv completes Contact.csv and is listed as a companion."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from intrograph.cli.app import app
from intrograph.graph.sqlite_store import SQLiteStore

runner = CliRunner()
SAMPLES = Path(__file__).parent / "samples" / "csv"


@pytest.fixture
def exports(tmp_path) -> Path:
    root = tmp_path / "exports"
    (root / "dana").mkdir(parents=True)
    for name in ("Contact.csv", "Account.csv"):
        shutil.copy(SAMPLES / name, root / "dana" / name)
    return root


def org_of(db: Path, name: str) -> str | None:
    with SQLiteStore(db) as s:
        [person] = s.people(name)
        return person.organization


def test_import_dir_joins_accounts_and_lists_the_account_file_as_a_companion(exports, tmp_path):
    db = tmp_path / "s.db"
    result = runner.invoke(app, ["import-dir", str(exports), "--db", str(db)])
    assert result.exit_code == 0, result.stderr
    [line] = [x for x in result.stderr.splitlines() if "Account.csv" in x]
    assert "companion" in line
    assert org_of(db, "vogt") == "Nordhafen Spedition GmbH"
    with SQLiteStore(db) as s:
        assert s.counts()["records"] == 5  # the accounts are no people


def test_a_changed_account_file_re_reads_the_contacts(exports, tmp_path):
    db = tmp_path / "s.db"
    args = ["import-dir", str(exports), "--db", str(db)]
    assert runner.invoke(app, args).exit_code == 0
    again = runner.invoke(app, args)
    assert "unchanged" in next(x for x in again.stderr.splitlines() if "Contact.csv" in x)
    accounts = exports / "dana" / "Account.csv"
    accounts.write_bytes(accounts.read_bytes().replace(b"Nordhafen Spedition GmbH",
                                                       b"Nordhafen Logistik GmbH"))
    changed = runner.invoke(app, args)
    assert changed.exit_code == 0, changed.stderr
    assert "unchanged" not in next(x for x in changed.stderr.splitlines() if "Contact.csv" in x)
    assert org_of(db, "vogt") == "Nordhafen Logistik GmbH"


def test_import_takes_the_pair_and_refuses_an_account_file_alone(exports, tmp_path):
    db = tmp_path / "s.db"
    folder = exports / "dana"
    both = runner.invoke(app, ["import", str(folder / "Contact.csv"), str(folder / "Account.csv"),
                               "--owner", "dana", "--db", str(db)])
    assert both.exit_code == 0, both.stderr
    assert org_of(db, "bell") == "Brightline Retail"
    lone = tmp_path / "lone"
    lone.mkdir()
    shutil.copy(folder / "Account.csv", lone / "Account.csv")
    refused = runner.invoke(app, ["import", str(lone / "Account.csv"), "--owner", "dana",
                                  "--db", str(db)])
    assert refused.exit_code == 1
    assert "Account.csv: not a contact export: this is a Salesforce Account export" in (
        refused.stderr)
