"""Google Contacts CSV, in both the current and the legacy ("Google CSV") layout.

Columns are found by name through alias tables, never by position: the two layouts name the
same things differently (``First Name`` / ``Given Name``, ``Labels`` / ``Group Membership``),
the number of ``E-mail N`` / ``Phone N`` / ``Website N`` / ``Address N`` groups grows with the
widest contact, and spreadsheets re-save with columns moved or dropped. A few generic names
(``Email``, ``Phone``, ``Full Name``) are accepted too, so a hand-made contact list also loads.

Record numbers count data rows (the header is not one), blank rows included, so record 17 is
the 17th row under the header when the file is opened in a spreadsheet.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from intrograph.errors import NotAContactExport
from intrograph.loaders.csvrows import (
    collect,
    first_row,
    marked_rows,
    named_cells,
    no_identity_column_reason,
)
from intrograph.loaders.fields import (
    clean_label,
    group_labels,
    is_email_like,
    is_phone_like,
    parse_date,
    points,
    sort_urls,
    split_multi,
)
from intrograph.loaders.outlook import is_outlook_header
from intrograph.loaders.textio import csv_rows, first_line, sniff_delimiter
from intrograph.models import ContactRecord, LoadResult

__all__ = ["FORMAT", "Layout", "load", "parse_header", "sniff"]

FORMAT = "google"

# Normalised column name -> record field. Keys are lower-case with "e-mail" spelled "email".
_SINGLE: dict[str, str] = {
    "name": "full_name",
    "full name": "full_name",
    "display name": "full_name",
    "first name": "given_name",
    "given name": "given_name",
    "middle name": "middle_name",
    "additional name": "middle_name",
    "last name": "family_name",
    "family name": "family_name",
    "nickname": "nickname",
    "organization name": "organization",
    "organization title": "title",
    "organization department": "department",
    "company": "organization",
    "birthday": "birthday",
    "notes": "notes",
    "labels": "labels",
    "group membership": "labels",
    "email": "email",
    "email address": "email",
    "phone": "phone",
    "phone number": "phone",
    "mobile phone": "phone",
    "website": "website",
    "url": "website",
    "linkedin": "website",
    "linkedin url": "website",
    "city": "city",
    "country": "country",
}
# "E-mail 3 - Value", "Organization 1 - Title", "Address 2 - City" …
_GROUPED = re.compile(
    r"^(?P<kind>email|phone|website|address|organization) (?P<n>\d+) - (?P<part>.+)$"
)
_NAME_FIELDS = {"full_name", "given_name", "family_name"}
# Group parts a record field reads; any other part ("Address 1 - Street", "Organization 1 -
# Location") is kept in ``extra``.
_READ_PARTS = {
    "email": {"value", "label", "type"},
    "phone": {"value", "label", "type"},
    "website": {"value", "label", "type"},
    "organization": {"name", "title", "department"},
    "address": {"city", "country"},
}
# Private-use characters: no export writes them, so the mark cannot collide with data.


def _key(header: str) -> str:
    text = " ".join(header.replace("\ufeff", "").strip().lower().split())
    return text.replace("e-mail", "email")


@dataclass
class Layout:
    """Where each field sits in one file's header: column indexes, looked up by name once."""

    header: list[str]
    single: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    # kind -> group number -> part ("value", "label", "type", "city", …) -> column index
    groups: dict[str, dict[int, dict[str, int]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(dict))
    )

    @cached_property
    def read(self) -> set[int]:
        """Return the indexes of the columns some record field reads; the rest go to extra."""
        found = {index for indexes in self.single.values() for index in indexes}
        for kind, groups in self.groups.items():
            for parts in groups.values():
                found.update(i for part, i in parts.items() if part in _READ_PARTS[kind])
        return found

    def has_identity_column(self) -> bool:
        """Return True when some column can hold a name, an email or a phone number."""
        if _NAME_FIELDS & self.single.keys() or {"email", "phone"} & self.single.keys():
            return True
        return any(
            "value" in parts for kind in ("email", "phone") for parts in self.groups[kind].values()
        )


def parse_header(header: list[str]) -> Layout:
    """Return the Layout of a header row; unknown columns are ignored."""
    layout = Layout(header=header)
    for index, name in enumerate(header):
        key = _key(name)
        if key in _SINGLE:
            layout.single[_SINGLE[key]].append(index)
            continue
        match = _GROUPED.match(key)
        if match:
            part = match["part"].strip()
            parts = layout.groups[match["kind"]][int(match["n"])]
            parts.setdefault(part, index)
    return layout


def sniff(text: str) -> bool:
    """Return True when the text's first line is a CSV header with a name, email or phone column.

    Outlook's header also has ``First Name`` and ``E-mail Address``, which the generic aliases
    accept; it is left to the Outlook loader, whatever order the formats are tried in.
    """
    header = next(csv_rows(first_line(text), sniff_delimiter(text)), [])
    return parse_header(header).has_identity_column() and not is_outlook_header(header)


