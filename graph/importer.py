"""Importing export files: every file of one command in one transaction.

A file that is refused whole (not a contact export, unreadable) raises inside that transaction,
so the store is left exactly as it was before the command, whichever file it was.
"""

from __future__ import annotations

import csv
import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from intrograph.errors import InputError
from intrograph.graph.store import PendingFile, Store
from intrograph.loaders import companion_bytes, is_companion, load_bytes
from intrograph.loaders.textio import read_bytes
from intrograph.models import ImportSummary, Owner

__all__ = [
    "EXPORT_SUFFIXES",
    "ProgressCallback",
    "file_hash",
    "import_dir",
    "import_files",
    "plan_dir",
]

ProgressCallback = Callable[[int, int], None]
# What import-dir picks up when no manifest lists the files.
EXPORT_SUFFIXES = frozenset({".csv", ".vcf", ".vcard", ".zip"})


def file_hash(data: bytes) -> str:
    """Return the SHA-256 of a file's bytes: the same export imported again is a no-op."""
    return hashlib.sha256(data).hexdigest()


def _companion_key(companions: dict[str, bytes]) -> bytes:
    """Return what a file's companions add to its hash: each one's name and digest."""
    return b"".join(b"\0companion\0" + name.encode() + b"\0" + hashlib.sha256(data).digest()
                    for name, data in sorted(companions.items()))


def _split_companions(
    plan: Sequence[tuple[Owner, Sequence[Path]]],
) -> tuple[list[tuple[Owner, list[Path]]], list[ImportSummary]]:
    """Return the plan without companion files (a Salesforce Account.csv next to the Contact.csv
    being imported), and a summary line for each one left out.

    A companion is read with the export beside it, never imported as contacts; an Account.csv
    imported without such an export stays in the plan and is refused with the reason.
    """
    every = [p for _, ps in plan for p in ps]
    kept: list[tuple[Owner, list[Path]]] = []
    skipped: list[ImportSummary] = []
    for owner, paths in plan:
        mine = []
        for p in paths:
            beside = any(q.parent == p.parent and q != p for q in every)
            if beside and is_companion(p):
                skipped.append(ImportSummary(owner=owner.name, file=p.name,
                                             format="salesforce accounts", companion=True))
            else:
                mine.append(p)
        kept.append((owner, mine))
    return kept, skipped


def _load_lazily(
    plan: Sequence[tuple[Owner, Sequence[Path]]], format: str, progress: ProgressCallback | None,
    column_map: dict[str, str] | None = None,
) -> Iterator[tuple[Owner, Iterator[PendingFile]]]:
    """Yield each owner with their files, each loaded only when the store asks for it.

    Files are read one at a time inside the store's transaction, so memory holds one file's
    records, not everyone's; a file refused half-way raises there and the transaction rolls
    back every file before it.
    """
    paths = [p for _, ps in plan for p in ps]
    for p in paths:
        if not p.is_file():
            raise InputError("no such file" if not p.exists() else "not a file", file=str(p))
    total = sum(p.stat().st_size for p in paths) or 1
    done = 0

    def files(owner_paths: Sequence[Path]) -> Iterator[PendingFile]:
        nonlocal done
        for path in owner_paths:
            # One read serves both the hash and, if the store has not seen it, the parse.
            data = read_bytes(path)
            # A different column map reads the same bytes differently: it is part of the hash.
            mapped = repr(sorted(column_map.items())).encode() if column_map else b""
            # A Salesforce Contact.csv reads its company names from the Account.csv beside it:
            # a changed Account.csv must re-read the contacts, so it is part of the hash too.
            companions = companion_bytes(path, data)
            yield PendingFile(
                lambda data=data, name=path.name, companions=companions: load_bytes(
                    data, name, format, column_map, companions),
                file_hash(data + mapped + _companion_key(companions)), file=path.name)
            done += len(data)
            if progress:
                progress(done, total)

    for owner, owner_paths in plan:
        yield owner, files(owner_paths)


