"""Identity resolution: which records (and owners) are one human, and why.

Explicit steps, each a pure function of its inputs (see Christen, *Data Matching*, 2012, for the
normalise / block / compare / cluster vocabulary):

1. **Hand decisions** first: ``intrograph merge`` joins two records' people whatever the
   evidence says; ``intrograph split`` forbids two records from ever sharing a person.
2. **Strong keys**: records that share a LinkedIn profile, then an email mailbox, then a phone
   number join, transitively, unless the join would put two incompatible names in one person
   ("Ann Lee" and "Tom Lee" sharing the family landline) or two different LinkedIn profiles.
3. **Name and organisation**: people who share no key are compared only within blocks of one
   organisation and one name word, so the cost grows with the records, not their square. Two
   people there join when every name on each side can be the other's (nicknames, one typo,
   swapped order) with a score of at least :data:`FUZZY_THRESHOLD`, when neither has a phone the
   other lacks, and when they hold no different addresses at one company domain. Before it, a
   person known by no full name takes the one their profile address or work address spells.
4. **One person fits**: "D. Crawford" at a company, "Tanya" at a company with a second fact
   that agrees (the same title or profile, or a book that does not already hold that Tanya),
   and a full name with no company join the one person who fits, never one of several. Each
   is decided against the people tiers 1 to 3 left, before any joins, so a guess never rests
   on another guess.

False merges are the failure users never forgive, so every tier refuses when in doubt; the
threshold was calibrated on the fixtures' ground truth (``benchmarks/resolution.py``).
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from intrograph.loaders import normalize as _norm
from intrograph.loaders.names import (
    NameKey,
    address_name,
    family_names_match,
    given_name_forms,
    given_names_match,
    name_score,
    names_match,
    profile_name,
)

__all__ = ["FUZZY_THRESHOLD", "Item", "Resolution", "resolve"]

email_domain = functools.lru_cache(maxsize=1 << 18)(_norm.email_domain)
email_match_key = functools.lru_cache(maxsize=1 << 18)(_norm.email_match_key)
is_free_mail = functools.lru_cache(maxsize=1 << 16)(_norm.is_free_mail)

# A nickname (0.95) or a one-letter typo (0.9) of a full name joins; an initial (0.8) or a name
# missing its family part (0.6) never does on name and organisation alone.
FUZZY_THRESHOLD = 0.9
MAX_NAMES = 6  # distinct name spellings kept per cluster for the compatibility check
MAX_REASONS = 8
MAX_BLOCK = 200  # a name word shared by more people than this at one company says nothing


@dataclass(slots=True)
class Item:
    """One thing to cluster: a record (``uid``) or an owner (``owner:<name>``)."""

    uid: str
    name: NameKey
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    org: str = ""  # the resolved organisation's id, if any
    title: str = ""  # the job title as written, if any
    book: str = ""  # whose address book the record is in ("" for an owner)


@dataclass
class Resolution:
    """``cluster[i]`` is the index of the item that represents item ``i``'s person."""

    cluster: list[int]
    why: dict[int, list[str]] = field(default_factory=dict)
    blocked: int = 0  # joins a strong key proposed that a conflict refused


_NO_NAMES: list[NameKey] = []


