"""Path search run inside the database (``intro-path --in-database``, Neo4j only).

The database finds candidate paths; Python picks among them with the same rules as
:func:`~intrograph.graph.paths.diverse_paths` and :func:`~intrograph.graph.paths.ranked_paths`,
and the paths are then built, reranked and redacted exactly as the Python search's are.

Privacy is applied in the database, not after it: the viewer's :class:`~intrograph.graph.
privacy.Scope` is reduced to what :func:`~intrograph.graph.privacy.mask_graph` does to the
search graph (people dropped, edges dropped, edges reweighted) and sent as query parameters,
so a hidden tie is never walked and a weakened one is walked at its visible strength.

Why picking in Python gives the Python search's answer: the diverse search accepts, best first,
the cheapest path to a new target that uses no connector already in ``connector_cap`` accepted
paths; a connector once saturated stays so. Walking every simple path within the hop limit in
order of cost and applying the same test to each is the same greedy choice, so given *all*
candidates up to the k-th accepted one the picks are identical (up to paths of exactly equal
cost). :func:`in_database_paths` therefore fetches more candidates until k are picked or the
database has no more.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from intrograph.graph.paths import CONNECTOR_CAP
from intrograph.graph.strength import cost as strength_cost

if TYPE_CHECKING:
    from intrograph.graph.privacy import Scope

__all__ = ["CONNECTOR_CAP", "Mask", "PathSource", "edge_key", "in_database_paths", "mask_of",
           "pick_paths"]

Found = list[tuple[float, list[str]]]


def edge_key(a: str, b: str) -> str:
    """Return the key both the Cypher and Python sides give the edge between two node names."""
    return f"{a}|{b}" if a < b else f"{b}|{a}"


@dataclass(frozen=True)
class Mask:
    """A viewer's privacy mask as query parameters: what mask_graph does, nothing more."""

    blocked: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    reweight: dict[str, float] = field(default_factory=dict)  # edge key -> cost


def mask_of(scope: Scope) -> Mask:
    """Return ``scope``'s mask: its blocked people, dropped edges and reweighted ties."""
    return Mask(
        blocked=sorted(scope.blocked),
        dropped=sorted({edge_key(a, b) for a, b in scope.dropped}),
        reweight={edge_key(a, b): strength_cost(s)
                  for (a, b), s in sorted(scope.reweighted.items())},
    )


def pick_paths(candidates: Iterable[tuple[float, Sequence[str]]], k: int, *, diverse: bool,
               connector_cap: int = CONNECTOR_CAP) -> Found:
    """Return up to ``k`` paths from ``candidates`` (cheapest first, fewer hops first on equal
    cost), as the Python search would: with ``diverse``, each to a new target and through no
    connector already in ``connector_cap`` of them; without, simply the first ``k``."""
    picked: Found = []
    if k < 1:
        return picked
    taken: set[str] = set()
    uses: dict[str, int] = {}
    for c, path in candidates:
        path = list(path)
        if diverse:
            inner = path[1:-1]
            # A saturated connector is avoided outright, as a target too (diverse_paths).
            if path[-1] in taken or any(uses.get(n, 0) >= connector_cap for n in path[1:]):
                continue
            taken.add(path[-1])
            for n in inner:
                uses[n] = uses.get(n, 0) + 1
        picked.append((c, path))
        if len(picked) == k:
            break
    picked.sort(key=lambda item: (item[0], len(item[1])))
    return picked


class PathSource(Protocol):
    """A store that can search paths itself (the Neo4j store)."""

    def path_candidates(self, sources: Sequence[str], targets: Sequence[str], mask: Mask, *,
                        max_hops: int, limit: int) -> tuple[Found, bool]: ...


def in_database_paths(store: PathSource, sources: Collection[str], targets: Collection[str],
                      scope: Scope, *, max_hops: int, k: int, diverse: bool) -> Found:
    """Return the paths the Python search would return, searched by the database."""
    mask = mask_of(scope)
    limit = max(64, 16 * k)
    while True:
        found, complete = store.path_candidates(sorted(sources), sorted(targets), mask,
                                                max_hops=max_hops, limit=limit)
        picked = pick_paths(found, k, diverse=diverse)
        if len(picked) >= k or complete:
            return picked
        limit *= 4
