"""Redaction: a viewer never sees the email or phone of a contact only another owner holds."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from intrograph.cli.app import app
from intrograph.graph.sqlite_store import SQLiteStore
from intrograph.models import ShareLevel
from tests.test_privacy_share import BOB, CARL, bob_book, carl_book

runner = CliRunner()
# Contacts only Bob holds: what Carl must never see of them.
SECRETS = ["ann@globex.com", "fay@globex.com", "gus.hale@gmail.com", "4155550133",
           "+14155550133"]
FORMATS = ["table", "json", "csv", "md"]


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "s.db"
    with SQLiteStore(path) as s:
        s.import_owners([(BOB, [bob_book()]), (CARL, [carl_book()])])
    return path


def run(db, *args):
    result = runner.invoke(app, [*args, "--db", str(db)])
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("fmt", FORMATS)
def test_people_redacts_others_contacts_in_every_format(db, fmt):
    theirs = run(db, "people", "--as", "carl", "-f", fmt)
    assert "Ann Kim" in theirs
    if fmt != "json":  # json says it in "ask", checked below
        assert "ask Bob Lee" in theirs
    for secret in SECRETS:
        assert secret not in theirs, (fmt, secret)
    mine = run(db, "people", "--as", "bob", "-f", fmt)
    assert "ann@globex.com" in mine and "+14155550133" in mine


def test_people_json_says_whom_to_ask(db):
    people = {p["name"]: p for p in json.loads(run(db, "people", "--as", "carl", "-f", "json"))}
    assert people["Ann Kim"]["emails"] == [] and people["Ann Kim"]["phones"] == []
    assert people["Ann Kim"]["ask"] == ["Bob Lee"]
    # Carl holds Bob himself, phone and all: his own contact, so in full.
    assert people["Bob Lee"]["phones"] == ["+14155550100"] and people["Bob Lee"]["ask"] == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_show_redacts_in_every_format(db, fmt):
    theirs = run(db, "show", "Ann Kim", "--as", "carl", "-f", fmt)
    assert "Ann Kim" in theirs
    for secret in SECRETS:
        assert secret not in theirs, (fmt, secret)
    assert "ann@globex.com" in run(db, "show", "Ann Kim", "--as", "bob", "-f", fmt)


@pytest.mark.parametrize("fmt", [*FORMATS, "html"])
def test_intro_paths_carry_no_contact_details(db, fmt):
    for target in ("Globex", "Gus Hale"):
        out = run(db, "intro-path", target, "--as", "carl", "-f", fmt)
        assert "Bob Lee" in out
        for secret in SECRETS:
            assert secret not in out, (fmt, target, secret)


def test_a_book_shared_with_nobody_is_not_listed(db):
    with SQLiteStore(db) as s:
        s.set_share("bob", ShareLevel.NONE)
    theirs = run(db, "people", "--as", "carl", "-f", "json")
    assert {p["name"] for p in json.loads(theirs)} == {"Bob Lee", "Carl Diaz"}
    show = runner.invoke(app, ["show", "Ann Kim", "--as", "carl", "--db", str(db)])
    assert show.exit_code == 1 and show.stderr.startswith("Error: no person matches 'Ann Kim'")
    assert "Ann Kim" in run(db, "people", "--as", "bob")


def test_work_level_lists_work_contacts_only(db):
    with SQLiteStore(db) as s:
        s.set_share("bob", ShareLevel.WORK)
    names = {p["name"] for p in json.loads(run(db, "people", "--as", "carl", "-f", "json"))}
    assert names == {"Ann Kim", "Bob Lee", "Carl Diaz"}


def test_searching_by_a_withheld_address_does_not_confirm_whose_it_is(db):
    by_email = json.loads(run(db, "people", "ann@globex.com", "--as", "carl", "-f", "json"))
    assert by_email == []
    assert [p["name"] for p in json.loads(run(db, "people", "ann@globex.com", "--as", "bob",
                                              "-f", "json"))] == ["Ann Kim"]
    by_name = json.loads(run(db, "people", "Kim", "--as", "carl", "-f", "json"))
    assert [p["name"] for p in by_name] == ["Ann Kim"]
    show = runner.invoke(app, ["show", "ann@globex.com", "--as", "carl", "--db", str(db)])
    assert show.exit_code == 1


def test_a_person_only_a_hidden_book_holds_is_unknown_to_intro_path(db):
    with SQLiteStore(db) as s:
        s.set_share("bob", ShareLevel.NONE)
    result = runner.invoke(app, ["intro-path", "Gus Hale", "--as", "carl", "--db", str(db)])
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: no organisation or person matches 'Gus Hale'"
    assert run(db, "intro-path", "Gus Hale", "--as", "bob").count("Gus Hale") >= 1


def test_orgs_only_a_hidden_book_knows_are_not_listed(db):
    def orgs(viewer):
        return {o["name"]: o["people"] for o in json.loads(
            run(db, "orgs", "--as", viewer, "-f", "json"))}

    assert orgs("carl") == orgs("bob") == {"Globex": 2}
    with SQLiteStore(db) as s:
        s.set_share("bob", ShareLevel.WORK)
    assert orgs("carl") == {"Globex": 1}  # Fay is Bob's friend
    with SQLiteStore(db) as s:
        s.set_share("bob", ShareLevel.NONE)
    assert orgs("carl") == {}
    assert orgs("bob") == {"Globex": 2}
