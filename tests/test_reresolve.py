"""graph/reresolve.py: a Resolver that redoes only what a change touches gives exactly what
resolve() gives from scratch, through books added, removed, edited and re-imported and hand
decisions made, and redoes less than everything."""

from __future__ import annotations

import dataclasses
import random

import pytest

import intrograph.graph.derive as derive_mod
from intrograph.fixtures.records import world_facts
from intrograph.fixtures.world import generate_world
from intrograph.graph.derive import derive
from intrograph.graph.reresolve import Resolver
from intrograph.graph.resolve import MAX_BLOCK, Item, resolve
from intrograph.loaders.names import name_key


def _world(seed: int, monkeypatch, people: int = 500):
    """Return derive()'s items for a small noisy world (in derive's order) with each record's
    batch (0 for owners)."""
    owners, facts, _ = world_facts(generate_world(owners=10, people=people, seed=seed,
                                                  noisy=True))
    seen = {}

    def spy(items, merges, splits):
        seen["items"] = list(items)
        return resolve(items, merges, splits)

    monkeypatch.setattr(derive_mod, "resolve", spy)
    derive(facts, owners)
    batch = {f.uid: f.batch_id for f in facts}
    return seen["items"], batch


def _same(res, items, merges=(), splits=()) -> None:
    whole = resolve(items, merges, splits)
    assert res.cluster == whole.cluster
    assert res.why == whole.why
    assert res.blocked == whole.blocked


def _step(resolver: Resolver, items, batch, merges=(), splits=()):
    res = resolver.update(items, merges, splits, [batch.get(it.uid, 0) for it in items])
    _same(res, items, merges, splits)
    return res


@pytest.mark.parametrize("seed", [3, 11])
def test_books_added_one_by_one_resolve_as_from_scratch(seed, monkeypatch):
    items, batch = _world(seed, monkeypatch)
    books = sorted({it.book for it in items if it.book})
    resolver = Resolver()
    redone = []
    for n in range(1, len(books) + 1):
        have = set(books[:n])
        now = [it for it in items if not it.book or it.book in have]
        _step(resolver, now, batch)
        redone.append((resolver.stats.resolved, len(now)))
    # The last book was not resolved with the whole store again.
    assert redone[-1][0] < redone[-1][1]


def test_books_removed_edited_and_reimported(monkeypatch):
    items, batch = _world(7, monkeypatch)
    books = sorted({it.book for it in items if it.book})
    resolver = Resolver()
    _step(resolver, items, batch)
    # Someone leaves: their book goes.
    gone = books[2]
    now = [it for it in items if it.book != gone]
    _step(resolver, now, batch)
    assert resolver.stats.removed > 0 and resolver.stats.resolved < len(now)
    # A record is edited: another phone, a typo in the name, a new employer.
    rng = random.Random(7)
    edited = list(now)
    for i in rng.sample(range(len(edited)), 25):
        it = edited[i]
        if not it.book:
            continue
        edited[i] = dataclasses.replace(
            it, phones=it.phones[:1] + ("+14155550100",), org=rng.choice([x.org for x in now]),
            name=name_key(it.name.given[:-1] + " " + it.name.family if it.name.given else "x"))
    _step(resolver, edited, batch)
    # A book is imported again: its records move to a newer batch (first in the order).
    again = books[0]
    newest = max(batch.values()) + 1
    batch2 = {u: (newest if any(it.uid == u and it.book == again for it in edited) else b)
              for u, b in batch.items()}
    order = sorted(edited, key=lambda it: (not it.uid.startswith("owner:"),
                                           -batch2.get(it.uid, 0), it.uid))
    _step(resolver, order, batch2)
    # And back to the whole world.
    _step(resolver, items, batch)


def test_hand_decisions_are_changes_like_any_other(monkeypatch):
    items, batch = _world(5, monkeypatch)
    rng = random.Random(5)
    uids = [it.uid for it in items if it.book]
    merges = [tuple(rng.sample(uids, 2)) for _ in range(4)]
    splits = [tuple(rng.sample(uids, 2)) for _ in range(4)]
    resolver = Resolver()
    _step(resolver, items, batch)
    _step(resolver, items, batch, merges[:2], splits[:2])
    assert resolver.stats.resolved < len(items)
    _step(resolver, items, batch, merges, splits)
    _step(resolver, items, batch, merges[2:], splits[1:])
    _step(resolver, items, batch)


def _item(uid: str, name: str, org: str = "", **kw) -> Item:
    return Item(uid, name_key(name), org=org, **kw)


