"""`ask`, `ask update`, `asks` and `followups`: intro requests and the follow-up cadence.

`ask` is a command group whose default command is `new`, so both `intrograph ask ACME --via
Lee` and `intrograph ask update 3 accepted` work: anything after `ask` that is not a
subcommand's name is handed to `ask new`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.text import Text
from typer.core import TyperGroup

from intrograph.cli.common import (
    BackendOpt,
    DbOpt,
    FormatOpt,
    OutputFormat,
    cli_errors,
    err,
    out,
    store_from,
)
from intrograph.cli.ics import followups_ics
from intrograph.cli.render import _rows_out
from intrograph.errors import InputError, NotFound
from intrograph.graph.asks import OPEN, create_ask, parse_state, update_ask
from intrograph.graph.cadence import Cadence, due_followups, load_holidays, planned_followups
from intrograph.graph.cadence import schedule as cadence_schedule
from intrograph.graph.store import Store
from intrograph.models import Ask, FollowUp

__all__ = ["ask_app", "asks_cmd", "followups_cmd"]


class _AskGroup(TyperGroup):
    """A group that runs `new` when the first word is not one of its subcommands."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = ["new", *args]
        return super().parse_args(ctx, args)


ask_app = typer.Typer(
    cls=_AskGroup,
    help="Record an intro request (`ask TARGET --via CONNECTOR`) or move one on "
         "(`ask update ID STATE`).",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

AtOpt = Annotated[
    str | None,
    typer.Option("--at", help="When it happened, YYYY-MM-DD or an ISO time (default: now).",
                 show_default=False),
]
HolidaysOpt = Annotated[
    Path | None,
    typer.Option("--holidays", envvar="INTROGRAPH_HOLIDAYS",
                 help="A file of holidays, one YYYY-MM-DD per line, skipped like weekends."),
]
CadenceOpt = Annotated[
    str,
    typer.Option("--cadence", envvar="INTROGRAPH_CADENCE",
                 help="Business days before resend, call, closing message and dormant, each "
                      "counted from the step before."),
]
RevisitOpt = Annotated[
    int, typer.Option("--revisit-months", help="Months a dormant ask rests before a revisit.")
]
OwnerOpt = Annotated[
    str | None,
    typer.Option("--owner", help="Only the asks this owner made (default: the whole team's)."),
]


def _now() -> dt.datetime:
    return dt.datetime.now().astimezone()


def _parse_at(text: str | None) -> dt.datetime:
    """Return the moment ``--at`` names; a bare date means midday, local time."""
    if text is None:
        return _now()
    try:
        if len(text.strip()) == 10:
            day = dt.date.fromisoformat(text.strip())
            return dt.datetime.combine(day, dt.time(12)).astimezone()
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"--at {text!r} is not a date (YYYY-MM-DD) or an ISO time") from None
    return moment if moment.tzinfo else moment.astimezone()


def _cadence(cadence: str, revisit_months: int, holidays: Path | None) -> Cadence:
    parts = [p.strip() for p in cadence.split(",")]
    if len(parts) != 4 or not all(p.isdigit() for p in parts):
        raise InputError(f"--cadence {cadence!r} must be four whole numbers of business days "
                         "(resend, call, close, dormant), e.g. 3,2,5,5")
    resend, call, close, dormant = (int(p) for p in parts)
    return Cadence(resend_after=resend, call_after=call, close_after=close,
                   dormant_after=dormant, revisit_months=revisit_months,
                   holidays=load_holidays(holidays) if holidays else frozenset())


def _owner_names(store: Store) -> dict[str, str]:
    return {o.name: o.display_name or o.name for o in store.owners()}


