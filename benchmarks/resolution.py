"""Identity and organisation resolution against the fixtures' ground truth.

    python benchmarks/resolution.py            # 10k and 200k records scored, 1M timed
    python benchmarks/resolution.py --quick    # 10k only
    python benchmarks/resolution.py --incremental  # one more book re-resolved, and its state
                                                   # written and read back (10k, 200k)

Each size runs in its own process (so its peak memory is its own) on a noisy world
(``generate_world(noisy=True)``: typos, swapped names, company spellings, relatives sharing a
phone, namesakes). Records are built from the world's cards directly rather than written to files
and parsed back, so the timing is resolution, not parsing. Prints pairwise precision, recall and
F1 over records (two records of one human are a true pair) for persons and organisations, beside
a baseline that joins records on exact email only (persons) or exact name (organisations).
"""

from __future__ import annotations

import argparse
import json
import pickle
import resource
import subprocess
import sys
import time
from collections import Counter

SIZES = {  # label: (owners, people) giving about that many records
    "10k": (20, 3_600),
    "200k": (50, 48_000),
    "1M": (50, 200_000),
}
SCORED = ("10k", "200k")


def pairwise(pred: list, true: list) -> tuple[float, float, float]:
    """Return (precision, recall, F1) of the pairs two labelings put together."""
    def pairs(counts: Counter) -> int:
        return sum(n * (n - 1) // 2 for n in counts.values())

    both = pairs(Counter(zip(pred, true, strict=True)))
    p_pairs, t_pairs = pairs(Counter(pred)), pairs(Counter(true))
    precision = both / p_pairs if p_pairs else 1.0
    recall = both / t_pairs if t_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _email_baseline(facts: list) -> list[int]:
    parent = list(range(len(facts)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    first: dict[str, int] = {}
    for i, f in enumerate(facts):
        for e in f.emails:
            j = first.setdefault(e, i)
            if j != i:
                parent[find(i)] = find(j)
    return [find(i) for i in range(len(facts))]


def build(label: str, keep_entries: bool = False, noisy: bool = True):
    """Return (owners, facts, true person ids, true org ids, rows with an org, entries) for a
    noisy world of size ``label``; ``entries`` (each record's world entry and card) only when
    asked, for the miss diagnostic."""
    from intrograph.fixtures.records import world_facts
    from intrograph.fixtures.world import generate_world

    owners_n, people_n = SIZES[label]
    world = generate_world(owners=owners_n, people=people_n, seed=11, noisy=noisy)
    owners, facts, sources = world_facts(world)
    true_person, true_org, org_rows, entries = [], [], [], []
    for entry, c in sources:
        person = world.people[entry.person]
        true_person.append(person.id)
        if c.organization:
            org_rows.append(len(true_org))
        past = person.past[entry.stale] if entry.stale >= 0 else None
        true_org.append(past[0] if past else person.org)
        if keep_entries:
            entries.append((entry, c, person))
    return owners, facts, true_person, true_org, org_rows, entries


def run_one(label: str, score: bool) -> dict:
    from intrograph.graph.derive import derive

    t0 = time.perf_counter()
    owners, facts, true_person, true_org, org_rows, _ = build(label)
    built = time.perf_counter() - t0

    t0 = time.perf_counter()
    derived = derive(facts, owners)
    resolve_s = time.perf_counter() - t0
    out = {"label": label, "records": len(facts), "build_s": built, "derive_s": resolve_s,
           "resolve_s": derived.timings["resolve"],
           "persons": len(derived.persons), "blocked": derived.blocked,
           "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    if score:
        pred = [derived.record_person[f.uid] for f in facts]
        out["person"] = pairwise(pred, true_person)
        out["person_email"] = pairwise(_email_baseline(facts), true_person)
        org_of = {n: o.id for o in derived.orgs for n in o.norms}
        rows = [i for i in org_rows if facts[i].org_norm]
        out["org"] = pairwise([org_of[facts[i].org_norm] for i in rows],
                              [true_org[i] for i in rows])
        out["org_exact"] = pairwise([facts[i].org_raw.strip().lower() for i in rows],
                                    [true_org[i] for i in rows])
        out["org_records"] = len(rows)
    return out


def run_incremental(label: str) -> dict:
    """Time a Resolver (graph/reresolve.py) taking the newest book, and taking it away again,
    beside resolve() over everything, and check that the answers are the same."""
    import intrograph.graph.derive as derive_mod
    from intrograph.graph.gcpause import paused_gc
    from intrograph.graph.reresolve import Resolver
    from intrograph.graph.resolve import resolve

    owners, facts, *_ = build(label)
    seen = {}

    def spy(items, merges, splits):
        seen["items"] = list(items)
        return resolve(items, merges, splits)

    derive_mod.resolve = spy
    after = derive_mod.derive(facts, owners)
    items = seen.pop("items")
    batch = {f.uid: f.batch_id for f in facts}
    batch.update((it.uid, 0) for it in items if it.uid.startswith("owner:"))
    newest = max(batch.values())
    # What the book changes in the derived tables: the least an import that kept those up to
    # date by difference would have to rewrite.
    derive_mod.resolve = resolve
    was = derive_mod.derive([f for f in facts if f.batch_id != newest], owners)
    del facts
    changed = {"persons": _changed(was.persons, after.persons, lambda p: p.id),
               "ties": _changed(was.ties, after.ties, lambda t: (t.a, t.b))}
    del was, after
    before = [it for it in items if batch[it.uid] != newest]
    resolver = Resolver()
    t0 = time.perf_counter()
    resolver.update(before, batches=[batch[it.uid] for it in before])
    first_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    res = resolver.update(items, batches=[batch[it.uid] for it in items])
    again_s = time.perf_counter() - t0
    stats = resolver.stats
    # What a CLI import (a new process each time) would have to write and read back to use
    # the Resolver: its whole state, pickled as it is (the collector paused, as derive() would
    # run it; with it running, reading it back at 200k took 11.6 s).
    with paused_gc():
        t0 = time.perf_counter()
        blob = pickle.dumps(resolver, protocol=pickle.HIGHEST_PROTOCOL)
        dump_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        resolver = pickle.loads(blob)
        load_s = time.perf_counter() - t0
    state_mb = len(blob) / 1e6
    del blob
    t0 = time.perf_counter()
    with paused_gc():  # as derive() runs it, and as the Resolver runs
        whole = resolve(items)
    full_s = time.perf_counter() - t0
    same = (res.cluster == whole.cluster and res.why == whole.why
            and res.blocked == whole.blocked)
    t0 = time.perf_counter()
    back = resolver.update(before, batches=[batch[it.uid] for it in before])
    removed_s = time.perf_counter() - t0
    same_back = back.cluster == resolve(before).cluster
    return {"label": label, "items": len(items), "new": len(items) - len(before),
            "resolved": stats.resolved, "lookups": stats.lookups, "joined": stats.joined,
            "rounds": stats.rounds, "steps": stats.seconds,
            "first_s": first_s, "again_s": again_s, "full_s": full_s, "removed_s": removed_s,
            "state_mb": state_mb, "dump_s": dump_s, "load_s": load_s, "changed": changed,
            "same": same and same_back,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _changed(old: list, new: list, key) -> tuple[int, int]:
    """Return how many rows are new, changed or gone between two versions of a derived
    table, and how many rows it has now."""
    was = {key(r): r for r in old}
    now = {key(r): r for r in new}
    moved = sum(1 for k, r in now.items() if was.get(k) != r) + len(was.keys() - now.keys())
    return moved, len(now)


def print_incremental(results: list[dict]) -> None:
    print("\nOne more book, resolved again by graph/reresolve.py beside resolve() over "
          "everything (the same answer: checked)\n")
    print("| items | newest book | items redone (tiers 1-3) | lookups decided again "
          "| one more book | taking it away | resolve() over everything | first resolve, "
          "keeping state | state kept: size, write + read | one more book with its state "
          "read and written, / resolve() | same answer | peak RSS |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        n = r["items"]
        print(f"| {n:,} | {r['new']:,} records | {r['resolved']:,} ({r['resolved'] / n:.0%}) "
              f"| {r['lookups']:,} | {r['again_s']:.1f} s | {r['removed_s']:.1f} s "
              f"| {r['full_s']:.1f} s | {r['first_s']:.1f} s "
              f"| {r['state_mb']:.0f} MB, {r['dump_s']:.1f} s + {r['load_s']:.1f} s "
              f"| {(r['again_s'] + r['dump_s'] + r['load_s']) / r['full_s']:.2f} "
              f"| {'yes' if r['same'] else 'NO'} "
              f"| {r['peak_mb']:,.0f} MB |")
    print("\nWhat the same book changes in the derived tables (new, changed or gone rows)\n")
    print("| items | persons | ties |")
    print("|---|---|---|")
    for r in results:
        cells = [f"{n:,} of {total:,} ({n / total:.1%})" for n, total in
                 (r["changed"]["persons"], r["changed"]["ties"])]
        print(f"| {r['items']:,} | {cells[0]} | {cells[1]} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="the 10k size only")
    ap.add_argument("--incremental", action="store_true",
                    help="one more book resolved again by graph/reresolve.py, at 10k and 200k")
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--one-incremental", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.one in SCORED)))
        return
    if args.one_incremental:
        print(json.dumps(run_incremental(args.one_incremental)))
        return
    if args.incremental:
        results = []
        for label in ("10k", "200k"):
            done = subprocess.run([sys.executable, __file__, "--one-incremental", label],
                                  check=True, capture_output=True, text=True)
            results.append(json.loads(done.stdout.strip().splitlines()[-1]))
            print(f"  {label}: done", file=sys.stderr)
        print_incremental(results)
        return
    labels = ["10k"] if args.quick else list(SIZES)
    results = []
    for label in labels:
        done = subprocess.run([sys.executable, __file__, "--one", label], check=True,
                              capture_output=True, text=True)
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(f"  {label}: done", file=sys.stderr)

    print("\nPairwise precision / recall / F1 over records (noisy world, seed 11)\n")
    print("| records | what | resolver P | R | F1 | baseline P | R | F1 |")
    print("|---|---|---|---|---|---|---|---|")
    for r in results:
        if "person" not in r:
            continue
        for what, ours, base, base_name in (("persons", r["person"], r["person_email"],
                                             "exact email"),
                                            ("organisations", r["org"], r["org_exact"],
                                             "exact name")):
            print(f"| {r['records']:,} | {what} (baseline: {base_name}) | "
                  + " | ".join(f"{x:.4f}" for x in (*ours, *base)) + " |")
    print("\nResolution time (organisations and persons) beside the whole derive() that also "
          "scores every tie, and peak memory\n")
    print("| records | persons | strong-key joins refused | resolution | whole derive() "
          "| peak RSS of the process |")
    print("|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['records']:,} | {r['persons']:,} | {r['blocked']:,} | "
              f"{r['resolve_s']:.1f} s | {r['derive_s']:.1f} s | {r['peak_mb']:,.0f} MB |")


if __name__ == "__main__":
    main()
