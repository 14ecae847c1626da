"""`merge` and `split`: identity decisions a person makes by hand, kept across imports."""

from __future__ import annotations

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
from intrograph.cli.render import render_people
from intrograph.graph.identity import find_person, merge_people, record_label, split_person

__all__ = ["merge_cmd", "split_cmd"]


def merge_cmd(
    a: Annotated[str, typer.Argument(help="A person's id, email or exact name; keeps its id.")],
    b: Annotated[str, typer.Argument(help="The person to fold into the first.")],
    format: FormatOpt = OutputFormat.table,
    db: DbOpt = None,
    backend: BackendOpt = "sqlite",
) -> None:
    """Make two people one, and keep them one through every later import."""
    with cli_errors(), store_from(db, backend) as store:
        was = {p.id: p for p in (find_person(store, a), find_person(store, b))}
        merged = merge_people(store, a, b)
        # The exact command that moves the folded person's records back off, ready to paste.
        folded = [p for pid, p in was.items() if pid != merged.id]
        undo = " ".join(["intrograph", "split", merged.id,
                         *sorted(record_label(r) for p in folded for r in p.records)])
        err().print(f"merged into {merged.name} ({merged.id}); undo with: {undo}",
                    markup=False)
        render_people(out(), [merged], format)


def split_cmd(
    person: Annotated[str, typer.Argument(help="A person's id, email or exact name.")],
    records: Annotated[list[str], typer.Argument(
        help="Records to move off, as `people` lists them: owner:file#N.")],
    format: FormatOpt = OutputFormat.table,
    db: DbOpt = None,
    backend: BackendOpt = "sqlite",
) -> None:
    """Move records off a person who is really two, and keep them apart in later imports."""
    with cli_errors(), store_from(db, backend) as store:
        people = split_person(store, person, records)
        err().print(f"split into {len(people)} people", markup=False)
        render_people(out(), people, format)
