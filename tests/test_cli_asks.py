"""`ask`, `ask update`, `asks`, `followups` and the calendar file, through the command line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from intrograph.cli.app import app
from intrograph.cli.ics import escape_text, fold
from intrograph.graph.sqlite_store import SQLiteStore
from tests.conftest import card, owner, pending

runner = CliRunner()
README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", ["ask", "ask new", "ask update", "asks", "followups"])
def test_every_ask_command_has_help_and_a_readme_line(command):
    result = runner.invoke(app, [*command.split(), "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.stdout
    assert re.search(rf"intrograph {re.escape(command)}\b", README), f"README lacks {command}"


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "s.db"
    store = SQLiteStore(path)
    store.import_files(owner("dana", "dana@northwind.com", "Dana Reyes"), [pending([
        card(1, "Lee Park", emails=["lee@fabrikam.com"], org="Fabrikam"),
    ])])
    store.import_files(owner("lee", "lee@fabrikam.com", "Lee Park"), [pending([
        card(1, "Kim Chu", emails=["kim@acme.com"], org="Acme Corp", title="VP Procurement"),
    ])])
    store.close()
    return path


def run(db: Path, *args: str):
    return runner.invoke(app, [*args, "--db", str(db)])


def test_ask_then_follow_up_from_the_command_line(db, tmp_path):
    made = run(db, "ask", "acme.com", "--via", "lee park", "--from", "dana",
               "--reason", "their supplier review", "--at", "2026-11-19")
    assert made.exit_code == 0, made.stderr
    assert made.stdout.startswith("Subject: Would you be open to introducing me to Kim Chu?\n")
    assert made.stderr.strip() == (
        "Recorded ask 1: Dana Reyes > Lee Park > Kim Chu (drafted). Nothing was sent: send the "
        "draft below yourself, then `intrograph ask update 1 asked`.")

    moved = run(db, "ask", "update", "1", "asked", "--at", "2026-11-19", "--note", "by email")
    assert moved.exit_code == 0, moved.stderr
    assert moved.stderr.strip() == "Ask 1: drafted → asked (Lee Park → Kim Chu)."

    listed = run(db, "asks", "--format", "csv", "--today", "2026-11-20")
    assert listed.stdout.splitlines() == [
        "id,state,since,owner,connector,target,next step",
        "1,asked,2026-11-19,dana,Lee Park,Kim Chu (Acme Corp),resend 2026-11-24",
    ]
    data = json.loads(run(db, "asks", "--format", "json").stdout)
    assert [e["state"] for e in data[0]["history"]] == ["drafted", "asked"]
    assert data[0]["history"][1]["note"] == "by email"

    assert run(db, "followups", "--today", "2026-11-23").stdout.strip() == \
        "Nothing to follow up on Mon 2026-11-23."
    due = run(db, "followups", "--today", "2026-11-24")
    assert due.exit_code == 0, due.stderr
    lines = due.stdout.splitlines()
    assert lines[0] == "1 follow-up due on Tue 2026-11-24"
    assert lines[2] == "ask 1  resend  Lee Park → Kim Chu, for dana"
    assert "    | Bringing this back to the top of your inbox in case it got buried: my " \
           "question about an introduction to Kim Chu. No pressure either way." in lines

    # Thanksgiving pushes the call from Thursday to Monday.
    holidays = tmp_path / "holidays.txt"
    holidays.write_text("2026-11-26 Thanksgiving\n2026-11-27\n", encoding="utf-8")
    rows = run(db, "followups", "--today", "2026-11-30", "--holidays", str(holidays),
               "--format", "csv").stdout.splitlines()
    assert rows[1].startswith("1,2026-11-30,call,Lee Park,Kim Chu,dana,asked,")

    ics = tmp_path / "f.ics"
    written = run(db, "followups", "--today", "2026-11-24", "--ics", str(ics))
    assert written.stderr.strip() == f"Wrote 4 follow-ups to {ics}."
    raw = ics.read_bytes()
    assert b"\n" not in raw.replace(b"\r\n", b"")  # CRLF only
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    text = raw.decode("utf-8").replace("\r\n ", "")  # unfold
    assert re.findall(r"DTSTART;VALUE=DATE:(\d+)", text) == ["20261124", "20261126",
                                                             "20261203", "20261210"]
    assert "SUMMARY:Call Lee Park (ask 1: Kim Chu)" in text
    assert "\\n\\nHi Lee\\,\\n\\nI haven't heard back" in text
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith("END:VEVENT\r\nEND:VCALENDAR\r\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ask", "update", "1", "won"], "ask 1 cannot go from drafted to won; from drafted it can "
                                        "go to: asked"),
        (["ask", "update", "1", "ghosted"], "'ghosted' is not a state; choose one of: drafted"),
        (["ask", "update", "7", "asked"], "no ask 7; `intrograph asks` lists them"),
        (["ask", "acme.com", "--via", "Bo", "--from", "dana"],
         "no warm path to 'acme.com' goes through 'Bo' first; did you mean: Lee Park?"),
        (["ask", "acme.com", "--from", "dana"], "say whom to ask: --via CONNECTOR"),
        (["followups", "--today", "tomorrow"], "--today 'tomorrow' is not a date; write "
                                               "YYYY-MM-DD"),
        (["followups", "--cadence", "3,2"], "--cadence '3,2' must be four whole numbers"),
        (["followups", "--holidays", "/nonexistent/h.txt"], "/nonexistent/h.txt: no such file"),
        (["ask", "update", "1", "asked", "--at", "soon"], "--at 'soon' is not a date"),
    ],
)
def test_bad_asks_exit_1_with_one_line(db, args, message):
    assert run(db, "ask", "acme.com", "--via", "Lee Park", "--from", "dana").exit_code == 0
    result = run(db, *args)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {message}")
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_asking_the_same_person_again_within_a_week_says_so(db):
    run(db, "ask", "acme.com", "--via", "Lee Park", "--from", "dana", "--at", "2026-11-19")
    again = run(db, "ask", "Kim Chu", "--via", "Lee Park", "--from", "dana", "--at",
                "2026-11-23")
    assert again.exit_code == 0
    assert again.stderr.startswith("Note: Kim Chu is already in ask 1 (drafted, dana, since "
                                   "2026-11-19).")


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "md"])
def test_ask_listings_in_every_format(db, fmt):
    run(db, "ask", "acme.com", "--via", "Lee Park", "--from", "dana", "--at", "2026-11-19")
    for command in (["asks"], ["followups", "--today", "2026-11-19"]):
        result = run(db, *command, "--format", fmt)
        assert result.exit_code == 0, result.stderr
        assert "Kim Chu" in result.stdout or "Lee Park" in result.stdout


def test_calendar_text_is_escaped_and_folded_on_character_boundaries():
    assert escape_text("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"
    line = "DESCRIPTION:" + "é" * 60
    folded = fold(line).encode("utf-8").split(b"\r\n")
    assert all(len(part) <= 75 for part in folded)
    assert all(part.decode("utf-8") for part in folded)  # no split character
    assert fold(line).replace("\r\n ", "") == line


def test_each_owner_can_see_only_their_own_asks(db):
    run(db, "ask", "acme.com", "--via", "Lee Park", "--from", "dana", "--at", "2026-11-19")
    mine = run(db, "followups", "--owner", "dana", "--today", "2026-11-19", "--format", "json")
    assert [f["owner"] for f in json.loads(mine.stdout)] == ["dana"]
    others = run(db, "followups", "--owner", "lee", "--today", "2026-11-19", "--format", "json")
    assert json.loads(others.stdout) == []
    theirs = run(db, "asks", "--owner", "lee", "--format", "csv")
    assert theirs.stdout.splitlines() == ["id,state,since,owner,connector,target,next step"]
    typo = run(db, "asks", "--owner", "danna")
    assert typo.exit_code == 1
    assert typo.stderr.strip() == "Error: no owner called 'danna'; did you mean: dana?"
