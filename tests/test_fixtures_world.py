"""The synthetic world in memory: its rules, its people, and the guarantees behind planted paths."""

from __future__ import annotations

import itertools
import re

import pytest

from intrograph.fixtures import MIN_OWNERS, generate_world
from intrograph.fixtures.model import CUTS, LADDER, TOP, Evidence, level_for, rule_strength
from intrograph.fixtures.render import render
from intrograph.fixtures.world import records_per_person

CLOSE = {"family", "friends", "coworkers"}


@pytest.fixture(scope="module")
def world():
    return generate_world(owners=8, people=300, seed=7)


@pytest.fixture(scope="module")
def big():
    return generate_world(owners=20, people=4000, seed=11)


@pytest.mark.parametrize("owners", [2, 1, 0, -3])
def test_fewer_than_three_owners_is_refused_with_the_minimum(owners):
    with pytest.raises(ValueError, match=r"owners must be at least 3 \(two reps and one friend\)"):
        generate_world(owners=owners, people=300)
    assert MIN_OWNERS == 3


def test_too_few_people_for_the_owners_is_refused():
    with pytest.raises(ValueError, match="people must be at least 20 for 10 owners; got 15"):
        generate_world(owners=10, people=15)


def test_same_seed_same_world_other_seed_other_world():
    first = generate_world(owners=4, people=50, seed=9)
    assert first == generate_world(owners=4, people=50, seed=9)
    assert first != generate_world(owners=4, people=50, seed=10)


def test_ladder_rungs_score_strictly_higher_under_the_rule():
    scores = [[rule_strength(ev) for ev in rung] for rung in LADDER]
    assert scores == [[0.2], [0.3], [0.45, 0.45], [0.6], [0.7, 0.7], [0.85]]
    grid = [i / 1000 for i in range(1, 1001)]
    assert [level_for(s) for s in grid] == sorted(level_for(s) for s in grid)
    assert [level_for(c) for c in CUTS] == [1, 2, 3, 4, 5]


@pytest.mark.parametrize("fixture", ["world", "big"])
def test_written_evidence_follows_the_true_strength(request, fixture):
    w = request.getfixturevalue(fixture)
    ties = []
    for book in w.books:
        best: dict[int, tuple[float, int]] = {}
        for e in book.entries:
            s, lvl = best.get(e.person, (0.0, -1))
            best[e.person] = (max(s, e.strength), max(lvl, e.level))
        for strength, lvl in best.values():
            assert lvl == level_for(strength)
            ties.append((strength, rule_strength(LADDER[lvl][0])))
    ties.sort()
    assert [r for _, r in ties] == sorted(r for _, r in ties)
    assert all(0 < s <= 1 for s, _ in ties)


@pytest.mark.parametrize("fixture", ["world", "big"])
def test_every_card_shows_exactly_the_evidence_of_its_rung(request, fixture):
    w = request.getfixturevalue(fixture)
    for book in w.books:
        for entry in book.entries:
            card = render(w, entry)
            shown = Evidence(bool(card.emails or card.phones), bool(card.phones), card.starred,
                             bool({x.lower() for x in card.labels} & CLOSE))
            assert shown == entry.evidence, (book.owner, entry)
            assert card.full_name or card.emails or card.phones


def test_owners_have_unique_short_first_name_handles(world):
    handles = [o.handle for o in world.owners]
    assert len(set(handles)) == len(handles) == 8
    for o in world.owners:
        assert re.fullmatch(r"[a-z]+", o.handle)
        assert o.handle == world.people[o.person].given.lower()


def test_most_owners_are_a_team_who_hold_each_other_as_coworkers(world):
    team = [o for o in world.owners if o.team]
    assert len(team) > len(world.owners) / 2
    assert all(world.people[o.person].org == world.ours for o in team)
    assert all(world.people[o.person].org != world.ours for o in world.owners if not o.team)
    books = {b.owner: b for b in world.books}
    for a, b in itertools.permutations(team, 2):
        held = [e for e in books[a.handle].entries if e.person == b.person]
        assert held and all(e.close == "Coworkers" and e.evidence.close for e in held)


def test_nobody_shares_an_email_or_a_phone(big):
    emails = [e for p in big.people for e in (p.work_email, p.personal_email) if e]
    emails += [j[2] for p in big.people for j in p.past]
    phones = [p.phone for p in big.people]
    assert len(set(emails)) == len(emails) and len(set(phones)) == len(phones)


def test_book_sizes_fit_the_world(world, big):
    sizes = sorted(len(b.entries) for b in world.books)
    assert 25 <= sizes[0] and sizes[-1] <= 200
    assert world.records == pytest.approx(300 * records_per_person(300), rel=0.2)
    assert big.records == pytest.approx(4000 * records_per_person(4000), rel=0.2)


@pytest.mark.parametrize("fixture", ["world", "big"])
def test_the_guarantees_behind_each_planted_path(request, fixture):
    w = request.getfixturevalue(fixture)
    owner_at = {o.person: o for o in w.owners}
    books = {o.person: b for o, b in zip(w.owners, w.books, strict=True)}
    planted_pairs = {frozenset(p.people[:2]) for p in w.planted}
    assert len(w.planted) == 2 and w.planted[0].account != w.planted[1].account
    for path in w.planted:
        rep, friend, target = path.people
        assert owner_at[rep].team and not owner_at[friend].team
        assert path.owner == owner_at[rep].handle
        assert path.account != w.ours and w.people[target].org == path.account
        staff = {i for i, p in enumerate(w.people) if p.org == path.account}
        for who, book in books.items():
            held = [e for e in book.entries if e.person in staff]
            if who != friend:
                assert held == []  # nobody else holds anyone at the account
            else:
                assert max(e.level for e in held if e.person == target) == TOP
                assert all(not e.evidence.star for e in held if e.person != target)
            starred_friend = any(e.person == friend and e.evidence.star for e in book.entries)
            assert not starred_friend or who == rep
        assert not any(e.person in owner_at and owner_at[e.person].team and e.person != rep
                       for e in books[friend].entries)
        assert all(path.account not in [j[0] for j in p.past] for p in w.people)
    for a, b in itertools.combinations(owner_at, 2):
        top_ab = any(e.person == b and e.level == TOP for e in books[a].entries)
        top_ba = any(e.person == a and e.level == TOP for e in books[b].entries)
        assert not (top_ab and top_ba) or frozenset((a, b)) in planted_pairs


def test_three_owners_share_one_rep_and_one_friend_for_both_accounts():
    w = generate_world(owners=3, people=30, seed=4)
    assert [o.team for o in w.owners] == [True, True, False]
    assert w.planted[0].people[:2] == w.planted[1].people[:2]
