"""Re-resolve only what a change touches: what one resolve keeps for the next.

:func:`intrograph.graph.resolve.resolve` answers from scratch. A :class:`Resolver` answers the
same question, with exactly the same answer (``tests/test_reresolve.py``), but keeps what the
last answer was made of and redoes only what the change can reach:

- **Tiers 1 to 3** are kept per *part*: items that a shared key, a hand decision or two names
  scoring high enough at one organisation put in one another's way, as the last resolve found
  them. A part none of whose items changed, and that no changed item can meet, keeps its
  clusters. A changed item can meet a part through a key they share, through a tier 3 block
  where some name of one can score with some name of the other (every name the items hold or
  spell, so growing names are covered), or through a block whose size crosses the cut-off.
  The parts found that way are resolved again together, in their items' order, until nothing
  new can be met.
- **Tier 4** decides lookups ("D. Crawford", "Tanya", a full name with no company) against the
  clusters tier 3 left. A lookup is decided again when it changed, or when a cluster it could
  fit (an organisation and name word, or a family name and initial, in common) changed.
- **The joins** of tier 4 are kept per group of decisions that chain ("D. Crawford" and
  "David Crawford, CTO" both choosing David Crawford); a group is joined again when one of its
  decisions or clusters changed.

What resolution reads from each item (its keys, name, organisation, title, book, batch and
hand decisions) is kept and compared, so an edited record, a record whose organisation now
resolves elsewhere and a re-imported record (a newer batch, so another place in the order) are
all changes.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from intrograph.graph.gcpause import paused_gc
from intrograph.graph.resolve import (
    FUZZY_THRESHOLD,
    MAX_BLOCK,
    Item,
    Resolution,
    _block_words,
    _blocks,
    _Clusters,
    _decide,
    _fuzzy,
    _fuzzy_words,
    _initials,
    _is_partial,
    _join,
    _kind,
    _Sets,
    _spelt_names,
    _strong,
    email_match_key,
)
from intrograph.loaders.names import NameKey, name_score, names_match

__all__ = ["Resolver"]

_KIND_ORDER = {"partial": 0, "given": 1, "lonely": 2}


@dataclass
class _Part:
    uids: list[str]
    keys: set[str]
    counts: Counter  # ("b", org, word) / ("f", org, family) -> tier 2 clusters met there
    names: set[NameKey]  # every name its items hold or spell
    blocked: int


@dataclass
class _Cluster:  # what tier 3 left
    uids: list[str]
    names: list[NameKey]
    why: list[str]
    kind: str  # tier 4: "partial", "given", "lonely" look up; "full" is looked up; "" neither
    finds: set[tuple]  # tier 4 keys it is found under (full and lonely)
    seeks: set[tuple]  # tier 4 keys it looks under (lookups)


@dataclass
class _Group:  # what joining a chain of tier 4 decisions gave
    final: dict[str, str]  # tier 3 root -> final root
    why: dict[str, list[str]]  # final root -> reasons
    refused: int


@dataclass
class Stats:
    """What the last :meth:`Resolver.update` redid: what benchmarks report."""

    items: int = 0
    changed: int = 0
    removed: int = 0
    resolved: int = 0  # items tiers 1 to 3 ran over again
    rounds: int = 0
    lookups: int = 0  # lookups decided again
    looked_in: int = 0  # items of the clusters they were decided against
    joined: int = 0  # items of the decision groups joined again
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass
class Resolver:
    """The last resolve's answer and what it was made of; :meth:`update` gives the next."""

    seen: dict[str, tuple] = field(default_factory=dict)  # uid -> (item, batch, decisions)
    part_of: dict[str, int] = field(default_factory=dict)
    parts: dict[int, _Part] = field(default_factory=dict)
    by_key: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    by_count: dict[tuple, set[int]] = field(default_factory=lambda: defaultdict(set))
    totals: Counter = field(default_factory=Counter)
    blocked: int = 0  # refusals in tiers 1 to 3, over all parts
    t3_of: dict[str, str] = field(default_factory=dict)
    clusters: dict[str, _Cluster] = field(default_factory=dict)
    finders: dict[tuple, set[str]] = field(default_factory=lambda: defaultdict(set))
    seekers: dict[tuple, set[str]] = field(default_factory=lambda: defaultdict(set))
    decided: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # (kind, target, why)
    groups: dict[tuple, _Group] = field(default_factory=dict)
    next_part: int = 0
    stats: Stats = field(default_factory=Stats)

    @paused_gc()
    def update(self, items: Sequence[Item], merges: Sequence[tuple[str, str]] = (),
               splits: Sequence[tuple[str, str]] = (), batches: Sequence[int] | None = None,
               ) -> Resolution:
        """Return ``resolve(items, merges, splits)``, redoing only what changed since the last
        call; ``batches[i]`` is item ``i``'s import batch (it decides the item's place).

        An update that fails part way leaves this Resolver empty, so the next one starts from
        scratch rather than from half of a change.
        """
        try:
            return self._update(items, merges, splits, batches)
        except BaseException:
            self.__init__()
            raise

    def _update(self, items, merges, splits, batches) -> Resolution:
        index = {it.uid: i for i, it in enumerate(items)}
        pairs: dict[str, list[tuple]] = defaultdict(list)
        for kind, decisions in (("m", merges), ("s", splits)):
            for a, b in decisions:
                if a in index and b in index:
                    pairs[a].append((kind, b))
                    pairs[b].append((kind, a))
        # What resolution reads from each item, to tell which changed: compared, not hashed.
        seen = self.seen
        now = {}
        changed = set()
        for i, it in enumerate(items):
            mine = pairs.get(it.uid)
            now[it.uid] = read = (it, batches[i] if batches else 0,
                                  tuple(sorted(mine)) if mine else ())
            if seen.get(it.uid) != read:
                changed.add(it.uid)
        removed = [u for u in seen if u not in index]
        self.stats = stats = Stats(items=len(items), changed=len(changed), removed=len(removed))
        self._keys: dict[str, list[str]] = {}  # per item, for this update only
        self._names: dict[str, set[NameKey]] = {}
        clock = time.perf_counter()
        went, fresh, dropped = self._tiers123(items, index, pairs, merges, splits, changed,
                                              removed)
        self.seen = now
        stats.seconds["tiers 1-3"] = -clock + (clock := time.perf_counter())
        self._tier4(items, index, went, fresh, dropped)
        stats.seconds["tier 4"] = -clock + (clock := time.perf_counter())
        self._joins(items, index, splits, went | fresh)
        stats.seconds["joins"] = -clock + (clock := time.perf_counter())
        out = self._answer(items, index)
        stats.seconds["answer"] = time.perf_counter() - clock
        self._keys, self._names = {}, {}
        return out

    # -- tiers 1 to 3 ---------------------------------------------------------------------

    def _tiers123(self, items, index, pairs, merges, splits, changed, removed):
        """Resolve again the parts a change can reach; return the tier 3 roots that went, the
        ones made or changed, and the clusters that went, as they were."""
        inside: set[int] = {self.part_of[u] for u in (*changed, *removed) if u in self.part_of}
        went: set[str] = set()
        fresh: set[str] = set()
        dropped: list[_Cluster] = []
        first = True
        while True:
            todo = set(changed) if first else set()
            for p in inside:
                todo.update(u for u in self.parts[p].uids if u in index)
            sub, c, sets, blocks, touches, met = self._pass(
                items, index, pairs, merges, splits, changed, inside, todo, first)
            gone, made, old = self._keep123(sub, c, sets, blocks, touches, inside, pairs,
                                              changed)
            went |= gone
            fresh = (fresh - gone) | made
            dropped += old
            if not met:
                return went, fresh, dropped
            # A cluster just made could meet a part outside: both are resolved again together
            # (the parts this pass made that did not meet it stay as they are).
            inside = {p for p, _ in met} | {self.part_of[sub[r].uid] for _, r in met}
            first = False

    def _pass(self, items, index, pairs, merges, splits, changed, inside, todo, first):
        """Run tiers 1 to 3 over the parts ``inside`` and the items ``todo``, with every part
        they share a key with or cross a block's cut-off with; return the run and the parts
        outside its clusters could meet in a block, each with the cluster that could."""
        expanded: set[str] = set()
        near_done = not first
        while True:
            # Everything sharing a key or a hand decision with what is redone is redone too.
            queue = [u for u in todo if u not in expanded] if len(inside) < len(
                self.parts) else []
            while queue:
                u = queue.pop()
                expanded.add(u)
                for k in self._keys_of(items[index[u]], pairs):
                    for p in self.by_key.get(k, ()):
                        if p not in inside:
                            inside.add(p)
                            for v in self.parts[p].uids:
                                if v in index and v not in todo:
                                    todo.add(v)
                                    queue.append(v)
            # What a changed item's people could meet in a block, by the names and companies
            # of the items sharing its keys: most of what the check after tier 3 (_met) finds,
            # found before the first run rather than after it.
            if not near_done:
                near_done = True
                if len(inside) < len(self.parts) and self._take(
                        inside, todo, index,
                        self._near(items, index, pairs, todo, changed, inside)):
                    continue
            self.stats.rounds += 1
            sub = [items[i] for i in sorted(index[u] for u in todo)]
            inner = set(todo)
            touches: list[tuple[int, int]] = []
            c = _strong(sub, [m for m in merges if m[0] in inner and m[1] in inner],
                        [s for s in splits if s[0] in inner and s[1] in inner],
                        touch=lambda a, b, t=touches: t.append((a, b)), track=True)
            sets = _Sets(sub, c)
            blocks, _ = _blocks(c, sets)
            counts = _counts(blocks)
            was: Counter = Counter()
            for p in inside:
                was.update(self.parts[p].counts)
            totals = {k: self.totals[k] - was[k] + counts[k] for k in set(was) | set(counts)}
            # A block or family whose size crosses the cut-off is skipped now, or no longer:
            # every part in it is redone with these.
            crossing = [k for k, n in totals.items()
                        if (n > MAX_BLOCK) != (self.totals[k] > MAX_BLOCK)]
            if self._take(inside, todo, index,
                          [p for k in crossing for p in self.by_count.get(k, ())]):
                continue
            sizes = ({(o, w): totals["b", o, w] for (o, w) in blocks},
                     {(o, f): n for (kind, o, f), n in totals.items() if kind == "f"})
            _fuzzy(c, sets, touch=lambda a, b, t=touches: t.append((a, b)), sizes=sizes,
                   blocks=blocks)
            self.stats.resolved += len(sub)
            met = self._met(sub, c, blocks, inside, sizes, not first) if len(inside) < len(
                self.parts) else []
            return sub, c, sets, blocks, touches, met

    def _near(self, items, index, pairs, todo, changed, inside) -> list[int]:
        """Return the parts outside that a changed item could meet in a block: its own names
        at every organisation of the items sharing a key with it."""
        parent = {u: u for u in todo}
        first: dict[str, str] = {}
        for u in todo:
            for k in self._keys_of(items[index[u]], pairs):
                v = first.setdefault(k, u)
                if v != u:
                    _union_str(parent, u, v)
        orgs: dict[str, set[str]] = defaultdict(set)
        for u in todo:
            org = items[index[u]].org
            if org:
                orgs[_root(parent, u)].add(org)
        found = []
        for u in changed:
            its_orgs = orgs.get(_root(parent, u))
            if not its_orgs:
                continue
            names = self._names_of(items[index[u]])
            words = {w for n in names for w in _fuzzy_words(n)}
            for o in its_orgs:
                for w in words:
                    found.extend(p for p in self.by_count.get(("b", o, w), ())
                                 if p not in inside and _scores(names, self.parts[p].names))
        return found

    def _take(self, inside: set[int], todo: set[str], index, found) -> bool:
        grew = False
        for p in found:
            if p not in inside:
                inside.add(p)
                todo.update(u for u in self.parts[p].uids if u in index)
                grew = True
        return grew

    def _met(self, sub, c: _Clusters, blocks, inside, sizes, again: bool
             ) -> list[tuple[int, int]]:
        """Return the parts outside that a cluster just resolved could meet in a block (some
        name either side holds or spells can score with some name of the other), each with
        the root of a cluster that could.

        ``again``: a later pass of one update, where a cluster that came out as the last pass
        left it was checked then already; without that, each pass meets the parts the last
        one made, and at a million records that walked through thousands of passes.
        """
        names_at: dict[int, set[NameKey]] = defaultdict(set)
        members: dict[int, list[str]] = defaultdict(list)
        for i, it in enumerate(sub):
            r = c.find(i)
            names_at[r].update(self._names_of(it))
            members[r].append(it.uid)
        checked = set()
        if again:
            for r, uids in members.items():
                was = self.clusters.get(sub[r].uid)
                if was is not None and was.uids == uids and was.names == c.names[r]:
                    checked.add(r)
        block_size, family_size = sizes
        found = []
        for (o, w), roots in blocks.items():
            if block_size[o, w] > MAX_BLOCK or (w[0] == "f" and family_size[o, w[1]] > MAX_BLOCK):
                continue  # skipped, as it was: nobody meets there
            others = [p for p in self.by_count.get(("b", o, w), ()) if p not in inside]
            if not others:
                continue
            for r in {c.find(r) for r in roots} - checked:
                found.extend((p, r) for p in others
                             if _scores(names_at[r], self.parts[p].names))
        return found

    def _keep123(self, sub, c, sets, blocks, touches, inside, pairs, changed):
        """Replace the parts and clusters redone by what this resolve made of them."""
        gone_roots: set[str] = set()
        changed_counts: set[tuple] = set()
        for p in inside:
            part = self.parts.pop(p)
            changed_counts.update(part.counts)
            for k in part.keys:
                self.by_key[k].discard(p)
            for k in part.counts:
                self.by_count[k].discard(p)
            self.totals.subtract(part.counts)
            self.blocked -= part.blocked
            for u in part.uids:
                root = self.t3_of.pop(u, None)
                if root is not None:
                    gone_roots.add(root)
                del self.part_of[u]
        # The new parts: what touched, and what one cluster holds.
        parent = list(range(len(sub)))
        for a, b in touches:
            _union(parent, a, b)
        for i in range(len(sub)):
            _union(parent, i, c.find(i))
        part_counts: dict[int, Counter] = defaultdict(Counter)
        for k, n in _counts(blocks, lambda r: _root(parent, r)).items():
            part_counts[k[0]][k[1:]] += n
        refused = Counter(_root(parent, x) for x in c.refused)
        members: dict[int, list[int]] = defaultdict(list)
        for i in range(len(sub)):
            members[_root(parent, i)].append(i)
        for top, its in members.items():
            keys: set[str] = set()
            names: set[NameKey] = set()
            for i in its:
                keys.update(self._keys_of(sub[i], pairs))
                names.update(self._names_of(sub[i]))
            part = _Part([sub[i].uid for i in its], keys, part_counts.get(top, Counter()),
                         names, refused[top])
            p = self.next_part
            self.next_part += 1
            self.parts[p] = part
            for k in keys:
                self.by_key[k].add(p)
            for k in part.counts:
                self.by_count[k].add(p)
            self.totals.update(part.counts)
            changed_counts.update(part.counts)
            self.blocked += part.blocked
            for u in part.uids:
                self.part_of[u] = p
        totals = self.totals
        for k in [k for k in changed_counts if not totals[k]]:
            del totals[k]
        # Tier 3's clusters: one that came out as it was stays as it was for tier 4.
        roots: dict[int, list[int]] = defaultdict(list)
        for i in range(len(sub)):
            roots[c.find(i)].append(i)
        made = {sub[r].uid: _cluster(c, sets, r, [sub[i].uid for i in its])
                for r, its in roots.items()}
        went: set[str] = set()
        dropped: list[_Cluster] = []
        for root in gone_roots:
            old = self.clusters[root]
            now = made.get(root)
            if now is not None and now.uids == old.uids and now.names == old.names and (
                    now.why == old.why) and not changed.intersection(now.uids):
                made.pop(root)
            else:
                went.add(root)
                dropped.append(old)
                self._drop_cluster(root)
        for root, cl in made.items():
            self._add_cluster(root, cl)
        for root in gone_roots:
            for u in self.clusters[root].uids if root in self.clusters else ():
                self.t3_of[u] = root
        for root, cl in made.items():
            for u in cl.uids:
                self.t3_of[u] = root
        return went, set(made), dropped

    def _keys_of(self, it: Item, pairs) -> list[str]:
        keys = self._keys.get(it.uid)
        if keys is None:
            keys = self._keys[it.uid] = _item_keys(it, pairs.get(it.uid))
        return keys

    def _names_of(self, it: Item) -> set[NameKey]:
        names = self._names.get(it.uid)
        if names is None:
            names = self._names[it.uid] = _names_of(it)
        return names

    def _drop_cluster(self, root: str) -> None:
        cl = self.clusters.pop(root)
        for k in cl.finds:
            self.finders[k].discard(root)
        for k in cl.seeks:
            self.seekers[k].discard(root)

    def _add_cluster(self, root: str, cl: _Cluster) -> None:
        self.clusters[root] = cl
        for k in cl.finds:
            self.finders[k].add(root)
        for k in cl.seeks:
            self.seekers[k].add(root)

    # -- tier 4 ---------------------------------------------------------------------------

    def _tier4(self, items, index, went: set[str], fresh: set[str], dropped: list[_Cluster]):
        """Decide again every lookup that changed or could fit a cluster that changed (as it
        was or as it is): one whose every name fits every name of the lookup, since _decide
        drops the others before anything else."""
        clusters = self.clusters
        again = {r for r in fresh if clusters[r].kind in _KIND_ORDER}
        # Per tier 4 key, the names of the changed clusters found under it: many share one
        # ("J. Smith" and every John Smith), so each pair of name lists is compared once.
        changed: dict[tuple, set[tuple[NameKey, ...]]] = defaultdict(set)
        for version in (*dropped, *(clusters[r] for r in fresh)):
            names = tuple(version.names)
            for k in version.finds:
                changed[k].add(names)
        fits = _Fits()
        for k, their_names in changed.items():
            for mine, rs in _by_names(clusters, self.seekers.get(k, ()), again).items():
                if any(fits(mine, theirs) for theirs in their_names):
                    again.update(rs)
        for r in went | again:
            self.decided.pop(r, None)
        if not again:
            return
        # Only the clusters whose every name fits every name of a lookup can be its answer
        # (_decide drops the others first), so only those are rebuilt to decide it against.
        wanted: dict[tuple, set[tuple[NameKey, ...]]] = defaultdict(set)
        for r in again:
            names = tuple(clusters[r].names)
            for k in clusters[r].seeks:
                wanted[k].add(names)
        looked = set(again)
        for k, our_names in wanted.items():
            for theirs, found in _by_names(clusters, self.finders.get(k, ()), looked).items():
                if any(fits(mine, theirs) for mine in our_names):
                    looked.update(found)
        sub, local, c, sets = self._assemble(items, index, looked)
        self.stats.lookups, self.stats.looked_in = len(again), len(sub)
        only = {local[r] for r in again}
        for r, s, why in _decide(c, sets, only):
            lookup = sub[r].uid
            self.decided[lookup] = (self.clusters[lookup].kind, sub[s].uid, why)

    def _assemble(self, items, index, roots, splits=()):
        """Return tier 3's clusters ``roots`` rebuilt over just their items (in item order):
        (items, local index by uid, clusters, per-cluster sets)."""
        uids = sorted((u for r in roots for u in self.clusters[r].uids), key=index.__getitem__)
        sub = [items[index[u]] for u in uids]
        local = {u: i for i, u in enumerate(uids)}
        c = _Clusters(sub, {})
        for r in roots:
            cl = self.clusters[r]
            lr = local[r]
            links: set[str] = set()
            for u in cl.uids:
                i = local[u]
                c.parent[i] = lr
                c.names[i] = []
                links.update(sub[i].links)
            c.names[lr] = list(cl.names)
            c.links[lr] = frozenset(links) if links else None
            if cl.why:
                c.why[lr] = list(cl.why)
        for a, b in splits:
            if a in local and b in local:
                c.forbid.setdefault(c.find(local[a]), set()).add(local[b])
                c.forbid.setdefault(c.find(local[b]), set()).add(local[a])
        return sub, local, c, _Sets(sub, c)

    # -- tier 4's joins -------------------------------------------------------------------

    def _joins(self, items, index, splits, changed: set[str]) -> None:
        """Join again each group of chained decisions that changed."""
        parent: dict[str, str] = {}
        for r, (_, s, _) in self.decided.items():
            _union_str(parent, r, s)
        tops: dict[str, list[str]] = defaultdict(list)
        for r in self.decided:
            tops[_root(parent, r)].append(r)
        groups: dict[tuple, _Group] = {}
        joined = 0
        for lookups in tops.values():
            lookups.sort(key=lambda r: (_KIND_ORDER[self.decided[r][0]], index[r]))
            key = tuple((r, *self.decided[r][1:]) for r in lookups)
            roots = {r for r in lookups} | {self.decided[r][1] for r in lookups}
            group = self.groups.get(key)
            if group is None or not changed.isdisjoint(roots):
                sub, local, c, sets = self._assemble(items, index, roots, splits)
                joined += len(sub)
                refused = _join(c, sets, [(local[r], local[s], why)
                                          for r, (_, s, why) in
                                          ((r, self.decided[r]) for r in lookups)])
                final = {r: sub[c.find(local[r])].uid for r in roots}
                why = {f: list(c.why[local[f]]) for f in set(final.values())
                       if c.why.get(local[f])}
                group = _Group(final, why, len(refused))
            groups[key] = group
        self.groups = groups
        self.stats.joined = joined

    def _answer(self, items, index) -> Resolution:
        final_of: dict[str, str] = {}
        why: dict[int, list[str]] = {}
        refused = 0
        for g in self.groups.values():
            final_of.update(g.final)
            refused += g.refused
            for f, reasons in g.why.items():
                why[index[f]] = list(reasons)
        for root, cl in self.clusters.items():
            if cl.why and root not in final_of:
                why[index[root]] = list(cl.why)
        t3_of = self.t3_of
        cluster = []
        for it in items:
            root = t3_of[it.uid]
            cluster.append(index[final_of.get(root, root)])
        return Resolution(cluster=cluster, why=why, blocked=self.blocked + refused)