def import_files(
    store: Store,
    paths: Sequence[Path],
    owner: Owner,
    *,
    format: str = "auto",
    progress: ProgressCallback | None = None,
    column_map: dict[str, str] | None = None,
    on_stage: Callable[[str], None] | None = None,
) -> list[ImportSummary]:
    """Return one summary per file after importing them all for ``owner``, or raise and change
    nothing. ``progress(done, total)`` counts bytes read; ``column_map`` says which column of a
    CRM or other CSV is what (``loaders.crm.read_map``); ``on_stage`` as in
    :meth:`Store.import_owners`.
    """
    plan, companions = _split_companions([(owner, paths)])
    return [*store.import_owners(_load_lazily(plan, format, progress, column_map), on_stage),
            *companions]


@dataclass(frozen=True)
class _ManifestRow:
    path: Path
    owner: Owner


def plan_dir(root: Path, manifest: Path | None = None) -> list[tuple[Owner, list[Path]]]:
    """Return which owner each export under ``root`` belongs to.

    With a manifest (CSV with ``path,owner`` and optionally ``name,email,phone,region``), paths
    are relative to ``root``; without one, every export file's first folder under ``root`` names
    its owner.
    """
    if not root.is_dir():
        raise InputError("not a folder", file=str(root))
    by_owner: dict[str, list[Path]] = defaultdict(list)
    owners: dict[str, Owner] = {}
    if manifest is not None:
        for row in _read_manifest(manifest, root):
            by_owner[row.owner.name].append(row.path)
            owners.setdefault(row.owner.name, row.owner)
    else:
        for path in sorted(root.rglob("*")):
            if not path.is_file() or path.suffix.lower() not in EXPORT_SUFFIXES:
                continue
            rel = path.relative_to(root)
            if any(part.startswith(".") for part in rel.parts):
                continue
            if len(rel.parts) < 2:
                raise InputError(
                    "is not inside an owner's folder; put it in DIR/OWNER/ or use --manifest",
                    file=str(rel),
                )
            name = rel.parts[0].lower()
            by_owner[name].append(path)
            owners.setdefault(name, Owner(name=name))
    if not by_owner:
        raise InputError(f"no contact exports ({', '.join(sorted(EXPORT_SUFFIXES))}) found",
                         file=str(root))
    return [(owners[n], by_owner[n]) for n in sorted(by_owner)]


def _read_manifest(manifest: Path, root: Path) -> list[_ManifestRow]:
    name = manifest.name
    try:
        text = manifest.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the manifest: {exc}", file=name) from exc
    reader = csv.DictReader(text.splitlines())
    fields = {f.strip().lower() for f in reader.fieldnames or []}
    if not {"path", "owner"} <= fields:
        raise InputError("a manifest needs the columns path,owner", file=name)
    rows = []
    for i, raw in enumerate(reader, start=1):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        if not row.get("path") or not row.get("owner"):
            raise InputError("path and owner must both be filled in", file=name, record=i)
        path = root / row["path"]
        if not path.is_file():
            raise InputError(f"{row['path']} does not exist under {root}", file=name, record=i)
        owner = Owner(
            name=row["owner"].lower(),
            display_name=row.get("name", ""),
            emails=[row["email"]] if row.get("email") else [],
            phones=[row["phone"]] if row.get("phone") else [],
            region=(row.get("region") or "US").upper(),
        )
        rows.append(_ManifestRow(path, owner))
    return rows


def import_dir(
    store: Store,
    root: Path,
    *,
    manifest: Path | None = None,
    format: str = "auto",
    progress: ProgressCallback | None = None,
    on_stage: Callable[[str], None] | None = None,
) -> list[ImportSummary]:
    """Return one summary per file after importing every export under ``root`` in one
    transaction (see :func:`plan_dir` for how owners are assigned; ``on_stage`` as in
    :meth:`Store.import_owners`)."""
    plan, companions = _split_companions(plan_dir(root, manifest))
    return [*store.import_owners(_load_lazily(plan, format, progress), on_stage), *companions]
