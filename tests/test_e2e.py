"""End to end: a generated team, imported through the CLI, answers with the planted paths."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from intrograph.cli.app import app
from intrograph.fixtures import generate
from intrograph.graph.sqlite_store import SQLiteStore

runner = CliRunner()


@pytest.fixture(scope="module")
def team(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("team")
    generate(out, owners=6, people=220, seed=11)
    return out


@pytest.fixture(scope="module")
def imported(team, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("store") / "team.db"
    result = runner.invoke(app, ["import-dir", str(team), "--manifest",
                                 str(team / "manifest.csv"), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


def cli_json(*args: str):
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def truth_ids(team: Path, db: Path) -> dict[str, set[str]]:
    """Map each graph person id to the ground-truth person ids of the records behind it."""
    truth = json.loads((team / "truth.json").read_text())
    by_record = {(r["owner"], r["file"], r["record"]): r["person"] for r in truth["records"]}
    owner_person = {o["owner"]: o["person"] for o in truth["owners"]}
    out: dict[str, set[str]] = {}
    for p in cli_json("people", "--db", str(db)):
        ids = {by_record[(r["owner"], r["file"], r["record"])] for r in p["records"]}
        if p.get("owner"):
            ids.add(owner_person[p["owner"]])
        out[p["id"]] = ids
    return out


def test_planted_best_paths_come_first_with_honest_scores(team, imported):
    truth = json.loads((team / "truth.json").read_text())
    mapping = truth_ids(team, imported)
    assert truth["planted_paths"], "the generator plants paths to find"
    for planted in truth["planted_paths"]:
        # The planted path is the best one for the rep who starts it; from the whole team a
        # friend who is an owner too may well be closer.
        result = cli_json("intro-path", planted["account"], "--from", planted["owners"][0],
                          "--db", str(imported))
        assert result["target"]["organization"]["name"] == planted["account"]
        best = result["paths"][0]
        assert [mapping[p["id"]] for p in best["people"]] == [{x} for x in planted["people"]]
        assert best["hops"] == len(best["links"]) == len(best["people"]) - 1 >= 2
        assert best["score"] == pytest.approx(math.prod(link["strength"]
                                                        for link in best["links"]))
        assert all(link["evidence"] for link in best["links"])
        scores = [p["score"] for p in result["paths"]]
        assert scores == sorted(scores, reverse=True)
        assert len({p["people"][-1]["id"] for p in result["paths"]}) == len(result["paths"])
        team = cli_json("intro-path", planted["account"], "--db", str(imported))
        assert team["paths"][0]["score"] >= best["score"]


def test_people_json_lists_provenance_of_every_record(team, imported):
    truth = json.loads((team / "truth.json").read_text())
    people = cli_json("people", "--db", str(imported))
    listed = [(r["owner"], r["file"], r["record"]) for p in people for r in p["records"]]
    assert sorted(listed) == sorted((r["owner"], r["file"], r["record"])
                                    for r in truth["records"])
    for p in people:
        assert {"id", "name", "emails", "phones", "organization", "title", "records"} <= set(p)
        for r in p["records"]:
            assert "/" not in r["file"] and r["record"] >= 1


def test_exact_key_resolution_never_merges_two_humans(team, imported):
    mapping = truth_ids(team, imported)
    merged = {pid: ids for pid, ids in mapping.items() if len(ids) > 1}
    assert merged == {}
    # ...and it does join most copies: fewer graph persons than records.
    truth = json.loads((team / "truth.json").read_text())
    assert len(mapping) < len(truth["records"])


def test_importing_the_same_exports_again_changes_no_table(team, imported):
    with SQLiteStore(imported) as s:
        before = s.dump()
    result = runner.invoke(app, ["import-dir", str(team), "--manifest",
                                 str(team / "manifest.csv"), "--db", str(imported)])
    assert result.exit_code == 0
    assert "unchanged" in result.stderr
    with SQLiteStore(imported) as s:
        assert s.dump() == before


def test_a_file_that_is_not_an_export_is_refused_whole(imported, tmp_path):
    junk = tmp_path / "budget.csv"
    junk.write_text("date,amount,description\n2026-01-02,12.50,coffee\n")
    with SQLiteStore(imported) as s:
        before = s.dump()
    result = runner.invoke(app, ["import", str(junk), "--owner", "dana", "--db", str(imported)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: budget.csv: ")
    assert "not a contact export" in lines[0]
    with SQLiteStore(imported) as s:
        assert s.dump() == before


@pytest.mark.slow
def test_the_installed_program_end_to_end(team, tmp_path):
    exe = Path(sys.executable).with_name("intrograph")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "intrograph"]
    env = {**os.environ, "INTROGRAPH_DB": str(tmp_path / "sub.db")}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*cmd, *args], env=env, capture_output=True, text=True,
                              timeout=300)

    imp = run("import-dir", str(team), "--manifest", str(team / "manifest.csv"))
    assert imp.returncode == 0, imp.stderr
    truth = json.loads((team / "truth.json").read_text())
    planted = truth["planted_paths"][0]
    res = run("intro-path", planted["account"], "--from", planted["owners"][0], "--format", "json")
    assert res.returncode == 0, res.stderr
    best = json.loads(res.stdout)["paths"][0]
    assert best["score"] == pytest.approx(math.prod(x["strength"] for x in best["links"]))
    assert len(best["people"]) - 1 == best["hops"] >= 2


def test_title_and_seniority_narrow_the_targets(team, imported):
    from intrograph.graph.seniority import Seniority, seniority

    truth = json.loads((team / "truth.json").read_text())
    account = truth["planted_paths"][0]["account"]
    result = cli_json("intro-path", account, "--seniority", "director", "-k", "10",
                      "--db", str(imported))
    titles = [p["people"][-1]["title"] for p in result["paths"]]
    assert titles and all(seniority(t) >= Seniority.DIRECTOR for t in titles)
    bad = runner.invoke(app, ["intro-path", account, "--title", "zzzz", "--db", str(imported)])
    assert bad.exit_code == 1
    assert bad.stderr.startswith(f"Error: nobody at {account} has a title with 'zzzz'")


def test_default_paths_are_diverse_and_no_diverse_lifts_it(team, imported):
    truth = json.loads((team / "truth.json").read_text())
    planted = truth["planted_paths"][0]
    args = ["intro-path", planted["account"], "--from", planted["owners"][0], "-k", "6",
            "--db", str(imported)]
    diverse = cli_json(*args)
    connectors = [p["id"] for path in diverse["paths"] for p in path["people"][1:-1]]
    assert all(connectors.count(c) <= 2 for c in connectors)
    assert len({p["people"][-1]["id"] for p in diverse["paths"]}) == len(diverse["paths"])
    every = cli_json(*args, "--no-diverse")
    scores = [p["score"] for p in every["paths"]]
    assert scores == sorted(scores, reverse=True)
    assert scores[0] == pytest.approx(diverse["paths"][0]["score"])
    # Without diversity the runner-up paths may only be as good or better.
    for a, b in zip(scores, [p["score"] for p in diverse["paths"]], strict=False):
        assert a >= b - 1e-12
