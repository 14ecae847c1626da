"""In-database path search (graph/db_paths.py): the half that runs in Python, tested for real.

The database half (graph/cypher.py: path_candidates, GDS_*) is pinned and linted in
test_cypher.py but has never run against a Neo4j server. What is tested here is that *given*
every simple path within the hop limit under the viewer's mask, cheapest first (what the Cypher
text asks the database for), the picking, refetching and privacy parameters reproduce the
Python search exactly. ``enumerate_paths`` below states that contract in Python; it is a
reference for the selection logic, not a stand-in for a server.
"""

from __future__ import annotations

import json
import random

import pytest
from typer.testing import CliRunner

from intrograph.cli.app import app
from intrograph.errors import InputError
from intrograph.fixtures import generate
from intrograph.graph.compact import CompactGraph
from intrograph.graph.db_paths import Mask, edge_key, in_database_paths, mask_of, pick_paths
from intrograph.graph.paths import diverse_paths, ranked_paths
from intrograph.graph.privacy import scope_for
from intrograph.graph.sqlite_store import SQLiteStore
from intrograph.graph.targets import intro_paths

runner = CliRunner()


def enumerate_paths(graph: CompactGraph, sources, targets, mask: Mask, max_hops: int):
    """Every simple path of at most ``max_hops`` edges from a source to a target, under the
    mask, cheapest first: the contract of cypher.path_candidates, written in Python."""
    blocked, dropped, sources = set(mask.blocked), set(mask.dropped), set(sources)
    wanted = set(targets) - sources - blocked
    out = []

    def walk(path, c):
        node = path[-1]
        if len(path) > 1 and node in wanted:
            out.append((c, list(path)))
        if len(path) - 1 == max_hops:
            return
        for nbr, edge_cost in graph.neighbors(node):
            key = edge_key(node, nbr)
            if nbr in path or nbr in blocked or nbr in sources or key in dropped:
                continue
            path.append(nbr)
            walk(path, c + mask.reweight.get(key, edge_cost))
            path.pop()

    for s in sorted(sources - blocked):
        if s in graph:
            walk([s], 0.0)
    out.sort(key=lambda item: (item[0], len(item[1]), item[1][::-1]))
    return out


class Enumerating:
    """A PathSource answering from a compact graph by :func:`enumerate_paths`, with the
    database's LIMIT, so the refetch loop is exercised."""

    def __init__(self, graph):
        self.graph = graph
        self.limits: list[int] = []

    def path_candidates(self, sources, targets, mask, *, max_hops, limit):
        self.limits.append(limit)
        found = enumerate_paths(self.graph, sources, targets, mask, max_hops)
        return found[:limit], len(found) <= limit


def random_graph(seed: int, n: int = 40, edges: int = 110) -> CompactGraph:
    rng = random.Random(seed)
    ties = {}
    while len(ties) < edges:
        a, b = sorted(rng.sample(range(n), 2))
        ties[f"p{a:02d}", f"p{b:02d}"] = rng.uniform(0.05, 0.95)
    return CompactGraph.from_ties((a, b, s) for (a, b), s in ties.items())


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("max_hops", [2, 3, 4])
def test_picking_from_every_candidate_is_the_python_search(seed, max_hops):
    graph = random_graph(seed)
    rng = random.Random(seed)
    ids = list(graph.ids)
    sources, targets = rng.sample(ids, 3), rng.sample(ids, 8)
    avoid = set(rng.sample(ids, 2)) - set(sources)
    mask = Mask(blocked=sorted(avoid))
    cands = enumerate_paths(graph, sources, targets, mask, max_hops)
    for k in (1, 3, 5):
        want = diverse_paths(graph, sources, targets, max_hops=max_hops, k=k, avoid=avoid)
        got = pick_paths(cands, k, diverse=True)
        assert [p for _, p in got] == [p for _, p in want]
        assert [c for c, _ in got] == pytest.approx([c for c, _ in want])
        ranked = ranked_paths(graph, sources, targets, max_hops=max_hops, k=k, avoid=avoid)
        plain = pick_paths(cands, k, diverse=False)
        assert [p for _, p in plain] == [p for _, p in ranked]


def test_no_connector_is_in_more_than_two_paths_or_a_target_twice():
    hub = [(0.1, ["a", "hub", "t1"]), (0.2, ["a", "hub", "t2"]), (0.3, ["a", "hub", "t3"]),
           (0.35, ["a", "hub", "t1"]), (0.4, ["a", "x", "t3"]), (0.5, ["a", "y", "hub"])]
    assert pick_paths(hub, 5, diverse=True) == [
        (0.1, ["a", "hub", "t1"]), (0.2, ["a", "hub", "t2"]), (0.4, ["a", "x", "t3"])]
    assert len(pick_paths(hub, 5, diverse=False)) == 5
    assert pick_paths(hub, 0, diverse=True) == []


