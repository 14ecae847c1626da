"""The search graph in compact arrays (CSR), persisted with the store so queries load it fast.

A networkx graph costs 430–600 bytes per tie and about ten seconds to build from SQLite at a
million ties (PERFORMANCE.md, and measured here: a cold intro-path took 13 s); the same ties as
CSR arrays cost about 24 bytes each and load in milliseconds. The search functions in
:mod:`intrograph.graph.paths` accept either, through ``neighbors()``.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

import numpy as np

from intrograph.graph.strength import cost as strength_cost

__all__ = ["CompactGraph", "IndexView"]


class CompactGraph:
    """An undirected graph of person ids with a cost per edge, in sorted CSR arrays.

    ``ids`` is sorted so that an id's index is a binary search away; each undirected tie is
    stored in both directions.
    """

    __slots__ = ("cost", "ids", "indices", "indptr")

    def __init__(self, ids: np.ndarray, indptr: np.ndarray, indices: np.ndarray,
                 cost: np.ndarray):
        self.ids = ids
        self.indptr = indptr
        self.indices = indices
        self.cost = cost

    @classmethod
    def from_ties(cls, ties: Iterable[tuple[str, str, float]]) -> CompactGraph:
        """Return the graph of ``(a, b, strength)`` ties; cost is ``-ln(strength)``."""
        a_list: list[str] = []
        b_list: list[str] = []
        costs: list[float] = []
        for a, b, s in ties:
            a_list.append(a)
            b_list.append(b)
            costs.append(strength_cost(s))
        ids = np.unique(np.array(a_list + b_list, dtype=str)) if a_list else np.array([], str)
        a_idx = np.searchsorted(ids, np.array(a_list, dtype=str)) if a_list else np.zeros(0, int)
        b_idx = np.searchsorted(ids, np.array(b_list, dtype=str)) if a_list else np.zeros(0, int)
        src = np.concatenate([a_idx, b_idx]).astype(np.int64)
        dst = np.concatenate([b_idx, a_idx]).astype(np.int32)
        both = np.concatenate([costs, costs]).astype(np.float64)
        order = np.lexsort((dst, src))  # by source, then neighbour: deterministic bytes
        src, dst, both = src[order], dst[order], both[order]
        indptr = np.zeros(len(ids) + 1, dtype=np.int64)
        np.add.at(indptr, src + 1, 1)
        np.cumsum(indptr, out=indptr)
        return cls(ids, indptr, dst, both)

    @classmethod
    def from_index_arrays(cls, ids: np.ndarray, a: np.ndarray, b: np.ndarray,
                          strength: np.ndarray) -> CompactGraph:
        """Return the graph of ties ``ids[a[i]]``–``ids[b[i]]`` of ``strength[i]``.

        The same graph :meth:`from_ties` builds from those ties, but vectorised, with no Python
        object per tie: ten million ties build in seconds. ``ids`` must be unique; as in
        ``from_ties``, one tie per pair, and ids that no tie mentions are left out.
        """
        ids = np.asarray(ids, dtype=str)
        a = np.asarray(a, dtype=np.int64)
        b = np.asarray(b, dtype=np.int64)
        cost = -np.log(np.asarray(strength, dtype=np.float64))
        used = np.zeros(len(ids), dtype=bool)
        used[a] = True
        used[b] = True
        keep = np.flatnonzero(used)
        keep = keep[np.argsort(ids[keep], kind="stable")]
        n = len(keep)
        remap = np.empty(len(ids), dtype=np.int64)
        remap[keep] = np.arange(n)
        src = np.concatenate([remap[a], remap[b]])
        dst = np.concatenate([remap[b], remap[a]])
        # By source, then neighbour, as from_ties's lexsort orders them: deterministic bytes.
        order = np.argsort(src * max(n, 1) + dst, kind="stable")
        both = np.concatenate([cost, cost])[order]
        src, dst = src[order], dst[order].astype(np.int32)
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(src, minlength=n), out=indptr[1:])
        return cls(ids[keep], indptr, dst, both)

    def __len__(self) -> int:
        return len(self.ids)

    def number_of_edges(self) -> int:
        return len(self.indices) // 2

    def _index(self, node: str) -> int:
        i = int(np.searchsorted(self.ids, node))
        return i if i < len(self.ids) and self.ids[i] == node else -1

    def __contains__(self, node: object) -> bool:
        return isinstance(node, str) and self._index(node) >= 0

    def neighbors(self, node: str) -> list[tuple[str, float]]:
        """Return ``(neighbour id, cost)`` for every tie of ``node``."""
        i = self._index(node)
        if i < 0:
            return []
        lo, hi = int(self.indptr[i]), int(self.indptr[i + 1])
        return list(zip(self.ids[self.indices[lo:hi]].tolist(), self.cost[lo:hi].tolist(),
                        strict=True))

    def encode(self, nodes: Iterable[str]) -> list[int]:
        """Return the indices of the ids that are in the graph, in order, others dropped."""
        return [i for n in nodes if (i := self._index(n)) >= 0]

    def decode(self, indices: Iterable[int]) -> list[str]:
        return [str(self.ids[i]) for i in indices]

    def by_index(self) -> IndexView:
        return IndexView(self)

    def to_bytes(self) -> bytes:
        buf = io.BytesIO()
        np.savez(buf, ids=self.ids, indptr=self.indptr, indices=self.indices, cost=self.cost)
        return buf.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> CompactGraph:
        with np.load(io.BytesIO(data), allow_pickle=False) as z:
            return cls(z["ids"], z["indptr"], z["indices"], z["cost"])


class IndexView:
    """The same graph with nodes as integer indices: what the search runs on, since it then
    never converts between ids and positions while it walks."""

    __slots__ = ("cost", "indices", "indptr", "n")

    def __init__(self, graph: CompactGraph):
        self.indptr = graph.indptr
        self.indices = graph.indices
        self.cost = graph.cost
        self.n = len(graph.ids)

    def __contains__(self, node: object) -> bool:
        return isinstance(node, int) and 0 <= node < self.n

    def neighbors(self, node: int) -> Iterable[tuple[int, float]]:
        lo, hi = int(self.indptr[node]), int(self.indptr[node + 1])
        return zip(self.indices[lo:hi].tolist(), self.cost[lo:hi].tolist(), strict=True)

    def best_within(
        self, sources: Sequence[int], targets: Iterable[int], max_hops: int, k: int,
        blocked: Iterable[int] = (), to_goal: np.ndarray | None = None,
    ) -> list[tuple[float, list[int]]]:
        """Return up to ``k`` (cost, path) pairs, best first, to distinct targets.

        Bellman–Ford in hop layers (layer h holds the least cost using at most h ties), each
        layer relaxed for all edges at once in numpy; a layer only relaxes edges out of the
        nodes the previous one improved, and only towards nodes that can still reach a target
        in the hops left. Keeping every layer's costs and parents makes the paths exact under
        the hop limit; ties in cost go to the fewer hops, as in the Dijkstra search.
        """
        n = self.n
        src = np.unique(np.asarray(list(sources), dtype=np.int64))
        if src.size == 0:
            return []
        stop = np.zeros(n, dtype=bool)
        stop[np.fromiter(blocked, dtype=np.int64)] = True
        stop[src] = True  # nobody is reached through another member of the team
        goal = np.unique(np.fromiter(targets, dtype=np.int64))
        goal = goal[~stop[goal]]
        if goal.size == 0:
            return []
        if to_goal is None:
            to_goal = self.goal_distances(goal.tolist(), max_hops)
        d = np.full(n, np.inf)
        d[src] = 0.0
        layers = [d]
        parents: list[np.ndarray] = []
        frontier = src
        for hop in range(1, max_hops + 1):
            starts, ends = self.indptr[frontier], self.indptr[frontier + 1]
            lengths = ends - starts
            total = int(lengths.sum())
            prev = layers[-1]
            if total == 0:
                break
            eidx = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(total)
            u = np.repeat(frontier, lengths)
            v = self.indices[eidx].astype(np.int64)
            c = prev[u] + self.cost[eidx]
            ok = ~stop[v] & (to_goal[v] <= max_hops - hop) & (c < prev[v])
            u, v, c = u[ok], v[ok], c[ok]
            # The least cost per node by scatter-min, O(edges), not a sort of the edges; the
            # parent is the smallest neighbour achieving it, so results do not depend on order.
            cur = prev.copy()
            np.minimum.at(cur, v, c)
            best = c == cur[v]
            parent = np.full(n, n, dtype=np.int64)
            np.minimum.at(parent, v[best], u[best])
            frontier = np.flatnonzero(cur < prev)
            parent[parent == n] = -1
            layers.append(cur)
            parents.append(parent)
            if frontier.size == 0:
                break
        final = layers[-1]
        reached = goal[np.isfinite(final[goal])]
        if reached.size == 0:
            return []
        # The first layer that reaches a node's final cost is its fewest-hops best path.
        first_layer = {
            int(t): next(h for h, layer in enumerate(layers) if layer[t] == final[t])
            for t in reached.tolist()
        }
        ranked = sorted(reached.tolist(), key=lambda t: (final[t], first_layer[t], t))[:k]
        out = []
        for t in ranked:
            path, node, hop = [t], t, first_layer[t]
            while hop > 0:
                node = int(parents[hop - 1][node])
                hop -= 1
                target_cost = layers[hop][node]
                hop = next(h for h in range(hop + 1) if layers[h][node] == target_cost)
                path.append(node)
            path.reverse()
            out.append((float(final[t]), path))
        return out

    def goal_distances(self, targets: Iterable[int], max_hops: int) -> np.ndarray:
        """Return the hop distances that prune :meth:`best_within`'s search towards ``targets``.

        Distances up to max_hops - 2 suffice: a node reached in one hop may be up to
        max_hops - 1 from a target, which "farther than the limit" already allows. They stay a
        valid bound for any subset of the targets and any nodes blocked later, so a caller
        searching repeatedly (diverse_paths) computes them once.
        """
        return self.hops_from(targets, max(max_hops - 2, 0))

    def hops_from(self, start: Iterable[int], limit: int,
                  blocked: Iterable[int] = ()) -> np.ndarray:
        """Return each node's hop distance from ``start`` (``limit + 1`` beyond ``limit``).

        Breadth-first, a whole level at a time in numpy, so it costs milliseconds even when
        the levels hold hundreds of thousands of people. ``blocked`` nodes are reached but not
        walked through.
        """
        far = limit + 1
        dist = np.full(self.n, far, dtype=np.int16)
        frontier = np.unique(np.fromiter(start, dtype=np.int64))
        dist[frontier] = 0
        stop = np.zeros(self.n, dtype=bool)
        stop[np.fromiter(blocked, dtype=np.int64)] = True
        for hop in range(1, limit + 1):
            if frontier.size == 0:
                break
            starts, ends = self.indptr[frontier], self.indptr[frontier + 1]
            lengths = ends - starts
            total = int(lengths.sum())
            if total == 0:
                break
            # The concatenation of indices[starts[i]:ends[i]] for all i, without a Python loop.
            offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
            nbrs = self.indices[offsets + np.arange(total)]
            # Marking and re-reading the level dedups in O(n); np.unique sorted 10^6 entries.
            dist[nbrs[dist[nbrs] == far]] = hop
            reached = np.flatnonzero(dist == hop)
            frontier = reached[~stop[reached]]
        return dist
