"""CSV that is safe to open in a spreadsheet: no cell from a contact runs as a formula.

Excel, LibreOffice and Google Sheets treat a cell that begins with ``=``, ``+``, ``-`` or ``@``
as a formula, and tab or carriage return at the start can smuggle one past a filter; a contact
named ``=HYPERLINK("http://evil", "click")`` would run in whoever opens our listing. Following
OWASP's "CSV Injection" advice, such cells get a leading apostrophe, which spreadsheets show as
text and hide. Every CSV intrograph writes for people goes through :func:`writer`.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any

__all__ = ["FORMULA_STARTS", "neutralise", "writer"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Return ``value`` with a leading apostrophe when a spreadsheet would read it as a formula.

    Numbers are left alone (a negative number is data, not a formula), and so is text made only
    of digits, spaces and ``+-().``: a phone number such as ``+1 (415) 555-0100`` can at worst be
    read as arithmetic, which calls nothing, and people copy these cells into their phones.
    """
    if (isinstance(value, str) and value.startswith(FORMULA_STARTS)
            and not _NUMBER_LIKE.match(value)):
        return "'" + value
    return value


_NUMBER_LIKE = re.compile(r"^[+-]?[0-9][0-9 ().-]*$")


class _SafeWriter:
    def __init__(self, inner: Any):
        self._inner = inner

    def writerow(self, row: Iterable[object]) -> Any:
        return self._inner.writerow([neutralise(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(fh: Any, **kwargs: Any) -> _SafeWriter:
    """Return a ``csv.writer`` over ``fh`` whose every text cell is neutralised."""
    return _SafeWriter(csv.writer(fh, **kwargs))