def test_a_new_card_can_take_a_lookup_away_from_an_untouched_person():
    """"D. Crawford" at Acme joins the one David Crawford there; a second one arriving in
    another book makes the lookup ambiguous, though neither old card changed."""
    old = [
        _item("r1", "D. Crawford", "o:acme", book="ann"),
        _item("r2", "David Crawford", "o:acme", phones=("+14155550101",), book="bob"),
    ]
    resolver = Resolver()
    first = resolver.update(old)
    assert first.cluster[0] == first.cluster[1]
    more = [_item("r0", "Dana Crawford", "o:acme", phones=("+14155550199",), book="cy"), *old]
    res = resolver.update(more)
    _same(res, more)
    assert res.cluster[1] != res.cluster[2]
    back = resolver.update(old)
    assert back.cluster[0] == back.cluster[1]


def test_a_family_growing_past_the_cut_off_parts_two_cards_it_had_joined():
    """Tier 3 says nothing about a family name more than MAX_BLOCK people share at one
    company. The card that makes it one too many touches neither "Jon Smith" nor "John
    Smith", yet it parts them."""
    rng = random.Random(1)
    crowd = []
    while len(crowd) < MAX_BLOCK - 2:
        given = "".join(rng.choice("bcdfgklmnprstvz") for _ in range(7))
        crowd.append(_item(f"c{len(crowd):03}", f"{given.title()} Smith", "o:big", book="ann"))
    pair = [_item("p1", "Jon Smith", "o:big", book="bob"),
            _item("p2", "John Smith", "o:big", book="cy")]
    old = [*pair, *crowd]
    resolver = Resolver()
    res = resolver.update(old)
    _same(res, old)
    assert res.cluster[0] == res.cluster[1]
    more = [_item("n1", "Quentin Smith", "o:big", book="dee"), *old]
    res = resolver.update(more)
    _same(res, more)
    assert res.cluster[1] != res.cluster[2]
    assert resolver.stats.changed == 1
    res = resolver.update(old)
    assert res.cluster[0] == res.cluster[1]


def test_a_namesake_at_another_company_takes_away_a_card_with_no_company():
    """"Nicole Taylor" with no company joins the one Nicole Taylor the store knows; a second
    one arriving at another company, in another book, makes it a guess, so it stays apart."""
    old = [
        _item("r1", "Nicole Taylor", book="ann"),
        _item("r2", "Nicole Taylor", "o:acme", phones=("+14155550101",), book="bob"),
    ]
    resolver = Resolver()
    res = resolver.update(old)
    assert res.cluster[0] == res.cluster[1]
    more = [_item("r0", "Nicole Taylor", "o:initech", phones=("+14155550199",), book="cy"),
            *old]
    res = resolver.update(more)
    _same(res, more)
    assert len({res.cluster[1], res.cluster[2], res.cluster[0]}) == 3
    # Only the new card went through tiers 1 to 3, and only the lookup was decided again.
    assert (resolver.stats.resolved, resolver.stats.lookups) == (1, 1)


def test_an_update_that_fails_starts_the_next_from_scratch(monkeypatch):
    items, batch = _world(3, monkeypatch, people=200)
    resolver = Resolver()
    _step(resolver, items, batch)
    import intrograph.graph.reresolve as reresolve_mod

    def broken(*args, **kwargs):
        raise RuntimeError("disk gone")

    with monkeypatch.context() as m:
        m.setattr(reresolve_mod, "_strong", broken)
        with pytest.raises(RuntimeError):
            resolver.update(items[1:], batches=[batch.get(it.uid, 0) for it in items[1:]])
    assert not resolver.parts
    _step(resolver, items[1:], batch)
    assert resolver.stats.resolved == len(items) - 1


def test_a_person_a_new_card_joins_is_checked_against_everyone_their_names_could_meet():
    """Esther Shelton's card shares Elisabeth Shelton's address, so it joins her, but
    "Esther" is not kept among the names she is compared under. When a new card of Elisabeth
    joins that person, "Ester Shelton" (one letter from a name the person holds) is resolved
    again with them, in a second pass, and still stays apart."""
    old = [
        _item("c1", "Elisabeth Shelton", "o:acme", emails=("es@acme.com",), book="ann"),
        _item("c2", "Esther Shelton", emails=("es@acme.com",), book="bob"),
        _item("q1", "Ester Shelton", "o:acme", book="cy"),
    ]
    resolver = Resolver()
    res = resolver.update(old)
    assert res.cluster == [0, 0, 2]
    more = [_item("x1", "Elisabeth Shelton", "o:acme", book="dee"), *old]
    res = resolver.update(more)
    _same(res, more)
    assert res.cluster == [0, 0, 0, 3]
    assert resolver.stats.rounds == 2