class _Fits:
    """Whether every name of a lookup fits every name of a cluster, once per pair of lists."""

    def __init__(self) -> None:
        self.seen: dict[tuple, bool] = {}

    def __call__(self, mine: tuple, theirs: tuple) -> bool:
        ok = self.seen.get((mine, theirs))
        if ok is None:
            ok = self.seen[mine, theirs] = all(names_match(a, b) for a in mine for b in theirs)
        return ok


def _by_names(clusters: dict[str, _Cluster], roots, skip: set[str]) -> dict[tuple, list[str]]:
    """Group clusters by their names (many share them: every "John Smith" under one key)."""
    out: dict[tuple, list[str]] = defaultdict(list)
    for r in roots:
        if r not in skip:
            out[tuple(clusters[r].names)].append(r)
    return out


def _cluster(c: _Clusters, sets: _Sets, r: int, uids: list[str]) -> _Cluster:
    kind = _kind(c, sets, r)
    names = c.names[r]
    orgs = sets.orgs.get(r, ())
    finds: set[tuple] = set()
    seeks: set[tuple] = set()
    if kind in ("full", "lonely"):
        for n in names:
            if _is_partial(n):
                continue
            for o in orgs:
                for w in _block_words(n) | _block_words(NameKey(n.family, n.given)):
                    finds.add(("o", o, w))
            for i in _initials(n.given):
                finds.add(("f", n.family, i))
    if kind in ("partial", "given"):
        for o in orgs:
            for n in names:
                for w in _block_words(n):
                    seeks.add(("o", o, w))
    elif kind == "lonely":
        for n in names:
            for i in _initials(n.given):
                seeks.add(("f", n.family, i))
    return _Cluster(uids, list(names), list(c.why.get(r, ())), kind, finds, seeks)


