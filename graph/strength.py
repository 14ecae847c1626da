"""Tie strength: the first rule, from what an address-book record says about a relationship.

The rule (documented in docs/strength.md) reads one owner's record of one contact:

    s = 0.30  the contact has an email or phone saved (0.20 if only a name or profile link)
      + 0.15  a phone number is saved (people you can call)
      + 0.25  the contact is starred / a favourite
      + 0.15  a close-circle label: family, friends or coworkers

An owner's several records of the same person count once (the strongest). When both people hold
each other (a reciprocal tie) the two directions combine as independent evidence, noisy-or
style, ``1 - (1 - s1)(1 - s2)``, capped at 0.99 so that no tie is ever certain.

This deliberately ignores recency and interaction history, which later evidence kinds add; its
weights follow the intuition of Granovetter (1973) that strength grows with intimacy and
reciprocity, with starring as the owner's own statement of closeness.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from intrograph.models import ContactRecord, Evidence

__all__ = [
    "CLOSE_LABELS",
    "MAX_STRENGTH",
    "band",
    "combine",
    "cost",
    "record_strength",
]

BASE_REACHABLE = 0.30
BASE_NAME_ONLY = 0.20
PHONE_BONUS = 0.15
STARRED_BONUS = 0.25
CLOSE_LABEL_BONUS = 0.15
CLOSE_LABELS = frozenset({"family", "friends", "coworkers"})
MAX_STRENGTH = 0.99


def record_strength(record: ContactRecord, owner: str) -> tuple[float, Evidence]:
    """Return the strength one owner's record implies, with the evidence that explains it."""
    reasons: list[str] = []
    if record.emails or record.phones:
        s = BASE_REACHABLE
    else:
        s = BASE_NAME_ONLY
        reasons.append("name only")
    if record.phones:
        s += PHONE_BONUS
        reasons.append("phone saved")
    if record.starred:
        s += STARRED_BONUS
        reasons.insert(0, "starred")
    close = sorted(CLOSE_LABELS.intersection(record.labels))
    if close:
        s += CLOSE_LABEL_BONUS
        reasons.append("label " + ", ".join(close))
    if not (record.phones or record.starred or close) and record.emails:
        reasons.append("email saved")
    detail = f"in {owner}'s contacts ({record.file}): " + "; ".join(reasons)
    return round(min(s, MAX_STRENGTH), 6), Evidence(kind="address_book", owner=owner, detail=detail)


def combine(strengths: Iterable[float]) -> float:
    """Return the noisy-or of independent strengths, capped at :data:`MAX_STRENGTH`."""
    miss = 1.0
    for s in strengths:
        miss *= 1.0 - s
    return round(min(1.0 - miss, MAX_STRENGTH), 6)


def band(strength: float) -> str:
    """Return the word a person reads for a strength: strong (>= 0.7), medium (>= 0.4) or weak.

    One set of cut-offs for every output, so the terminal and the HTML page agree.
    """
    if strength >= 0.7:
        return "strong"
    if strength >= 0.4:
        return "medium"
    return "weak"


def cost(strength: float) -> float:
    """Return the path-search cost of a tie: ``-ln(strength)``, so sums of costs are products."""
    return -math.log(strength)
