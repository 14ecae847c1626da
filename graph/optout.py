"""Opt-outs: people who asked never to be introduced to or through, kept by strong key.

An opt-out is stored as a normalised email ('e:'), E.164 phone ('t:') or LinkedIn profile URL
('l:'), not as a person id: person ids change when records merge or split, and a key still
matches the person after any re-import, or when they first arrive in a later one.
:func:`blocked_person_ids` turns the keys into the ids of today's persons;
:mod:`intrograph.graph.privacy` keeps those out of every search.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from intrograph.errors import InputError, NotFound
from intrograph.graph.store import Store
from intrograph.loaders.normalize import (
    normalize_email,
    normalize_linkedin_url,
    normalize_phone,
)

__all__ = ["blocked_person_ids", "optout_key", "read_optout_list", "resolve_optout"]


def optout_key(text: str, region: str = "US") -> str | None:
    """Return the strong key an opt-out entry names ('e:', 't:' or 'l:'), or None for a name."""
    text = text.strip()
    if "linkedin.com" in text.lower() and (url := normalize_linkedin_url(text)):
        return f"l:{url}"
    if "@" in text and (email := normalize_email(text)):
        return f"e:{email}"
    if any(c.isdigit() for c in text) and (phone := normalize_phone(text, region)):
        return f"t:{phone}"
    return None


def resolve_optout(store: Store, entry: str, region: str = "US") -> list[tuple[str, str]]:
    """Return the (key, label) rows that opt ``entry`` out: an email, phone or LinkedIn URL as
    given, or every strong key of the one person whose name or id it is."""
    entry = entry.strip()
    if not entry:
        raise InputError("an empty entry names nobody")
    if key := optout_key(entry, region):
        return [(key, entry)]
    wanted = entry.lower()
    people = [p for p in store.people(entry) if p.id == entry or p.name.lower() == wanted]
    if not people:
        close = difflib.get_close_matches(entry, [p.name for p in store.people()], n=3)
        raise NotFound(f"nobody called {entry!r} is in the store; give an email, phone or "
                       "LinkedIn URL to opt out someone not imported yet", candidates=close)
    if len(people) > 1:
        raise NotFound(f"{len(people)} people are called {entry!r}; give one's email",
                       candidates=[p.emails[0] for p in people if p.emails][:5])
    keys = store.strong_keys(people[0].id)
    if not keys:
        raise InputError(f"{entry!r} has no email, phone or LinkedIn URL to remember the "
                         "opt-out by; give one")
    return [(k, entry) for k in keys]


def read_optout_list(path: Path) -> list[tuple[int, str]]:
    """Return (line number, entry) for each entry in an opt-out list: one email, phone, LinkedIn
    URL or name a line; blank lines and lines starting with # are skipped."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_text(encoding="cp1252")
    except OSError as exc:
        raise InputError(f"cannot read it: {exc.strerror or exc}", file=path.name) from exc
    entries = [(n, line.strip()) for n, line in enumerate(text.splitlines(), start=1)
               if line.strip() and not line.lstrip().startswith("#")]
    if not entries:
        raise InputError("lists nobody", file=path.name)
    return entries


def blocked_person_ids(store: Store) -> set[str]:
    """Return the ids of today's persons who hold an opted-out key: never route to or through."""
    keys = [key for key, _, _ in store.optouts()]
    return store.person_ids_with_keys(keys) if keys else set()