@ask_app.command("new")
def ask_new_cmd(
    path_or_target: Annotated[
        str, typer.Argument(help="A company, domain or person as intro-path takes it, or a path "
                                 "'OWNER > CONNECTOR > TARGET'.")],
    via: Annotated[
        str | None, typer.Option("--via", help="The person you ask to introduce you (name or id)."),
    ] = None,
    from_: Annotated[
        str | None, typer.Option("--from", envvar="INTROGRAPH_AS",
                                 help="The owner who asks (default: whoever's path is best)."),
    ] = None,
    reason: Annotated[
        str, typer.Option("--reason", help="What you want to talk about, for the draft.")
    ] = "",
    max_hops: Annotated[int, typer.Option(help="Longest chain of hand-offs, 1 to 6.")] = 4,
    at: AtOpt = None,
    db: DbOpt = None,
    backend: BackendOpt = "sqlite",
) -> None:
    """Record an intro request and print a double opt-in draft for you to send yourself."""
    with cli_errors(), store_from(db, backend) as store:
        ask, earlier = create_ask(store, path_or_target, via, now=_parse_at(at),
                                  from_owner=from_, reason=reason, max_hops=max_hops)
        console = err()
        for other in earlier:
            who = other.target.name if other.target.id == ask.target.id else \
                other.connector.name
            console.print(f"Note: {who} is already in ask {other.id} ({other.state.value}, "
                          f"{other.owner}, since {other.history[0].at.date()}).", markup=False)
        console.print(
            f"Recorded ask {ask.id}: {' > '.join(p.name for p in ask.path)} ({ask.state.value}). "
            f"Nothing was sent: send the draft below yourself, then "
            f"`intrograph ask update {ask.id} asked`.", markup=False)
        out().out(ask.draft, end="")


@ask_app.command("update")
def ask_update_cmd(
    ask_id: Annotated[int, typer.Argument(metavar="ID", help="The ask's number (see `asks`).")],
    state: Annotated[str, typer.Argument(help="asked, accepted, declined, introduced, meeting, "
                                              "won, lost, went-dark or dormant.")],
    note: Annotated[str, typer.Option("--note", help="A few words on what happened.")] = "",
    at: AtOpt = None,
    db: DbOpt = None,
    backend: BackendOpt = "sqlite",
) -> None:
    """Move an ask to its next state (the lifecycle decides which moves are allowed)."""
    with cli_errors(), store_from(db, backend) as store:
        before = store.asks([ask_id])
        ask = update_ask(store, ask_id, parse_state(state), now=_parse_at(at), note=note)
        old = before[0].state.value if before else "?"
        err().print(f"Ask {ask.id}: {old} → {ask.state.value} ({ask.connector.name} → "
                    f"{ask.target.name}).", markup=False)


def asks_cmd(
    state: Annotated[
        list[str] | None, typer.Option("--state", help="Only asks in this state (repeatable).")
    ] = None,
    open_only: Annotated[
        bool, typer.Option("--open", help="Only open asks (not declined, won, lost, dormant).")
    ] = False,
    today: Annotated[
        str | None, typer.Option("--today", help="Plan as of this day (YYYY-MM-DD).")
    ] = None,
    owner: OwnerOpt = None,
    cadence: CadenceOpt = "3,2,5,5",
    revisit_months: RevisitOpt = 3,
    holidays: HolidaysOpt = None,
    format: FormatOpt = OutputFormat.table,
    db: DbOpt = None,
    backend: BackendOpt = "sqlite",
) -> None:
    """List intro requests with their state and the next follow-up step."""
    with cli_errors(), store_from(db, backend) as store:
        wanted = {parse_state(s) for s in state or []}
        plan = _cadence(cadence, revisit_months, holidays)
        day = _parse_day(today)
        names = _owner_names(store)
        asks = [a for a in _owned(store, owner)
                if (not wanted or a.state in wanted) and (not open_only or a.state in OPEN)]
        nexts = {a.id: _next_step(a, plan, day, names.get(a.owner)) for a in asks}
        _render_asks(out(), asks, nexts, format)


def _owned(store: Store, owner: str | None) -> list[Ask]:
    """Return the asks ``owner`` made (all asks without one); an unknown owner is an error."""
    asks = store.asks()
    if owner is None:
        return asks
    owners = [o.name for o in store.owners()]
    if owner not in owners:
        raise NotFound(f"no owner called {owner!r}",
                       candidates=difflib.get_close_matches(owner, owners, n=3))
    return [a for a in asks if a.owner == owner]


def _next_step(ask: Ask, cadence: Cadence, today: dt.date, owner_name: str | None
               ) -> FollowUp | None:
    steps = cadence_schedule(ask, cadence, owner_name=owner_name)
    due = [s for s in steps if s.due <= today]
    if due:
        return due[-1]
    return steps[0] if steps else None


