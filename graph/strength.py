"""Tie strength from the evidence behind it: a documented formula in (0, 1] that explains itself.

Each owner who knows a person contributes one *direction* of evidence (their address-book record,
their interactions with the person, their rating). A direction's strength is a noisy-or of
independent parts, each in [0, 1)::

    d        = 2 ** (-days since last contact / tie_half_life)        (1 when no date is known)
    book     = address-book rule (below) * d
    recent   = w_recent * 2 ** (-days since last contact / recent_half_life)
    history  = w_history * (1 - exp(-active days / history_days)) * d
    replies  = w_reciprocity * (1 - exp(-min(sent, received) / reciprocity_scale)) * d
    s_owner  = 1 - (1 - book)(1 - recent)(1 - history)(1 - replies)

The address-book rule reads one record: 0.30 if an email or phone is saved (0.20 for a name or a
profile link alone), +0.15 for a phone number, +0.25 starred, +0.15 for a close-circle label,
+0.05 for a personal (free-mail) address, + w_years * min(years known / 10, 1).

A tie combines its owners' directions noisy-or (reciprocity across books), then mutual
contacts: ``s = 1 - (1 - s_1)(1 - s_2)...(1 - w_mutual (1 - exp(-mutual / 3)))``, capped at 0.99
and floored at 0.01. An explicit rating outranks all of it: the tie takes the rating's strength
(the mean when both people rated each other). A tie whose latest contact is older than
``dormant_after_days`` is *dormant*, whatever its number. See docs/strength.md for the reasons
and references (Granovetter 1973; Gilbert & Karahalios 2009).
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from intrograph.models import ContactRecord, Evidence

__all__ = [
    "CLOSE_LABELS",
    "MAX_STRENGTH",
    "MIN_STRENGTH",
    "RATING_STRENGTH",
    "Activity",
    "BookSignals",
    "Direction",
    "StrengthWeights",
    "TieScore",
    "band",
    "book_signals",
    "combine",
    "cost",
    "record_strength",
    "score_direction",
    "score_tie",
    "signals_strength",
]

BASE_REACHABLE = 0.30
BASE_NAME_ONLY = 0.20
PHONE_BONUS = 0.15
STARRED_BONUS = 0.25
CLOSE_LABEL_BONUS = 0.15
CLOSE_LABELS = frozenset({"family", "friends", "coworkers"})
MAX_STRENGTH = 0.99
MIN_STRENGTH = 0.01
# What "1 to 5" means as a chance that a hand-off works; 3 sits where an ordinary contact does.
RATING_STRENGTH = {1: 0.1, 2: 0.3, 3: 0.5, 4: 0.7, 5: 0.9}


class StrengthWeights(BaseModel):
    """The formula's knobs, with the defaults docs/strength.md argues for."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    personal_email: float = Field(0.05, ge=0, le=1, description="a free-mail address is saved")
    years: float = Field(0.10, ge=0, le=1, description="known for ten years or more")
    recent: float = Field(0.90, ge=0, lt=1, description="in touch today")
    recent_half_life_days: float = Field(14.0, gt=0)
    history: float = Field(0.90, ge=0, lt=1, description="many days of interaction")
    history_days: float = Field(5.0, gt=0, description="active days that give 63% of history")
    reciprocity: float = Field(0.10, ge=0, lt=1, description="many messages answered")
    reciprocity_scale: float = Field(
        3.0, gt=0, description="answered messages (the fewer way) that give 63% of replies")
    mutual: float = Field(0.30, ge=0, lt=1, description="many contacts in common")
    mutual_scale: float = Field(3.0, gt=0)
    tie_half_life_days: float = Field(365.0, gt=0, description="a tie gone dark halves this often")
    dormant_after_days: float = Field(365.0, gt=0)
    recent_window_days: int = Field(90, gt=0, description="what 'lately' means in the words")
    colleague: float = Field(0.5, ge=0, lt=1, description="two colleagues at a small company")
    colleague_small_org: float = Field(10.0, gt=0, description="size up to which all know all")
    colleague_past: float = Field(0.5, ge=0, le=1, description="per side that has since left")


DEFAULT_WEIGHTS = StrengthWeights()


@dataclass(frozen=True, slots=True)
class BookSignals:
    """What one owner's address-book record says about the relationship."""

    file: str
    reachable: bool
    phone: bool
    starred: bool
    close: tuple[str, ...] = ()
    personal_email: bool = False
    work_email: bool = False
    linkedin: bool = False
    connected_on: dt.date | None = None
    last_contacted: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Activity:
    """One owner's interactions with one person: counts, active days, first and last date."""

    sent: int
    received: int
    days: int
    first: dt.date
    last: dt.date
    lately: int = 0
    channels: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Direction:
    """Everything one owner knows about one person; any part may be missing."""

    owner: str
    book: BookSignals | None = None
    activity: Activity | None = None
    rating: int | None = None


