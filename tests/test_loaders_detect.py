"""Which loader reads a file, and how files that are no contact export are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

import intrograph.loaders as loaders_api
from intrograph.errors import InputError, NotAContactExport, UnknownFormat
from intrograph.loaders import FORMATS, Loader, detect_format, load_file
from intrograph.models import ContactRecord, LoadResult

EXPORTS = Path(__file__).parent / "data" / "exports"
# Every registered format, in detection order, as the refusal message lists them.
EXPECTED = " or ".join(loader.title for loader in FORMATS.values())


def test_public_api():
    assert set(loaders_api.__all__) >= {"FORMATS", "detect_format", "load_file"}
    order = list(FORMATS)
    # Particular formats before the generic CSV reader: a LinkedIn file has First Name and URL
    # columns the Google reader would happily claim.
    assert order[0] == "vcard"
    assert {"vcard", "linkedin", "google"} <= set(order)
    assert order.index("linkedin") < order.index("google")
    assert all(isinstance(loader, Loader) for loader in FORMATS.values())


@pytest.mark.parametrize(
    ("name", "format"),
    [
        ("google_current.csv", "google"),
        ("google_legacy.csv", "google"),
        ("contacts.vcf", "vcard"),
        ("phone_21.vcf", "vcard"),
        ("../../samples/linkedin/Connections.csv", "linkedin"),
        ("../../samples/linkedin/Connections_excel.csv", "linkedin"),
    ],
)
def test_detect_format(name, format):
    assert detect_format(EXPORTS / name) == format


def test_detection_ignores_the_file_name(tmp_path):
    path = tmp_path / "export.txt"
    path.write_bytes((EXPORTS / "contacts.vcf").read_bytes())
    assert detect_format(path) == "vcard"
    assert load_file(path).format == "vcard"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "notes.txt",
            "notes.txt: not a contact export: no name, email or phone column in the header"
            f" (Shopping list); expected {EXPECTED}",
        ),
        (
            "bank.csv",
            "bank.csv: not a contact export: no name, email or phone column in the header"
            f" (date, amount, description); expected {EXPECTED}",
        ),
    ],
)
def test_text_that_is_no_contact_export_is_refused_saying_why(name, message):
    for call in (detect_format, load_file):
        with pytest.raises(NotAContactExport) as caught:
            call(EXPORTS / name)
        assert str(caught.value) == message
        assert caught.value.file == name


EMPTY = "contacts.csv: not a contact export: the file is empty"
BINARY = "contacts.csv: not a contact export: binary data, not text"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", EMPTY),
        (b"\xef\xbb\xbf \r\n\r\n", EMPTY),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), BINARY),
        (b"PK\x05\x06" + bytes(18), BINARY),
    ],
)
def test_empty_and_binary_files_are_refused(tmp_path, data, message):
    path = tmp_path / "contacts.csv"
    path.write_bytes(data)
    with pytest.raises(NotAContactExport) as caught:
        detect_format(path)
    assert str(caught.value) == message


def test_a_missing_file_is_an_input_error_naming_it(tmp_path):
    with pytest.raises(InputError) as caught:
        load_file(tmp_path / "missing.vcf")
    assert str(caught.value) == "missing.vcf: no such file"
    assert not isinstance(caught.value, NotAContactExport)


def test_a_directory_is_an_input_error(tmp_path):
    with pytest.raises(InputError):
        load_file(tmp_path)


@pytest.mark.parametrize("format", ["xlsx", "facebook", ""])
def test_an_unknown_format_lists_the_known_ones(format):
    with pytest.raises(UnknownFormat) as caught:
        load_file(EXPORTS / "contacts.vcf", format=format)
    known = ", ".join(["auto", *FORMATS])
    assert str(caught.value) == f"unknown format {format!r}; known formats: {known}"


def test_an_explicit_format_skips_detection():
    assert load_file(EXPORTS / "contacts.vcf", format="vcard").format == "vcard"
    assert load_file(EXPORTS / "google_legacy.csv", format="Google").format == "google"


def test_an_explicit_format_that_does_not_fit_is_refused():
    with pytest.raises(NotAContactExport) as caught:
        load_file(EXPORTS / "google_current.csv", format="vcard")
    assert str(caught.value) == "google_current.csv: not a vCard file: no BEGIN:VCARD line"
    with pytest.raises(NotAContactExport, match="^contacts.vcf: not a contact export"):
        load_file(EXPORTS / "contacts.vcf", format="google")


def test_a_new_format_plugs_in_with_one_entry(tmp_path, monkeypatch):
    def load_lines(text: str, file: str) -> LoadResult:
        names = text.splitlines()[1:]
        records = [ContactRecord(file=file, record=i, full_name=n) for i, n in enumerate(names, 1)]
        return LoadResult(file=file, format="lines", records=records)

    def sniff_lines(text: str) -> bool:
        return text.startswith("#names")

    monkeypatch.setitem(FORMATS, "lines", Loader("a list of names", load_lines, sniff_lines))
    path = tmp_path / "team.txt"
    path.write_text("#names\nAnn\nBob\n")
    assert detect_format(path) == "lines"
    assert [r.full_name for r in load_file(path).records] == ["Ann", "Bob"]
    assert [r.full_name for r in load_file(path, format="lines").records] == ["Ann", "Bob"]
