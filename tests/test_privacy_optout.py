"""`optout`: an opted-out person is never a target or an intermediary, across re-imports."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from intrograph.cli.app import app
from intrograph.errors import NotFound
from intrograph.graph.accounts import AccountRequest, coverage
from intrograph.graph.privacy import blocked_person_ids, optout_key, resolve_optout
from intrograph.graph.sqlite_store import SQLiteStore
from intrograph.graph.targets import intro_paths
from tests.conftest import card, owner, pending

runner = CliRunner()
DANA = owner("dana", "dana@northwind.com", "Dana Reyes")
LUIS = owner("luis", "luis@northwind.com", "Luis Ortiz")


def dana_book(tag="v1", ann_phone=()):
    return pending([
        card(1, "Ann Kim", emails=["ann@globex.com"], phones=ann_phone, org="Globex",
             starred=True),
        card(2, "Luis Ortiz", emails=["luis@northwind.com"], labels=["coworkers"],
             starred=True, phones=["4155550111"]),
    ], file="dana.csv", tag=tag)


def luis_book():
    return pending([
        card(1, "Cy Park", emails=["cy@globex.com"], org="Globex", starred=True,
             phones=["4155550122"], linkedin_url="https://www.linkedin.com/in/cypark"),
    ], file="luis.csv")


@pytest.fixture
def team(store):
    store.import_owners([(DANA, [dana_book()]), (LUIS, [luis_book()])])
    return store


def ends(result):
    return sorted(p.people[-1].name for p in result.paths)


def via(result):
    return sorted({x.name for p in result.paths for x in p.people[1:-1]})


def test_an_opted_out_person_is_never_a_target(team):
    assert ends(intro_paths(team, "Globex")) == ["Ann Kim", "Cy Park"]
    team.add_optouts(resolve_optout(team, "ann@globex.com"))
    assert ends(intro_paths(team, "Globex")) == ["Cy Park"]
    with pytest.raises(NotFound, match="Ann Kim asked not to be introduced to"):
        intro_paths(team, "ann@globex.com")


def test_an_opted_out_person_is_never_an_intermediary(team):
    assert via(intro_paths(team, "Globex", from_owners=["dana"])) == ["Luis Ortiz"]
    team.add_optouts(resolve_optout(team, "+1 415 555 0111"))  # Luis's phone
    result = intro_paths(team, "Globex", from_owners=["dana"])
    # Ann may still lead on to her colleague Cy through Globex; Luis leads nowhere.
    assert "Luis Ortiz" not in via(result) and "Ann Kim" in ends(result)


def test_accounts_respects_opt_outs(team):
    before = coverage(team, [AccountRequest("Globex")], from_owners=["dana"])
    assert before.accounts[0].paths == 2
    team.add_optouts(resolve_optout(team, "Ann Kim"))
    after = coverage(team, [AccountRequest("Globex")], from_owners=["dana"])
    assert after.accounts[0].paths == 1
    assert after.accounts[0].best.people[-1].name == "Cy Park"


def test_an_opt_out_outlives_re_imports_and_new_person_ids(team):
    team.add_optouts(resolve_optout(team, "Ann Kim"))
    old = blocked_person_ids(team)
    # A newer export gives Ann a phone; a new owner's book holds her by that phone only, so
    # her person now merges three records under a new id.
    team.import_files(DANA, [dana_book(tag="v2", ann_phone=["4155550199"])])
    bob = owner("bob", "bob@acme.com")
    team.import_files(bob, [pending([card(1, "A. Kim", phones=["(415) 555-0199"], org="Globex",
                                          starred=True)], file="bob.csv")])
    assert ends(intro_paths(team, "Globex")) == ["Cy Park"]
    [ann] = [p for p in team.people("Kim")]
    assert len(ann.records) == 2
    assert ann.id in blocked_person_ids(team)
    assert old  # she was blocked before, under whatever id she had then


def test_opting_out_someone_not_imported_yet_holds_when_they_arrive(store):
    store.add_optouts(resolve_optout(store, "https://linkedin.com/in/CyPark/"))
    store.import_owners([(DANA, [dana_book()]), (LUIS, [luis_book()])])
    assert ends(intro_paths(store, "Globex")) == ["Ann Kim"]


@pytest.mark.parametrize(
    ("entry", "key"),
    [("Ann@Globex.com", "e:ann@globex.com"), ("+44 20 7946 0958", "t:+442079460958"),
     ("linkedin.com/in/cypark", "l:linkedin.com/in/cypark"), ("Ann Kim", None)],
)
def test_entries_become_normalised_keys(entry, key):
    assert optout_key(entry) == key


def test_an_unknown_name_is_refused_with_the_way_out(team):
    with pytest.raises(NotFound, match="nobody called 'Ann Kym'.*give an email.*Ann Kim"):
        resolve_optout(team, "Ann Kym")


def test_optout_command_list_and_undo(tmp_path):
    db = tmp_path / "s.db"
    with SQLiteStore(db) as s:
        s.import_owners([(DANA, [dana_book()]), (LUIS, [luis_book()])])
    assert runner.invoke(app, ["optout", "Cy Park", "--db", str(db)]).exit_code == 0
    listed = json.loads(runner.invoke(app, ["optout", "--list", "-f", "json", "--db",
                                            str(db)]).stdout)
    assert sorted(row["key"] for row in listed) == [
        "e:cy@globex.com", "l:linkedin.com/in/cypark", "t:+14155550122"]
    path = runner.invoke(app, ["intro-path", "Globex", "-f", "json", "--db", str(db)])
    assert [p["people"][-1]["name"] for p in json.loads(path.stdout)["paths"]] == ["Ann Kim"]

    undone = runner.invoke(app, ["optout", "--undo", "Cy Park", "--db", str(db)])
    assert undone.exit_code == 0 and "Took back 3 opt-outs" in undone.stderr
    path = runner.invoke(app, ["intro-path", "Globex", "-f", "json", "--db", str(db)])
    assert len(json.loads(path.stdout)["paths"]) == 2


def test_optout_file_applies_good_lines_and_names_bad_ones(tmp_path):
    db = tmp_path / "s.db"
    with SQLiteStore(db) as s:
        s.import_owners([(DANA, [dana_book()]), (LUIS, [luis_book()])])
    listing = tmp_path / "optouts.txt"
    listing.write_text("# people who asked\nann@globex.com\n\nNo Such Person\ncy@globex.com\n",
                       encoding="utf-8")
    result = runner.invoke(app, ["optout", "--file", str(listing), "--db", str(db)])
    assert result.exit_code == 1
    assert "Opted out 2 entries (2 new keys)" in result.stderr
    assert "Error: optouts.txt record 4: nobody called 'No Such Person'" in result.stderr
    cold = runner.invoke(app, ["intro-path", "Globex", "--db", str(db)])
    assert cold.exit_code == 0 and "cold" in cold.stdout
