"""Looking around (`owners`, `people`, `orgs`, `show`) and `intro-path`."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from intrograph.cli.common import (
    BackendOpt,
    DbOpt,
    FormatOpt,
    OutputFormat,
    ReportFormat,
    ReportFormatOpt,
    cli_errors,
    out,
    reading_store,
)
from intrograph.cli.privacy import AsOpt, viewer_from
from intrograph.cli.render import (
    render_orgs,
    render_owners,
    render_paths,
    render_people,
    render_ties,
)
from intrograph.errors import NotFound
from intrograph.graph.asks import mark_open_asks
from intrograph.graph.privacy import scope_for
from intrograph.graph.reliability import connector_reliability
from intrograph.graph.seniority import Seniority
from intrograph.graph.targets import intro_paths

__all__ = ["intro_path_cmd", "orgs_cmd", "owners_cmd", "people_cmd", "show_cmd"]


class SeniorityChoice(StrEnum):
    exec = "exec"
    director = "director"
    manager = "manager"


def owners_cmd(
    format: FormatOpt = OutputFormat.table, db: DbOpt = None, backend: BackendOpt = "sqlite"
) -> None:
    """List the owners whose address books were imported."""
    with cli_errors(), reading_store(db, backend) as store:
        render_owners(out(), store.owners(), format)


def people_cmd(
    query: Annotated[str | None, typer.Argument(help="Part of a name, email, phone or company.")]
    = None,
    limit: Annotated[int | None, typer.Option(help="Show at most this many.")] = None,
    format: FormatOpt = OutputFormat.table,
    db: DbOpt = None,
    backend: BackendOpt = "sqlite",
    as_: AsOpt = None,
) -> None:
    """List resolved people, with the records (owner, file, position) each came from."""
    with cli_errors(), reading_store(db, backend) as store:
        scope = scope_for(store, viewer_from(as_))
        render_people(out(), scope.redact_people(store.people(query, limit), query), format)


def orgs_cmd(
    query: Annotated[str | None, typer.Argument(help="Part of a company name or domain.")] = None,
    format: FormatOpt = OutputFormat.table,
    db: DbOpt = None,
    backend: BackendOpt = "sqlite",
    as_: AsOpt = None,
) -> None:
    """List organisations with their domains and how many people work there."""
    with cli_errors(), reading_store(db, backend) as store:
        scope = scope_for(store, viewer_from(as_))
        render_orgs(out(), scope.redact_orgs(store.organizations(query)), format)


def show_cmd(
    person: Annotated[str, typer.Argument(help="A person's id, email or exact name.")],
    format: FormatOpt = OutputFormat.table,
    db: DbOpt = None,
    backend: BackendOpt = "sqlite",
    as_: AsOpt = None,
) -> None:
    """Show one person: contact details, where each record came from, and every tie with its
    strength, band and evidence."""
    with cli_errors(), reading_store(db, backend) as store:
        scope = scope_for(store, viewer_from(as_))
        q = person.strip()
        found = [p for p in store.people(q) if q in (p.id, p.name) or q.lower() in p.emails]
        if not found:
            found = [p for p in store.people() if p.id == q]
        found = scope.redact_people(found, q)
        if not found:
            raise NotFound(f"no person matches {q!r}; try `intrograph people {q}`")
        console = out()
        render_people(console, found, format)
        if format is OutputFormat.table:
            for p in found:
                for why in p.why:  # why these records are one person
                    console.print(f"{p.name}: {why}", markup=False)
        # JSON keeps the people-list shape scripts rely on; the other formats add each tie.
        if format is not OutputFormat.json:
            for p in found:
                ties = store.ties_of(p.id)
                refs = store.person_refs(sorted({x for t in ties for x in (t.a, t.b)}))
                render_ties(console, p, ties, refs, format)


def intro_path_cmd(
    target: Annotated[str, typer.Argument(help="A company (name or domain), or a person.")],
    from_: Annotated[
        list[str] | None,
        typer.Option("--from", help="Start from this owner (repeatable; default: everyone)."),
    ] = None,
    max_hops: Annotated[int, typer.Option(help="Longest chain of hand-offs, 1 to 6.")] = 4,
    k: Annotated[int, typer.Option("-k", help="How many paths.")] = 5,
    title: Annotated[
        str | None, typer.Option(help="Only people whose title has these words, e.g. 'procure'.")
    ] = None,
    seniority: Annotated[
        SeniorityChoice | None,
        typer.Option(help="Only people at this level or above, judged from their titles."),
    ] = None,
    diverse: Annotated[
        bool,
        typer.Option(help="Paths end at different people and no connector is in more than two."),
    ] = True,
    format: ReportFormatOpt = ReportFormat.table,
    db: DbOpt = None,
    backend: BackendOpt = "sqlite",
    as_: AsOpt = None,
    in_database: Annotated[
        bool,
        typer.Option("--in-database", help="Search inside Neo4j (GDS Yen when the plugin is "
                     "there, else bounded Cypher patterns) instead of in Python; the same "
                     "rules and privacy masks. Never run against a live server yet."),
    ] = False,
) -> None:
    """Ranked warm introduction paths from the team to a company or person."""
    with cli_errors(), reading_store(db, backend) as store:
        level = Seniority[seniority.name.upper()] if seniority else None
        # Past asks: connectors who did not come through rank lower (docs/asks.md).
        asks = store.asks()
        result = intro_paths(store, target, from_owners=from_, max_hops=max_hops, k=k,
                             title=title, min_seniority=level, diverse=diverse,
                             reliability=connector_reliability(asks),
                             viewer=viewer_from(as_), in_database=in_database)
        result = mark_open_asks(result, asks)
        render_paths(out(), result, format)
