"""One contract, every backend: what any store must do, run against each one available.

SQLite always runs. Neo4j runs when NEO4J_URI names a server (with NEO4J_USER and
NEO4J_PASSWORD); each Neo4j test then starts by emptying that database, so point it at a
throw-away one, e.g. the docker-compose.yml service.
"""

from __future__ import annotations

import math
import os

import pytest

from intrograph.errors import StoreError
from intrograph.graph.store import PendingFile, open_store
from intrograph.models import LoadResult
from intrograph.settings import Settings
from tests.conftest import card, pending
from tests.test_store import DANA, LUIS, dana_book

NO_SERVER = "NEO4J_URI is not set: no Neo4j server to test against"
BACKENDS = [
    "sqlite",
    pytest.param("neo4j", marks=[
        pytest.mark.neo4j, pytest.mark.skipif(not os.environ.get("NEO4J_URI"), reason=NO_SERVER),
    ]),
]

def luis_book():
    return pending(
        [
            card(1, "Robert Lee", phones=["+1 415-555-0100"], org="ACME Corporation, Inc."),
            card(2, "Dana Reyes", emails=["dana@northwind.com"], labels=["coworkers"]),
            card(3, "Eve Park", emails=["eve@acme.com"], title="CTO"),
        ]
    )


def open_backend(backend, tmp_path):
    if backend == "sqlite":
        return open_store(tmp_path / "store.db")
    settings = Settings()
    store = open_store(settings.neo4j_uri, "neo4j", uri=settings.neo4j_uri,
                       user=settings.neo4j_user, password=settings.neo4j_password)
    store.delete_everything()
    return store


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    s = open_backend(request.param, tmp_path)
    yield s
    s.close()


@pytest.fixture
def both(tmp_path):
    if not os.environ.get("NEO4J_URI"):
        pytest.skip(NO_SERVER)
    stores = [open_backend("sqlite", tmp_path), open_backend("neo4j", tmp_path)]
    yield stores
    for s in stores:
        s.close()


def comparable(dump):
    """Return a dump without the import and decision times, the columns two backends cannot
    share, and without SQLite's cache of each record's derive facts (records.facts), which
    Neo4j does not keep."""
    return {**dump, "batches": sorted((row[:-1] for row in dump["batches"]), key=repr),
            "identity_decisions": sorted((row[:-1] for row in dump["identity_decisions"]),
                                         key=repr),
            "records": sorted((row[:6] for row in dump["records"]), key=repr)}


def test_import_resolves_people_across_books_with_provenance(store):
    store.import_files(DANA, [dana_book()])
    store.import_files(LUIS, [luis_book()])
    [bob] = store.people("lee")
    assert bob.emails == ["bob@acme.com"] and bob.phones == ["+14155550100"]
    assert [(r.owner, r.file, r.record) for r in bob.records] == [
        ("dana", "contacts.csv", 1), ("luis", "contacts.csv", 1)]
    assert bob.title == "VP Sales"
    assert [p.name for p in store.people(limit=2)] == [p.name for p in store.people()][:2]
    refs = store.person_refs([bob.id, "p-nobody"])
    assert list(refs) == [bob.id] and refs[bob.id].name == bob.name


def test_owners_are_people(store):
    store.import_files(DANA, [dana_book()])
    store.import_files(LUIS, [luis_book()])
    owners = {o.name: o for o in store.owners()}
    assert set(owners) == {"dana", "luis"}
    assert owners["dana"].records == 3 and owners["luis"].records == 3
    assert owners["dana"].person_id and owners["dana"].person_id != owners["luis"].person_id
    [dana] = [p for p in store.people("dana") if p.owner == "dana"]
    assert dana.id == owners["dana"].person_id and dana.name == "Dana Reyes"


