"""The exceptions intrograph raises, all rooted at :class:`IntrographError`.

::

    IntrographError
    ├── InputError            the user's input was bad (CLI exit code 1)
    │   ├── NotAContactExport a file that is no contact export at all, refused whole
    │   ├── UnknownFormat     --format names a format no loader handles
    │   └── NotFound          an owner, person or target the store does not know
    ├── StoreError            the store cannot be used as asked
    │   └── SchemaVersionError the file was written by a newer intrograph
    └── BackendUnavailable    an optional backend's driver is not installed

Each carries structured fields so that callers can act on them; ``str()`` of each is the one-line
message the CLI prints after ``Error:``.
"""

from __future__ import annotations

__all__ = [
    "BackendUnavailable",
    "InputError",
    "IntrographError",
    "NotAContactExport",
    "NotFound",
    "SchemaVersionError",
    "StoreError",
    "UnknownFormat",
]


class IntrographError(Exception):
    """Root of every error intrograph raises on purpose."""


class InputError(IntrographError):
    """Something the user supplied is wrong; ``file`` and ``record`` say where when known."""

    def __init__(self, reason: str, *, file: str | None = None, record: int | None = None):
        self.reason = reason
        self.file = file
        self.record = record
        super().__init__(self._message())

    def _message(self) -> str:
        where = self.file or ""
        if self.record is not None:
            where = f"{where} record {self.record}".strip()
        return f"{where}: {self.reason}" if where else self.reason


class NotAContactExport(InputError):
    """The file is not an address-book export of any supported kind."""


class UnknownFormat(InputError):
    """A format name that no loader handles."""


class NotFound(InputError):
    """An owner, person or organisation that is not in the store."""

    def __init__(self, reason: str, *, candidates: list[str] | None = None):
        self.candidates = candidates or []
        if self.candidates:
            reason = f"{reason}; did you mean: {', '.join(self.candidates)}?"
        super().__init__(reason)


class StoreError(IntrographError):
    """The store cannot be opened or changed as asked."""


class SchemaVersionError(StoreError):
    """The store's schema is newer than this version of intrograph understands."""


class BackendUnavailable(IntrographError):
    """An optional backend was asked for but its driver is not installed."""
