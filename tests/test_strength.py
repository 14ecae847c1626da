"""The first strength rule and how evidence combines."""

from __future__ import annotations

import math

import pytest

from intrograph.graph.strength import MAX_STRENGTH, combine, cost, record_strength
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
