"""Facts cached beside the records: re-deriving from them gives what the records themselves give,
and the cache never outlives the code or the region it was worked out with."""

from __future__ import annotations

import datetime as dt
import sqlite3

from intrograph.graph import factcache
from intrograph.graph.derive import StoredRecord, record_facts
from intrograph.graph.sqlite_store import SQLiteStore
from intrograph.models import Owner
from tests.conftest import card, owner, pending

DANA = owner("dana", "dana@northwind.com", "Dana Reyes")


def fill(store: SQLiteStore) -> None:
    store.import_files(DANA, [pending([
        card(1, "Bob Lee", emails=["Bob@Acme.com"], phones=["(415) 555-0100"], org="Acme Corp",
             title="VP Sales", starred=True, labels=["family"], connected_on="2019-03-12"),
        card(2, "Cara Diaz", emails=["cara.diaz@gmail.com"], org="Globex"),
        card(3, "Ana Ruiz", phones=["020 7946 0958"]),
    ])])


def derived(store: SQLiteStore) -> dict:
    dump = store.dump()
    dump.pop("records")  # holds the cache itself
    return dump


def test_encoded_facts_decode_to_the_same_facts():
    rec = card(1, "Dr. Bob Lee Jr.", emails=["bob@acme.com", "b.lee@gmail.com"],
               phones=["+1 415 555 0100"], org="ACME Corporation, Inc.", title="CTO",
               starred=True, labels=["family", "friends"], connected_on="2014-01-02",
               last_contacted="2026-10-01", linkedin_url="linkedin.com/in/boblee")
    facts = record_facts(StoredRecord("r1", "dana", 7, rec), "US")
    again = factcache.decode("r1", "dana", 7, factcache.encode(facts))
    assert again == facts
    assert again.signals.connected_on == dt.date(2014, 1, 2)


def test_a_store_derives_the_same_with_or_without_its_cached_facts(tmp_path):
    with SQLiteStore(tmp_path / "a.db") as store:
        fill(store)
        before = derived(store)
        store.db.execute("UPDATE records SET facts = NULL")
        store.decide([("merge", *[u for (u,) in store.db.execute(
            "SELECT uid FROM records ORDER BY record LIMIT 2")])])
        store.decide([], [d for d in store.decisions()])  # and undo: only a re-derive remains
        assert derived(store) == before
        # The facts were worked out again and kept.
        assert store.db.execute("SELECT count(*) FROM records WHERE facts IS NULL").fetchone() \
            == (0,)


def test_facts_written_by_other_code_are_worked_out_again(tmp_path):
    path = tmp_path / "a.db"
    with SQLiteStore(path) as store:
        fill(store)
    # An older intrograph wrote these facts: another cache key, and a name the data lacks.
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("UPDATE store_meta SET value = 'older' WHERE key = 'facts_key'")
    con.execute("UPDATE records SET facts = replace(facts, 'Cara Diaz', 'Mallory')")
    con.close()
    with SQLiteStore(path) as store:
        store.import_files(DANA, [pending([card(1, "Eve Park", emails=["eve@initech.com"])],
                                          file="more.csv")])
        names = {p.name for p in store.people()}
    assert "Cara Diaz" in names and "Mallory" not in names


def test_a_new_region_reads_the_owners_phone_numbers_again(tmp_path):
    with SQLiteStore(tmp_path / "a.db") as store:
        fill(store)
        ana = next(p for p in store.people() if p.name == "Ana Ruiz")
        assert ana.phones == []  # not a US number: kept as written, never guessed
        uk = Owner(name="dana", display_name="Dana Reyes", emails=["dana@northwind.com"],
                   region="GB")
        store.import_files(uk, [pending([card(1, "Eve Park", emails=["eve@initech.com"])],
                                        file="more.csv")])
        ana = next(p for p in store.people() if p.name == "Ana Ruiz")
        assert ana.phones == ["+442079460958"]
