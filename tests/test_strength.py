"""The strength model: the address-book rule, each signal's effect, decay, ratings, bands."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intrograph.graph.strength import (
    MAX_STRENGTH,
    RATING_STRENGTH,
    Activity,
    BookSignals,
    Direction,
    StrengthWeights,
    band,
    book_signals,
    combine,
    cost,
    record_strength,
    score_tie,
)
from intrograph.graph.ties import Message, activities, mutual_counts
from intrograph.models import ContactPoint, ContactRecord


def rec(**kw) -> ContactRecord:
    return ContactRecord(file="contacts.csv", record=1, full_name="Ann Lee", **kw)


@pytest.mark.parametrize(
    ("kw", "expected", "words"),
    [
        ({}, 0.20, ["name only"]),
        ({"emails": [ContactPoint(value="a@x.com")]}, 0.30, ["email saved"]),
        ({"phones": [ContactPoint(value="+14155550100")]}, 0.45, ["phone saved"]),
        ({"phones": [ContactPoint(value="1")], "starred": True}, 0.70, ["starred"]),
        ({"phones": [ContactPoint(value="1")], "starred": True, "labels": ["family"]}, 0.85,
         ["starred", "label family"]),
        ({"emails": [ContactPoint(value="a@x.com")], "labels": ["book club"]}, 0.30, []),
    ],
)
def test_record_strength_and_its_explanation(kw, expected, words):
    s, ev = record_strength(rec(**kw), "dana")
    assert s == pytest.approx(expected)
    assert ev.kind == "address_book" and ev.owner == "dana"
    assert "dana's contacts (contacts.csv)" in ev.detail
    for w in words:
        assert w in ev.detail


def test_reciprocal_ties_combine_and_stay_below_certainty():
    assert combine([0.85, 0.85]) == pytest.approx(0.9775)
    assert combine([0.5]) == pytest.approx(0.5)
    assert combine([0.95, 0.95, 0.95]) == MAX_STRENGTH


def test_cost_turns_products_into_sums():
    assert cost(0.5) + cost(0.4) == pytest.approx(-math.log(0.2))
    assert cost(1.0) == 0


# --- the strength model: every signal's effect, with a fixed clock ---------------------------

TODAY = dt.date(2026, 11, 24)
PLAIN = BookSignals(file="c.csv", reachable=True, phone=False, starred=False)


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def tie(*directions: Direction, mutual: int = 0, **weights):
    return score_tie(directions, TODAY, StrengthWeights(**weights), mutual=mutual)


def _replace(b: BookSignals, **kw) -> BookSignals:
    fields = {f: getattr(b, f) for f in BookSignals.__slots__}
    return BookSignals(**{**fields, **kw})


def talk(last: int, days: int = 3, sent: int = 2, received: int = 2, **kw) -> Activity:
    return Activity(sent=sent, received=received, days=days, first=days_ago(last + 30),
                    last=days_ago(last), **kw)


@pytest.mark.parametrize(
    ("more", "words"),
    [
        ({"starred": True}, "starred"),
        ({"phone": True}, "phone saved"),
        ({"personal_email": True}, "personal email saved"),
        ({"close": ("family",)}, "label family"),
        ({"connected_on": dt.date(2014, 5, 1)}, "known since 2014 (13 years)"),
    ],
)
def test_each_address_book_signal_adds_strength_and_says_so(more, words):
    base = tie(Direction("dana", book=PLAIN))
    stronger = tie(Direction("dana", book=_replace(PLAIN, **more)))
    assert stronger.strength > base.strength
    assert words in stronger.evidence[0].detail and words not in base.evidence[0].detail


def test_a_linkedin_only_connection_is_weaker_than_a_saved_phone():
    linkedin = _replace(PLAIN, reachable=False, linkedin=True, connected_on=dt.date(2014, 1, 1))
    s = tie(Direction("dana", book=linkedin))
    assert "LinkedIn only" in s.evidence[0].detail
    assert s.strength < tie(Direction("dana", book=_replace(PLAIN, phone=True))).strength


@given(st.integers(0, 3000), st.integers(0, 3000), st.booleans())
def test_more_recent_contact_is_never_weaker(a, b, with_activity):
    recent, older = min(a, b), max(a, b)

    def at(n: int) -> float:
        d = Direction("dana", book=_replace(PLAIN, last_contacted=days_ago(n)),
                      activity=talk(n) if with_activity else None)
        return tie(d).strength

    assert at(recent) >= at(older)


@given(st.integers(1, 60), st.integers(0, 5))
def test_more_active_days_and_more_mutual_contacts_are_never_weaker(days, mutual):
    def s(d: int, m: int) -> float:
        return tie(Direction("dana", activity=talk(10, days=d)), mutual=m).strength

    assert s(days + 1, mutual) >= s(days, mutual)
    assert s(days, mutual + 1) > s(days, mutual)


def test_replies_both_ways_count_for_more_than_one_way_mail():
    both = tie(Direction("dana", activity=talk(5, sent=3, received=3)))
    one_way = tie(Direction("dana", activity=talk(5, sent=6, received=0)))
    assert both.strength > one_way.strength


def test_only_answered_mail_counts_as_reciprocity():
    # Same days, same total: fifty mails out and one back is one exchange, not twenty-five.
    lopsided = tie(Direction("dana", activity=talk(5, sent=50, received=1)))
    balanced = tie(Direction("dana", activity=talk(5, sent=25, received=26)))
    assert balanced.strength > lopsided.strength
    # Without the reciprocity part the two are the same tie: the difference is replies alone.
    assert (tie(Direction("dana", activity=talk(5, sent=50, received=1)), reciprocity=0).strength
            == tie(Direction("dana", activity=talk(5, sent=25, received=26)),
                   reciprocity=0).strength)


@given(st.integers(0, 80), st.integers(0, 80), st.booleans())
def test_more_mail_either_way_is_never_weaker(sent, received, more_sent):
    # Unanswered mail adds nothing, but it never takes anything away either.
    def s(a: int, b: int) -> float:
        return tie(Direction("dana", activity=talk(5, sent=a, received=b))).strength

    after = s(sent + 1, received) if more_sent else s(sent, received + 1)
    assert after >= s(sent, received)


def test_a_tie_gone_dark_decays_with_its_half_life_and_is_marked_dormant():
    starred = _replace(PLAIN, starred=True, phone=True)
    fresh = tie(Direction("dana", book=_replace(starred, last_contacted=days_ago(400))),
                recent=0)
    older = tie(Direction("dana", book=_replace(starred, last_contacted=days_ago(400 + 365))),
                recent=0)
    # With the recency part switched off only the half-life is left: a year halves it.
    assert older.strength == pytest.approx(fresh.strength / 2, rel=1e-4)
    assert band(fresh.strength, fresh.evidence) == "dormant"
    assert "no contact since 2025-10-20 (1.1 years)" in fresh.evidence[-1].detail
    warm = tie(Direction("dana", book=_replace(starred, last_contacted=days_ago(3))))
    assert band(warm.strength, warm.evidence) == "strong" and not warm.dormant


def test_undated_evidence_does_not_decay():
    undated = tie(Direction("dana", book=_replace(PLAIN, starred=True)))
    assert undated.strength == pytest.approx(0.55) and not undated.dormant


@pytest.mark.parametrize("stars", [1, 5])
def test_a_manual_rating_outranks_everything_inferred(stars):
    close = Direction("dana", book=_replace(PLAIN, starred=True, phone=True, close=("family",)),
                      activity=talk(1, days=40), rating=stars)
    s = tie(close, mutual=9)
    assert s.strength == RATING_STRENGTH[stars]
    assert s.evidence[0].kind == "rating" and "rated this tie" in s.evidence[0].detail
    # A rating is never dormant: the owner said what the tie is worth today.
    old = Direction("dana", book=_replace(PLAIN, last_contacted=days_ago(5000)), rating=stars)
    assert not tie(old).dormant


def test_directions_combine_and_the_result_stays_in_range():
    a = Direction("dana", book=_replace(PLAIN, starred=True, phone=True, close=("friends",)))
    b = Direction("luis", book=_replace(PLAIN, starred=True, phone=True, close=("friends",)),
                  activity=talk(0, days=100))
    s = tie(a, b, mutual=50)
    assert s.strength == MAX_STRENGTH
    assert any(e.kind == "reciprocal" for e in s.evidence)
    lonely = tie(Direction("dana", book=_replace(PLAIN, reachable=False,
                                                 last_contacted=days_ago(9000))))
    assert lonely.strength == 0.01


def test_bands():
    assert [band(x) for x in (0.9, 0.7, 0.5, 0.4, 0.2)] == [
        "strong", "strong", "good", "good", "weak"]


def test_book_signals_tell_personal_from_work_email():
    r = rec(emails=[ContactPoint(value="ann@gmail.com"), ContactPoint(value="ann@acme.com")],
            connected_on=dt.date(2020, 1, 2))
    b = book_signals(r, free_mail=["ann@gmail.com"])
    assert b.personal_email and b.work_email and b.connected_on == dt.date(2020, 1, 2)


def test_activities_count_each_way_from_the_owner_side_only():
    at = dt.datetime(2026, 11, 1, 9, 0)
    msgs = [
        Message("dana", at, "dana@x.com", ("bob@y.com", "cy@y.com")),
        Message("dana", at + dt.timedelta(days=2), "bob@y.com", ("dana@x.com",)),
        Message("dana", at, "bob@y.com", ("cy@y.com",)),  # dana not in it: not her evidence
        Message("dana", dt.datetime(2027, 1, 1), "bob@y.com", ("dana@x.com",)),  # after today
        Message("dana", at, "dana@x.com", ("stranger@z.com",)),  # nobody we know
    ]
    acts = activities(msgs, {"dana": frozenset({"dana@x.com"})},
                      {"bob@y.com": "p-bob", "cy@y.com": "p-cy"}, TODAY, 90)
    assert set(acts) == {("dana", "p-bob"), ("dana", "p-cy")}
    bob = acts["dana", "p-bob"]
    assert (bob.sent, bob.received, bob.days, bob.lately) == (1, 1, 2, 2)
    assert bob.last == dt.date(2026, 11, 3) and bob.channels == ("email",)


def test_mutual_counts_are_common_neighbours():
    pairs = [("a", "b"), ("a", "c"), ("b", "c"), ("c", "d")]
    assert mutual_counts(pairs) == {("a", "b"): 1, ("a", "c"): 1, ("b", "c"): 1, ("c", "d"): 0}


directions = st.builds(
    Direction,
    owner=st.sampled_from(["dana", "luis"]),
    book=st.none() | st.builds(
        BookSignals, file=st.just("c.csv"), reachable=st.booleans(), phone=st.booleans(),
        starred=st.booleans(), close=st.sampled_from([(), ("family",)]),
        personal_email=st.booleans(), connected_on=st.none() | st.dates(max_value=TODAY),
        last_contacted=st.none() | st.dates(max_value=TODAY)),
    activity=st.none() | st.builds(
        talk, last=st.integers(0, 4000), days=st.integers(1, 300), sent=st.integers(0, 50),
        received=st.integers(0, 50)),
    rating=st.none() | st.integers(1, 5),
).filter(lambda d: d.book or d.activity or d.rating)  # derive_ties never makes an empty one


@given(st.lists(directions, min_size=1, max_size=3), st.integers(0, 500))
def test_every_tie_is_in_range_and_explains_itself(ds, mutual):
    s = tie(*ds, mutual=mutual)
    assert 0.01 <= s.strength <= MAX_STRENGTH
    assert s.evidence and all(e.detail for e in s.evidence)
    assert band(s.strength, s.evidence) in {"strong", "good", "weak", "dormant"}
