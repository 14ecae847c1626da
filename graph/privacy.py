"""Who may be routed through and who sees what: opt-outs, sharing levels, and redaction.

Three rules, applied to every query result before anyone sees it:

- **Opt-out.** A person who opted out is never a target or an intermediary. Opt-outs are kept by
  normalised strong key (:mod:`intrograph.graph.optout`, re-exported here), so they hold across
  re-imports and identity changes; :func:`blocked_person_ids` turns them into the ids of
  today's persons.
- **Sharing levels** (:class:`~intrograph.models.ShareLevel`). A tie exists only because some
  owner's book says so, and its evidence names that owner. For a viewer, each owner's support
  of a tie is *visible* (the viewer's own book, ``all``, or a work contact under ``work``),
  *opaque* (``counts``: usable for a path, but the people beyond the owner are withheld) or
  *hidden* (``none``, or a personal contact under ``work``). A tie that only hidden support
  backs is taken out of the search graph; one that only opaque support backs stays in, and a
  path through it is cut at that owner and ends in "ask Dana".
- **Redaction.** Emails and phone numbers are shown only for contacts in the viewer's own book
  (and for owners, their own details); for anyone else a listing says whom to ask instead.

:func:`scope_for` does all of it once per query and returns a :class:`Scope` whose ``graph`` is
the masked search graph. Another query (e.g. ``expert``) can use it the same way::

    scope = scope_for(store, viewer)
    found = diverse_paths(scope.graph, sources, targets, avoid=scope.blocked)
    paths = scope.redact_paths(build_paths(store, found))
    candidates = scope.known(candidate_ids)          # drops opted-out and hidden people
    people = scope.redact_people(store.people(...))

or, for opt-outs alone, drop :func:`blocked_person_ids` from its candidates.
"""

from __future__ import annotations

import difflib
import functools
import math
import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np

from intrograph.errors import NotFound
from intrograph.graph.compact import CompactGraph
from intrograph.graph.optout import (
    blocked_person_ids,
    optout_key,
    read_optout_list,
    resolve_optout,
)
from intrograph.graph.store import Store
from intrograph.graph.strength import combine, record_strength
from intrograph.graph.strength import cost as strength_cost
from intrograph.loaders.normalize import (
    email_domain,
    is_free_mail,
    normalize_email,
)
from intrograph.models import (
    ContactRecord,
    Evidence,
    Link,
    Organization,
    Owner,
    Path,
    Person,
    PersonRef,
    ShareLevel,
)

__all__ = [
    "PERSONAL_LABELS",
    "Scope",
    "blocked_person_ids",
    "is_work_contact",
    "mask_graph",
    "optout_key",
    "read_optout_list",
    "resolve_optout",
    "scope_for",
]

PERSONAL_LABELS = frozenset({"family", "friends", "personal"})
G = TypeVar("G")


def is_work_contact(record: ContactRecord) -> bool:
    """Return whether a record is a work contact: no personal label, and a company or an email
    at a domain that is not free mail. A contact reached only by a private address or a phone
    number is personal."""
    if PERSONAL_LABELS.intersection(label.lower() for label in record.labels):
        return False
    return _is_work(record.organization, [p.value for p in record.emails])


def _is_work(organization: str, emails: Iterable[str]) -> bool:
    if organization.strip():
        return True
    return any((e := normalize_email(x)) and not is_free_mail(email_domain(e)) for x in emails)


# --- the search graph a viewer may use ------------------------------------------------------


def _entry_codes(graph: CompactGraph, pairs: Sequence[tuple[str, str]]) -> tuple:
    """Return the CSR entry codes (src * n + dst) of both directions of each known pair, and
    which of ``pairs`` were known."""
    n = len(graph.ids)
    ends = np.array(pairs, dtype=str).reshape(-1, 2)
    ij = np.minimum(np.searchsorted(graph.ids, ends), max(n - 1, 0))
    known = (graph.ids[ij] == ends).all(axis=1) if n else np.zeros(len(ends), dtype=bool)
    ij = ij[known].astype(np.int64)
    return np.concatenate([ij[:, 0] * n + ij[:, 1], ij[:, 1] * n + ij[:, 0]]), known


