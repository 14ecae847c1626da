"""`intrograph tag` and `intrograph expert` at the command line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from intrograph.cli.app import app
from intrograph.graph.sqlite_store import SQLiteStore
from tests.conftest import card, owner, pending

runner = CliRunner()
README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", ["tag"])
def test_command_has_help_and_a_readme_line(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.stdout
    assert re.search(rf"intrograph {command}\b", README), f"README lacks {command}"


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "s.db"
    with SQLiteStore(path) as s:
        s.import_files(owner("dana", "dana@northwind.com", "Dana Reyes"), [pending([
            card(1, "Bob Lee", emails=["bob@halcyon.com"], org="Halcyon Freight",
                 title="Director of Inventory Control"),
        ])])
    return path


def test_tag_records_the_owner_from_as_and_lists_the_tags(db):
    result = runner.invoke(app, ["tag", "Bob Lee", "supply chain", "Forecasting", "--as", "dana",
                                 "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["person"]["name"] == "Bob Lee"
    assert [(t["tag"], t["owner"]) for t in data["tags"]] == [
        ("forecasting", "dana"), ("supply chain", "dana")]
    assert result.stderr.strip() == "2 tags added for Bob Lee"


def test_tag_owner_comes_from_the_environment_too(db):
    result = runner.invoke(app, ["tag", "bob@halcyon.com", "pallets", "--db", str(db),
                                 "--format", "csv"], env={"INTROGRAPH_AS": "dana"})
    assert result.exit_code == 0, result.output
    assert result.stdout == "tag,by\npallets,dana\n"


def test_tag_of_an_unknown_person_is_a_one_line_error(db):
    result = runner.invoke(app, ["tag", "Nobody", "x", "--db", str(db)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no person matches 'Nobody'")
    assert result.stdout == ""
