"""The coverage report: for a list of target accounts, which are warm, how warm, through whom."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from intrograph.errors import InputError, NotFound
from intrograph.graph.colleagues import is_org_node
from intrograph.graph.network import build_graph
from intrograph.graph.paths import SearchGraph, best_paths
from intrograph.graph.privacy import scope_for
from intrograph.graph.store import Store
from intrograph.graph.targets import MAX_HOPS_LIMIT, build_paths, resolve_target, source_ids
from intrograph.models import AccountCoverage, CoverageReport

__all__ = ["AccountRequest", "coverage", "read_accounts"]


@dataclass(frozen=True)
class AccountRequest:
    account: str
    rep: str | None = None


def read_accounts(path: Path) -> list[AccountRequest]:
    """Return the accounts a file lists: one per line, or a CSV with an ``account`` column
    (and optionally ``rep`` or ``owner``). Blank lines and lines starting with # are skipped."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_text(encoding="cp1252")
    except OSError as exc:
        raise InputError(f"cannot read it: {exc.strerror or exc}", file=path.name) from exc
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if not lines:
        raise InputError("lists no accounts", file=path.name)
    header = [h.strip().lower() for h in next(csv.reader([lines[0]]))]
    if "account" not in header:
        if len(header) > 1 and any(h in ("rep", "owner", "company", "name") for h in header):
            raise InputError("a CSV of accounts needs an 'account' column", file=path.name)
        return list(dict.fromkeys(AccountRequest(ln.strip()) for ln in lines))
    requests = []
    for row in csv.DictReader(io.StringIO("\n".join(lines))):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        if row.get("account"):
            rep = row.get("rep") or row.get("owner") or None
            requests.append(AccountRequest(row["account"], rep))
    return list(dict.fromkeys(requests))


def coverage(
    store: Store,
    requests: Sequence[AccountRequest],
    *,
    from_owners: Sequence[str] | None = None,
    max_hops: int = 4,
    graph: SearchGraph | None = None,
    viewer: str | None = None,
) -> CoverageReport:
    """Return a coverage row per account, warmest first, then cold ones, then unknown ones.

    One hop-limited search from the whole team settles the best path to every person at every
    listed account, so a thousand accounts cost about one search, not a thousand.
    """
    if not 1 <= max_hops <= MAX_HOPS_LIMIT:
        raise InputError(f"--max-hops must be between 1 and {MAX_HOPS_LIMIT}, not {max_hops}")
    sources = source_ids(store, from_owners)
    rows: list[AccountCoverage] = []
    wanted: dict[str, list[int]] = defaultdict(list)
    for req in requests:
        try:
            target, ids = resolve_target(store, req.account)
        except NotFound as exc:
            rows.append(AccountCoverage(account=req.account, rep=req.rep, status="not found",
                                        message=exc.reason))
            continue
        rows.append(AccountCoverage(account=req.account, rep=req.rep, status="cold",
                                    organization=target.organization))
        for i in ids:
            wanted[i].append(len(rows) - 1)
    # Opt-outs and what the owners share with the viewer (graph/privacy.py).
    scope = scope_for(store, viewer)
    if graph is None:
        graph = build_graph(store)
    graph = scope.mask(graph)
    found = best_paths(graph, sources, wanted.keys(), max_hops=max_hops, k=max(len(wanted), 1),
                       avoid=scope.blocked)
    per_row: dict[int, list[tuple[float, list[str]]]] = defaultdict(list)
    for cost, nodes in found:  # best first, so each row's first entry is its best path
        for row in wanted[nodes[-1]]:
            per_row[row].append((cost, nodes))
    owner_of = {o.person_id: o.name for o in store.owners() if o.person_id}
    for i, paths in per_row.items():
        row = rows[i]
        row.status = "warm"
        row.paths = len(paths)
        row.connectors = len({n for _, nodes in paths for n in nodes[1:-1]
                              if not is_org_node(n)})
        row.best = scope.redact_paths(build_paths(store, paths[:1]))[0]
        row.best_connector = owner_of.get(paths[0][1][0])
    order = {"warm": 0, "cold": 1, "not found": 2}
    rows.sort(key=lambda r: (order[r.status], -(r.best.score if r.best else 0), r.account))
    return CoverageReport(accounts=rows)
