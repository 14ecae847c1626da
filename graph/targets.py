"""Who a query means (an organisation by name or domain, or a person) and the warm paths to it."""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Mapping, Sequence

from intrograph.errors import InputError, NotFound
from intrograph.graph.colleagues import colleague_link, is_org_node
from intrograph.graph.db_paths import in_database_paths
from intrograph.graph.network import build_graph
from intrograph.graph.paths import SearchGraph, diverse_paths, ranked_paths
from intrograph.graph.privacy import scope_for
from intrograph.graph.reliability import Reliability, rerank
from intrograph.graph.seniority import Seniority, seniority, title_matches
from intrograph.graph.store import Store
from intrograph.loaders.normalize import normalize_email, normalize_org_name
from intrograph.models import IntroPathResult, Link, OrgRef, Path, PersonRef, Target

__all__ = [
    "MAX_HOPS_LIMIT",
    "build_paths",
    "filter_targets",
    "intro_paths",
    "resolve_target",
    "source_ids",
]

MAX_HOPS_LIMIT = 6
_DOMAIN = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$")


def _as_domain(query: str) -> str | None:
    """Return the domain a query names ('acme.com', '@acme.com', 'https://www.acme.com/x')."""
    q = query.strip().lower()
    q = re.sub(r"^[a-z]+://", "", q).split("/", 1)[0].lstrip("@")
    q = q.removeprefix("www.")
    return q if _DOMAIN.match(q) else None


def resolve_target(store: Store, query: str) -> tuple[Target, list[str]]:
    """Return the target a query names and the ids of the people that reach it.

    Tried in order: an email address (a person), a domain, an organisation's exact name (legal
    suffixes ignored), a person's exact name, then a unique partial organisation name.
    Ambiguity and misses raise :class:`NotFound` with "did you mean" candidates.
    """
    q = query.strip()
    if not q:
        raise InputError("the target is empty: give a company name, a domain or a person")
    if "@" in q.strip("@") and (email := normalize_email(q)):
        people = [p for p in store.people(email) if email in p.emails]
        if people:
            p = people[0]
            ref = PersonRef(id=p.id, name=p.name, title=p.title, organization=p.organization)
            return Target(query=query, person=ref), [p.id]
        raise NotFound(f"nobody with the email {email} is in the store")
    if domain := _as_domain(q):
        org = store.org_by_domain(domain)
        if org:
            return Target(query=query, organization=OrgRef(id=org.id, name=org.name)), \
                store.persons_at(org.id)
    norm = normalize_org_name(q)
    exact = store.orgs_by_name(norm)
    if len(exact) == 1:
        o = exact[0]
        return Target(query=query, organization=OrgRef(id=o.id, name=o.name)), \
            store.persons_at(o.id)
    people = [p for p in store.people(q) if p.name.lower() == q.lower()]
    if len(people) == 1:
        p = people[0]
        ref = PersonRef(id=p.id, name=p.name, title=p.title, organization=p.organization)
        return Target(query=query, person=ref), [p.id]
    if len(people) > 1:
        raise NotFound(
            f"{len(people)} people are called {q!r}; name one by email",
            candidates=[f"{p.name} ({p.organization or 'no company'}, {p.emails[0]})"
                        if p.emails else f"{p.name} ({p.organization or 'no company'})"
                        for p in people[:5]],
        )
    partial = store.orgs_by_name(norm, partial=True)
    if len(partial) == 1:
        o = partial[0]
        return Target(query=query, organization=OrgRef(id=o.id, name=o.name)), \
            store.persons_at(o.id)
    if partial:
        raise NotFound(f"{q!r} matches {len(partial)} organisations",
                       candidates=[o.name for o in partial[:6]])
    names = [o.name for o in store.organizations()]  # only on a miss: worth a full scan
    close = difflib.get_close_matches(q, names, n=4, cutoff=0.6)
    raise NotFound(f"no organisation or person matches {q!r}", candidates=close)


def source_ids(store: Store, from_owners: Sequence[str] | None) -> list[str]:
    """Return the person ids of the owners paths start from (all owners by default)."""
    owners = {o.name: o for o in store.owners()}
    if not owners:
        raise NotFound("the store has no owners yet: import someone's contacts first")
    names = list(from_owners) if from_owners else sorted(owners)
    for name in names:
        if name not in owners:
            raise NotFound(f"no owner called {name!r}",
                           candidates=difflib.get_close_matches(name, list(owners), n=3))
    return [pid for n in names if (pid := owners[n].person_id)]


