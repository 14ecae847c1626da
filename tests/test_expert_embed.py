"""The optional embedding fusion: the pure fusion rule always, the model when installed."""

from __future__ import annotations

import pytest

from intrograph.graph.embed import available, fuse, profile_text
from intrograph.graph.expertise import embed_rerank, plan_query, rank_profiles
from intrograph.models import ExpertiseSource


def test_fuse_averages_lexical_fit_and_relative_similarity():
    assert fuse([1.0, 0.5, 0.2], [0.2, 0.4, -0.3]) == pytest.approx([0.75, 0.75, 0.1])
    assert fuse([1.0], [0.0]) == [0.5]
    assert fuse([1.0, 0.4], [0.3, 0.6], weight=0.0) == [1.0, 0.4]


def test_profile_text_puts_titles_first_and_leaves_out_employers():
    texts = [("note", "ran the move"), ("organization", "Acme"), ("title", "Buyer"),
             ("extra:Skills", "SAP"), ("domain", "acme.com")]
    assert profile_text(texts) == "Buyer. SAP. ran the move"


@pytest.mark.skipif(not available(), reason="the embed extra is not installed")
def test_embedding_fusion_lifts_the_semantically_closer_profile():
    plan = plan_query("how do I deal with a lawsuit?")
    people = [
        ExpertiseSource("a", "Ann", texts=[("title", "Litigation Attorney")]),
        ExpertiseSource("b", "Bob", texts=[("title", "Contract Manager, Deals desk")]),
    ]
    lexical = rank_profiles(plan, people, n_docs=100)
    assert [m.person_id for m in lexical] == ["b", "a"]  # "deal" is a direct word match
    fused = embed_rerank(plan, rank_profiles(plan, people, n_docs=100))
    assert [m.person_id for m in fused] == ["a", "b"] and fused[0].fit == 1.0
