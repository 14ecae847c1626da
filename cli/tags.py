"""`tag PERSON WORDS...`: what you know a contact knows, for `expert` to find."""

from __future__ import annotations

import json
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
from intrograph.cli.render import _rows_out
from intrograph.graph.tags import tag_person
from intrograph.settings import Settings

__all__ = ["AsOpt", "tag_cmd"]

AsOpt = Annotated[
    str | None,
    typer.Option("--as", envvar="INTROGRAPH_AS", show_envvar=True,
                 help="The owner you are (default for --from; recorded on tags)."),
]


def tag_cmd(
    person: Annotated[str, typer.Argument(help="A person's id, email or exact name.")],
    tags: Annotated[
        list[str] | None,
        typer.Argument(help="Words or quoted phrases, e.g. 'supply chain' forecasting."),
    ] = None,
    as_: AsOpt = None,
    remove: Annotated[bool, typer.Option("--remove", help="Remove these tags instead.")] = False,
    format: FormatOpt = OutputFormat.table,
    db: DbOpt = None,
    backend: BackendOpt = "sqlite",
) -> None:
    """Tag a person with what you know they know; `expert` searches tags like titles."""
    with cli_errors(), store_from(db, backend) as store:
        as_owner = as_ or Settings().as_owner
        who, changed, now = tag_person(store, person, tags or [], owner=as_owner,
                                       remove=remove)
        if format is OutputFormat.json:
            out().out(json.dumps({"person": {"id": who.id, "name": who.name},
                                  "tags": [t.model_dump() for t in now]}, indent=2,
                                 ensure_ascii=False))
        else:
            header = ["tag", "by"]
            _rows_out(out(), format, header, [[t.tag, t.owner or ""] for t in now],
                      title=f"{who.name}: {len(now)} tags")
        verb = "removed" if remove else "added"
        err().print(f"{changed} tag{'s' if changed != 1 else ''} {verb} for {who.name}",
                    markup=False)
