"""How senior a job title is: exec, director or manager, from words people actually write.

The levels follow the usual sales-targeting tiers (the buying committee's decision makers are
execs, budget owners directors, day-to-day owners managers). Titles are matched on whole words
after lower-casing and stripping accents, with common abbreviations ("VP", "Dir.", "Mgr",
"SVP") and German, French and Spanish forms, because pooled address books are multilingual.
"""

from __future__ import annotations

import re
import unicodedata
from enum import IntEnum

__all__ = ["Seniority", "seniority", "title_matches"]


class Seniority(IntEnum):
    """Ordered, so ``--seniority director`` can mean "director or above"."""

    MANAGER = 1
    DIRECTOR = 2
    EXEC = 3


# Phrases are checked as whole words; the first level whose phrase matches wins, top down.
_LEVELS: list[tuple[Seniority, tuple[str, ...]]] = [
    (
        Seniority.EXEC,
        (
            "chief", "ceo", "cfo", "coo", "cto", "cio", "cmo", "cpo", "cro", "cso", "cdo",
            "president", "vp", "svp", "evp", "avp", "vice president", "founder", "co founder",
            "cofounder", "owner", "partner", "managing director", "general manager",
            "geschaftsfuhrer", "geschaftsfuhrerin", "vorstand", "vorstandsvorsitzender",
            "inhaber", "pdg", "directeur general", "directrice generale", "presidente",
            "director general", "directora general", "consejero delegado",
        ),
    ),
    (
        Seniority.DIRECTOR,
        (
            "director", "directors", "dir", "head", "direktor", "direktorin", "leiter",
            "leiterin", "bereichsleiter", "abteilungsleiter", "directeur", "directrice",
            "responsable", "directora", "jefe de", "jefa de",
        ),
    ),
    (
        Seniority.MANAGER,
        (
            "manager", "mgr", "lead", "supervisor", "teamleiter", "teamleiterin", "gerente",
            "jefe", "jefa", "chef de", "coordinator", "koordinator",
        ),
    ),
]


def _words(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return " " + " ".join(re.findall(r"[a-z0-9]+", folded)) + " "


def seniority(title: str | None) -> Seniority | None:
    """Return the seniority a job title states, or None when it states none.

    >>> seniority("VP, Global Procurement"), seniority("Sr. Dir. Supply Chain")
    (<Seniority.EXEC: 3>, <Seniority.DIRECTOR: 2>)
    """
    if not title:
        return None
    words = _words(title)
    for level, phrases in _LEVELS:
        if any(f" {p} " in words for p in phrases):
            return level
    return None


def title_matches(title: str | None, query: str) -> bool:
    """Return True when every word of ``query`` starts a word of ``title`` (case and accents
    ignored), so "procure" finds "Head of Procurement" and "supply chain" needs both words."""
    if not title:
        return False
    words = _words(title).split()
    return all(any(w.startswith(q) for w in words) for q in _words(query).split())
