"""The embedded store: resolution, ties, idempotence, replacement and atomicity."""

from __future__ import annotations

import math
import sqlite3

import pytest

from intrograph.errors import SchemaVersionError, StoreError
from intrograph.graph.sqlite_store import SCHEMA_VERSION, SQLiteStore
from tests.conftest import card, owner, pending

DANA = owner("dana", "dana@northwind.com", "Dana Reyes")
LUIS = owner("luis", "luis@northwind.com", "Luis Ortiz")


def dana_book(tag="v1"):
    return pending(
        [
            card(1, "Bob Lee", emails=["BOB@acme.com"], phones=["(415) 555-0100"], org="Acme Corp",
                 title="VP Sales", starred=True, labels=["starred"]),
            card(2, "Luis Ortiz", emails=["luis@northwind.com"], phones=["415 555 0199"],
                 labels=["coworkers"]),
            card(3, "Cara Diaz", emails=["cara@gmail.com"], org="Globex"),
        ],
        tag=tag,
    )


def luis_book():
    return pending(
        [
            card(1, "Robert Lee", phones=["+1 415-555-0100"], org="ACME Corporation, Inc."),
            card(2, "Dana Reyes", emails=["dana@northwind.com"], labels=["coworkers"]),
        ]
    )


def test_same_human_in_two_books_is_one_person(store):
    store.import_files(DANA, [dana_book()])
    store.import_files(LUIS, [luis_book()])
    bobs = [p for p in store.people("lee")]
    assert len(bobs) == 1
    bob = bobs[0]
    assert bob.emails == ["bob@acme.com"] and bob.phones == ["+14155550100"]
    assert {(r.owner, r.file, r.record) for r in bob.records} == {
        ("dana", "contacts.csv", 1), ("luis", "contacts.csv", 1)}
    assert bob.organization in ("Acme Corp", "ACME Corporation, Inc.")
    assert len(store.organizations("acme")) == 1


def test_owners_are_people_and_reciprocal_ties_are_stronger(store):
    store.import_files(DANA, [dana_book()])
    store.import_files(LUIS, [luis_book()])
    owners = {o.name: o for o in store.owners()}
    dana, luis = owners["dana"].person_id, owners["luis"].person_id
    assert dana and luis and dana != luis
    tie = store.tie(dana, luis)
    assert tie is not None
    # dana: email + phone + coworkers = 0.60; luis: email + coworkers = 0.45; noisy-or; and
    # Bob Lee is in both books: one mutual contact adds 0.30 * (1 - e^(-1/3)), noisy-or too.
    assert tie.strength == pytest.approx(1 - 0.4 * 0.55 * (1 - 0.3 * (1 - math.exp(-1 / 3))))
    assert {e.kind for e in tie.evidence} == {"address_book", "reciprocal", "mutual"}
    assert {e.owner for e in tie.evidence if e.owner} == {"dana", "luis"}


def test_importing_the_same_file_twice_changes_nothing(store):
    store.import_files(DANA, [dana_book()])
    store.import_files(LUIS, [luis_book()])
    before = store.dump()
    [again] = store.import_files(DANA, [dana_book()])
    assert again.unchanged
    assert store.dump() == before


def test_a_newer_export_replaces_the_older_one(store):
    store.import_files(DANA, [dana_book()])
    newer = pending([card(1, "Cara Diaz", emails=["cara@gmail.com"], org="Initech")], tag="v2")
    [summary] = store.import_files(DANA, [newer])
    assert summary.replaced == 3 and summary.records == 1
    assert [p.name for p in store.people() if p.owner is None] == ["Cara Diaz"]
    assert store.people("cara")[0].organization == "Initech"
    assert store.counts()["batches"] == 1


def test_a_newer_export_reports_what_was_added_updated_and_removed(store):
    store.import_files(DANA, [dana_book()])
    newer = pending(
        [
            card(1, "Cara Diaz", emails=["cara@gmail.com"], org="Initech"),  # moved, changed
            card(2, "Luis Ortiz", emails=["luis@northwind.com"], phones=["415 555 0199"],
                 labels=["coworkers"]),  # same contents
            card(3, "Eve Park", emails=["eve@hooli.com"]),  # new
        ],
        tag="v2",
    )
    [s] = store.import_files(DANA, [newer])
    assert (s.added, s.updated, s.removed) == (1, 1, 1)  # Bob Lee went


def test_a_failed_import_leaves_the_store_as_it_was(store, monkeypatch):
    store.import_files(DANA, [dana_book()])
    before = store.dump()

    def explode(*a, **k):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("intrograph.graph.sqlite_store.derive", explode)
    with pytest.raises(RuntimeError):
        store.import_files(LUIS, [luis_book()])
    assert store.dump() == before


