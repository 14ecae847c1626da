"""Fuzzing every loader with hypothesis: arbitrary and near-valid exports.

Two promises are checked over generated input, for detection + loading (``load_bytes``) and for
each format's own loader:

- nothing but the project's InputError family ever escapes (no IndexError from a short row, no
  UnicodeError, no csv.Error, no zipfile exception);
- no row is lost silently: in a near-valid export every non-blank data row comes back as
  exactly one record or one reject, under its own number.

Time is bounded by ``max_examples`` per test (a few seconds each); CI derandomises hypothesis
(tests/conftest.py) so a red run is reproducible.
"""

from __future__ import annotations

import csv
import io
import os
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intrograph.errors import InputError
from intrograph.loaders import FORMATS, load_bytes
from intrograph.loaders.linkedin import ZIP_MAGIC
from intrograph.models import LoadResult

# INTROGRAPH_FUZZ_EXAMPLES=5000 for a long local run; CI keeps the default.
FUZZ = settings(max_examples=int(os.environ.get("INTROGRAPH_FUZZ_EXAMPLES", "150")),
                deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
NAMES = ["contacts.csv", "contacts.vcf", "Connections.csv", "export.zip", "noname"]


def _loads_or_refuses(call) -> LoadResult | None:
    try:
        result = call()
    except InputError:
        return None
    assert isinstance(result, LoadResult)
    return result


# --- arbitrary input -----------------------------------------------------------------------------

# Bytes that lean towards what loaders look for, so the fuzzer gets past the first checks.
_FRAGMENTS = [b"BEGIN:VCARD\r\n", b"END:VCARD\r\n", b"FN:", b"EMAIL;TYPE=work:", b"\r\n ",
              b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n",
              b"Name,E-mail 1 - Value,Phone 1 - Value\n", b'"', b",", b";", b"\t", b"\n",
              b"\xef\xbb\xbf", b"\xff\xfe", b"\x00", b"=QP=0D", b"a@b.example", b"+1 415 555 0100",
              b"CHARSET=utf-8;ENCODING=QUOTED-PRINTABLE:", b"item1.", b"\\n", b"\\,"]
noise = st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.binary(max_size=40)),
                 max_size=30).map(b"".join)


@FUZZ
@given(data=noise, name=st.sampled_from(NAMES),
       fmt=st.sampled_from(["auto", *FORMATS]))
def test_arbitrary_bytes_load_or_are_refused_with_an_input_error(data, name, fmt):
    _loads_or_refuses(lambda: load_bytes(data, name, fmt))


@FUZZ
@given(text=st.text(max_size=400) | noise.map(lambda b: b.decode("utf-8", "replace")),
       fmt=st.sampled_from(list(FORMATS)))
def test_each_format_loader_takes_any_text(text, fmt):
    _loads_or_refuses(lambda: FORMATS[fmt].load(text, "fuzz"))


@FUZZ
@given(member=noise, name=st.sampled_from(["Connections.csv", "a/Connections.csv",
                                           "../Connections.csv", "x.txt"]),
       cut=st.integers(min_value=0, max_value=400))
def test_damaged_zip_archives_are_refused_with_an_input_error(member, name, cut):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, member)
    data = buf.getvalue()
    damaged = data[:cut] + data[cut + 7:]  # a truncated or spliced archive
    for blob in (data, damaged if damaged.startswith(ZIP_MAGIC) else data):
        _loads_or_refuses(lambda blob=blob: load_bytes(blob, "export.zip"))


# --- near-valid exports: every row accounted for -------------------------------------------------

# Text without control characters (a file full of them is refused whole as binary) or
# private-use characters (the loaders' own end-of-file mark lives there).
_text = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Co")), max_size=12)
_cell = st.one_of(
    st.just(""), _text, st.sampled_from(["Bob", "Lee", "Acme", "bob@acme.example",
                                         "+1 415 555 0100", "not-an-email", '"', '""', ",",
                                         ";", "\n", "a\nb", " ", "=1+1", "x ::: y"]),
)


