"""A contact's time zone from what their records say, and how much two working days overlap.

Mentoring across time zones is a known pain, so ``expert --near ZONE`` prefers people whose
working hours overlap the friend's. The zone comes from, in order: a city that names an IANA
zone ("Chicago" is America/Chicago), a phone number (libphonenumber knows the zone of most
geographic numbers, and of every number in a one-zone country), a country with a single zone.
"""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
import zoneinfo
from collections.abc import Iterable, Sequence

import phonenumbers
from phonenumbers import timezone as pn_timezone

from intrograph.errors import InputError

__all__ = ["WORK_END", "WORK_START", "contact_zone", "overlap_hours", "parse_zone"]

WORK_START, WORK_END = 9, 17  # a working day, in local hours
_UNKNOWN = "Etc/Unknown"


def parse_zone(name: str) -> zoneinfo.ZoneInfo:
    """Return the IANA zone ``name`` (e.g. ``Europe/Berlin``) or raise a clear InputError."""
    try:
        return zoneinfo.ZoneInfo(name.strip())
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        close = [z for z in _all_zones() if name.strip().lower() in z.lower()][:4]
        hint = f"; did you mean: {', '.join(close)}?" if close else " (e.g. America/Chicago)"
        raise InputError(f"--near: {name!r} is not an IANA time zone name{hint}") from None


@functools.cache
def _all_zones() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones()))


def _key(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return folded.strip().lower().replace(" ", "_")


@functools.cache
def _city_zones() -> dict[str, str]:
    """Return city -> zone for every IANA zone named after a city (the part after the /)."""
    out: dict[str, str] = {}
    for z in _all_zones():
        if "/" in z and not z.startswith(("Etc/", "SystemV/", "US/")):
            out.setdefault(z.rsplit("/", 1)[1].lower(), z)
    return out


@functools.cache
def _country_zones() -> dict[str, str]:
    """Return English country name and region code -> zone, for one-zone countries."""
    # The geocoder's data costs a third of a second to import: only --near pays for it.
    from phonenumbers import geocoder

    out: dict[str, str] = {}
    for region in phonenumbers.SUPPORTED_REGIONS:
        example = phonenumbers.example_number(region)
        if example is None:
            continue
        zone = _one_zone(pn_timezone._country_level_time_zones_for_number(example))
        if zone:
            out[region.lower()] = zone
            name = geocoder.country_name_for_number(example, "en")
            if name:
                out[_key(name)] = zone
    # Common ways of writing two one-zone countries that the library names differently.
    for alias, region in (("uk", "gb"), ("great_britain", "gb"), ("england", "gb"),
                          ("scotland", "gb"), ("deutschland", "de")):
        if region in out:
            out.setdefault(alias, out[region])
    return out


def _one_zone(zones: Iterable[str]) -> str | None:
    """Return a zone when all of ``zones`` keep the same clock (London, Jersey, Guernsey)."""
    zones = [z for z in zones if z != _UNKNOWN]
    if not zones:
        return None
    probes = [dt.datetime(2026, m, 15, 12, tzinfo=dt.UTC) for m in (1, 7)]
    clocks = {tuple(p.astimezone(zoneinfo.ZoneInfo(z)).utcoffset() for p in probes)
              for z in zones}
    return zones[0] if len(clocks) == 1 else None


def _phone_zone(number: str) -> str | None:
    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        return None
    return _one_zone(pn_timezone.time_zones_for_number(parsed)) or _one_zone(
        pn_timezone._country_level_time_zones_for_number(parsed))


def contact_zone(places: Iterable[tuple[str, str]], phones: Sequence[str]) -> str | None:
    """Return the IANA zone a contact most likely lives in, or None when nothing says.

    ``places`` are (city, country) pairs as records wrote them; ``phones`` are E.164 numbers.
    """
    places = list(places)
    cities = _city_zones()
    for city, _ in places:
        if city and (zone := cities.get(_key(city))):
            return zone
    for number in phones:
        if zone := _phone_zone(number):
            return zone
    countries = _country_zones()
    for _, country in places:
        if country and (zone := countries.get(_key(country))):
            return zone
    return None


def overlap_hours(a: str | zoneinfo.ZoneInfo, b: str | zoneinfo.ZoneInfo,
                  on: dt.date | None = None) -> float:
    """Return how many hours of a 9-to-5 working day in zone ``a`` overlap one in zone ``b``.

    Computed on the date ``on`` (today by default) so that daylight saving is respected.
    """
    day = on or dt.date.today()
    za = a if isinstance(a, zoneinfo.ZoneInfo) else zoneinfo.ZoneInfo(a)
    zb = b if isinstance(b, zoneinfo.ZoneInfo) else zoneinfo.ZoneInfo(b)

    def span(zone: zoneinfo.ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
        start = dt.datetime.combine(day, dt.time(WORK_START), zone)
        end = dt.datetime.combine(day, dt.time(WORK_END), zone)
        return start.astimezone(dt.UTC), end.astimezone(dt.UTC)

    (s1, e1), (s2, e2) = span(za), span(zb)
    # The other zone's day may fall on the neighbouring calendar day: try all three.
    best = 0.0
    for shift in (-1, 0, 1):
        d = dt.timedelta(days=shift)
        overlap = (min(e1, e2 + d) - max(s1, s2 + d)).total_seconds() / 3600
        best = max(best, overlap)
    return best
