"""The `intrograph` program: every command group mounted on one typer app."""

from __future__ import annotations

import typer

from intrograph import __version__
from intrograph.cli.accounts import accounts_cmd
from intrograph.cli.asks import ask_app, asks_cmd, followups_cmd
from intrograph.cli.check import check_cmd
from intrograph.cli.demo import demo_cmd
from intrograph.cli.evidence import interactions_cmd, rate_cmd
from intrograph.cli.expert import expert_cmd
from intrograph.cli.fixtures_cmd import fixtures_app
from intrograph.cli.identity import merge_cmd, split_cmd
from intrograph.cli.imports import import_cmd, import_dir_cmd
from intrograph.cli.privacy import export_cmd, forget_cmd, optout_cmd, owner_app
from intrograph.cli.query import intro_path_cmd, orgs_cmd, owners_cmd, people_cmd, show_cmd
from intrograph.cli.sync import sync_cmd
from intrograph.cli.tags import tag_cmd

__all__ = ["app", "intro_path_app", "intro_path_main", "main"]

# Locals in tracebacks could hold people's contact details: never print them.
_SETTINGS = dict(pretty_exceptions_show_locals=False, no_args_is_help=True,
                 context_settings={"help_option_names": ["-h", "--help"]})

app = typer.Typer(
    help="Warm introduction paths through your team's pooled address books.", **_SETTINGS
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"intrograph {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """Warm introduction paths through your team's pooled address books."""


app.command("import")(import_cmd)
app.command("import-dir")(import_dir_cmd)
app.command("owners")(owners_cmd)
app.command("people")(people_cmd)
app.command("orgs")(orgs_cmd)
app.command("show")(show_cmd)
app.command("intro-path")(intro_path_cmd)
app.command("accounts")(accounts_cmd)
app.command("demo")(demo_cmd)
app.command("merge")(merge_cmd)
app.command("split")(split_cmd)
app.add_typer(fixtures_app, name="fixtures")
app.add_typer(ask_app, name="ask")
app.command("asks")(asks_cmd)
app.command("followups")(followups_cmd)
app.command("forget")(forget_cmd)
app.command("export")(export_cmd)
app.command("optout")(optout_cmd)
app.add_typer(owner_app, name="owner")
app.command("rate")(rate_cmd)
app.command("interactions")(interactions_cmd)
app.command("check")(check_cmd)
app.command("expert")(expert_cmd)
app.command("tag")(tag_cmd)
app.command("sync")(sync_cmd)

# `intro-path ACME` is installed as its own program too.
intro_path_app = typer.Typer(**_SETTINGS)
intro_path_app.command()(intro_path_cmd)


def main() -> None:
    app()


def intro_path_main() -> None:
    intro_path_app()