class _Clusters:
    def __init__(self, items: Sequence[Item], forbid: dict[int, set[int]]):
        n = len(items)
        self.parent = list(range(n))
        self.names: list[list[NameKey]] = [
            [it.name] if (it.name[0] or it.name[1]) else [] for it in items]
        self.links: list[frozenset[str] | None] = [
            frozenset(it.links) if it.links else None for it in items]
        self.why: dict[int, list[str]] = {}
        self.forbid = forbid
        self.blocked = 0
        # The item each refusal was made for, when a caller wants to know whose they were
        # (graph/reresolve.py keeps the count per part).
        self.refused: list[int] | None = None
        # Roots of clusters a hand merge made, while strong keys are compared (see _strong).
        self.by_hand: set[int] | None = None

    def refuse(self, x: int) -> None:
        self.blocked += 1
        if self.refused is not None:
            self.refused.append(x)

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:  # path compression
            parent[x], x = root, parent[x]
        return root

    def compatible(self, ra: int, rb: int, names_fit=names_match) -> bool:
        la, lb = self.links[ra], self.links[rb]
        if la and lb and not (la & lb):
            return False
        names_a, names_b = self.names[ra], self.names[rb]
        if names_a != names_b:
            for a in names_a:
                for b in names_b:
                    if not names_fit(a, b):
                        return False
        forbid = self.forbid
        if forbid:
            find = self.find
            if any(find(x) == rb for x in forbid.get(ra, ())) or any(
                    find(x) == ra for x in forbid.get(rb, ())):
                return False
        return True

    def union(self, a: int, b: int, reason: str, *, forced: bool = False,
              names_fit=names_match, count: bool = True) -> bool:
        parent = self.parent
        ra = a if parent[a] == a else self.find(a)
        rb = b if parent[b] == b else self.find(b)
        if ra == rb:
            if self.by_hand and ra in self.by_hand:
                why = self.why.setdefault(ra, [])
                if len(why) < MAX_REASONS and reason not in why:
                    why.append(reason)
            return True
        if not forced and not self.compatible(ra, rb, names_fit):
            if count:
                self.refuse(a)
            return False
        if rb < ra:  # the smaller index (owners first, then newest records) represents
            ra, rb = rb, ra
        parent[rb] = ra
        if self.by_hand and rb in self.by_hand:
            self.by_hand.discard(rb)
            self.by_hand.add(ra)
        all_names = self.names
        names, theirs = all_names[ra], all_names[rb]
        if theirs and theirs != names:
            for n in theirs:
                # A spelling let in by a strong key despite a given name that does not fit
                # ("Rch") is not kept for later checks, or it would refuse every later join.
                if n not in names and len(names) < MAX_NAMES and all(
                        names_match(n, m) for m in names):
                    names.append(n)
        all_names[rb] = _NO_NAMES  # never a root again, so never added to
        if self.forbid and rb in self.forbid:
            self.forbid.setdefault(ra, set()).update(self.forbid.pop(rb))
        links = self.links
        if links[rb]:
            links[ra] = (links[ra] or frozenset()) | links[rb]
        whys = self.why
        why, old = whys.get(ra), whys.pop(rb, ())
        if why is None:
            why = whys[ra] = [reason]
        elif len(why) < MAX_REASONS and reason not in why:
            why.append(reason)
        for r in old:
            if len(why) >= MAX_REASONS:
                break
            if r not in why:
                why.append(r)
        return True


def resolve(
    items: Sequence[Item],
    merges: Sequence[tuple[str, str]] = (),
    splits: Sequence[tuple[str, str]] = (),
) -> Resolution:
    """Return which items are one person; ``merges``/``splits`` are hand decisions by uid.

    Deterministic for a given item order: the caller sorts (owners first, newest batch first).
    """
    c = _strong(items, merges, splits)
    sets = _Sets(items, c)
    _fuzzy(c, sets)
    _partial(c, sets)
    cluster = [c.find(i) for i in range(len(items))]
    return Resolution(cluster=cluster, why=c.why, blocked=c.blocked)


