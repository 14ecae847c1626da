"""``expert``: who in the pooled network can answer a question, and how warmly each is reached.

The ranking rule (docs/expert.md)::

    score = fit x reachability x nearness
    reachability = (best path score) ** 0.25         path score = product of tie strengths
    nearness = 0.5 + 0.5 * (shared working hours / 8) with --near, else 1 (0.75 if unknown)

Fit is the BM25 score relative to the best fit (:mod:`intrograph.graph.expertise`). The
exponent keeps every hop mattering (a 0.5 hand-off costs 16% of the score) while letting a
large fit gap win. Six weak hand-offs (0.3 each, an address-book entry with only an email)
leave 0.3 ** 1.5 = 0.16 of the score; a close friend (0.85) keeps 0.96. So the friend wins
unless the stranger fits about six times better: a friend who fits 0.9 beats a perfect stranger
(0.86 > 0.16), a friend who only mentioned the topic once in a note (fit 0.13) does not
(0.125 < 0.16). A plain product would let any warm path beat any cold one whatever the fit:
the question would go to the nearest person who once wrote the word down.

Reachability for every candidate comes from one hop-limited search from the sources towards all
candidates at once (:meth:`~intrograph.graph.compact.IndexView.best_within`), not one search
per candidate.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

from intrograph.errors import InputError
from intrograph.graph.compact import CompactGraph
from intrograph.graph.expertise import Match, embed_rerank, explain, plan_query, rank_profiles
from intrograph.graph.network import build_graph
from intrograph.graph.privacy import scope_for
from intrograph.graph.store import Store
from intrograph.graph.targets import MAX_HOPS_LIMIT, build_paths, source_ids
from intrograph.graph.timezones import (
    WORK_END,
    WORK_START,
    contact_zone,
    overlap_hours,
    parse_zone,
)
from intrograph.loaders.normalize import normalize_org_name
from intrograph.models import Expert, ExpertResult, PersonRef

__all__ = [
    "REACH_EXPONENT",
    "UNKNOWN_ZONE",
    "best_reach",
    "find_experts",
    "nearness",
    "reachability",
    "score",
]

REACH_EXPONENT = 0.25
UNKNOWN_ZONE = 0.75  # --near, and nothing says where the person is: half-way


def reachability(path_score: float) -> float:
    """Return ``path_score ** 0.25``: how warmly a person can be reached, in (0, 1]."""
    return path_score**REACH_EXPONENT if path_score > 0 else 0.0


def nearness(shared_hours: float | None) -> float:
    """Return ``0.5 + 0.5 * shared / 8`` for shared working hours, UNKNOWN_ZONE for None."""
    if shared_hours is None:
        return UNKNOWN_ZONE
    day = WORK_END - WORK_START
    return 0.5 + 0.5 * max(0.0, min(shared_hours, day)) / day


def score(fit: float, path_score: float, near: float = 1.0) -> float:
    """Return ``fit x reachability(path_score) x near``: what experts are ranked by."""
    return fit * reachability(path_score) * near


def best_reach(graph: CompactGraph, sources: Sequence[str], candidates: Sequence[str],
               max_hops: int) -> dict[str, tuple[float, list[str]]]:
    """Return, per reachable candidate, its best path's score and the path (ids).

    One layered search from all sources towards all candidates (sources themselves are never
    targets): the cost grows with the graph within ``max_hops``, not with the candidates.
    """
    view = graph.by_index()
    src = graph.encode(sources)
    goal = graph.encode(candidates)
    if not src or not goal:
        return {}
    found = view.best_within(src, goal, max_hops, k=len(goal))
    out = {}
    for cost, path in found:
        ids = graph.decode(path)
        out[ids[-1]] = (math.exp(-cost), ids)
    return out


def _excluded(match: Match, excluded: Sequence[str]) -> bool:
    org = normalize_org_name(match.source.organization or "")
    domains = {t.lower() for f, t in match.source.texts if f == "domain"}
    for x in excluded:
        x = x.strip().lower().removeprefix("@")
        if x in domains or (org and normalize_org_name(x) == org):
            return True
    return False


def find_experts(
    store: Store,
    question: str,
    *,
    from_owners: Sequence[str] | None = None,
    k: int = 5,
    max_hops: int = 4,
    exclude_orgs: Sequence[str] = (),
    near: str | None = None,
    synonyms: bool = True,
    embed: bool = False,
    graph: CompactGraph | None = None,
    today: dt.date | None = None,
    viewer: str | None = None,
) -> ExpertResult:
    """Return the ``k`` people best placed to answer ``question``, with a warm path to each.

    Paths start at ``from_owners`` (all owners by default). With ``embed`` the lexical
    shortlist is re-scored by fusion with a local sentence-embedding model (the ``embed``
    extra). People who fit but cannot be
    reached within ``max_hops`` are left out and counted in ``result.unreachable``. Results are
    as ``viewer`` may see them (:mod:`intrograph.graph.privacy`): nobody who opted out, no path
    through a book not shared with the viewer, and no reason taken from such a book.
    """
    if not 1 <= max_hops <= MAX_HOPS_LIMIT:
        raise InputError(f"--max-hops must be between 1 and {MAX_HOPS_LIMIT}, not {max_hops}")
    if k < 1:
        raise InputError(f"-k must be at least 1, not {k}")
    zone = parse_zone(near) if near else None
    plan = plan_query(question, synonyms=synonyms)
    if not plan.terms:
        raise InputError(f"the question {question!r} has no words to search for; say what "
                         "the friend wants to know, e.g. 'inventory management'")
    sources = source_ids(store, from_owners)
    scope = scope_for(store, viewer)
    matches = rank_profiles(
        plan, store.expertise_sources(plan.fragments, None if scope.open else scope.shows),
        store.person_count())
    if not scope.open:
        known = set(scope.known(m.person_id for m in matches))
        matches = [m for m in matches if m.person_id in known]
    if exclude_orgs:
        matches = [m for m in matches if not _excluded(m, exclude_orgs)]
    if embed:
        matches = embed_rerank(plan, matches)
    if graph is None:
        graph = build_graph(store)
    reach = best_reach(scope.mask(graph), sources, [m.person_id for m in matches], max_hops)
    ranked = []
    for m in matches:
        if m.person_id not in reach:
            continue
        path_score, nodes = reach[m.person_id]
        near_f, zone_why = 1.0, []
        if zone is not None:
            where = contact_zone(m.source.places, m.source.phones)
            shared = overlap_hours(zone, where, today) if where else None
            near_f = nearness(shared)
            zone_why = [f"time zone {where}: {shared:g} of {WORK_END - WORK_START} working "
                        "hours shared" if where else "time zone unknown"]
        ranked.append((score(m.fit, path_score, near_f), m, nodes, zone_why))
    ranked.sort(key=lambda r: (-r[0], -r[1].fit, r[1].source.name, r[1].person_id))
    top = [(s, m, nodes, explain(plan, m) + zone_why) for s, m, nodes, zone_why in ranked[:k]]
    paths = scope.redact_paths(build_paths(store, [(0.0, nodes) for _, _, nodes, _ in top]))
    experts = [
        Expert(
            rank=i, fit=round(m.fit, 4), score=round(s, 4),
            person=PersonRef(id=m.person_id, name=m.source.name, title=m.source.title,
                             organization=m.source.organization),
            why=why, path=path,
        )
        for i, ((s, m, _, why), path) in enumerate(zip(top, paths, strict=True), start=1)
    ]
    result = ExpertResult(question=question, experts=experts)
    result.unreachable = len(matches) - len(ranked)
    return result
