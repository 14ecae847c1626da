"""vCard files (.vcf): 3.0 as Google, Apple and Android write it; 2.1 and 4.0 where they agree.

The file is split into cards here, by ``BEGIN:VCARD`` / ``END:VCARD`` lines, so that one broken
card becomes one reject and the cards around it still load; record N is the Nth card.

Content lines (unfolding, parameters, QUOTED-PRINTABLE with its CHARSET) are read by the lean
reader in :mod:`~intrograph.loaders.contentline`; a card it is not sure of goes to vobject
instead, which stays the reference for odd input. Property values are then read here rather
than through vobject's value behaviours, because those keep only the text before the first
unescaped comma ("FN:Doe, Jane" would become "Doe"), and exporters that forget to escape commas
are common.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field

from intrograph.errors import NotAContactExport
from intrograph.loaders.contentline import (
    Prop,
    Refused,
    logical_lines,
    parse_line,
    readable,
    unfolded,
)
from intrograph.loaders.fields import (
    NO_IDENTITY,
    clean_label,
    group_labels,
    has_identity,
    is_email_like,
    is_phone_like,
    parse_date,
    points,
    sort_urls,
)
from intrograph.loaders.limits import MAX_CARD_CHARS, clip_raw
from intrograph.loaders.textio import decode, first_line
from intrograph.models import ContactRecord, LoadResult, Reject

__all__ = ["FORMAT", "Card", "Prop", "load", "read_props", "sniff", "split_cards", "split_value"]

FORMAT = "vcard"

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_BEGIN = re.compile(r"^begin:vcard\s*$", re.IGNORECASE)
# TYPE values that carry no meaning for a person reading the label.
_NOISE_TYPES = frozenset({"internet", "pref", "voice", "x400", "text", "uri"})
_TYPE_NAMES = {"cell": "mobile", "iphone": "mobile", "cellular": "mobile"}
# Binary payloads that would swamp a rejects report.
_RAW_SKIP = frozenset({"VERSION", "PHOTO", "LOGO", "SOUND", "KEY"})
# Properties _record reads into fields, and ones that say nothing about the person (the card's
# own bookkeeping, blobs); whatever else a card holds goes to ``extra`` so nothing is lost.
_MAPPED = frozenset(
    {"FN", "N", "ORG", "ADR", "CATEGORIES", "URL", "NICKNAME", "EMAIL", "TEL", "TITLE", "NOTE",
     "BDAY", "UID", "X-ABLABEL"}
)  # fmt: skip
_EXTRA_SKIP = _RAW_SKIP | {"PRODID", "REV"}
# The lines split_cards acts on, told apart by one match per line: the start of a binary
# payload property (with or without an Apple ``itemN.`` group), and a card's first and last.
_MARK = re.compile(
    r"(?P<blob>(?:[\w-]+\.)?(?:PHOTO|LOGO|SOUND|KEY)[;:])|(?P<begin>begin:vcard\s*$)"
    r"|(?P<end>end:vcard\s*$)", re.IGNORECASE)


@dataclass
class Card:
    """The lines of one card, where it starts in the file, and whether it was closed."""

    number: int
    line: int
    lines: list[str] = field(default_factory=list)
    line_numbers: list[int] = field(default_factory=list)
    closed: bool = False
    cut_at: int | None = None


class UnreadableLine(Exception):
    """A content line vobject cannot parse; carries the file line number."""

    def __init__(self, line: int, text: str):
        shown = text if len(text) <= 60 else text[:57] + "..."
        super().__init__(f"unreadable line {line}: {shown!r}")


def sniff(text: str) -> bool:
    """Return True when the first non-blank line is ``BEGIN:VCARD``."""
    return bool(_BEGIN.match(first_line(text).strip()))


def split_cards(text: str) -> list[Card]:
    """Return the cards of a file in order, unclosed ones marked, lines outside cards dropped.

    PHOTO, LOGO, SOUND and KEY lines (and their folded continuations) are dropped here: nothing
    reads them, and a multi-megabyte photo would otherwise go through the line parser.
    """
    cards: list[Card] = []
    current: Card | None = None
    in_blob = False
    for number, line in enumerate(_LINE_BREAK.split(text), start=1):
        if in_blob and line[:1] in (" ", "\t"):
            continue
        # Column 0 only: a folded continuation line begins with a space.
        mark = _MARK.match(line)
        kind = mark.lastgroup if mark else None
        in_blob = kind == "blob"
        if in_blob:
            continue
        if kind == "begin":
            if current is not None:
                current.cut_at = number
            current = Card(number=len(cards) + 1, line=number)
            cards.append(current)
        elif kind == "end":
            if current is not None:
                current.closed = True
                current = None
        elif current is not None and line and not line.isspace():
            current.lines.append(line)
            current.line_numbers.append(number)
    return cards


def load(text: str, file: str) -> LoadResult:
    """Return the records and rejects of a vCard file; NotAContactExport if it has no card."""
    cards = split_cards(text)
    if not cards:
        raise NotAContactExport("not a vCard file: no BEGIN:VCARD line", file=file)
    result = LoadResult(file=file, format=FORMAT)
    for card in cards:
        if not card.closed:
            if card.cut_at:
                reason = f"card has no END:VCARD before the next BEGIN:VCARD at line {card.cut_at}"
            else:
                reason = "card has no END:VCARD before the end of the file"
            result.rejects.append(_reject(file, card, reason))
            continue
        body = "".join(card.lines)
        if "\x00" in body:
            result.rejects.append(_reject(file, card, "card contains NUL bytes (binary data, "
                                                      "not text)"))
            continue
        size = len(body)
        if size > MAX_CARD_CHARS:
            result.rejects.append(_reject(
                file, card, f"card is {size:,} characters long without its photo; a contact "
                            f"card is at most {MAX_CARD_CHARS:,}"))
            continue
        try:
            props = read_props(card)
        except UnreadableLine as exc:
            result.rejects.append(_reject(file, card, str(exc)))
            continue
        record = _record(props, file, card.number)
        if has_identity(record):
            result.records.append(record)
        else:
            result.rejects.append(_reject(file, card, NO_IDENTITY, props))
    return result


def read_props(card: Card) -> list[Prop]:
    """Return the card's properties; raise UnreadableLine for a line vobject cannot parse.

    The lean reader in :mod:`~intrograph.loaders.contentline` takes the common path; a card
    with any line it refuses, or a CHARSET that does not decode, is read again by vobject,
    line for line as before, so odd cards keep vobject's reading and its errors.
    """
    lines = unfolded(card.lines)
    if lines is None:
        lines = [text for text, _ in logical_lines(card.lines)]
    try:
        return [parse_line(text) for text in lines]
    except (Refused, LookupError, ValueError, TypeError):
        return _vobject_props(card)


def _vobject_props(card: Card) -> list[Prop]:
    # Imported here: most files never need it, and every command would pay for the import.
    import vobject.base

    props: list[Prop] = []
    # Unfolded here, not by vobject's getLogicalLines, which copies the whole line so far for
    # every folded piece: quadratic on a long folded line. The two agree (a test holds them).
    for text, start in logical_lines(card.lines):
        line = card.line_numbers[start]
        # A line vobject would fail on is refused before vobject tries: its line expression
        # takes exponential time to fail on many parameters and no colon.
        if not readable(text):
            raise UnreadableLine(line, text)
        try:
            props.append(_prop(text, start))
        except vobject.base.VObjectError:
            raise UnreadableLine(line, text) from None
    return props


def _prop(text: str, n: int) -> Prop:
    import vobject.base

    try:
        content = vobject.base.textLineToContentLine(text, n)
    except (LookupError, ValueError, TypeError):
        # QUOTED-PRINTABLE with a CHARSET Python does not know or that misdescribes the bytes:
        # decode the bytes the way a file with no declared encoding is decoded.
        return _qp_fallback(text, n)
    return Prop(
        name=content.name,
        value=content.value,
        group=content.group or "",
        params={k: list(v) for k, v in content.params.items()},
        singletons=tuple(content.singletonparams),
    )


def _qp_fallback(text: str, n: int) -> Prop:
    import vobject.base

    name, params, value, group = vobject.base.parseLine(text, n)
    kept = [p for p in params if p[0].upper() not in {"CHARSET", "ENCODING"}]
    kept = [p for p in kept if not (len(p) == 1 and p[0].upper() == "QUOTED-PRINTABLE")]
    data = codecs.decode(value.encode("utf-8", errors="replace"), "quoted-printable")
    return Prop(
        name=name.upper(),
        value=decode(data).text,
        group=group or "",
        params={p[0].upper(): p[1:] for p in kept if len(p) > 1},
        singletons=tuple(p[0] for p in kept if len(p) == 1),
    )


# What a backslash followed by each character stands for; any other pair is kept as written.
_UNESCAPE = {"n": "\n", "N": "\n", ",": ",", ";": ";", "\\": "\\", ":": ":"}
_SPLITTERS: dict[str, re.Pattern[str]] = {}


def split_value(value: str, sep: str) -> list[str]:
    r"""Return the parts of a vCard value split at unescaped ``sep``, each unescaped.

    Unescaping follows RFC 2426 §5: ``\n`` is a line break, ``\,`` ``\;`` ``\\`` stand for
    themselves; any other backslash is kept, since exporters write Windows paths unescaped.
    """
    if "\\" not in value:
        # The common case, and the hot one: nothing escaped, so a plain split says the same.
        if "\r\n" in value:
            value = value.replace("\r\n", "\n")
        return [p.strip() for p in value.split(sep)]
    splitter = _SPLITTERS.get(sep)
    if splitter is None:
        # One token per escape pair or separator; the text between them is taken whole.
        splitter = _SPLITTERS[sep] = re.compile(rf"(\\.?|{re.escape(sep)})", re.DOTALL)
    parts: list[str] = []
    current: list[str] = []
    for i, token in enumerate(splitter.split(value)):
        if i % 2 == 0:
            current.append(token)
        elif token == sep:
            parts.append("".join(current))
            current = []
        else:
            current.append(_UNESCAPE.get(token[1:], token))
    parts.append("".join(current))
    return [p.replace("\r\n", "\n").strip() for p in parts]


def _text(prop: Prop | None) -> str:
    return split_value(prop.value, "\x00")[0] if prop else ""


def _label(prop: Prop, apple_labels: dict[str, str]) -> str:
    if prop.group and prop.group in apple_labels:
        return apple_labels[prop.group]
    seen: dict[str, None] = {}
    for word in prop.types():
        if word not in _NOISE_TYPES:
            seen.setdefault(_TYPE_NAMES.get(word, word), None)
    return " ".join(seen)


def _apple_label(value: str) -> str:
    # Apple writes its built-in labels as _$!<Mobile>!$_ and custom ones plainly.
    text = _text(Prop(name="X-ABLABEL", value=value))
    if text.startswith("_$!<") and text.endswith(">!$_"):
        text = text[4:-4]
    return clean_label(text)


def _birthday(prop: Prop | None) -> dt.date | None:
    if prop is None:
        return None
    date = parse_date(_text(prop))
    # Apple stores a yearless birthday under a placeholder year it names in a parameter.
    omitted = prop.params.get("X-APPLE-OMIT-YEAR", [])
    if date and omitted and str(date.year) == omitted[0].strip():
        return None
    return date


def _record(props: list[Prop], file: str, number: int) -> ContactRecord:
    by: dict[str, list[Prop]] = defaultdict(list)
    for prop in props:
        by[prop.name].append(prop)

    def first(name: str) -> Prop | None:
        return by[name][0] if by[name] else None

    apple = {p.group: _apple_label(p.value) for p in by["X-ABLABEL"] if p.group}
    n_parts = [" ".join(filter(None, split_value(c, ","))) for c in _components(first("N"))]
    family, given, additional = (n_parts + ["", "", ""])[:3]
    full_name = _text(first("FN")) or " ".join(p for p in (given, additional, family) if p)
    org = _components(first("ORG"))
    place = next((c for c in (_components(p) for p in by["ADR"]) if _at(c, 3) or _at(c, 6)), [])
    categories = [c for p in by["CATEGORIES"] for c in split_value(p.value, ",")]
    labels = group_labels(categories)
    social = [_text(p) for p in by["X-SOCIALPROFILE"]]
    linkedin, urls = sort_urls([_text(p) for p in by["URL"]])
    if not linkedin:
        linkedin, _ = sort_urls(social)
    nicknames = [x for p in by["NICKNAME"] for x in split_value(p.value, ",") if x]
    return ContactRecord(
        file=file,
        record=number,
        full_name=full_name,
        given_name=given,
        family_name=family,
        nickname=", ".join(nicknames),
        emails=points(((_text(p), _label(p, apple)) for p in by["EMAIL"]), is_email_like),
        phones=points(((_tel(p), _label(p, apple)) for p in by["TEL"]), is_phone_like),
        organization=_at(org, 0),
        department=_at(org, 1),
        title=_text(first("TITLE")),
        labels=labels,
        starred="starred" in labels,
        notes="\n".join(t for p in by["NOTE"] if (t := _text(p))),
        linkedin_url=linkedin,
        urls=urls,
        city=_at(place, 3),
        country=_at(place, 6),
        birthday=_birthday(first("BDAY")),
        source_id=_text(first("UID")),
        extra=_extra(props, linkedin),
    )


def _extra(props: list[Prop], linkedin: str) -> dict[str, str]:
    """Return ``NAME -> value`` for properties no field took; repeats joined with `` ::: ``."""
    extra: dict[str, str] = {}
    for prop in props:
        if prop.name in _MAPPED or prop.name in _EXTRA_SKIP:
            continue
        value = _text(prop)
        # A social profile that became linkedin_url is taken; Twitter, GitHub … are not.
        if not value or (prop.name == "X-SOCIALPROFILE" and value == linkedin):
            continue
        extra[prop.name] = f"{extra[prop.name]} ::: {value}" if prop.name in extra else value
    return extra


def _components(prop: Prop | None) -> list[str]:
    return split_value(prop.value, ";") if prop else []


def _at(parts: list[str], index: int) -> str:
    return parts[index] if index < len(parts) else ""


def _tel(prop: Prop) -> str:
    # vCard 4.0 writes numbers as URIs: TEL;VALUE=uri:tel:+1-555-0100.
    text = _text(prop)
    return text[4:].strip() if text.lower().startswith("tel:") else text


def _reject(file: str, card: Card, reason: str, props: list[Prop] | None = None) -> Reject:
    raw: dict[str, str] = {}
    if props is not None:
        pairs = [(p.name, _text(p)) for p in props]
    else:
        pairs = _rough_pairs(card.lines)
    for name, value in pairs:
        if value and name not in _RAW_SKIP:
            raw[name] = f"{raw[name]} ::: {value}" if name in raw else value
    return Reject(file=file, record=card.number, reason=reason, raw=clip_raw(raw))


def _rough_pairs(lines: list[str]) -> list[tuple[str, str]]:
    """Return (NAME, value) per unfolded line without vobject, for cards vobject refused."""
    pieces: list[list[str]] = []
    for line in lines:
        if line[:1] in (" ", "\t") and pieces:
            pieces[-1].append(line[1:])  # joined once below: += here would be quadratic
        else:
            pieces.append([line])
    pairs = []
    for line in map("".join, pieces):
        head, colon, value = line.partition(":")
        if colon:
            name = head.split(";")[0].rpartition(".")[2].strip().upper()
            pairs.append((name, value.strip()))
        else:
            pairs.append(("(unreadable)", line.strip()))
    return pairs
