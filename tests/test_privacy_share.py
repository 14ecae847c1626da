"""Sharing levels and the viewer: what one owner's colleagues may route through and see."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from intrograph.cli.app import app
from intrograph.errors import NotFound
from intrograph.graph.accounts import AccountRequest, coverage
from intrograph.graph.privacy import is_work_contact, scope_for
from intrograph.graph.sqlite_store import SQLiteStore
from intrograph.graph.targets import intro_paths
from intrograph.models import ShareLevel
from tests.conftest import card, owner, pending

runner = CliRunner()
BOB = owner("bob", "bob@acme.com", "Bob Lee")
CARL = owner("carl", "carl@acme.com", "Carl Diaz")


def bob_book():
    return pending([
        card(1, "Ann Kim", emails=["ann@globex.com"], org="Globex", starred=True),
        card(2, "Fay Wu", emails=["fay@globex.com"], org="Globex", labels=["friends"]),
        card(3, "Gus Hale", emails=["gus.hale@gmail.com"], phones=["4155550133"]),
    ], file="bob.csv")


def carl_book():
    return pending([card(1, "Bob Lee", emails=["bob@acme.com"], starred=True,
                         phones=["4155550100"])], file="carl.csv")


@pytest.fixture
def team(store):
    store.import_owners([(BOB, [bob_book()]), (CARL, [carl_book()])])
    return store


def ends(result):
    return sorted(p.people[-1].name for p in result.paths)


@pytest.mark.parametrize(
    ("share", "carl_sees"),
    [
        (ShareLevel.ALL, ["Ann Kim", "Fay Wu"]),
        (ShareLevel.WORK, ["Ann Kim"]),          # Fay is labelled friends
        (ShareLevel.COUNTS, ["ask Bob Lee", "ask Bob Lee"]),
        (ShareLevel.NONE, []),
    ],
)
def test_what_a_colleague_reaches_through_each_level(team, share, carl_sees):
    team.set_share("bob", share)
    assert ends(intro_paths(team, "Globex", viewer="carl")) == carl_sees
    # The owner always sees their own book in full.
    assert ends(intro_paths(team, "Globex", viewer="bob")) == ["Ann Kim", "Fay Wu"]


def test_work_hides_contacts_reached_only_by_private_channels(team):
    assert ends(intro_paths(team, "gus.hale@gmail.com", viewer="carl")) == ["Gus Hale"]
    team.set_share("bob", ShareLevel.WORK)
    with pytest.raises(NotFound, match="no organisation or person matches"):
        intro_paths(team, "gus.hale@gmail.com", viewer="carl")
    assert ends(intro_paths(team, "gus.hale@gmail.com", viewer="bob")) == ["Gus Hale"]


@pytest.mark.parametrize(
    ("fields", "work"),
    [
        ({"organization": "Globex"}, True),
        ({"emails": ["ann@globex.com"]}, True),
        ({"emails": ["ann@gmail.com"], "phones": ["4155550100"]}, False),
        ({"organization": "Globex", "labels": ["family"]}, False),
        ({"organization": "Globex", "labels": ["Personal"]}, False),
        ({"phones": ["4155550100"]}, False),
    ],
)
def test_which_records_are_work_contacts(fields, work):
    emails = fields.pop("emails", ())
    phones = fields.pop("phones", ())
    org = fields.pop("organization", "")
    assert is_work_contact(card(1, "X", emails=emails, phones=phones, org=org, **fields)) is work


def test_counts_shows_how_many_paths_but_not_to_whom(tmp_path):
    db = tmp_path / "s.db"
    with SQLiteStore(db) as s:
        s.import_owners([(BOB, [bob_book()]), (CARL, [carl_book()])])
        s.set_share("bob", ShareLevel.COUNTS)
    for fmt in ("json", "table", "csv", "md", "html"):
        result = runner.invoke(app, ["intro-path", "Globex", "--as", "carl", "-f", fmt,
                                     "--db", str(db)])
        assert result.exit_code == 0, result.stderr
        assert "Ann" not in result.stdout and "Fay" not in result.stdout, fmt
        assert "ask Bob Lee" in result.stdout, fmt
    data = json.loads(runner.invoke(app, ["intro-path", "Globex", "--as", "carl", "-f", "json",
                                          "--db", str(db)]).stdout)
    assert len(data["paths"]) == 2
    first = data["paths"][0]
    assert [p["name"] for p in first["people"]] == ["Bob Lee", "ask Bob Lee"]
    assert first["people"][-1]["organization"] == "Globex"
    assert first["links"][0]["evidence"][0]["kind"] == "withheld"


def test_counts_in_the_coverage_report(team):
    team.set_share("bob", ShareLevel.COUNTS)
    row = coverage(team, [AccountRequest("Globex")], viewer="carl").accounts[0]
    assert row.status == "warm" and row.paths == 2
    assert [p.name for p in row.best.people] == ["Bob Lee", "ask Bob Lee"]


def test_a_tie_another_visible_book_also_holds_stays_without_the_hidden_evidence(team):
    dana = owner("dana", "dana@northwind.com", "Dana Reyes")
    team.import_files(dana, [pending([card(1, "Ann Kim", emails=["ann@globex.com"],
                                           org="Globex")], file="dana.csv")])
    team.set_share("bob", ShareLevel.NONE)
    result = intro_paths(team, "Globex", viewer="carl")
    assert ends(result) == ["Ann Kim"]
    assert [p.people[0].name for p in result.paths] == ["Dana Reyes"]


def test_a_hidden_books_evidence_is_left_off_a_tie_both_hold(store):
    bob_holds_carl = pending([*bob_book().load.records,
                              card(4, "Carl Diaz", emails=["carl@acme.com"])], file="bob.csv")
    store.import_owners([(BOB, [bob_holds_carl]), (CARL, [carl_book()])])
    [before] = intro_paths(store, "bob@acme.com", from_owners=["carl"], viewer="carl").paths
    assert {e.owner for e in before.links[0].evidence} == {"bob", "carl", None}
    store.set_share("bob", ShareLevel.NONE)
    [after] = intro_paths(store, "bob@acme.com", from_owners=["carl"], viewer="carl").paths
    assert [(e.kind, e.owner) for e in after.links[0].evidence] == [("address_book", "carl")]
    # Nor does the tie keep the strength Bob's book added: Carl's record alone (email, phone,
    # starred) is 0.70; both together were more.
    assert before.links[0].strength > 0.70
    assert after.links[0].strength == pytest.approx(0.70) and after.score == pytest.approx(0.70)


def test_none_also_applies_with_no_viewer(team):
    team.set_share("bob", ShareLevel.NONE)
    assert ends(intro_paths(team, "Globex")) == []


def test_an_unknown_viewer_is_an_error(team):
    with pytest.raises(NotFound, match="no owner called 'karl' to see results as; did you "
                                       "mean: carl"):
        intro_paths(team, "Globex", viewer="karl")


def test_viewer_defaults_to_INTROGRAPH_AS(tmp_path, monkeypatch):
    db = tmp_path / "s.db"
    with SQLiteStore(db) as s:
        s.import_owners([(BOB, [bob_book()]), (CARL, [carl_book()])])
    assert runner.invoke(app, ["owner", "set", "bob", "--share", "none", "--db",
                               str(db)]).exit_code == 0
    monkeypatch.setenv("INTROGRAPH_AS", "bob")
    mine = runner.invoke(app, ["intro-path", "Globex", "-f", "json", "--db", str(db)])
    assert len(json.loads(mine.stdout)["paths"]) == 2
    monkeypatch.setenv("INTROGRAPH_AS", "carl")
    theirs = runner.invoke(app, ["intro-path", "Globex", "-f", "json", "--db", str(db)])
    assert json.loads(theirs.stdout)["paths"] == []


def test_owner_set_refuses_an_unknown_owner_and_level(tmp_path):
    db = tmp_path / "s.db"
    with SQLiteStore(db) as s:
        s.import_files(BOB, [bob_book()])
    bad = runner.invoke(app, ["owner", "set", "bobby", "--share", "none", "--db", str(db)])
    assert bad.exit_code == 1 and bad.stderr.startswith("Error: no owner called 'bobby'")
    level = runner.invoke(app, ["owner", "set", "bob", "--share", "some", "--db", str(db)])
    assert level.exit_code == 2
    shown = runner.invoke(app, ["owners", "-f", "json", "--db", str(db)])
    assert json.loads(shown.stdout)[0]["share"] == "all"


def test_known_filters_candidates_a_viewer_may_be_shown(team):
    ids = {p.name: p.id for p in team.people()}
    everyone = [ids["Ann Kim"], ids["Fay Wu"], ids["Gus Hale"]]
    assert scope_for(team, "carl").known(everyone) == everyone
    team.set_share("bob", ShareLevel.WORK)
    assert scope_for(team, "carl").known(everyone) == [ids["Ann Kim"]]
    assert scope_for(team, "bob").known(everyone) == everyone


def test_accounts_command_as_a_viewer(tmp_path):
    db = tmp_path / "s.db"
    with SQLiteStore(db) as s:
        s.import_owners([(BOB, [bob_book()]), (CARL, [carl_book()])])
        s.set_share("bob", ShareLevel.COUNTS)
    targets = tmp_path / "targets.txt"
    targets.write_text("Globex\n", encoding="utf-8")
    for fmt in ("json", "table", "csv", "md", "html"):
        result = runner.invoke(app, ["accounts", str(targets), "--as", "carl", "-f", fmt,
                                     "--db", str(db)])
        assert result.exit_code == 0, result.stderr
        assert "Ann" not in result.stdout and "Fay" not in result.stdout, fmt
        assert "ask Bob Lee" in result.stdout, fmt
    mine = runner.invoke(app, ["accounts", str(targets), "--as", "bob", "-f", "json",
                               "--db", str(db)])
    assert json.loads(mine.stdout)["accounts"][0]["best"]["people"][-1]["name"] == "Ann Kim"
