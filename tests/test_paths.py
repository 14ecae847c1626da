"""Hop-limited best paths: the search a user's ranking stands on."""

from __future__ import annotations

import math

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intrograph.graph.paths import best_paths
from intrograph.graph.strength import cost


def graph_of(*edges: tuple[str, str, float]) -> nx.Graph:
    g = nx.Graph()
    for a, b, s in edges:
        g.add_edge(a, b, strength=s, cost=cost(s))
    return g


def test_prefers_two_strong_handoffs_over_one_weak():
    g = graph_of(("me", "t", 0.3), ("me", "x", 0.9), ("x", "t", 0.9))
    [(c, path)] = best_paths(g, ["me"], {"t"}, k=1)
    assert path == ["me", "x", "t"]
    assert math.exp(-c) == pytest.approx(0.81)


def test_hop_limit_forces_the_shorter_path():
    g = graph_of(("me", "t", 0.3), ("me", "x", 0.9), ("x", "t", 0.9))
    [(_, path)] = best_paths(g, ["me"], {"t"}, max_hops=1, k=1)
    assert path == ["me", "t"]


def test_unreachable_within_hops_gives_nothing():
    g = graph_of(("me", "a", 0.9), ("a", "b", 0.9), ("b", "t", 0.9))
    assert best_paths(g, ["me"], {"t"}, max_hops=2) == []
    assert len(best_paths(g, ["me"], {"t"}, max_hops=3)) == 1


def test_equal_scores_go_to_fewer_hops():
    g = graph_of(("me", "t", 0.5), ("me", "x", 1.0), ("x", "t", 0.5))
    [(_, path)] = best_paths(g, ["me"], {"t"}, k=1)
    assert path == ["me", "t"]


def test_k_paths_end_at_distinct_targets_best_first():
    g = graph_of(("me", "t1", 0.9), ("me", "t2", 0.5), ("me", "x", 0.95), ("x", "t1", 0.99),
                 ("x", "t3", 0.7))
    found = best_paths(g, ["me"], {"t1", "t2", "t3"}, k=5)
    assert [p[-1] for _, p in found] == ["t1", "t3", "t2"]
    costs = [c for c, _ in found]
    assert costs == sorted(costs)


def test_starts_from_the_nearest_source():
    g = graph_of(("ana", "x", 0.5), ("ben", "x", 0.9), ("x", "t", 0.8))
    [(_, path)] = best_paths(g, ["ana", "ben"], {"t"}, k=1)
    assert path == ["ben", "x", "t"]


def test_avoided_people_are_neither_passed_through_nor_reached():
    g = graph_of(("me", "x", 0.9), ("x", "t", 0.9), ("me", "y", 0.4), ("y", "t", 0.4))
    [(_, path)] = best_paths(g, ["me"], {"t"}, avoid={"x"})
    assert path == ["me", "y", "t"]
    assert best_paths(g, ["me"], {"t"}, avoid={"t"}) == []


def test_a_source_is_never_its_own_target():
    g = graph_of(("me", "t", 0.9))
    assert best_paths(g, ["me", "t"], {"t"}) == []


def _brute_force(g: nx.Graph, sources, targets, max_hops):
    best = {}
    for s in sources:
        for t in targets:
            if t in sources or s not in g or t not in g:
                continue
            for p in nx.all_simple_paths(g, s, t, cutoff=max_hops):
                if any(n in sources for n in p[1:]):
                    continue
                c = sum(g[a][b]["cost"] for a, b in zip(p, p[1:], strict=False))
                if t not in best or (c, len(p)) < best[t]:
                    best[t] = (c, len(p))
    return best


