"""Which items can influence each other in ``resolve()``: the parts an incremental resolve
would have to re-run together.

:func:`intrograph.graph.resolve.resolve` only ever compares two items through something they
share, and every tier walks items, clusters and blocks in item order keeping its state per
cluster. So if :func:`components` puts two items apart, they never meet, and ``resolve()`` over
one component (its items in their original order) gives exactly that component's part of the
full answer: the same clusters, reasons and refused joins (``tests/test_incremental.py``).

What joins items into one component (tiers as in ``graph/resolve.py``):

- tiers 1 and 2: both sides of a hand decision; a shared LinkedIn profile, mailbox or phone.
  The items one union-find over these joins are a *group*; no cluster spans two groups.
- tier 3: two groups in one block (organisation and name word) when some name of one can score
  :data:`FUZZY_THRESHOLD` with some name of the other, names taken per component and repeated
  until nothing joins (a cluster's names grow as it joins others). A block or family whose
  groups hold over MAX_BLOCK items may be skipped for its size: its clusters are counted
  exactly (tiers 1 and 2 over just those groups) and whether it is skipped is returned with
  each component it touches, since any newcomer to the block can flip it.
- tier 4: a partial name ("D. Crawford", "Tanya") at an organisation, or a full name on a card
  with no organisation or company address (compared with the whole store), and every cluster
  tier 3 left that it could fit, since which clusters fit decides whether it joins one.
  ``resolve()`` decides every lookup before any joins, so no lookup reads another's result.

Not used by ``derive()`` yet: on the noisy fixtures world at 200,000 records tiers 1 to 3 cut
into small components, but tier 4's lookups chain most of the largest organisations into one
component, and finding the components costs as much as resolving (docs/identity.md,
"Incremental resolution"; ``benchmarks/resolution.py --parts``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from intrograph.graph.resolve import (
    FUZZY_THRESHOLD,
    MAX_BLOCK,
    Item,
    _block_words,
    _fuzzy_words,
    _initials,
    _is_partial,
    _spelt_names,
    _strong,
    email_domain,
    email_match_key,
    is_free_mail,
)
from intrograph.loaders.names import NameKey, name_score, names_match

__all__ = ["components"]


def components(items: Sequence[Item], merges: Sequence[tuple[str, str]] = (),
               splits: Sequence[tuple[str, str]] = ()) -> list[tuple[list[int], tuple]]:
    """Return the items (indices, ascending) that can influence each other in ``resolve()``,
    one entry per component, ordered by their first item, each with what else decides its
    answer: the tier 3 blocks near the size cut-off its items are in, and whether each is cut.
    """
    n = len(items)
    parent = list(range(n))

    def find(x: int) -> int:
        return _root(parent, x)

    first: dict[tuple, int] = {}
    for i, it in enumerate(items):
        keys = [("l", k) for k in it.links]
        keys += [("e", email_match_key(e)) for e in it.emails]
        keys += [("t", t) for t in it.phones]
        for key in keys:
            j = first.setdefault(key, i)
            if j != i:
                ra, rb = find(i), find(j)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
    del first
    if merges or splits:
        index = {it.uid: i for i, it in enumerate(items)}
        for a, b in (*merges, *splits):
            if a in index and b in index:
                ra, rb = find(index[a]), find(index[b])
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)

    # Per strong-key group (its smallest item): its size, organisations, every name its items
    # hold or spell, and the full names of its "lonely" items (no organisation, no company
    # address). A cluster is inside one group, so it has no organisation or name beyond these.
    size: dict[int, int] = defaultdict(int)
    orgs: dict[int, set[str]] = defaultdict(set)
    names: dict[int, set[NameKey]] = defaultdict(set)
    lonely: dict[int, set[NameKey]] = defaultdict(set)
    for i, it in enumerate(items):
        r = find(i)
        size[r] += 1
        if it.org:
            orgs[r].add(it.org)
        mine = _names_of(it)
        if mine:
            names[r].update(mine)
            if not it.org and all(is_free_mail(email_domain(e)) for e in it.emails):
                lonely[r].update(m for m in mine if not _is_partial(m))

    # Tier 3's blocks and the family names its cut-off counts, as groups.
    blocks: dict[tuple, list[int]] = defaultdict(list)
    families: dict[tuple, list[int]] = defaultdict(list)
    for r, ns in names.items():
        its_orgs = orgs.get(r)
        if not its_orgs:
            continue
        words = {w for m in ns for w in _fuzzy_words(m)}
        fams = {w[1] for w in words if w[0] == "f"}
        for o in its_orgs:
            for w in words:
                blocks[o, w].append(r)
            for f in fams:
                families[o, f].append(r)
    cut, notes = _cut_blocks(items, merges, splits, find, size, blocks, families)

    comp = {r: r for r in names}
    comp_names = {r: set(ns) for r, ns in names.items()}

    def top(g: int) -> int:
        return _root(comp, g)

    def settle(blocks_compared: list[list[int]]) -> None:
        # Two groups in one block meet only if some name of one can score with some name of
        # the other; a component's names are all its groups' (a cluster's names grow as tier
        # 3 joins it to others), so repeat until nothing joins.
        changed = True
        while changed:
            changed = False
            for members in blocks_compared:
                for x, a in enumerate(members):
                    ta = top(a)
                    for b in members[x + 1:]:
                        tb = top(b)
                        if ta != tb and _scores(comp_names[ta], comp_names[tb]):
                            if len(comp_names[ta]) < len(comp_names[tb]):
                                ta, tb = tb, ta
                            comp[tb] = ta
                            comp_names[ta] |= comp_names.pop(tb)
                            changed = True

    tier3 = []
    for (o, w), members in blocks.items():
        if len(members) > 1 and (o, w) not in cut and not (
                w[0] == "f" and (o, w[1]) in cut):
            tier3.append(members)
    settle(tier3)

    # Tier 4 looks up what tier 3 left: a cluster's organisations and names are within its
    # component's now.
    comp_orgs: dict[int, set[str]] = defaultdict(set)
    for r, its_orgs in orgs.items():
        if r in comp:
            comp_orgs[top(r)] |= its_orgs
    lookups: dict[tuple, tuple[list[tuple[int, NameKey]], list[int]]] = {}
    # A lookup meets a cluster only if the name it looked up with fits every name of that
    # cluster, so each lookup is kept with its name: (group or component, name).
    for t, ns in comp_names.items():
        for m in ns:
            if _is_partial(m):
                for o in comp_orgs.get(t, ()):
                    for w in _block_words(m):
                        lookups.setdefault(("p", o, w), ([], []))[0].append((t, m))
    for r, ns in lonely.items():
        for m in ns:
            for i in _initials(m.given):
                lookups.setdefault(("l", m.family, i), ([], []))[0].append((top(r), m))
    for t, ns in comp_names.items():
        keys = set()
        for m in ns:
            if _is_partial(m):
                continue
            for o in comp_orgs.get(t, ()):
                for w in _block_words(m) | _block_words(NameKey(m.family, m.given)):
                    keys.add(("p", o, w))
            for i in _initials(m.given):
                keys.add(("l", m.family, i))
        for key in keys:
            found = lookups.get(key)
            if found is not None:
                found[1].append(t)
    # Tier 4 decides every lookup against the clusters tier 3 left, then joins: a lookup
    # depends on each candidate whose names it could fit, and on nothing its decision could
    # not read, so one pass over the candidates tier 3 left is the whole of it.
    joins: list[tuple[int, int]] = []
    for side_a, side_b in lookups.values():
        if not side_b:
            continue
        for a, name in side_a:
            for t in side_b:
                if t != a and _fits(name, comp_names[t]):
                    joins.append((a, t))
    for a, t in joins:
        ra, rb = top(a), top(t)
        if ra != rb:
            comp[max(ra, rb)] = min(ra, rb)
            comp_names[min(ra, rb)] |= comp_names.pop(max(ra, rb))

    for r in names:
        t = top(r)
        if t != r:
            ra, rb = find(r), find(t)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    out: dict[int, tuple[list[int], set]] = {}
    for i in range(n):
        r = find(i)
        entry = out.get(r)
        if entry is None:
            entry = out[r] = ([], set())
        entry[0].append(i)
    for g, near in notes.items():
        out[find(g)][1].update(near)
    return [(members, tuple(sorted(near))) for members, near in out.values()]


def _root(parent, x):
    """Return the root of ``x`` in a union-find held in ``parent`` (a list or a dict),
    pointing every node on the way straight at it."""
    root = x
    while parent[root] != root:
        root = parent[root]
    while parent[x] != root:
        parent[x], x = root, parent[x]
    return root


def _cut_blocks(items, merges, splits, find, size, blocks, families):
    """Return the tier 3 blocks and families that ``resolve()`` skips for their size, and per
    group the (block, skipped?) pairs it must be re-resolved on when they change.

    Only a block whose groups hold more than MAX_BLOCK items can hold more than MAX_BLOCK
    clusters; for those the clusters are counted exactly, from tiers 1 and 2 run over just
    their groups (a group's clusters do not depend on anything outside it).
    """
    big = [(kind, key, members) for kind, table in (("f", families), ("b", blocks))
           for key, members in table.items()
           if len(members) > 1 and sum(size[r] for r in members) > MAX_BLOCK]
    if not big:
        return set(), {}
    wanted = {r for _, _, members in big for r in members}
    sub = [i for i in range(len(items)) if find(i) in wanted]
    part = [items[i] for i in sub]
    uids = {it.uid for it in part}
    c = _strong(part, [m for m in merges if m[0] in uids], [s for s in splits if s[0] in uids])
    counts: dict[tuple, int] = defaultdict(int)
    root_orgs: dict[int, set[str]] = defaultdict(set)
    for k, it in enumerate(part):
        if it.org:
            root_orgs[c.find(k)].add(it.org)
    for r, its_orgs in root_orgs.items():
        ns = c.names[r]
        if not ns:
            continue
        words = set(_fuzzy_words(ns[0])) if len(ns) == 1 else {
            w for m in ns for w in _fuzzy_words(m)}
        fams = {w[1] for w in words if w[0] == "f"}
        for o in its_orgs:
            for w in words:
                counts["b", (o, w)] += 1
            for f in fams:
                counts["f", (o, f)] += 1
    cut = set()
    notes: dict[int, set] = defaultdict(set)
    for kind, key, members in big:
        skipped = counts[kind, key] > MAX_BLOCK
        if skipped:
            cut.add(key)
        for r in members:
            notes[r].add((kind, *key, skipped))
    return cut, notes


def _scores(a: set[NameKey], b: set[NameKey]) -> bool:
    return any(name_score(x, y) >= FUZZY_THRESHOLD for x in a for y in b)


def _fits(name: NameKey, names: set[NameKey]) -> bool:
    return any(names_match(name, y) for y in names)


def _names_of(it: Item) -> set[NameKey]:
    """Every name a cluster holding this item can be compared under: its own, and the ones its
    profile address or work address spell (tier 3's "names from keys")."""
    out = {it.name} if it.name else set()
    if not it.name.family and (it.links or it.emails):
        out.update(n for n in _spelt_names(it) if n)
    return out
