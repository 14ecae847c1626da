"""Text analysis and Okapi BM25 scoring for the expert search: pure functions.

Text becomes *terms*: lower-cased, accent-folded words minus stop words, reduced to their stems
by the Snowball English (Porter2) stemmer, plus one term per pair of adjacent words
(``suppli_chain``), so a phrase in a title can be matched as a phrase. Fields weigh differently
(BM25F in its simple form: term frequencies and lengths are field-weighted sums).

References
----------
S. Robertson and H. Zaragoza, "The Probabilistic Relevance Framework: BM25 and Beyond",
Foundations and Trends in Information Retrieval 3(4), 2009 (BM25 and BM25F, sections 3-4).
M. Porter, "The English (Porter2) stemming algorithm", snowballstem.org.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping

import snowballstemmer

__all__ = [
    "B",
    "FIELD_WEIGHTS",
    "K1",
    "STOP_WORDS",
    "bm25",
    "field_weight",
    "idf",
    "stem",
    "terms",
    "weighted_tf",
    "words",
]

K1 = 1.2
B = 0.75

# How much a match in each field counts. A title or an owner's tag is a claim about what the
# person does; a note may mention a topic in passing; the employer's name says little.
FIELD_WEIGHTS: dict[str, float] = {
    "title": 3.0,
    "tag": 3.0,
    "department": 2.0,
    "extra": 1.5,
    "note": 1.0,
    "label": 1.0,
    "organization": 0.5,
    "domain": 0.5,
}

# Function words plus the words and verbs people wrap a question in ("who knows about ...",
# "how do I get into ...", "who can look at ...", "how do I fix ..."): they say nothing about
# the topic, and "run" or "write" would match every note that says "ran" or "writes".
STOP_WORDS = frozenset("""
a about above after again against all am an and any anyone anybody are as ask asking at be
because been before being below between both but by can could did do does doing done down
during each er etc few for from further get getting go going good got had has have having he
her here hers herself him himself his how i if in into is it its itself just know knows
knowing learn learning like looking me more most my myself need needs no nor not now of off
on once only or other our ours out over own please question questions same she should so some
someone somebody start started starting such tell than that the their theirs them then there
these they this those through to too under until up us very want wants was we were what when
where which while who whom why will with would you your yours advice help talk expert experts
friend friends best really something anything thing things way ways
become becoming find fix fixing keep look looking make making run running set setup tell
understand understands use using work write writing
""".split())

_SPLIT = re.compile(r"[^a-z0-9]+")
_STEMMER = snowballstemmer.stemmer("english")


def field_weight(field: str) -> float:
    """Return the weight of a field name; ``extra:<column>`` fields share ``extra``'s."""
    return FIELD_WEIGHTS.get(field.split(":", 1)[0], 1.0)


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Return the Porter2 stem of a lower-case word."""
    return _STEMMER.stemWord(word)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def words(text: str) -> list[str]:
    """Return the content words of ``text`` in order: folded, lower-case, no stop words.

    A hyphenated or slashed compound also yields its closed form at the end ("stock-outs"
    gives "stock", "outs" and then "stockouts"), since people write both.
    """
    plain, closed = _split(text)
    return plain + closed


def _split(text: str) -> tuple[list[str], list[str]]:
    plain: list[str] = []
    closed: list[str] = []
    for chunk in _fold(text).split():
        parts = [p for p in _SPLIT.split(chunk) if p]
        plain += [p for p in parts if p not in STOP_WORDS and len(p) > 1]
        if len(parts) > 1:
            closed.append("".join(parts))
    return plain, closed


def terms(text: str) -> list[str]:
    """Return the terms of ``text``: stems of its content words, then adjacent-pair terms.

    Pairs are formed from the words as written, not from closed compound forms.
    """
    return list(_terms(text))


# Titles, company names and labels repeat across thousands of profiles: analyse each once.
@functools.lru_cache(maxsize=100_000)
def _terms(text: str) -> tuple[str, ...]:
    plain, closed = _split(text)
    stems = [stem(w) for w in plain]
    pairs = [f"{a}_{b}" for a, b in zip(stems, stems[1:], strict=False)]
    return (*stems, *(stem(w) for w in closed), *pairs)


def idf(n_docs: int, df: int) -> float:
    """Return the BM25 inverse document frequency ``ln(1 + (N - df + 0.5) / (df + 0.5))``.

    The "+1" inside the logarithm (as Lucene does) keeps it positive for terms in over half
    the documents.
    """
    return math.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))


def bm25(
    query: Mapping[str, float],
    tf: Mapping[str, float],
    length: float,
    avg_length: float,
    idfs: Mapping[str, float],
    *,
    k1: float = K1,
    b: float = B,
) -> float:
    """Return the BM25 score of one document for weighted query terms.

    ``score = sum_t q(t) * idf(t) * tf(t) * (k1 + 1) / (tf(t) + k1 * (1 - b + b * len / avg))``
    with ``tf`` and ``len`` the field-weighted term frequencies and length (BM25F).
    """
    norm = k1 * (1.0 - b + b * length / avg_length) if avg_length > 0 else k1
    total = 0.0
    for term, weight in query.items():
        f = tf.get(term, 0.0)
        if f > 0:
            total += weight * idfs.get(term, 0.0) * f * (k1 + 1.0) / (f + norm)
    return total


def weighted_tf(fields: Iterable[tuple[str, str]]) -> tuple[Counter[str], float]:
    """Return the field-weighted term frequencies and length of a document's fields."""
    tf: Counter[str] = Counter()
    length = 0.0
    for field, text in fields:
        w = field_weight(field)
        ts = _terms(text)
        length += w * len(ts)
        for t in ts:
            tf[t] += w
    return tf, length
