"""Privacy and data control: `forget`, `export`, `optout` and `owner set --share`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

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
from intrograph.cli.render import render_optouts
from intrograph.errors import InputError, IntrographError
from intrograph.graph.optout import read_optout_list, resolve_optout
from intrograph.models import ShareLevel
from intrograph.settings import Settings

__all__ = ["AsOpt", "export_cmd", "forget_cmd", "optout_cmd", "owner_app", "viewer_from"]

AsOpt = Annotated[
    str | None,
    typer.Option("--as", help="See results as this owner: your own contacts in full, others' "
                 "as their owners share them (default: INTROGRAPH_AS).", show_default=False),
]


def viewer_from(as_: str | None) -> str | None:
    """Return the owner results are shown to: --as, else INTROGRAPH_AS, else nobody."""
    return as_ or Settings().as_owner or None


owner_app = typer.Typer(help="Owners' settings.", no_args_is_help=True)


@owner_app.command("set")
def owner_set_cmd(
    name: Annotated[str, typer.Argument(help="The owner.")],
    share: Annotated[
        ShareLevel,
        typer.Option("--share", case_sensitive=False,
                     help="all: every contact; work: no family/friends/personal contacts and "
                     "none reached only by private address or phone; counts: colleagues see "
                     "how many warm paths, not to whom; none: out of everyone else's results."),
    ],
    db: DbOpt = None,
    backend: BackendOpt = "sqlite",
) -> None:
    """Set how much of an owner's book colleagues may use and see."""
    with cli_errors(), store_from(db, backend) as store:
        store.set_share(name, share)
    err().print(f"{name} now shares: {share.value}", markup=False)


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else many or word + 's'}"


def forget_cmd(
    owner: Annotated[str, typer.Argument(help="The owner whose book to remove.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]
    = False,
    db: DbOpt = None,
    backend: BackendOpt = "sqlite",
) -> None:
    """Remove an owner's imported books and everything only they brought in."""
    if not yes and not typer.confirm(
        f"Remove {owner}'s contacts, imports and everything only they brought in?", err=True
    ):
        err().print("Nothing removed.")
        raise typer.Exit(1)
    with cli_errors(), store_from(db, backend) as store:
        removed = store.forget_owner(owner)
    err().print(
        f"Forgot {owner}: {_plural(removed.get('records', 0), 'record')}, "
        f"{_plural(removed.get('batches', 0), 'batch', 'batches')}, "
        f"{_plural(removed.get('rejects', 0), 'reject')}; "
        "people and ties that only their book brought in are gone too.",
        markup=False,
    )


def export_cmd(
    owner: Annotated[str, typer.Argument(help="The owner whose book to export.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file, not stdout.")
    ] = None,
    db: DbOpt = None,
    backend: BackendOpt = "sqlite",
) -> None:
    """Everything held about an owner's book (imports, records, rejects, people, ties) as JSON."""
    with cli_errors(), store_from(db, backend) as store:
        text = json.dumps(store.export_owner(owner), indent=2, ensure_ascii=False) + "\n"
        if output is None:
            sys.stdout.write(text)
            return
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot write it: {exc.strerror or exc}",
                             file=str(output)) from exc
        err().print(f"Wrote {owner}'s data to {output}", markup=False)


def optout_cmd(
    person: Annotated[
        str | None,
        typer.Argument(help="An email, phone, LinkedIn URL, or the exact name of a person."),
    ] = None,
    file: Annotated[
        Path | None,
        typer.Option("--file", help="A list of people to opt out: one email, phone, LinkedIn "
                     "URL or name a line."),
    ] = None,
    undo: Annotated[bool, typer.Option("--undo", help="Take these opt-outs back.")] = False,
    list_: Annotated[bool, typer.Option("--list", help="List every opt-out.")] = False,
    format: FormatOpt = OutputFormat.table,
    db: DbOpt = None,
    backend: BackendOpt = "sqlite",
) -> None:
    """Never route to or through a person, in this store and every future import."""
    with cli_errors(), store_from(db, backend) as store:
        if list_:
            render_optouts(out(), store.optouts(), format)
            return
        entries: list[tuple[str | None, int | None, str]] = []
        if person is not None:
            entries.append((None, None, person))
        if file is not None:
            entries += [(file.name, n, e) for n, e in read_optout_list(file)]
        if not entries:
            raise InputError("name someone to opt out, or --file LIST, or --list")
        rows: list[tuple[str, str]] = []
        problems: list[str] = []
        for where, line, entry in entries:
            try:
                if undo:
                    labelled = [k for k, label, _ in store.optouts() if label == entry.strip()]
                    try:
                        rows += [(k, entry) for k in labelled]
                        rows += resolve_optout(store, entry)
                    except IntrographError:
                        if not labelled:
                            raise
                else:
                    rows += resolve_optout(store, entry)
            except IntrographError as exc:
                reason = exc.reason if isinstance(exc, InputError) else str(exc)
                problems.append(str(InputError(reason, file=where, record=line)))
        if undo:
            n = store.remove_optouts(sorted({k for k, _ in rows}))
            err().print(f"Took back {_plural(n, 'opt-out')}.", markup=False)
        else:
            n = store.add_optouts(list(dict.fromkeys(rows)))
            err().print(f"Opted out {_plural(len(entries) - len(problems), 'entry', 'entries')}"
                        f" ({n} new {'key' if n == 1 else 'keys'}): never routed to or through.",
                        markup=False)
        for problem in problems:
            err().print(f"Error: {problem}", markup=False)
        if problems:
            raise typer.Exit(1)