def _strong(
    items: Sequence[Item],
    merges: Sequence[tuple[str, str]] = (),
    splits: Sequence[tuple[str, str]] = (),
    touch=None,
    track: bool = False,
) -> _Clusters:
    """Return the clusters after tiers 1 and 2, with names spelt from keys where none is known:
    what tiers 3 and 4 start from.

    ``touch(i, j)``, when given, hears of every two items a hand decision or a shared key puts
    in one another's way, whether or not they join; ``track`` keeps whose each refusal was in
    ``refused`` (both for ``graph/reresolve.py``).
    """
    index = {it.uid: i for i, it in enumerate(items)} if merges or splits else {}
    forbid: dict[int, set[int]] = defaultdict(set)
    for a, b in splits:
        if a in index and b in index:
            forbid[index[a]].add(index[b])
            forbid[index[b]].add(index[a])
            if touch is not None:
                touch(index[a], index[b])
    c = _Clusters(items, {k: set(v) for k, v in forbid.items()})
    if track:
        c.refused = []
    hand: list[int] = []
    for a, b in merges:
        if a in index and b in index:
            if touch is not None:
                touch(index[a], index[b])
            if index[b] not in forbid.get(index[a], ()):
                c.union(index[a], index[b], "merged by hand", forced=True)
                hand.append(index[a])
    # Hand merges join first, so the keys their records share would join nothing and go
    # unexplained: for those clusters alone, a key shared inside still counts as a reason.
    c.by_hand = {c.find(i) for i in hand} or None

    # A profile or a mailbox is one person's unless the family names disagree; a phone number
    # is shared by households, so there the given names must fit too.
    for kind, attr, names_fit in (
        ("LinkedIn profile", "links", family_names_match),
        ("email", "emails", family_names_match),
        ("phone", "phones", names_match),
    ):
        # Every person already holding the key is tried, not only the first: when a relative
        # holds the family landline first, two records of one human sharing it still meet.
        holders: dict[str, list[int]] = {}
        mailbox = email_match_key if attr == "emails" else None
        for i, it in enumerate(items):
            keys = getattr(it, attr)
            if not keys:
                continue
            for k in keys:
                if mailbox is not None:
                    k = mailbox(k)
                seen = holders.get(k)
                if seen is None:
                    holders[k] = [i]
                    continue
                if touch is not None:
                    touch(seen[0], i)
                if not _join_any(c, seen, i, f"same {kind} {k}", names_fit):
                    seen.append(i)
    c.by_hand = None

    _names_from_keys(c, items)
    return c


def _join_any(c: _Clusters, holders: list[int], i: int, reason: str, names_fit) -> bool:
    """Join item ``i`` to the first of ``holders`` (items in different clusters that hold one
    key) it is compatible with; a refusal counts once, however many holders refused."""
    for j in holders:
        if c.union(j, i, reason, names_fit=names_fit, count=False):
            if len(holders) > 1:  # holders that this join made one person are listed once
                roots: dict[int, int] = {}
                for h in holders:
                    roots.setdefault(c.find(h), h)
                holders[:] = roots.values()
            return True
    c.refuse(i)
    return False


def _names_from_keys(c: _Clusters, items: Sequence[Item]) -> None:
    """Give a person known by no full name the one their profile address or work address
    spells: "Roland" with ``linkedin.com/in/roland-winkler-90139d68`` is Roland Winkler, and a
    card holding only ``wulf_biggen@krausbauer.de`` is Wulf Biggen's.

    Done after the strong keys, so a spelt name never refuses a join a shared key proposed;
    the later tiers then compare it like a written one.
    """
    for i, it in enumerate(items):
        if it.name.family or not (it.links or it.emails):
            continue
        r = c.find(i)
        names = c.names[r]
        if any(n.family for n in names):
            continue
        for spelt in _spelt_names(it):
            if all(names_match(spelt, n) for n in names):
                c.names[r] = [spelt]
                break


def _spelt_names(it: Item):
    for link in it.links:
        spelt = profile_name(link)
        if spelt and given_names_match(spelt.given, it.name.given):
            yield spelt
    if not it.name:
        for e in it.emails:
            if not is_free_mail(email_domain(e)):
                spelt = address_name(e)
                if spelt:
                    yield spelt


