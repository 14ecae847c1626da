"""`import` and `import-dir`: bring address-book exports into the store."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.table import Table

from intrograph.cli import csvsafe
from intrograph.cli.common import BackendOpt, DbOpt, cli_errors, err, store_from
from intrograph.cli.progress import progress_bar, stage_of
from intrograph.graph.importer import import_dir, import_files
from intrograph.loaders import crm
from intrograph.models import ImportSummary, Owner
from intrograph.settings import Settings

__all__ = ["import_cmd", "import_dir_cmd", "report"]

RejectsOpt = Annotated[
    Path | None,
    typer.Option("--rejects", help="Write every rejected record, with its reason, to this CSV "
                                   "(default: rejects/import-<time>.csv next to the store)."),
]
FormatIn = Annotated[
    str,
    typer.Option(
        "--format",
        help="auto (detected, the default), google, outlook, linkedin, vcard or csv (HubSpot, "
             "Salesforce or any contacts CSV).",
    ),
]


def default_rejects_path(db: Path | None) -> Path:
    """Return where an import's rejects go unless --rejects says: next to the store."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    return (db or Settings().db).parent / "rejects" / f"import-{stamp}.csv"


def report(summaries: Sequence[ImportSummary], rejects_path: Path | None,
           default_path: Path | None = None) -> None:
    """Tell the person what landed, what was unchanged, and what was rejected and why.

    The rejects go to ``rejects_path`` when given, else to ``default_path`` when a file that
    was not already imported had any (an unchanged file's were written the first time).
    """
    console = err()
    rejected = [r for s in summaries for r in s.rejects]
    if rejects_path is None and any(s.rejects and not s.unchanged for s in summaries):
        rejects_path = default_path
    table = Table("owner", "file", "format", "records", "added", "updated", "removed",
                  "rejected", "status", box=box.SIMPLE_HEAD, pad_edge=False)
    for s in summaries:
        if s.companion:
            table.add_row(s.owner, s.file, s.format, "", "", "", "", "",
                          "companion: read with the contacts beside it")
            continue
        if s.unchanged:
            status = "unchanged: already imported"
        elif s.replaced:
            status = f"replaced an earlier export of {s.replaced}"
        else:
            status = "new"
        counts = ("", "", "") if s.unchanged else (str(s.added), str(s.updated), str(s.removed))
        table.add_row(s.owner, s.file, s.format, str(s.records), *counts,
                      str(len(s.rejects)), status)
    console.print(table)
    if rejected:
        for r in rejected[:5]:
            console.print(f"  rejected {r.file} record {r.record}: {r.reason}", markup=False)
        if len(rejected) > 5:
            console.print(f"  … and {len(rejected) - 5} more", markup=False)
        if rejects_path is None:
            console.print("  (--rejects FILE writes them all with their contents)")
    if rejects_path is not None:
        rejects_path.parent.mkdir(parents=True, exist_ok=True)
        with rejects_path.open("w", newline="", encoding="utf-8") as fh:
            writer = csvsafe.writer(fh)
            writer.writerow(["file", "record", "reason", "contents"])
            for r in rejected:
                writer.writerow([r.file, r.record, r.reason, json.dumps(r.raw,
                                                                        ensure_ascii=False)])
        console.print(f"wrote {len(rejected)} rejects to {rejects_path}", markup=False)


def import_cmd(
    files: Annotated[list[Path], typer.Argument(help="Export files of one owner.")],
    owner: Annotated[str, typer.Option("--owner", help="Whose address book this is.")],
    owner_name: Annotated[str, typer.Option(help="The owner's full name.")] = "",
    owner_email: Annotated[
        list[str] | None, typer.Option(help="The owner's own email (repeatable).")
    ] = None,
    owner_phone: Annotated[
        list[str] | None, typer.Option(help="The owner's own phone (repeatable).")
    ] = None,
    region: Annotated[
        str, typer.Option(help="Country for phone numbers written without +code.")
    ] = "US",
    format: FormatIn = "auto",
    column_map: Annotated[Path | None, typer.Option(
        "--map", help="A CSV of column,field saying which column of a CRM or other CSV is what "
                      "(fields: " + ", ".join(crm.FIELDS) + ").")] = None,
    rejects: RejectsOpt = None,
    db: DbOpt = None,
    backend: BackendOpt = "sqlite",
) -> None:
    """Import one owner's exports (Google Contacts or Outlook CSV, LinkedIn Connections.csv or
    its data-export ZIP, vCard, HubSpot or Salesforce CSV, any contacts CSV). Re-importing is a
    no-op; a newer export under the same file name replaces the older one."""
    with cli_errors():
        mapping = crm.read_map(column_map) if column_map else None
        person = Owner(
            name=owner.strip().lower(),
            display_name=owner_name,
            emails=owner_email or [],
            phones=owner_phone or [],
            region=region.upper(),
        )
        with store_from(db, backend) as store, progress_bar("importing", in_bytes=True) as cb:
            summaries = import_files(store, files, person, format=format, progress=cb,
                                     column_map=mapping, on_stage=stage_of(cb))
        report(summaries, rejects, default_rejects_path(db))


def import_dir_cmd(
    directory: Annotated[
        Path, typer.Argument(help="A folder of exports, one sub-folder per owner.")
    ],
    manifest: Annotated[
        Path | None,
        typer.Option(help="CSV with path,owner[,name,email,phone,region]; paths under DIR."),
    ] = None,
    format: FormatIn = "auto",
    rejects: RejectsOpt = None,
    db: DbOpt = None,
    backend: BackendOpt = "sqlite",
) -> None:
    """Bulk import a folder of everyone's exports in one transaction."""
    with cli_errors():
        with store_from(db, backend) as store, progress_bar("importing", in_bytes=True) as cb:
            summaries = import_dir(store, directory, manifest=manifest, format=format,
                                   progress=cb, on_stage=stage_of(cb))
        report(summaries, rejects, default_rejects_path(db))
