"""`demo`: a synthetic sales team, imported into a throw-away store, and the queries run on it."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Annotated

import typer
from rich.rule import Rule

from intrograph.cli.common import OutputFormat, cli_errors, err, out
from intrograph.cli.expert import render_experts
from intrograph.cli.imports import report
from intrograph.cli.progress import progress_bar, stage_of
from intrograph.cli.render import render_paths, render_people
from intrograph.graph.expert import find_experts
from intrograph.graph.importer import import_dir
from intrograph.graph.network import build_graph
from intrograph.graph.store import open_store
from intrograph.graph.targets import intro_paths

__all__ = ["demo_cmd"]


def demo_cmd(
    owners: Annotated[int, typer.Option(help="Address books in the synthetic team.")] = 6,
    people: Annotated[int, typer.Option(help="People in the synthetic world.")] = 200,
    seed: Annotated[int, typer.Option(help="Same seed, same world.")] = 7,
) -> None:
    """Generate a synthetic team's address books, import them into a throw-away store, and
    show warm paths into two accounts. Nothing is kept afterwards."""
    # Here, not at the top: faker costs every other command a tenth of a second to import.
    from intrograph.fixtures import generate

    console = out()
    with cli_errors(), tempfile.TemporaryDirectory(prefix="intrograph-demo-") as tmp:
        team = Path(tmp) / "team"
        with progress_bar("generating a synthetic team") as cb:
            generate(team, owners=owners, people=people, seed=seed, progress=cb)
        truth = json.loads((team / "truth.json").read_text(encoding="utf-8"))
        with open_store(Path(tmp) / "demo.db") as store:
            with progress_bar("importing their exports", in_bytes=True) as cb:
                summaries = import_dir(store, team, manifest=team / "manifest.csv", progress=cb,
                                       on_stage=stage_of(cb))
            report(summaries, None)
            counts = store.counts()
            err().print(
                f"{counts['records']} records from {counts['owners']} address books resolved "
                f"to {counts['persons']} people at {counts['organizations']} organisations, "
                f"{counts['ties']} ties"
            )
            graph = build_graph(store)
            # Each planted account is shown from the rep it was planted for: from the whole
            # team a friend who is also an owner may reach it in one hop, which shows less.
            accounts = [(p["account"], p["owners"][0]) for p in truth["planted_paths"]]
            for account, rep in accounts:
                console.print(Rule(f"intrograph intro-path {account!r} --from {rep} -k 3",
                                   align="left"))
                render_paths(console, intro_paths(store, account, from_owners=[rep], k=3,
                                                  graph=graph), OutputFormat.table)
            shared = [p for p in store.people() if len({r.owner for r in p.records}) >= 2]
            if shared:
                name = shared[0].name.split()[-1]
                console.print(Rule(f"intrograph people {name!r}", align="left"))
                render_people(console, store.people(name), OutputFormat.table)
            question = "how do I fix stock-outs in my warehouse?"
            console.print(Rule(f"intrograph expert {question!r} -k 3", align="left"))
            render_experts(console, find_experts(store, question, k=3, graph=graph),
                           OutputFormat.table)
        console.print(
            "\nNext: `intrograph fixtures generate ./team` writes such a team's exports; "
            "`intrograph import-dir ./team --manifest ./team/manifest.csv` imports them; "
            f"then `intro-path {accounts[0][0]!r}` or `intrograph people NAME`.",
            markup=False,
        )
