"""`expert "QUESTION"`: who can answer a friend's question and how to reach them; and `tag`."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.text import Text

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
from intrograph.cli.render import _path_block, _rows_out
from intrograph.cli.tags import AsOpt
from intrograph.graph.draft import draft_request
from intrograph.graph.expert import find_experts
from intrograph.models import ExpertResult
from intrograph.settings import Settings

__all__ = ["expert_cmd", "render_experts"]



def expert_cmd(
    question: Annotated[str, typer.Argument(help="The friend's question, in their words.")],
    from_: Annotated[
        list[str] | None,
        typer.Option("--from", help="Start from this owner (repeatable; default: --as, "
                                    "else everyone)."),
    ] = None,
    as_: AsOpt = None,
    k: Annotated[int, typer.Option("-k", help="How many people.")] = 5,
    max_hops: Annotated[int, typer.Option(help="Longest chain of hand-offs, 1 to 6.")] = 4,
    exclude_org: Annotated[
        list[str] | None,
        typer.Option("--exclude-org", help="Leave out people at this company (name or domain; "
                                           "repeatable)."),
    ] = None,
    near: Annotated[
        str | None,
        typer.Option(help="Prefer people whose working hours overlap this IANA time zone, "
                          "e.g. Europe/Berlin."),
    ] = None,
    synonyms: Annotated[
        bool, typer.Option(help="Also match related business terms (logistics ~ warehouse).")
    ] = True,
    embed: Annotated[
        bool, typer.Option("--embed", help="Re-rank with the local sentence-embedding model "
                                           "(needs: pip install 'intrograph[embed]').")
    ] = False,
    draft: Annotated[
        bool, typer.Option("--draft", help="Also write a note asking the first connector for "
                                           "the introduction (never sent).")
    ] = False,
    friend: Annotated[
        str | None, typer.Option(help="The friend's name, for the --draft note.")
    ] = None,
    format: FormatOpt = OutputFormat.table,
    db: DbOpt = None,
    backend: BackendOpt = "sqlite",
) -> None:
    """People in the pooled network who can answer a question, ranked by fit and warmth."""
    # Not a read-only snapshot: the first question after an import refreshes the word index.
    with cli_errors(), store_from(db, backend) as store:
        as_owner = as_ or Settings().as_owner
        owners = from_ or ([as_owner] if as_owner else None)
        result = find_experts(store, question, from_owners=owners, k=k, max_hops=max_hops,
                              exclude_orgs=exclude_org or (), near=near, synonyms=synonyms,
                              embed=embed, viewer=as_owner)
        render_experts(out(), result, format)
        if not result.experts:
            n = result.unreachable
            far = (f"; {n} {'person fits' if n == 1 else 'people fit'} but "
                   f"{'is' if n == 1 else 'are'} more than {max_hops} "
                   f"hop{'s' if max_hops != 1 else ''} away (try --max-hops)") if n else ""
            err().print(f"Nobody in reach fits {question!r}{far}.", markup=False)
        if draft and result.experts:
            best = result.experts[0]
            note = draft_request(best, question, friend)
            if format in (OutputFormat.table, OutputFormat.md):
                out().print(Text("\n" + note), markup=False)
            else:  # keep json/csv on stdout parseable: the note goes to people, on stderr
                err().print(note, markup=False)


def render_experts(console: Console, result: ExpertResult, fmt: OutputFormat) -> None:
    """Print experts as a table with each one's reasons and intro path, or json/csv/md."""
    if fmt is OutputFormat.json:
        console.out(result.to_json())
        return
    if fmt in (OutputFormat.csv, OutputFormat.md):
        header = ["rank", "score", "fit", "name", "title", "organization", "why", "path",
                  "path score"]
        rows = [
            [str(e.rank), f"{e.score:.4f}", f"{e.fit:.2f}", e.person.name, e.person.title or "",
             e.person.organization or "", "; ".join(e.why),
             " > ".join(p.name for p in e.path.people) if e.path else "",
             f"{e.path.score:.4f}" if e.path else ""]
            for e in result.experts
        ]
        _rows_out(console, fmt, header, rows)
        return
    if not result.experts:
        return
    console.print(Text.assemble("Who can answer ", (repr(result.question), "bold"),
                                f" ({len(result.experts)} shown)"))
    for e in result.experts:
        role = ", ".join(x for x in (e.person.title, e.person.organization) if x)
        console.print(Text.assemble(
            (f"\n{e.rank}. ", "bold"), (e.person.name, "bold"), f"  {role}" if role else "",
            f"   score {e.score:.2f}  fit {e.fit:.2f}"))
        for line in e.why:
            console.print(Text(f"   • {line}"))
        if e.path:
            console.print(_path_block(e.path))