def mask_graph(graph: CompactGraph, drop_nodes: Collection[str] = (),
               drop_edges: Iterable[tuple[str, str]] = (),
               reweight: dict[tuple[str, str], float] | None = None) -> CompactGraph:
    """Return ``graph`` without the ties of ``drop_nodes`` and without ``drop_edges``, and with
    the ties in ``reweight`` at those strengths.

    Works on the CSR arrays directly, so other costs are kept bit for bit and nothing is
    rebuilt from ties; node ids stay, so a dropped node is simply unreachable.
    """
    n = len(graph.ids)
    keep = np.ones(len(graph.indices), dtype=bool)
    src = np.repeat(np.arange(n, dtype=np.int64), np.diff(graph.indptr))
    dst = graph.indices.astype(np.int64)
    cost = graph.cost
    if reweight and n:
        pairs = list(reweight)
        codes, known = _entry_codes(graph, pairs)
    if reweight and n and codes.size:
        new = np.array([strength_cost(reweight[p]) for p in pairs])[known]
        order = np.argsort(codes)
        codes, new = codes[order], np.concatenate([new, new])[order]
        entry = src * n + dst
        at = np.minimum(np.searchsorted(codes, entry), len(codes) - 1)
        hit = codes[at] == entry
        cost = cost.copy()
        cost[hit] = new[at[hit]]
    if drop_nodes:
        gone = np.zeros(n, dtype=bool)
        gone[graph.encode(sorted(drop_nodes))] = True
        keep &= ~gone[src] & ~gone[dst]
    drop_edges = list(drop_edges)
    if drop_edges and n:
        keep &= ~np.isin(src * n + dst, _entry_codes(graph, drop_edges)[0])
    if keep.all() and cost is graph.cost:
        return graph
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(src[keep], minlength=n), out=indptr[1:])
    return CompactGraph(graph.ids, indptr, graph.indices[keep], cost[keep])


_VISIBLE, _OPAQUE, _HIDDEN = "visible", "opaque", "hidden"


