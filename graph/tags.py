"""``intrograph tag``: what an owner knows about a contact that no export says.

Tags are kept by person id with the tagging owner (or none), and feed the expert search as a
field that weighs as much as a title.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from intrograph.errors import InputError, NotFound
from intrograph.graph.store import Store
from intrograph.models import Person, PersonTag

__all__ = ["MAX_TAG", "normalize_tag", "resolve_person", "tag_person"]

MAX_TAG = 80


def normalize_tag(text: str) -> str:
    """Return a tag as stored: trimmed, lower-case, inner whitespace collapsed to one space."""
    return re.sub(r"\s+", " ", text).strip().lower()


def resolve_person(store: Store, query: str) -> Person:
    """Return the one person ``query`` names: an id, an email address or an exact name."""
    q = query.strip()
    if not q:
        raise InputError("name a person: an id, an email address or their exact name")
    ref = store.person_refs([q]).get(q)
    if ref is not None:  # an id: people() does not search ids
        return Person(id=ref.id, name=ref.name, title=ref.title, organization=ref.organization)
    people = store.people(q)
    exact = [p for p in people if q.lower() in p.emails]
    if not exact:
        exact = [p for p in people if p.name.lower() == q.lower()]
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        raise NotFound(
            f"{len(exact)} people are called {q!r}; name one by id or email",
            candidates=[f"{p.name} ({p.organization or 'no company'}, {p.id})"
                        for p in exact[:5]],
        )
    raise NotFound(f"no person matches {q!r}; try `intrograph people {q}`",
                   candidates=[p.name for p in people[:4]])


def tag_person(store: Store, person: str, tags: Sequence[str], *, owner: str | None = None,
               remove: bool = False) -> tuple[Person, int, list[PersonTag]]:
    """Add (or remove) ``tags`` on a person; return them, how many changed, and their tags now.

    ``owner`` is who is tagging; it must be an owner of the store when given.
    """
    cleaned = list(dict.fromkeys(t for t in (normalize_tag(x) for x in tags) if t))
    if not cleaned and not remove:
        raise InputError("give at least one tag, e.g. intrograph tag dana@example.com "
                         "'supply chain'")
    for t in cleaned:
        if len(t) > MAX_TAG:
            raise InputError(f"tag {t[:20]!r}… is {len(t)} characters; keep tags under "
                             f"{MAX_TAG}")
    if owner is not None and owner not in {o.name for o in store.owners()}:
        raise NotFound(f"no owner called {owner!r} (from --as or INTROGRAPH_AS)")
    who = resolve_person(store, person)
    if remove:
        changed = store.remove_tags(who.id, cleaned, owner)
    else:
        changed = store.add_tags(who.id, cleaned, owner)
    return who, changed, store.person_tags([who.id]).get(who.id, [])
