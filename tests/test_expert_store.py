"""Tags and expertise profiles in the store: what `tag` keeps and what `expert` reads."""

from __future__ import annotations

import pytest

from intrograph.errors import InputError, NotFound
from intrograph.graph.tags import normalize_tag, tag_person
from tests.conftest import card, owner, pending

DANA = owner("dana", "dana@northwind.com", "Dana Reyes")
EVAN = owner("evan", "evan@northwind.com", "Evan Stone")


@pytest.fixture
def world(store):
    store.import_files(DANA, [pending([
        card(1, "Bob Lee", emails=["bob@halcyon.com"], org="Halcyon Freight",
             title="Director of Inventory Control", notes="Ran the warehouse migration; loves jazz",
             labels=["clients"], department="Logistics", extra={"Skills": "S&OP, forecasting"},
             city="Chicago", country="United States"),
        card(2, "Cy Young", emails=["cy@globex.com"], org="Globex", title="Software Engineer"),
    ])])
    store.import_files(EVAN, [pending([
        card(1, "Bob Lee", emails=["bob@halcyon.com"], title="Inventory Director"),
    ])])
    return store


def _id(store, name):
    return next(p.id for p in store.people(name) if p.name == name)


def test_a_profile_gathers_every_record_field_once(world):
    bob = next(s for s in world.expertise_sources() if s.name == "Bob Lee")
    assert ("title", "Director of Inventory Control") in bob.texts
    assert ("title", "Inventory Director") in bob.texts  # evan's record says it differently
    assert ("department", "Logistics") in bob.texts
    assert ("note", "Ran the warehouse migration; loves jazz") in bob.texts
    assert ("label", "clients") in bob.texts
    assert ("extra:Skills", "S&OP, forecasting") in bob.texts
    assert ("domain", "halcyon.com") in bob.texts
    assert len(bob.texts) == len(set(bob.texts))
    assert bob.places == [("Chicago", "United States")]


def test_word_filter_returns_only_people_whose_records_or_tags_mention_a_word(world):
    assert {s.name for s in world.expertise_sources(["warehous"])} == {"Bob Lee"}
    assert {s.name for s in world.expertise_sources(["WAREHOUS", "softw"])} == {
        "Bob Lee", "Cy Young"}
    assert list(world.expertise_sources(["nothing-like-this"])) == []
    tag_person(world, "Cy Young", ["pricing strategy"], owner="dana")
    assert {s.name for s in world.expertise_sources(["pricing"])} == {"Cy Young"}


def test_index_syntax_in_words_is_just_text(world):
    assert [s.name for s in world.expertise_sources(['ware"house*'])] == ["Bob Lee"]
    assert list(world.expertise_sources(["NEAR(", "OR", "-", "%"])) == []
    tag_person(world, "Cy Young", ["pricing"], owner="dana")
    assert list(world.expertise_sources(["pr_cing"])) == []  # _ is no wildcard in tags


def test_emails_and_names_are_not_expertise(world):
    assert list(world.expertise_sources(["bob", "halcyon.com"])) == []
    assert [s.name for s in world.expertise_sources(["halcyon"])] == ["Bob Lee"]


def test_the_index_follows_imports(world):
    assert list(world.expertise_sources(["pallet"])) == []
    world.import_files(EVAN, [pending([
        card(1, "Bob Lee", emails=["bob@halcyon.com"], title="Pallet Wrangler"),
    ], tag="v2")])
    assert [s.name for s in world.expertise_sources(["pallet"])] == ["Bob Lee"]


def test_tags_are_kept_per_owner_and_added_once(world):
    who, added, tags = tag_person(world, "bob@halcyon.com", ["Supply  Chain", "supply chain"],
                                  owner="dana")
    assert who.name == "Bob Lee" and added == 1
    assert [(t.tag, t.owner) for t in tags] == [("supply chain", "dana")]
    _, added, tags = tag_person(world, "Bob Lee", ["supply chain"], owner="evan")
    assert added == 1 and [t.owner for t in tags] == ["dana", "evan"]
    _, added, _ = tag_person(world, "Bob Lee", ["supply chain"], owner="evan")
    assert added == 0


def test_a_tag_without_an_owner_is_kept_with_none_once(world):
    tag_person(world, "Bob Lee", ["pallets"])
    _, added, tags = tag_person(world, "Bob Lee", ["pallets"])
    assert added == 0 and [(t.tag, t.owner) for t in tags] == [("pallets", None)]
    bob = next(s for s in world.expertise_sources(["pallet"]))
    assert ("tag", "pallets") in bob.texts and bob.tag_owners == {}


def test_tags_survive_a_reimport_and_show_in_dump(world):
    bob = _id(world, "Bob Lee")
    tag_person(world, bob, ["forecasting"], owner="dana")
    world.import_files(DANA, [pending([
        card(1, "Bob Lee", emails=["bob@halcyon.com"], org="Halcyon Freight"),
    ], tag="v2")])
    assert _id(world, "Bob Lee") == bob
    assert [t.tag for t in world.person_tags([bob])[bob]] == ["forecasting"]
    assert [row[:3] for row in world.dump()["person_tags"]] == [(bob, "forecasting", "dana")]
    assert world.counts()["person_tags"] == 1


def test_removing_tags_by_owner_or_all(world):
    tag_person(world, "Bob Lee", ["forecasting"], owner="dana")
    tag_person(world, "Bob Lee", ["forecasting"], owner="evan")
    _, removed, tags = tag_person(world, "Bob Lee", ["forecasting"], owner="evan", remove=True)
    assert removed == 1 and [t.owner for t in tags] == ["dana"]
    _, removed, tags = tag_person(world, "Bob Lee", ["forecasting"], remove=True)
    assert removed == 1 and tags == []


@pytest.mark.parametrize(("person", "tags", "who", "message"), [
    ("Nobody Here", ["x"], None, "no person matches 'Nobody Here'"),
    ("Bob Lee", [], None, "give at least one tag"),
    ("Bob Lee", ["   "], None, "give at least one tag"),
    ("Bob Lee", ["x" * 81], None, "keep tags under 80"),
    ("Bob Lee", ["x"], "zed", "no owner called 'zed'"),
])
def test_bad_tag_requests_say_what_is_wrong(world, person, tags, who, message):
    with pytest.raises(InputError, match=message):
        tag_person(world, person, tags, owner=who)


def test_two_people_with_one_name_must_be_named_by_id_or_email(store):
    store.import_files(DANA, [pending([
        card(1, "Jo Park", emails=["jo@initech.com"]),
        card(2, "Jo Park", emails=["jo@hooli.com"]),
    ])])
    with pytest.raises(NotFound, match="2 people are called 'Jo Park'"):
        tag_person(store, "Jo Park", ["x"])
    who, _, _ = tag_person(store, "jo@hooli.com", ["x"])
    assert who.emails == ["jo@hooli.com"]


@pytest.mark.parametrize(("raw", "tag"), [("  Supply\tChain ", "supply chain"),
                                          ("S&OP", "s&op"), ("", "")])
def test_normalize_tag(raw, tag):
    assert normalize_tag(raw) == tag
