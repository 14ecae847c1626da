"""`expert`: fit x reachability, the options that shape it, and the intro-request draft."""

from __future__ import annotations

import datetime as dt

import pytest

from intrograph.errors import InputError, NotFound
from intrograph.graph.compact import CompactGraph
from intrograph.graph.draft import draft_request
from intrograph.graph.expert import best_reach, find_experts, nearness, reachability, score
from intrograph.graph.tags import tag_person
from tests.conftest import card, owner, pending

DANA = owner("dana", "dana@northwind.com", "Dana Reyes")
CHAIN = [owner(f"o{i}", f"o{i}@relay{i}.com", f"Relay{i} Person") for i in range(1, 6)]
SUMMER = dt.date(2026, 7, 1)


def _weak(i: int, name: str, email: str, **kw):
    """A record with only an email: the weakest tie an address book shows."""
    return card(i, name, emails=[email], **kw)


def _strong(i: int, name: str, email: str, phone: str = "", **kw):
    """Starred, with a phone and a close-circle label: the strongest tie a book shows."""
    return card(i, name, emails=[email], phones=[phone or f"+1312555{i:04d}"], starred=True,
                labels=["friends"], **kw)


def _build(store, close_card, stranger_card, extra=()):
    """Dana knows the close person well; the stranger is six weak hand-offs away."""
    store.import_files(DANA, [pending([
        close_card, _weak(2, "Relay1 Person", "o1@relay1.com"), *extra])])
    for i, o in enumerate(CHAIN, start=1):
        nxt = (_weak(1, f"Relay{i + 1} Person", f"o{i + 1}@relay{i + 1}.com") if i < 5
               else stranger_card)
        store.import_files(o, [pending([nxt])])
    return store


def _names(result):
    return [e.person.name for e in result.experts]


def test_the_rule_by_hand():
    assert reachability(1.0) == 1.0 and reachability(0.0) == 0.0
    assert score(0.9, 0.85) > score(1.0, 0.3**6)  # slight fit gap: warmth wins
    assert score(0.13, 0.85) < score(1.0, 0.3**6)  # large fit gap: fit wins
    assert score(0.5, 0.5, nearness(8)) == pytest.approx(0.5 * 0.5**0.25)
    assert nearness(0) == 0.5 and nearness(None) == 0.75 and nearness(12) == 1.0


def test_a_close_expert_with_a_strong_path_outranks_a_slightly_better_stranger(store):
    _build(store,
           _strong(1, "Cleo Close", "cleo@halcyon.com", title="Inventory Control Manager"),
           _weak(1, "Stan Stranger", "stan@far.com", title="Director of Inventory Control",
                 department="Inventory Control"))
    result = find_experts(store, "who knows inventory control?", from_owners=["dana"],
                          max_hops=6)
    cleo, stan = result.experts[0], result.experts[1]
    assert _names(result)[:2] == ["Cleo Close", "Stan Stranger"]
    assert stan.fit == 1.0 and 0.7 < cleo.fit < 1.0  # the stranger fits slightly better
    assert cleo.path.hops == 1 and stan.path.hops == 6
    assert all(link.strength <= 0.3 for link in stan.path.links)


def test_a_large_fit_gap_beats_a_warm_path(store):
    _build(store,
           _strong(1, "Cleo Close", "cleo@halcyon.com", title="Software Engineer",
                   notes="Once asked me how inventory works at our place. Great cook, "
                         "plays the cello, runs marathons, has two dogs and a cat"),
           _weak(1, "Stan Stranger", "stan@far.com", title="Director of Inventory Control",
                 department="Inventory Control"))
    result = find_experts(store, "who knows inventory control?", from_owners=["dana"],
                          max_hops=6)
    assert _names(result)[:2] == ["Stan Stranger", "Cleo Close"]
    assert result.experts[1].fit < 0.2
    assert result.experts[0].path.hops == 6


def test_people_beyond_the_hop_limit_are_counted_not_shown(store):
    _build(store, _strong(1, "Cleo Close", "cleo@halcyon.com", title="Engineer"),
           _weak(1, "Stan Stranger", "stan@far.com", title="Director of Inventory Control"))
    result = find_experts(store, "inventory", from_owners=["dana"], max_hops=4)
    assert result.experts == [] and result.unreachable == 1
    assert "unreachable" not in result.to_json()


@pytest.fixture
def team(store):
    store.import_files(DANA, [pending([
        _strong(1, "Bob Lee", "bob@halcyon.com", org="Halcyon Freight",
                title="Director of Inventory Control", notes="ran the warehouse migration",
                city="Chicago", country="United States"),
        _strong(2, "Gerda Vogel", "gerda@lager.de", "+49 30 1234567", org="Lager GmbH",
                title="Warehouse Manager", country="Germany"),
        _weak(3, "Cy Young", "cy@globex.com", org="Globex", title="Software Engineer"),
        _weak(4, "Ed Evans", "ed@evans.io", title="Inventory Analyst"),
    ])])
    return store


