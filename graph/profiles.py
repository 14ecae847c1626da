"""Expertise profiles assembled from record fields and tags: shared by every store backend."""

from __future__ import annotations

import json
from collections.abc import Iterable

from intrograph.models import ExpertiseSource, PersonTag

__all__ = ["ProfileBuilder"]


class ProfileBuilder:
    """Collects one person's work texts from their records and tags, each distinct text once."""

    def __init__(self, source: ExpertiseSource, domains: Iterable[str] = ()):
        self.source = source
        self._seen: set[tuple[str, str]] = set()
        for d in domains:
            self.add("domain", d)

    def add(self, field: str, text: str | None) -> None:
        text = (text or "").strip()
        if text and (field, text) not in self._seen:
            self._seen.add((field, text))
            self.source.texts.append((field, text))

    def add_record(self, *, title: str | None, department: str | None,
                   organization: str | None, notes: str | None, labels: str | list | None,
                   extra: str | dict | None, city: str | None, country: str | None) -> None:
        """Add one record's work fields; ``labels`` and ``extra`` may still be JSON text."""
        src = self.source
        self.add("title", title)
        if title and organization:
            src.title_orgs.setdefault(title.strip(), organization.strip())
        self.add("department", department)
        self.add("organization", organization)
        self.add("note", notes)
        for label in json.loads(labels) if isinstance(labels, str) else (labels or []):
            self.add("label", label)
        for column, value in (json.loads(extra) if isinstance(extra, str)
                              else (extra or {})).items():
            self.add(f"extra:{column}", value)
        place = (city or "", country or "")
        if any(place) and place not in src.places:
            src.places.append(place)

    def add_tags(self, tags: Iterable[PersonTag]) -> None:
        for t in tags:
            self.add("tag", t.tag)
            if t.owner:
                self.source.tag_owners.setdefault(t.tag, []).append(t.owner)
