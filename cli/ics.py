"""Follow-ups as an iCalendar file (RFC 5545), so they land in the calendar people already use.

Written by hand: one all-day VEVENT per follow-up step, text values escaped (section 3.3.11)
and content lines folded at 75 octets without splitting a UTF-8 character (section 3.1).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from intrograph.models import FollowUp

__all__ = ["escape_text", "fold", "followups_ics"]

_STEP_TITLES = {
    "send": "Send intro request to {who}",
    "resend": "Resend intro request to {who}",
    "call": "Call {who}",
    "close": "Closing message to {who}",
    "dormant": "Mark ask dormant",
    "revisit": "Revisit ask",
}


def escape_text(value: str) -> str:
    """Return ``value`` as an iCalendar TEXT: backslash, semicolon, comma and newline escaped."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\n").replace("\n", "\\n"))


def fold(line: str, limit: int = 75) -> str:
    """Return one content line folded so no physical line exceeds ``limit`` octets.

    Continuation lines start with a space, which counts towards their length.
    """
    out: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current, size = " ", 1
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def _date(day: dt.date) -> str:
    return day.strftime("%Y%m%d")


def followups_ics(followups: Sequence[FollowUp], stamp: dt.datetime) -> str:
    """Return the follow-ups as a VCALENDAR text with CRLF line ends.

    ``stamp`` is when the file is made (DTSTAMP, written in UTC). Each step's UID is stable
    (ask id and step), so importing a newer export updates the events instead of doubling them.
    """
    utc = stamp.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//intrograph//follow-ups//EN",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    for f in followups:
        title = _STEP_TITLES.get(f.step, f.step).format(who=f.who.name)
        summary = f"{title} (ask {f.ask}: {f.target.name})"
        description = f.action + (f"\n\n{f.text}" if f.text else "")
        lines += [
            "BEGIN:VEVENT",
            f"UID:intrograph-ask-{f.ask}-{f.step}@intrograph.invalid",
            f"DTSTAMP:{utc}",
            f"DTSTART;VALUE=DATE:{_date(f.due)}",
            f"DTEND;VALUE=DATE:{_date(f.due + dt.timedelta(days=1))}",
            f"SUMMARY:{escape_text(summary)}",
            f"DESCRIPTION:{escape_text(description)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