def test_refuses_a_store_from_a_newer_version(tmp_path):
    path = tmp_path / "s.db"
    SQLiteStore(path).close()
    con = sqlite3.connect(path)
    con.execute("PRAGMA user_version = 99")
    con.close()
    with pytest.raises(SchemaVersionError, match="newer intrograph"):
        SQLiteStore(path)


@pytest.mark.parametrize("content", [b"hello, this is not a database" * 100, None])
def test_refuses_files_that_are_not_stores(tmp_path, content):
    path = tmp_path / "other.db"
    if content is None:
        con = sqlite3.connect(path)
        con.execute("CREATE TABLE invoices (id)")
        con.commit()
        con.close()
    else:
        path.write_bytes(content)
    with pytest.raises(StoreError, match="not an intrograph store"):
        SQLiteStore(path)


def test_wal_mode_and_schema_version(store):
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 3


def test_the_search_graph_is_rewritten_with_the_ties(store):
    store.import_files(DANA, [dana_book()])
    store.import_files(LUIS, [luis_book()])
    graph = store.search_graph()
    assert graph.number_of_edges() == store.counts()["ties"] == 4
    for tie in store.ties():
        assert (tie.b, pytest.approx(-math.log(tie.strength))) in graph.neighbors(tie.a)


V1_TABLES = {"owners", "batches", "records", "rejects", "organizations", "org_domains",
             "persons", "person_keys", "record_person", "ties"}


def _drop_tables_after(s, version):
    """Make ``s`` look like a store of ``version``: no table a later schema added."""
    keep = V1_TABLES | ({"search_graph"} if version >= 2 else set())
    for (trigger,) in s.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        s.db.execute(f"DROP TRIGGER {trigger}")  # later steps added every trigger
    tables = [r[0] for r in s.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for t in tables:
        if t not in keep:
            s.db.execute(f"DROP TABLE IF EXISTS {t}")  # a virtual table takes its shadows
    s.db.execute("ALTER TABLE persons DROP COLUMN why")  # added by version 3
    s.db.execute("ALTER TABLE records DROP COLUMN facts")  # added by version 9
    s.db.execute(f"PRAGMA user_version = {version}")


def test_a_version_2_store_gains_every_later_table_and_keeps_its_data(tmp_path):
    path = tmp_path / "v2.db"
    with SQLiteStore(path) as s:
        s.import_files(DANA, [dana_book()])
        tables = {r[0] for r in s.db.execute("SELECT name FROM sqlite_master")}
        before = {t: rows for t, rows in s.dump().items() if t in V1_TABLES}
        _drop_tables_after(s, 2)
    with SQLiteStore(path) as s:
        assert s.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert {r[0] for r in s.db.execute("SELECT name FROM sqlite_master")} == tables
        assert {t: rows for t, rows in s.dump().items() if t in V1_TABLES} == before
        # Derived tables are derived again on upgrade, so new derived columns are filled in.
        assert all(p.why for p in s.people() if len(p.records) > 1)


def test_a_version_1_store_gains_its_search_graph(tmp_path):
    path = tmp_path / "old.db"
    with SQLiteStore(path) as s:
        s.import_files(DANA, [dana_book()])
        expected = s.search_graph().to_bytes()
        _drop_tables_after(s, 1)
    with SQLiteStore(path) as s:
        assert s.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert s.search_graph().to_bytes() == expected


def test_record_links_stay_exact_through_every_kind_of_change(store):
    # record_person is rewritten by difference; a stale or missing row would show here.
    from intrograph.graph.derive import derive
    from intrograph.graph.identity import find_person, merge_people
    from intrograph.graph.integrity import check_store

    def links_are_exact():
        owners = store.owners()
        facts = list(store._record_facts({o.name: o.region for o in owners}))
        decisions = store.decisions()
        expected = derive(facts, owners, decisions, inputs=store._tie_inputs()).record_person
        held = dict(store.db.execute("SELECT uid, person_id FROM record_person"))
        assert held == expected
        assert check_store(store) == []

    store.import_files(DANA, [dana_book()])
    links_are_exact()
    store.import_files(LUIS, [pending([card(1, "Robert Lee", emails=["bob@acme.com"]),
                                       card(2, "Cara Diaz", emails=["cara@gmail.com"])])])
    links_are_exact()
    store.import_files(DANA, [pending([card(2, "Luis Ortiz", emails=["luis@northwind.com"])],
                                      tag="v2")])  # Bob and Cara gone from Dana's book
    links_are_exact()
    merge_people(store, find_person(store, "bob@acme.com").id,
                 find_person(store, "cara@gmail.com").id)
    links_are_exact()
    store.forget_owner("luis")
    links_are_exact()