def _counts(blocks: dict, part=None) -> Counter:
    """Return how many tier 2 clusters each block and each family at an organisation holds
    (``part``: counted per part instead, the part first in each key)."""
    out: Counter = Counter()

    def add(key: tuple, roots) -> None:
        if part is None:
            out[key] += len(roots)
        else:
            for r in roots:
                out[(part(r), *key)] += 1

    fams: dict[tuple, set[int]] = defaultdict(set)
    for (o, w), roots in blocks.items():
        add(("b", o, w), roots)
        if w[0] == "f":
            fams[o, w[1]].update(roots)
    for (o, f), roots in fams.items():
        add(("f", o, f), roots)
    return out


def _names_of(it: Item) -> set[NameKey]:
    """Every name a cluster holding this item can be compared under: its own, and the ones its
    profile address or work address spell (tier 2's names from keys)."""
    out = {it.name} if it.name else set()
    if not it.name.family and (it.links or it.emails):
        out.update(n for n in _spelt_names(it) if n)
    return out


def _scores(a: set[NameKey], b: set[NameKey]) -> bool:
    return any(name_score(x, y) >= FUZZY_THRESHOLD for x in a for y in b)


def _item_keys(it: Item, pairs) -> list[str]:
    keys = ["l:" + k for k in it.links]
    keys += ["e:" + email_match_key(e) for e in it.emails]
    keys += ["t:" + t for t in it.phones]
    if pairs:
        keys += ["d:" + "\0".join(sorted((it.uid, other))) for _, other in pairs]
    return keys


def _root(parent, x):
    root = x
    while parent[root] != root:
        root = parent[root]
    while parent[x] != root:
        parent[x], x = root, parent[x]
    return root


def _union(parent: list[int], a: int, b: int) -> None:
    ra, rb = _root(parent, a), _root(parent, b)
    if ra != rb:
        parent[max(ra, rb)] = min(ra, rb)


def _union_str(parent: dict[str, str], a: str, b: str) -> None:
    parent.setdefault(a, a)
    parent.setdefault(b, b)
    ra, rb = _root(parent, a), _root(parent, b)
    if ra != rb:
        parent[max(ra, rb)] = min(ra, rb)