@dataclass(frozen=True, slots=True)
class TieScore:
    strength: float
    dormant: bool
    last_contact: dt.date | None
    evidence: list[Evidence]


def book_signals(record: ContactRecord, free_mail: Iterable[str] = ()) -> BookSignals:
    """Return the signals a record carries; ``free_mail`` lists its addresses at free-mail hosts."""
    personal = set(free_mail)
    emails = [p.value.strip().lower() for p in record.emails]
    return BookSignals(
        file=record.file,
        reachable=bool(record.emails or record.phones),
        phone=bool(record.phones),
        starred=record.starred,
        close=tuple(sorted(CLOSE_LABELS.intersection(record.labels))),
        personal_email=any(e in personal for e in emails),
        work_email=any(e not in personal for e in emails),
        linkedin=bool(record.linkedin_url),
        connected_on=_as_date(record.connected_on),
        last_contacted=_as_date(record.last_contacted),
    )


def _as_date(value: dt.date | str | None) -> dt.date | None:
    # Stored records are rebuilt without validation (derive.record_from_json): dates stay text.
    if isinstance(value, str):
        return dt.date.fromisoformat(value) if value else None
    return value


def _book_rule(
    b: BookSignals, as_of: dt.date | None, w: StrengthWeights
) -> tuple[float, list[str]]:
    """Return the address-book part before decay, and its reasons in words.

    Without ``as_of`` nothing that depends on the date (years known) counts.
    """
    reasons: list[str] = []
    s = BASE_REACHABLE if b.reachable else BASE_NAME_ONLY
    if b.starred:
        s += STARRED_BONUS
        reasons.append("starred")
    if b.phone:
        s += PHONE_BONUS
        reasons.append("phone saved")
    if b.personal_email:
        s += w.personal_email
        reasons.append("personal email saved")
    if b.work_email and not b.phone and not b.personal_email:
        reasons.append("work email saved")
    if not b.reachable:
        reasons.append("LinkedIn only" if b.linkedin else "name only")
    if b.close:
        s += CLOSE_LABEL_BONUS
        reasons.append("label " + ", ".join(b.close))
    if as_of and b.connected_on and b.connected_on <= as_of:
        years = (as_of - b.connected_on).days / 365.25
        s += w.years * min(years / 10.0, 1.0)
        reasons.append(f"known since {b.connected_on.year} ({years:.0f} years)"
                       if years >= 1 else f"known since {b.connected_on.isoformat()}")
    return min(s, MAX_STRENGTH), reasons


@functools.lru_cache(maxsize=1 << 16)
def _ev(kind: str, detail: str, owner: str | None = None) -> Evidence:
    # Built per owner and tie on every derive, from values made here: validation would cost a
    # third of the derive for nothing. A million ties say a few thousand different things
    # ("in dana's contacts (contacts.csv): phone saved"), so equal evidence is one shared
    # object; Evidence is frozen, so sharing it is safe.
    return Evidence.trusted(kind=kind, owner=owner, detail=detail)


def _halving(days: float, half_life: float) -> float:
    return 2.0 ** (-max(days, 0.0) / half_life)


def _noisy_or(parts: Iterable[float]) -> float:
    miss = 1.0
    for p in parts:
        miss *= 1.0 - p
    return 1.0 - miss


def score_direction(
    d: Direction, as_of: dt.date, w: StrengthWeights = DEFAULT_WEIGHTS
) -> tuple[float, dt.date | None, list[Evidence]]:
    """Return one owner's inferred strength for a person, their last contact, and the evidence.

    A rating is reported as evidence but not applied here: :func:`score_tie` lets it win.
    """
    dates = [x for x in (d.book.last_contacted if d.book else None,
                         d.activity.last if d.activity else None) if x]
    last = max(dates) if dates else None
    age = (as_of - last).days if last else None
    decay = _halving(age, w.tie_half_life_days) if age is not None else 1.0
    evidence: list[Evidence] = []
    parts: list[float] = []
    if d.rating is not None:
        evidence.append(_ev("rating", f"{d.owner} rated this tie {d.rating} of 5", d.owner))
    if d.book is not None:
        s, reasons = _book_rule(d.book, as_of, w)
        parts.append(s * decay)
        if d.book.last_contacted:
            reasons.append(f"last contacted {d.book.last_contacted.isoformat()}")
        evidence.append(_ev("address_book", f"in {d.owner}'s contacts ({d.book.file}): "
                            + "; ".join(reasons), d.owner))
    if age is not None:
        parts.append(w.recent * _halving(age, w.recent_half_life_days))
    if (a := d.activity) is not None:
        parts.append(w.history * (1.0 - math.exp(-a.days / w.history_days)) * decay)
        # DotAlign's rule: only answered mail counts, i.e. the fewer of the two ways. Fifty
        # mails out and one back is one exchange, not a two-way relationship; and sending one
        # more unanswered mail never lowers it (min never falls), so the part stays monotone.
        answered = min(a.sent, a.received)
        parts.append(w.reciprocity * (1.0 - math.exp(-answered / w.reciprocity_scale)) * decay)
        evidence.append(_ev("interaction", _activity_words(d.owner, a, w), d.owner))
    return min(_noisy_or(parts), MAX_STRENGTH), last, evidence


