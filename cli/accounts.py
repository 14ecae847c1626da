"""`accounts FILE`: the team's coverage of a list of target accounts."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from intrograph.cli.common import (
    BackendOpt,
    DbOpt,
    ReportFormat,
    ReportFormatOpt,
    cli_errors,
    out,
    reading_store,
)
from intrograph.cli.privacy import AsOpt, viewer_from
from intrograph.cli.render import render_coverage
from intrograph.graph.accounts import coverage, read_accounts

__all__ = ["accounts_cmd"]


def accounts_cmd(
    file: Annotated[Path, typer.Argument(
        help="Accounts, one per line, or a CSV with an 'account' column (and 'rep').")],
    from_: Annotated[
        list[str] | None,
        typer.Option("--from", help="Start from this owner (repeatable; default: everyone)."),
    ] = None,
    max_hops: Annotated[int, typer.Option(help="Longest chain of hand-offs, 1 to 6.")] = 4,
    format: ReportFormatOpt = ReportFormat.table,
    db: DbOpt = None,
    backend: BackendOpt = "sqlite",
    as_: AsOpt = None,
) -> None:
    """Coverage of target accounts: which are warm, the best path and connector, which are cold."""
    with cli_errors(), reading_store(db, backend) as store:
        report = coverage(store, read_accounts(file), from_owners=from_, max_hops=max_hops,
                          viewer=viewer_from(as_))
        render_coverage(out(), report, format)
