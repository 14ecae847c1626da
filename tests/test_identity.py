"""`merge` and `split`: hand decisions that later imports respect, without moving other ids."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from intrograph.cli.app import app
from intrograph.errors import InputError, NotFound
from intrograph.graph.identity import find_person, merge_people, split_person
from intrograph.graph.sqlite_store import SQLiteStore
from tests.conftest import card, owner, pending

DANA = owner("dana", "dana@northwind.com", "Dana Reyes")
LUIS = owner("luis", "luis@northwind.com", "Luis Ortiz")
runner = CliRunner()


def dana_book(tag="v1", extra=()):
    return pending([
        card(1, "Robert Lee", emails=["rlee@acme.com"], org="Acme"),
        card(2, "Pat Kim", emails=["pat@kim.org"], phones=["415 555 0177"]),
        *extra,
    ], tag=tag)


def luis_book(tag="v1"):
    return pending([
        card(1, "Bobby L.", phones=["415 555 0100"]),  # Bob, but nothing says so
        card(2, "Pat Kim", phones=["(415) 555-0177"]),  # two Pats who share an office line
        card(3, "Cara Diaz", emails=["cara@globex.com"]),
    ], tag=tag)


@pytest.fixture
def both(store):
    store.import_files(DANA, [dana_book()])
    store.import_files(LUIS, [luis_book()])
    return store


def test_merge_makes_one_person_and_a_reimport_keeps_it(both):
    bob = find_person(both, "rlee@acme.com")
    bobby = find_person(both, "Bobby L.")
    merged = merge_people(both, bob.id, bobby.id)
    assert merged.id == bob.id  # the first keeps its id
    assert {(r.owner, r.record) for r in merged.records} == {("dana", 1), ("luis", 1)}
    assert "merged by hand" in merged.why
    # A newer export of Luis's book (same contact, another position) still honours it.
    both.import_files(LUIS, [pending([card(1, "Cara Diaz", emails=["cara@globex.com"]),
                                      card(2, "Bobby L.", phones=["415 555 0100"])],
                                     tag="v2")])
    again = find_person(both, "rlee@acme.com")
    assert again.id == bob.id and len(again.records) == 2


def test_split_moves_records_off_and_keeps_them_apart_across_reimports(both):
    pat = find_person(both, "pat@kim.org")
    assert len(pat.records) == 2
    cara_id = find_person(both, "cara@globex.com").id
    people = split_person(both, pat.id, ["luis:contacts.csv#2"])
    assert len(people) == 2
    stay = next(p for p in people if p.id == pat.id)  # the rest keep the id
    assert [(r.owner, r.record) for r in stay.records] == [("dana", 2)]
    both.import_files(DANA, [dana_book(tag="v2", extra=[card(3, "X Y", emails=["x@y.org"])])])
    assert len([p for p in both.people("pat kim")]) == 2
    assert find_person(both, "pat@kim.org").id == pat.id
    assert find_person(both, "cara@globex.com").id == cara_id  # nobody else moved


def test_a_merge_after_a_split_wins(both):
    pat = find_person(both, "pat@kim.org")
    people = split_person(both, pat.id, ["luis:contacts.csv#2"])
    other = next(p for p in people if p.id != pat.id)
    merged = merge_people(both, pat.id, other.id)
    assert len(merged.records) == 2 and len(both.people("pat kim")) == 1
    assert not [d for d in both.decisions() if d[0] == "split"]


def test_bad_requests_say_what_is_wrong(both):
    pat = find_person(both, "pat@kim.org")
    with pytest.raises(InputError, match="has no record luis:contacts.csv#9; their records: "
                                         "dana:contacts.csv#2, luis:contacts.csv#2"):
        split_person(both, pat.id, ["luis:contacts.csv#9"])
    with pytest.raises(InputError, match="nothing would remain"):
        split_person(both, pat.id, ["luis:contacts.csv#2", "dana:contacts.csv#2"])
    with pytest.raises(InputError, match="already one person"):
        merge_people(both, pat.id, "pat@kim.org")
    with pytest.raises(InputError, match="two owners"):
        merge_people(both, "dana@northwind.com", "luis@northwind.com")
    with pytest.raises(NotFound, match="no person matches 'nobody'"):
        find_person(both, "nobody")


def test_a_failed_decision_leaves_the_store_as_it_was(both, monkeypatch):
    before = both.dump()

    def boom(*a, **k):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(both, "_rederive", boom)
    with pytest.raises(RuntimeError):
        merge_people(both, "rlee@acme.com", "Bobby L.")
    assert both.dump() == before


def test_cli_merge_split_and_why_in_people_json(tmp_path):
    db = tmp_path / "s.db"
    with SQLiteStore(db) as s:
        s.import_files(DANA, [dana_book()])
        s.import_files(LUIS, [luis_book()])
        bob, bobby = find_person(s, "rlee@acme.com").id, find_person(s, "Bobby L.").id
    r = runner.invoke(app, ["merge", bob, bobby, "--db", str(db), "--format", "json"])
    assert r.exit_code == 0, r.output
    [merged] = json.loads(r.stdout)
    assert merged["id"] == bob and merged["why"] == ["merged by hand"]
    r = runner.invoke(app, ["people", "pat", "--db", str(db), "--format", "json"])
    [pat] = json.loads(r.stdout)
    assert pat["why"] == ["same phone +14155550177"]
    r = runner.invoke(app, ["split", pat["id"], "luis:contacts.csv#2", "--db", str(db)])
    assert r.exit_code == 0 and "split into 2 people" in r.stderr
    r = runner.invoke(app, ["split", pat["id"], "luis:contacts.csv#7", "--db", str(db)])
    assert r.exit_code == 1
    assert r.stderr.startswith("Error: Pat Kim (") and "has no record luis:contacts.csv#7" in (
        r.stderr)


def _two_charles(store):
    """Two Charles Smiths the resolver keeps apart: one at Young (two cards sharing an email),
    one at Miranda (three cards, chained by a phone and then a personal email)."""
    store.import_files(DANA, [pending([
        card(1, "Charles Smith", emails=["csmith@young.com"], org="Young LLC"),
        card(2, "Charles Smith", phones=["737 555 5595"], org="Miranda-Bartlett"),
    ])])
    store.import_files(LUIS, [pending([
        card(1, "Charles Smith", emails=["csmith@young.com"], phones=["213 555 9185"]),
        card(2, "Charles Smith", emails=["charlessmith97@gmail.com"], phones=["737 555 5595"],
             org="Miranda-Bartlett"),
        card(3, "Charles Smith", emails=["charlessmith97@gmail.com"]),
    ])])
    young = find_person(store, "csmith@young.com")
    miranda = find_person(store, "charlessmith97@gmail.com")
    assert young.id != miranda.id and len(miranda.records) == 3
    return young, miranda


def _labels(person) -> set[str]:
    return {f"{r.owner}:{r.file}#{r.record}" for r in person.records}


@pytest.mark.parametrize("moved", ["dana:contacts.csv#2", "luis:contacts.csv#2",
                                   "luis:contacts.csv#3"])
def test_splitting_one_card_off_a_merge_keeps_the_rest_of_the_merge(tmp_path, moved):
    # Whichever card the hand merge was recorded through, moving just that card off must not
    # quietly undo the merge for the others.
    with SQLiteStore(tmp_path / "s.db") as store:
        young, miranda = _two_charles(store)
        merged = merge_people(store, young.id, miranda.id)
        people = split_person(store, merged.id, [moved])
        assert [_labels(p) for p in people] == [
            _labels(young) | _labels(miranda) - {moved}, {moved}]
        assert people[0].id == young.id


def test_a_split_lists_every_person_the_records_end_up_in(both):
    # Luis's card 2 is the only thing joining the two others (an email one way, a phone the
    # other): moving it off leaves them apart, and the answer must show all three, not two.
    both.import_files(LUIS, [pending([
        card(1, "Rob", phones=["415 555 0100"]),
        card(2, "Robert Lee", emails=["rlee@acme.com"], phones=["415 555 0100"]),
        card(3, "Cara Diaz", emails=["cara@globex.com"]),
    ], tag="v2")])
    bob = find_person(both, "rlee@acme.com")
    assert _labels(bob) == {"dana:contacts.csv#1", "luis:contacts.csv#1", "luis:contacts.csv#2"}
    people = split_person(both, bob.id, ["luis:contacts.csv#2"])
    assert sorted(map(_labels, people), key=sorted) == [
        {"dana:contacts.csv#1"}, {"luis:contacts.csv#1"}, {"luis:contacts.csv#2"}]
    assert people[0].id == bob.id


def test_cli_merge_prints_the_split_that_undoes_it(tmp_path):
    db = tmp_path / "s.db"
    with SQLiteStore(db) as s:
        young, miranda = _two_charles(s)
    r = runner.invoke(app, ["merge", young.id, miranda.id, "--db", str(db)])
    assert r.exit_code == 0, r.output
    hint = r.stderr.split("undo with: ", 1)[1].split()
    assert hint[:3] == ["intrograph", "split", young.id]
    r = runner.invoke(app, hint[1:] + ["--db", str(db), "--format", "json"])
    assert r.exit_code == 0, r.output
    assert "split into 2 people" in r.stderr
    assert [set(f"{x['owner']}:{x['file']}#{x['record']}" for x in p["records"])
            for p in json.loads(r.stdout)] == [_labels(young), _labels(miranda)]


def test_a_merged_person_still_says_which_keys_join_its_records(tmp_path):
    with SQLiteStore(tmp_path / "s.db") as store:
        young, miranda = _two_charles(store)
        merged = merge_people(store, young.id, miranda.id)
    assert "merged by hand" in merged.why
    assert {"same email csmith@young.com", "same phone +17375555595",
            "same email charlessmith97@gmail.com"} <= set(merged.why)
