"""LinkedIn ``Connections.csv``, alone or inside the data-export ZIP LinkedIn hands out.

LinkedIn puts a ``Notes:`` preamble (a quoted sentence about missing email addresses) and a
blank line above the header, so the header is searched for in the first few rows instead of
assumed on line one; a copy re-saved by Excel or trimmed by hand may have lost the preamble.
``Email Address`` is empty for most people (they hide it from their connections), so the
profile ``URL`` is what identifies a row: a row with a URL and no name is still a contact.

Record numbers count data rows under the header, blank rows included; the preamble and the
header are not records.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
import zipfile
import zlib
from pathlib import PurePosixPath

from intrograph.errors import NotAContactExport
from intrograph.loaders.csvrows import collect, free_key, marked_rows
from intrograph.loaders.fields import is_email_like, parse_date, points
from intrograph.loaders.limits import zip_problem
from intrograph.loaders.normalize import normalize_linkedin_url
from intrograph.loaders.textio import DELIMITERS, csv_rows
from intrograph.models import ContactRecord, LoadResult

__all__ = [
    "FORMAT",
    "MAX_MEMBER_BYTES",
    "ZIP_MAGIC",
    "connections_from_zip",
    "load",
    "parse_connected_on",
    "sniff",
]

FORMAT = "linkedin"
CONNECTIONS = "connections.csv"
ZIP_MAGIC = b"PK\x03\x04"
# Real exports hold a few MB for tens of thousands of connections; anything far larger is a
# decompression bomb or not a LinkedIn export, and either way must not be inflated into memory.
MAX_MEMBER_BYTES = 200 * 1024 * 1024

# Normalised column name -> record field. LinkedIn has renamed nothing in years, but spreadsheet
# round trips and other languages' Excel add spaces and case changes, hence the normalising.
_COLUMNS: dict[str, str] = {
    "first name": "given_name",
    "last name": "family_name",
    "url": "url",
    "profile url": "url",
    "email address": "email",
    "email": "email",
    "company": "organization",
    "position": "title",
    "connected on": "connected_on",
}
# Both must be present: "URL" alone is a generic column name, "Connected On" is LinkedIn's own.
_REQUIRED = frozenset({"url", "connected_on"})
# The preamble is four rows today; leave room for LinkedIn adding a sentence or two.
_HEADER_SEARCH_ROWS = 12
# Detection runs on every CSV imported; the header is near the top, so a large Google export
# need not be copied and scanned three times over to be told apart.
_HEADER_SEARCH_CHARS = 256 * 1024
# Private-use characters: no export writes them, so the mark cannot collide with data.

# Month names are matched here, not with strptime("%b"), whose names follow the process locale.
_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_MONTHS: dict[str, int] = {
    **{name: n for n, name in enumerate(_MONTH_NAMES, start=1)},
    **{name[:3]: n for n, name in enumerate(_MONTH_NAMES, start=1)},
    "sept": 9,
}
# "12 Mar 2021" (LinkedIn), "15-Jan-24" (Excel re-save), "12 Mar. 2021".
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[\s./-]+([a-z]+)\.?[\s.,/-]+(\d{4}|\d{2})$")
# "Mar 12, 2021", which a US-locale spreadsheet may write instead.
_MONTH_DAY_YEAR = re.compile(r"^([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")


def _key(header: str) -> str:
    text = " ".join(header.replace("\ufeff", "").strip().lower().split())
    return text.replace("e-mail", "email")


def parse_connected_on(value: str) -> dt.date | None:
    """Return the date a ``Connected On`` cell names, or None when it cannot be read for sure.

    Rule: ``12 Mar 2021`` / ``12 March 2021`` (English month names or their three-letter
    abbreviations, any case, whatever the locale), ``15-Jan-24`` as Excel re-saves it (two-digit
    years 00–69 are 20xx, 70–99 are 19xx, as POSIX ``%y`` reads them), ``Mar 12, 2021``, and ISO
    ``2021-03-12``. A day that does not exist in its month gives None.
    """
    text = " ".join(value.strip().lower().split())
    if not text:
        return None
    if match := _DAY_MONTH_YEAR.match(text):
        day, month, year = match[1], match[2], match[3]
    elif match := _MONTH_DAY_YEAR.match(text):
        month, day, year = match[1], match[2], match[3]
    else:
        return parse_date(value)
    if month not in _MONTHS:
        return None
    number = int(year)
    if len(year) == 2:
        number += 2000 if number < 70 else 1900
    try:
        return dt.date(number, _MONTHS[month], int(day))
    except ValueError:
        return None


def _find_header(text: str) -> tuple[str, int] | None:
    """Return (delimiter, row index) of the connections header, or None."""
    top = text[:_HEADER_SEARCH_CHARS]
    for delimiter in DELIMITERS:
        rows = csv_rows(top, delimiter)
        try:
            for index, row in enumerate(itertools.islice(rows, _HEADER_SEARCH_ROWS)):
                fields = {_COLUMNS.get(_key(cell)) for cell in row}
                if _REQUIRED <= fields:
                    return delimiter, index
        except csv.Error:
            # A preamble cell over the csv size limit: not the file LinkedIn writes.
            continue
    return None


def sniff(text: str) -> bool:
    """Return True when one of the first rows is a header with ``URL`` and ``Connected On``."""
    return _find_header(text) is not None


def load(text: str, file: str) -> LoadResult:
    """Return the records and rejects of a LinkedIn Connections.csv.

    Raises NotAContactExport when no header with ``URL`` and ``Connected On`` columns is found
    near the top.
    """
    found = _find_header(text)
    if found is None:
        raise NotAContactExport(
            "not a LinkedIn connections export: no header with URL and Connected On columns "
            "near the top",
            file=file,
        )
    delimiter, header_index = found
    rows = marked_rows(text, delimiter)
    for _ in range(header_index):
        next(rows)
    # Read again from the whole text: the search looked at its start only.
    header = [cell.strip() for cell in next(rows)]
    fields = [_COLUMNS.get(_key(name), "") for name in header]
    return collect(rows, header, file, FORMAT,
                   lambda cells, number: _record(header, fields, cells, file, number))


def _record(
    header: list[str], fields: list[str], cells: list[str], file: str, number: int
) -> ContactRecord:
    values: dict[str, str] = {}
    extra: dict[str, str] = {}
    for name, field, value in zip(header, fields, cells, strict=False):
        if not value:
            continue
        if field and field not in values:
            values[field] = value
        else:
            # Unknown columns, and a second column mapping to a taken field, are kept verbatim.
            extra[free_key(extra, name or "(unnamed column)")] = value
    given, family = values.get("given_name", ""), values.get("family_name", "")
    url = values.get("url", "")
    profile = normalize_linkedin_url(url) if url else None
    connected_on = parse_connected_on(values.get("connected_on", ""))
    if values.get("connected_on") and connected_on is None:
        # A date this loader cannot read is kept for a later version, and costs nothing else.
        column = _column_of(header, fields, "connected_on")
        extra[free_key(extra, column)] = values["connected_on"]
    return ContactRecord(
        file=file,
        record=number,
        full_name=" ".join(p for p in (given, family) if p),
        given_name=given,
        family_name=family,
        emails=points([(values.get("email", ""), "")], is_email_like),
        organization=values.get("organization", ""),
        title=values.get("title", ""),
        linkedin_url=url if profile else "",
        # A URL that is no profile address (a company page, "N/A") identifies no one.
        urls=[url] if url and not profile else [],
        connected_on=connected_on,
        source_id=profile or "",
        extra=extra,
    )


def _column_of(header: list[str], fields: list[str], field: str) -> str:
    return next((h for h, f in zip(header, fields, strict=False) if f == field), field)


# --- the data-export ZIP ----------------------------------------------------------------------

# Archives that are documents, not exports: worth a message saying what to do instead.
_DOCUMENT_KINDS = (
    ("xl/workbook.xml", "an Excel workbook (.xlsx); save it as CSV and import the CSV"),
    ("word/document.xml", "a Word document (.docx)"),
    ("ppt/presentation.xml", "a PowerPoint presentation (.pptx)"),
)
_ODF_SPREADSHEET = b"application/vnd.oasis.opendocument.spreadsheet"
# zipfile reports a damaged archive through all of these, depending on where the bytes end.
_DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, RuntimeError)


def connections_from_zip(data: bytes, file: str) -> bytes:
    """Return the bytes of the ``Connections.csv`` inside a LinkedIn data-export ZIP.

    The member is found at any folder depth, its name compared case-insensitively; the
    shallowest wins. Everything else in the archive (messages, profile, invitations) is ignored.
    Raises NotAContactExport naming ``file`` when the archive is damaged, encrypted, a
    spreadsheet or other document, holds no Connections.csv, or its Connections.csv would
    inflate beyond :data:`MAX_MEMBER_BYTES`.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if problem := zip_problem(archive):
                raise _refuse(file, problem)
            member = _connections_member(archive, file)
            if member.flag_bits & 0x1:
                raise _refuse(file, "the ZIP archive is password-protected")
            if member.file_size > MAX_MEMBER_BYTES:
                raise _refuse(file, _too_big(member.filename))
            with archive.open(member) as stream:
                # The size in the directory can lie; never read past the limit regardless.
                content = stream.read(MAX_MEMBER_BYTES + 1)
    except NotAContactExport:
        raise
    except NotImplementedError as exc:
        raise _refuse(file, f"the ZIP archive uses an unsupported compression ({exc})") from None
    except _DAMAGE as exc:
        raise _refuse(file, f"the ZIP archive is damaged ({exc})") from None
    if len(content) > MAX_MEMBER_BYTES:
        raise _refuse(file, _too_big(member.filename))
    return content


