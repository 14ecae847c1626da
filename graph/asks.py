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

from intrograph.errors import InputError
from intrograph.models import AskState

__all__ = [
    "CLOSED",
    "OPEN",
    "TRANSITIONS",
    "check_transition",
    "parse_state",
]

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
