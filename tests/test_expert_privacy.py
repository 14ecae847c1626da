"""`expert` honours opt-outs and sharing levels like `intro-path` does."""

from __future__ import annotations

from intrograph.graph.expert import find_experts
from intrograph.graph.privacy import resolve_optout
from intrograph.models import ShareLevel
from tests.conftest import card, owner, pending

DANA = owner("dana", "dana@northwind.com", "Dana Reyes")
LUIS = owner("luis", "luis@northwind.com", "Luis Ortiz")


def _team(store):
    dana = pending([
        card(1, "Ann Kim", emails=["ann@halcyon.com"], org="Halcyon Freight",
             title="Director of Inventory Control", starred=True, phones=["4155550101"]),
        card(2, "Luis Ortiz", emails=["luis@northwind.com"], starred=True,
             phones=["4155550100"]),
        card(3, "Cy Park", emails=["cy@quarry.com"], org="Quarry Logistics"),
    ], file="dana.csv")
    luis = pending([
        card(1, "Cy Park", emails=["cy@quarry.com"], org="Quarry Logistics", title="Analyst",
             notes="ran the warehouse inventory migration", phones=["4155550102"]),
        card(2, "Dana Reyes", emails=["dana@northwind.com"], starred=True),
    ], file="luis.csv")
    store.import_owners([(DANA, [dana]), (LUIS, [luis])])
    return store


def names(result):
    return [e.person.name for e in result.experts]


def test_an_opted_out_expert_is_never_suggested(store):
    _team(store)
    assert "Ann Kim" in names(find_experts(store, "inventory control"))
    store.add_optouts(resolve_optout(store, "ann@halcyon.com"))
    assert "Ann Kim" not in names(find_experts(store, "inventory control"))


def test_what_a_hidden_book_says_is_no_reason_shown_to_others(store):
    _team(store)
    seen = find_experts(store, "warehouse migration", viewer="dana")
    assert names(seen)[0] == "Cy Park"
    assert any("warehouse inventory migration" in w for w in seen.experts[0].why)
    store.set_share("luis", ShareLevel.NONE)
    hidden = find_experts(store, "warehouse migration", viewer="dana")
    # Dana still knows Cy, but Luis's note about him is Luis's to share, so it matches nothing.
    assert not any("migration" in w for e in hidden.experts for w in e.why)
    # Luis himself still finds his own contact, with his own note as the reason.
    own = find_experts(store, "warehouse migration", viewer="luis")
    assert names(own)[0] == "Cy Park"
