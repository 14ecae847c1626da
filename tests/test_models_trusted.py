"""Models built by `trusted()` (derive's hot path) are the models model_construct() builds."""

from __future__ import annotations

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
    a = Evidence.trusted(kind="rating", owner="dana", detail="rated 5")
    b = Evidence.trusted(kind="rating", owner="luis", detail="rated 2")
    a.detail = "rated 4"
    assert (a.detail, b.detail) == ("rated 4", "rated 2")
    assert b.model_dump() == {"kind": "rating", "owner": "luis", "detail": "rated 2"}
