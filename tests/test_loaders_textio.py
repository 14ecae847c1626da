"""Bytes to text: encodings real exports arrive in, delimiters, binary files, unreadable paths."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intrograph.errors import InputError
from intrograph.loaders.textio import decode, looks_binary, read_bytes, sniff_delimiter

NAMES = "Name,Email\nJosé Müller,jose@x.de\nZoë “Zo” Weiß,zoe@x.de\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (NAMES.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + NAMES.encode("utf-8"), "utf-8-sig"),
        (NAMES.encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + NAMES.encode("utf-16-be"), "utf-16"),
        (NAMES.encode("utf-16-le"), "utf-16-le"),
        (NAMES.encode("utf-16-be"), "utf-16-be"),
        (NAMES.encode("utf-32"), "utf-32"),
        (NAMES.encode("cp1252"), "cp1252"),
    ],
)
def test_decode_reads_the_names_back_whatever_the_encoding(data, encoding):
    decoded = decode(data)
    assert decoded.text == NAMES
    assert decoded.encoding == encoding


def test_decode_never_fails_on_bytes_cp1252_leaves_undefined():
    assert decode(b"Name\nA\x81B\n").text == "Name\nA\ufffdB\n"


def test_decode_drops_a_doubled_bom():
    assert decode(codecs.BOM_UTF8 + "\ufeffName".encode()).text == "Name"


# Text with NUL characters is out of scope: UTF-16's BOM followed by U+0000 is byte for byte
# UTF-32's BOM, and NULs between ASCII bytes are how BOM-less UTF-16 is recognised. Contact
# exports never contain NUL.
@given(
    st.text(st.characters(codec="utf-8", exclude_characters="\x00")).map(
        lambda t: t.lstrip("\ufeff")
    )
)
def test_decode_round_trips_utf8_and_utf16_with_bom(text):
    assert decode(text.encode("utf-8")).text == text
    assert decode(codecs.BOM_UTF8 + text.encode("utf-8")).text == text
    assert decode(text.encode("utf-16")).text == text


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("Name,Email,Phone\nA,a@x,1\n", ","),
        ("Name;Email;Phone\nA;a@x;1\n", ";"),
        ("Name\tEmail\tPhone\nA\ta@x\t1\n", "\t"),
        # commas inside a quoted column name do not count
        ('"Name, full";Email;Phone\n', ";"),
        # data rows are full of commas; only the header decides
        ("Name;Notes\nA;one, two, three, four\n", ";"),
        ("\n\nName;Email\n", ";"),
        ("Name\nJane\n", ","),
        ("", ","),
    ],
)
def test_sniff_delimiter(text, delimiter):
    assert sniff_delimiter(text) == delimiter


@pytest.mark.parametrize(
    ("data", "binary"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", True),
        (b"PK\x03\x04\x14\x00\x06\x00", True),
        (bytes(range(256)) * 4, True),
        (b"Name,Email\r\nJane,jane@x.com\r\n", False),
        ("José,Zoë".encode("cp1252"), False),
        ("Name,Email\n".encode("utf-16"), False),
        ("Name,Email\n".encode("utf-16-le"), False),
        (b"", False),
    ],
)
def test_looks_binary(data, binary):
    assert looks_binary(data) is binary


def test_read_bytes_names_a_missing_file(tmp_path):
    with pytest.raises(InputError) as caught:
        read_bytes(tmp_path / "contacts.csv")
    assert str(caught.value) == "contacts.csv: no such file"


def test_read_bytes_refuses_a_directory(tmp_path):
    with pytest.raises(InputError) as caught:
        read_bytes(tmp_path)
    assert caught.value.file == tmp_path.name
    assert "directory" in caught.value.reason or "permission" in caught.value.reason


def test_read_bytes_says_permission_denied(tmp_path, monkeypatch):
    # Simulated: the tests may run as root, who can read a chmod-0 file.
    def refuse(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(InputError) as caught:
        read_bytes(tmp_path / "contacts.csv")
    assert str(caught.value) == "contacts.csv: permission denied"
