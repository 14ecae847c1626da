"""Colleague ties through organisation nodes: shared employment without an edge per pair.

Two people who work (or worked) at the same organisation probably know each other a little,
less so the bigger it is. Adding that as a tie between every pair would put 50 million edges in
the graph for one 10,000-person company; instead each person gets one *membership* edge to an
organisation node (``org:<id>``), and a colleague link is the two-edge path person → org →
person, whose product is the colleague strength::

    m(person) = sqrt(w_colleague * min(1, sqrt(small_org / size))) * (1 if current else f_past)
    colleague(a, b) = m(a) * m(b)

``size`` is how many people the store knows at the organisation; ``f_past`` stands in for time
since the overlap, which exports do not date (an address book's older record naming another
employer says "worked there once", not when). Path search runs on the membership edges; the
path builder folds each person → org → person back into one link with ``colleague`` evidence,
so an organisation is never shown as a person.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from intrograph.graph.strength import DEFAULT_WEIGHTS, MAX_STRENGTH, StrengthWeights
from intrograph.models import Evidence, Link

if TYPE_CHECKING:
    from intrograph.graph.derive import OrgRow, PersonRow, RecordFacts
    from intrograph.graph.store import Store

__all__ = [
    "ORG_NODE_PREFIX",
    "Membership",
    "colleague_link",
    "derive_memberships",
    "is_org_node",
    "membership_edges",
    "membership_strength",
    "org_node",
]

ORG_NODE_PREFIX = "org:"


def org_node(org_id: str) -> str:
    """Return the search-graph node of an organisation: never mistaken for a person id."""
    return ORG_NODE_PREFIX + org_id


def is_org_node(node: str) -> bool:
    return node.startswith(ORG_NODE_PREFIX)


@dataclass(frozen=True, slots=True)
class Membership:
    """A person works at an organisation now (``current``) or did before."""

    person: str
    org_id: str
    current: bool
    size: int = 0
    # The owners whose records say so; none when only the person's own details do (an owner).
    owners: tuple[str, ...] = ()


def derive_memberships(
    records: Sequence[RecordFacts],
    record_person: dict[str, str],
    persons: Sequence[PersonRow],
    orgs: Sequence[OrgRow],
) -> list[Membership]:
    """Return every person's current and past employers, with each organisation's size.

    Current is the organisation resolution chose for the person; past is any other one a record
    of theirs names. Organisations with fewer than two people make no colleagues and are left
    out.
    """
    org_by_norm = {n: o.id for o in orgs for n in (o.norms or [o.norm])}
    org_by_domain = {d: o.id for o in orgs for d in o.domains}
    current = {p.id: p.org_id for p in persons if p.org_id}
    past: dict[str, set[str]] = defaultdict(set)
    said: dict[tuple[str, str], set[str]] = defaultdict(set)  # who says pid works at oid
    for r in records:
        pid = record_person.get(r.uid)
        if not pid:
            continue
        oid = org_by_norm.get(r.org_norm) if r.org_norm else None
        if oid:
            said[pid, oid].add(r.owner)
            if current.get(pid) != oid:
                past[pid].add(oid)
        for e in r.emails:
            if (d := org_by_domain.get(e.rpartition("@")[2])) is not None:
                said[pid, d].add(r.owner)
    members: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    for pid, oid in current.items():
        members[oid].append((pid, True))
    for pid, oids in past.items():
        for oid in oids:
            members[oid].append((pid, False))
    return [
        Membership(person=pid, org_id=oid, current=cur, size=len(ms),
                   owners=tuple(sorted(said.get((pid, oid), ()))))
        for oid, ms in sorted(members.items()) if len(ms) >= 2
        for pid, cur in sorted(ms)
    ]


def membership_strength(size: int, current: bool, w: StrengthWeights = DEFAULT_WEIGHTS) -> float:
    """Return the weight of one membership edge: the square root of a colleague link's share."""
    share = w.colleague * min(1.0, math.sqrt(w.colleague_small_org / max(size, 1)))
    return min(math.sqrt(share) * (1.0 if current else w.colleague_past), MAX_STRENGTH)


def membership_edges(
    memberships: Iterable[Membership], w: StrengthWeights = DEFAULT_WEIGHTS
) -> list[tuple[str, str, float]]:
    """Return ``(person, org node, strength)`` search-graph edges: one per membership."""
    return [(m.person, org_node(m.org_id), membership_strength(m.size, m.current, w))
            for m in memberships if membership_strength(m.size, m.current, w) > 0]


def colleague_link(store: Store, a: str, org: str, b: str) -> Link:
    """Return the person → org → person step of a path as one link with colleague evidence."""
    ma = store.membership(a, org)
    mb = store.membership(b, org)
    if ma is None or mb is None:
        raise LookupError(f"no membership of {a} or {b} in {org}")
    strength = membership_strength(ma.size, ma.current) * membership_strength(mb.size,
                                                                             mb.current)
    name = store.org_name(org.removeprefix(ORG_NODE_PREFIX)) or "the same organisation"
    when = {(True, True): f"both work at {name}",
            (False, False): f"both worked at {name}",
            (True, False): f"both at {name} (one of them formerly)",
            (False, True): f"both at {name} (one of them formerly)"}[ma.current, mb.current]
    detail = f"colleagues: {when}; {ma.size} people known there"
    return Link(from_=a, to=b, strength=round(strength, 6),
                evidence=[Evidence(kind="colleague", detail=detail)])