def _accounted(result: LoadResult, expected: list[int]) -> None:
    numbers = sorted([r.record for r in result.records] + [r.record for r in result.rejects])
    assert numbers == expected, (result.records, result.rejects)


CSV_HEADERS = {
    "google": ["Name", "Given Name", "E-mail 1 - Value", "Phone 1 - Value",
               "Organization 1 - Name", "Notes"],
    "outlook": ["First Name", "Last Name", "E-mail Address", "Business Phone", "Company",
                "Job Title", "Categories"],
}


@FUZZ
@given(fmt=st.sampled_from(sorted(CSV_HEADERS)),
       rows=st.lists(st.lists(_cell, min_size=0, max_size=8), max_size=12),
       through=st.sampled_from(["detect", "format"]))
def test_csv_exports_account_for_every_data_row(fmt, rows, through):
    header = CSV_HEADERS[fmt]
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\r\n")
    out.writerow(header)
    out.writerows(rows)
    data = buf.getvalue().encode("utf-8")
    if through == "detect":
        result = load_bytes(data, "contacts.csv")
        assert result.format == fmt
    else:
        result = FORMATS[fmt].load(data.decode("utf-8"), "contacts.csv")
    expected = [n for n, row in enumerate(rows, start=1) if any(c.strip() for c in row)]
    _accounted(result, expected)


@FUZZ
@given(preamble=st.booleans(),
       rows=st.lists(st.lists(_cell, min_size=0, max_size=9), max_size=12))
def test_linkedin_connections_account_for_every_data_row(preamble, rows):
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    if preamble:
        buf.write('Notes:\n"When exporting your connection data, you may notice..."\n\n')
    out.writerow(["First Name", "Last Name", "URL", "Email Address", "Company", "Position",
                  "Connected On"])
    out.writerows(rows)
    result = load_bytes(buf.getvalue().encode("utf-8"), "Connections.csv")
    assert result.format == "linkedin"
    expected = [n for n, row in enumerate(rows, start=1) if any(c.strip() for c in row)]
    _accounted(result, expected)


_prop_value = st.one_of(_text.map(lambda t: t.replace("\n", " ")),
                        st.sampled_from(["Bob Lee", "bob@acme.example", "Lee;Bob;;;",
                                         "=E2=82=AC", "a\\,b", "tel:+14155550100", ""]))
_prop = st.tuples(
    st.sampled_from(["FN", "N", "EMAIL", "EMAIL;TYPE=work", "TEL;TYPE=cell", "ORG", "TITLE",
                     "NOTE", "item1.EMAIL", "item1.X-ABLABEL", "BDAY", "URL", "UID",
                     "PHOTO;ENCODING=b", "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=klingon",
                     "X-CUSTOM", "BROKEN LINE WITHOUT COLON"]),
    _prop_value,
)


@FUZZ
@given(cards=st.lists(st.tuples(st.lists(_prop, max_size=6), st.booleans()), min_size=1,
                      max_size=8))
def test_vcards_account_for_every_card(cards):
    lines = []
    for props, closed in cards:
        lines.append("BEGIN:VCARD")
        lines.append("VERSION:3.0")
        for name, value in props:
            lines.append(name if name.startswith("BROKEN") else f"{name}:{value}")
        if closed:
            lines.append("END:VCARD")
    data = ("\r\n".join(lines) + "\r\n").encode("utf-8")
    result = load_bytes(data, "contacts.vcf")
    assert result.format == "vcard"
    _accounted(result, list(range(1, len(cards) + 1)))


def test_the_fuzz_harness_catches_an_escaping_error(monkeypatch):
    """The harness itself can fail: a loader that raises anything else is caught."""
    from intrograph.loaders import dispatch

    def broken(text, file):
        raise IndexError("list index out of range")

    monkeypatch.setitem(dispatch.FORMATS, "google",
                        dispatch.Loader("x", broken, dispatch.FORMATS["google"].sniff))
    with pytest.raises(IndexError):
        _loads_or_refuses(lambda: load_bytes(b"Name,E-mail 1 - Value\nBob,b@x.example\n",
                                             "c.csv"))
