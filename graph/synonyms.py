"""Related terms for business roles, and query expansion with them: pure functions.

People ask in their own words ("how do I fix stock-outs in my warehouse?"); profiles say
"Director of Inventory Control" or "Demand Planner". Each group below lists words and two-word
phrases that point at one area of expertise; a question that uses any of them also looks for the
others, at a lower weight (:data:`RELATED`), so a direct match still counts for more.

Maintaining the table: one group per area a friend might ask about; entries are one or two
words as people write them (stemming takes care of plurals and -ing forms; hyphens need both
spellings, "stock out" and "stockout"). A word that means different things in different areas
("manager", "control", "account") belongs in none: it would drag every manager into every
answer. tests/test_expert_text.py checks that every entry analyses to a term.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping

from intrograph.graph.bm25 import stem, words

__all__ = ["GROUPS", "RELATED", "entry_term", "expand", "group_of", "weights"]

RELATED = 0.4

GROUPS: dict[str, tuple[str, ...]] = {
    "supply chain": (
        "supply chain", "supply", "inventory", "inventory control", "inventory management",
        "stock", "stockout", "stock out", "stock level", "replenishment", "reorder",
        "logistics", "warehouse", "warehousing", "distribution center", "fulfillment",
        "fulfilment", "freight", "shipping", "transportation", "demand planning",
        "demand planner", "forecasting", "materials management", "sku", "safety stock",
        "backorder",
    ),
    "procurement": (
        "procurement", "purchasing", "purchase", "buyer", "buying", "sourcing", "supplier",
        "suppliers", "vendor management", "vendor", "category manager", "category management",
        "rfp", "negotiation", "spend", "cpo",
    ),
    "software engineering": (
        "software", "engineering", "engineer", "developer", "programming", "coding", "code",
        "backend", "frontend", "devops", "architecture", "cto", "python", "javascript",
    ),
    "sales": (
        "sales", "selling", "account executive", "business development", "quota", "pipeline",
        "prospecting", "closing", "deal", "deals", "enterprise sales",
    ),
    "marketing": (
        "marketing", "brand", "branding", "campaign", "go to market", "gtm",
        "demand generation", "product marketing", "positioning", "seo", "cmo", "advertising",
    ),
    "finance": (
        "finance", "financial", "accounting", "accountant", "controller", "cfo", "budget",
        "budgeting", "fpa", "audit", "tax", "cash flow", "bookkeeping", "fundraising",
    ),
    "people": (
        "recruiting", "recruiter", "recruitment", "hiring", "talent", "human resources", "hr",
        "hr business partner", "people operations", "head of people", "interviewing", "payroll",
    ),
    "legal": (
        "legal", "lawyer", "counsel", "general counsel", "contract", "contracts", "compliance",
        "paralegal", "attorney", "litigation", "lawsuit",
    ),
    "data": (
        "data", "analytics", "data science", "data scientist", "data analyst",
        "machine learning", "statistics", "sql", "dashboard", "dashboards", "reporting",
    ),
    "product management": (
        "product management", "product manager", "roadmap", "product strategy",
        "user research", "vp product",
    ),
    "customer success": (
        "customer success", "churn", "retention", "renewal", "renewals", "onboarding",
        "customer support", "support",
    ),
    "it": (
        "sysadmin", "systems administrator", "infrastructure", "network",
        "helpdesk", "cio", "security", "servers",
    ),
    "operations": (
        "operations", "coo", "process improvement", "lean", "six sigma", "efficiency",
        "director of operations", "operations manager",
    ),
    "leadership": (
        "founder", "ceo", "startup", "entrepreneur", "venture", "board",
    ),
}


def entry_term(entry: str) -> str | None:
    """Return the term an entry stands for: a word's stem, or a phrase's first word pair."""
    stems = [stem(w) for w in words(entry) if "&" not in w]
    if not stems:
        return None
    if len(stems) == 1:
        return stems[0]
    return f"{stems[0]}_{stems[1]}"


@functools.cache
def _index() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """Return (group -> its terms, term -> the groups it is in)."""
    group_terms: dict[str, tuple[str, ...]] = {}
    groups_of: dict[str, list[str]] = {}
    for name, entries in GROUPS.items():
        ts = tuple(dict.fromkeys(t for e in entries if (t := entry_term(e))))
        group_terms[name] = ts
        for t in ts:
            groups_of.setdefault(t, []).append(name)
    return group_terms, {t: tuple(g) for t, g in groups_of.items()}


def group_of(term: str) -> tuple[str, ...]:
    """Return the names of the groups a term is in (none for most words)."""
    return _index()[1].get(term, ())


def expand(
    query: Iterable[tuple[str, str]], *, related: float = RELATED, enabled: bool = True,
) -> dict[str, tuple[float, str]]:
    """Return the query's terms with their weights and the query word each came from.

    ``query`` is ``(term, word)`` pairs. Each term weighs 1; each term of a group that a query
    term is in, and that the query does not use itself, weighs ``related`` and remembers the
    word that brought it in. With ``enabled`` false the query is returned as it is.
    """
    pairs = list(query)
    out: dict[str, tuple[float, str]] = {}
    for term, word in pairs:
        out.setdefault(term, (1.0, word))
    if not enabled:
        return out
    group_terms, groups_of = _index()
    for term, word in pairs:
        for group in groups_of.get(term, ()):
            for other in group_terms[group]:
                out.setdefault(other, (related, word))
    return out


def weights(expanded: Mapping[str, tuple[float, str]]) -> dict[str, float]:
    """Return just the term weights of an expanded query."""
    return {t: w for t, (w, _) in expanded.items()}
