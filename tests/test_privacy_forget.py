"""`forget OWNER`: the store afterwards is the store that never imported that owner."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from intrograph.cli.app import app
from intrograph.errors import NotFound
from intrograph.graph.sqlite_store import SQLiteStore
from intrograph.models import Reject
from tests.conftest import card, owner, pending

runner = CliRunner()


def dana_book():
    load = pending([
        card(1, "Ann Kim", emails=["ann@globex.com"], org="Globex", starred=True),
        card(2, "Cy Park", emails=["cy@initech.com"], org="Initech"),
        card(3, "Bob Lee", emails=["bob@acme.com"]),
    ], file="dana.csv")
    load.load.rejects.append(Reject(file="dana.csv", record=4, reason="no name, email or phone"))
    return load


def bob_book():
    return pending([
        card(1, "Ann Kim", emails=["ann@globex.com"], phones=["4155550100"], org="Globex"),
        card(2, "Dana Reyes", emails=["dana@northwind.com"]),
        card(3, "Eve Moss", emails=["eve@hooli.com"], org="Hooli"),
    ], file="bob.csv")


DANA = owner("dana", "dana@northwind.com", "Dana Reyes")
BOB = owner("bob", "bob@acme.com", "Bob Lee")


def comparable(dump):
    """A dump without what two stores cannot share: batch ids and import times."""
    return {
        **dump,
        "batches": sorted((row[1:-1] for row in dump["batches"]), key=repr),
        "rejects": sorted((row[1:] for row in dump["rejects"]), key=repr),
    }


def test_forget_leaves_the_store_that_never_imported_the_owner(tmp_path):
    with SQLiteStore(tmp_path / "both.db") as both, SQLiteStore(tmp_path / "bob.db") as only:
        both.import_owners([(BOB, [bob_book()]), (DANA, [dana_book()])])
        only.import_files(BOB, [bob_book()])
        assert comparable(both.dump()) != comparable(only.dump())

        removed = both.forget_owner("dana")

        assert comparable(both.dump()) == comparable(only.dump())
        assert removed["records"] == 3 and removed["rejects"] == 1 and removed["owners"] == 1


def test_what_another_owner_also_holds_stays(store):
    store.import_owners([(BOB, [bob_book()]), (DANA, [dana_book()])])
    store.forget_owner("dana")
    names = {p.name for p in store.people()}
    # Cy was only in Dana's book; Ann and Dana herself are in Bob's.
    assert "Cy Park" not in names
    assert {"Ann Kim", "Dana Reyes", "Eve Moss"} <= names
    assert [o.name for o in store.owners()] == ["bob"]
    assert all(r.owner == "bob" for p in store.people() for r in p.records)


def test_forget_drops_identity_decisions_about_the_owners_records(store):
    store.import_owners([(BOB, [bob_book()]), (DANA, [dana_book()])])
    dana_uid = store.db.execute("SELECT uid FROM records WHERE owner = 'dana'").fetchone()[0]
    bob_uid = store.db.execute("SELECT uid FROM records WHERE owner = 'bob'").fetchone()[0]
    store.db.execute("INSERT INTO identity_decisions (kind, a, b, made_at) VALUES "
                     "('merge', ?, ?, '2026-11-01')", (dana_uid, bob_uid))
    store.forget_owner("dana")
    assert store.db.execute("SELECT count(*) FROM identity_decisions").fetchone()[0] == 0


def test_forgetting_an_unknown_owner_names_the_close_ones(store):
    store.import_files(DANA, [dana_book()])
    with pytest.raises(NotFound, match="no owner called 'dan'; did you mean: dana"):
        store.forget_owner("dan")
    assert store.counts()["records"] == 3


def test_forget_command(tmp_path):
    db = tmp_path / "s.db"
    with SQLiteStore(db) as s:
        s.import_owners([(BOB, [bob_book()]), (DANA, [dana_book()])])
    result = runner.invoke(app, ["forget", "dana", "--yes", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "Forgot dana: 3 records, 1 batch, 1 reject" in result.stderr
    owners = runner.invoke(app, ["owners", "--format", "json", "--db", str(db)])
    assert [o["name"] for o in json.loads(owners.stdout)] == ["bob"]


def test_forget_asks_first_and_does_nothing_when_refused(tmp_path):
    db = tmp_path / "s.db"
    with SQLiteStore(db) as s:
        s.import_files(DANA, [dana_book()])
    result = runner.invoke(app, ["forget", "dana", "--db", str(db)], input="n\n")
    assert result.exit_code == 1
    with SQLiteStore(db) as s:
        assert s.counts()["records"] == 3


def test_forgotten_contacts_are_not_left_in_the_files_bytes(tmp_path):
    db = tmp_path / "s.db"
    many = pending([card(i, f"Person {i}", emails=[f"p{i}@initech.com"], org="Initech")
                    for i in range(1, 300)], file="dana.csv")
    with SQLiteStore(db) as s:
        s.import_owners([(BOB, [bob_book()]), (DANA, [many])])
        # Some SQLite builds overwrite deleted content by default; this one must not rely on it.
        s.db.execute("PRAGMA secure_delete = OFF")
        s.forget_owner("dana")
        leftovers = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    # Those people were only in Dana's book; SQLite would otherwise keep their rows in free
    # pages or in the write-ahead log.
    assert not [i for i in range(1, 300) if f"p{i}@initech.com".encode() in leftovers]


def test_forget_also_removes_the_owners_asks_and_identity_decisions(tmp_path):
    import datetime as dt

    from intrograph.graph.identity import find_person, merge_people

    with SQLiteStore(tmp_path / "both.db") as both, SQLiteStore(tmp_path / "bob.db") as only:
        both.import_owners([(BOB, [bob_book()]), (DANA, [dana_book()])])
        only.import_files(BOB, [bob_book()])
        # Dana folds her Cy Park into Bob's Eve Moss (a decision about her record) and asks Bob
        # for an intro; Bob asks Dana for one too, which stays his.
        merge_people(both, "cy@initech.com", "eve@hooli.com")
        eve, ann = find_person(both, "eve@hooli.com"), find_person(both, "ann@globex.com")
        bob_ref = both.person_refs([find_person(both, "bob@acme.com").id])
        at = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
        refs = both.person_refs([eve.id, ann.id])
        both.add_ask(owner="dana", connector=next(iter(bob_ref.values())), target=refs[eve.id],
                     query="Hooli", path=[], reason="", draft="", at=at)
        both.forget_owner("dana")
        assert both.asks() == []
        assert both.decisions() == []
        assert comparable(both.dump()) == comparable(only.dump())


def test_forget_also_removes_the_tags_the_owner_put_on_people(tmp_path):
    from intrograph.graph.identity import find_person

    with SQLiteStore(tmp_path / "both.db") as both, SQLiteStore(tmp_path / "bob.db") as only:
        both.import_owners([(BOB, [bob_book()]), (DANA, [dana_book()])])
        only.import_files(BOB, [bob_book()])
        ann = find_person(both, "ann@globex.com").id
        both.add_tags(ann, ["supply chain"], "dana")
        both.add_tags(ann, ["logistics"], "bob")
        both.forget_owner("dana")
        assert [t.tag for t in both.person_tags([ann])[ann]] == ["logistics"]
        only.add_tags(ann, ["logistics"], "bob")
        got, want = comparable(both.dump()), comparable(only.dump())
        for dump in (got, want):  # the tagging times differ
            dump["person_tags"] = sorted(row[:3] for row in dump["person_tags"])
        assert got == want
