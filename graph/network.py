"""The graph path search runs on, from a store.

:func:`build_graph` returns the store's compact graph (CSR arrays, persisted by the embedded
store so a query loads it in milliseconds). :func:`networkx_graph` gives the same ties as a
networkx graph for analysis in a notebook: convenient, but some hundreds of bytes per tie and
seconds to build at a million ties.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from intrograph.graph.compact import CompactGraph
from intrograph.graph.store import Store
from intrograph.graph.strength import cost

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["build_graph", "networkx_graph"]


def build_graph(store: Store) -> CompactGraph:
    """Return the graph of every tie in ``store``, ready for path search."""
    return store.search_graph()


def networkx_graph(store: Store) -> nx.Graph:
    """Return every tie as an undirected networkx graph with ``strength`` and ``cost``."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_edges_from(
        (a, b, {"strength": s, "cost": cost(s)}) for a, b, s in store.tie_strengths()
    )
    return graph