def _blocks(c: _Clusters, sets: _Sets) -> tuple[dict, Counter]:
    """Return tier 3's blocks (organisation and name word: the clusters in it, in item order)
    and how many clusters hold each family name at each organisation."""
    # Blocks: one family name (nicknames, given-name typos); one given name with the family
    # name's first letter (family-name typos keep it); the two words in either order (swaps).
    blocks: dict[tuple[str, tuple[str, str, str]], list[int]] = defaultdict(list)
    # A family name shared by more than MAX_BLOCK people at one company says nothing, however
    # its block is cut by initials.
    family_size: Counter[tuple[str, str]] = Counter()
    all_names = c.names
    for r, its_orgs in sets.orgs.items():
        names = all_names[r]
        if not names:
            continue
        words = _fuzzy_words(names[0]) if len(names) == 1 else sorted(
            {w for n in names for w in _fuzzy_words(n)})
        if not words:
            continue
        # Sorted: the order blocks are met in decides which joins come first, and set order
        # changes from one process to the next with string hashing.
        families = {w[1] for w in words if w[0] == "f"}
        for org in sorted(its_orgs) if len(its_orgs) > 1 else its_orgs:
            for w in words:
                blocks[org, w].append(r)
            for f in families:
                family_size[org, f] += 1
    return blocks, family_size


def _fuzzy(c: _Clusters, sets: _Sets, touch=None, sizes=None, blocks=None) -> None:
    """Join clusters by name within one organisation (tier 3 of the module docstring).

    ``touch(a, b)`` hears of every two clusters whose names score high enough to join;
    ``sizes`` (block sizes, family sizes) stands in for the counts of these items alone when
    they are part of a larger store (``graph/reresolve.py``); ``blocks``: :func:`_blocks`, when
    the caller has them already.
    """
    phones, company_mail = sets.phones, sets.company_mail
    if blocks is None or sizes is None:
        blocks, family_size = _blocks(c, sets)
    if sizes is not None:
        block_size, family_size = sizes
    all_names = c.names
    find = c.find
    # In the order of the blocks' names, not of the items that first filled them: so the
    # order two blocks are met in never depends on a third person's record, and a part of the
    # store resolved alone meets its blocks in the order the whole store does
    # (graph/reresolve.py). Sorted tuples of strings: the same in every process.
    for (org, w), members in sorted(blocks.items()):
        if len(members) < 2 or (
                len(members) if sizes is None else block_size[org, w]) > MAX_BLOCK or (
                w[0] == "f" and family_size[org, w[1]] > MAX_BLOCK):
            continue
        for x in range(len(members) - 1):
            ra = find(members[x])
            for y in range(x + 1, len(members)):
                rb = find(members[y])
                if ra == rb:
                    continue
                names_a, names_b = all_names[ra], all_names[rb]
                if len(names_a) == 1 and len(names_b) == 1:
                    best = name_score(names_a[0], names_b[0])
                else:
                    best = max((name_score(a, b) for a in names_a for b in names_b),
                               default=0.0)
                if best < FUZZY_THRESHOLD:
                    continue
                if touch is not None:
                    touch(ra, rb)
                if _conflict(ra, rb, phones, company_mail):
                    continue
                if c.union(ra, rb, f"name {_show(names_a[0])} ~ {_show(names_b[0])} at the "
                                   f"same organisation (score {best:.2f})"):
                    root = find(ra)
                    sets.merge(root, rb if root == ra else ra)
                    ra = root


def _conflict(ra: int, rb: int, phones: dict[int, set[str]],
              company_mail: dict[int, set[str]]) -> bool:
    """Return True when two clusters hold contact details that say two people."""
    pa, pb = phones.get(ra), phones.get(rb)
    if pa and pb and not (pa & pb):
        return True  # two different mobile numbers
    ma, mb = company_mail.get(ra), company_mail.get(rb)
    if ma and mb and not (ma & mb):
        domains_a = {email_domain(e) for e in ma}
        if any(email_domain(e) in domains_a for e in mb):
            return True  # two different addresses at one company: two colleagues
    return False