def test_organizations_domains_and_who_works_there(store):
    store.import_files(DANA, [dana_book()])
    store.import_files(LUIS, [luis_book()])
    [acme] = store.organizations("acme")
    assert acme.domains == ["acme.com"] and acme.people == 2
    assert store.org_by_domain("ACME.com").id == acme.id
    assert store.org_by_domain("nowhere.example") is None
    at_acme = store.persons_at(acme.id)
    assert at_acme == sorted(at_acme) and len(at_acme) == 2
    # The newest book names Bob: Luis saved him as Robert.
    assert {store.person_refs(at_acme)[i].name for i in at_acme} == {"Robert Lee", "Eve Park"}


def test_ties_and_their_strengths(store):
    store.import_files(DANA, [dana_book()])
    store.import_files(LUIS, [luis_book()])
    owners = {o.name: o.person_id for o in store.owners()}
    tie = store.tie(owners["luis"], owners["dana"])
    # dana: email + phone + coworkers = 0.60; luis: email + coworkers = 0.45; noisy-or; and
    # Bob Lee is in both books: one mutual contact adds 0.30 * (1 - e^(-1/3)), noisy-or too.
    assert tie.strength == pytest.approx(1 - 0.4 * 0.55 * (1 - 0.3 * (1 - math.exp(-1 / 3))))
    assert tie.a < tie.b
    assert {e.kind for e in tie.evidence} == {"address_book", "reciprocal", "mutual"}
    strengths = sorted(store.tie_strengths())
    assert strengths == sorted((t.a, t.b, t.strength) for t in store.ties())
    assert all(a < b and 0 < s <= 1 for a, b, s in strengths)
    assert len(strengths) == store.counts()["ties"]
    # Colleagues join through one edge per membership to an organisation node, not per pair.
    counts = store.counts()
    assert store.search_graph().number_of_edges() == counts["ties"] + counts["memberships"]
    assert store.tie(owners["dana"], "p-nobody") is None


def test_importing_the_same_file_twice_changes_nothing(store):
    store.import_files(DANA, [dana_book()])
    before = store.dump()
    [again] = store.import_files(DANA, [dana_book()])
    assert again.unchanged and again.records == 3
    assert store.dump() == before


def test_an_unchanged_file_is_not_even_parsed(store):
    store.import_files(DANA, [dana_book()])

    def parse():
        raise AssertionError("parsed a file whose content was already imported")

    [again] = store.import_files(DANA, [PendingFile(parse, "contacts.csv:v1", "contacts.csv")])
    assert again.unchanged


def test_a_newer_export_replaces_the_older_one(store):
    store.import_files(DANA, [dana_book()])
    newer = pending(
        [
            card(1, "Cara Diaz", emails=["cara@gmail.com"], org="Initech"),
            card(2, "Luis Ortiz", emails=["luis@northwind.com"], phones=["415 555 0199"],
                 labels=["coworkers"]),
            card(3, "Eve Park", emails=["eve@hooli.com"]),
        ],
        tag="v2",
    )
    [s] = store.import_files(DANA, [newer])
    assert (s.replaced, s.records, s.added, s.updated, s.removed) == (3, 3, 1, 1, 1)
    assert store.people("cara")[0].organization == "Initech"
    assert store.people("bob") == []
    counts = store.counts()
    assert counts["batches"] == 1 and counts["records"] == 3


def test_an_import_lands_whole_or_not_at_all(store):
    store.import_files(DANA, [dana_book()])
    before = store.dump()

    def refused():
        raise ValueError("not a contact export")

    def files():
        yield luis_book()
        yield PendingFile(refused, "other.csv:v1", "other.csv")

    with pytest.raises(ValueError, match="not a contact export"):
        store.import_owners([(LUIS, files())])
    assert store.dump() == before


def test_rejects_are_kept_with_their_batch(store):
    from intrograph.models import Reject

    bad = Reject(file="contacts.csv", record=4, reason="no name, email or phone", raw={"x": "1"})
    load = LoadResult(file="contacts.csv", format="google", records=[card(1, "Ann Bo")],
                      rejects=[bad])
    [first] = store.import_files(DANA, [PendingFile(load, "h1")])
    [again] = store.import_files(DANA, [PendingFile(load, "h1")])
    assert first.rejects == again.rejects == [bad] and again.unchanged
    assert store.counts()["rejects"] == 1


