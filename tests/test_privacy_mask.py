"""mask_graph: taking people and ties out of the compact search graph, checked against
building the graph again from the ties that remain."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from intrograph.graph.compact import CompactGraph
from intrograph.graph.paths import best_paths
from intrograph.graph.privacy import mask_graph

ids = st.sampled_from([f"p{i}" for i in range(8)])
ties = st.dictionaries(
    st.tuples(ids, ids).filter(lambda ab: ab[0] < ab[1]),
    st.floats(min_value=0.05, max_value=0.99),
    max_size=20,
)


def edges(graph: CompactGraph) -> set[tuple[str, str, float]]:
    return {(a, b, c) for a in graph.ids.tolist() for b, c in graph.neighbors(a)}


@given(ties, st.sets(ids, max_size=3), st.data())
def test_masking_equals_rebuilding_without_them(tie_map, people, data):
    dropped = data.draw(st.sets(st.sampled_from(sorted(tie_map)), max_size=4)
                        if tie_map else st.just(set()))
    graph = CompactGraph.from_ties((a, b, s) for (a, b), s in tie_map.items())
    masked = mask_graph(graph, people, [(b, a) if i % 2 else (a, b)
                                        for i, (a, b) in enumerate(sorted(dropped))])
    kept = [(a, b, s) for (a, b), s in tie_map.items()
            if (a, b) not in dropped and a not in people and b not in people]
    assert edges(masked) == edges(CompactGraph.from_ties(kept))


def test_a_masked_person_is_neither_reached_nor_walked_through():
    graph = CompactGraph.from_ties([("a", "b", 0.9), ("b", "c", 0.9), ("a", "c", 0.1)])
    assert best_paths(graph, ["a"], ["c"])[0][1] == ["a", "b", "c"]
    masked = mask_graph(graph, {"b"})
    assert best_paths(masked, ["a"], ["c"])[0][1] == ["a", "c"]
    assert best_paths(mask_graph(graph, {"c"}), ["a"], ["c"]) == []
    # Costs are kept bit for bit, not recomputed from strengths.
    assert masked.neighbors("a") == [n for n in graph.neighbors("a") if n[0] == "c"]


@given(ties, st.data())
def test_reweighting_equals_rebuilding_with_the_new_strengths(tie_map, data):
    changed = data.draw(st.dictionaries(st.sampled_from(sorted(tie_map)),
                                        st.floats(min_value=0.05, max_value=0.99), max_size=4)
                        if tie_map else st.just({}))
    graph = CompactGraph.from_ties((a, b, s) for (a, b), s in tie_map.items())
    masked = mask_graph(graph, reweight=changed)
    expected = CompactGraph.from_ties((a, b, changed.get((a, b), s))
                                      for (a, b), s in tie_map.items())
    assert edges(masked) == edges(expected)
