"""Person names in a form two spellings of one human share: parsing, nicknames, comparison.

Address books write one person as "Robert Lee", "Lee, Robert", "Dr. Bob Lee Jr.", "R. Lee" and
"robert lee". :func:`name_key` reduces each to (given, family) tokens; :func:`given_names_match`
and :func:`names_match` say whether two keys can be the same human, and :func:`name_score` how
alike they are. All pure; the nickname table is the maintained ``nicknames`` package (about
2,700 English name/nickname pairs), read once.
"""

from __future__ import annotations

import functools
import unicodedata
from typing import NamedTuple

from rapidfuzz.distance import OSA

__all__ = [
    "NameKey",
    "address_name",
    "family_names_match",
    "given_name_forms",
    "given_names_match",
    "name_key",
    "name_score",
    "names_match",
    "profile_name",
]

_HONORIFICS = frozenset({
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "rev", "fr",
    "herr", "frau", "mme", "mlle", "m",
})  # fmt: skip
_SUFFIXES = frozenset({
    "jr", "sr", "ii", "iii", "iv", "phd", "md", "esq", "mba", "cpa", "dds", "rn", "pe", "jd",
})  # fmt: skip
# Family-name particles stay part of the family name: "Ludwig van Beethoven" is family
# "vanbeethoven", so "L. van Beethoven" and "Ludwig van Beethoven" agree.
_PARTICLES = frozenset({"van", "von", "de", "der", "den", "da", "di", "du", "le", "la", "del",
                        "della", "bin", "al", "ter", "ten"})


class NameKey(NamedTuple):
    """A name reduced to what identifies it: folded given and family tokens ("" when unknown)."""

    given: str
    family: str

    @property
    def initial_only(self) -> bool:
        return len(self.given) == 1

    def __bool__(self) -> bool:
        return bool(self.given or self.family)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    # German and Nordic letters NFKD leaves alone.
    return text.replace("ß", "ss").replace("ø", "o").replace("æ", "ae").replace("ł", "l")


def _tokens(text: str) -> list[str]:
    out, word = [], []
    for ch in _fold(text):
        if ch.isalnum():
            word.append(ch)
        elif ch in "'’`" or (ch == "-" and word):
            continue  # O'Brien is obrien; Jan-Peter is janpeter, read whole in either field
        else:
            if word:
                out.append("".join(word))
            word = []
    if word:
        out.append("".join(word))
    return out


def _strip(tokens: list[str]) -> list[str]:
    while tokens and tokens[0] in _HONORIFICS and len(tokens) > 1:
        tokens = tokens[1:]
    while tokens and tokens[-1] in _SUFFIXES and len(tokens) > 1:
        tokens = tokens[:-1]
    return tokens


def _family(tokens: list[str]) -> str:
    # The last word, with any particles before it ("van der Berg" -> "vanderberg").
    i = len(tokens) - 1
    while i > 1 and tokens[i - 1] in _PARTICLES:
        i -= 1
    return "".join(tokens[i:])


@functools.lru_cache(maxsize=1 << 18)
def name_key(full: str = "", given: str = "", family: str = "") -> NameKey:
    """Return the (given, family) key of a name, from separate fields when the export has them.

    Rule: accents dropped and case folded, apostrophes and hyphens inside a word removed
    ("Jan-Peter" is one given name), other punctuation splits words; honorifics (Mr, Dr, Prof,
    …) lead and suffixes (Jr, III, PhD, …) trail are dropped. With
    separate fields, given is the first word of the given name and family the family name's
    words joined. From a full name alone, "Family, Given" (one comma) is read in that order;
    otherwise the first word is the given name and the last (with particles such as van, de) the
    family name. A full name that is an email address or a phone number is no name at all.
    """
    if "@" in full or (full and not any(ch.isalpha() for ch in full)):
        full = ""
    g = _strip(_tokens(given))
    f = _strip(_tokens(family))
    if g or f:
        if not g and len(f) > 1 and not full:
            return NameKey(f[0], _family(f))
        return NameKey(g[0] if g else "", "".join(f))
    if full.count(",") == 1:
        left, right = full.split(",")
        fam, giv = _strip(_tokens(left)), _strip(_tokens(right))
        if fam and giv and not (len(giv) == 1 and giv[0] in _SUFFIXES):
            return NameKey(giv[0], "".join(fam))
    words = _strip(_tokens(full))
    if not words:
        return NameKey("", "")
    if len(words) == 1:
        return NameKey(words[0], "")
    return NameKey(words[0], _family(words))


@functools.cache
def _nickname_groups() -> dict[str, frozenset[str]]:
    """Return, for each name in the nickname table, the canonical names it can stand for."""
    import nicknames

    groups: dict[str, set[str]] = {}
    for t in nicknames.name_triplets():
        canonical, nick = t.name1.lower(), t.name2.lower()
        groups.setdefault(canonical, {canonical}).add(canonical)
        groups.setdefault(nick, {nick}).add(canonical)
    return {name: frozenset(g) for name, g in groups.items()}


@functools.lru_cache(maxsize=1 << 16)
def given_name_forms(name: str) -> frozenset[str]:
    """Return the canonical names a given name can stand for, itself included (bob -> robert,
    bert, bobby, bob); a name the table does not know stands for itself only."""
    return _nickname_groups().get(name, frozenset((name,)))