def _parse_day(text: str | None) -> dt.date:
    if text is None:
        return _now().date()
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"--today {text!r} is not a date; write YYYY-MM-DD") from None


def _render_asks(console: Console, asks: Sequence[Ask], nexts: dict[int, FollowUp | None],
                 fmt: OutputFormat) -> None:
    if fmt is OutputFormat.json:
        data = []
        for a in asks:
            item = a.model_dump(mode="json")
            step = nexts.get(a.id)
            item["next"] = step.model_dump(mode="json", include={"step", "due", "action"}) \
                if step else None
            data.append(item)
        console.out(json.dumps(data, indent=2, ensure_ascii=False))
        return
    header = ["id", "state", "since", "owner", "connector", "target", "next step"]
    rows = []
    for a in asks:
        step = nexts.get(a.id)
        target = a.target.name + (f" ({a.target.organization})" if a.target.organization else "")
        rows.append([str(a.id), a.state.value, a.since.date().isoformat(), a.owner,
                     a.connector.name, target, f"{step.step} {step.due}" if step else ""])
    _rows_out(console, fmt, header, rows, title=f"{len(asks)} asks")


def followups_cmd(
    today: Annotated[
        str | None, typer.Option("--today", help="List what is due on this day (YYYY-MM-DD).")
    ] = None,
    ics: Annotated[
        Path | None, typer.Option("--ics", help="Also write the due and coming follow-ups to "
                                                "this iCalendar file.")
    ] = None,
    owner: OwnerOpt = None,
    cadence: CadenceOpt = "3,2,5,5",
    revisit_months: RevisitOpt = 3,
    holidays: HolidaysOpt = None,
    format: FormatOpt = OutputFormat.table,
    db: DbOpt = None,
    backend: BackendOpt = "sqlite",
) -> None:
    """What to follow up today: the next step for each ask, with a draft to send."""
    with cli_errors(), store_from(db, backend) as store:
        plan = _cadence(cadence, revisit_months, holidays)
        day = _parse_day(today)
        names = _owner_names(store)
        asks = _owned(store, owner)
        due = due_followups(asks, day, plan, owner_names=names)
        if ics is not None:
            planned = planned_followups(asks, day, plan, owner_names=names)
            try:
                ics.write_bytes(followups_ics(planned, _now()).encode("utf-8"))
            except OSError as exc:
                raise InputError(f"cannot write the calendar ({exc.strerror})",
                                 file=str(ics)) from None
            err().print(f"Wrote {len(planned)} follow-ups to {ics}.", markup=False)
        _render_followups(out(), due, day, format)


def _render_followups(console: Console, due: Sequence[FollowUp], today: dt.date,
                      fmt: OutputFormat) -> None:
    if fmt is OutputFormat.json:
        console.out(json.dumps([f.model_dump(mode="json") for f in due], indent=2,
                               ensure_ascii=False))
        return
    if fmt in (OutputFormat.csv, OutputFormat.md):
        header = ["ask", "due", "step", "who", "target", "owner", "state", "action", "text"]
        rows = [[str(f.ask), f.due.isoformat(), f.step, f.who.name, f.target.name, f.owner,
                 f.state.value, f.action, f.text] for f in due]
        _rows_out(console, fmt, header, rows)
        return
    if not due:
        console.print(f"Nothing to follow up on {today:%a} {today.isoformat()}.")
        return
    console.print(Text.assemble(f"{len(due)} follow-up{'s' if len(due) != 1 else ''} due on ",
                                (f"{today:%a} {today.isoformat()}", "bold")))
    for f in due:
        late = f" (due {f.due:%a} {f.due.isoformat()})" if f.due < today else ""
        console.print(Text.assemble("\n", (f"ask {f.ask}  {f.step}", "bold"),
                                    f"  {f.who.name} → {f.target.name}, for {f.owner}{late}"))
        console.print(Text(f"  {f.action}"), soft_wrap=True)
        if f.text:
            console.print(Text("\n".join(f"    | {line}" if line else "    |"
                                         for line in f.text.rstrip("\n").splitlines()),
                               style="dim"), soft_wrap=True)
