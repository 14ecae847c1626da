"""The command line: help for every command, and the error edge."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from intrograph.cli.app import app, intro_path_app
from intrograph.fixtures import generate

runner = CliRunner()
README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
COMMANDS = ["import", "import-dir", "owners", "people", "orgs", "show", "intro-path", "accounts",
            "demo", "fixtures generate", "rate", "interactions", "sync"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_and_a_readme_line(command):
    result = runner.invoke(app, [*command.split(), "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.stdout
    assert re.search(rf"intrograph {re.escape(command)}\b", README), f"README lacks {command}"


def test_intro_path_is_its_own_program_too():
    result = runner.invoke(intro_path_app, ["--help"])
    assert result.exit_code == 0 and "--max-hops" in result.stdout


@pytest.fixture(scope="module")
def small_db(tmp_path_factory) -> Path:
    team = tmp_path_factory.mktemp("team")
    generate(team, owners=4, people=60, seed=3)
    db = team / "s.db"
    result = runner.invoke(app, ["import-dir", str(team), "--manifest",
                                 str(team / "manifest.csv"), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["intro-path", "Zzyzx Unheard"], "no organisation or person matches 'Zzyzx Unheard'"),
        (["intro-path", "x.com", "--from", "nobody"], "no owner called 'nobody'"),
        (["intro-path", "x", "--max-hops", "9"], "--max-hops must be between 1 and 6, not 9"),
        (["show", "no such person"], "no person matches 'no such person'"),
    ],
)
def test_bad_requests_exit_1_with_one_line(small_db, args, message):
    result = runner.invoke(app, [*args, "--db", str(small_db)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {message}")
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_missing_file_is_named(tmp_path):
    result = runner.invoke(app, ["import", str(tmp_path / "nope.csv"), "--owner", "dana",
                                 "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: {tmp_path / 'nope.csv'}: no such file"


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "md"])
def test_listings_in_every_format(small_db, fmt):
    for command in ("people", "owners", "orgs"):
        result = runner.invoke(app, [command, "--format", fmt, "--db", str(small_db)])
        assert result.exit_code == 0, result.stderr
        assert result.stdout.strip()


def test_ci_runs_exactly_the_readme_test_command():
    block = README.split("```sh", 1)[1].split("```", 1)[0]
    demo, tests = [line.strip() for line in block.strip().splitlines()]
    assert demo.endswith("intrograph demo") and tests.endswith("pytest")
    ci = (Path(__file__).parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert tests in ci.splitlines()