def test_counts_name_the_same_tables_as_sqlite(store, tmp_path):
    store.import_files(DANA, [dana_book()])
    reference = open_store(tmp_path / "reference.db")
    try:
        reference.import_files(DANA, [dana_book()])
        assert store.counts() == reference.counts()
    finally:
        reference.close()


def test_both_backends_hold_the_same_graph(both):
    sqlite, neo4j = both
    for s in both:
        s.import_files(DANA, [dana_book()])
        s.import_files(LUIS, [luis_book()])
        s.import_files(DANA, [dana_book("v2")])
    assert comparable(neo4j.dump()) == comparable(sqlite.dump())
    assert neo4j.people() == sqlite.people()
    assert neo4j.organizations() == sqlite.organizations()
    assert neo4j.owners() == sqlite.owners()
    assert sorted(neo4j.tie_strengths()) == sorted(sqlite.tie_strengths())
    assert neo4j.search_graph().to_bytes() == sqlite.search_graph().to_bytes()


def test_merge_and_split_decisions_survive_reimports(store):
    from intrograph.graph.identity import find_person, merge_people, split_person

    store.import_files(DANA, [dana_book()])
    store.import_files(LUIS, [luis_book()])
    eve = find_person(store, "eve@acme.com")
    cara = find_person(store, "cara@gmail.com")
    merged = merge_people(store, eve.id, cara.id)
    assert merged.id == eve.id and len(merged.records) == 2
    assert "merged by hand" in merged.why
    store.import_files(LUIS, [luis_book()])  # unchanged: a no-op
    people = split_person(store, eve.id, ["dana:contacts.csv#3"])
    assert sorted(len(p.records) for p in people) == [1, 1]
    assert find_person(store, "eve@acme.com").id == eve.id
    assert [d[0] for d in store.decisions()].count("split") == 1


def test_tags_follow_a_person_whose_id_moves(store):
    # Bob's id comes from Dana's record, his oldest; forgetting Dana moves it to Luis's.
    store.import_files(DANA, [pending([card(1, "Bob Lee", emails=["bob@acme.com"])])])
    store.import_files(LUIS, [pending([card(1, "Robert Lee", emails=["bob@acme.com"])])])
    [bob] = store.people("lee")
    store.add_tags(bob.id, ["supply chain"], "luis")
    store.forget_owner("dana")
    [moved] = store.people("lee")
    assert moved.id != bob.id
    assert [t.tag for t in store.person_tags([moved.id])[moved.id]] == ["supply chain"]


def test_an_owners_export_holds_the_hand_decisions_about_their_records(store):
    from intrograph.graph.identity import find_person, merge_people

    store.import_files(DANA, [dana_book()])
    store.import_files(LUIS, [luis_book()])
    eve = find_person(store, "eve@acme.com")  # in Luis's book
    cara = find_person(store, "cara@gmail.com")  # in Dana's
    merge_people(store, eve.id, cara.id)
    for name in ("dana", "luis"):
        decisions = store.export_owner(name)["identity_decisions"]
        assert "merge" in [d["kind"] for d in decisions]
        assert all(d["made_at"] for d in decisions)


# --- strength evidence, colleagues, check and sync: the same on every backend ---------------

MAIL = ("timestamp,from,to\n"
        "2026-10-01,dana@northwind.com,bob@acme.com\n"
        "2026-10-02,bob@acme.com,dana@northwind.com\n"
        "not a date,dana@northwind.com,bob@acme.com\n")


def mail(text=MAIL, name="mail.csv"):
    from intrograph.graph.evidence_sql import PendingInteractions
    from intrograph.loaders.interactions import load_interactions

    return PendingInteractions(name, f"{name}:{hash(text)}",
                               lambda: load_interactions(name, text.encode()))


