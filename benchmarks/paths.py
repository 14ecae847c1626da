"""Path search cost at several graph sizes, every engine side by side in one run.

    .venv/bin/python benchmarks/paths.py [--sizes 1e5,1e6,1e7] [--repeats N] [--cap S]

For each size (number of ties) it generates a synthetic contact network directly as numpy
arrays (seeded): people belong to companies of heavy-tailed size where colleagues know some
colleagues, to school/city circles, a few big hubs know many people, and some ties are random;
strength ~ Beta(2, 4) clipped to [0.01, 1]. It then times

- build: ``CompactGraph.from_index_arrays``; save/load: the ``to_bytes``/``from_bytes`` round trip
  (load is what a cold query pays to read the persisted graph);
- the intro-path query, a team of 20 owners at one company to all people at another (~200),
  k=5, at most 4 hops, over ``--repeats`` different (team, account) pairs: ``diverse_paths``
  (what intro-path uses) and ``best_paths`` with k=1;
- the baseline: networkx ``shortest_simple_paths`` (Yen) from a virtual team node to a virtual
  target node over a networkx graph of the same ties (cost = -ln s), first 5 paths of at most
  4 hops, stopped after ``--cap`` seconds a query (10^5 and 10^6 ties only);
- the coverage report's batch: 1,000 accounts answered by one ``best_paths`` call, then grouped;
- a whole ``intrograph intro-path`` process from a cold start, three times, on a store written
  straight from the network;
- peak resident memory of this process so far (it only grows: later sizes include earlier ones).

Where the baseline finished, its best path's cost must equal ours (asserted at <= 10^5 ties,
counted as "mismatches" above). Progress goes to stderr; the table to stdout. Targets at 10^6
ties (the issue): query p50 <= 50 ms, >= 20x faster than the baseline, 1,000 accounts < 60 s,
a cold intro-path under 1.5 s.
"""

from __future__ import annotations

import argparse
import gc
import resource
import signal
import statistics
import sys
import time
from collections import defaultdict

import networkx as nx
import numpy as np

from intrograph.graph.compact import CompactGraph
from intrograph.graph.paths import best_paths, diverse_paths

TEAM, K, MAX_HOPS, ACCOUNTS = 20, 5, 4, 1000
NX_LIMIT = 1_000_000  # ties: above this a networkx graph needs GBs and a minute to build
NOT_RUN = ("not run: a networkx graph of 10^7 ties needs ~5 GB and a minute to build "
           "(PERFORMANCE.md)")


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- the network


def _pareto_sizes(rng: np.random.Generator, total: int, xmin: float, alpha: float,
                  cap: int) -> np.ndarray:
    """Return heavy-tailed group sizes (>= 1) that add up to exactly ``total``."""
    parts, have = [], 0
    while have < total:
        s = np.minimum(np.floor(xmin * (1 + rng.pareto(alpha, 100_000))), cap).astype(np.int64)
        parts.append(s)
        have += int(s.sum())
    sizes = np.concatenate(parts)
    cut = int(np.searchsorted(np.cumsum(sizes), total))
    sizes = sizes[: cut + 1]
    sizes[-1] -= int(sizes.sum()) - total
    return sizes[sizes > 0]


def _within_groups(rng: np.random.Generator, members: np.ndarray, sizes: np.ndarray,
                   mean_degree: float) -> tuple[np.ndarray, np.ndarray]:
    """Ties inside groups: each member picks a heavy-tailed number of random group-mates.

    ``members`` lists people group by group; ``sizes`` the group sizes in that order.
    """
    offsets = np.repeat(np.cumsum(sizes) - sizes, sizes)
    size = np.repeat(sizes, sizes)
    # lognormal(0, 1) has mean e^0.5: scale it to the mean wanted before the group-size cap
    deg = np.floor(rng.lognormal(0.0, 1.0, members.size) * mean_degree / np.exp(0.5) + 0.5)
    deg = np.minimum(deg.astype(np.int64), size - 1)
    who = np.repeat(np.arange(members.size), deg)
    mate = offsets[who] + (rng.random(who.size) * size[who]).astype(np.int64)
    return members[who], members[mate]


