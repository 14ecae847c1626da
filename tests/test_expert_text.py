"""Text analysis, BM25 and the related-terms table behind `expert`: pure functions."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intrograph.graph.bm25 import bm25, field_weight, idf, stem, terms, weighted_tf, words
from intrograph.graph.expertise import explain, plan_query, rank_profiles
from intrograph.graph.synonyms import GROUPS, RELATED, entry_term, expand, group_of
from intrograph.models import ExpertiseSource


@pytest.mark.parametrize(("text", "expected"), [
    ("How do I fix stock-outs in my warehouse?", ["stock", "outs", "warehouse", "stockouts"]),
    ("Who knows about procurement?", ["procurement"]),
    ("Trifft sich gern in München", ["trifft", "sich", "gern", "munchen"]),
    ("", []),
])
def test_words_drop_question_filler_and_keep_compounds_closed_too(text, expected):
    assert words(text) == expected


@pytest.mark.parametrize(("a", "b"), [("warehouses", "warehouse"), ("planning", "planned"),
                                      ("procurement", "procurements"), ("logistics", "logistic")])
def test_inflections_share_a_stem(a, b):
    assert stem(a) == stem(b)


def test_terms_add_word_pairs_but_not_across_a_closed_compound():
    assert terms("Supply Chain Manager") == ["suppli", "chain", "manag", "suppli_chain",
                                             "chain_manag"]
    ts = terms("stock-outs warehouse")
    assert "stockout" in ts and "stock_out" in ts and "stockout_warehous" not in ts


def test_idf_is_positive_and_falls_as_a_term_gets_common():
    values = [idf(1000, df) for df in (1, 10, 100, 999, 1000)]
    assert all(v > 0 for v in values)
    assert values == sorted(values, reverse=True)
    assert idf(1000, 1) == pytest.approx(math.log(1 + 999.5 / 1.5))


def test_bm25_by_hand():
    # one term, idf 2, tf 1 in a document of average length: 2 * 1 * 2.2 / (1 + 1.2)
    assert bm25({"a": 1.0}, {"a": 1.0}, 10, 10, {"a": 2.0}) == pytest.approx(2.0)
    assert bm25({"a": 0.5}, {"a": 1.0}, 10, 10, {"a": 2.0}) == pytest.approx(1.0)
    assert bm25({"a": 1.0}, {"b": 3.0}, 10, 10, {"a": 2.0}) == 0.0


@given(st.floats(0.1, 50), st.floats(0.1, 50), st.floats(1, 200), st.floats(1, 200))
def test_bm25_grows_with_tf_and_shrinks_with_length(tf1, extra, length, more):
    q, idfs = {"t": 1.0}, {"t": 1.5}
    assert bm25(q, {"t": tf1 + extra}, length, 50, idfs) > bm25(q, {"t": tf1}, length, 50, idfs)
    assert bm25(q, {"t": tf1}, length + more, 50, idfs) < bm25(q, {"t": tf1}, length, 50, idfs)
    # saturation: never more than idf * (k1 + 1)
    assert bm25(q, {"t": tf1}, length, 50, idfs) < 1.5 * 2.2


def test_titles_and_tags_weigh_more_than_notes_and_employers():
    assert field_weight("title") == field_weight("tag") > field_weight("note")
    assert field_weight("note") > field_weight("organization")
    assert field_weight("extra:Skills") == field_weight("extra")
    tf, length = weighted_tf([("title", "Warehouse Manager"), ("note", "warehouse")])
    assert tf["warehous"] == field_weight("title") + field_weight("note")
    assert length == 3 * 3 + 1  # title: 2 words and a pair, at weight 3; note: 1 word


def test_every_synonym_entry_stands_for_a_term():
    for group, entries in GROUPS.items():
        for entry in entries:
            assert entry_term(entry), f"{group}: {entry!r} analyses to nothing"


@pytest.mark.parametrize(("a", "b"), [
    ("inventory control", "supply chain"), ("logistics", "warehouse"),
    ("stockout", "inventory"), ("procurement", "purchasing"), ("buyer", "sourcing"),
    ("recruiting", "hiring"), ("controller", "accounting"),
])
def test_the_table_relates_business_roles(a, b):
    assert set(group_of(entry_term(a))) & set(group_of(entry_term(b)))


def test_procurement_and_software_are_not_related():
    assert not set(group_of(stem("procurement"))) & set(group_of(stem("software")))


def test_expansion_keeps_query_terms_at_full_weight_and_related_ones_lower():
    q = expand([("warehous", "warehouse"), ("fix", "fix")])
    assert q["warehous"] == (1.0, "warehouse") and q["fix"] == (1.0, "fix")
    assert q["logist"] == (RELATED, "warehouse")
    assert q["inventori_control"] == (RELATED, "warehouse")
    assert "procur" not in q
    assert expand([("warehous", "warehouse")], enabled=False) == {"warehous": (1.0, "warehouse")}


def _src(pid, *texts, org=None):
    return ExpertiseSource(person_id=pid, name=pid.title(), organization=org, texts=list(texts))


def test_related_terms_find_an_expert_the_question_never_names():
    plan = plan_query("how do I fix stock-outs in my warehouse?")
    people = [_src("ann", ("title", "Director of Inventory Control"), org="Halcyon Freight"),
              _src("bob", ("title", "Software Engineer")),
              _src("cy", ("title", "Warehouse Manager"))]
    ranked = rank_profiles(plan, people, n_docs=100)
    assert [m.person_id for m in ranked] == ["cy", "ann"]
    assert ranked[0].fit == 1.0 and 0 < ranked[1].fit < 1
    assert explain(plan, ranked[1])[0] == (
        "title: Director of Inventory Control at Halcyon Freight (related to 'stock')")
    plain = rank_profiles(plan_query("how do I fix stock-outs in my warehouse?",
                                     synonyms=False), people, n_docs=100)
    assert [m.person_id for m in plain] == ["cy"]


def test_why_quotes_the_sentence_of_a_note_that_matched():
    plan = plan_query("warehouse migration")
    ranked = rank_profiles(plan, [_src("ann", ("note", "Great cook. Ran the warehouse "
                                                       "migration in 2023; ask about WMS."))])
    assert explain(plan, ranked[0]) == ["note: 'Ran the warehouse migration in 2023'"]


def test_a_rare_word_counts_for_more_than_a_common_one():
    plan = plan_query("forecasting manager")
    people = [_src(f"m{i}", ("title", "Manager")) for i in range(20)]
    people += [_src("fc", ("title", "Forecasting Lead"))]
    ranked = rank_profiles(plan, people, n_docs=1000)
    assert ranked[0].person_id == "fc"


@pytest.mark.parametrize("generic", ["manager", "director", "head", "vp", "officer", "senior",
                                     "lead", "specialist", "analyst"])
def test_no_group_holds_a_word_every_area_uses(generic):
    assert not group_of(stem(generic)), f"{generic!r} would relate every {generic} to a topic"


@pytest.mark.parametrize("filler", ["how do I fix", "who can look at", "who understands",
                                    "how do I become", "I want to write", "set up"])
def test_question_filler_is_not_searched(filler):
    assert words(filler) == []