def _activity_words(owner: str, a: Activity, w: StrengthWeights) -> str:
    total = a.sent + a.received
    plural = "s" if total != 1 else ""
    how = "/".join(c + plural for c in a.channels) if a.channels else f"interaction{plural}"
    words = f"{owner}: {total} {how} on {a.days} day{'s' if a.days != 1 else ''}"
    words += f" ({a.sent} sent, {a.received} received)"
    if a.lately:
        words += f", {a.lately} in the last {w.recent_window_days} days"
    return words + f", last on {a.last.isoformat()}"


def score_tie(
    directions: Sequence[Direction],
    as_of: dt.date,
    w: StrengthWeights = DEFAULT_WEIGHTS,
    *,
    mutual: int = 0,
) -> TieScore:
    """Return a tie's strength, whether it is dormant, and the evidence in words.

    Directions combine noisy-or; mutual contacts add a bounded part; a rating overrides.
    """
    strengths: list[float] = []
    lasts: list[dt.date] = []
    evidence: list[Evidence] = []
    for d in sorted(directions, key=lambda x: x.owner):
        s, last, ev = score_direction(d, as_of, w)
        if d.book is not None or d.activity is not None:
            strengths.append(s)
        if last:
            lasts.append(last)
        evidence.extend(ev)
    if sum(d.book is not None for d in directions) > 1:
        evidence.append(_ev("reciprocal", "each has the other saved"))
    parts = list(strengths)
    if mutual > 0:
        parts.append(w.mutual * (1.0 - math.exp(-mutual / w.mutual_scale)))
        evidence.append(_ev("mutual", f"{mutual} mutual contact{'s' if mutual != 1 else ''}"))
    strength = _noisy_or(parts)
    ratings = [RATING_STRENGTH[d.rating] for d in directions if d.rating is not None]
    if ratings:
        strength = sum(ratings) / len(ratings)
    last = max(lasts) if lasts else None
    dormant = (not ratings and last is not None
               and (as_of - last).days > w.dormant_after_days)
    if dormant:
        assert last is not None
        years = (as_of - last).days / 365.25
        evidence.append(_ev(
            "dormant",
            f"no contact since {last.isoformat()} ({years:.1f} years); "
            f"strength halves every {w.tie_half_life_days:.0f} days without contact"))
    strength = round(min(max(strength, MIN_STRENGTH), MAX_STRENGTH), 6)
    return TieScore(strength=strength, dormant=dormant, last_contact=last, evidence=evidence)


def record_strength(record: ContactRecord, owner: str) -> tuple[float, Evidence]:
    """Return the strength one owner's record implies on its own, undated, with its evidence.

    The address-book rule alone, without decay or interactions: what the fixtures' ladder of
    exports is written against.
    """
    return signals_strength(book_signals(record), owner)


def signals_strength(signals: BookSignals, owner: str) -> tuple[float, Evidence]:
    """Return :func:`record_strength` for a record already read into its signals."""
    s, reasons = _book_rule(signals, None, DEFAULT_WEIGHTS)
    detail = f"in {owner}'s contacts ({signals.file}): " + "; ".join(reasons)
    return round(min(s, MAX_STRENGTH), 6), _ev("address_book", detail, owner)


def combine(strengths: Iterable[float]) -> float:
    """Return the noisy-or of independent strengths, capped at :data:`MAX_STRENGTH`."""
    return round(min(_noisy_or(strengths), MAX_STRENGTH), 6)


def band(strength: float, evidence: Iterable[Evidence] = ()) -> str:
    """Return the word a person reads for a tie: strong, good, weak, or dormant.

    Dormant (the evidence says the tie went dark) wins over the number; otherwise strong from
    0.7, good from 0.4, weak below. One set of cut-offs, so the terminal and HTML page agree.
    """
    if any(e.kind == "dormant" for e in evidence):
        return "dormant"
    if strength >= 0.7:
        return "strong"
    if strength >= 0.4:
        return "good"
    return "weak"


def cost(strength: float) -> float:
    """Return the path-search cost of a tie: ``-ln(strength)``, so sums of costs are products."""
    return -math.log(strength)
