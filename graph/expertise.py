"""Who fits a question: expertise profiles scored with BM25 over synonym-expanded terms.

A profile is everything a person's records and tags say about their work (see
:class:`~intrograph.models.ExpertiseSource`). :func:`rank_profiles` scores profiles against a
question and explains each score in words a person can check ("title: Director of Inventory
Control at Halcyon Freight; note: 'ran the warehouse migration'").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from intrograph.graph.bm25 import bm25, field_weight, idf, stem, terms, weighted_tf, words
from intrograph.graph.synonyms import GROUPS, expand, group_of, weights
from intrograph.models import ExpertiseSource

__all__ = ["Match", "QueryPlan", "embed_rerank", "explain", "plan_query", "rank_profiles"]

_MAX_WHY = 3
_SNIPPET = 90


@dataclass(frozen=True)
class QueryPlan:
    """A question analysed: weighted terms, and the fragments a store pre-filters with."""

    question: str
    terms: dict[str, tuple[float, str]]  # term -> (weight, the question word it came from)
    fragments: tuple[str, ...]

    @property
    def weights(self) -> dict[str, float]:
        return weights(self.terms)


@dataclass
class Match:
    """One person's fit to a question."""

    source: ExpertiseSource
    raw: float
    fit: float = 0.0
    # The idf of each query term in this ranking, shared by all matches: what explain() needs.
    idfs: dict[str, float] = field(default_factory=dict, repr=False)

    @property
    def person_id(self) -> str:
        return self.source.person_id


def _fragment(word: str) -> str:
    """Return the part of ``word`` every spelling with its stem contains (inventory: inventor).

    The common prefix of the word and its stem; what a store's substring pre-filter looks for.
    """
    s = stem(word)
    n = 0
    while n < min(len(word), len(s)) and word[n] == s[n]:
        n += 1
    return word[: max(n, min(len(word), 3))]


def plan_query(question: str, *, synonyms: bool = True) -> QueryPlan:
    """Return the weighted terms of ``question`` (expanded with related terms when asked)."""
    plain = words(question)
    pairs = [(stem(w), w) for w in plain]
    pairs += [(f"{stem(a)}_{stem(b)}", f"{a} {b}")
              for a, b in zip(plain, plain[1:], strict=False)]
    expanded = expand(pairs, enabled=synonyms)
    frags = {_fragment(w) for w in plain}
    if synonyms:
        used = {g for t, _ in pairs for g in group_of(t)}
        for g in used:
            for entry in GROUPS[g]:
                frags.update(_fragment(w) for w in words(entry)[:1])
    return QueryPlan(question, expanded, tuple(sorted(f for f in frags if f)))


def rank_profiles(plan: QueryPlan, sources: Iterable[ExpertiseSource],
                  n_docs: int | None = None) -> list[Match]:
    """Return the profiles that match ``plan``, best first, with fit in (0, 1] and reasons.

    BM25F over the profiles' field-weighted terms. Reasons are left to :func:`explain`, for the
    few matches that will be shown. Document frequencies are counted over the
    profiles given; ``n_docs`` is the size of the whole corpus (every person in the store) when
    the profiles are a pre-filtered subset. Since every profile that contains a query term is
    in that subset, the document frequencies are exact; the average length is the subset's,
    an approximation that only shifts the length normalisation. Fit is the score divided by
    the best score, so the best-fitting person has fit 1.
    """
    query = plan.weights
    docs = []
    for src in sources:
        tf, length = weighted_tf(src.texts)
        docs.append((src, tf, length))
    if not docs:
        return []
    df: Counter[str] = Counter()
    for _, tf, _ in docs:
        df.update(t for t in query if t in tf)
    n = max(n_docs or 0, len(docs))
    idfs = {t: idf(n, df[t]) for t in query}
    avg = sum(length for _, _, length in docs) / len(docs)
    matches = [
        Match(src, score, idfs=idfs) for src, tf, length in docs
        if (score := bm25(query, tf, length, avg, idfs)) > 0
    ]
    if not matches:
        return []
    top = max(m.raw for m in matches)
    for m in matches:
        m.fit = m.raw / top
    matches.sort(key=lambda m: (-m.raw, m.source.name, m.person_id))
    return matches


