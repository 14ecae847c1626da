"""The compact search graph answers exactly as the networkx graph does."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intrograph.graph.compact import CompactGraph
from intrograph.graph.paths import best_paths, diverse_paths, ranked_paths
from intrograph.graph.strength import cost

TIES = st.lists(st.tuples(st.integers(0, 14), st.integers(0, 14), st.floats(0.05, 1.0)),
                min_size=1, max_size=50)


def both(ties):
    ties = [(f"p{a:02d}", f"p{b:02d}", s) for a, b, s in ties if a != b]
    pairs = {}
    for a, b, s in ties:  # one tie per pair, as the store keeps them
        pairs[(min(a, b), max(a, b))] = s
    g = nx.Graph()
    g.add_edges_from((a, b, {"cost": cost(s)}) for (a, b), s in pairs.items())
    return g, CompactGraph.from_ties((a, b, s) for (a, b), s in pairs.items())


@settings(max_examples=100, deadline=None)
@given(ties=TIES, k=st.integers(1, 5), max_hops=st.integers(1, 4))
def test_every_search_gives_the_same_answer_on_both(ties, k, max_hops):
    g, c = both(ties)
    src, dst = ["p00", "p01"], {"p10", "p11", "p12", "p13", "p14"}
    # The k best costs are well defined even when costs tie; which of two equally good
    # targets comes first is not, so only costs are compared.
    for search in (best_paths, ranked_paths):
        on_nx = search(g, src, dst, k=k, max_hops=max_hops)
        on_csr = search(c, src, dst, k=k, max_hops=max_hops)
        assert [x for x, _ in on_csr] == pytest.approx([x for x, _ in on_nx])
    on_nx = diverse_paths(g, src, dst, k=k, max_hops=max_hops)
    on_csr = diverse_paths(c, src, dst, k=k, max_hops=max_hops)
    assert bool(on_nx) == bool(on_csr)
    if on_nx:
        assert on_csr[0][0] == pytest.approx(on_nx[0][0])


def test_round_trip_through_bytes_is_exact():
    _, c = both([(0, 1, 0.5), (1, 2, 0.9), (3, 4, 0.25)])
    again = CompactGraph.from_bytes(c.to_bytes())
    assert again.to_bytes() == c.to_bytes()
    assert again.neighbors("p01") == c.neighbors("p01") == [("p00", pytest.approx(cost(0.5))),
                                                            ("p02", pytest.approx(cost(0.9)))]
    assert "p04" in again and "p99" not in again and len(again) == 5


def test_an_empty_graph_finds_nothing():
    c = CompactGraph.from_ties([])
    assert len(c) == 0 and c.neighbors("x") == []
    assert best_paths(c, ["x"], {"y"}) == []
    assert CompactGraph.from_bytes(c.to_bytes()).number_of_edges() == 0


def test_from_index_arrays_builds_what_from_ties_builds():
    import numpy as np

    ids = np.array(["p07", "p02", "p05", "p01", "p09", "p03", "p04"])  # unsorted, p04 unused
    a = np.array([0, 1, 2, 3, 0, 5])
    b = np.array([1, 2, 3, 4, 5, 2])
    s = np.array([0.5, 0.9, 0.01, 1.0, 0.3, 0.7])
    fast = CompactGraph.from_index_arrays(ids, a, b, s)
    slow = CompactGraph.from_ties(zip(ids[a].tolist(), ids[b].tolist(), s.tolist(), strict=True))
    assert fast.ids.tolist() == slow.ids.tolist()
    assert fast.indptr.tolist() == slow.indptr.tolist()
    assert fast.indices.tolist() == slow.indices.tolist()
    assert fast.indices.dtype == slow.indices.dtype
    np.testing.assert_allclose(fast.cost, slow.cost, rtol=1e-15, atol=0)
    assert best_paths(fast, ["p07"], {"p09"}, k=1) == best_paths(slow, ["p07"], {"p09"}, k=1)