@functools.lru_cache(maxsize=1 << 20)
def _typo(a: str, b: str) -> bool:
    """Return True when ``a`` and ``b`` differ by one edit (two for long names), first letter kept.

    Edits are optimal-string-alignment edits, so transposed neighbours ("Jonh" for "John") are
    one edit.
    """
    if a[0] != b[0] or min(len(a), len(b)) < 4:
        return False
    limit = 1 if max(len(a), len(b)) < 8 else 2
    return OSA.distance(a, b, score_cutoff=limit) <= limit


@functools.lru_cache(maxsize=1 << 18)
def given_names_match(a: str, b: str) -> bool:
    """Return True when two given names can be one person's.

    Rule: equal; an initial and a name starting with it; names the nickname table relates (Bob
    and Robert, Bob and Rob through Robert); or one typo apart (see :func:`_typo`). An empty
    name matches anything: it says nothing.
    """
    if not a or not b or a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        # "E." fits Beth through Elizabeth: an initial may stand for the full name behind a
        # nickname, as people sign with the initial of their full name.
        initial, name = (a, b) if len(a) == 1 else (b, a)
        return any(form[0] == initial for form in given_name_forms(name))
    return bool(given_name_forms(a) & given_name_forms(b)) or _typo(a, b)


def _family_match(a: str, b: str) -> bool:
    if not a or not b or a == b:
        return True
    # A letter lost from a four-letter family name ("Rth" for Roth) is still a typo; two
    # three-letter names ("Lee", "Leo") are too short to tell a typo from another family.
    if len(a) == 3 and len(b) == 4 or len(a) == 4 and len(b) == 3:
        return a[0] == b[0] and OSA.distance(a, b, score_cutoff=1) <= 1
    return _typo(a, b)


@functools.lru_cache(maxsize=1 << 20)
def names_match(a: NameKey, b: NameKey) -> bool:
    """Return True when two names can belong to one human, in either order ("Lee Robert").

    Unknown parts match anything, so a record with no name never blocks a merge: other evidence
    decides those.
    """
    if a == b or not a or not b:
        return True
    if _family_match(a.family, b.family) and given_names_match(a.given, b.given):
        return True
    # Transposed: one side's family field holds the given name and its given field the family
    # name; either side may be the transposed one, so both readings are tried.
    return bool(a.family and b.family) and (
        (_family_match(a.given, b.family) and given_names_match(a.family, b.given))
        or (_family_match(a.family, b.given) and given_names_match(a.given, b.family)))


def family_names_match(a: NameKey, b: NameKey) -> bool:
    """Return True when two names' family names can be one family's, in either order.

    The check for a shared email address or profile: those say one person strongly enough to
    outweigh a given name the nickname table does not know (Sasha for Alexandra), but not a
    different family name.
    """
    if not a.family or not b.family:
        return True
    return (_family_match(a.family, b.family) or _family_match(a.given, b.family)
            or _family_match(a.family, b.given))


@functools.lru_cache(maxsize=1 << 20)
def name_score(a: NameKey, b: NameKey) -> float:
    """Return how alike two matching names are in [0, 1]: 1 for the same words.

    Steps down for what makes a match less certain: a nickname 0.95, a typo 0.9, a transposed
    order 0.9, an initial 0.8, a missing part 0.6; 0 when :func:`names_match` says no.
    """
    if not names_match(a, b):
        return 0.0
    if not (a.given and b.given and a.family and b.family):
        return 0.6
    swapped = not (_family_match(a.family, b.family) and given_names_match(a.given, b.given))
    if swapped:
        b = NameKey(b.family, b.given)
    score = 0.9 if swapped else 1.0
    if a.family != b.family:
        score *= 0.9
    if a.given != b.given:
        if a.initial_only or b.initial_only:
            score *= 0.8
        elif given_name_forms(a.given) & given_name_forms(b.given):
            score *= 0.95
        else:
            score *= 0.9
    return round(score, 4)


@functools.lru_cache(maxsize=1 << 16)
def profile_name(link: str) -> NameKey:
    """Return the name a LinkedIn profile address spells, or an empty key when it spells none.

    Rule: ``link`` is a normalised profile (``linkedin.com/in/<slug>``); the slug splits on
    ``-`` and ``_``; trailing words holding a digit (the suffix LinkedIn adds to tell namesakes
    apart, "e255afa4", "42") are dropped; at least two words must remain, read as a full name
    ("roland-winkler-90139d68" is Roland Winkler). One word ("sam", "jdoe") spells no name.
    """
    slug = link.rpartition("/in/")[2]
    words = [w for w in slug.replace("_", "-").split("-") if w]
    while words and any(ch.isdigit() for ch in words[-1]):
        words.pop()
    if len(words) < 2 or any(any(ch.isdigit() for ch in w) for w in words):
        return NameKey("", "")
    return name_key(" ".join(words))


@functools.lru_cache(maxsize=1 << 16)
def address_name(email: str) -> NameKey:
    """Return the name an email address spells, or an empty key when it spells none.

    Rule: the local part (before ``@``, any ``+tag`` dropped) must be exactly two words of at
    least two letters each, joined by ``.``, ``_`` or ``-`` ("wulf_biggen", "jane.doe"); it is
    read given name first. "jdoe", "jane", "jane.doe2" and "j.doe" spell no name: which letters
    are which name is a guess there.
    """
    local = email.partition("@")[0].partition("+")[0]
    for sep in "._-":
        words = local.split(sep)
        if len(words) == 2:
            break
    else:
        return NameKey("", "")
    if not all(len(w) >= 2 and w.isalpha() for w in words):
        return NameKey("", "")
    return name_key(" ".join(words))