def _batch(rng: np.random.Generator, n: int, budget: int, company_sizes: np.ndarray,
           circles: tuple[np.ndarray, np.ndarray], hubs: np.ndarray):
    """Return ~``budget`` (a, b) ties (with duplicates/self-ties) in positions 0..n-1."""
    a1, b1 = _within_groups(rng, np.arange(n), company_sizes, 0.55 * budget / n)
    a2, b2 = _within_groups(rng, circles[0], circles[1], 0.25 * budget / n)
    w = 1 + rng.pareto(1.0, hubs.size)
    hub_deg = np.minimum((w / w.sum() * 0.08 * budget).astype(np.int64), n // 4)
    a3 = np.repeat(hubs, hub_deg)
    b3 = rng.integers(0, n, a3.size)
    m = int(0.12 * budget)
    a4, b4 = rng.integers(0, n, m), rng.integers(0, n, m)
    return np.concatenate([a1, a2, a3, a4]), np.concatenate([b1, b2, b3, b4])


def generate(ties: int, seed: int = 7) -> dict[str, object]:
    """Return a synthetic network of exactly ``ties`` distinct ties, as numpy arrays."""
    rng = np.random.default_rng(seed)
    n = max(2_000, ties // 5)  # people; mean degree about 10
    company_sizes = _pareto_sizes(rng, n, 3.0, 1.2, max(200, n // 20))
    circle_sizes = _pareto_sizes(rng, n, 5.0, 1.5, max(200, n // 50))
    circles = (rng.permutation(n), circle_sizes)
    hubs = rng.choice(n, max(3, n // 20_000), replace=False)
    keys = np.zeros(0, dtype=np.int64)
    while keys.size < ties:
        a, b = _batch(rng, n, int((ties - keys.size) * 1.25) + 100, company_sizes, circles, hubs)
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        fresh = lo[lo != hi] * n + hi[lo != hi]
        keys = np.unique(np.concatenate([keys, fresh]))
    keys = keys[rng.permutation(keys.size)[:ties]]
    # Person ids carry no locality: position i (company order) gets a random label.
    label = rng.permutation(n)
    width = max(7, len(str(n - 1)))
    ids = np.char.add("p", np.char.zfill(np.arange(n).astype(str), width))
    a, b = label[keys // n], label[keys % n]
    strength = np.clip(rng.beta(2.0, 4.0, ties), 0.01, 1.0)
    company_of_pos = np.repeat(np.arange(company_sizes.size), company_sizes)
    company_start = np.cumsum(company_sizes) - company_sizes
    return {"ids": ids, "a": a, "b": b, "strength": strength, "n": n, "label": label,
            "company_sizes": company_sizes, "company_start": company_start,
            "company_of_pos": company_of_pos}


def members(net: dict, company: int) -> np.ndarray:
    start, size = net["company_start"][company], net["company_sizes"][company]
    return net["ids"][net["label"][start:start + size]]


def pick_queries(net: dict, repeats: int, rng: np.random.Generator):
    """Return ``repeats`` (team of 20 owner ids, account people ids) at two companies."""
    sizes = net["company_sizes"]
    accounts = np.flatnonzero((sizes >= 100) & (sizes <= 400))
    teams = np.flatnonzero(sizes >= 2 * TEAM)
    if accounts.size == 0 or teams.size < 2:
        raise SystemExit("network too small for a 20-owner team and a ~200-person account")
    accounts = accounts[np.argsort(np.abs(sizes[accounts] - 200))][: max(repeats, 1) * 3]
    out = []
    for account in rng.choice(accounts, repeats, replace=accounts.size < repeats):
        team_co = rng.choice(teams[teams != account])
        team = rng.choice(members(net, team_co), TEAM, replace=False).tolist()
        out.append((team, members(net, account).tolist(), int(team_co)))
    return out


# --------------------------------------------------------------------------- measuring


class Capped(Exception):
    pass


def _alarm(signum, frame):  # noqa: ARG001
    raise Capped


def yen(g: nx.Graph, team: list[str], targets: list[str], cap: float) -> tuple[list[float], bool]:
    """First K path costs of <= MAX_HOPS ties by networkx Yen, and whether it hit the cap."""
    src, dst = ("virtual", "team"), ("virtual", "targets")
    team = [t for t in team if t in g]
    targets = [t for t in targets if t in g and t not in set(team)]
    g.add_edges_from((src, s, {"cost": 0.0}) for s in team)
    g.add_edges_from((t, dst, {"cost": 0.0}) for t in targets)
    found: list[float] = []
    source_set = set(team)
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, cap)
    try:
        for path in nx.shortest_simple_paths(g, src, dst, weight="cost"):
            inner = path[1:-1]
            if len(inner) - 1 <= MAX_HOPS and not source_set.intersection(inner[1:]):
                found.append(sum(g[x][y]["cost"] for x, y in zip(inner, inner[1:], strict=False)))
                if len(found) == K:
                    break
        capped = False
    except (Capped, nx.NetworkXNoPath):
        capped = len(found) < K and not isinstance(sys.exc_info()[1], nx.NetworkXNoPath)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        g.remove_nodes_from([src, dst])
    return found, capped


def timed(fn, *args, **kwargs):
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    return time.perf_counter() - t0, out


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q))


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(ties: int, repeats: int, cap: float) -> dict[str, object]:
    r: dict[str, object] = {"ties": ties}
    r["gen_s"], net = timed(generate, ties)
    log(f"{ties:,} ties: generated in {r['gen_s']:.1f} s")
    r["build_s"], graph = timed(CompactGraph.from_index_arrays, net["ids"], net["a"], net["b"],
                                net["strength"])
    r["people"] = len(graph)
    degree = np.diff(graph.indptr)
    r["max_degree"], r["median_degree"] = int(degree.max()), float(np.median(degree))
    r["save_s"], blob = timed(graph.to_bytes)
    r["mb"] = len(blob) / 1e6
    r["load_s"], graph = timed(CompactGraph.from_bytes, blob)
    del blob
    log(f"built in {r['build_s']:.1f} s, {r['people']:,} people, max degree {r['max_degree']}")

    rng = np.random.default_rng(ties)
    queries = pick_queries(net, repeats, rng)
    r["targets_mean"] = statistics.mean(len(t) for _, t, _ in queries)
    diverse_paths(graph, *queries[0][:2], k=K, max_hops=MAX_HOPS)  # warm-up, not timed
    div_t, best_t, ours_best = [], [], []
    for team, targets, _ in queries:
        s, found = timed(diverse_paths, graph, team, targets, k=K, max_hops=MAX_HOPS)
        div_t.append(s)
        s, one = timed(best_paths, graph, team, targets, k=1, max_hops=MAX_HOPS)
        best_t.append(s)
        ours_best.append(one[0][0] if one else None)
        assert (not one and not found) or abs(found[0][0] - one[0][0]) < 1e-9
    r["div"], r["best"] = div_t, best_t
    r["found_all"] = sum(b is not None for b in ours_best)
    log(f"diverse p50 {pct(div_t, 50) * 1e3:.1f} ms, best p50 {pct(best_t, 50) * 1e3:.1f} ms")

    if ties <= NX_LIMIT:
        gc.collect()
        t0 = time.perf_counter()
        g = nx.Graph()
        ids, cost = net["ids"], -np.log(net["strength"])
        g.add_weighted_edges_from(zip(ids[net["a"]].tolist(), ids[net["b"]].tolist(),
                                      cost.tolist(), strict=True), weight="cost")
        r["nx_build_s"] = time.perf_counter() - t0
        gc.freeze()  # PERFORMANCE.md: otherwise the collector walks the graph during queries
        log(f"networkx graph built in {r['nx_build_s']:.1f} s")
        yen_t, capped, mismatches = [], 0, 0
        for (team, targets, _), ours in zip(queries, ours_best, strict=True):
            s, (costs, hit_cap) = timed(yen, g, team, targets, cap)
            yen_t.append(cap if hit_cap else s)
            capped += hit_cap
            if costs and (ours is None or abs(costs[0] - ours) > 1e-9):
                mismatches += 1
                log(f"MISMATCH: Yen best {costs[0]!r}, ours {ours!r}")
            if not costs and not hit_cap and ours is not None:
                mismatches += 1
                log(f"MISMATCH: Yen found nothing, ours {ours!r}")
            log(f"  Yen {s:.2f} s, {len(costs)} paths{' (capped)' if hit_cap else ''}")
        if ties <= 100_000:
            assert mismatches == 0, f"{mismatches} best costs differ from networkx"
        r["yen"], r["capped"], r["mismatches"] = yen_t, capped, mismatches
        del g
        gc.unfreeze()
        gc.collect()

    # The coverage batch: 1,000 accounts' people as targets of one best_paths call.
    sizes = net["company_sizes"]
    team, _, team_co = queries[0]
    pool = np.flatnonzero(sizes >= 5)
    pool = pool[pool != team_co]
    chosen = rng.choice(pool, min(ACCOUNTS, pool.size), replace=False)
    account_of: dict[str, list[int]] = defaultdict(list)
    for co in chosen.tolist():
        for person in members(net, co).tolist():
            account_of[person].append(co)
    t0 = time.perf_counter()
    found = best_paths(graph, team, account_of.keys(), k=len(account_of), max_hops=MAX_HOPS)
    per_account: dict[int, list[tuple[float, list[str]]]] = defaultdict(list)
    for c, nodes in found:
        for co in account_of[nodes[-1]]:
            per_account[co].append((c, nodes))
    r["acc_s"] = time.perf_counter() - t0
    r["accounts"], r["acc_targets"], r["acc_warm"] = chosen.size, len(account_of), len(per_account)
    log(f"{chosen.size} accounts ({len(account_of):,} people) in {r['acc_s']:.2f} s")
    r["cold"], r["store_s"] = cold_intro_path(net, graph, queries[0])
    log(f"cold intro-path: {', '.join(f'{x:.2f} s' for x in r['cold'])}")
    r["peak_mb"] = peak_mb()
    return r


def cold_intro_path(net: dict, graph: CompactGraph, query) -> tuple[list[float], float]:
    """Return the wall times of three whole ``intrograph intro-path`` processes, and how long
    writing their store took.

    The store is written straight from the network (owners, persons, the account, ties, the
    persisted search graph) rather than imported: this times the query a user waits for, not
    an import. Each run is a fresh process (Python start-up, imports, loading the graph).
    """
    import sqlite3
    import subprocess
    import tempfile
    from pathlib import Path

    from intrograph.graph.sqlite_store import SQLiteStore

    team, targets, _ = query
    t0 = time.perf_counter()
    folder = tempfile.TemporaryDirectory()
    path = Path(folder.name) / "bench.db"
    SQLiteStore(path).close()  # the schema
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("BEGIN")
    owner_of = {pid: f"o{i:02d}" for i, pid in enumerate(team)}
    account = set(targets)
    db.execute("INSERT INTO organizations (id, name, norm) VALUES ('oacc', 'Account Co', "
               "'account co')")
    db.executemany("INSERT INTO owners (name) VALUES (?)", [(o,) for o in owner_of.values()])
    db.executemany(
        "INSERT INTO persons (id, name, org_id, owner) VALUES (?, ?, ?, ?)",
        ((pid, pid, "oacc" if pid in account else None, owner_of.get(pid))
         for pid in net["ids"].tolist()))
    ids, a, b = net["ids"], net["a"], net["b"]
    lo, hi = np.minimum(a, b), np.maximum(a, b)  # labels order like ids ("p" + zero-padded)
    db.executemany("INSERT INTO ties (a, b, strength) VALUES (?, ?, ?)",
                   zip(ids[lo].tolist(), ids[hi].tolist(), net["strength"].tolist(),
                       strict=True))
    db.execute("INSERT INTO search_graph (id, data) VALUES (1, ?)", (graph.to_bytes(),))
    db.execute("COMMIT")
    db.close()
    written = time.perf_counter() - t0
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "intrograph", "intro-path", "Account Co",
                        "--db", str(path), "--format", "json", "-k", str(K),
                        "--max-hops", str(MAX_HOPS)], check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    folder.cleanup()
    return times, written


# --------------------------------------------------------------------------- the table


def fmt_ms(values: list[float]) -> str:
    return f"{pct(values, 50) * 1e3:.1f} / {pct(values, 95) * 1e3:.1f}"


def table(rows: list[dict], cap: float) -> list[str]:
    def cells(fn) -> str:
        return " | ".join(fn(r) for r in rows)

    def yen_ms(r):
        if "yen" not in r:
            return NOT_RUN
        p50, p95 = (pct(r["yen"], q) for q in (50, 95))
        show = [f"> {cap:.0f} s" if v >= cap else f"{v * 1e3:,.0f}" for v in (p50, p95)]
        return f"{show[0]} / {show[1]} ({r['capped']} of {len(r['yen'])} capped)"

    def ratio(r, key):
        if "yen" not in r:
            return "–"
        x = pct(r["yen"], 50) / pct(r[key], 50)
        return f"{'>= ' if pct(r['yen'], 50) >= cap else ''}{x:,.0f}x"

    def nx_build(r):
        return f"{r['nx_build_s']:.1f}" if "nx_build_s" in r else NOT_RUN

    def accounts(r):
        return (f"{r['acc_s']:.2f} ({r['accounts']:,} accounts, {r['acc_targets']:,} people, "
                f"{r['acc_warm']:,} warm)")

    measures = [
        ("people (median / max degree)",
         lambda r: f"{r['people']:,} ({r['median_degree']:.0f} / {r['max_degree']:,})"),
        ("generate s", lambda r: f"{r['gen_s']:.1f}"),
        ("build CompactGraph s (from_index_arrays)", lambda r: f"{r['build_s']:.2f}"),
        ("persisted MB", lambda r: f"{r['mb']:,.0f}"),
        ("save s (to_bytes) / load s (from_bytes)",
         lambda r: f"{r['save_s']:.2f} / {r['load_s']:.3f}"),
        ("query pairs: team of 20 → account people (mean)",
         lambda r: f"{len(r['div'])} pairs, {r['targets_mean']:.0f} targets, "
                   f"{r['found_all']} reached"),
        ("diverse_paths k=5, p50 / p95 ms", lambda r: fmt_ms(r["div"])),
        ("best_paths k=1, p50 / p95 ms", lambda r: fmt_ms(r["best"])),
        ("networkx graph build s", nx_build),
        ("networkx Yen k=5, p50 / p95 ms", yen_ms),
        ("Yen / diverse_paths (p50)", lambda r: ratio(r, "div")),
        ("Yen / best_paths (p50)", lambda r: ratio(r, "best")),
        ("best cost = Yen's best (mismatches)",
         lambda r: str(r["mismatches"]) if "yen" in r else "–"),
        ("1,000 accounts: one best_paths call + grouping, s", accounts),
        ("accounts/s", lambda r: f"{r['accounts'] / r['acc_s']:,.0f}"),
        ("intro-path, whole process from a cold start, s (3 runs)",
         lambda r: " / ".join(f"{x:.2f}" for x in r["cold"])),
        ("peak RSS MB (process so far)", lambda r: f"{r['peak_mb']:,.0f}"),
    ]
    lines = [
        "| measure | " + " | ".join(f"{r['ties']:,} ties" for r in rows) + " |",
        "|---|" + "---|" * len(rows),
    ]
    lines += [f"| {label} | {cells(fn)} |" for label, fn in measures]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1e5,1e6", help="ties per network, e.g. 1e5,1e6,1e7")
    parser.add_argument("--repeats", type=int, default=10, help="(team, account) pairs per size")
    parser.add_argument("--cap", type=float, default=30.0, help="seconds per baseline query")
    opts = parser.parse_args()
    sizes = [int(float(x)) for x in opts.sizes.split(",")]
    rows = []
    for i, ties in enumerate(sizes):
        rows.append(measure(ties, opts.repeats, opts.cap))
        if i < len(sizes) - 1:  # the table so far, in case a later size does not finish
            for line in table(rows, opts.cap):
                log(line)
    print("\n".join(table(rows, opts.cap)))


if __name__ == "__main__":
    main()
