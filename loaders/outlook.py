"""Outlook contact CSV: Outlook desktop, Outlook.com, Google's "Outlook CSV" option, German Outlook.

All of them write one fixed, wide header with one column per phone kind (``Mobile Phone``,
``Business Phone`` …) and up to three ``E-mail N Address`` columns, but columns are still found
by name, never by position: localised Outlooks translate the names (``Vorname``, ``Telefon
geschäftlich``), and spreadsheets re-save with columns moved or dropped.

Quirks that shape the code: Outlook writes an empty date as ``0/0/00``; an ``E-mail Type`` of
``EX`` makes the address cell an Exchange directory name (``/o=ExchangeLabs/ou=…``), which
must not be taken for an email; ``Title`` is the honorific (Mr., Dr.) and ``Job Title`` the job.

Record numbers count data rows (the header is not one), blank rows included, as in the Google
loader, so record 17 is the 17th row under the header when the file is opened in a spreadsheet.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from intrograph.errors import NotAContactExport
from intrograph.loaders.csvrows import (
    collect,
    first_row,
    marked_rows,
    named_cells,
    no_identity_column_reason,
)
from intrograph.loaders.fields import (
    group_labels,
    is_email_like,
    is_phone_like,
    parse_date,
    points,
    sort_urls,
)
from intrograph.loaders.textio import csv_rows, first_line, sniff_delimiter
from intrograph.models import ContactPoint, ContactRecord, LoadResult

__all__ = ["FORMAT", "is_outlook_header", "load", "parse_date_cell", "sniff"]

FORMAT = "outlook"

# Normalised column name -> record field. Keys are lower-case with "e-mail" spelled "email".
_SINGLE: dict[str, str] = {
    "first name": "given_name",
    "vorname": "given_name",
    "middle name": "middle_name",
    "weitere vornamen": "middle_name",
    "last name": "family_name",
    "nachname": "family_name",
    "nickname": "nickname",
    "spitzname": "nickname",
    "company": "organization",
    "firma": "organization",
    "job title": "title",
    "position": "title",
    "department": "department",
    "abteilung": "department",
    "notes": "notes",
    "notizen": "notes",
    "categories": "labels",
    "kategorien": "labels",
    "birthday": "birthday",
    "geburtstag": "birthday",
    "web page": "url",
    "personal web page": "url",
    "webseite": "url",
    "persönliche webseite": "url",
}

# Column -> (address slot, part). The type says whether the address is SMTP or Exchange.
_EMAIL: dict[str, tuple[int, str]] = {
    "email address": (1, "value"),
    "email type": (1, "type"),
    "email-adresse": (1, "value"),
    "email-typ": (1, "type"),
}
for _n in (2, 3):
    _EMAIL |= {
        f"email {_n} address": (_n, "value"),
        f"email {_n} type": (_n, "type"),
        f"email {_n}: adresse": (_n, "value"),
        f"email {_n}: typ": (_n, "type"),
    }

# Column -> phone label. Faxes, "Company Main Phone", "Assistant's Phone" and Telex are left
# out on purpose: they reach a switchboard or another person, and a number shared by a whole
# company would make the graph layer take colleagues for one person. They stay in ``extra``.
_PHONE: dict[str, str] = {
    "mobile phone": "mobile",
    "mobiltelefon": "mobile",
    "business phone": "work",
    "business phone 2": "work",
    "telefon geschäftlich": "work",
    "telefon geschäftlich 2": "work",
    "home phone": "home",
    "home phone 2": "home",
    "telefon privat": "home",
    "telefon privat 2": "home",
    "primary phone": "main",
    "haupttelefon": "main",
    "other phone": "other",
    "weiteres telefon": "other",
    "car phone": "car",
    "autotelefon": "car",
    "pager": "pager",
    "callback": "callback",
    "rückmeldung": "callback",
    "radio phone": "radio",
    "funkruf": "radio",
    "tty/tdd phone": "tty",
    "isdn": "isdn",
}

# Column -> (address, part). Addresses are tried in this order for the record's one place.
_PLACES = ("business", "home", "other")
_PLACE: dict[str, tuple[str, str]] = {
    "business city": ("business", "city"),
    "business country/region": ("business", "country"),
    "home city": ("home", "city"),
    "home country/region": ("home", "country"),
    "other city": ("other", "city"),
    "other country/region": ("other", "country"),
    "ort geschäftlich": ("business", "city"),
    "land/region geschäftlich": ("business", "country"),
    "ort privat": ("home", "city"),
    "land/region privat": ("home", "country"),
    "weiterer ort": ("other", "city"),
    "weiteres/e land/region": ("other", "country"),
}

# Columns only Outlook's layout has: a generic "Name,Email" list or a Google export has none.
# Two are required, so one odd column in a hand-made list does not make it an Outlook file.
_MARKERS = frozenset(
    {
        "email 2 address",
        "email 3 address",
        "email type",
        "email display name",
        "business phone",
        "home phone",
        "primary phone",
        "company main phone",
        "business fax",
        "job title",
        "categories",
        "given yomi",
        "surname yomi",
        "business street",
        "business city",
        "business country/region",
        "home street",
        "vorname",
        "nachname",
        "weitere vornamen",
        "firma",
        "email-adresse",
        "email 2: adresse",
        "telefon geschäftlich",
        "telefon privat",
        "mobiltelefon",
        "kategorien",
        "notizen",
        "ort geschäftlich",
        "land/region geschäftlich",
    }
)
_MIN_MARKERS = 2
# Google's numbered groups ("E-mail 1 - Value", "Organization 1 - Name"): such a file is
# Google's. Outlook never names a column "<thing> <n> - <part>".
_GOOGLE_GROUP = re.compile(r"^.+ \d+ - .+$")
_IDENTITY_FIELDS = {"given_name", "middle_name", "family_name"}
_EXCHANGE = "ex"
# Outlook's "no date": 0/0/00 (US) and 0.0.00 (German) and wider zero-padded variants.
_NO_DATE = re.compile(r"^0+(?P<sep>[/.])0+(?P=sep)0+$")
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_DOT_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_CATEGORY_SEP = re.compile(r"\s*(?:;|:::)\s*")
# Private-use characters: no export writes them, so the mark cannot collide with data.


def _key(header: str) -> str:
    text = " ".join(header.replace("\ufeff", "").strip().lower().split())
    return text.replace("e-mail", "email")


@dataclass
class _Layout:
    """Where each field sits in one file's header, looked up by name once."""

    header: list[str]
    single: dict[str, list[int]] = field(default_factory=dict)
    emails: dict[int, dict[str, int]] = field(default_factory=dict)
    phones: list[tuple[int, str]] = field(default_factory=list)
    places: dict[str, dict[str, int]] = field(default_factory=dict)

    def has_identity_column(self) -> bool:
        return bool(
            _IDENTITY_FIELDS & self.single.keys()
            or any("value" in parts for parts in self.emails.values())
            or self.phones
        )


