"""Where a person's id went when a re-derive gave their records another id.

Person ids are derived (graph/derive.py): stable while a person's oldest record stays, but a
merge gives two people one id and removing the record an id came from moves it. What users
attach to a person by id (tags) follows the records: to the id that now holds most of them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping

__all__ = ["successors"]


def successors(
    before: Iterable[tuple[str, str]], after: Mapping[str, str], alive: Collection[str],
) -> dict[str, str]:
    """Return ``{old id: new id}`` for each old id that no longer exists.

    ``before`` holds (record uid, person id) as they were, for the ids of interest; ``after``
    maps record uids to person ids now; ``alive`` holds every person id now. An old id goes to
    the id holding most of its surviving records (the smaller id on a tie); an id none of whose
    records survive goes nowhere.
    """
    votes: dict[str, Counter[str]] = {}
    for uid, old in before:
        if old in alive or (new := after.get(uid)) is None:
            continue
        votes.setdefault(old, Counter())[new] += 1
    return {old: min(c, key=lambda pid: (-c[pid], pid)) for old, c in votes.items()}
