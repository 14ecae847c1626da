"""Ties from the evidence: address-book records, interactions and ratings, per owner and person.

:func:`derive_ties` is the tie half of :func:`~intrograph.graph.derive.derive`: it runs after
identity resolution, on the persons that produced, so interactions and ratings follow a person
through merges and re-imports (they are stored against addresses and record uids, never against
derived ids). Pure: the same inputs and ``as_of`` give the same ties.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from intrograph.graph.strength import (
    DEFAULT_WEIGHTS,
    Activity,
    BookSignals,
    Direction,
    StrengthWeights,
    score_tie,
)
from intrograph.loaders.normalize import normalize_email
from intrograph.models import Owner, Tie

if TYPE_CHECKING:
    from intrograph.graph.derive import PersonRow, RecordFacts

__all__ = [
    "Message",
    "Rating",
    "TieInputs",
    "activities",
    "derive_ties",
    "evidence_json",
    "mutual_counts",
]


@dataclass(frozen=True, slots=True)
class Message:
    """One email or meeting in an owner's history: who, to whom, when; never what was said.

    Addresses are normalised; ``to`` holds every recipient or attendee (cc included).
    """

    owner: str
    when: dt.datetime
    sender: str
    to: tuple[str, ...]
    channel: str = "email"


@dataclass(frozen=True, slots=True)
class Rating:
    """An owner's 1..5 for a person, pinned to keys that outlive derived ids.

    ``keys`` are ``e:<email>``, ``t:<E.164>``, ``r:<record uid>`` or ``p:<person id>``.
    """

    owner: str
    keys: tuple[str, ...]
    stars: int


@dataclass
class TieInputs:
    """What ties are scored from besides records: the date, weights, interactions, ratings."""

    as_of: dt.date = field(default_factory=lambda: dt.datetime.now(dt.UTC).date())
    weights: StrengthWeights = DEFAULT_WEIGHTS
    messages: Sequence[Message] = ()
    ratings: Sequence[Rating] = ()
    # Addresses an owner writes from that no record or owner row says (given at import).
    addresses: dict[str, frozenset[str]] = field(default_factory=dict)


def activities(
    messages: Iterable[Message],
    owner_addresses: dict[str, frozenset[str]],
    person_of_email: dict[str, str],
    as_of: dt.date,
    window_days: int,
) -> dict[tuple[str, str], Activity]:
    """Return ``(owner, person id) -> Activity`` from messages the owner sent or received.

    A message counts for the owner only when the owner is its sender (each recipient is then
    written to) or among its recipients (the sender then wrote to the owner). Addresses that no
    person holds are left out: an interaction alone does not make a person.
    """
    acc: dict[tuple[str, str], list] = {}
    since = as_of - dt.timedelta(days=window_days)
    for m in messages:
        if m.when.date() > as_of:
            continue  # the future of a fixed clock is not evidence yet
        mine = owner_addresses.get(m.owner, frozenset())
        if m.sender in mine:
            others = [(a, "sent") for a in m.to if a not in mine]
        elif any(a in mine for a in m.to):
            others = [(m.sender, "received")]
        else:
            continue
        day = m.when.date()
        for address, way in others:
            pid = person_of_email.get(address)
            if pid is None:
                continue
            a = acc.setdefault((m.owner, pid), [0, 0, set(), day, day, 0, set()])
            a[0 if way == "sent" else 1] += 1
            a[2].add(day)
            a[3] = min(a[3], day)
            a[4] = max(a[4], day)
            a[5] += day > since
            a[6].add(m.channel)
    return {
        key: Activity(sent=s, received=r, days=len(days), first=first, last=last, lately=lately,
                      channels=tuple(sorted(ch)))
        for key, (s, r, days, first, last, lately, ch) in acc.items()
    }


def mutual_counts(pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """Return, for each pair, how many people both sides are tied to.

    Work is the sum over ties of the smaller side's degree: an owner's thousands of contacts are
    scanned only against each contact's few ties, not against each other.
    """
    pairs = list(pairs)
    nbrs: dict[str, set[str]] = defaultdict(set)
    for a, b in pairs:
        nbrs[a].add(b)
        nbrs[b].add(a)
    out = {}
    for a, b in pairs:
        small, big = sorted((nbrs[a], nbrs[b]), key=len)
        out[a, b] = sum(1 for c in small if c in big)
    return out


def derive_ties(
    records: Sequence[RecordFacts],
    record_person: dict[str, str],
    owner_pid: dict[str, str],
    persons: Sequence[PersonRow],
    owners: Sequence[Owner],
    inputs: TieInputs | None = None,
) -> list[Tie]:
    """Return every tie with its strength and evidence, sorted by (a, b)."""
    inputs = inputs or TieInputs()
    w = inputs.weights
    # Each owner's evidence about a pair is keyed ((a, b), owner): one Direction each.
    book: dict[tuple[tuple[str, str], str], BookSignals] = {}
    best: dict[tuple[tuple[str, str], str], float] = {}
    for r in records:
        me = owner_pid.get(r.owner)
        them = record_person[r.uid]
        if me is None or me == them:
            continue
        pair = (me, them) if me < them else (them, me)
        key = (pair, r.owner)
        # One owner's several records of one person count once: the strongest.
        if key not in best or r.strength > best[key]:
            best[key] = r.strength
            # Facts built by hand may lack signals: what they do carry still counts.
            book[key] = r.signals or BookSignals(
                file="", reachable=bool(r.emails or r.phones), phone=bool(r.phones),
                starred=False)

    person_of_email: dict[str, str] = {}
    for p in persons:
        for e in p.emails:
            person_of_email.setdefault(e, p.id)
    pid_emails = {p.id: p.emails for p in persons}
    addresses: dict[str, frozenset[str]] = {}
    for o in owners:
        mine = {x for e in o.emails if (x := normalize_email(e))}
        mine.update(pid_emails.get(owner_pid.get(o.name, ""), ()))
        mine.update(inputs.addresses.get(o.name, ()))
        addresses[o.name] = frozenset(mine)

    activity: dict[tuple[tuple[str, str], str], Activity] = {}
    for (owner, pid), act in activities(inputs.messages, addresses, person_of_email,
                                        inputs.as_of, w.recent_window_days).items():
        me = owner_pid.get(owner)
        if me is None or me == pid:
            continue
        activity[((me, pid) if me < pid else (pid, me), owner)] = act

    person_of_key: dict[str, str] = {f"r:{uid}": pid for uid, pid in record_person.items()}
    for p in persons:
        person_of_key[f"p:{p.id}"] = p.id
        person_of_key.update((f"e:{e}", p.id) for e in p.emails)
        person_of_key.update((f"t:{t}", p.id) for t in p.phones)
    rating: dict[tuple[tuple[str, str], str], int] = {}
    for rt in inputs.ratings:
        me = owner_pid.get(rt.owner)
        pid = next((person_of_key[k] for k in rt.keys if k in person_of_key), None)
        if me is None or pid is None or me == pid:
            continue  # the person rated has since been forgotten: nothing to apply it to
        rating[((me, pid) if me < pid else (pid, me), rt.owner)] = rt.stars

    by_pair: dict[tuple[str, str], set[str]] = defaultdict(set)
    for pair, owner in (*book, *activity, *rating):
        by_pair[pair].add(owner)
    mutual = mutual_counts(by_pair) if w.mutual > 0 else {}
    ties = []
    for pair in sorted(by_pair):
        directions = [
            Direction(owner=o, book=book.get((pair, o)), activity=activity.get((pair, o)),
                      rating=rating.get((pair, o)))
            for o in sorted(by_pair[pair])
        ]
        scored = score_tie(directions, inputs.as_of, w, mutual=mutual.get(pair, 0))
        # score_tie keeps strengths in [0.01, 0.99]: no validation needed per tie.
        ties.append(Tie.trusted(a=pair[0], b=pair[1], strength=scored.strength,
                                evidence=scored.evidence))
    return ties


def evidence_json(ties: Iterable[Tie]) -> Iterator[tuple[Tie, str]]:
    """Yield each tie with its evidence as the JSON the stores keep.

    Ties that give the same reasons share their Evidence objects (graph/strength.py), so each
    distinct list is written out once: 96k ties in a generated team said 13k different things.
    """
    # Keyed by the objects' ids; each value keeps its objects alive, so no id is reused.
    done: dict[tuple[int, ...], tuple[tuple, str]] = {}
    for t in ties:
        key = tuple(map(id, t.evidence))
        hit = done.get(key)
        if hit is None:
            hit = done[key] = (tuple(t.evidence),
                               json.dumps([e.model_dump() for e in t.evidence]))
        yield t, hit[1]