def _layout(header: list[str]) -> _Layout:
    layout = _Layout(header=header)
    for index, name in enumerate(header):
        key = _key(name)
        if key in _SINGLE:
            layout.single.setdefault(_SINGLE[key], []).append(index)
        elif key in _EMAIL:
            slot, part = _EMAIL[key]
            layout.emails.setdefault(slot, {}).setdefault(part, index)
        elif key in _PHONE:
            layout.phones.append((index, _PHONE[key]))
        elif key in _PLACE:
            place, part = _PLACE[key]
            layout.places.setdefault(place, {}).setdefault(part, index)
    return layout


def is_outlook_header(header: list[str]) -> bool:
    """Return True when a header row is Outlook's layout (English or German), not Google's."""
    keys = {_key(name) for name in header}
    if any(_GOOGLE_GROUP.match(key) for key in keys):
        return False
    return len(keys & _MARKERS) >= _MIN_MARKERS and _layout(header).has_identity_column()


def sniff(text: str) -> bool:
    """Return True when the text's first line is an Outlook contact CSV header."""
    return is_outlook_header(next(csv_rows(first_line(text), sniff_delimiter(text)), []))


def parse_date_cell(value: str) -> dt.date | None:
    """Return the date an Outlook date cell names, or None for an empty, zero or invalid one.

    Rule: ``M/D/YYYY`` (US Outlook), ``D.M.YYYY`` (German Outlook), or whatever
    :func:`~intrograph.loaders.fields.parse_date` reads (``YYYY-MM-DD``). Two-digit years give
    None: the century would be a guess. ``0/0/00`` is Outlook's empty date.
    """
    text = value.strip()
    for pattern, order in ((_US_DATE, (2, 0, 1)), (_DOT_DATE, (2, 1, 0))):
        match = pattern.match(text)
        if match:
            parts = [int(g) for g in match.groups()]
            year, month, day = (parts[i] for i in order)
            try:
                return dt.date(year, month, day)
            except ValueError:
                return None
    return parse_date(text)


