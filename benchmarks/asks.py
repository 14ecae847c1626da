"""What asks cost as a team's history of intro requests grows.

    .venv/bin/python benchmarks/asks.py [--sizes 1000,10000,50000] [--repeats N]

For each size it fills a throw-away SQLite store with that many asks (seeded: 200 connectors,
3,000 targets, each ask a random walk along the lifecycle, one to six events, a few weeks
apart) and times, median of ``--repeats`` runs:

- add: recording one ask through :meth:`Store.add_ask` (one transaction), over 200 asks;
- update: one :meth:`Store.set_ask_state` (one transaction), over 200 asks;
- load: :meth:`Store.asks`, every ask with its history (what `asks`, `followups` and
  `intro-path` read);
- followups: :func:`due_followups` over all asks (what `followups` computes);
- calendar: :func:`planned_followups` plus the iCalendar text (`followups --ics`);
- reliability: :func:`connector_reliability` (what `intro-path` adds to its query).

Target (the issue): with 10,000 asks, `followups` (load + followups) and the intro-path
overhead (load + reliability) stay under a second each.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from intrograph.cli.ics import followups_ics
from intrograph.graph.asks import TRANSITIONS
from intrograph.graph.cadence import Cadence, due_followups, planned_followups
from intrograph.graph.reliability import connector_reliability
from intrograph.graph.sqlite_store import SQLiteStore
from intrograph.models import AskState, PersonRef

START = dt.datetime(2025, 1, 6, 9, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 24)
DRAFT = "Subject: Would you be open to introducing me?\n\nHi,\n\n" + "A line of text.\n" * 12


def fill(store: SQLiteStore, n: int, rng: random.Random) -> None:
    """Write ``n`` asks with random histories straight into the tables (setup, not timed)."""
    asks, events = [], []
    for i in range(1, n + 1):
        connector = PersonRef(id=f"c{rng.randrange(200)}", name="Con Nector", title="Partner",
                              organization="Fabrikam")
        target = PersonRef(id=f"t{rng.randrange(3000)}", name="Tar Get", organization="Acme")
        at = START + dt.timedelta(days=rng.randrange(680))
        state = AskState.DRAFTED
        history = [(state, at)]
        for _ in range(rng.randrange(6)):
            options = sorted(TRANSITIONS[state])
            if not options:
                break
            state = rng.choice(options)
            at += dt.timedelta(days=rng.randrange(1, 20))
            history.append((state, at))
        asks.append((i, "dana", connector.id, target.id, connector.model_dump_json(),
                     target.model_dump_json(), "Acme",
                     json.dumps([connector.model_dump(), target.model_dump()]), "", DRAFT,
                     state.value, history[0][1].isoformat()))
        events += [(i, seq, s.value, t.isoformat(), "") for seq, (s, t) in
                   enumerate(history, start=1)]
    store.db.execute("BEGIN")
    store.db.executemany("INSERT INTO asks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", asks)
    store.db.executemany("INSERT INTO ask_events VALUES (?, ?, ?, ?, ?)", events)
    store.db.execute("COMMIT")


def timed(fn, repeats: int) -> float:
    runs = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def per_op(fn, count: int) -> float:
    t0 = time.perf_counter()
    for i in range(count):
        fn(i)
    return (time.perf_counter() - t0) / count


def measure(size: int, repeats: int, cadence: Cadence) -> list[str]:
    """Return one table row: every timing for a store of ``size`` asks."""
    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(Path(tmp) / "bench.db")
        fill(store, size, random.Random(size))
        ref = PersonRef(id="c1", name="Con Nector")
        add = per_op(lambda i: store.add_ask(
            owner="dana", connector=ref, target=PersonRef(id=f"x{i}", name="New Target"),
            query="x", path=[ref], reason="", draft=DRAFT, at=START), 200)
        update = per_op(lambda i: store.set_ask_state(
            size + 1 + i, AskState.DRAFTED, AskState.ASKED, START), 200)
        load = timed(store.asks, repeats)
        asks = store.asks()
        store.close()
    due: list = []
    follow = timed(lambda: due.append(due_followups(asks, TODAY, cadence)), repeats)
    planned: list = []

    def calendar() -> None:
        steps = planned_followups(asks, TODAY, cadence)
        followups_ics(steps, START)
        planned.append(steps)

    cal = timed(calendar, repeats)
    rel = timed(lambda: connector_reliability(asks), repeats)
    return [f"{size:,}", f"{add * 1000:.2f}", f"{update * 1000:.2f}", f"{load:.3f}",
            f"{follow:.3f}", f"{len(due[-1]):,}", f"{cal:.3f}", f"{len(planned[-1]):,}",
            f"{rel:.3f}"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    header = ["asks", "add ms", "update ms", "load s", "followups s", "due", "calendar s",
              "events", "reliability s"]
    rows = []
    for size in (int(float(s)) for s in args.sizes.split(",")):
        print(f"{size} asks…", file=sys.stderr, flush=True)
        rows.append(measure(size, args.repeats, Cadence()))
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    print(" | ".join(h.rjust(w) for h, w in zip(header, widths, strict=True)))
    print("-|-".join("-" * w for w in widths))
    for row in rows:
        print(" | ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)))


if __name__ == "__main__":
    main()
