"""`fixtures generate`: a synthetic team's exports plus the ground truth, for trying things."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from intrograph.cli.common import cli_errors, err
from intrograph.cli.progress import progress_bar
from intrograph.errors import InputError

__all__ = ["fixtures_app"]

fixtures_app = typer.Typer(help="Synthetic address books with a known ground truth.",
                           no_args_is_help=True)


@fixtures_app.command("generate")
def generate_cmd(
    outdir: Annotated[Path, typer.Argument(help="Folder to write exports/, manifest.csv, "
                                                "truth.json into.")],
    owners: Annotated[int, typer.Option(help="Address books (at least 3).")] = 8,
    people: Annotated[int, typer.Option(help="People in the world.")] = 300,
    seed: Annotated[int, typer.Option(help="Same seed, same files.")] = 7,
    noisy: Annotated[bool, typer.Option(
        help="Add the hard cases of identity resolution: typos, swapped names, company "
             "spellings, relatives sharing a phone, namesakes at other companies.")] = False,
) -> None:
    """Write a synthetic team's exports (Google CSV and vCard), a manifest and the truth."""
    from intrograph.fixtures import generate  # faker: only this command pays for it

    with cli_errors():
        try:
            with progress_bar("writing exports") as cb:
                generate(outdir, owners=owners, people=people, seed=seed, progress=cb,
                         noisy=noisy)
        except ValueError as exc:
            raise InputError(str(exc)) from exc
        err().print(
            f"wrote {outdir}/exports (one folder per owner), {outdir}/manifest.csv and "
            f"{outdir}/truth.json\nimport them with: intrograph import-dir {outdir} "
            f"--manifest {outdir}/manifest.csv",
            markup=False,
        )
