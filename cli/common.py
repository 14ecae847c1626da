"""What every command shares: the store options, output formats, and the error edge."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from intrograph.errors import IntrographError
from intrograph.graph.store import Store, open_store
from intrograph.settings import Settings

__all__ = [
    "BackendOpt",
    "DbOpt",
    "FormatOpt",
    "OutputFormat",
    "ReportFormat",
    "ReportFormatOpt",
    "cli_errors",
    "err",
    "out",
    "reading_store",
    "store_from",
]


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"


class ReportFormat(StrEnum):
    """The listing formats plus html: only `intro-path` and `accounts` draw a page."""

    table = "table"
    json = "json"
    csv = "csv"
    md = "md"
    html = "html"


def _default_db() -> Path:
    return Settings().db


DbOpt = Annotated[
    Path | None,
    typer.Option(
        "--db",
        envvar="INTROGRAPH_DB",
        help="The store file (default: intrograph.db in your user data folder).",
        show_default=False,
    ),
]
BackendOpt = Annotated[
    str,
    typer.Option(
        "--backend",
        envvar="INTROGRAPH_BACKEND",
        help="sqlite (embedded, the default) or neo4j (NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD).",
    ),
]
FormatOpt = Annotated[
    OutputFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
]
ReportFormatOpt = Annotated[
    ReportFormat,
    typer.Option("--format", "-f", help="Output format; html is one self-contained page.",
                 case_sensitive=False),
]


def out() -> Console:
    """Return a console for data on stdout; wide when piped so tables do not wrap at 80."""
    return Console(width=None if sys.stdout.isatty() else 160, highlight=False, soft_wrap=False)


def err() -> Console:
    """Return a console for messages to people, on stderr."""
    return Console(stderr=True, highlight=False, soft_wrap=True,
                   width=None if sys.stderr.isatty() else 160)


def store_from(db: Path | None, backend: str) -> Store:
    settings = Settings()
    if backend == "neo4j":
        # --db names a SQLite file; the server comes from NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD.
        return open_store(
            settings.neo4j_uri or "", backend, uri=settings.neo4j_uri,
            user=settings.neo4j_user, password=settings.neo4j_password, today=settings.today,
        )
    return open_store(db or settings.db, backend, today=settings.today)


@contextlib.contextmanager
def reading_store(db: Path | None, backend: str) -> Iterator[Store]:
    """Open the store for a query: every read of the command sees one committed state, even
    while another process imports."""
    with store_from(db, backend) as store, store.snapshot():
        yield store


@contextlib.contextmanager
def cli_errors() -> Iterator[None]:
    """Turn intrograph's errors into a one-line message and exit code 1."""
    try:
        yield
    except IntrographError as exc:
        err().print(f"Error: {exc}", markup=False)
        raise typer.Exit(1) from None
