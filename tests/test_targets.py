"""What a target query means: a domain, a company name, a person, or a 'did you mean'."""

from __future__ import annotations

import pytest

from intrograph.errors import InputError, NotFound
from intrograph.graph.targets import intro_paths, resolve_target
from tests.conftest import card, owner, pending

DANA = owner("dana", "dana@northwind.com", "Dana Reyes")


@pytest.fixture
def world(store):
    store.import_files(DANA, [pending([
        card(1, "Bob Lee", emails=["bob@acme.com"], org="Acme Corporation, Inc.", title="CFO"),
        card(2, "Ann Lee", emails=["ann@acmetools.com"], org="Acme Tools"),
        card(3, "Cy Young", emails=["cy@globex.com"], org="Globex"),
        card(4, "Jo Park", emails=["jo@initech.com"], org="Initech"),
        card(5, "Jo Park", emails=["jo.park@hooli.com"], org="Hooli"),
    ])])
    return store


@pytest.mark.parametrize("query", ["acme.com", "@acme.com", "https://www.acme.com/about",
                                   "ACME Corp", "acme corporation"])
def test_company_by_domain_or_name_whatever_the_suffix(world, query):
    target, ids = resolve_target(world, query)
    assert target.organization.name == "Acme Corporation, Inc."
    assert [p.name for p in world.people() if p.id in ids] == ["Bob Lee"]


def test_a_unique_partial_name_is_enough(world):
    target, _ = resolve_target(world, "glob")
    assert target.organization.name == "Globex"


def test_an_ambiguous_name_offers_candidates(world):
    with pytest.raises(NotFound) as info:
        resolve_target(world, "acm")
    assert info.value.candidates == ["Acme Corporation, Inc.", "Acme Tools"]
    assert "did you mean: Acme Corporation, Inc., Acme Tools?" in str(info.value)


def test_person_by_email_or_exact_name(world):
    target, ids = resolve_target(world, "cy@globex.com")
    assert target.person.name == "Cy Young" and len(ids) == 1
    target, _ = resolve_target(world, "bob lee")
    assert target.person.organization == "Acme Corporation, Inc."


def test_two_people_with_one_name_must_be_named_by_email(world):
    with pytest.raises(NotFound, match="2 people are called 'Jo Park'; name one by email"):
        resolve_target(world, "Jo Park")


def test_a_near_miss_suggests_the_closest_names(world):
    with pytest.raises(NotFound) as info:
        resolve_target(world, "Globx Inc")
    assert info.value.candidates == ["Globex"]


def test_direct_contacts_are_one_hop_paths(world):
    result = intro_paths(world, "acme.com")
    [path] = result.paths
    assert [p.name for p in path.people] == ["Dana Reyes", "Bob Lee"]
    assert path.hops == 1 and path.score == path.links[0].strength


def test_empty_query_is_refused(world):
    with pytest.raises(InputError, match="the target is empty"):
        resolve_target(world, "  ")