def load(text: str, file: str) -> LoadResult:
    """Return the records and rejects of a Google Contacts CSV.

    Raises NotAContactExport when the header has no column for a name, an email or a phone.
    """
    rows = marked_rows(text, sniff_delimiter(text))
    header = first_row(rows)
    layout = parse_header(header)
    if not layout.has_identity_column():
        raise NotAContactExport(no_identity_column_reason(header), file=file)
    plan, read = _Plan.of(layout), layout.read
    return collect(rows, header, file, FORMAT,
                   lambda cells, number: _record(plan, header, read, cells, file, number))


@dataclass(frozen=True)
class _Plan:
    """A Layout turned into index lists once per file, so a row is read without lookups.

    Rows are padded to the header's width plus one empty cell, and a part a group lacks
    points at that empty cell; so every read is a plain index into the row.
    """

    width: int
    single: dict[str, tuple[int, ...]]
    # kind -> (value, label, type) indexes per group, in group-number order
    labelled: dict[str, tuple[tuple[int, int, int], ...]]
    orgs: tuple[tuple[int, int, int], ...]  # (name, title, department)
    places: tuple[tuple[int, int], ...]  # (city, country)
    extra: tuple[tuple[int, str], ...] | None  # unread columns, when their names are distinct

    @classmethod
    def of(cls, layout: Layout) -> _Plan:
        width = len(layout.header)

        def parts(kind: str, *names: str) -> tuple[tuple[int, ...], ...]:
            groups = layout.groups.get(kind, {})
            return tuple(tuple(groups[n].get(name, width) for name in names)
                         for n in sorted(groups))

        unread = [(i, name or f"(column {i + 1})") for i, name in enumerate(layout.header)
                  if i not in layout.read]
        distinct = len({name for _, name in unread}) == len(unread)
        return cls(
            width=width,
            single={name: tuple(indexes) for name, indexes in layout.single.items()},
            labelled={kind: parts(kind, "value", "label", "type")
                      for kind in ("email", "phone", "website")},
            orgs=parts("organization", "name", "title", "department"),
            places=parts("address", "city", "country"),
            extra=tuple(unread) if distinct else None,
        )


def _labelled(plan: _Plan, cells: list[str], kind: str, extra: str) -> list[tuple[str, str]]:
    """Return (value, label) pairs of a kind, splitting ``:::`` cells, then the plain column."""
    pairs: list[tuple[str, str]] = []
    for value_at, label_at, type_at in plan.labelled[kind]:
        cell = cells[value_at]
        if not cell:
            continue
        values = split_multi(cell)
        labels = [clean_label(x) for x in split_multi(cells[label_at] or cells[type_at])]
        for i, value in enumerate(values):
            # One label usually covers every value in the cell; a cell with as many labels as
            # values pairs them up.
            label = labels[i] if len(labels) == len(values) else (labels[0] if labels else "")
            pairs.append((value, label))
    pairs.extend((value, "") for value in _all(plan, cells, extra))
    return pairs


def _get(plan: _Plan, cells: list[str], name: str) -> str:
    for index in plan.single.get(name, ()):
        if value := cells[index]:
            return value
    return ""


def _all(plan: _Plan, cells: list[str], name: str) -> list[str]:
    return [v for i in plan.single.get(name, ()) for v in split_multi(cells[i])]


def _record(plan: _Plan, header: list[str], read: set[int], cells: list[str], file: str,
            number: int) -> ContactRecord:
    row = cells + [""] * (plan.width + 1 - len(cells))
    given, middle, family = (_get(plan, row, "given_name"), _get(plan, row, "middle_name"),
                             _get(plan, row, "family_name"))
    full_name = _get(plan, row, "full_name") or " ".join(p for p in (given, middle, family) if p)
    linkedin, urls = sort_urls(v for v, _ in _labelled(plan, row, "website", "website"))
    org = next(((row[n], row[t], row[d]) for n, t, d in plan.orgs if row[n] or row[t]),
               ("", "", ""))
    place = next(((row[c], row[k]) for c, k in plan.places if row[c] or row[k]), ("", ""))
    labels = group_labels(_all(plan, row, "labels"))
    if plan.extra is None:
        extra = named_cells(header, cells, read)
    else:
        extra = {name: row[i] for i, name in plan.extra if row[i]}
    return ContactRecord(
        file=file,
        record=number,
        full_name=full_name,
        given_name=given,
        family_name=family,
        nickname=_get(plan, row, "nickname"),
        emails=points(_labelled(plan, row, "email", "email"), is_email_like),
        phones=points(_labelled(plan, row, "phone", "phone"), is_phone_like),
        organization=_first(_get(plan, row, "organization") or org[0]),
        title=_first(_get(plan, row, "title") or org[1]),
        department=_first(_get(plan, row, "department") or org[2]),
        labels=labels,
        starred="starred" in labels,
        notes=_get(plan, row, "notes"),
        linkedin_url=linkedin,
        urls=urls,
        city=_first(_get(plan, row, "city") or place[0]),
        country=_first(_get(plan, row, "country") or place[1]),
        birthday=parse_date(_get(plan, row, "birthday")),
        extra=extra,
    )


def _first(cell: str) -> str:
    # A second organisation or city joined with ":::" is dropped: the record holds one.
    values = split_multi(cell)
    return values[0] if values else ""