@dataclass
class Scope:
    """What one viewer may use and see; build it with :func:`scope_for`."""

    viewer: str | None
    owners: dict[str, Owner]
    store: Store
    blocked: frozenset[str] = frozenset()
    dropped: list[tuple[str, str]] = field(default_factory=list)
    opaque: dict[tuple[str, str], str] = field(default_factory=dict)
    withheld: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)
    reweighted: dict[tuple[str, str], float] = field(default_factory=dict)
    work: dict[str, set[str]] = field(default_factory=dict)

    @functools.cached_property
    def graph(self) -> CompactGraph:
        """The store's search graph as this viewer may search it."""
        return self.mask(self.store.search_graph())

    def mask(self, graph: G) -> G:
        """Return ``graph`` without opted-out people and without ties only hidden books back."""
        if not self.blocked and not self.dropped and not self.reweighted:
            return graph
        if isinstance(graph, CompactGraph):
            return mask_graph(graph, self.blocked, self.dropped, self.reweighted)
        graph = graph.copy()
        graph.remove_edges_from(self.dropped)
        graph.remove_edges_from(list(graph.edges(self.blocked & set(graph.nodes))))
        for (a, b), s in self.reweighted.items():
            if graph.has_edge(a, b):
                graph[a][b].update(strength=s, cost=strength_cost(s))
        return graph

    @property
    def open(self) -> bool:
        """Return True when nothing is hidden from the viewer: no opt-outs, every book shared."""
        return not self.blocked and all(
            o.share is ShareLevel.ALL or o.name == self.viewer for o in self.owners.values())

    def shows(self, owner: str, contact: str) -> bool:
        """Return whether what ``owner``'s book says about ``contact`` may be shown."""
        return self.support(owner, contact) == _VISIBLE

    def support(self, owner: str, contact: str) -> str:
        """Return how ``owner``'s holding of ``contact`` shows to the viewer."""
        o = self.owners.get(owner)
        if o is None or owner == self.viewer or o.share is ShareLevel.ALL:
            return _VISIBLE
        if o.share is ShareLevel.WORK:
            return _VISIBLE if contact in self.work.get(owner, ()) else _HIDDEN
        return _OPAQUE if o.share is ShareLevel.COUNTS else _HIDDEN

    def _display(self, owner: str) -> str:
        o = self.owners.get(owner)
        return (o.display_name or o.name) if o else owner

    # --- paths ----------------------------------------------------------------------------

    def redact_paths(self, paths: Sequence[Path]) -> list[Path]:
        """Return paths as the viewer may see them (see the module docstring)."""
        if not self.opaque and not self.withheld:
            return list(paths)
        return [self._redact_path(p) for p in paths]

    def _strength(self, link: Link) -> float:
        return self.reweighted.get(_pair(link.from_, link.to), link.strength)

    def _redact_path(self, path: Path) -> Path:
        links: list[Link] = []
        people = list(path.people)
        for i, link in enumerate(path.links):
            pair = _pair(link.from_, link.to)
            if pair in self.opaque:
                holder = self.opaque[pair]
                name = self._display(holder)
                ask = PersonRef(id=f"ask:{holder}", name=f"ask {name}",
                                organization=path.people[-1].organization)
                rest = path.links[i:]
                links.append(Link(
                    from_=link.from_, to=ask.id,
                    strength=math.prod(self._strength(x) for x in rest),
                    evidence=[Evidence(
                        kind="withheld", owner=holder,
                        detail=f"{holder} shares counts only: ask {name} for the rest of "
                               f"this path ({len(rest)} hand-off{'s' if len(rest) > 1 else ''})",
                    )],
                ))
                people = [*path.people[: i + 1], ask]
                break
            hidden = self.withheld.get(pair, frozenset())
            evidence = [e for e in link.evidence
                        if e.owner not in hidden and not (hidden and e.kind == "reciprocal")]
            links.append(link.model_copy(update={"evidence": evidence,
                                                 "strength": self._strength(link)}))
        weakest = min(range(len(links)), key=lambda j: links[j].strength)
        return path.model_copy(update={"people": people, "links": links, "weakest_link": weakest,
                                       "score": math.prod(x.strength for x in links)})

    # --- people ---------------------------------------------------------------------------

    def redact_people(self, people: Sequence[Person], query: str | None = None) -> list[Person]:
        """Return the people the viewer may see, with details only for their own contacts.

        A person only hidden books hold is left out; records from hidden books are left out of
        the provenance. Without a viewer, contact details of every visible person are shown.
        ``query`` is what found them: a person whose details are withheld is left out when only
        those details matched it, or a search by address would confirm whose address it is.
        """
        restricted = any(o.share is not ShareLevel.ALL for o in self.owners.values())
        if self.viewer is None and not restricted:
            return list(people)
        out = []
        for p in people:
            records = [r for r in p.records if self.support(r.owner, p.id) == _VISIBLE]
            own = self.viewer is None or p.owner == self.viewer or any(
                r.owner == self.viewer for r in p.records)
            if p.owner is not None:  # a team member: always listed, with what they declared
                o = self.owners.get(p.owner)
                update: dict[str, object] = {"records": records}
                if not own and o is not None:
                    update |= {"emails": o.emails, "phones": o.phones}
                out.append(p.model_copy(update=update))
                continue
            if not records:
                continue
            update = {"records": records}
            if not own:
                if query and not _matches_public(p, query):
                    continue
                update |= {"emails": [], "phones": [],
                           "ask": sorted({self._display(r.owner) for r in records}),
                           "why": [_without_keys(w) for w in p.why]}
            out.append(p.model_copy(update=update))
        return out

    def redact_orgs(self, orgs: Sequence[Organization]) -> list[Organization]:
        """Return the organisations the viewer may know of, each counting only the people
        there the viewer may know of."""
        if not self.dropped and not self.blocked:
            return list(orgs)
        out = []
        for org in orgs:
            people = self.known(self.store.persons_at(org.id))
            if people:
                out.append(org.model_copy(update={"people": len(people)}))
        return out

    def known(self, person_ids: Iterable[str]) -> list[str]:
        """Return the ids, in order, the viewer may be shown: e.g. expert candidates."""
        return [i for i in person_ids if self.can_see(i)]

    def can_see(self, person_id: str) -> bool:
        """Return whether the viewer may know of this person: some tie of theirs is usable.

        Owners always are; an opted-out person never is.
        """
        if person_id in self.blocked:
            return False
        if not self.dropped:  # nothing hidden: everyone the store holds may be known
            return True
        if any(o.person_id == person_id for o in self.owners.values()):
            return True
        if any(person_id in pair for pair in self.opaque):
            return True
        graph = self.graph
        i = graph._index(person_id)
        return i >= 0 and graph.indptr[i + 1] > graph.indptr[i]


def _matches_public(person: Person, query: str) -> bool:
    """Return whether ``query`` matches what anyone may see of a person: name, company, title,
    or the id they were listed under."""
    q = query.strip().lower()
    return q == person.id.lower() or any(
        q in (x or "").lower() for x in (person.name, person.organization, person.title))


