"""What the privacy rules cost a query, and how long forget and export take.

    .venv/bin/python benchmarks/privacy.py [--owners 12] [--people 5000] [--keep DIR]

Generates a synthetic team (seed 7), imports it with the real CLI, then times intro-path to each
planted account (graph loaded from the store each time, as the command does) under several
privacy settings, and finally export and forget of one owner. Prints one table per part.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _import(team: Path, db: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "intrograph", "import-dir", str(team), "--manifest",
                    str(team / "manifest.csv"), "--db", str(db)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def _time_queries(store, accounts: list[str], viewer: str | None) -> tuple[float, float, int]:
    from intrograph.graph.privacy import scope_for
    from intrograph.graph.targets import intro_paths

    timings, found = [], 0
    for account in accounts * 3:
        t0 = time.perf_counter()
        result = intro_paths(store, account, k=5, viewer=viewer)
        timings.append(time.perf_counter() - t0)
        found += len(result.paths)
    t0 = time.perf_counter()
    scope_for(store, viewer).graph  # noqa: B018 - the masking alone
    scope_ms = (time.perf_counter() - t0) * 1000
    return statistics.median(timings) * 1000, scope_ms, found // 3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--owners", type=int, default=12)
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--keep", type=Path, help="reuse/keep the generated team here")
    opts = parser.parse_args()

    from intrograph.fixtures import generate
    from intrograph.graph.privacy import resolve_optout
    from intrograph.graph.sqlite_store import SQLiteStore
    from intrograph.models import ShareLevel

    with tempfile.TemporaryDirectory() as tmp:
        work = opts.keep or Path(tmp)
        team = work / f"team-{opts.owners}-{opts.people}"
        if not (team / "truth.json").exists():
            generate(team, owners=opts.owners, people=opts.people, seed=7)
        db = Path(tmp) / "store.db"
        import_s = _import(team, db)
        accounts = sorted({p["account"] for p in
                           json.loads((team / "truth.json").read_text())["planted_paths"]})
        rows = []
        with SQLiteStore(db) as store:
            owners = [o.name for o in store.owners()]
            counts = store.counts()
            viewer = owners[0]
            _time_queries(store, accounts, None)  # warm the caches and the page cache
            rows.append(("no viewer, every owner shares all", *_time_queries(store, accounts,
                                                                             None)))
            rows.append((f"--as {viewer}, every owner shares all",
                         *_time_queries(store, accounts, viewer)))
            people = [p for p in store.people() if p.emails and not p.owner]
            rng = random.Random(7)
            for p in rng.sample(people, min(100, len(people))):
                store.add_optouts(resolve_optout(store, p.emails[0]))
            rows.append(("100 people opted out", *_time_queries(store, accounts, viewer)))
            quarter = max(1, len(owners) // 4)
            levels = [ShareLevel.WORK, ShareLevel.COUNTS, ShareLevel.NONE]
            for i, name in enumerate(owners[1 : 1 + 3 * quarter]):
                store.set_share(name, levels[i // quarter])
            rows.append((f"+ {quarter} owners each at work, counts and none",
                         *_time_queries(store, accounts, viewer)))

            export_name = owners[-1]
            t0 = time.perf_counter()
            exported = json.dumps(store.export_owner(export_name))
            export_s = time.perf_counter() - t0
            t0 = time.perf_counter()
            removed = store.forget_owner(export_name)
            forget_s = time.perf_counter() - t0

    print(f"{opts.owners} owners, {counts['records']:,} records, {counts['persons']:,} people, "
          f"{counts['ties']:,} ties; import {import_s:.1f} s; {len(accounts)} accounts")
    print()
    print("| setting | intro-path median ms | scope + masked graph ms | paths found per round |")
    print("|---|---|---|---|")
    for name, median_ms, scope_ms, found in rows:
        print(f"| {name} | {median_ms:.1f} | {scope_ms:.1f} | {found} |")
    print()
    print("| operation | seconds | size |")
    print("|---|---|---|")
    print(f"| export {export_name} | {export_s:.2f} | {len(exported):,} bytes of JSON |")
    print(f"| forget {export_name} | {forget_s:.2f} | {removed['records']:,} records |")


if __name__ == "__main__":
    main()
