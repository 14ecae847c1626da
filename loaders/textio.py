"""Bytes to text for address-book exports: reading, encoding sniffing, CSV delimiter sniffing.

Exports come from many tools and years: Google writes UTF-8 (sometimes with a BOM), Excel
re-saves as UTF-16 with a BOM or as the Windows code page, European locales use ``;`` as the
list separator. Everything here is a pure function of the bytes or text, except
:func:`read_bytes`, which is the one place a loader touches the file system.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

from intrograph.errors import InputError

__all__ = [
    "DELIMITERS",
    "Decoded",
    "csv_rows",
    "decode",
    "first_line",
    "looks_binary",
    "read_bytes",
    "sniff_delimiter",
]

# Longest BOMs first: the UTF-32-LE BOM begins with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Enough to judge any export's character mix without reading a large file twice.
_SAMPLE = 64 * 1024
# Control bytes that plain text never holds; tab, newlines, form feed and escape are allowed.
_CONTROL = frozenset(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B}

DELIMITERS = (",", ";", "\t")


@dataclass(frozen=True)
class Decoded:
    """The text of a file and the encoding it was read with."""

    text: str
    encoding: str


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """Return the file's bytes; raise InputError naming the file when it cannot be read."""
    p = Path(path)
    try:
        return p.read_bytes()
    except FileNotFoundError:
        reason = "no such file"
    except IsADirectoryError:
        reason = "is a directory, not a file"
    except PermissionError:
        reason = "permission denied"
    except OSError as exc:
        reason = f"cannot be read: {exc.strerror or exc}"
    raise InputError(reason, file=p.name)


def decode(data: bytes) -> Decoded:
    """Return the bytes as text, choosing the encoding the way the exporting tool most likely did.

    Rule: a byte-order mark decides (UTF-8, UTF-16, UTF-32); otherwise BOM-less UTF-16 is
    recognised by its zero bytes in alternate positions; otherwise strict UTF-8; otherwise
    Windows-1252, the code page of old Outlook and Excel exports. Windows-1252 leaves five byte
    values undefined; they become U+FFFD rather than failing the whole file. A stray BOM
    character left at the start of the text is removed.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return Decoded(_strip_bom(data.decode(encoding, errors="replace")), encoding)
    utf16 = _bomless_utf16(data[:_SAMPLE])
    if utf16:
        return Decoded(_strip_bom(data.decode(utf16, errors="replace")), utf16)
    try:
        return Decoded(_strip_bom(data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError:
        return Decoded(_strip_bom(data.decode("cp1252", errors="replace")), "cp1252")


def looks_binary(data: bytes) -> bool:
    """Return True when the bytes are not text in any encoding :func:`decode` would use.

    Rule: after setting aside BOM-marked and BOM-less UTF-16/32, a zero byte or more than one
    control character per hundred bytes in the first 64 KiB means binary (images, archives,
    spreadsheets in .xlsx, PDFs).
    """
    if any(data.startswith(bom) for bom, _ in _BOMS) or _bomless_utf16(data[:_SAMPLE]):
        return False
    sample = data[:_SAMPLE]
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte in _CONTROL)
    return controls * 100 > len(sample)


def _bomless_utf16(sample: bytes) -> str | None:
    """Return "utf-16-le"/"utf-16-be" for BOM-less UTF-16 text, else None.

    Every other byte is zero in UTF-16 text that is mostly Latin script; binary formats show the
    same pattern now and then, so the candidate must also decode to text without control
    characters.
    """
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_zero = even.count(0) / len(even)
    odd_zero = odd.count(0) / len(odd)
    if odd_zero > 0.4 and even_zero < 0.05:
        candidate = "utf-16-le"
    elif even_zero > 0.4 and odd_zero < 0.05:
        candidate = "utf-16-be"
    else:
        return None
    text = sample[: len(sample) // 2 * 2].decode(candidate, errors="replace")
    controls = sum(1 for ch in text if ord(ch) in _CONTROL or ch == "\ufffd")
    return candidate if controls * 100 <= len(text) else None


def _strip_bom(text: str) -> str:
    return text[1:] if text.startswith("\ufeff") else text


_LINE_END = re.compile(r"[\r\n]")


def first_line(text: str) -> str:
    """Return the first line that is not blank, without its line ending ("" when none).

    Lines end at CR, LF or CRLF. Every sniffer asks for it, so it looks at the start of the
    text only instead of copying the whole file.
    """
    start = 0
    while start < len(text):
        end = _LINE_END.search(text, start)
        stop = end.start() if end else len(text)
        if text[start:stop].strip():
            return text[start:stop]
        start = stop + 1
    return ""


def sniff_delimiter(text: str) -> str:
    """Return the CSV delimiter of the text: whichever of ``,`` ``;`` tab occurs most in the header.

    Rule: count each candidate outside double quotes in the first non-blank line; the most
    frequent wins, ties go to the earlier of ``,`` ``;`` tab, and a header with none of them
    (a one-column file) is comma-separated. The header alone is used because data cells (notes,
    addresses) hold commas and semicolons freely, while column names rarely do.
    """
    header = first_line(text)
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for ch in header:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def csv_rows(text: str, delimiter: str | None = None):
    """Return a csv reader over the text, with the sniffed delimiter unless one is given.

    The reader is lenient (``strict=False``): a stray quote mid-cell is taken literally instead
    of ending the import.
    """
    sep = delimiter or sniff_delimiter(text)
    return csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=False)
