"""vCard content lines read without vobject: unfolding, name, group, parameters, QUOTED-PRINTABLE.

Written from RFC 2425 §5.8 (folding, the ``[group.]name *(;param) : value`` grammar), RFC 2426
§4 / vCard 2.1 §2 (bare parameters such as ``TEL;CELL;PREF``, ``ENCODING=QUOTED-PRINTABLE``
with ``CHARSET=`` and ``=``-ended soft line breaks) and RFC 6350 §3.3 (quoted parameter
values). This is the common path only: whatever it is not sure of (an odd parameter, an empty
or mis-quoted value, a QUOTED-PRINTABLE marker it would read differently) raises
:class:`Refused`, and the caller hands the card to vobject, whose reading stays the reference.
The results agree with vobject's wherever this module gives one; a test holds them side by side.

Unfolding (:func:`logical_lines`) and the question whether vobject can parse a line at all
(:func:`readable`) are answered here for every card, in linear time, because vobject's own
answers take quadratic and exponential time on crafted lines.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

__all__ = ["Prop", "Refused", "logical_lines", "parse_line", "qp_decode", "readable",
           "unfolded"]

# RFC 2425 §5.8.2: name / iana-token / x-name characters (vobject also lets "_" through, for
# Lotus Notes); a parameter value is a quoted string or SAFE-CHARs, never empty on this path.
_NAME = r"[A-Za-z0-9_-]+"
_VALUE = r'(?:"[^"]+"|[^";:,]+)'
_PARAM = rf"(?:;{_NAME}(?:={_VALUE}(?:,{_VALUE})*)?)"
# group, name, the parameters as one string; the value is everything after the colon. The
# tokens are delimited by characters they cannot hold, so a line matches in one way only.
_LINE = re.compile(rf"(?:({_NAME})\.)?({_NAME})({_PARAM}*):")
_PARAM_PARTS = re.compile(rf";({_NAME})(?:=({_VALUE}(?:,{_VALUE})*))?")
_LIST_ITEM = re.compile(r'"([^"]+)"|([^",]+)')
# Property names as written -> as read; a file uses a few dozen. Bounded against crafted files.
_NAMES: dict[str, str] = {}
_MAX_NAMES = 10_000
_QP = "QUOTED-PRINTABLE"
_QP_MARK = "quoted-printable"
_NAME_RUN = re.compile(_NAME)
# vobject's unquoted values may hold "=", but any "=" may as well start the next "=value"
# (which may then be quoted): reading every "=" as a separator accepts exactly the same lines.
_UNQUOTED_RUN = re.compile(r'[^";:,=]*')
_ENCODING_WORDS = frozenset({"quoted-printable", "base64", "b", "8bit", "7bit"})


class Refused(Exception):
    """The line is outside the common path; let vobject read the card."""


@dataclass(slots=True)
class Prop:
    """One content line: upper-case name, its group (Apple's ``item1.``), params, raw value.

    Not frozen: a frozen dataclass sets each field through ``object.__setattr__``, which cost
    a noticeable share of parse time at one Prop per line. Nothing changes a Prop once made.
    """

    name: str
    value: str
    group: str = ""
    params: dict[str, list[str]] = field(default_factory=dict)
    singletons: tuple[str, ...] = ()

    def types(self) -> list[str]:
        """Return the TYPE values lower-cased: ``TYPE=a,b``, repeated TYPEs, 2.1 bare words."""
        words = [w for v in self.params.get("TYPE", []) for w in v.split(",")]
        words += [w for w in self.singletons if w.lower() not in _ENCODING_WORDS]
        return [w.strip().lower() for w in words if w.strip()]


def unfolded(lines: Sequence[str]) -> list[str] | None:
    """Return ``lines`` themselves when none continues another, else None.

    Most cards have no folded line and no soft break; one scan of the joined text in C says
    so, and spares them the line-by-line walk of :func:`logical_lines`.
    """
    text = "\n".join(lines)
    if "\n " in text or "\n\t" in text or text[:1] in (" ", "\t") or "=\n" in text:
        return None
    return list(lines)


def logical_lines(lines: Sequence[str]) -> Iterator[tuple[str, int]]:
    """Yield (logical line, index of its first physical line) for a card's non-blank lines.

    Rule (RFC 2425 §5.8.1): a line starting with a space or tab continues the one before,
    less that one character. vCard 2.1 adds a second rule: while a line that mentions
    quoted-printable ends in ``=``, the next line continues it whatever it starts with, joined
    by a line break that the QUOTED-PRINTABLE decoding then removes as a soft break. Linear in
    the card's length however many pieces a line is folded into: whether the line mentions
    quoted-printable is carried along, never searched for in the whole line again.
    """
    current: list[str] = []
    start = 0
    soft_break = qp = False
    tail = ""
    for index, line in enumerate(lines):
        if soft_break:
            piece = "\n" + line
            soft_break = False
        elif line[:1] in (" ", "\t"):
            piece = line[1:]
        else:
            if current:
                yield "".join(current), start
            current, start, qp, tail = [], index, False, ""
            piece = line
        current.append(piece)
        # The marker may straddle a fold: look at the new piece with the end of the old text.
        seen = tail + piece
        qp = qp or _QP_MARK in seen.lower()
        tail = seen[-len(_QP_MARK) :]
        if piece.endswith("="):
            soft_break = qp
    if current:
        yield "".join(current), start


def readable(text: str) -> bool:
    """Return True when vobject can parse the logical line: ``[group.]name``, parameters, colon.

    vobject's own line expression needs exponential time to fail on a line of many parameters
    and no colon (30 take minutes); this decides the same question in one pass, so a hostile
    line is refused before vobject sees it. Its grammar, read deterministically: an optional
    stray ``;``, then ``;name`` parameters each followed by any run of ``=value`` / ``,value``
    (a value quoted, or characters other than ``";:,``, possibly none), then ``:``.
    """
    head = _NAME_RUN.match(text)
    if head is None:
        return False
    at = head.end()
    if text.startswith(".", at):
        head = _NAME_RUN.match(text, at + 1)
        if head is None:
            return False
        at = head.end()
    if text.startswith(";", at) and not _NAME_RUN.match(text, at + 1):
        at += 1
    while text.startswith(";", at):
        name = _NAME_RUN.match(text, at + 1)
        if name is None:
            return False
        at = name.end()
        while text[at : at + 1] in ("=", ","):
            at += 1
            if text.startswith('"', at):
                close = text.find('"', at + 1)
                if close < 0:
                    return False
                at = close + 1
            else:
                at = _UNQUOTED_RUN.match(text, at).end()
    return text.startswith(":", at)


def parse_line(text: str) -> Prop:
    """Return the property a logical line holds; raise Refused when it is not the common path."""
    match = _LINE.match(text)
    if match is None:
        raise Refused(text)
    group, raw_name, param_text = match.groups()
    name = _NAMES.get(raw_name)
    if name is None:
        name = raw_name.replace("_", "-").upper()
        if len(_NAMES) < _MAX_NAMES:
            _NAMES[raw_name] = name
    value = text[match.end() :]
    if not param_text:
        return Prop(name=name, value=value, group=group or "")
    params: dict[str, list[str]] = {}
    singletons: list[str] = []
    for key, values in _PARAM_PARTS.findall(param_text):
        if not values:
            singletons.append(key)
        elif '"' in values:
            params.setdefault(key.upper(), []).extend(
                q or plain for q, plain in _LIST_ITEM.findall(values))
        else:
            params.setdefault(key.upper(), []).extend(values.split(","))
    encoding = params.get("ENCODING", ())
    if _QP in singletons or _QP in encoding:
        return _decoded(name, group or "", params, singletons, value)
    if any(w.upper() == _QP for w in (*singletons, *encoding)):
        raise Refused(text)  # a lower-case marker, which vobject leaves undecoded
    return Prop(name=name, value=value, group=group or "", params=params,
                singletons=tuple(singletons))


def _decoded(name: str, group: str, params: dict[str, list[str]], singletons: list[str],
             value: str) -> Prop:
    """Return the property with its QUOTED-PRINTABLE value decoded in its CHARSET.

    Only the plain spellings are read here: the marker once, as ``ENCODING=QUOTED-PRINTABLE``
    or as a bare 2.1 parameter. A CHARSET Python does not know, or bytes it does not describe,
    raise LookupError / ValueError for the caller's fallback.
    """
    encoding = params.get("ENCODING", [])
    if singletons.count(_QP) + encoding.count(_QP) != 1 or encoding not in ([], [_QP]):
        raise Refused(value)
    params = {k: v for k, v in params.items() if k != "ENCODING"}
    singletons = [w for w in singletons if w != _QP]
    charset = params["CHARSET"][0] if "CHARSET" in params else "utf-8"
    text = qp_decode(value).decode(charset)
    return Prop(name=name, value=text, group=group, params=params, singletons=tuple(singletons))


def qp_decode(value: str) -> bytes:
    """Return the bytes a QUOTED-PRINTABLE value stands for (RFC 2045 §6.7; ``=`` + newline
    is a soft break)."""
    return codecs.decode(value.encode("utf-8"), "quoted-printable")
