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

import functools
import heapq
from collections.abc import Callable, Collection, Hashable, Iterable
from itertools import count
from typing import TYPE_CHECKING, Any

from intrograph.graph.compact import CompactGraph, IndexView

if TYPE_CHECKING:
    import networkx as nx

    # Either works: networkx for small graphs and tests, CompactGraph for the store's own.
    SearchGraph = nx.Graph | CompactGraph | IndexView
else:
    # networkx costs a whole command a tenth of a second to import; a query never needs it.
    SearchGraph = Any

__all__ = ["CONNECTOR_CAP", "SearchGraph", "best_paths", "diverse_paths", "ranked_paths"]

CONNECTOR_CAP = 2  # nobody is asked for more than two of one query's introductions


def _on_indices(search: Callable[..., list]) -> Callable[..., list]:
    """Run ``search`` on a CompactGraph's integer view and translate ids in and out."""

    @functools.wraps(search)
    def run(graph: SearchGraph, sources: Iterable[Hashable], targets: Collection[Hashable],
            *, avoid: Collection[Hashable] = (), **options: object) -> list:
        if not isinstance(graph, CompactGraph):
            return search(graph, sources, targets, avoid=avoid, **options)
        found = search(graph.by_index(), graph.encode(sources), set(graph.encode(targets)),
                       avoid=set(graph.encode(avoid)), **options)
        return [(c, graph.decode(path)) for c, path in found]

    return run


@_on_indices
def best_paths(
    graph: SearchGraph,
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

    if isinstance(graph, IndexView):
        return graph.best_within(sources, wanted, max_hops, k, blocked=avoid)
    neighbors = _neighbors_of(graph, weight)
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
        for nbr, edge_cost in neighbors(node):
            if nbr in avoid or nbr in source_set:
                continue
            labels.append((nbr, hops + 1, idx))
            heapq.heappush(heap, (c + edge_cost, hops + 1, next(tiebreak), len(labels) - 1))
    return found


def _neighbors_of(graph: SearchGraph, weight: str) -> Callable[[Hashable],
                                                               Iterable[tuple[Hashable, float]]]:
    """Return a function giving (neighbour, cost) pairs, for a networkx or a compact graph."""
    if not isinstance(graph, CompactGraph | IndexView):  # a networkx graph
        adj = graph.adj
        return lambda node: ((nbr, attrs[weight]) for nbr, attrs in adj[node].items())
    return graph.neighbors


def _until_no_path(paths: Iterable[list[Hashable]]) -> Iterable[list[Hashable]]:
    """Yield from networkx's path generator, which raises instead of yielding nothing."""
    import networkx as nx

    try:
        yield from paths
    except nx.NetworkXNoPath:
        return


def _walk_back(labels: list[tuple[Hashable, int, int]], idx: int) -> list[Hashable]:
    path = []
    while idx != -1:
        node, _, idx = labels[idx]
        path.append(node)
    path.reverse()
    return path


@_on_indices
def diverse_paths(
    graph: SearchGraph,
    sources: Iterable[Hashable],
    targets: Collection[Hashable],
    *,
    max_hops: int = 4,
    k: int = 5,
    weight: str = "cost",
    avoid: Collection[Hashable] = (),
    connector_cap: int = CONNECTOR_CAP,
) -> list[tuple[float, list[Hashable]]]:
    """Return up to ``k`` best paths that end at different targets and lean on nobody too much.

    No intermediate person (a connector) appears in more than ``connector_cap`` of the paths:
    one colleague asked for ten introductions helps with none. Greedy, as PERFORMANCE.md
    recommends over Yen's algorithm: take paths best first from :func:`best_paths`; once a
    connector reaches the cap, search again with that connector avoided. Each path is the best
    one to its target given the connectors still available.
    """
    sources = list(sources)
    remaining = set(targets)
    blocked = set(avoid)
    uses: dict[Hashable, int] = {}
    found: list[tuple[float, list[Hashable]]] = []
    to_goal = None
    if isinstance(graph, IndexView):
        # The pruning distances hold for fewer targets and more blocked people: reuse them.
        to_goal = graph.goal_distances(remaining, max_hops)
    while len(found) < k and remaining:
        if to_goal is not None:
            batch = graph.best_within(sources, remaining, max_hops, k - len(found),
                                      blocked=blocked, to_goal=to_goal)
        else:
            batch = best_paths(graph, sources, remaining, max_hops=max_hops,
                               k=k - len(found), weight=weight, avoid=blocked)
        if not batch:
            break
        for c, path in batch:
            found.append((c, path))
            remaining.discard(path[-1])
            saturated = False
            for connector in path[1:-1]:
                uses[connector] = uses.get(connector, 0) + 1
                if uses[connector] >= connector_cap:
                    blocked.add(connector)
                    saturated = True
            if saturated:  # later paths of this batch may lean on it: search again
                break
    found.sort(key=lambda item: (item[0], len(item[1])))
    return found


@_on_indices
def ranked_paths(
    graph: SearchGraph,
    sources: Iterable[Hashable],
    targets: Collection[Hashable],
    *,
    max_hops: int = 4,
    k: int = 5,
    weight: str = "cost",
    avoid: Collection[Hashable] = (),
    max_candidates: int = 10_000,
) -> list[tuple[float, list[Hashable]]]:
    """Return the ``k`` best simple paths with no diversity rule: several may end at one target.

    Yen's algorithm (networkx ``shortest_simple_paths``) between a virtual team node and a
    virtual target node, keeping paths within the hop limit. Much slower than
    :func:`diverse_paths` on large graphs (PERFORMANCE.md), so it stops after examining
    ``max_candidates`` paths.
    """
    blocked = set(avoid)
    src = [s for s in dict.fromkeys(sources) if s in graph and s not in blocked]
    dst = {t for t in targets if t in graph and t not in blocked and t not in set(src)}
    if not src or not dst or k < 1:
        return []
    # Yen's algorithm copies what it walks; restrict it to what lies within reach of the team.
    # Targets are walked through too: a path may reach one person at the account via another.
    neighbors = _neighbors_of(graph, weight)
    keep = set(src)
    frontier = set(src)
    for _ in range(max_hops):
        frontier = {n for f in frontier for n, _ in neighbors(f)
                    if n not in keep and n not in blocked}
        keep |= frontier
    dst &= keep
    if not dst:
        return []
    import networkx as nx

    sub = nx.Graph()
    sub.add_weighted_edges_from(
        ((a, b, c) for a in keep for b, c in neighbors(a) if b in keep), weight=weight
    )
    team, goal = object(), object()
    sub.add_edges_from((team, s, {weight: 0.0}) for s in src)
    sub.add_edges_from((t, goal, {weight: 0.0}) for t in dst)
    found: list[tuple[float, list[Hashable]]] = []
    source_set = set(src)
    candidates = nx.shortest_simple_paths(sub, team, goal, weight=weight)
    for examined, path in enumerate(_until_no_path(candidates)):
        inner = path[1:-1]
        if len(inner) - 1 <= max_hops and not source_set.intersection(inner[1:]):
            cost_ = sum(sub[a][b][weight] for a, b in zip(inner, inner[1:], strict=False))
            found.append((cost_, inner))
            if len(found) == k:
                break
        if examined >= max_candidates:
            break
    return found
