"""Intro requests ("asks"): their states, the allowed moves between them, and recording them.

::

    drafted ─► asked ─► accepted ─► introduced ─► meeting ─► won
                 │         │            │            └─────► lost
                 │         │            └──► lost
                 ├─────────┴────────────┴──► declined
                 └─────────┴────────────┴──► went-dark ─► dormant ─► asked (revisit)
                                                 └─► accepted / introduced / meeting / declined
                                                     (a late answer)

An ask is *open* while someone still has to act on it (drafted up to meeting, and went-dark);
declined, won, lost and dormant are closed. Nothing here sends a message: the drafts are for a
person to send.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from intrograph.errors import InputError, NotFound
from intrograph.graph.drafts import ask_text
from intrograph.graph.store import Store
from intrograph.graph.targets import intro_paths
from intrograph.models import Ask, AskMark, AskState, IntroPathResult, Path, PersonRef

__all__ = [
    "CLOSED",
    "OPEN",
    "RECENT",
    "TRANSITIONS",
    "check_transition",
    "create_ask",
    "get_ask",
    "mark_open_asks",
    "overlapping_asks",
    "parse_state",
    "update_ask",
]

# "Do not ask the same person twice in a week."
RECENT = dt.timedelta(days=7)

S = AskState
TRANSITIONS: dict[AskState, frozenset[AskState]] = {
    S.DRAFTED: frozenset({S.ASKED}),
    S.ASKED: frozenset({S.ACCEPTED, S.DECLINED, S.WENT_DARK}),
    S.ACCEPTED: frozenset({S.INTRODUCED, S.DECLINED, S.WENT_DARK}),
    S.INTRODUCED: frozenset({S.MEETING, S.DECLINED, S.LOST, S.WENT_DARK}),
    S.MEETING: frozenset({S.WON, S.LOST}),
    S.WENT_DARK: frozenset({S.ACCEPTED, S.INTRODUCED, S.MEETING, S.DECLINED, S.DORMANT}),
    S.DORMANT: frozenset({S.ASKED}),
    S.DECLINED: frozenset(),
    S.WON: frozenset(),
    S.LOST: frozenset(),
}
CLOSED = frozenset({S.DECLINED, S.WON, S.LOST, S.DORMANT})
OPEN = frozenset(S) - CLOSED


def parse_state(text: str) -> AskState:
    """Return the state a user typed ('went dark', 'WENT_DARK' and 'went-dark' all work)."""
    key = text.strip().lower().replace("_", "-").replace(" ", "-")
    try:
        return AskState(key)
    except ValueError:
        raise InputError(
            f"{text!r} is not a state; choose one of: {', '.join(s.value for s in AskState)}"
        ) from None


def check_transition(ask_id: int, current: AskState, new: AskState) -> None:
    """Raise :class:`InputError` unless an ask may move from ``current`` to ``new``."""
    allowed = TRANSITIONS[current]
    if new in allowed:
        return
    if not allowed:
        raise InputError(f"ask {ask_id} is {current.value}, which is final")
    options = ", ".join(sorted(s.value for s in allowed))
    raise InputError(
        f"ask {ask_id} cannot go from {current.value} to {new.value}; from {current.value} it "
        f"can go to: {options}"
    )


def _matches(person: PersonRef, text: str) -> bool:
    t = text.strip().lower()
    return t in (person.id.lower(), person.name.lower())


def _split_path(text: str) -> list[str]:
    return [part.strip() for part in text.replace("→", ">").split(">") if part.strip()]


def choose_path(
    store: Store,
    path_or_target: str,
    via: str | None,
    *,
    from_owner: str | None = None,
    max_hops: int = 4,
) -> Path:
    """Return the warm path an ask follows: the best one whose first connector is ``via``.

    ``path_or_target`` is either a target as ``intro-path`` takes it, or a path as ``intro-path
    --format csv`` prints it ("Dana Reyes > Lee Park > Kim Chu"); a path names its owner, its
    connector (unless ``via`` does) and its target person.
    """
    names = _split_path(path_or_target) if ">" in path_or_target else []
    if names and len(names) < 3:
        raise InputError(f"{path_or_target!r} is not a path with someone in between: write "
                         "'OWNER > CONNECTOR > TARGET'")
    target_query = names[-1] if names else path_or_target
    if names and from_owner is None:
        # Other owners are sources too; a path that names its owner starts only there.
        first = names[0].strip().lower()
        from_owner = next((o.name for o in store.owners()
                           if first in (o.name.lower(), o.display_name.lower())), None)
    via = via or (names[1] if names else None)
    if not via:
        raise InputError("say whom to ask: --via CONNECTOR (a name or person id on the path)")
    candidates: list[Path] = []
    direct: list[Path] = []
    for diverse in (True, False):  # the diverse search is quick; all paths only if needed
        result = intro_paths(store, target_query, from_owners=[from_owner] if from_owner else
                             None, max_hops=max_hops, k=25, diverse=diverse)
        candidates = [p for p in result.paths if len(p.people) > 2]
        direct += [p for p in result.paths if len(p.people) == 2]
        if names:
            candidates = [p for p in candidates if len(p.people) == len(names) and all(
                _matches(person, name) for person, name in zip(p.people, names, strict=True))]
        hits = [p for p in candidates if _matches(p.people[1], via)]
        if hits:
            return hits[0]
    if not candidates and direct and not names:
        p = direct[0]
        raise InputError(f"{p.people[0].name} knows {p.people[1].name} directly: no "
                         "introduction needed")
    if not candidates:
        raise NotFound(f"no warm path with someone in between leads to {target_query!r}"
                       + (f" along {path_or_target!r}" if names else ""))
    offered = sorted({p.people[1].name for p in candidates})
    raise NotFound(f"no warm path to {target_query!r} goes through {via!r} first",
                   candidates=offered[:6])


def create_ask(
    store: Store,
    path_or_target: str,
    via: str | None,
    *,
    now: dt.datetime,
    from_owner: str | None = None,
    reason: str = "",
    max_hops: int = 4,
) -> tuple[Ask, list[Ask]]:
    """Record an intro request along the best matching path; return it and overlapping asks.

    The overlapping asks are the open ones that, in the week before ``now``, went to the same
    target or through the same connector: the caller warns, so the team does not ask one
    person twice in a week. The draft is a double opt-in request (see :mod:`drafts`).
    """
    path = choose_path(store, path_or_target, via, from_owner=from_owner, max_hops=max_hops)
    owners = {o.person_id: o for o in store.owners() if o.person_id}
    owner = owners.get(path.people[0].id)
    if owner is None:  # paths start at owners; this would be a store inconsistency
        raise NotFound(f"{path.people[0].name} is not an owner")
    connector, target = path.people[1], path.people[-1]
    draft = ask_text(owner.display_name or owner.name, connector, target, reason)
    earlier = overlapping_asks(store.asks(), {connector.id, target.id}, now)
    ask = store.add_ask(owner=owner.name, connector=connector, target=target,
                        query=path_or_target, path=path.people, reason=reason, draft=draft,
                        at=now)
    return ask, earlier


def overlapping_asks(asks: Sequence[Ask], people: set[str], now: dt.datetime) -> list[Ask]:
    """Return the open asks created within a week of ``now`` that involve any of ``people``."""
    return [
        a for a in asks
        if a.state in OPEN and {a.connector.id, a.target.id} & people
        and now - a.history[0].at < RECENT
    ]


def get_ask(store: Store, ask_id: int) -> Ask:
    """Return the ask with this id, or raise :class:`NotFound`."""
    found = store.asks([ask_id])
    if not found:
        raise NotFound(f"no ask {ask_id}; `intrograph asks` lists them")
    return found[0]


def update_ask(store: Store, ask_id: int, state: str | AskState, *, now: dt.datetime,
               note: str = "") -> Ask:
    """Move an ask to ``state`` at ``now`` if the lifecycle allows it; return it updated."""
    new = state if isinstance(state, AskState) else parse_state(state)
    ask = get_ask(store, ask_id)
    check_transition(ask_id, ask.state, new)
    if ask.history and now < ask.history[-1].at:
        raise InputError(f"ask {ask_id} entered {ask.state.value} at "
                         f"{ask.history[-1].at.isoformat()}, after {now.isoformat()}")
    return store.set_ask_state(ask_id, ask.state, new, now, note)


def mark_open_asks(result: IntroPathResult, asks: Sequence[Ask]) -> IntroPathResult:
    """Return ``result`` with each path's people who are in open asks marked on it.

    A person is marked when they are the connector or the target of an open ask, whoever on the
    team made it, so nobody asks them a second time without knowing.
    """
    by_person: dict[str, list[AskMark]] = {}
    for ask in asks:
        if ask.state not in OPEN:
            continue
        for role, person in (("connector", ask.connector), ("target", ask.target)):
            by_person.setdefault(person.id, []).append(AskMark(
                ask=ask.id, person=person.id, role=role, state=ask.state, owner=ask.owner,
                since=ask.history[0].at.date()))
    paths = [
        path.model_copy(update={"open_asks": [m for person in path.people[1:]
                                              for m in by_person.get(person.id, [])]})
        for path in result.paths
    ]
    return result.model_copy(update={"paths": paths})