def test_the_database_is_asked_again_for_more_until_k_paths_are_picked():
    graph = random_graph(3, n=60, edges=240)
    ids = list(graph.ids)
    source = Enumerating(graph)
    scope = scope_for_nobody()
    got = in_database_paths(source, ids[:2], ids[10:40], scope, max_hops=4, k=20,
                            diverse=True)
    want = diverse_paths(graph, ids[:2], ids[10:40], max_hops=4, k=20)
    assert [p for _, p in got] == [p for _, p in want]
    assert source.limits[0] == 320 and len(source.limits) >= 1


def scope_for_nobody():
    class Open:
        blocked = frozenset()
        dropped: list = []
        reweighted: dict = {}

    return Open()


def test_edge_keys_ignore_direction():
    assert edge_key("p2", "p1") == edge_key("p1", "p2") == "p1|p2"
    assert edge_key("p9", "org:o1") == "org:o1|p9"


# --- with privacy: the same JSON as the Python search, viewer by viewer ---------------------


class InDatabase:
    """The SQLite store plus a ``path_candidates`` that enumerates its search graph under the
    mask: every other read goes to the store, so paths are built and redacted as usual."""

    def __init__(self, store):
        self._store = store
        self._source = Enumerating(store.search_graph())

    def __getattr__(self, name):
        return getattr(self._store, name)

    def path_candidates(self, *args, **kwargs):
        return self._source.path_candidates(*args, **kwargs)


@pytest.fixture(scope="module")
def team_db(tmp_path_factory):
    team = tmp_path_factory.mktemp("team")
    generate(team, owners=5, people=120, seed=11)
    db = team / "s.db"
    result = runner.invoke(app, ["import-dir", str(team), "--manifest",
                                 str(team / "manifest.csv"), "--db", str(db)])
    assert result.exit_code == 0, result.output
    with SQLiteStore(db) as store:
        owners = [o.name for o in store.owners()]
        store.set_share(owners[1], "work")
        store.set_share(owners[2], "counts")
        store.set_share(owners[3], "none")
        orgs = [o for o in store.organizations() if o.people >= 3]
        bystander = store.persons_at(orgs[0].id)[0]
        keys = store.strong_keys(bystander)
        store.add_optouts([(keys[0], "asked not to be")])
    return db, owners, [o.name for o in orgs[:6]]


def test_in_database_search_with_privacy_gives_the_python_search_json(team_db):
    db, owners, orgs = team_db
    compared = 0
    with SQLiteStore(db) as store:
        masked = InDatabase(store)
        for viewer in [None, *owners]:
            scope = scope_for(store, viewer)
            if viewer is not None:
                assert mask_of(scope).blocked, "the opt-out should block someone"
            for org in orgs:
                want = intro_paths(store, org, viewer=viewer, k=4)
                got = intro_paths(masked, org, viewer=viewer, k=4, in_database=True)
                assert got.model_dump(mode="json") == want.model_dump(mode="json")
                compared += bool(want.paths)
                # Without the diversity rule the Python search is networkx's Yen, whose order
                # among paths of exactly equal strength is its own: the scores agree, and so
                # does every path stronger than the last one shown.
                want = intro_paths(store, org, viewer=viewer, diverse=False, k=4)
                got = intro_paths(masked, org, viewer=viewer, diverse=False, k=4,
                                  in_database=True)
                assert [p.score for p in got.paths] == [p.score for p in want.paths]
                assert clear_of_ties(got) == clear_of_ties(want)
    assert compared > 10


def clear_of_ties(result):
    last = min((p.score for p in result.paths), default=0)
    return sorted(json.dumps(p.model_dump(mode="json", exclude={"rank"}), sort_keys=True)
                  for p in result.paths if p.score > last)


def test_hidden_books_reach_the_database_as_dropped_edges(team_db):
    db, owners, _ = team_db
    with SQLiteStore(db) as store:
        mask = mask_of(scope_for(store, owners[0]))
        assert mask.dropped  # owners[3] shares nothing
        assert all("|" in key and key == edge_key(*key.split("|")) for key in mask.dropped)
        assert all(c >= 0 for c in mask.reweight.values())


def test_in_database_needs_the_neo4j_backend(team_db):
    db, _, orgs = team_db
    with SQLiteStore(db) as store, pytest.raises(InputError, match="needs the neo4j backend"):
        intro_paths(store, orgs[0], in_database=True)
    result = runner.invoke(app, ["intro-path", orgs[0], "--in-database", "--db", str(db)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: --in-database needs the neo4j backend; the sqlite "
                                    "store searches in Python")
    assert json.loads(runner.invoke(app, ["intro-path", orgs[0], "--format", "json", "--db",
                                          str(db)]).stdout)["paths"] is not None
