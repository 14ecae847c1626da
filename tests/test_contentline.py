"""The lean vCard line reader agrees with vobject wherever it gives an answer, and refuses the rest.

vobject stays the reference: a card the lean reader refuses goes to vobject, so the only way
the reader can change an import is by reading a line differently from vobject, which these
tests look for with hand-picked lines and with hypothesis.
"""

from __future__ import annotations

import io

import pytest
import vobject.base
from hypothesis import given, settings
from hypothesis import strategies as st

from intrograph.loaders.contentline import (
    Prop,
    Refused,
    logical_lines,
    parse_line,
    readable,
    unfolded,
)


def vobject_prop(text: str) -> Prop | None:
    """Return what vobject reads from a logical line, or None when it raises."""
    try:
        line = vobject.base.textLineToContentLine(text, 0)
    except (vobject.base.VObjectError, LookupError, ValueError, TypeError):
        return None
    return Prop(name=line.name, value=line.value, group=line.group or "",
                params={k: list(v) for k, v in line.params.items()},
                singletons=tuple(line.singletonparams))


def lean_prop(text: str) -> Prop | None:
    try:
        return parse_line(text)
    except (Refused, LookupError, ValueError, TypeError):
        return None


@pytest.mark.parametrize(
    ("line", "prop"),
    [
        ("FN:Dana Reyes", Prop("FN", "Dana Reyes")),
        ("item1.EMAIL;type=INTERNET;type=pref:sam@x.example",
         Prop("EMAIL", "sam@x.example", "item1", {"TYPE": ["INTERNET", "pref"]})),
        ("TEL;CELL;PREF:+49 170", Prop("TEL", "+49 170", singletons=("CELL", "PREF"))),
        ('TEL;VALUE=uri;TYPE="cell,voice":tel:+1-555',
         Prop("TEL", "tel:+1-555", params={"VALUE": ["uri"], "TYPE": ["cell,voice"]})),
        ("EMAIL;TYPE=work,home:a@b.c", Prop("EMAIL", "a@b.c", params={"TYPE": ["work", "home"]})),
        ("NOTE:a:b;c", Prop("NOTE", "a:b;c")),
        ("x_lotus_name:v", Prop("X-LOTUS-NAME", "v")),
        ("FN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Ren=E9e",
         Prop("FN", "Renée", params={"CHARSET": ["ISO-8859-1"]})),
        ("NOTE;QUOTED-PRINTABLE:one=0D=0Atwo =\nthree", Prop("NOTE", "one\r\ntwo three")),
    ],
)
def test_lines_read_as_vobject_reads_them(line, prop):
    assert parse_line(line) == prop
    assert vobject_prop(line) == prop


@pytest.mark.parametrize(
    "line",
    [
        "THIS LINE HAS NO COLON",
        "TEL;:123",  # an empty parameter
        "TEL;TYPE=:123",
        'TEL;TYPE="":123',
        'TEL;TYPE=a"b":123',
        "A.B.C:x",
        "NOTE;encoding=quoted-printable:caf=C3=A9",  # vobject leaves lower case undecoded
        "FN;CHARSET=X-BOGUS;ENCODING=QUOTED-PRINTABLE:Bj=C3=B6rn",
    ],
)
def test_lines_off_the_common_path_are_refused(line):
    assert lean_prop(line) is None


_PIECES = st.sampled_from(
    ["FN", "TEL", "item1.", "EMAIL", "x_a", ";", ":", ",", "=", '"', ".", " ", "TYPE", "type",
     "CELL", "ENCODING", "QUOTED-PRINTABLE", "quoted-printable", "CHARSET", "utf-8", "latin-1",
     "X-BOGUS", "=C3=A9", "=E9", "=0D=0A", "=\n", "\\,", "\\n", "é", "a", "1", "-", "_", ";;",
     '=""', ";A=", ',"x;y"', '"=', '=="']
)


@settings(max_examples=3000, deadline=None)
@given(st.lists(_PIECES, max_size=14).map("".join))
def test_any_line_the_lean_reader_reads_vobject_reads_the_same(line):
    lean = lean_prop(line)
    if lean is not None:
        assert lean == vobject_prop(line)


def vobject_parses(text: str) -> bool:
    try:
        vobject.base.parseLine(text)
    except vobject.base.ParseError:
        return False
    return True


@settings(max_examples=3000, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join))
def test_readable_says_what_vobject_would_about_any_line(line):
    assert readable(line) == vobject_parses(line)


@pytest.mark.parametrize(
    "line", ["N;;a=b:x", "N;:x", 'N;A="x;y",,=b=c:v', "a.b;c:x", 'N;TEL=C3=A9="":x'])
def test_readable_lines_with_odd_but_valid_parameters(line):
    assert readable(line) and vobject_parses(line)


@pytest.mark.parametrize("line", ["A.B.C:x", 'N;A="x"y:z', "N;a=b", "N x:y", ";N:x", "N;A=\"x"])
def test_unreadable_lines(line):
    assert not readable(line) and not vobject_parses(line)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.lists(st.sampled_from(
    [" ", "\t", "a", "=", ":", ";", "QUOTED-PRINTABLE", "quoted-printable", "N", "x"]),
    min_size=1, max_size=6).map("".join).filter(lambda s: s.rstrip()), max_size=8))
def test_unfolding_matches_vobject(lines):
    ours = list(logical_lines(lines))
    if (plain := unfolded(lines)) is not None:
        assert plain == [text for text, _ in ours]
    theirs = list(vobject.base.getLogicalLines(io.StringIO("\n".join(lines)), allowQP=True))
    assert [text for text, _ in ours] == [text for text, _ in theirs]
    # vobject numbers the first logical line 0 and the others by their 1-based physical line.
    assert [start for _, start in ours[1:]] == [n - 1 for _, n in theirs[1:]]