def load(text: str, file: str) -> LoadResult:
    """Return the records and rejects of an Outlook contact CSV.

    Raises NotAContactExport when the header has no column for a name, an email or a phone.
    """
    rows = marked_rows(text, sniff_delimiter(text))
    header = first_row(rows)
    layout = _layout(header)
    if not layout.has_identity_column():
        raise NotAContactExport(
            no_identity_column_reason(header, "an Outlook contact CSV"), file=file
        )
    return collect(rows, header, file, FORMAT,
                   lambda cells, number: _record(layout, cells, file, number), clean=_cell)


def _cell(value: str) -> str:
    # Outlook fills every date column with 0/0/00; it means "no date", i.e. an empty cell.
    value = value.strip()
    # Tested on every cell of every row: the regex only for cells that start like one.
    return "" if value[:1] == "0" and _NO_DATE.match(value) else value


class _Row:
    """One data row read through a layout; remembers which columns a field took."""

    def __init__(self, cells: list[str]):
        self.cells = cells
        self.taken: set[int] = set()

    def cell(self, index: int | None) -> str:
        return self.cells[index] if index is not None and index < len(self.cells) else ""

    def take(self, index: int | None) -> str:
        value = self.cell(index)
        if value and index is not None:
            self.taken.add(index)
        return value


def _record(layout: _Layout, cells: list[str], file: str, number: int) -> ContactRecord:
    row = _Row(cells)

    def first(name: str) -> str:
        for index in layout.single.get(name, ()):
            if value := row.take(index):
                return value
        return ""

    def every(name: str) -> list[str]:
        return [v for i in layout.single.get(name, ()) if (v := row.take(i))]

    given, middle, family = first("given_name"), first("middle_name"), first("family_name")
    labels = group_labels(p for cell in every("labels") for p in _CATEGORY_SEP.split(cell))
    linkedin, urls = sort_urls(every("url"))
    city, country = _place(layout, row)
    return ContactRecord(
        file=file,
        record=number,
        full_name=" ".join(p for p in (given, middle, family) if p),
        given_name=given,
        family_name=family,
        nickname=first("nickname"),
        emails=_emails(layout, row),
        phones=_phones(layout, row),
        organization=first("organization"),
        title=first("title"),
        department=first("department"),
        labels=labels,
        starred="starred" in labels,
        notes=first("notes"),
        linkedin_url=linkedin,
        urls=urls,
        city=city,
        country=country,
        birthday=_birthday(layout, row),
        # Computed last: it is every non-empty cell that no field above took.
        extra=named_cells(layout.header, cells, row.taken),
    )


def _emails(layout: _Layout, row: _Row) -> list[ContactPoint]:
    pairs: list[tuple[str, str]] = []
    for slot in sorted(layout.emails):
        parts = layout.emails[slot]
        index = parts.get("value")
        value = row.cell(index)
        exchange = row.cell(parts.get("type")).lower() == _EXCHANGE or value.startswith("/o=")
        # An Exchange directory name is not an address anyone can write to; it stays in extra,
        # as does any value without an "@".
        if value and not exchange and is_email_like(value):
            row.take(index)
            pairs.append((value, ""))
    return points(pairs, is_email_like)


def _phones(layout: _Layout, row: _Row) -> list[ContactPoint]:
    pairs: list[tuple[str, str]] = []
    for index, label in layout.phones:
        value = row.cell(index)
        if value and is_phone_like(value):
            row.take(index)
            pairs.append((value, label))
    return points(pairs, is_phone_like)


def _place(layout: _Layout, row: _Row) -> tuple[str, str]:
    # City and country come from one address, so a business city is never paired with a home
    # country; the other addresses' cells stay in extra.
    for place in _PLACES:
        parts = layout.places.get(place, {})
        city, country = row.cell(parts.get("city")), row.cell(parts.get("country"))
        if city or country:
            row.take(parts.get("city"))
            row.take(parts.get("country"))
            return city, country
    return "", ""


def _birthday(layout: _Layout, row: _Row) -> dt.date | None:
    for index in layout.single.get("birthday", ()):
        date = parse_date_cell(row.cell(index))
        if date is not None:
            row.take(index)
            return date
    # An unreadable birthday costs nothing: the cell stays in extra for a later version.
    return None