def _connections_member(archive: zipfile.ZipFile, file: str) -> zipfile.ZipInfo:
    infos = archive.infolist()
    candidates = [
        info
        for info in infos
        if not info.is_dir()
        and PurePosixPath(info.filename.replace("\\", "/")).name.lower() == CONNECTIONS
        # macOS's zip mirrors every file under __MACOSX/ as resource-fork metadata.
        and not info.filename.startswith("__MACOSX/")
    ]
    if candidates:
        return min(candidates, key=lambda i: (i.filename.count("/"), i.filename))
    names = {info.filename.lower() for info in infos}
    for marker, kind in _DOCUMENT_KINDS:
        if marker in names:
            raise _refuse(file, f"this ZIP archive is {kind}")
    if "mimetype" in names:
        try:
            mimetype = archive.read("mimetype")[:100]
        except (KeyError, NotImplementedError, *_DAMAGE):
            mimetype = b""
        if mimetype.startswith(_ODF_SPREADSHEET):
            raise _refuse(
                file,
                "this ZIP archive is an OpenDocument spreadsheet (.ods); save it "
                "as CSV and import the CSV",
            )
    raise _refuse(file, "no Connections.csv inside; expected a LinkedIn data export")


def _too_big(name: str) -> str:
    limit = MAX_MEMBER_BYTES // (1024 * 1024)
    return f"{name} in the ZIP archive unpacks to more than {limit} MB"


def _refuse(file: str, reason: str) -> NotAContactExport:
    return NotAContactExport(f"not a contact export: {reason}", file=file)
