"""Interaction history from files: email and meeting headers as evidence for tie strength.

Three formats, detected from the content (the extension only breaks ties):

* **CSV** with a header ``timestamp,from,to[,cc][,channel]``; ``to`` and ``cc`` may hold several
  addresses (``Ann <ann@x.com>; bob@y.com``). Timestamps are ISO 8601 dates or date-times,
  or Unix seconds.
* **mbox**: only each message's header block is read (``Date``, ``From``, ``To``, ``Cc``); body
  lines are skipped as the file streams past and never kept.
* **iCalendar** (``.ics``): each event's ``DTSTART``, ``ORGANIZER`` and ``ATTENDEE`` lines, via the
  ``icalendar`` package. A recurring event counts once, at its first start.

Bad rows are collected as rejects (file, position, reason); a file that is none of these is
refused whole. Times are stored as naive UTC; addresses are normalised.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator
from email.parser import BytesHeaderParser
from email.policy import compat32
from pathlib import Path
from typing import BinaryIO

from intrograph.errors import InputError
from intrograph.loaders.normalize import normalize_email
from intrograph.loaders.textio import csv_rows, decode, looks_binary
from intrograph.models import Interaction, InteractionLoad, Reject

__all__ = [
    "FORMATS",
    "detect",
    "guess_owner_addresses",
    "hash_and_sniff",
    "load_interactions",
    "load_interactions_file",
]

FORMATS = ("csv", "mbox", "ics")
_CHUNK = 1 << 20
_CSV_COLUMNS = ("timestamp", "from", "to", "cc", "channel")


class NotInteractions(InputError):
    """The file is no interaction export of any supported kind."""


def detect(name: str, data: bytes) -> str:
    """Return ``csv``, ``mbox`` or ``ics`` for the file's content, or raise NotInteractions."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \r\n\t")
    if head.startswith(b"From "):
        return "mbox"
    if head[:15].upper() == b"BEGIN:VCALENDAR":
        return "ics"
    if not looks_binary(data):
        header = [c.strip().lower() for c in next(iter(csv_rows(decode(data[:4096]).text)), [])]
        if {"timestamp", "from", "to"} <= set(header):
            return "csv"
    raise NotInteractions(
        "not an interaction export: expected a CSV with timestamp,from,to columns, an mbox "
        "file (starting with 'From ') or an iCalendar file (BEGIN:VCALENDAR)", file=name)


def load_interactions(name: str, data: bytes, format: str = "auto") -> InteractionLoad:
    """Return the interactions and rejects in one file's bytes."""
    fmt = detect(name, data) if format == "auto" else format
    if fmt not in FORMATS:
        raise InputError(f"unknown interaction format {format!r}; choose auto, "
                         + ", ".join(FORMATS))
    if fmt == "mbox":
        return _collect(name, fmt, _mbox(name, data.splitlines(keepends=True)))
    return _collect(name, fmt, {"csv": _csv, "ics": _ics}[fmt](name, data))


def _collect(name: str, fmt: str, items: Iterator[Interaction | Reject]) -> InteractionLoad:
    load = InteractionLoad(file=name, format=fmt)
    for item in items:
        (load.rejects if isinstance(item, Reject) else load.interactions).append(item)
    return load


def _open(path: Path) -> BinaryIO:
    try:
        return path.open("rb")
    except FileNotFoundError:
        reason = "no such file"
    except IsADirectoryError:
        reason = "is a directory, not a file"
    except OSError as exc:
        reason = f"cannot be read: {exc.strerror or exc}"
    raise InputError(reason, file=path.name)


def hash_and_sniff(path: Path) -> tuple[str, str]:
    """Return the file's SHA-256 and its format, reading it in chunks: a mail archive of many
    gigabytes never sits in memory whole."""
    digest = hashlib.sha256()
    with _open(path) as fh:
        head = fh.read(_CHUNK)
        digest.update(head)
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest(), detect(path.name, head)


def load_interactions_file(path: Path, fmt: str) -> InteractionLoad:
    """Return the interactions in a file; an mbox streams line by line, bodies skipped."""
    if fmt != "mbox":
        with _open(path) as fh:
            return load_interactions(path.name, fh.read(), fmt)
    with _open(path) as fh:
        return _collect(path.name, fmt, _mbox(path.name, fh))


def guess_owner_addresses(interactions: list[Interaction]) -> list[str]:
    """Return the address in more than half of the interactions: whose mailbox this is.

    An export of one person's mail has that person on nearly every message; when no address
    reaches half, or two tie, nobody is guessed rather than somebody wrongly.
    """
    seen: Counter[str] = Counter()
    for i in interactions:
        seen.update({i.sender, *i.to})
    if not seen:
        return []
    top = seen.most_common(2)
    address, n = top[0]
    if len(top) > 1 and top[1][1] == n:
        return []  # two people on every message: either could be the owner
    return [address] if n * 2 > len(interactions) else []


