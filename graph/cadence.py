"""The follow-up cadence for intro requests, counted in business days.

The cadence is the one sales teams use for a contact who goes dark: resend the message with a
short note on top; two business days later, call; five business days after that, send a polite
closing message that leaves the ball in their court; then mark the request dormant and revisit
it in three months. Weekends and an optional list of holidays are skipped.

Everything here is pure: dates come in as arguments (the caller's clock), so tests pin any day,
weekend or holiday they like.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from intrograph.errors import InputError
from intrograph.graph import drafts
from intrograph.models import Ask, AskState, FollowUp, PersonRef

__all__ = [
    "WAITING",
    "Cadence",
    "add_business_days",
    "add_months",
    "due_followups",
    "planned_followups",
    "is_business_day",
    "load_holidays",
    "roll_forward",
    "schedule",
    "silence_started",
]

# States in which the ball is in someone else's court, so silence is what the cadence counts.
WAITING = frozenset({AskState.ASKED, AskState.ACCEPTED, AskState.INTRODUCED})


@dataclass(frozen=True)
class Cadence:
    """How many business days each follow-up step waits after the one before.

    ``resend_after`` counts from the day the ask entered its waiting state (asked, accepted or
    introduced); ``dormant_after`` gives the closing message time to be answered before the
    request is marked dormant; ``revisit_months`` are calendar months after it went dormant.
    """

    resend_after: int = 3
    call_after: int = 2
    close_after: int = 5
    dormant_after: int = 5
    revisit_months: int = 3
    holidays: frozenset[dt.date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        for name in ("resend_after", "call_after", "close_after", "dormant_after",
                     "revisit_months"):
            if getattr(self, name) < 1:
                raise InputError(f"the cadence's {name.replace('_', '-')} must be at least 1, "
                                 f"not {getattr(self, name)}")


def is_business_day(day: dt.date, holidays: Iterable[dt.date] = ()) -> bool:
    """Return whether ``day`` is a weekday (Monday to Friday) and not a holiday."""
    return day.weekday() < 5 and day not in holidays


def roll_forward(day: dt.date, holidays: Iterable[dt.date] = ()) -> dt.date:
    """Return ``day`` if it is a business day, else the first business day after it."""
    holidays = frozenset(holidays)
    while not is_business_day(day, holidays):
        day += dt.timedelta(days=1)
    return day


def add_business_days(start: dt.date, days: int, holidays: Iterable[dt.date] = ()) -> dt.date:
    """Return the date ``days`` business days after ``start``.

    ``start`` itself need not be a business day: three business days after a Saturday is the
    following Wednesday, the same as after the Friday before it.
    """
    if days < 0:
        raise ValueError(f"days must not be negative, not {days}")
    holidays = frozenset(holidays)
    day = start
    for _ in range(days):
        day = roll_forward(day + dt.timedelta(days=1), holidays)
    return day


def add_months(day: dt.date, months: int) -> dt.date:
    """Return the same day ``months`` calendar months later, clamped to the month's end."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    next_month = dt.date(year + month // 12, month % 12 + 1, 1)
    last = (next_month - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def load_holidays(path: Path) -> frozenset[dt.date]:
    """Return the dates in a holiday file: one ``YYYY-MM-DD`` per line, optionally a name after.

    Blank lines and lines starting with ``#`` are skipped. A line that does not start with a
    date raises :class:`InputError` naming the file and the line.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError("no such file", file=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the holiday list ({exc})", file=str(path)) from None
    days = set()
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        first = stripped.split(maxsplit=1)[0].rstrip(",;")
        try:
            days.add(dt.date.fromisoformat(first))
        except ValueError:
            raise InputError(
                f"line {number}: {first!r} is not a date; write one YYYY-MM-DD per line",
                file=str(path),
            ) from None
    return frozenset(days)


def silence_started(ask: Ask) -> dt.date | None:
    """Return the day the ask began waiting on someone, or None if it is not waiting.

    Marking an ask went-dark does not restart the count: the cadence runs on from the day the
    ask entered the waiting state it went dark in.
    """
    if ask.state not in WAITING and ask.state is not AskState.WENT_DARK:
        return None
    for event in reversed(ask.history):
        if event.state is not AskState.WENT_DARK:
            return event.at.date() if event.state in WAITING else None
    return None


def _waiting_on(ask: Ask) -> tuple[AskState | None, PersonRef]:
    """Return the waiting state the ask is (or went dark) in, and who it waits on."""
    waiting = next((e.state for e in reversed(ask.history) if e.state is not AskState.WENT_DARK),
                   None)
    return waiting, ask.target if waiting is AskState.INTRODUCED else ask.connector


_Planned = tuple[str, dt.date, Callable[[], FollowUp]]


def _plan(ask: Ask, cadence: Cadence, owner_name: str | None) -> list[_Planned]:
    """Return (step, due date, draft maker) for each step: dates are cheap, drafts are not."""
    hol = cadence.holidays
    sign = owner_name or ask.owner
    waiting, who = _waiting_on(ask)

    def step(name: str, due: dt.date, action: Callable[[], str],
             text: Callable[[], str]) -> _Planned:
        return name, due, lambda: FollowUp(
            ask=ask.id, step=name, due=due, who=who, target=ask.target, owner=ask.owner,
            state=ask.state, action=action(), text=text())

    if ask.state is AskState.DRAFTED:
        return [step("send", roll_forward(ask.since.date(), hol),
                     lambda: drafts.send_action(ask), lambda: ask.draft)]
    if ask.state is AskState.DORMANT:
        due = roll_forward(add_months(ask.since.date(), cadence.revisit_months), hol)
        return [step("revisit", due, lambda: drafts.revisit_action(ask, cadence.revisit_months),
                     lambda: "")]
    start = silence_started(ask)
    if start is None or waiting is None:
        return []
    resend = add_business_days(start, cadence.resend_after, hol)
    call = add_business_days(resend, cadence.call_after, hol)
    close = add_business_days(call, cadence.close_after, hol)
    dormant = add_business_days(close, cadence.dormant_after, hol)
    return [
        step("resend", resend, lambda: drafts.resend_action(ask, who, start),
             lambda: drafts.resend_text(ask, who, waiting, sign)),
        step("call", call, lambda: drafts.call_action(ask, who, resend),
             lambda: drafts.call_script(ask, who, waiting, start, sign)),
        step("close", close, lambda: drafts.close_action(ask, who),
             lambda: drafts.close_text(ask, who, waiting, sign)),
        step("dormant", dormant, lambda: drafts.dormant_action(ask, cadence.revisit_months),
             lambda: ""),
    ]


def schedule(ask: Ask, cadence: Cadence, *, owner_name: str | None = None) -> list[FollowUp]:
    """Return every follow-up step the ask's current state calls for, earliest first.

    A drafted ask has one step (send it, due the day it was drafted or the next business day);
    a waiting or went-dark ask has resend, call, close and dormant; a dormant ask has revisit.
    Other states (meeting, and the outcomes) have none: the people involved are talking.
    ``owner_name`` signs the drafts (the owner's handle by default).
    """
    return [make() for _, _, make in _plan(ask, cadence, owner_name)]


def due_followups(
    asks: Sequence[Ask],
    today: dt.date,
    cadence: Cadence,
    *,
    owner_names: dict[str, str] | None = None,
) -> list[FollowUp]:
    """Return, for each ask with a step due on or before ``today``, its latest such step.

    One step per ask: if the call was never made and the closing date has come, the closing
    message is what is due now. Sorted by due date, then ask id.
    """
    names = owner_names or {}
    found = []
    for ask in asks:
        due = [make for _, day, make in _plan(ask, cadence, names.get(ask.owner))
               if day <= today]
        if due:
            found.append(due[-1]())
    return sorted(found, key=lambda f: (f.due, f.ask))


def planned_followups(
    asks: Sequence[Ask],
    today: dt.date,
    cadence: Cadence,
    *,
    owner_names: dict[str, str] | None = None,
) -> list[FollowUp]:
    """Return each ask's step due now (if any) and every step after it: what a calendar holds.

    Steps already overtaken by a later due step are left out, as in :func:`due_followups`.
    """
    names = owner_names or {}
    found = []
    for ask in asks:
        steps = _plan(ask, cadence, names.get(ask.owner))
        due = [i for i, (_, day, _) in enumerate(steps) if day <= today]
        found += [make() for _, _, make in (steps[due[-1]:] if due else steps)]
    return sorted(found, key=lambda f: (f.due, f.ask))
