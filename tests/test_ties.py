"""Ties in the store: the strength model applied to imported records, ratings and interactions."""

from __future__ import annotations

import datetime as dt

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
