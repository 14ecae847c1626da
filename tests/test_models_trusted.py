"""Models built by `trusted()` (derive's hot path) are the models model_construct() builds."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from intrograph.models import Evidence, Tie


def test_trusted_models_equal_and_serialise_like_validated_ones():
    ev = Evidence.trusted(kind="address_book", owner="dana", detail="starred")
    tie = Tie.trusted(a="p1", b="p2", strength=0.8, evidence=[ev])
    checked = Tie(a="p1", b="p2", strength=0.8,
                  evidence=[Evidence(kind="address_book", owner="dana", detail="starred")])
    assert tie == checked
    assert tie.model_dump() == checked.model_dump()
    assert tie.model_dump_json() == checked.model_dump_json()
    assert tie.model_fields_set == checked.model_fields_set


def test_changing_one_trusted_model_leaves_the_others_alone():
    a = Tie.trusted(a="p1", b="p2", strength=0.5, evidence=[])
    b = Tie.trusted(a="p1", b="p3", strength=0.6, evidence=[])
    a.strength = 0.4
    assert (a.strength, b.strength) == (0.4, 0.6)
    assert b.model_dump() == {"a": "p1", "b": "p3", "strength": 0.6, "evidence": []}


def test_evidence_cannot_change_once_made():
    # derive() shares one Evidence object among every tie that gives the same reason.
    ev = Evidence.trusted(kind="rating", owner="dana", detail="rated 5")
    with pytest.raises(ValidationError):
        ev.detail = "rated 1"
