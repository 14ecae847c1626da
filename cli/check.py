"""`check`: is the store whole? SQLite's own integrity checks plus intrograph's invariants."""

from __future__ import annotations

import typer

from intrograph.cli.common import BackendOpt, DbOpt, cli_errors, err, out, store_from
from intrograph.graph.integrity import check_store

__all__ = ["check_cmd"]


def check_cmd(db: DbOpt = None, backend: BackendOpt = "sqlite") -> None:
    """Check the store's integrity: SQLite's own checks, import bookkeeping, and that every
    derived table and the search graph equal what the records derive. Prints "ok" (exit 0) or
    each problem (exit 1). Changes nothing."""
    with cli_errors(), store_from(db, backend) as store:
        problems = check_store(store)
    if not problems:
        out().out("ok")
        return
    console = out()
    for problem in problems:
        console.out(problem, highlight=False)
    err().print(f"Error: the store has {len(problems)} problem"
                f"{'s' if len(problems) != 1 else ''}", markup=False)
    raise typer.Exit(1)
