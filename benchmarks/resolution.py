"""Identity and organisation resolution against the fixtures' ground truth.

    python benchmarks/resolution.py            # 10k and 200k records scored, 1M timed
    python benchmarks/resolution.py --quick    # 10k only
    python benchmarks/resolution.py --parts    # how resolution splits into parts (10k, 200k)

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


def run_parts(label: str) -> dict:
    """Split the resolver's items into the components of ``graph/incremental.py`` and time what
    a partial re-resolve after the newest book would cost beside a full one."""
    import intrograph.graph.derive as derive_mod
    from intrograph.graph.incremental import components
    from intrograph.graph.resolve import resolve

    owners, facts, *_ = build(label)
    seen = {}

    def spy(items, merges, splits):
        seen["items"] = list(items)
        return resolve(items, merges, splits)

    derive_mod.resolve = spy
    derive_mod.derive(facts, owners)
    items = seen["items"]
    t0 = time.perf_counter()
    resolve(items)
    full_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    parts = [members for members, _ in components(items)]
    find_s = time.perf_counter() - t0
    newest = max(f.batch_id for f in facts)
    new_uids = {f.uid for f in facts if f.batch_id == newest}
    touched = [m for m in parts if any(items[i].uid in new_uids for i in m)]
    again = sorted(i for m in touched for i in m)
    t0 = time.perf_counter()
    resolve([items[i] for i in again])
    touched_s = time.perf_counter() - t0
    return {"label": label, "items": len(items), "parts": len(parts),
            "largest": max(map(len, parts)), "new": len(new_uids), "touched": len(touched),
            "touched_items": len(again), "full_s": full_s, "find_s": find_s,
            "touched_s": touched_s}


def print_parts(results: list[dict]) -> None:
    print("\nResolution in parts (graph/incremental.py): items that can influence each other, "
          "and what re-resolving the parts the newest book touches would cost\n")
    print("| items | components | largest | newest book | components it touches | their items "
          "| find components | resolve touched parts | full resolve |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in results:
        n = r["items"]
        print(f"| {n:,} | {r['parts']:,} | {r['largest']:,} ({r['largest'] / n:.0%}) | "
              f"{r['new']:,} records | {r['touched']:,} | {r['touched_items']:,} "
              f"({r['touched_items'] / n:.0%}) | {r['find_s']:.1f} s | {r['touched_s']:.1f} s | "
              f"{r['full_s']:.1f} s |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="the 10k size only")
    ap.add_argument("--parts", action="store_true",
                    help="how resolution splits into independent parts, at 10k and 200k")
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--one-parts", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.one in SCORED)))
        return
    if args.one_parts:
        print(json.dumps(run_parts(args.one_parts)))
        return
    if args.parts:
        results = []
        for label in ("10k", "200k"):
            done = subprocess.run([sys.executable, __file__, "--one-parts", label], check=True,
                                  capture_output=True, text=True)
            results.append(json.loads(done.stdout.strip().splitlines()[-1]))
            print(f"  {label}: done", file=sys.stderr)
        print_parts(results)
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
