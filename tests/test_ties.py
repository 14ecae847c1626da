"""Ties in the store: the strength model applied to imported records, ratings and interactions."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from intrograph.graph.sqlite_store import SQLiteStore
from intrograph.graph.strength import band
from tests.conftest import card, owner, pending

DANA = owner("dana", "dana@northwind.com", "Dana Reyes")


def book(last_contacted: dt.date | None = None):
    return pending([
        card(1, "Bob Lee", emails=["bob@acme.com"], phones=["(415) 555-0100"], org="Acme Corp",
             starred=True, last_contacted=last_contacted),
        card(2, "Cara Diaz", emails=["cara@gmail.com"], org="Globex"),
    ])


def open_at(tmp_path, day: dt.date, name: str = "s.db") -> SQLiteStore:
    return SQLiteStore(tmp_path / name, today=day)


def bob_tie(store: SQLiteStore):
    dana = next(o.person_id for o in store.owners() if o.name == "dana")
    bob = next(p.id for p in store.people("bob"))
    return store.tie(dana, bob)


@pytest.mark.parametrize(
    ("today", "expected_band"),
    [(dt.date(2026, 3, 3), "strong"), (dt.date(2028, 3, 1), "dormant")],
)
def test_the_store_scores_ties_on_its_clock(tmp_path, today, expected_band):
    with open_at(tmp_path, today) as store:
        store.import_files(DANA, [book(dt.date(2026, 3, 1))])
        tie = bob_tie(store)
    assert band(tie.strength, tie.evidence) == expected_band
    assert "last contacted 2026-03-01" in tie.evidence[0].detail


def test_later_contact_never_weakens_a_tie(tmp_path):
    today = dt.date(2026, 11, 24)
    strengths = []
    for i, last in enumerate([dt.date(2020, 1, 1), dt.date(2025, 6, 1), dt.date(2026, 11, 20)]):
        with open_at(tmp_path, today, f"s{i}.db") as store:
            store.import_files(DANA, [book(last)])
            strengths.append(bob_tie(store).strength)
    assert strengths == sorted(strengths) and strengths[0] < strengths[-1]


# --- ratings --------------------------------------------------------------------------------


def ids(store: SQLiteStore) -> tuple[str, str, str]:
    dana = next(o.person_id for o in store.owners() if o.name == "dana")
    bob = next(p.id for p in store.people("bob"))
    cara = next(p.id for p in store.people("cara"))
    return dana, bob, cara


def test_a_rating_wins_over_inference_and_shows_as_evidence(tmp_path):
    with open_at(tmp_path, dt.date(2026, 3, 3)) as store:
        store.import_files(DANA, [book(dt.date(2026, 3, 1))])
        dana, bob, cara = ids(store)
        assert store.tie(dana, bob).strength > 0.9  # starred, phone, contacted two days ago
        store.rate("dana", bob, 1)
        store.rate("dana", cara, 5)
        low, high = store.tie(dana, bob), store.tie(dana, cara)
    assert low.strength == pytest.approx(0.1) and high.strength == pytest.approx(0.9)
    assert low.evidence[0].kind == "rating" and "rated this tie 1 of 5" in low.evidence[0].detail
    assert any(e.kind == "address_book" and "starred" in e.detail for e in low.evidence)


def test_a_rating_survives_a_reimport_and_a_new_rating_replaces_it(tmp_path):
    with open_at(tmp_path, dt.date(2026, 3, 3)) as store:
        store.import_files(DANA, [book()])
        dana, bob, _ = ids(store)
        store.rate("dana", bob, 2)
        before = store.dump()
        store.rate("dana", bob, 2)
        assert store.dump() == before  # the same rating again changes nothing
        store.import_files(DANA, [book(dt.date(2026, 1, 1))])
        dana, bob, _ = ids(store)
        assert store.tie(dana, bob).strength == pytest.approx(0.3)
        store.rate("dana", bob, 4)
        assert store.tie(dana, bob).strength == pytest.approx(0.7)
        assert store.counts()["ratings"] == 1


def test_a_rating_can_make_a_tie_no_export_shows(tmp_path):
    luis = owner("luis", "luis@northwind.com")
    with open_at(tmp_path, dt.date(2026, 3, 3)) as store:
        store.import_files(DANA, [book()])
        store.import_files(luis, [pending([card(1, "Eve Park", emails=["eve@initech.com"])])])
        dana, _, _ = ids(store)
        eve = next(p.id for p in store.people("eve"))
        assert store.tie(dana, eve) is None
        store.rate("dana", eve, 3)
        assert store.tie(dana, eve).strength == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("who", "stars", "message"),
    [("nobody", 3, "no owner called 'nobody'"), ("dana", 6, "a rating is 1 to 5, not 6")],
)
def test_bad_ratings_are_refused_and_change_nothing(tmp_path, who, stars, message):
    from intrograph.errors import InputError

    with open_at(tmp_path, dt.date(2026, 3, 3)) as store:
        store.import_files(DANA, [book()])
        _, bob, _ = ids(store)
        before = store.dump()
        with pytest.raises(InputError, match=message):
            store.rate(who, bob, stars)
        assert store.dump() == before


def test_evidence_json_writes_shared_and_distinct_reasons_as_they_are():
    from intrograph.graph.ties import evidence_json
    from intrograph.models import Evidence, Tie

    starred = Evidence(kind="address_book", owner="dana", detail="starred in dana's phone")
    colleague = Evidence(kind="colleague", detail="both at Acme")
    # The same words in a new object, and a list that differs only in order.
    ties = [Tie(a="p1", b="p2", strength=0.9, evidence=[starred, colleague]),
            Tie(a="p1", b="p3", strength=0.9, evidence=[starred, colleague]),
            Tie(a="p2", b="p3", strength=0.5, evidence=[colleague, starred]),
            Tie(a="p3", b="p4", strength=0.4,
                evidence=[Evidence(kind="address_book", owner="luis", detail="in luis's book")]),
            Tie(a="p4", b="p5", strength=0.2, evidence=[])]
    written = list(evidence_json(ties))
    assert [t for t, _ in written] == ties
    for t, text in written:
        assert json.loads(text) == [e.model_dump() for e in t.evidence]
    assert written[2][1] != written[0][1]


def test_evidence_json_is_right_for_ties_made_and_dropped_one_at_a_time():
    from intrograph.graph.ties import evidence_json
    from intrograph.models import Evidence, Tie

    def made_as_read():  # each tie and its evidence gone once written: their ids come free
        for i in range(500):
            yield Tie(a="p0", b=f"p{i + 1}", strength=0.5,
                      evidence=[Evidence(kind="address_book", detail=f"reason {i}")])

    for i, (_, text) in enumerate(evidence_json(made_as_read())):
        assert json.loads(text)[0]["detail"] == f"reason {i}"
