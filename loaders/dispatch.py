"""Which loader reads a file: the format registry, format detection, and :func:`load_file`.

A file goes bytes -> text (:mod:`intrograph.loaders.textio`) -> the loader its format names.
Detection asks each registered format, in registry order, whether the text looks like its own;
the first to say yes reads it. A file no format claims is refused whole with the reason.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from intrograph.errors import NotAContactExport, UnknownFormat
from intrograph.loaders import crm, google, linkedin, outlook, salesforce, vcard
from intrograph.loaders.csvrows import no_identity_column_reason
from intrograph.loaders.limits import MAX_COLUMNS
from intrograph.loaders.textio import (
    DELIMITERS,
    csv_rows,
    decode,
    first_line,
    looks_binary,
    read_bytes,
)
from intrograph.models import LoadResult

__all__ = [
    "AUTO",
    "FORMATS",
    "Loader",
    "detect_format",
    "load_bytes",
    "load_file",
    "load_text",
    "sniff_format",
]

AUTO = "auto"


@dataclass(frozen=True)
class Loader:
    """One export format: what to call it, how to recognise it, how to read it.

    ``load(text, file)`` returns a LoadResult and raises NotAContactExport when the text is not
    its format at all; ``sniff(text)`` is a cheap look at the start of the text. Calling a
    Loader calls ``load``.
    """

    title: str
    load: Callable[[str, str], LoadResult]
    sniff: Callable[[str], bool]

    def __call__(self, text: str, file: str) -> LoadResult:
        return self.load(text, file)


# Registry order is detection order: the most particular formats first, since a generic CSV
# reader would claim any CSV with an email column. A new format is one line here.
FORMATS: dict[str, Loader] = {
    vcard.FORMAT: Loader("a vCard file (.vcf)", vcard.load, vcard.sniff),
    linkedin.FORMAT: Loader("a LinkedIn Connections.csv", linkedin.load, linkedin.sniff),
    outlook.FORMAT: Loader("an Outlook contacts CSV", outlook.load, outlook.sniff),
    # Any CSV with a name, email or phone column that is not Google-shaped.
    crm.FORMAT: Loader("a CRM or other contacts CSV", crm.load, crm.sniff),
    google.FORMAT: Loader("a Google Contacts CSV", google.load, google.sniff),
}


def detect_format(path: str | os.PathLike[str]) -> str:
    """Return the name of the format the file is in, e.g. "google" or "vcard".

    Raises InputError when the file cannot be read and NotAContactExport, saying why, when it is
    not a contact export of any registered format.
    """
    name = Path(path).name
    data, zipped = _unpack(read_bytes(path), name)
    if zipped:
        return linkedin.FORMAT
    return sniff_format(_text(data, name), name)


def load_file(path: str | os.PathLike[str], format: str = AUTO) -> LoadResult:
    """Return the records and rejects of one export file.

    ``format`` is "auto" (detect) or a name in :data:`FORMATS`. Bad rows come back as rejects;
    only a whole file that cannot be read (InputError) or is no contact export
    (NotAContactExport) raises, as does an unknown format name (UnknownFormat).
    """
    data = read_bytes(path)
    return load_bytes(data, Path(path).name, format,
                      companions=salesforce.companion_bytes(path, data))


def load_bytes(data: bytes, name: str, format: str = AUTO,
               column_map: Mapping[str, str] | None = None,
               companions: Mapping[str, bytes] | None = None) -> LoadResult:
    """Return what :func:`load_file` would for a file called ``name`` holding ``data``.

    ``column_map`` (from :func:`intrograph.loaders.crm.read_map`) says which column is what; a
    file read through one is read as a generic contacts CSV. ``companions`` are the files
    that complete this one, as :func:`intrograph.loaders.salesforce.companion_bytes` finds
    them (a Salesforce Contact.csv's Account.csv).
    """
    chosen = _check_format(format)
    if column_map:
        if chosen not in (AUTO, crm.FORMAT):
            raise UnknownFormat(f"a column map applies to --format csv, not {format!r}")
        text = _text(data, name)
        _refuse_accounts(text, name)
        return _complete(crm.load(text, name, column_map), companions)
    data, zipped = _unpack(data, name)
    if zipped and chosen == AUTO:
        chosen = linkedin.FORMAT
    return _complete(load_text(_text(data, name), name, chosen), companions)


def _complete(result: LoadResult, companions: Mapping[str, bytes] | None) -> LoadResult:
    """Return the result with what its companion files add (company names from accounts)."""
    if not companions or result.format != crm.FORMAT:
        return result
    for file, data in companions.items():
        if file.casefold() == salesforce.ACCOUNT_FILE.casefold():
            result = salesforce.join_accounts(result, salesforce.read_accounts(data))
    return result


def _refuse_accounts(text: str, file: str) -> None:
    """Refuse a Salesforce Account export: its Name and Phone columns are companies'."""
    if salesforce.is_account_text(text):
        raise NotAContactExport(
            "not a contact export: this is a Salesforce Account export (companies, not "
            "people); import the Contact.csv next to it, which takes its company names from "
            "this file", file=file)


def load_text(text: str, file: str, format: str = AUTO) -> LoadResult:
    """Return what the loader for ``format`` (detected when "auto") reads from decoded text."""
    chosen = _check_format(format)
    _check_width(text, file)
    if chosen in (AUTO, crm.FORMAT, google.FORMAT, outlook.FORMAT):
        _refuse_accounts(text, file)
    if chosen == AUTO:
        chosen = sniff_format(text, file)
    return FORMATS[chosen].load(text, file)


def _check_width(text: str, file: str) -> None:
    """Refuse a header wider than any export: every loader would spend minutes on its names."""
    header = first_line(text)
    if len(header) <= MAX_COLUMNS:
        return
    columns = max(header.count(d) for d in DELIMITERS) + 1
    if columns > MAX_COLUMNS:
        raise NotAContactExport(
            f"not a contact export: the header has {columns:,} columns; contact exports have "
            f"at most {MAX_COLUMNS:,}", file=file)


def sniff_format(text: str, file: str) -> str:
    """Return the first registered format that claims the text; raise NotAContactExport if none."""
    _refuse_accounts(text, file)
    for name, loader in FORMATS.items():
        if loader.sniff(text):
            return name
    header = next(csv_rows(first_line(text)), [])
    expected = " or ".join(loader.title for loader in FORMATS.values())
    reason = no_identity_column_reason(header)
    raise NotAContactExport(f"{reason}; expected {expected}", file=file)


def _check_format(format: str) -> str:
    chosen = format.strip().lower()
    if chosen != AUTO and chosen not in FORMATS:
        known = ", ".join([AUTO, *FORMATS])
        raise UnknownFormat(f"unknown format {format!r}; known formats: {known}")
    return chosen


def _unpack(data: bytes, file: str) -> tuple[bytes, bool]:
    """Return the bytes to decode and whether they came out of a ZIP archive.

    The only ZIP a contact export arrives in is LinkedIn's data export; every other ZIP
    (.xlsx, .docx, a random archive) is refused by :func:`linkedin.connections_from_zip` with
    the reason. ZIPs are recognised by their magic bytes, whatever the file is called.
    """
    if data.startswith(linkedin.ZIP_MAGIC):
        return linkedin.connections_from_zip(data, file), True
    return data, False


def _text(data: bytes, file: str) -> str:
    """Return the file's text; refuse binary and empty files as no contact export."""
    if looks_binary(data):
        raise NotAContactExport("not a contact export: binary data, not text", file=file)
    text = decode(data).text
    if not text.strip():
        raise NotAContactExport("not a contact export: the file is empty", file=file)
    return text