class _Sets:
    """Per cluster root: its organisations, phones, company addresses, and whether it holds
    any key at all; kept current as tiers 3 and 4 join clusters."""

    def __init__(self, items: Sequence[Item], c: _Clusters):
        self.orgs: dict[int, set[str]] = defaultdict(set)
        self.phones: dict[int, set[str]] = defaultdict(set)
        self.company_mail: dict[int, set[str]] = defaultdict(set)
        self.titles: dict[int, set[str]] = defaultdict(set)
        self.links: dict[int, set[str]] = defaultdict(set)
        self.books: dict[int, set[str]] = defaultdict(set)
        orgs, phones, company_mail = self.orgs, self.phones, self.company_mail
        titles, links, books = self.titles, self.links, self.books
        find = c.find
        for i, it in enumerate(items):
            r = find(i)
            if it.book:
                books[r].add(it.book)
            if it.title:
                titles[r].add(_title(it.title))
            if it.links:
                links[r].update(it.links)
            if it.org:
                orgs[r].add(it.org)
            if it.phones:
                phones[r].update(it.phones)
            for e in it.emails:
                if not is_free_mail(email_domain(e)):
                    company_mail[r].add(email_match_key(e))

    def merge(self, root: int, other: int) -> None:
        for table in (self.orgs, self.phones, self.company_mail, self.titles, self.links,
                      self.books):
            if other in table:
                table[root] = table.get(root, set()) | table.pop(other)


def _agreeing_fact(given: NameKey, names: list[NameKey], titles: set[str] | tuple,
                   their_titles: set[str] | tuple, links: set[str] | tuple) -> str:
    """Return what, besides a given name, says a given-name-only record is this person: the
    same title, or a profile address spelling a full name that fits theirs; "" when nothing."""
    same = sorted(set(titles) & set(their_titles))
    if same:
        return f"with the same title '{same[0]}'"
    for link in sorted(links):
        spelt = profile_name(link)
        if spelt and given_names_match(spelt.given, given.given) and all(
                names_match(spelt, n) for n in names):
            return f"whose name the profile {link} spells"
    return ""


@functools.lru_cache(maxsize=1 << 16)
def _title(text: str) -> str:
    return " ".join(text.casefold().split())


def _is_partial(n: NameKey) -> bool:
    return not n.family or n.initial_only or not n.given


def _partial(c: _Clusters, sets: _Sets) -> None:
    """Join a person known only as "D. Crawford" or "Tanya" at a company, or only by a full
    name with no company, to the one person whose full name fits (tier 4 of the module
    docstring), and only when exactly one does: guessing between two Davids is how a tool
    invents a relationship.
    """
    _join(c, sets, _decide(c, sets))


def _kind(c: _Clusters, sets: _Sets, r: int) -> str:
    """Return what tier 4 does with the cluster rooted at ``r``: "partial" ("D. Crawford" at a
    company) and "given" ("Tanya" at one) and "lonely" (a full name with no company) look a
    person up, "full" is one to be found, "" neither."""
    names = c.names[r]
    if not names:
        return ""
    if all(_is_partial(n) for n in names):
        if any(n.family for n in names):
            return "partial" if sets.orgs.get(r) else ""
        return "given" if r in sets.orgs else ""
    # A work address says where, even with no company written: such a card is not
    # company-less, and the same name at another company may be a namesake.
    if r not in sets.orgs and r not in sets.company_mail and not any(
            _is_partial(n) for n in names):
        return "lonely"
    return "full"


