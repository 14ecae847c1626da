"""Hop-limited best paths from a set of sources to a set of targets.

The search is Dijkstra's algorithm over (node, hops) labels, the textbook treatment of the
resource-constrained shortest path problem with hops as the resource (Irnich & Desaulniers,
"Shortest Path Problems with Resource Constraints", 2005): a label at a node is discarded when
another label there is no more costly and used no more hops. With non-negative costs
(``-ln(strength)`` for strengths in (0, 1]) every returned path is simple.

All sources start at cost 0, as if joined to one virtual team node, so one run answers "who on
the team is closest", and targets are reported in order of their best path: the first ``k``
targets settled are the ``k`` best distinct target people.
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Hashable, Iterable
from itertools import count

import networkx as nx

__all__ = ["best_paths"]


def best_paths(
    graph: nx.Graph,
    sources: Iterable[Hashable],
    targets: Collection[Hashable],
    *,
    max_hops: int = 4,
    k: int = 5,
    weight: str = "cost",
    avoid: Collection[Hashable] = (),
) -> list[tuple[float, list[Hashable]]]:
    """Return up to ``k`` (cost, path) pairs, best first, each ending at a different target.

    Parameters
    ----------
    graph : networkx.Graph
        Edges carry a non-negative ``weight`` attribute.
    sources, targets : node collections
        Paths start at any source and end at a target that is not itself a source.
    max_hops : int
        Paths use at most this many edges.
    k : int
        How many target people to report.
    avoid : node collection
        Nodes no path may pass through or end at (opted-out people, hidden contacts).

    Ties in cost go to the path with fewer hops.
    """
    if max_hops < 1 or k < 1:
        return []
    sources = [s for s in dict.fromkeys(sources) if s in graph and s not in avoid]
    source_set = set(sources)
    wanted = {t for t in targets if t in graph and t not in source_set and t not in avoid}
    if not sources or not wanted:
        return []

    # label i: (node, hops, parent label index); the heap holds (cost, hops, tiebreak, i).
    labels: list[tuple[Hashable, int, int]] = []
    heap: list[tuple[float, int, int, int]] = []
    tiebreak = count()
    for s in sources:
        labels.append((s, 0, -1))
        heap.append((0.0, 0, next(tiebreak), len(labels) - 1))
    heapq.heapify(heap)
    settled: dict[Hashable, list[tuple[float, int]]] = {}
    found: list[tuple[float, list[Hashable]]] = []
    reached: set[Hashable] = set()

    while heap:
        c, hops, _, idx = heapq.heappop(heap)
        node = labels[idx][0]
        kept = settled.setdefault(node, [])
        if any(c2 <= c and h2 <= hops for c2, h2 in kept):
            continue
        kept.append((c, hops))
        if node in wanted and node not in reached:
            reached.add(node)
            found.append((c, _walk_back(labels, idx)))
            if len(found) == k:
                break
        if hops == max_hops:
            continue
        for nbr, attrs in graph[node].items():
            if nbr in avoid or nbr in source_set:
                continue
            labels.append((nbr, hops + 1, idx))
            heapq.heappush(heap, (c + attrs[weight], hops + 1, next(tiebreak), len(labels) - 1))
    return found


def _walk_back(labels: list[tuple[Hashable, int, int]], idx: int) -> list[Hashable]:
    path = []
    while idx != -1:
        node, _, idx = labels[idx]
        path.append(node)
    path.reverse()
    return path
