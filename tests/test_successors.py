"""Tags follow a person whose derived id moves: a merge, or the record the id came from gone."""

from __future__ import annotations

from intrograph.graph.successors import successors
from tests.conftest import card, owner, pending

DANA = owner("dana", "dana@northwind.com", "Dana Reyes")
LUIS = owner("luis", "luis@northwind.com", "Luis Ortiz")


def test_an_id_goes_to_the_id_holding_most_of_its_records():
    before = [("r1", "p-old"), ("r2", "p-old"), ("r3", "p-old"), ("r4", "p-kept")]
    after = {"r1": "p-a", "r2": "p-b", "r3": "p-b", "r4": "p-a"}
    assert successors(before, after, alive={"p-a", "p-b", "p-kept"}) == {"p-old": "p-b"}


def test_an_even_split_goes_to_the_smaller_id_and_a_vanished_person_nowhere():
    before = [("r1", "p-x"), ("r2", "p-x"), ("r9", "p-gone")]
    after = {"r1": "p-b", "r2": "p-a"}
    assert successors(before, after, alive={"p-a", "p-b"}) == {"p-x": "p-a"}


def bob_books(store, *, dana_has_bob: bool = True, tag: str = "v1"):
    store.import_files(DANA, [pending(
        [card(1, "Bob Lee", emails=["bob@acme.com"])] if dana_has_bob
        else [card(2, "Cara Diaz", emails=["cara@globex.com"])], tag=tag)])


def tags_of_bob(store) -> tuple[str, list[str]]:
    [bob] = store.people("lee")
    return bob.id, sorted(t.tag for t in store.person_tags([bob.id]).get(bob.id, []))


def test_a_tag_follows_bob_when_the_record_his_id_came_from_is_forgotten(store):
    bob_books(store)  # Dana's record is Bob's oldest: his id comes from it
    store.import_files(LUIS, [pending([card(1, "Robert Lee", emails=["bob@acme.com"])])])
    bob_id, _ = tags_of_bob(store)
    store.add_tags(bob_id, ["supply chain"], "luis")
    store.forget_owner("dana")
    new_id, tags = tags_of_bob(store)
    assert new_id != bob_id  # the id moved with the record it came from
    assert tags == ["supply chain"]
    assert store.person_tags([bob_id]) == {}


def test_a_tag_follows_bob_when_a_newer_export_drops_his_oldest_record(store):
    bob_books(store)
    store.import_files(LUIS, [pending([card(1, "Robert Lee", emails=["bob@acme.com"])])])
    bob_id, _ = tags_of_bob(store)
    store.add_tags(bob_id, ["forecasting"], None)
    bob_books(store, dana_has_bob=False, tag="v2")  # Dana's next export no longer has Bob
    new_id, tags = tags_of_bob(store)
    assert new_id != bob_id and tags == ["forecasting"]


def test_tags_of_two_people_merged_by_hand_end_up_on_the_one_left(store):
    store.import_files(DANA, [pending([card(1, "Bob Lee", emails=["bob@acme.com"]),
                                       card(2, "Ann Lee", emails=["ann.lee@gmail.com"])])])
    people = {p.name: p.id for p in store.people("lee")}
    store.add_tags(people["Bob Lee"], ["logistics", "shared"], "dana")
    store.add_tags(people["Ann Lee"], ["sailing", "shared"], "dana")
    uids = dict(store.db.execute(
        "SELECT json_extract(data, '$.full_name'), uid FROM records").fetchall())
    store.decide([("merge", uids["Bob Lee"], uids["Ann Lee"])])
    bob_id, tags = tags_of_bob(store)
    assert bob_id in people.values()
    assert tags == ["logistics", "sailing", "shared"]
    assert store.db.execute("SELECT count(*) FROM person_tags").fetchone()[0] == 3


def test_tags_follow_the_ids_an_upgrade_gives_people(tmp_path):
    from intrograph.graph.sqlite_store import SQLiteStore

    path = tmp_path / "old.db"
    with SQLiteStore(path) as s:
        bob_books(s)
        s.import_files(LUIS, [pending([card(1, "Robert Lee", emails=["bob@acme.com"])])])
        [bob] = s.people("lee")
        s.add_tags(bob.id, ["supply chain"], "luis")
        # As an older version might have named him, and that version's schema number.
        s.db.execute("PRAGMA foreign_keys = OFF")
        for table, column in (("persons", "id"), ("record_person", "person_id"),
                              ("person_keys", "person_id"), ("person_tags", "person_id")):
            s.db.execute(f"UPDATE {table} SET {column} = 'p-old' WHERE {column} = ?", (bob.id,))
        for table in ("ties", "memberships"):  # derived again anyway
            s.db.execute(f"DELETE FROM {table}")
        s.db.execute("PRAGMA user_version = 9")
    with SQLiteStore(path) as s:
        assert tags_of_bob(s) == (bob.id, ["supply chain"])
        assert s.person_tags(["p-old"]) == {}