def _decide(c: _Clusters, sets: _Sets, only: set[int] | None = None
            ) -> list[tuple[int, int, str]]:
    """Return each lookup's decision, (lookup, the one cluster it fits, why), in the order the
    joins are made; ``only``: decide just these lookups (the clusters they could fit must all
    be among ``c``'s)."""
    orgs, phones, company_mail = sets.orgs, sets.phones, sets.company_mail
    all_names = c.names
    find = c.find
    roots = sorted({find(i) for i in range(len(c.parent))})
    partial: list[int] = []
    given_only: list[int] = []
    full: list[int] = []
    lonely: list[int] = []  # full names with no company: fit against the whole store
    for r in roots:
        kind = _kind(c, sets, r)
        if kind == "full" or kind == "lonely":
            full.append(r)
        if only is not None and r not in only:
            continue
        if kind == "partial":
            partial.append(r)
        elif kind == "given":
            given_only.append(r)
        elif kind == "lonely":
            lonely.append(r)
    # Only what some partial name will look up is indexed: the organisations they are at, and
    # the (family name, initial) pairs of the company-less names.
    wanted = {org for r in partial for org in orgs.get(r, ())}
    wanted_swapped = set(wanted)
    wanted.update(org for r in given_only for org in orgs[r])
    wanted_family = {(n.family, i) for r in lonely for n in all_names[r]
                     for i in _initials(n.given)}
    direct: dict[tuple[str, str], list[int]] = defaultdict(list)
    swapped: dict[tuple[str, str], list[int]] = defaultdict(list)
    # Full names by family name and the initials their given name can stand for: every given
    # name that fits another (same, typo, initial, nickname) shares one of these initials.
    by_family: dict[tuple[str, str], list[int]] = defaultdict(list)
    for r in full:
        its_orgs = [org for org in orgs.get(r, ()) if org in wanted]
        for n in all_names[r]:
            if _is_partial(n):
                continue
            for i in _initials(n.given):
                if (n.family, i) in wanted_family:
                    by_family[n.family, i].append(r)
            for org in its_orgs:
                for w in _block_words(n):
                    direct[org, w].append(r)
                if org in wanted_swapped:
                    for w in _block_words(NameKey(n.family, n.given)):
                        swapped[org, w].append(r)

    def fits(r: int, index: dict, org: str) -> list[int]:
        names = c.names[r]
        found: set[int] = set()
        for n in names:
            for w in _block_words(n):
                found.update(c.find(x) for x in index.get((org, w), ()))
        found.discard(r)
        return sorted(s for s in found if all(
            names_match(a, b) for a in names for b in c.names[s])
            and not _conflict(r, s, phones, company_mail))

    # Every lookup is decided against the clusters tier 3 left, before any of them joins:
    # what "D. Crawford" finds then depends on the people at his company, never on which other
    # partial name happened to be looked up first. (That is what lets graph/reresolve.py decide
    # again only the lookups a change can reach.)
    decided: list[tuple[int, int, str]] = []  # (lookup, the one cluster it fits, why)
    for r in partial:
        if not orgs.get(r):
            continue
        for index in (direct, swapped):
            found = sorted({s for org in orgs[r] for s in fits(r, index, org)})
            if found:
                break
        if len(found) == 1:
            n, m = all_names[r][0], all_names[found[0]][0]
            decided.append((r, found[0], f"{_show(n)} is the only person named so at the "
                                         f"organisation ({_show(m)})"))
    # A given name alone ("Tanya" at Frye-Martin) joins the one Tanya the store knows there
    # only when a second fact agrees: the same job title written beside it ("Tanya, Head of
    # Procurement"), or a profile address that spells her full name; or, failing those, when
    # the book holding "Tanya" does not already hold that Tanya under her full name (one book
    # keeps one card per human: a bare "Tanya" beside "Tanya McCormick" is another Tanya) and
    # no title written on both sides disagrees.
    for r in given_only:
        found = sorted({s for org in orgs[r] for s in fits(r, direct, org)})
        mine = sets.titles.get(r)
        if len(found) > 1 and mine:
            # Several Roberts there, but one Robert who is an Operations Manager.
            found = [s for s in found if mine & sets.titles.get(s, set())]
        if len(found) != 1:
            continue
        s = found[0]
        agree = _agreeing_fact(all_names[r][0], all_names[s], sets.titles.get(r, ()),
                               sets.titles.get(s, ()), sets.links.get(r, ()))
        if not agree and not (sets.titles.get(r) and sets.titles.get(s)) and not (
                sets.books.get(r, set()) & sets.books.get(s, set())):
            agree = "and not already in the same book"
        if agree:
            decided.append((r, s, f"{_show(all_names[r][0])} is the only person named so at "
                                  f"the organisation ({_show(all_names[s][0])}), {agree}"))
    # A full name with no company: the one person in the whole store whose name fits (the
    # same family name, a given name that fits), or, when several do, the one of them with the
    # same title ("Nicole Taylor, Buyer"). Contact details that differ refuse it as above.
    for r in lonely:
        names = all_names[r]
        found = sorted({s for n in names for i in _initials(n.given)
                        for s in by_family.get((n.family, i), ())} - {r})
        found = [s for s in found if all(names_match(a, b) for a in names for b in all_names[s])
                 and not _conflict(r, s, phones, company_mail)]
        # Other cards with no company do not make it ambiguous: they are as likely the same
        # human's, and will join the same person in their turn.
        found = [s for s in found if s in orgs] or found
        why = "the only person of that name"
        mine = sets.titles.get(r)
        if len(found) > 1 and mine:
            found = [s for s in found if mine & sets.titles.get(s, set())]
            why = f"the only person of that name with the title '{sorted(mine)[0]}'"
        if len(found) == 1:
            decided.append((r, found[0], f"{_show(names[0])} is {why} "
                                         f"({_show(all_names[found[0]][0])})"))
    return decided


