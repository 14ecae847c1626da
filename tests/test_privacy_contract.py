"""The privacy operations as a store contract: run against every backend that is available
(Neo4j only when NEO4J_URI names a throw-away server; see test_store_contract.py)."""

from __future__ import annotations

import os

import pytest

from intrograph.errors import NotFound
from intrograph.graph.privacy import scope_for
from intrograph.graph.targets import intro_paths
from intrograph.models import ShareLevel
from tests.test_privacy_forget import BOB, DANA, bob_book, comparable, dana_book
from tests.test_store_contract import BACKENDS, NO_SERVER, open_backend


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    s = open_backend(request.param, tmp_path)
    yield s
    s.close()


def test_forget_equals_never_having_imported(store, tmp_path):
    store.import_files(BOB, [bob_book()])
    only_bob = comparable(store.dump())
    store.import_files(DANA, [dana_book()])
    assert comparable(store.dump()) != only_bob
    removed = store.forget_owner("dana")
    assert comparable(store.dump()) == only_bob
    assert (removed["records"], removed["rejects"], removed["owners"]) == (3, 1, 1)


def test_forgetting_nobody_changes_nothing(store):
    store.import_files(DANA, [dana_book()])
    before = store.dump()
    with pytest.raises(NotFound, match="no owner called 'dan'"):
        store.forget_owner("dan")
    assert store.dump() == before


def test_share_levels_are_kept_and_used(store):
    store.import_owners([(BOB, [bob_book()]), (DANA, [dana_book()])])
    store.set_share("bob", ShareLevel.WORK)
    assert {o.name: o.share for o in store.owners()} == {"bob": ShareLevel.WORK,
                                                         "dana": ShareLevel.ALL}
    # Eve is a work contact of Bob's (Hooli); under 'work' Dana still reaches her.
    assert [p.people[-1].name for p in intro_paths(store, "Hooli", viewer="dana").paths] == [
        "Eve Moss"]
    store.set_share("bob", ShareLevel.NONE)
    assert intro_paths(store, "Hooli", viewer="dana").paths == []
    assert scope_for(store, "dana").dropped
    with pytest.raises(NotFound):
        store.set_share("nobody", ShareLevel.ALL)


def test_export_holds_the_owners_book(store):
    store.import_owners([(BOB, [bob_book()]), (DANA, [dana_book()])])
    data = store.export_owner("dana")
    assert data["owner"]["name"] == "dana"
    assert [b["file"] for b in data["batches"]] == ["dana.csv"]
    assert [r["record"] for r in data["records"]] == [1, 2, 3]
    assert [j["record"] for j in data["rejects"]] == [4]
    assert {p["name"] for p in data["persons"]} == {"Dana Reyes", "Ann Kim", "Cy Park",
                                                   "Bob Lee"}
    assert all(data["owner"]["person_id"] in (t["a"], t["b"]) for t in data["ties"])
    with pytest.raises(NotFound):
        store.export_owner("zed")


@pytest.mark.skipif(not os.environ.get("NEO4J_URI"), reason=NO_SERVER)
def test_both_backends_export_the_same(tmp_path):
    exports = []
    for backend in ("sqlite", "neo4j"):
        s = open_backend(backend, tmp_path)
        try:
            s.import_owners([(BOB, [bob_book()]), (DANA, [dana_book()])])
            data = s.export_owner("dana")
        finally:
            s.close()
        for b in data["batches"]:
            b.pop("imported_at")  # the one value two imports cannot share
        exports.append(data)
    assert exports[0] == exports[1]


def test_optouts_are_kept_by_key_and_find_todays_people(store):
    from intrograph.graph.privacy import blocked_person_ids, resolve_optout

    store.import_owners([(BOB, [bob_book()]), (DANA, [dana_book()])])
    ids = {p.name: p.id for p in store.people()}
    assert store.strong_keys(ids["Ann Kim"]) == ["e:ann@globex.com", "t:+14155550100"]
    rows = resolve_optout(store, "Ann Kim") + resolve_optout(store, "cy@initech.com")
    assert store.add_optouts(rows) == 3
    assert store.add_optouts(rows) == 0
    assert sorted(k for k, _, _ in store.optouts()) == [
        "e:ann@globex.com", "e:cy@initech.com", "t:+14155550100"]
    assert blocked_person_ids(store) == {ids["Ann Kim"], ids["Cy Park"]}
    assert store.remove_optouts(["e:cy@initech.com", "e:nobody@x.com"]) == 1
    assert blocked_person_ids(store) == {ids["Ann Kim"]}
