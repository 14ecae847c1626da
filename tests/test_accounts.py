"""`accounts`: the coverage report over a list of target accounts."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from intrograph.cli.app import app
from intrograph.errors import InputError
from intrograph.graph.accounts import AccountRequest, coverage, read_accounts
from intrograph.graph.targets import intro_paths
from tests.conftest import card, owner, pending

runner = CliRunner()
DANA = owner("dana", "dana@northwind.com", "Dana Reyes")
LUIS = owner("luis", "luis@northwind.com", "Luis Ortiz")


@pytest.fixture
def team(store):
    store.import_files(DANA, [pending([
        card(1, "Bob Lee", emails=["bob@acme.com"], org="Acme", starred=True,
             phones=["4155550100"]),
        card(2, "Luis Ortiz", emails=["luis@northwind.com"], labels=["coworkers"]),
    ])])
    store.import_files(LUIS, [pending([
        card(1, "Dana Reyes", emails=["dana@northwind.com"]),
        card(2, "Ann Kim", emails=["ann@globex.com"], org="Globex"),
        card(3, "Cy Park", emails=["cy@globex.com"], org="Globex"),
    ])])
    # Initech is known (someone's old employer) but nobody on the team reaches anyone there.
    store.import_files(owner("zed"), [pending([
        card(1, "Ida Roe", emails=["ida@initech.com"], org="Initech"),
    ], file="old.csv")])
    return store


def test_rows_are_warm_first_then_cold_then_unknown(team):
    requests = [AccountRequest("globex.com"), AccountRequest("Nowhere Inc", "luis"),
                AccountRequest("Acme", "dana")]
    report = coverage(team, requests, from_owners=["dana", "luis"])
    assert [(r.account, r.status) for r in report.accounts] == [
        ("Acme", "warm"), ("globex.com", "warm"), ("Nowhere Inc", "not found")]
    acme, globex, nowhere = report.accounts
    assert acme.best_connector == "dana" and acme.rep == "dana" and acme.paths == 1
    assert globex.paths == 2 and globex.best_connector == "luis"
    assert "no organisation or person matches 'Nowhere Inc'" in nowhere.message


def test_an_account_nobody_reaches_is_cold(team):
    [row] = coverage(team, [AccountRequest("Initech")], from_owners=["dana", "luis"]).accounts
    assert row.status == "cold" and row.best is None and row.organization.name == "Initech"


def test_the_batch_agrees_with_intro_path_account_by_account(team):
    names = ["Acme", "Globex", "Initech"]
    report = coverage(team, [AccountRequest(n) for n in names])
    for row in report.accounts:
        single = intro_paths(team, row.account, k=1)
        if row.best is None:
            assert single.paths == []
        else:
            assert row.best.score == pytest.approx(single.paths[0].score)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Acme\n\n# ignored\nGlobex\nAcme\n", [AccountRequest("Acme"), AccountRequest("Globex")]),
        ("account,rep\nAcme,dana\n,luis\nGlobex,\n",
         [AccountRequest("Acme", "dana"), AccountRequest("Globex")]),
        ("Owner,Account\nluis,Initech\n", [AccountRequest("Initech", "luis")]),
    ],
)
def test_reading_account_lists(tmp_path, text, expected):
    path = tmp_path / "targets.csv"
    path.write_text(text)
    assert read_accounts(path) == expected


@pytest.mark.parametrize(("text", "message"), [
    ("", "targets.csv: lists no accounts"),
    ("company,rep\nAcme,dana\n", "targets.csv: a CSV of accounts needs an 'account' column"),
])
def test_unusable_account_lists_are_refused(tmp_path, text, message):
    path = tmp_path / "targets.csv"
    path.write_text(text)
    with pytest.raises(InputError) as info:
        read_accounts(path)
    assert str(info.value) == message


def test_cli_json_report(team, tmp_path):
    path = tmp_path / "targets.txt"
    path.write_text("Acme\nNowhere Inc\n")
    result = runner.invoke(app, ["accounts", str(path), "--format", "json",
                                 "--db", str(team.path)])
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)["accounts"]
    assert [r["status"] for r in rows] == ["warm", "not found"]
    best = rows[0]["best"]
    assert best["people"][0]["name"] == "Dana Reyes" and best["links"][0]["from"]