def scope_for(store: Store, viewer: str | None = None) -> Scope:
    """Return what ``viewer`` (an owner's name, or None for nobody in particular) may use.

    With no opt-outs and every owner sharing ``all``, the graph is the store's own, untouched.
    """
    owners = {o.name: o for o in store.owners()}
    if viewer is not None and viewer not in owners:
        raise NotFound(f"no owner called {viewer!r} to see results as",
                       candidates=difflib.get_close_matches(viewer, list(owners), n=3))
    blocked = frozenset(blocked_person_ids(store))
    scope = Scope(viewer=viewer, owners=owners, store=store, blocked=blocked)
    restricted = [o for o in owners.values()
                  if o.share is not ShareLevel.ALL and o.name != viewer]
    for o in restricted:
        if o.share is ShareLevel.WORK:
            scope.work[o.name] = _work_contacts(store, o.name)
    pids = {o.person_id for o in restricted if o.person_id}
    shown: dict[tuple[str, str], list[tuple[str, str]]] = {}
    if pids:
        # Every tie an owner's book supports touches that owner: only those need reading.
        for a, b, supporters in store.tie_owners(touching=pids):
            seen: dict[str, str] = {}
            for name in supporters:
                if name is None or name in seen:
                    continue
                holder = owners.get(name)
                contact = b if holder is not None and holder.person_id == a else a
                seen[name] = scope.support(name, contact)
            kinds = set(seen.values())
            pair = (a, b)
            if not seen or _VISIBLE in kinds:
                if kinds - {_VISIBLE}:
                    scope.withheld[pair] = frozenset(o for o, k in seen.items() if k != _VISIBLE)
                    shown[pair] = [(o, b if owners[o].person_id == a else a)
                                   for o, k in seen.items() if k == _VISIBLE and o in owners]
            elif _OPAQUE in kinds:
                scope.opaque[pair] = min(o for o, k in seen.items() if k == _OPAQUE)
            else:
                scope.dropped.append(pair)
    if restricted:
        # Colleague edges (person -> organisation node) only hidden books back go too, or a
        # hidden contact would still be found through their employer.
        from intrograph.graph.colleagues import org_node

        for pid, oid, supporters in store.membership_owners([o.name for o in restricted]):
            if all(scope.support(name, pid) != _VISIBLE for name in supporters):
                scope.dropped.append((pid, org_node(oid)))
    # A tie both a hidden and a visible book hold would otherwise keep the strength the hidden
    # one added to it.
    scope.reweighted = _visible_strengths(store, shown)
    return scope


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def _visible_strengths(
    store: Store, shown: dict[tuple[str, str], list[tuple[str, str]]]
) -> dict[tuple[str, str], float]:
    """Return each tie's strength from the books the viewer may see alone.

    Derivation's rule (graph/derive.py): an owner's strongest record of the contact counts,
    and several owners combine by noisy-or. Evidence other than address-book records is not
    counted here, so the strength shown can only be lower than the visible books justify,
    never higher.
    """
    contacts: dict[str, set[str]] = defaultdict(set)
    for supporters in shown.values():
        for owner, contact in supporters:
            contacts[owner].add(contact)
    best: dict[tuple[str, str], float] = {}
    for owner, ids in contacts.items():
        for pid, record in store.owner_contacts(owner, ids):
            s, _ = record_strength(record, owner)
            best[owner, pid] = max(best.get((owner, pid), 0.0), s)
    return {
        pair: combine(best[s] for s in supporters if s in best)
        for pair, supporters in shown.items()
        if any(s in best for s in supporters)
    }


def _work_contacts(store: Store, owner: str) -> set[str]:
    """Return the person ids an owner holds as work contacts (none of their records personal)."""
    work: set[str] = set()
    personal: set[str] = set()
    for pid, labels, org, emails in store.contact_channels(owner):
        if PERSONAL_LABELS.intersection(label.lower() for label in labels):
            personal.add(pid)
        elif _is_work(org, emails):
            work.add(pid)
    return work - personal


_KEY_IN_WHY = re.compile(r"\b(same (?:email|phone|LinkedIn profile)) \S+")


def _without_keys(why: str) -> str:
    """Return a resolution reason without the address or number it names ("same phone")."""
    return _KEY_IN_WHY.sub(r"\1", why)
