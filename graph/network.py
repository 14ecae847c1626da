"""The in-memory graph the path algorithms run on, built from a store's ties.

Nodes are person ids; each edge carries ``strength`` and ``cost = -ln(strength)``. Evidence
stays in the store and is fetched only for the links a result shows, which keeps the graph at a
few hundred bytes per tie (see the README for what that means at what size).
"""

from __future__ import annotations

import gc

import networkx as nx

from intrograph.graph.store import Store
from intrograph.graph.strength import cost

__all__ = ["build_graph"]


def build_graph(store: Store) -> nx.Graph:
    """Return an undirected graph of every tie in ``store``."""
    graph = nx.Graph()
    graph.add_edges_from(
        (a, b, {"strength": s, "cost": cost(s)}) for a, b, s in store.tie_strengths()
    )
    # A big networkx graph is millions of small objects; freezing them keeps the cyclic
    # collector from walking the whole graph during queries (PERFORMANCE.md measured 0.5 s
    # pauses at 10^6 ties without this).
    gc.freeze()
    return graph