def explain(plan: QueryPlan, match: Match) -> list[str]:
    """Return up to three reasons, strongest first: the texts that matched and how."""
    src, idfs = match.source, match.idfs
    scored = []
    for order, (fld, text) in enumerate(src.texts):
        hit = [t for t in dict.fromkeys(terms(text)) if t in plan.terms]
        if not hit:
            continue
        value = field_weight(fld) * sum(plan.terms[t][0] * idfs.get(t, 0.0) for t in hit)
        direct = any(plan.terms[t][0] >= 1.0 for t in hit)
        origins = sorted({plan.terms[t][1] for t in hit})
        scored.append((-value, order, fld, text, direct, origins, hit))
    scored.sort()
    out = []
    for _, _, fld, text, direct, origins, hit in scored[:_MAX_WHY]:
        line = _describe(fld, text, src, hit)
        if not direct:
            line += f" (related to '{', '.join(origins)}')"
        out.append(line)
    return out


def _snippet(text: str, hit: Sequence[str]) -> str:
    """Return the sentence of ``text`` holding the first matched term, cut to a line."""
    parts = [p.strip() for p in re.split(r"(?<=[.;!?])\s+|\n+", text) if p.strip()]
    stems = {h for t in hit for h in t.split("_")}
    best = next((p for p in parts if stems & set(terms(p))), parts[0] if parts else text)
    best = best.rstrip(";,")
    return best if len(best) <= _SNIPPET else best[: _SNIPPET - 1].rstrip() + "…"


def _describe(fld: str, text: str, src: ExpertiseSource, hit: Sequence[str]) -> str:
    if fld == "title":
        # The org of the record that says this title; the current one only when it is the
        # current title (an old record's title belongs to an old job).
        org = src.title_orgs.get(text) or (
            src.organization if text == src.title or not src.title_orgs else None)
        at = f" at {org}" if org and org.lower() not in text.lower() else ""
        return f"title: {text}{at}"
    if fld == "tag":
        owners = src.tag_owners.get(text)
        return f"tagged '{text}'" + (f" by {', '.join(owners)}" if owners else "")
    if fld == "note":
        return f"note: '{_snippet(text, hit)}'"
    if fld == "organization":
        return f"works at {text}"
    if fld == "domain":
        return f"company domain {text}"
    if fld.startswith("extra:"):
        return f"{fld.split(':', 1)[1]}: {_snippet(text, hit)}"
    return f"{fld}: {_snippet(text, hit)}"


def embed_rerank(plan: QueryPlan, matches: list[Match]) -> list[Match]:
    """Return ``matches`` with the best lexical ones re-scored by embedding fusion, best first.

    The fused fit is renormalised so the best is 1 again; matches beyond the shortlist keep
    their lexical fit scaled the same way, so they stay below the shortlist's last. Needs the
    ``embed`` extra (:mod:`intrograph.graph.embed`).
    """
    from intrograph.graph.embed import SHORTLIST, fuse, profile_text, similarities

    head, tail = matches[:SHORTLIST], matches[SHORTLIST:]
    cos = similarities(plan.question, [profile_text(m.source.texts) for m in head])
    fused = fuse([m.fit for m in head], cos)
    top = max(fused, default=1.0) or 1.0
    for m, f in zip(head, fused, strict=True):
        m.fit = f / top
    floor = min((m.fit for m in head), default=1.0)
    for m in tail:
        m.fit = min(m.fit / top, floor)
    head.sort(key=lambda m: (-m.fit, m.source.name, m.person_id))
    return head + tail
