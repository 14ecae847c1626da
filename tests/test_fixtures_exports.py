"""The files `fixtures generate` writes: what a user, an importer or a test would find in them.

The exports are parsed here with the csv module and a few lines of vCard unfolding, not with
intrograph's loaders, so that these tests pin the files themselves.
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections import defaultdict
from pathlib import Path

import networkx as nx
import phonenumbers
import pytest

from intrograph.fixtures import generate

CLOSE = {"family", "friends", "coworkers"}


# --- reading the exports the way a test would -------------------------------------------------


def unescape(value: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def vcards(path: Path) -> list[list[tuple[str, str]]]:
    """Return each card as (property name with params, raw value) pairs, lines unfolded."""
    text = path.read_bytes().decode("utf-8").replace("\r\n ", "")
    cards, current = [], []
    for line in text.split("\r\n"):
        if not line:
            continue
        head, _, value = line.partition(":")
        if head == "BEGIN":
            current = []
        elif head == "END":
            cards.append(current)
        else:
            current.append((head, value))
    return cards


def read_book(path: Path) -> list[dict]:
    """Return the records of one export: name, emails, phones, labels, organisation."""
    if path.suffix == ".vcf":
        out = []
        for card in vcards(path):
            props = defaultdict(list)
            for head, value in card:
                props[head.split(";")[0]].append(value)
            labels = re.split(r"(?<!\\),", props["CATEGORIES"][0]) if props["CATEGORIES"] else []
            out.append({"name": unescape(props["FN"][0]) if props["FN"] else "",
                        "emails": [unescape(v) for v in props["EMAIL"]],
                        "phones": [unescape(v) for v in props["TEL"]],
                        "labels": {unescape(x).lower() for x in labels},
                        "org": unescape(props["ORG"][0]) if props["ORG"] else ""})
        return out
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    out = []
    for row in rows:
        legacy = "Group Membership" in row
        if legacy:
            name = row["Name"]
        else:
            parts = (row["First Name"], row["Middle Name"], row["Last Name"])
            name = " ".join(x for x in parts if x)
        raw = row["Group Membership" if legacy else "Labels"]
        out.append({
            "name": name,
            "emails": [v for k, v in row.items() if k.startswith("E-mail") and "Value" in k and v],
            "phones": [v for k, v in row.items() if k.startswith("Phone") and "Value" in k and v],
            "labels": {x.strip().removeprefix("* ").lower() for x in raw.split(":::") if x.strip()},
            "org": row["Organization 1 - Name" if legacy else "Organization Name"],
        })
    return out


def rule(record: dict) -> float:
    """The graph layer's first strength rule for one address-book record."""
    s = 0.30 if (record["emails"] or record["phones"]) else 0.20
    s += 0.15 * bool(record["phones"])
    s += 0.25 * ("starred" in record["labels"])
    s += 0.15 * bool(record["labels"] & CLOSE)
    return round(s, 4)


class Team:
    def __init__(self, out: Path):
        self.out = out
        self.truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
        with (out / "manifest.csv").open(encoding="utf-8", newline="") as f:
            self.manifest = list(csv.DictReader(f))
        self.books = {row["owner"]: read_book(out / row["path"]) for row in self.manifest}
        self.people = {p["id"]: p for p in self.truth["people"]}
        # (owner, person id) -> the records of that person in that owner's book
        self.held: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for r in self.truth["records"]:
            self.held[r["owner"], r["person"]].append(self.books[r["owner"]][r["record"] - 1])

    def graph(self) -> nx.Graph:
        """Return the tie graph over truth person ids, strengths computed from the exports."""
        me = {o["owner"]: o["person"] for o in self.truth["owners"]}
        directed = {(me[owner], pid): max(rule(r) for r in recs)
                    for (owner, pid), recs in self.held.items()}
        g = nx.Graph()
        for (a, b), s in directed.items():
            back = directed.get((b, a))
            g.add_edge(a, b, s=min(0.99, 1 - (1 - s) * (1 - back)) if back else s)
        return g


