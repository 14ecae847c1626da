"""graph/incremental.py: items it puts in different components never meet in resolve().

The property that would make a partial re-resolve exact: resolving one component alone (its items
in their original order) gives exactly that component's part of the full answer.
"""

from __future__ import annotations

import random

import pytest

import intrograph.graph.derive as derive_mod
from intrograph.fixtures.records import world_facts
from intrograph.fixtures.world import generate_world
from intrograph.graph.derive import derive
from intrograph.graph.incremental import components
from intrograph.graph.resolve import MAX_BLOCK, Item, resolve
from intrograph.loaders.names import name_key


def _world_items(seed: int, monkeypatch, decisions=()) -> tuple[list[Item], list, list]:
    """Return the items, merges and splits derive() hands resolve() for a small noisy world."""
    owners, facts, _ = world_facts(generate_world(owners=10, people=500, seed=seed, noisy=True))
    if decisions == "random":
        rng = random.Random(seed)
        uids = [f.uid for f in facts]
        decisions = [("merge", *rng.sample(uids, 2)) for _ in range(5)]
        decisions += [("split", *rng.sample(uids, 2)) for _ in range(5)]
    seen = {}

    def spy(items, merges, splits):
        seen["args"] = (list(items), list(merges), list(splits))
        return resolve(items, merges, splits)

    monkeypatch.setattr(derive_mod, "resolve", spy)
    derive(facts, owners, decisions)
    return seen["args"]


def _assert_parts_equal_whole(items, merges=(), splits=()) -> int:
    """Resolve every component alone and compare it with the full resolve; return how many
    components had more than one item."""
    whole = resolve(items, merges, splits)
    parts = components(items, merges, splits)
    assert sorted(i for members, _ in parts for i in members) == list(range(len(items)))
    blocked = 0
    for members, _ in parts:
        inside = {items[i].uid for i in members}
        part = resolve([items[i] for i in members],
                       [m for m in merges if m[0] in inside and m[1] in inside],
                       [s for s in splits if s[0] in inside and s[1] in inside])
        blocked += part.blocked
        assert [members[r] for r in part.cluster] == [whole.cluster[i] for i in members]
        assert {members[r]: why for r, why in part.why.items()} == {
            r: why for r, why in whole.why.items() if r in set(members)}
    assert blocked == whole.blocked
    return sum(len(members) > 1 for members, _ in parts)


@pytest.mark.parametrize("seed", [3, 11, 29])
def test_each_component_resolved_alone_is_its_part_of_the_whole(seed, monkeypatch):
    items, merges, splits = _world_items(seed, monkeypatch)
    shared = _assert_parts_equal_whole(items, merges, splits)
    assert shared > 0
    assert len(components(items)) > len(items) // 10  # it does cut the store into parts


def test_hand_merges_and_splits_keep_the_parts_exact(monkeypatch):
    items, merges, splits = _world_items(5, monkeypatch, decisions="random")
    assert merges and splits
    _assert_parts_equal_whole(items, merges, splits)
    index = {it.uid: i for i, it in enumerate(items)}
    where = {i: k for k, (members, _) in enumerate(components(items, merges, splits))
             for i in members}
    for a, b in (*merges, *splits):
        assert where[index[a]] == where[index[b]]


def _item(uid: str, name: str, org: str = "", **kw) -> Item:
    return Item(uid, name_key(name), org=org, **kw)


def test_a_partial_name_ties_together_everyone_it_could_be():
    # "J. Smith" at Acme joins the one Smith at Acme whose name fits: with both Jane and
    # John there it joins neither, so neither can be resolved without the other.
    items = [_item("a", "Jane Smith", "acme", book="x"), _item("b", "J. Smith", "acme", book="y"),
             _item("c", "John Smith", "acme", book="z"), _item("d", "Jane Smith", "initech")]
    parts = [members for members, _ in components(items)]
    assert [0, 1, 2] in parts and [3] in parts
    _assert_parts_equal_whole(items)
    assert resolve(items).cluster[1] == 1  # ambiguous: stays alone
    assert resolve([items[0], items[1], items[3]]).cluster[1] == 0  # only Jane: joins her


def test_a_card_with_no_company_meets_the_namesakes_it_could_be():
    items = [_item("a", "Nicole Taylor", "acme"), _item("b", "Nicole Taylor"),
             _item("c", "Nicole Taylor", "initech"), _item("d", "Mark Taylor", "initech")]
    parts = [members for members, _ in components(items)]
    assert [0, 1, 2] in parts and [3] in parts
    _assert_parts_equal_whole(items)


def test_a_block_past_the_size_cut_off_says_so_in_its_components():
    # MAX_BLOCK + 1 different Lees at one company: tier 3 skips the family "lee" there, and a
    # component holding one of them must be re-resolved when that flips.
    givens = [f"{a}{v}{b}o" for a in "bdfgkmprstvz" for v in "aeiu" for b in "lnrxm"]
    items = [_item(str(k), f"{g} Lee", "acme") for k, g in enumerate(givens[:MAX_BLOCK + 1])]
    parts = components(items)
    assert all(("f", "acme", "lee", True) in notes for _, notes in parts)
    fewer = components(items[:MAX_BLOCK])
    assert not any(("f", "acme", "lee", True) in notes for _, notes in fewer)
    _assert_parts_equal_whole(items)