def _join(c: _Clusters, sets: _Sets, decided: list[tuple[int, int, str]]) -> list[int]:
    """Make tier 4's joins in the order decided; return the lookups whose join a conflict
    refused outright (counted in ``blocked``)."""
    # Two lookups that chose one person may still be two people ("J. Smith" with one mobile,
    # "J. Smith" with another): the second is refused once the first has brought its number,
    # as any join is.
    phones, company_mail = sets.phones, sets.company_mail
    refused = []
    for r, s, why in decided:
        rr, rs = c.find(r), c.find(s)
        if rr == rs or _conflict(rr, rs, phones, company_mail):
            continue
        if c.union(s, r, why):
            root = c.find(r)
            sets.merge(root, rs if root == rr else rr)
        else:
            refused.append(r)
    return refused


@functools.lru_cache(maxsize=1 << 18)
def _fuzzy_words(n: NameKey) -> tuple[tuple[str, str, str], ...]:
    """Return the blocks of tier 3 a name is found in, sorted: its family name with each
    initial its given name can stand for (a nickname or a typo of it shares one), its given name
    with the family initial (family-name typos keep it), its two words in either order (swaps).

    Every pair of names that can score :data:`FUZZY_THRESHOLD` shares one of these blocks; a
    name with no given name scores too little to join anyone here.
    """
    if not (n.family and n.given):
        return ()
    words = {("f", n.family, i) for i in _initials(n.given)}
    if len(n.given) > 1:
        words.add(("g", n.given, n.family[0]))
        words.add(("s", *sorted((n.given, n.family))))
    return tuple(sorted(words))


@functools.lru_cache(maxsize=1 << 16)
def _initials(given: str) -> frozenset[str]:
    return frozenset(f[0] for f in given_name_forms(given)) | {given[0]}


@functools.lru_cache(maxsize=1 << 18)
def _block_words(n: NameKey) -> frozenset[str]:
    """Return the words a name is found under: its family name, and its given name's forms."""
    words = set()
    if n.family:
        words.add("f:" + n.family)
    if len(n.given) > 1:
        words.update("g:" + g for g in given_name_forms(n.given))
    return frozenset(words)


def _show(n: NameKey) -> str:
    return f"'{n.given} {n.family}'".replace(" '", "'").replace("' ", "'")