def _addresses(*fields: str | None) -> list[str]:
    out: list[str] = []
    # Exports separate addresses with ';' as often as ','.
    for _, addr in email.utils.getaddresses([f.replace(";", ",") for f in fields if f]):
        if (a := normalize_email(addr)) and a not in out:
            out.append(a)
    return out


def _utc(value: dt.datetime | dt.date) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day)
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value.replace(microsecond=0)


def _row(name: str, n: int, when: dt.datetime | dt.date | None, sender: str | None,
         to: list[str], channel: str, raw_when: str = "") -> Interaction | Reject:
    if when is None:
        why = f"cannot read the date {raw_when!r}" if raw_when else "no date"
        return Reject(file=name, record=n, reason=why)
    if not sender:
        return Reject(file=name, record=n, reason="no valid sender address")
    if not to:
        return Reject(file=name, record=n, reason="no valid recipient address")
    return Interaction(record=n, when=_utc(when), sender=sender, to=to, channel=channel)


def _iso(value: str) -> dt.datetime | None:
    """Return an ISO 8601 date or date-time, or Unix seconds (what message logs often hold)."""
    v = value.strip()
    try:
        if v.isdigit():
            return dt.datetime.fromtimestamp(int(v), dt.UTC)
        return dt.datetime.fromisoformat(v.replace("Z", "+00:00")) if v else None
    except (ValueError, OverflowError, OSError):
        return None


def _csv(name: str, data: bytes) -> Iterator[Interaction | Reject]:
    rows = iter(csv_rows(decode(data).text))
    header = [c.strip().lower() for c in next(rows, [])]
    col = {c: header.index(c) for c in _CSV_COLUMNS if c in header}
    for n, row in enumerate(rows, start=1):
        if not any(cell.strip() for cell in row):
            continue

        def cell(c: str, row: list[str] = row) -> str:
            i = col.get(c)
            return row[i].strip() if i is not None and i < len(row) else ""

        senders = _addresses(cell("from"))
        yield _row(name, n, _iso(cell("timestamp")), senders[0] if senders else None,
                   [a for a in _addresses(cell("to"), cell("cc")) if a not in senders[:1]],
                   (cell("channel") or "email").lower(), cell("timestamp"))


def _mbox_headers(lines: Iterable[bytes]) -> Iterator[bytes]:
    """Yield each message's header block; body lines are passed over, never collected."""
    block: list[bytes] | None = None
    in_headers = False
    previous_blank = True
    for line in lines:
        if line.startswith(b"From ") and previous_blank:
            if block is not None:
                yield b"".join(block)
            block, in_headers = [], True
        elif in_headers:
            if line.strip() == b"":
                in_headers = False
            else:
                assert block is not None
                block.append(line)
        previous_blank = line.strip() == b""
    if block is not None:
        yield b"".join(block)


def _mbox(name: str, lines: Iterable[bytes]) -> Iterator[Interaction | Reject]:
    parser = BytesHeaderParser(policy=compat32)
    for n, block in enumerate(_mbox_headers(lines), start=1):
        headers = parser.parsebytes(block)
        raw_date = str(headers.get("Date", "") or "")
        try:
            when = email.utils.parsedate_to_datetime(raw_date) if raw_date else None
        except (TypeError, ValueError):
            when = None
        senders = _addresses(str(headers.get("From", "") or ""))
        to = _addresses(*(str(v) for v in headers.get_all("To", []) + headers.get_all("Cc", [])))
        yield _row(name, n, when, senders[0] if senders else None,
                   [a for a in to if a not in senders[:1]], "email", raw_date)


def _ics(name: str, data: bytes) -> Iterator[Interaction | Reject]:
    import icalendar

    try:
        cal = icalendar.Calendar.from_ical(data)
    except ValueError as exc:
        raise NotInteractions(f"not a readable iCalendar file: {exc}", file=name) from exc
    for n, event in enumerate(cal.walk("VEVENT"), start=1):
        start = event.get("DTSTART")
        when = start.dt if start is not None else None
        organizer = _addresses(str(event.get("ORGANIZER", "")).removeprefix("mailto:")
                               .removeprefix("MAILTO:"))
        attendees = event.get("ATTENDEE", [])
        if not isinstance(attendees, list):
            attendees = [attendees]
        to = _addresses(*(str(a).split(":", 1)[-1] for a in attendees))
        sender = organizer[0] if organizer else None
        yield _row(name, n, when, sender, [a for a in to if a != sender], "meeting")
