"""`rate` and `interactions`: what an owner knows about their ties that no address book says."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from intrograph.cli.common import BackendOpt, DbOpt, cli_errors, err, out, store_from
from intrograph.errors import InputError, NotFound
from intrograph.graph.evidence_sql import PendingInteractions
from intrograph.graph.store import Store
from intrograph.graph.strength import band
from intrograph.loaders.interactions import (
    guess_owner_addresses,
    hash_and_sniff,
    load_interactions_file,
)
from intrograph.loaders.normalize import normalize_email
from intrograph.models import InteractionLoad, Person

__all__ = ["find_person", "interactions_cmd", "rate_cmd"]


def find_person(store: Store, query: str) -> Person:
    """Return the one person a query names: an id, an email address or an exact name."""
    q = query.strip()
    email = normalize_email(q) if "@" in q else None
    found = [p for p in store.people(email or q)
             if q == p.id or (email and email in p.emails) or p.name.lower() == q.lower()]
    if not found:
        found = [p for p in store.people() if p.id == q]
    if len(found) > 1:
        raise NotFound(f"{len(found)} people are called {q!r}; name one by email or id",
                       candidates=[f"{p.name} ({p.emails[0] if p.emails else p.id})"
                                   for p in found[:5]])
    if not found:
        raise NotFound(f"no person matches {q!r}; try `intrograph people {q}`")
    return found[0]


def rate_cmd(
    owner: Annotated[str, typer.Argument(help="The owner who knows the person.")],
    person: Annotated[str, typer.Argument(help="A person's id, email or exact name.")],
    stars: Annotated[int, typer.Argument(help="1 (barely know them) to 5 (would do anything "
                                              "for me).", min=1, max=5)],
    db: DbOpt = None,
    backend: BackendOpt = "sqlite",
) -> None:
    """Rate how well OWNER knows PERSON, 1 to 5; the rating outranks every inferred signal."""
    with cli_errors(), store_from(db, backend) as store:
        name = owner.strip().lower()
        target = find_person(store, person)
        store.rate(name, target.id, stars)
        me = next((o.person_id for o in store.owners() if o.name == name), None)
        tie = store.tie(me, target.id) if me else None
        if tie is None:
            raise InputError(f"{name}'s rating of {target.name} did not make a tie")
        b = band(tie.strength, tie.evidence)
        out().print(Text(f"{name} → {target.name}: {tie.strength:.2f} {b} (rated {stars} of 5)"))


def interactions_cmd(
    files: Annotated[list[Path], typer.Argument(help="CSV (timestamp,from,to[,cc][,channel]), "
                                                     "mbox or .ics files.")],
    owner: Annotated[str, typer.Option("--owner", help="Whose mail or calendar this is.")],
    me: Annotated[
        list[str] | None,
        typer.Option("--me", help="An address the owner writes from (repeatable); default: "
                                  "the owner's known addresses, else the one on most messages."),
    ] = None,
    db: DbOpt = None,
    backend: BackendOpt = "sqlite",
) -> None:
    """Import email and meeting headers (never bodies) as evidence of how strong ties are:
    frequency, recency and replies both ways. Re-importing the same file is a no-op."""
    with cli_errors(), store_from(db, backend) as store:
        name = owner.strip().lower()
        given = [a for m in me or [] if (a := normalize_email(m))]
        if me and len(given) != len(me):
            raise InputError(f"--me needs email addresses, got {', '.join(me)}")
        console = err()
        for path in files:
            content_hash, fmt = hash_and_sniff(path)

            def parse(path: Path = path, fmt: str = fmt) -> InteractionLoad:
                load = load_interactions_file(path, fmt)
                load.addresses = given or guess_owner_addresses(load.interactions)
                return load

            summary = store.import_interactions(
                name, PendingInteractions(path.name, content_hash, parse))
            if summary.unchanged:
                status = "unchanged: already imported"
            elif summary.replaced:
                status = f"replaced an earlier import of {summary.replaced}"
            else:
                status = "new"
            console.print(f"{name} {summary.file} ({summary.format}): {summary.interactions} "
                          f"interactions, {len(summary.rejects)} rejected; {status}",
                          markup=False)
            known = next((o.emails for o in store.owners() if o.name == name), [])
            if not summary.addresses and not known:
                console.print(f"  note: no address of {name}'s is known, so these cannot count "
                              f"as {name}'s mail; pass --me ADDRESS", markup=False)
            for r in summary.rejects[:5]:
                console.print(f"  rejected {r.file} record {r.record}: {r.reason}", markup=False)
            if len(summary.rejects) > 5:
                console.print(f"  … and {len(summary.rejects) - 5} more", markup=False)