def simple_paths(g: nx.Graph, source: str, targets: set[str], cutoff: int):
    """Yield every simple path of at most ``cutoff`` hops from ``source`` into ``targets``.

    Exhaustive: a partial path is only dropped when its last node is too far from every target
    to arrive within the remaining hops, so no qualifying path is skipped.
    """
    far = cutoff + 1
    to_target = nx.multi_source_dijkstra_path_length(g, targets & set(g), weight=lambda *_: 1)

    def extend(path: list[str]):
        if path[-1] in targets:
            yield path
        for nb in g[path[-1]]:
            if nb not in path and len(path) + to_target.get(nb, far) <= cutoff:
                yield from extend([*path, nb])

    yield from extend([source])


@pytest.fixture(scope="module")
def team(tmp_path_factory) -> Team:
    out = tmp_path_factory.mktemp("team")
    generate(out, owners=8, people=300, seed=7)
    return Team(out)


# --- the tests --------------------------------------------------------------------------------


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_same_seed_same_bytes_and_another_seed_other_bytes(tmp_path):
    a, b, c = (generate(tmp_path / d, owners=5, people=80, seed=s).outdir
               for d, s in (("a", 3), ("b", 3), ("c", 4)))
    assert files(a) == files(b)
    assert files(a)["truth.json"] != files(c)["truth.json"]
    assert files(a).keys() != files(c).keys() or files(a) != files(c)


def test_manifest_points_at_each_owners_one_export(team):
    rows = team.manifest
    assert list(rows[0]) == ["path", "owner", "name", "email", "phone"]
    for row in rows:
        assert (team.out / row["path"]).is_file()
        assert row["path"] == f"exports/{row['owner']}/contacts.{row['path'][-3:]}"
        assert row["phone"].startswith("+") and "@" in row["email"]
    truth_owners = {o["owner"]: o for o in team.truth["owners"]}
    assert [r["owner"] for r in rows] == list(truth_owners)
    assert all(r["email"] in truth_owners[r["owner"]]["emails"] for r in rows)


def test_formats_are_mixed_like_a_real_team(team):
    kinds = []
    for row in team.manifest:
        head = (team.out / row["path"]).read_text(encoding="utf-8").split("\n", 1)[0]
        kinds.append("vcard" if head.startswith("BEGIN:VCARD") else
                     "legacy" if head.startswith("Name,Given Name") else "google")
    assert kinds.count("legacy") >= 1 and kinds.count("google") >= 1
    assert 1 <= kinds.count("vcard") <= len(kinds) // 2


def test_every_truth_record_is_at_its_position_and_is_about_that_person(team):
    seen = defaultdict(set)
    for r in team.truth["records"]:
        row = next(m for m in team.manifest if m["owner"] == r["owner"])
        assert Path(row["path"]).name == r["file"]
        seen[r["owner"]].add(r["record"])
        record = team.books[r["owner"]][r["record"] - 1]
        person = team.people[r["person"]]
        digits = person["phones"][0][-7:]
        words = {w.lower().strip(".") for w in record["name"].split()}
        assert (set(record["emails"]) & set(person["emails"])
                or any(re.sub(r"\D", "", p).endswith(digits) for p in record["phones"])
                or person["name"].split()[-1].lower() in words
                or record["org"] in [person["organization"], *person["past_organizations"]])
    for owner, book in team.books.items():
        assert seen[owner] == set(range(1, len(book) + 1))


def test_written_phones_are_valid_and_mean_the_persons_number(team):
    for (_, pid), records in team.held.items():
        e164 = team.people[pid]["phones"][0]
        assert phonenumbers.is_valid_number(phonenumbers.parse(e164))
        for r in records:
            for written in r["phones"]:
                parsed = phonenumbers.parse(written, "US")
                assert phonenumbers.format_number(parsed, 0) == e164, written


def test_someone_is_spelt_differently_in_three_books(team):
    names = defaultdict(dict)
    for (owner, pid), records in team.held.items():
        names[pid][owner] = {r["name"] for r in records if r["name"]}
    assert any(len(books) >= 3 and len(set().union(*books.values())) >= 3
               for books in names.values())


def test_someone_changed_jobs_and_an_older_book_still_says_the_old_one(team):
    changed = []
    for (owner, pid), records in team.held.items():
        person = team.people[pid]
        for r in records:
            if r["org"] in person["past_organizations"]:
                changed.append((pid, owner))
    current = {(pid, o) for (o, pid), recs in team.held.items()
               if any(r["org"] == team.people[pid]["organization"] for r in recs)}
    assert any((pid, other) in current for pid, _ in changed for other in team.books)