def filter_targets(
    store: Store,
    target: Target,
    ids: Sequence[str],
    *,
    title: str | None = None,
    min_seniority: Seniority | None = None,
) -> list[str]:
    """Return the target ids whose titles match ``title`` words and reach ``min_seniority``.

    Raises :class:`NotFound` naming some of the titles there when nobody qualifies, so a typo
    in ``--title`` does not read as "no warm path".
    """
    if not title and min_seniority is None:
        return list(ids)
    refs = store.person_refs(ids)
    kept = [
        i for i in ids
        if (not title or title_matches(refs[i].title, title))
        and (min_seniority is None or (seniority(refs[i].title) or 0) >= min_seniority)
    ]
    if not kept:
        where = target.organization.name if target.organization else target.query
        wanted = " and ".join(
            x for x in (f"a title with {title!r}" if title else "",
                        f"seniority {min_seniority.name.lower()} or above"
                        if min_seniority is not None else "") if x
        )
        titles = sorted({r.title for r in refs.values() if r.title})[:5]
        raise NotFound(f"nobody at {where} has {wanted}"
                       + (f"; titles there include: {', '.join(titles)}" if titles else ""))
    return kept


def intro_paths(
    store: Store,
    query: str,
    *,
    from_owners: Sequence[str] | None = None,
    max_hops: int = 4,
    k: int = 5,
    title: str | None = None,
    min_seniority: Seniority | None = None,
    diverse: bool = True,
    graph: SearchGraph | None = None,
    reliability: Mapping[str, Reliability] | None = None,
    viewer: str | None = None,
    in_database: bool = False,
) -> IntroPathResult:
    """Return the ``k`` best warm paths from the team (or ``from_owners``) to ``query``.

    With ``diverse`` (the default) the paths end at different people and no connector is in
    more than two of them; without it they are simply the ``k`` best simple paths. With
    ``reliability`` (connectors' records from past asks) the paths are ranked by score times
    each connector's reliability factor, so one who never forwards drops down. Paths are
    as ``viewer`` may see them (:mod:`intrograph.graph.privacy`): never through or to anyone
    who opted out, and only through what the owners share with the viewer. With
    ``in_database`` the store searches (graph/db_paths.py): the same rules, the same answer.
    """
    if not 1 <= max_hops <= MAX_HOPS_LIMIT:
        raise InputError(f"--max-hops must be between 1 and {MAX_HOPS_LIMIT}, not {max_hops}")
    if k < 1:
        raise InputError(f"-k must be at least 1, not {k}")
    sources = source_ids(store, from_owners)
    target, target_ids = resolve_target(store, query)
    target_ids = filter_targets(store, target, target_ids, title=title,
                                min_seniority=min_seniority)
    scope = scope_for(store, viewer)
    if target.person is not None and target.person.id in scope.blocked:
        raise NotFound(f"{target.person.name} asked not to be introduced to")
    if target.person is not None and not scope.can_see(target.person.id):
        # Only books hidden from the viewer know this person: say what an unknown name gets.
        raise NotFound(f"no organisation or person matches {query.strip()!r}")
    # Reranking can demote paths: fetch spares so that k good ones remain.
    wanted = k * 2 + 3 if reliability else k
    if in_database:
        if not hasattr(store, "path_candidates"):
            raise InputError(f"--in-database needs the neo4j backend; the {store.backend_name} "
                             "store searches in Python")
        found = in_database_paths(store, sources, target_ids, scope, max_hops=max_hops,
                                  k=wanted, diverse=diverse)
    else:
        if graph is None:
            graph = build_graph(store)
        graph = scope.mask(graph)
        search = diverse_paths if diverse else ranked_paths
        found = search(graph, sources, target_ids, max_hops=max_hops, k=wanted,
                       avoid=scope.blocked)
    paths = build_paths(store, found)
    if reliability:
        paths = rerank(paths, reliability, k)
    return IntroPathResult(target=target, paths=scope.redact_paths(paths))


def build_paths(store: Store, found: Sequence[tuple[float, list[str]]]) -> list[Path]:
    """Return search results as ranked paths with people and each link's evidence."""
    refs = store.person_refs(sorted({n for _, nodes in found for n in nodes
                                     if not is_org_node(n)}))
    paths = []
    for rank, (_, path_nodes) in enumerate(found, start=1):
        links = []
        # person -> organisation -> person is one colleague link, never an organisation
        # standing in a path as if it were a person.
        nodes = [n for n in path_nodes if not is_org_node(n)]
        for i, (a, b) in enumerate(zip(path_nodes, path_nodes[1:], strict=False)):
            if is_org_node(a):
                continue
            if is_org_node(b):
                links.append(colleague_link(store, a, b, path_nodes[i + 2]))
                continue
            tie = store.tie(a, b)
            assert tie is not None, "a path uses only ties the store holds"
            links.append(Link(from_=a, to=b, strength=tie.strength, evidence=tie.evidence))
        strengths = [link.strength for link in links]
        paths.append(
            Path(
                rank=rank,
                score=math.prod(strengths),
                hops=len(links),
                people=[refs[n] for n in nodes],
                links=links,
                weakest_link=min(range(len(links)), key=strengths.__getitem__),
            )
        )
    return paths
