"""Colleague ties through organisation nodes: one edge per membership, shown as one link."""

from __future__ import annotations

import datetime as dt

import pytest

from intrograph.graph.colleagues import (
    Membership,
    is_org_node,
    membership_edges,
    membership_strength,
    org_node,
)
from intrograph.graph.compact import CompactGraph
from intrograph.graph.sqlite_store import SQLiteStore
from intrograph.graph.targets import intro_paths
from tests.conftest import card, owner, pending

DANA = owner("dana", "dana@northwind.com", "Dana Reyes")
LUIS = owner("luis", "luis@northwind.com", "Luis Ortiz")


def colleague(size: int, a_now: bool = True, b_now: bool = True) -> float:
    return membership_strength(size, a_now) * membership_strength(size, b_now)


def test_colleague_strength_falls_with_size_and_with_leaving():
    sizes = [2, 10, 11, 100, 1_000, 10_000]
    strengths = [colleague(n) for n in sizes]
    assert strengths == sorted(strengths, reverse=True) and strengths[-2] > strengths[-1]
    assert colleague(5) == pytest.approx(0.5)  # a small company: everyone knows everyone
    assert colleague(10_000) == pytest.approx(0.5 * (10 / 10_000) ** 0.5)
    assert colleague(50, True, False) == pytest.approx(colleague(50) / 2)
    assert colleague(50, False, False) < colleague(50, True, False)


def test_a_big_company_adds_one_edge_per_person_not_per_pair():
    members = [Membership(f"p{i:05d}", "oBIG", True, 10_000) for i in range(10_000)]
    graph = CompactGraph.from_ties(membership_edges(members))
    assert graph.number_of_edges() == 10_000  # not 10,000 * 9,999 / 2 ≈ 50 million
    assert len(graph.neighbors(org_node("oBIG"))) == 10_000


@pytest.fixture
def store(tmp_path):
    with SQLiteStore(tmp_path / "s.db", today=dt.date(2026, 11, 24)) as s:
        s.import_files(DANA, [pending([
            card(1, "Bob Lee", emails=["bob@initech.com"], phones=["+14155550100"],
                 org="Initech", starred=True),
        ])])
        s.import_files(LUIS, [pending([
            card(1, "Carol Diaz", emails=["carol@initech.com"], org="Initech", title="CFO"),
            card(2, "Bob Lee", emails=["bob.lee@gmail.com"], org="Globex", file="old.csv"),
        ])])
        yield s


def test_a_path_through_an_organisation_reads_as_one_colleague_link(store):
    result = intro_paths(store, "carol@initech.com", from_owners=["dana"])
    best = result.paths[0]
    assert [p.name for p in best.people] == ["Dana Reyes", "Bob Lee", "Carol Diaz"]
    assert best.hops == len(best.links) == 2
    hand_off = best.links[1]
    assert hand_off.evidence[0].kind == "colleague"
    assert hand_off.evidence[0].detail == "colleagues: both work at Initech; 2 people known there"
    assert hand_off.strength == pytest.approx(0.5)
    assert best.score == pytest.approx(best.links[0].strength * 0.5)
    assert not any(is_org_node(p.id) for p in best.people)


def test_memberships_are_derived_and_rewritten_with_the_records(store):
    assert store.counts()["memberships"] == 2  # Bob and Carol at Initech; Globex has one person
    bob = next(p.id for p in store.people("bob@initech.com"))
    assert store.membership(bob, org_node(store.organizations("initech")[0].id)).current
    # Carol leaves Luis's book: Bob is alone at Initech, so nobody is his colleague there.
    store.import_files(LUIS, [pending([card(1, "Eve Park", emails=["eve@park.example"])],
                                      tag="v2")])
    assert store.counts()["memberships"] == 0


def test_a_former_employer_is_a_past_membership(tmp_path):
    with SQLiteStore(tmp_path / "p.db", today=dt.date(2026, 11, 24)) as s:
        s.import_files(DANA, [pending([
            card(1, "Bob Lee", emails=["bob@initech.com"], org="Initech"),
            card(2, "Carol Diaz", emails=["carol@initech.com"], org="Initech"),
            card(3, "Bob Lee", emails=["bob@initech.com"], org="Globex", file="2019.csv"),
            card(4, "Frank Wu", emails=["frank@globex.com"], org="Globex"),
        ])])
        bob = next(p for p in s.people("bob@initech.com"))
        orgs = {o.name: org_node(o.id) for o in s.organizations()}
        now = s.membership(bob.id, orgs[bob.organization])
        other = next(n for name, n in orgs.items() if name != bob.organization)
        before = s.membership(bob.id, other)
        assert now is not None and now.current
        assert before is not None and not before.current