def test_most_copies_share_an_email_or_phone_and_some_share_nothing(team):
    points = defaultdict(list)  # person -> one set of normalised contact points per record
    for (_, pid), records in team.held.items():
        for r in records:
            phones = {re.sub(r"\D", "", p)[-10:] for p in r["phones"]}
            points[pid].append({e.lower() for e in r["emails"]} | phones)
    shared = lonely = 0
    for copies in points.values():
        if len(copies) < 2:
            continue
        for i, mine in enumerate(copies):
            others = set().union(*(c for j, c in enumerate(copies) if j != i))
            if mine & others:
                shared += 1
            else:
                lonely += 1
    assert shared > 2 * lonely > 0


def test_vcard_lines_are_folded_at_75_octets_and_escaped(team):
    vcfs = [team.out / r["path"] for r in team.manifest if r["path"].endswith(".vcf")]
    escaped = folded = 0
    for path in vcfs:
        raw = path.read_bytes()
        assert b"\n" not in raw.replace(b"\r\n", b"")
        for line in raw.split(b"\r\n"):
            assert len(line) <= 75, line
            folded += line.startswith(b" ")
            escaped += b"\\," in line or b"\\;" in line
        assert "BEGIN:VCARD\r\nVERSION:3.0\r\n" in raw.decode("utf-8")
    assert folded and escaped
    orgs = {o["name"] for o in team.truth["organizations"]}
    assert {r["org"] for p in vcfs for r in read_book(p) if r["org"]} <= orgs


@pytest.mark.parametrize(("owners", "people", "seed"),
                         [(8, 300, 7), (3, 40, 1), (4, 60, 2), (3, 12, 5)])
def test_planted_path_beats_every_other_path_into_its_account(tmp_path, owners, people, seed):
    generate(tmp_path, owners=owners, people=people, seed=seed)
    t = Team(tmp_path)
    g = t.graph()
    owner_ids = [o["person"] for o in t.truth["owners"]]
    assert len(t.truth["planted_paths"]) == 2
    for planted in t.truth["planted_paths"]:
        rep, friend, target = planted["people"]
        staff = {p["id"] for p in t.truth["people"] if p["organization"] == planted["account"]}
        assert target in staff
        want = g[rep][friend]["s"] * g[friend][target]["s"]
        assert want == pytest.approx(0.9775 * 0.85) == pytest.approx(planted["score"])
        pairs = {frozenset(p["people"][:2]) for p in t.truth["planted_paths"]}
        assert all(d["s"] < 0.9775 for a, b, d in g.edges(data=True) if {a, b} not in pairs)
        for source in owner_ids:
            if source == friend:
                continue  # the friend's own one-hop path is not an introduction
            for path in simple_paths(g, source, staff, cutoff=4):
                score = math.prod(g[a][b]["s"] for a, b in zip(path, path[1:], strict=False))
                if path != [rep, friend, target]:
                    assert score < want - 1e-9, (path, score)


def test_what_the_exports_say_follows_the_true_strengths(team):
    me = {o["person"] for o in team.truth["owners"]}
    owner_person = {o["owner"]: o["person"] for o in team.truth["owners"]}
    from_files = {(owner_person[o], pid): max(rule(r) for r in recs)
                  for (o, pid), recs in team.held.items()}
    one_way = sorted((t["strength"], from_files[t["a"], t["b"]]) for t in team.truth["ties"]
                     if t["b"] not in me)
    assert len(one_way) > 400
    assert [s for _, s in one_way] == sorted(s for _, s in one_way)
    assert {s for _, s in one_way} == {0.2, 0.3, 0.45, 0.6, 0.7, 0.85}


def test_progress_counts_files_up_to_the_total(tmp_path):
    calls = []
    generate(tmp_path, owners=4, people=40, seed=5, progress=lambda d, t: calls.append((d, t)))
    total = calls[-1][1]
    assert calls[-1] == (total, total) == (len(calls), 4 + 2)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_the_loaders_read_every_export_whole(team):
    loaders = pytest.importorskip("intrograph.loaders")
    counts = defaultdict(int)
    for r in team.truth["records"]:
        counts[r["owner"]] += 1
    for row in team.manifest:
        result = loaders.load_file(team.out / row["path"])
        assert (len(result.records), result.rejects) == (counts[row["owner"]], [])