@settings(max_examples=150, deadline=None)
@given(
    edges=st.lists(
        st.tuples(st.integers(0, 9), st.integers(0, 9), st.floats(0.05, 1.0)),
        min_size=1, max_size=30,
    ),
    max_hops=st.integers(1, 5),
)
def test_matches_brute_force_on_small_graphs(edges, max_hops):
    g = graph_of(*((f"n{a}", f"n{b}", s) for a, b, s in edges if a != b))
    sources, targets = {"n0", "n1"}, {"n7", "n8", "n9"}
    expected = _brute_force(g, sources, targets, max_hops)
    found = best_paths(g, sources, targets, max_hops=max_hops, k=10)
    assert {p[-1] for _, p in found} == set(expected)
    for c, path in found:
        assert len(path) - 1 <= max_hops
        assert len(set(path)) == len(path), "paths are simple"
        assert c == pytest.approx(expected[path[-1]][0], abs=1e-9)
        assert c == pytest.approx(sum(g[a][b]["cost"] for a, b in zip(path, path[1:],
                                                                        strict=False)))


# --- diversity -------------------------------------------------------------------------------

from collections import Counter  # noqa: E402

from intrograph.graph.paths import diverse_paths, ranked_paths  # noqa: E402


def test_one_connector_is_asked_for_at_most_two_intros():
    edges = [("me", "x", 0.95), ("me", "y", 0.6), ("me", "z", 0.3)]
    for i in range(6):
        edges += [("x", f"t{i}", 0.9), ("y", f"t{i}", 0.8), ("z", f"t{i}", 0.8)]
    g = graph_of(*edges)
    found = diverse_paths(g, ["me"], {f"t{i}" for i in range(6)}, k=6)
    connectors = Counter(n for _, p in found for n in p[1:-1])
    assert connectors == {"x": 2, "y": 2, "z": 2}
    assert [p[1] for _, p in found] == ["x", "x", "y", "y", "z", "z"], "best first"
    # With only six targets and three connectors, a seventh path cannot exist.
    assert len(diverse_paths(g, ["me"], {f"t{i}" for i in range(6)}, k=7)) == 6


def test_diversity_can_be_lifted_to_see_every_route_to_one_person():
    g = graph_of(("me", "t", 0.5), ("me", "x", 0.9), ("x", "t", 0.9), ("me", "y", 0.8),
                 ("y", "t", 0.8))
    found = ranked_paths(g, ["me"], {"t"}, k=3)
    assert [p for _, p in found] == [["me", "x", "t"], ["me", "y", "t"], ["me", "t"]]


@settings(max_examples=100, deadline=None)
@given(
    edges=st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11), st.floats(0.05, 1.0)),
                   min_size=1, max_size=40),
    k=st.integers(1, 6),
)
def test_diverse_paths_keep_their_rules_on_random_graphs(edges, k):
    g = graph_of(*((f"n{a}", f"n{b}", s) for a, b, s in edges if a != b))
    sources, targets = ["n0", "n1"], {f"n{i}" for i in range(6, 12)}
    found = diverse_paths(g, sources, targets, max_hops=4, k=k)
    assert len({p[-1] for _, p in found}) == len(found) <= k
    assert all(n <= 2 for n in Counter(c for _, p in found for c in p[1:-1]).values())
    assert [c for c, _ in found] == sorted(c for c, _ in found)
    best = best_paths(g, sources, targets, max_hops=4, k=1)
    if best:
        assert found[0][0] == pytest.approx(best[0][0])
    else:
        assert found == []


@settings(max_examples=80, deadline=None)
@given(
    edges=st.lists(st.tuples(st.integers(0, 8), st.integers(0, 8), st.floats(0.05, 1.0)),
                   min_size=1, max_size=25),
    max_hops=st.integers(1, 4),
)
def test_ranked_paths_match_brute_force(edges, max_hops):
    g = graph_of(*((f"n{a}", f"n{b}", s) for a, b, s in edges if a != b))
    sources, targets = {"n0", "n1"}, {"n7", "n8"}
    every = sorted(
        sum(g[a][b]["cost"] for a, b in zip(p, p[1:], strict=False))
        for s in sources if s in g
        for t in targets if t in g
        for p in nx.all_simple_paths(g, s, t, cutoff=max_hops)
        if not sources.intersection(p[1:])
    )
    found = ranked_paths(g, sources, targets, max_hops=max_hops, k=5)
    assert [c for c, _ in found] == pytest.approx(every[:5])
