"""Import cost across every export format: parse alone and end to end, side by side in one table.

    .venv/bin/python benchmarks/imports.py [--records 100000,1000000] [--keep DIR] [--parse-only]

For each size it generates a synthetic team (seed 7) whose owners' address books are spread
round-robin over Google CSV (current and legacy), vCard 3.0, Outlook CSV, LinkedIn
Connections.csv, HubSpot CSV and a Salesforce Contact.csv with its Account.csv. Each step runs
in a child process, so that each peak memory is that step's own:

- parse: every file through ``intrograph.loaders.load_file``, one at a time, records dropped
  after counting; per-format rates are CPU seconds of the loader calls;
- end to end: what ``intrograph import-dir`` runs, with the team's manifest, into a fresh
  SQLite store, timed on the wall clock from process start. Beneath it, its two stages: the
  records parsed, normalised and stored (the loaders issue's "parse, normalise, store"), then
  people, organisations and ties derived and written;
- one more book: the first owner's export imported again under a new owner into that store,
  which costs its parse plus a re-derive of the whole store.

"vs target" divides a rate by the 20,000 records/s the loaders issue asks for end to end; the
parse rows use the same yardstick, since parsing is one part of that budget.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_RECORDS_PER_S = 20_000
# Native formats the world writes itself, then the writers in fixtures/exports.py.
FORMATS = ("google", "vcard", "outlook", "linkedin", "google_legacy", "hubspot", "salesforce")
# A first guess at the records the generator writes per person (seed 7, 14 owners); the
# generator rescales once when it misses by over 10%, and the table shows the exact count.
RECORDS_PER_PERSON = 4.0

PARSE_CHILD = r"""
import gc, json, sys, time
from collections import defaultdict
from pathlib import Path
from intrograph.loaders import load_file
gc.set_threshold(50_000, 10, 10)  # as the import commands set it
out = defaultdict(lambda: [0, 0, 0.0])
for name, fmt in json.loads(Path(sys.argv[1]).read_text()):
    path = Path(sys.argv[2]) / name
    t0 = time.process_time()
    result = load_file(path)
    seconds = time.process_time() - t0
    row = out[fmt]
    row[0] += len(result.records)
    row[1] += len(result.rejects)
    row[2] += seconds
    del result
print(json.dumps(out))
"""


IMPORT_CHILD = r"""
import json, sys
from pathlib import Path
from intrograph.graph.importer import import_dir
from intrograph.graph.sqlite_store import SQLiteStore
from intrograph.cli.imports import report
team, manifest, db, rejects = sys.argv[1:]
with SQLiteStore(Path(db)) as store:
    summaries = import_dir(store, Path(team), manifest=Path(manifest))
    report(summaries, Path(rejects))  # what the command prints and writes after an import
    print(json.dumps(store.timings))
"""


def child(args: list[str]) -> tuple[float, float, str]:
    """Return (wall seconds, peak resident MB, stdout) of a Python child process."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    stdout = proc.stdout.read().decode()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(args[:3])} failed: {proc.stderr.read().decode()[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024, stdout


def generate(folder: Path, records: int) -> int:
    """Write a team of about ``records`` records over every format; return the exact count."""
    from intrograph.fixtures import generate_world
    from intrograph.fixtures.exports import write_export
    from intrograph.fixtures.render import render
    from intrograph.fixtures.truth import ManifestRow, owner_emails, write_manifest
    from intrograph.fixtures.writers import write_book

    owners = max(2 * len(FORMATS), records // 40_000)
    people = int(records / RECORDS_PER_PERSON)
    world = generate_world(owners=owners, people=people, seed=7)
    if abs(world.records - records) > records // 10:
        # Books grow with the number of owners; one rescaled try lands close enough.
        people = int(people * records / world.records)
        world = generate_world(owners=owners, people=people, seed=7)
    rows = []
    for i, (book, owner) in enumerate(zip(world.books, world.owners, strict=True)):
        fmt = FORMATS[i % len(FORMATS)]
        if fmt in ("google", "google_legacy", "vcard"):
            book = dataclasses.replace(book, format=fmt)
            path = folder / book.path
            count = write_book(world, book, path)
        else:
            cards = (render(world, entry) for entry in book.entries)
            path, count = write_export(fmt, cards, folder / "exports" / owner.handle)
        person = world.people[owner.person]
        rows.append(ManifestRow(path.relative_to(folder).as_posix(), owner.handle, person.name,
                                owner_emails(world, owner.person), person.phone, fmt, count))
    write_manifest(rows, folder / "manifest.csv")
    (folder / "formats.json").write_text(json.dumps([(r.path, r.format) for r in rows]))
    return sum(r.records for r in rows)


def measure(workdir: Path, records: int,
            parse_only: bool = False) -> list[tuple[str, str, int, float, float | None]]:
    """Return table rows (stage, format, records, seconds, peak MB) for one size."""
    team = workdir / f"team-{records}"
    done = team / "records.txt"
    if not done.exists():
        team.mkdir(parents=True, exist_ok=True)
        done.write_text(str(generate(team, records)))
    written = int(done.read_text())
    manifest = team / "manifest.csv"
    _, parse_mb, out = child(["-c", PARSE_CHILD, str(team / "formats.json"), str(team)])
    per_format = json.loads(out)
    rows = [("parse", fmt, n, s, None) for fmt, (n, _, s) in sorted(per_format.items())]
    parsed = sum(n for n, _, _ in per_format.values())
    rows.append(("parse", "all", parsed, sum(s for _, _, s in per_format.values()), parse_mb))
    if parse_only:
        return rows
    db = workdir / f"store-{records}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    seconds, peak_mb, out = child(["-c", IMPORT_CHILD, str(team), str(manifest), str(db),
                                   str(workdir / "rejects.csv")])
    stages = json.loads(out)
    rows.append(("end to end", "all", written, seconds, peak_mb))
    rows.append(("  records stored", "all", written, stages["records"], None))
    rows.append(("  people and ties", "all", written, stages["derived"], None))
    # What an admin pays to add one colleague's book to the store just built: that book's
    # parse plus a re-derive of everything (from the facts cached beside each record).
    from intrograph.loaders import load_file

    path, fmt = json.loads((team / "formats.json").read_text())[0]
    book = team / path
    seconds, peak_mb, _ = child(["-m", "intrograph", "import", str(book), "--owner",
                                 "newcomer", "--db", str(db),
                                 "--rejects", str(workdir / "rejects.csv")])
    rows.append(("one more book", fmt, len(load_file(book).records), seconds, peak_mb))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", default="100000", help="records per team, comma-separated")
    parser.add_argument("--keep", type=Path, help="reuse/keep generated teams in this folder")
    parser.add_argument("--parse-only", action="store_true",
                        help="skip the end-to-end import (for a busy machine or a quick look)")
    opts = parser.parse_args()
    sizes = [int(x) for x in opts.records.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        workdir = opts.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        table = [(size, row) for size in sizes
                 for row in measure(workdir, size, opts.parse_only)]
    header = ("team", "stage", "format", "records", "seconds", "records/s", "vs target",
              "peak MB")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for size, (stage, fmt, n, seconds, peak) in table:
        rate = n / seconds if seconds else float("inf")
        shown = f"{peak:,.0f}" if peak is not None else ""
        print(f"| {size:,} | {stage} | {fmt} | {n:,} | {seconds:.1f} | {rate:,.0f} | "
              f"{rate / TARGET_RECORDS_PER_S:.2f}x | {shown} |")


if __name__ == "__main__":
    main()
