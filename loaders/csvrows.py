"""Reading a contact CSV row by row: the part every CSV loader shares.

A loader supplies only how one row becomes a ContactRecord; this module numbers the rows, skips
blank ones, and turns unreadable rows, rows that swallowed the rest of the file through an
unclosed quote, rows with more cells than the header, and rows that identify nobody into
Rejects with their reason and contents.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator

from intrograph.loaders.fields import NO_IDENTITY, has_identity
from intrograph.loaders.limits import MAX_REJECT_CELLS, clip_raw
from intrograph.loaders.textio import csv_rows
from intrograph.models import ContactRecord, LoadResult, Reject

__all__ = [
    "collect",
    "first_row",
    "free_key",
    "marked_rows",
    "named_cells",
    "no_identity_column_reason",
]

# Appended after the text: a row that still holds it opened a quote it never closed and
# swallowed the rest of the file, which would otherwise pass as one long, wrong record.
_END_MARK = "\ue000intrograph-end-of-file\ue000"


def marked_rows(text: str, delimiter: str) -> Iterator[list[str]]:
    """Return the CSV rows of ``text`` followed by the end mark :func:`collect` stops at."""
    return csv_rows(f"{text}\n{_END_MARK}", delimiter)


def first_row(rows: Iterable[list[str]]) -> list[str]:
    """Return the first non-blank row, stripped: the header. Blank lines above it don't count."""
    for row in rows:
        if any(cell.strip() for cell in row):
            return [cell.replace("\ufeff", "").strip() for cell in row]
    return []


def free_key(taken: dict[str, str], name: str) -> str:
    """Return ``name``, or ``name (2)``, ``name (3)``… whichever ``taken`` does not hold yet."""
    key, n = name, 2
    while key in taken:
        key, n = f"{name} ({n})", n + 1
    return key


def named_cells(
    header: list[str], cells: list[str], skip: set[int] | frozenset[int] = frozenset()
) -> dict[str, str]:
    """Return the non-empty cells, except those at ``skip``, keyed by their column's name."""
    named: dict[str, str] = {}
    for index, value in enumerate(cells):
        if not value or index in skip:
            continue
        name = header[index] if index < len(header) else f"(extra cell {index + 1})"
        name = name or f"(column {index + 1})"
        named[name if name not in named else free_key(named, name)] = value
    return named


def no_identity_column_reason(header: list[str], kind: str = "a contact export") -> str:
    """Return why a header is not a contact list, quoting the header so the user recognises it."""
    shown = ", ".join(h.strip() for h in header if h.strip())
    if len(shown) > 80:
        shown = shown[:77] + "..."
    reason = f"not {kind}: no name, email or phone column in the header"
    return f"{reason} ({shown})" if shown else reason


def collect(
    rows: Iterator[list[str]],
    header: list[str],
    file: str,
    format: str,
    build: Callable[[list[str], int], ContactRecord],
    clean: Callable[[str], str] = str.strip,
) -> LoadResult:
    """Return the records and rejects of the data rows left in ``rows`` (from :func:`marked_rows`).

    Record numbers count data rows, blank ones included, so record N is what a user sees as
    row N of data in a spreadsheet. ``build(cells, number)`` makes a row's record from its
    cells after ``clean``.
    """
    result = LoadResult(file=file, format=format)
    number = 0
    while True:
        number += 1
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as exc:
            # A cell over the csv module's size limit spoils one row, not the import.
            result.rejects.append(Reject(file=file, record=number,
                                         reason=f"unreadable row: {exc}"))
            continue
        if row == [_END_MARK]:
            break
        cells = [clean(cell) for cell in row]
        if not any(cells):
            continue
        reason = _refusal(header, cells)
        if reason is None:
            record = build(cells, number)
            if has_identity(record):
                result.records.append(record)
                continue
            reason = NO_IDENTITY
        # A refused row may be a payload: the report keeps enough of it to recognise it.
        shown = [cell.replace(_END_MARK, "").strip() for cell in cells[:MAX_REJECT_CELLS]]
        raw = named_cells(header, shown)
        if len(cells) > MAX_REJECT_CELLS:
            raw["(more)"] = f"{len(cells) - MAX_REJECT_CELLS} more cells not shown"
        result.rejects.append(Reject(file=file, record=number, reason=reason,
                                     raw=clip_raw(raw)))
    return result


def _refusal(header: list[str], cells: list[str]) -> str | None:
    # One scan of the joined row instead of one per cell: this runs on every row.
    joined = "\x1f".join(cells)
    if _END_MARK in joined:
        return "a quote opened in this row is never closed: the rest of the file ran into it"
    if "\x00" in joined:
        # Text exports never hold NUL; it is binary data spliced in, and breaks other tools.
        return "row contains NUL bytes (binary data, not text)"
    if len(cells) > len(header):
        # Shifted columns would put phone numbers in the title field: refuse the row.
        return f"row has {len(cells)} cells but the header has {len(header)}"
    return None
