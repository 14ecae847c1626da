"""Cell-level rules every loader shares: multi-value cells, labels, dates, URLs, the identity test.

Loaders differ in where a value sits (a CSV column, a vCard property) but not in what a value
means once found; keeping those meanings here keeps the Google and vCard loaders agreeing.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable

from intrograph.loaders.normalize import normalize_linkedin_url
from intrograph.models import ContactPoint, ContactRecord

__all__ = [
    "NO_IDENTITY",
    "clean_label",
    "group_labels",
    "has_identity",
    "is_email_like",
    "is_phone_like",
    "parse_date",
    "points",
    "sort_urls",
    "split_multi",
]

NO_IDENTITY = "no name, email or phone"

# Google joins several values of one field into one cell with " ::: ".
_MULTI = re.compile(r"\s*:::\s*")
_DIGIT = re.compile(r"\d")
# Google's system groups carry different spellings across the two CSV layouts.
_GROUP_ALIASES = {"my contacts": "mycontacts", "starred in android": "starred"}


def split_multi(cell: str) -> list[str]:
    """Return the non-empty, trimmed values of a cell that may join several with ``:::``."""
    if ":::" not in cell:
        # Nearly every cell holds one value: no regex for those.
        value = cell.strip()
        return [value] if value else []
    return [part for part in (p.strip() for p in _MULTI.split(cell)) if part]


# A file holds a handful of distinct labels ("* Work", "Mobile") on every row.
@functools.lru_cache(maxsize=4096)
def clean_label(label: str) -> str:
    """Return a label lower-cased, with Google's ``* `` system marker and extra spaces removed."""
    text = label.strip()
    while text.startswith("*"):
        text = text[1:].lstrip()
    return " ".join(text.lower().split())


def group_labels(values: Iterable[str]) -> list[str]:
    """Return contact-group labels cleaned, de-duplicated in order, with system names unified.

    ``* My Contacts`` (legacy Google) and ``* myContacts`` (current) both become ``mycontacts``.
    """
    seen: dict[str, None] = {}
    for value in values:
        label = clean_label(value)
        label = _GROUP_ALIASES.get(label, label)
        if label:
            seen.setdefault(label, None)
    return list(seen)


def is_email_like(value: str) -> bool:
    """Return True when a value could be an email address at all (it has an ``@``).

    Deliberately loose: the graph layer decides what is a usable address; a loader only keeps
    things like "see LinkedIn" out of the emails list.
    """
    return "@" in value


def is_phone_like(value: str) -> bool:
    """Return True when a value could be a phone number at all (it has a digit)."""
    return bool(_DIGIT.search(value))


def points(values: Iterable[tuple[str, str]], keep: Callable[[str], bool]) -> list[ContactPoint]:
    """Return ContactPoints for ``(value, label)`` pairs that pass ``keep``, without repeats."""
    out: list[ContactPoint] = []
    seen: set[tuple[str, str]] = set()
    for value, label in values:
        value = value.strip()
        if not value or not keep(value) or (value, label) in seen:
            continue
        seen.add((value, label))
        out.append(ContactPoint(value=value, label=label))
    return out


def sort_urls(urls: Iterable[str]) -> tuple[str, list[str]]:
    """Return the first LinkedIn profile URL (as written) and the other URLs, in order."""
    linkedin = ""
    others: list[str] = []
    for url in urls:
        url = url.strip()
        if not url:
            continue
        # The substring test spares most URLs the full parse: a profile URL names linkedin.
        if not linkedin and "linkedin" in url.lower() and normalize_linkedin_url(url):
            linkedin = url
        elif url not in others:
            others.append(url)
    return linkedin, others


_DATE = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:[T ].*)?$")


def parse_date(value: str) -> dt.date | None:
    """Return the date a birthday-like value names, or None when it has no year or is invalid.

    Rule: ``YYYY-MM-DD`` or ``YYYYMMDD``, optionally followed by a time (vCard writes
    ``1985-04-12T00:00:00Z``). Google's yearless ``--04-12`` and anything else give None: a
    date without its year cannot be stored as a date, and a bad birthday never costs a record.
    """
    match = _DATE.match(value.strip())
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def has_identity(record: ContactRecord) -> bool:
    """Return True when the record names someone: a name, an email, a phone or a LinkedIn URL."""
    return bool(
        record.full_name
        or record.given_name
        or record.family_name
        or record.emails
        or record.phones
        or record.linkedin_url
    )