def test_ratings_and_interactions_change_ties_and_replay_as_no_ops(store):
    store.import_files(DANA, [dana_book()])
    store.import_files(LUIS, [luis_book()])
    dana = {o.name: o.person_id for o in store.owners()}["dana"]
    [bob] = store.people("lee")
    before = store.tie(dana, bob.id).strength
    summary = store.import_interactions("dana", mail())
    assert (summary.interactions, len(summary.rejects), summary.unchanged) == (2, 1, False)
    assert "interaction" in {e.kind for e in store.tie(dana, bob.id).evidence}
    assert store.import_interactions("dana", mail()).unchanged
    store.rate("dana", bob.id, 1)
    rated = store.tie(dana, bob.id)
    assert "rating" in {e.kind for e in rated.evidence} and rated.strength < before
    dump = store.dump()
    store.rate("dana", bob.id, 1)  # the same rating again changes nothing
    assert store.dump() == dump
    counts = store.counts()
    assert (counts["ratings"], counts["interactions"], counts["interaction_rejects"]) == (1, 2, 1)
    from intrograph.errors import InputError, NotFound

    with pytest.raises(NotFound, match="no owner called 'zed'; import their contacts first"):
        store.rate("zed", bob.id, 3)
    with pytest.raises(InputError, match="dana cannot rate a tie to themselves"):
        store.rate("dana", dana, 3)


def test_colleagues_join_through_organisation_nodes(store):
    from intrograph.graph.colleagues import org_node

    store.import_files(DANA, [dana_book()])
    store.import_files(LUIS, [luis_book()])
    [acme] = store.organizations("acme")
    members = list(store.membership_owners(["dana", "luis"]))
    assert {oid for _, oid, _ in members} == {acme.id}
    pid = members[0][0]
    m = store.membership(pid, org_node(acme.id))
    assert m is not None and m.current and m.size == 2
    assert store.membership("p-nobody", org_node(acme.id)) is None
    assert store.org_name(acme.id) == acme.name


def test_a_sound_store_checks_clean(store):
    from intrograph.graph.integrity import check_store

    store.import_files(DANA, [dana_book()])
    store.import_files(LUIS, [luis_book()])
    store.import_interactions("dana", mail())
    assert check_store(store) == []


def test_sync_into_the_backend_and_back_gives_the_same_store(store, tmp_path, monkeypatch):
    from intrograph.graph.sync import sync

    origin = open_store(tmp_path / "origin.db")
    back = open_store(tmp_path / "back.db")
    try:
        origin.import_files(DANA, [dana_book()])
        origin.import_files(LUIS, [luis_book()])
        origin.import_interactions("dana", mail())
        [bob] = origin.people("lee")
        origin.rate("luis", bob.id, 4)
        origin.add_tags(bob.id, ["sales"], "dana")
        origin.add_optouts([("e:eve@acme.com", "eve@acme.com")])
        origin.set_share("luis", "work")
        sync(origin, store, source_name="origin", target_name="backend")
        assert comparable(store.dump()) == comparable(origin.dump())
        assert store.people() == origin.people()
        assert store.optouts() == origin.optouts()
        sync(store, back, source_name="backend", target_name="back")
        assert back.dump() == origin.dump()
        with pytest.raises(StoreError, match="not empty"):
            sync(origin, store, source_name="origin", target_name="backend")
    finally:
        origin.close()
        back.close()


def test_both_backends_score_evidence_the_same(both):
    sqlite, neo4j = both
    for s in both:
        s.import_files(DANA, [dana_book()])
        s.import_files(LUIS, [luis_book()])
        s.import_interactions("dana", mail())
        [bob] = s.people("lee")
        s.rate("luis", bob.id, 5)
    assert comparable(neo4j.dump()) == comparable(sqlite.dump())
    assert neo4j.search_graph().to_bytes() == sqlite.search_graph().to_bytes()
