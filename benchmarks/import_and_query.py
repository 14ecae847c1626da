"""Import and query cost at several sizes, side by side in one run.

    .venv/bin/python benchmarks/import_and_query.py [--sizes 300,20000] [--owners 8,20] [--keep DIR]

For each size it generates a synthetic team (seed 7), imports it with the real CLI in a child
process (so peak memory is that process's own), re-imports it unchanged, then times intro-path
in-process over a prebuilt graph. It prints one table; "vs target" is the import rate divided by
the 20,000 records/s the loaders issue asks for.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_RECORDS_PER_S = 20_000


def run_child(args: list[str]) -> tuple[float, float]:
    """Return (seconds, peak resident MB) of a child process running ``intrograph args``."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "intrograph", *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"intrograph {' '.join(args)} failed: {proc.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss / 1024


def measure(workdir: Path, owners: int, people: int) -> dict[str, object]:
    from intrograph.fixtures import generate
    from intrograph.graph.network import build_graph
    from intrograph.graph.sqlite_store import SQLiteStore
    from intrograph.graph.targets import intro_paths

    team = workdir / f"team-{owners}-{people}"
    if not (team / "truth.json").exists():
        generate(team, owners=owners, people=people, seed=7)
    db = workdir / f"store-{owners}-{people}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    args = ["import-dir", str(team), "--manifest", str(team / "manifest.csv"), "--db", str(db)]
    seconds, peak_mb = run_child(args)
    again, _ = run_child(args)
    truth = json.loads((team / "truth.json").read_text())
    with SQLiteStore(db) as store:
        counts = store.counts()
        t0 = time.perf_counter()
        graph = build_graph(store)
        build_s = time.perf_counter() - t0
        timings = []
        for planted in truth["planted_paths"] * 3:
            t0 = time.perf_counter()
            intro_paths(store, planted["account"], k=5, graph=graph)
            timings.append(time.perf_counter() - t0)
    records = counts["records"]
    return {
        "records": records,
        "persons": counts["persons"],
        "ties": counts["ties"],
        "import_s": seconds,
        "rate": records / seconds,
        "peak_mb": peak_mb,
        "reimport_s": again,
        "graph_s": build_s,
        "query_ms": statistics.median(timings) * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="300,5000,20000", help="people per world")
    parser.add_argument("--owners", default="8,12,20", help="owners per world, same order")
    parser.add_argument("--keep", type=Path, help="reuse/keep generated teams in this folder")
    opts = parser.parse_args()
    sizes = [int(x) for x in opts.sizes.split(",")]
    owners = [int(x) for x in opts.owners.split(",")]
    if len(owners) != len(sizes):
        raise SystemExit("--owners needs one value per --sizes value")
    with tempfile.TemporaryDirectory() as tmp:
        workdir = opts.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        rows = [(o, p, measure(workdir, o, p)) for o, p in zip(owners, sizes, strict=True)]
    header = ("owners", "people", "records", "persons", "ties", "import s", "records/s",
              "vs target", "peak MB", "re-import s", "graph build s", "intro-path ms")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for o, p, m in rows:
        print(f"| {o} | {p} | {m['records']:,} | {m['persons']:,} | {m['ties']:,} | "
              f"{m['import_s']:.1f} | {m['rate']:,.0f} | "
              f"{m['rate'] / TARGET_RECORDS_PER_S:.2f}x | {m['peak_mb']:,.0f} | "
              f"{m['reimport_s']:.2f} | {m['graph_s']:.2f} | {m['query_ms']:.1f} |")


if __name__ == "__main__":
    main()
