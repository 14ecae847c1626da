"""`sync`: copy this store into another, empty one (``--to``), or another into this (``--from``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from intrograph.cli.common import BackendOpt, DbOpt, cli_errors, err, out, store_from
from intrograph.errors import InputError
from intrograph.graph.sync import NEO4J, new_file_cleanup, side_of, sync
from intrograph.settings import Settings

__all__ = ["sync_cmd"]


def _name(backend: str, path: Path | None) -> str:
    return "the Neo4j server at NEO4J_URI" if backend == NEO4J else str(path)


def sync_cmd(
    to: Annotated[str | None, typer.Option(
        "--to", help="Copy this store into: neo4j (NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD) or "
        "a SQLite file. It must be empty.", show_default=False)] = None,
    from_: Annotated[str | None, typer.Option(
        "--from", help="Copy into this store (which must be empty) from: neo4j or a SQLite "
        "file.", show_default=False)] = None,
    json_out: Annotated[bool, typer.Option(
        "--json", help="Print the copied counts as JSON.")] = False,
    db: DbOpt = None,
    backend: BackendOpt = "sqlite",
) -> None:
    """Copy a whole store between backends: owners, imported files with their records and
    rejects, identity decisions, ratings, interactions, tags, opt-outs, sharing levels and asks.
    The target derives people and ties itself; the counts of every table are compared before
    the copy commits, so a copy that differs leaves the target as it was."""
    with cli_errors():
        if (to is None) == (from_ is None):
            raise InputError("say where: --to neo4j|PATH.db, or --from neo4j|PATH.db")
        here = (backend, None) if backend == NEO4J else (
            "sqlite", Path(db) if db else Settings().db)
        there = side_of(to if to is not None else from_ or "")
        source, target = (here, there) if to is not None else (there, here)
        if source[0] == target[0] and (
                source[0] == NEO4J or source[1].resolve() == target[1].resolve()):
            raise InputError(f"the source and the target are the same store: "
                             f"{_name(*source)}")
        if source[0] == "sqlite" and not source[1].exists():
            raise InputError(f"there is no store at {source[1]} to copy from")
        with new_file_cleanup(target[1]), store_from(source[1], source[0]) as src, \
                store_from(target[1], target[0]) as dst:
            report = sync(src, dst, source_name=_name(*source), target_name=_name(*target))
    if json_out:
        out().out(json.dumps({"from": report.source, "to": report.target,
                              "counts": report.counts}, indent=2), highlight=False)
        return
    counts = report.counts
    err().print(f"Copied {report.source} into {report.target}: {counts['owners']} owners, "
                f"{counts['records']} records, {counts['persons']} people, {counts['ties']} "
                "ties; every table's count matches.", markup=False)
