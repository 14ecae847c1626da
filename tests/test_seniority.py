"""Seniority and title filters read job titles the way a sales rep would."""

from __future__ import annotations

import pytest

from intrograph.graph.seniority import Seniority, seniority, title_matches


@pytest.mark.parametrize(
    ("title", "level"),
    [
        ("Chief Procurement Officer", Seniority.EXEC),
        ("CFO", Seniority.EXEC),
        ("VP, Global Procurement", Seniority.EXEC),
        ("Senior Vice President Sales", Seniority.EXEC),
        ("Geschäftsführerin", Seniority.EXEC),
        ("PDG", Seniority.EXEC),
        ("Directeur Général", Seniority.EXEC),
        ("Managing Director", Seniority.EXEC),
        ("Director of Inventory Control", Seniority.DIRECTOR),
        ("Sr. Dir. Supply Chain", Seniority.DIRECTOR),
        ("Head of Operations", Seniority.DIRECTOR),
        ("Leiter Einkauf", Seniority.DIRECTOR),
        ("Directrice des achats", Seniority.DIRECTOR),
        ("Jefe de Compras", Seniority.DIRECTOR),
        ("Procurement Manager", Seniority.MANAGER),
        ("Eng. Mgr", Seniority.MANAGER),
        ("Gerente de ventas", Seniority.MANAGER),
        ("Software Engineer", None),
        ("Inventory Analyst", None),
        ("", None),
        (None, None),
    ],
)
def test_levels_from_titles(title, level):
    assert seniority(title) == level


def test_words_inside_other_words_do_not_count():
    assert seniority("Directory Services Engineer") is None
    assert seniority("Ownership Analyst") is None


@pytest.mark.parametrize(
    ("title", "query", "expected"),
    [
        ("Head of Procurement", "procure", True),
        ("Head of Procurement", "PROCUREMENT head", True),
        ("Supply Chain Manager", "supply chain", True),
        ("Supply Manager", "supply chain", False),
        ("Leiterin Beschaffung", "beschaffung", True),
        ("Société Générale liaison", "generale", True),
        (None, "x", False),
    ],
)
def test_title_words(title, query, expected):
    assert title_matches(title, query) is expected
