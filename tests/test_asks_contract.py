"""What every backend must do with asks; the Neo4j runs need NEO4J_URI (see test_store_contract)."""

from __future__ import annotations

import datetime as dt

import pytest

from intrograph.errors import NotFound, StoreError
from intrograph.models import AskState, PersonRef
from tests.test_store_contract import BACKENDS, open_backend

S = AskState
LEE = PersonRef(id="p-lee", name="Lee Park", organization="Fabrikam")
KIM = PersonRef(id="p-kim", name="Kim Chu", title="VP", organization="Acme Corp")
DANA = PersonRef(id="p-dana", name="Dana Reyes")
T0 = dt.datetime(2026, 11, 19, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    s = open_backend(request.param, tmp_path)
    yield s
    s.close()


def add(store, connector=LEE, at=T0):
    return store.add_ask(owner="dana", connector=connector, target=KIM, query="Acme",
                         path=[DANA, connector, KIM], reason="supply, chain; \"quotes\"",
                         draft="Hi Lee,\n\nwould you?\n", at=at)


def test_asks_round_trip_with_their_history(store):
    first = add(store)
    second = add(store, connector=PersonRef(id="p-max", name="Max Ode"))
    assert (first.id, second.id) == (1, 2)
    assert first.state is S.DRAFTED and first.history[0].at == T0
    assert first.path == [DANA, LEE, KIM] and first.reason == "supply, chain; \"quotes\""
    moved = store.set_ask_state(1, S.DRAFTED, S.ASKED, T0 + dt.timedelta(days=1), "by phone")
    assert [(e.state, e.note) for e in moved.history] == [(S.DRAFTED, ""), (S.ASKED, "by phone")]
    assert moved.history[1].at == T0 + dt.timedelta(days=1)
    assert store.asks() == [moved, second]
    assert store.asks([2]) == [second] and store.asks([]) == [] and store.asks([9]) == []
    counts = store.counts()
    assert (counts["asks"], counts["ask_events"]) == (2, 3)


def test_a_stale_or_unknown_update_changes_nothing(store):
    add(store)
    with pytest.raises(StoreError, match="ask 1 changed meanwhile: it is now drafted, not asked"):
        store.set_ask_state(1, S.ASKED, S.ACCEPTED, T0)
    with pytest.raises(NotFound, match="no ask 5"):
        store.set_ask_state(5, S.DRAFTED, S.ASKED, T0)
    assert [e.state for e in store.asks()[0].history] == [S.DRAFTED]
