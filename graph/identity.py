"""Hand decisions about identity: ``merge`` two people, ``split`` records off a person.

The resolver (graph/resolve.py) refuses when in doubt, so a person sometimes sees two entries
for one colleague, or, rarer, one entry that is two people. These functions turn what the
person knows into decisions the store keeps by record uid, so every later import and re-derive
honours them, and pin ids so that only the person who must get a new id gets one.
"""

from __future__ import annotations

from collections.abc import Sequence

from intrograph.errors import InputError, NotFound
from intrograph.graph.store import Decision, Store
from intrograph.models import Person, Provenance

__all__ = ["find_person", "merge_people", "record_label", "split_person"]


def record_label(p: Provenance) -> str:
    """Return how a record is named on the command line and in `people`: ``owner:file#N``."""
    return f"{p.owner}:{p.file}#{p.record}"


def find_person(store: Store, query: str) -> Person:
    """Return the one person ``query`` (an id, an email, or an exact name) names.

    Raises :class:`NotFound` with the candidates when there are none or several.
    """
    q = query.strip()
    if (p := store.person(q)) is not None:
        return p
    found = [p for p in store.people(q, limit=50)
             if q.lower() in p.emails or p.name.lower() == q.lower()]
    if len(found) == 1:
        return found[0]
    if found:
        raise NotFound(f"{q!r} is {len(found)} people; name one by id",
                       candidates=[f"{p.id} ({p.name}, {p.organization or 'no organisation'})"
                                   for p in found[:8]])
    close = [f"{p.id} ({p.name})" for p in store.people(q, limit=8)]
    raise NotFound(f"no person matches {q!r}", candidates=close)


def merge_people(store: Store, a: str, b: str) -> Person:
    """Return the person ``a`` and ``b`` become, recorded so that later imports keep them one.

    The merged person keeps ``a``'s id (an owner's id, if either is an owner). Earlier split
    decisions between the two are dropped: the newer decision wins. Every record of one is
    merged with every record of the other, so that splitting one record off later leaves the
    rest merged, whichever record it is.
    """
    pa, pb = find_person(store, a), find_person(store, b)
    if pa.id == pb.id:
        raise InputError(f"{pa.name} ({pa.id}) is already one person")
    if pa.owner and pb.owner:
        raise InputError(f"{pa.owner} and {pb.owner} are two owners, so two people")
    if pb.owner:
        pa, pb = pb, pa
    ua = [u for u, _ in store.person_records(pa.id)]
    ub = [u for u, _ in store.person_records(pb.id)]
    remove: list[Decision] = [("split", x, y) for x in ua for y in ub]
    remove += [("split", y, x) for x in ua for y in ub]
    store.decide([*(("merge", x, y) for x in ua for y in ub), ("keep_id", ua[0], pa.id)],
                 remove)
    merged = store.person_of_record(ua[0])
    return store.person(merged) if merged else pa


def split_person(store: Store, person: str, records: Sequence[str]) -> list[Person]:
    """Return the people that result from moving ``records`` (``owner:file#N``) off a person:
    the one keeping its id first, then the moved records' person, then any other person the
    person's records now make up.

    The moved records stay together as a new person (unless nothing links them); the rest keep
    the person's id, except a record that only a moved one linked to them, which becomes a
    person of its own. Recorded as pairs that may never be one person, so later imports
    respect it.
    """
    p = find_person(store, person)
    behind = store.person_records(p.id)
    labels = {record_label(prov): uid for uid, prov in behind if prov is not None}
    unknown = [r for r in records if r not in labels]
    if unknown:
        listing = ", ".join(sorted(labels)) or "none"
        raise InputError(f"{p.name} ({p.id}) has no record {unknown[0]}; their records: "
                         f"{listing}")
    moved = list(dict.fromkeys(labels[r] for r in records))
    stay = [uid for uid, _ in behind if uid not in moved]
    if not moved:
        raise InputError("name at least one record to split off, as owner:file#N")
    if not stay:
        raise InputError(f"those are all of {p.name}'s records: nothing would remain")
    add: list[Decision] = [("split", m, s) for m in moved for s in stay]
    add.append(("keep_id", stay[0], p.id))
    remove: list[Decision] = [("merge", m, s) for m in moved for s in stay]
    remove += [("merge", s, m) for m in moved for s in stay]
    store.decide(add, remove)
    ids = dict.fromkeys(i for u in (stay[0], *moved, *stay)
                        if (i := store.person_of_record(u)))
    return [q for i in ids if (q := store.person(i)) is not None]
