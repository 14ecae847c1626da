"""How well `expert` finds the people who really know, on the synthetic world's ground truth.

    .venv/bin/python benchmarks/expert.py [--people 3000] [--owners 12] [--seed 7] [--keep DIR]

Generates a team (fixtures), imports it with the real CLI, then asks a fixed set of questions
worded unlike the titles ("how do I fix stock-outs in my warehouse?"). A person is a true expert
for a question when the fixtures' ground truth gives them its area (their title now or before,
or a note-only side area, see fixtures/expertise.py). Prints precision at 5 and mean reciprocal
rank of true experts for each ranker (over the people the truth can be matched to by email or
phone; the rest are left out of the ranked lists, not counted as misses):

- lexical: BM25F over stemmed profiles, the question's own words only;
- lexical+synonyms: the same with the related-terms table (the default);
- fit x reach: what `intrograph expert` shows (top 10, paths from every owner, 4 hops);
- embedding fusion: lexical+synonyms with its top 200 re-scored by fusion with a local
  sentence-embedding model, only when the ``embed`` extra is installed (not by default).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# (area in fixtures/expertise.py, question as a friend would ask it)
QUESTIONS: tuple[tuple[str, str], ...] = (
    ("supply chain", "how do I fix stock-outs in my warehouse?"),
    ("supply chain", "who can tell me how to keep the right amount of stock on the shelves?"),
    ("supply chain", "our shipments keep arriving late, who understands freight?"),
    ("procurement", "how should I negotiate better prices with my suppliers?"),
    ("procurement", "who has run a sourcing process for vendors?"),
    ("software engineering", "my web app keeps crashing, who can look at the code?"),
    ("software engineering", "how do I become a developer?"),
    ("sales", "how do I close more deals with enterprise customers?"),
    ("marketing", "how do I plan a launch campaign for a new brand?"),
    ("finance", "who can help me with budgeting and a cash flow forecast?"),
    ("people", "how do I hire my first employees?"),
    ("legal", "who could look over a contract before I sign it?"),
    ("data", "who can help me get started with machine learning and statistics?"),
    ("product management", "how do I write a roadmap for my app?"),
    ("customer success", "how do I reduce churn among my customers?"),
    ("it", "who can set up our office network and servers?"),
    ("operations", "how do I make our day-to-day operations run more efficiently?"),
    ("leadership", "what is it like to found a startup?"),
)


def _import(team: Path, db: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "intrograph", "import-dir", str(team), "--manifest",
                    str(team / "manifest.csv"), "--db", str(db)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def _truth_map(store, truth: dict) -> dict[str, set[str]]:
    """Return store person id -> true areas, matching store persons to truth by email/phone."""
    by_key: dict[str, set[str]] = {}
    for p in truth["people"]:
        for key in [*p["emails"], *p["phones"]]:
            by_key[key.lower()] = set(p["expertise"])
    out: dict[str, set[str]] = {}
    for person in store.people():
        for key in [*person.emails, *person.phones]:
            if key.lower() in by_key:
                out[person.id] = by_key[key.lower()]
                break
    return out


def _metrics(ranked: list[str], area: str, truth: dict[str, set[str]]) -> tuple[float, float]:
    """Return precision@5 and reciprocal rank over the judged people in ``ranked``.

    People the truth cannot be matched to (a record with a name and no email or phone stays
    a person of its own) are left out of the list rather than counted as wrong.
    """
    hits = [area in truth[pid] for pid in ranked if pid in truth]
    p5 = sum(hits[:5]) / 5
    rr = next((1 / (i + 1) for i, h in enumerate(hits) if h), 0.0)
    return p5, rr


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--people", type=int, default=3000)
    ap.add_argument("--owners", type=int, default=12)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--keep", type=Path, help="keep the team and store here")
    ap.add_argument("--brief", action="store_true", help="skip the per-question table")
    ap.add_argument("--no-embed", action="store_true",
                    help="skip embedding fusion even when the extra is installed")
    args = ap.parse_args()

    from intrograph.fixtures import generate
    from intrograph.graph.embed import available as embed_available
    from intrograph.graph.embed import similarities as embed_similarities
    from intrograph.graph.expert import find_experts
    from intrograph.graph.expertise import embed_rerank, plan_query, rank_profiles
    from intrograph.graph.network import build_graph
    from intrograph.graph.sqlite_store import SQLiteStore

    work = args.keep or Path(tempfile.mkdtemp(prefix="expert-bench-"))
    team = work / f"team-{args.owners}-{args.people}-{args.seed}"
    if not (team / "truth.json").exists():
        generate(team, owners=args.owners, people=args.people, seed=args.seed)
    db = work / f"store-{args.owners}-{args.people}-{args.seed}.db"
    import_s = _import(team, db) if not db.exists() else 0.0
    truth = json.loads((team / "truth.json").read_text(encoding="utf-8"))

    rows = []
    with SQLiteStore(db) as store:
        experts = _truth_map(store, truth)
        n = store.person_count()
        counts = store.counts()
        # The word index is rebuilt by the first expert query after an import: time it alone.
        store.db.execute("UPDATE expertise_state SET stale = 1")
        t0 = time.perf_counter()
        store._expertise_index_ready()
        index_s = time.perf_counter() - t0
        variants = [("lexical", False, False), ("lexical+synonyms", True, False)]
        if embed_available() and not args.no_embed:
            variants.append(("embedding fusion (+synonyms)", True, True))
            embed_similarities("warm up", ["model"])  # load the model outside the timings
        for name, synonyms, embed in variants:
            p5s, rrs, times = [], [], []
            for area, question in QUESTIONS:
                t0 = time.perf_counter()
                plan = plan_query(question, synonyms=synonyms)
                ranked = rank_profiles(plan, store.expertise_sources(plan.fragments), n)
                if embed:
                    ranked = embed_rerank(plan, ranked)
                times.append(time.perf_counter() - t0)
                p5, rr = _metrics([m.person_id for m in ranked], area, experts)
                p5s.append(p5)
                rrs.append(rr)
            rows.append((name, p5s, rrs, times))
        graph = build_graph(store)
        p5s, rrs, times = [], [], []
        for area, question in QUESTIONS:
            t0 = time.perf_counter()
            result = find_experts(store, question, k=10, graph=graph)
            times.append(time.perf_counter() - t0)
            p5, rr = _metrics([e.person.id for e in result.experts], area, experts)
            p5s.append(p5)
            rrs.append(rr)
        rows.append(("fit x reach (expert, top 10)", p5s, rrs, times))

    print(f"world: {args.owners} owners, {args.people} people, seed {args.seed}; store: "
          f"{counts['records']:,} records, {n:,} persons ({len(experts):,} matched to the "
          f"truth); import {import_s:.1f} s; word index rebuild after an import "
          f"{index_s:.2f} s; {len(QUESTIONS)} questions")
    print()
    print("| ranker | precision@5 | MRR | questions with an expert at rank 1 | ms/question |")
    print("|---|---|---|---|---|")
    for name, p5s, rrs, times in rows:
        print(f"| {name} | {statistics.mean(p5s):.2f} | {statistics.mean(rrs):.2f} | "
              f"{sum(r == 1.0 for r in rrs)}/{len(rrs)} | "
              f"{1000 * statistics.mean(times):.0f} |")
    if not embed_available():
        print("| embedding fusion | not installed | | | |")
    elif args.no_embed:
        print("| embedding fusion | skipped (--no-embed) | | | |")
    if args.brief:
        return
    print()
    print("| question | area | " + " | ".join(f"{r[0]} RR" for r in rows) + " |")
    print("|---|---|" + "---|" * len(rows))
    for i, (area, question) in enumerate(QUESTIONS):
        print(f"| {question} | {area} | " + " | ".join(f"{r[2][i]:.2f}" for r in rows) + " |")


if __name__ == "__main__":
    main()
