"""Tags and expertise profiles: the same answers from every backend available.

Neo4j runs only when NEO4J_URI names a throw-away server (see tests/test_store_contract.py).
"""

from __future__ import annotations

import pytest

from intrograph.graph.expert import find_experts
from intrograph.graph.tags import tag_person
from tests.conftest import card, owner, pending
from tests.test_store_contract import BACKENDS, open_backend

DANA = owner("dana", "dana@northwind.com", "Dana Reyes")


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    s = open_backend(request.param, tmp_path)
    s.import_files(DANA, [pending([
        card(1, "Bob Lee", emails=["bob@halcyon.com"], org="Halcyon Freight",
             title="Director of Inventory Control", notes="ran the warehouse migration",
             labels=["clients"], extra={"Skills": "forecasting"}, city="Chicago"),
        card(2, "Cy Young", emails=["cy@globex.com"], org="Globex", title="Software Engineer"),
    ])])
    yield s
    s.close()


def test_profiles_hold_every_work_field(store):
    (bob,) = [s for s in store.expertise_sources(["warehous"])]
    assert bob.name == "Bob Lee" and bob.organization == "Halcyon Freight"
    assert set(bob.texts) >= {("title", "Director of Inventory Control"),
                              ("note", "ran the warehouse migration"), ("label", "clients"),
                              ("extra:Skills", "forecasting"), ("domain", "halcyon.com")}
    assert bob.places == [("Chicago", "")]
    assert store.person_count() == 3


def test_tags_round_trip(store):
    _, added, _ = tag_person(store, "Cy Young", ["pricing", "pricing"], owner="dana")
    _, again, tags = tag_person(store, "Cy Young", ["pricing"])
    assert added == 1 and again == 1
    assert sorted((t.tag, t.owner or "") for t in tags) == [("pricing", ""), ("pricing", "dana")]
    assert [s.name for s in store.expertise_sources(["pric"])] == ["Cy Young"]
    _, removed, tags = tag_person(store, "Cy Young", ["pricing"], remove=True)
    assert removed == 2 and tags == []


def test_expert_answers_the_same_question(store):
    result = find_experts(store, "how do I fix stock-outs in my warehouse?")
    assert [e.person.name for e in result.experts] == ["Bob Lee"]
    assert result.experts[0].path.hops == 1