def test_the_answer_explains_the_fit_and_shows_the_path(team):
    result = find_experts(team, "how do I fix stock-outs in my warehouse?", k=2)
    top = result.experts[0]
    assert top.rank == 1 and top.person.name in {"Bob Lee", "Gerda Vogel"}
    assert result.experts[1].rank == 2 and len(result.experts) == 2
    bob = next(e for e in find_experts(team, "warehouse stock-outs", k=5).experts
               if e.person.name == "Bob Lee")
    assert "title: Director of Inventory Control at Halcyon Freight (related to 'warehouse')" \
        in bob.why
    assert "note: 'ran the warehouse migration'" in bob.why
    assert [p.name for p in bob.path.people] == ["Dana Reyes", "Bob Lee"]
    assert bob.path.links[0].evidence and bob.score == pytest.approx(
        bob.fit * bob.path.score**0.25, abs=1e-4)
    assert "Cy Young" not in _names(find_experts(team, "warehouse stock-outs", k=5))


def test_exclude_org_by_name_or_domain(team):
    assert "Bob Lee" not in _names(find_experts(team, "warehouse", exclude_orgs=["halcyon "
                                                                                  "freight"]))
    assert "Gerda Vogel" not in _names(find_experts(team, "warehouse",
                                                    exclude_orgs=["@lager.de"]))


def test_near_prefers_shared_working_hours_and_says_so(team):
    berlin = find_experts(team, "warehouse", near="Europe/Berlin", today=SUMMER)
    chicago = find_experts(team, "warehouse", near="America/Chicago", today=SUMMER)
    assert _names(berlin)[0] == "Gerda Vogel"
    assert _names(chicago)[0] == "Bob Lee"
    gerda = next(e for e in berlin.experts if e.person.name == "Gerda Vogel")
    assert gerda.why[-1] == "time zone Europe/Berlin: 8 of 8 working hours shared"
    ed = next(e for e in berlin.experts if e.person.name == "Ed Evans")
    assert ed.why[-1] == "time zone unknown"


def test_tags_make_someone_findable(team):
    assert "Cy Young" not in _names(find_experts(team, "pricing strategy"))
    tag_person(team, "Cy Young", ["pricing strategy"], owner="dana")
    result = find_experts(team, "pricing strategy")
    assert _names(result) == ["Cy Young"]
    assert result.experts[0].why == ["tagged 'pricing strategy' by dana"]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"max_hops": 7}, "--max-hops must be between 1 and 6"),
    ({"k": 0}, "-k must be at least 1"),
    ({"near": "Mars/Olympus"}, "'Mars/Olympus' is not an IANA time zone name"),
    ({"from_owners": ["zed"]}, "no owner called 'zed'"),
])
def test_bad_options_say_what_is_wrong(team, kwargs, message):
    with pytest.raises((InputError, NotFound), match=message):
        find_experts(team, "warehouse", **kwargs)


def test_a_question_of_only_filler_words_is_refused(team):
    with pytest.raises(InputError, match="has no words to search for"):
        find_experts(team, "who can I ask about this?")


def test_reachability_for_all_candidates_is_one_search():
    graph = CompactGraph.from_ties([("s", "a", 0.9), ("a", "b", 0.5), ("s", "c", 0.2),
                                    ("c", "b", 0.9)])
    found = best_reach(graph, ["s"], ["a", "b", "c", "zz"], max_hops=3)
    assert found["a"] == (pytest.approx(0.9), ["s", "a"])
    assert found["b"] == (pytest.approx(0.45), ["s", "a", "b"])
    # the direct tie to c is weaker than the way round through a and b
    assert found["c"] == (pytest.approx(0.405), ["s", "a", "b", "c"]) and "zz" not in found
    assert best_reach(graph, ["s"], ["b"], max_hops=1) == {}


def test_the_draft_asks_the_first_connector_as_a_personal_favour(store):
    _build(store, _strong(1, "Cleo Close", "cleo@halcyon.com", title="Engineer"),
           _weak(1, "Stan Stranger", "stan@far.com", title="Director of Inventory Control",
                 org="Far Freight"))
    expert = find_experts(store, "inventory control", from_owners=["dana"],
                          max_hops=6).experts[0]
    note = draft_request(expert, "How do I get into inventory management?", friend="Maya")
    assert note.startswith("PERSONAL REQUEST (draft, not sent")
    assert "To: Relay1 Person" in note
    assert "A friend of mine, Maya, is trying to figure out: \"How do I get into inventory " \
           "management?\"" in note
    assert ("comfortable introducing me to Relay2 Person, who knows Stan Stranger "
            "(Director of Inventory Control at Far Freight)") in note
    assert note.rstrip().endswith("Thanks,\nDana")


def test_a_one_hop_draft_asks_the_expert_directly(team):
    expert = find_experts(team, "inventory analyst", k=1).experts[0]
    note = draft_request(expert, "What does an inventory analyst do all day?")
    assert "To: Ed Evans" in note and "A friend of mine is trying" in note
    assert "introduce" not in note
