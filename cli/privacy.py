"""Privacy and data control: `forget`, `export`, `optout` and `owner set --share`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from intrograph.cli.common import BackendOpt, DbOpt, cli_errors, err, store_from
from intrograph.errors import InputError

__all__ = ["export_cmd", "forget_cmd"]


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
