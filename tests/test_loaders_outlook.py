"""Outlook contact CSV: detection against Google's CSV, dates, Exchange addresses, extra columns.

Whole sample files are checked by tests/test_samples.py; these tests pin the single rules.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from intrograph.errors import NotAContactExport
from intrograph.loaders import FORMATS, detect_format, google, load_file, outlook
from intrograph.loaders.textio import decode
from intrograph.models import ContactPoint

EXPORTS = Path(__file__).parent / "data" / "exports"
SAMPLES = Path(__file__).parent / "samples" / "outlook"
OUTLOOK_FILES = sorted(p for p in SAMPLES.glob("*") if not p.name.endswith(".expected.json"))
GOOGLE_FILES = [EXPORTS / "google_current.csv", EXPORTS / "google_legacy.csv"]


def test_outlook_is_tried_before_google():
    order = list(FORMATS)
    assert order.index("outlook") < order.index("google")


@pytest.mark.parametrize("path", OUTLOOK_FILES, ids=lambda p: p.name)
def test_an_outlook_file_is_detected_as_outlook_and_google_does_not_claim_it(path):
    assert detect_format(path) == "outlook"
    assert not google.sniff(decode(path.read_bytes()).text)


@pytest.mark.parametrize("path", GOOGLE_FILES, ids=lambda p: p.name)
def test_a_google_file_is_detected_as_google_and_outlook_does_not_claim_it(path):
    assert detect_format(path) == "google"
    assert not outlook.sniff(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("header", "claimed"),
    [
        # A hand-made list with one Outlook-looking column stays Google's generic CSV.
        ("Name,Email,Phone", False),
        ("First Name,Last Name,E-mail Address", False),
        ("First Name,Last Name,E-mail Address,Business Phone", False),
        ("First Name,Last Name,E-mail Address,Business Phone,Job Title", True),
        ("Vorname;Nachname;E-Mail-Adresse", True),
        # Google's numbered groups settle it for Google, whatever else the header has.
        ("First Name,E-mail 1 - Value,Business Phone,Job Title", False),
        # Outlook names without a name, email or phone column are no contact list.
        ("Job Title,Categories", False),
    ],
)
def test_sniff_needs_two_outlook_only_columns_and_no_google_groups(header, claimed):
    assert outlook.sniff(header + "\n") is claimed


@pytest.mark.parametrize(
    ("cell", "date"),
    [
        ("4/12/1985", dt.date(1985, 4, 12)),
        ("12/4/1985", dt.date(1985, 12, 4)),
        ("3.11.1979", dt.date(1979, 11, 3)),
        ("1985-04-12", dt.date(1985, 4, 12)),
        ("0/0/00", None),
        ("0.0.00", None),
        ("4/12/85", None),
        ("2/30/1990", None),
        ("", None),
    ],
)
def test_outlook_dates(cell, date):
    assert outlook.parse_date_cell(cell) == date


def test_an_empty_date_is_no_birthday_and_no_extra():
    text = "First Name,Birthday,Anniversary,Job Title\nAnn,0/0/00,0/0/00,CTO\n"
    (ann,) = outlook.load(text, "o.csv").records
    assert ann.birthday is None
    assert ann.extra == {}


def test_an_exchange_name_is_no_email_even_without_a_type_column():
    ex = "/o=ExchangeLabs/ou=Exchange Administrative Group/cn=Recipients/cn=ann"
    text = f"First Name,E-mail Address,E-mail 2 Address\nAnn,{ex},ann@x.example\n"
    (ann,) = outlook.load(text, "o.csv").records
    assert ann.emails == [ContactPoint(value="ann@x.example")]
    assert ann.extra == {"E-mail Address": ex}


def test_title_is_the_honorific_and_job_title_the_job():
    text = "Title,First Name,Last Name,Job Title\nDr.,Ann,Lee,Surgeon\n"
    (ann,) = outlook.load(text, "o.csv").records
    assert (ann.full_name, ann.title, ann.extra) == ("Ann Lee", "Surgeon", {"Title": "Dr."})


def test_columns_are_found_by_name_not_position():
    text = (
        "Mobile Phone,Categories,Last Name,E-mail Address,First Name\n555 0100,a;B,Lee,a@x.io,Ann\n"
    )
    (ann,) = outlook.load(text, "o.csv").records
    assert ann.full_name == "Ann Lee"
    assert ann.phones == [ContactPoint(value="555 0100", label="mobile")]
    assert ann.labels == ["a", "b"]


def test_city_and_country_come_from_one_address():
    text = (
        "First Name,Business City,Home City,Home Country/Region\n"
        "Ann,,Leeds,United Kingdom\n"
        "Bob,Paris,Leeds,United Kingdom\n"
    )
    ann, bob = outlook.load(text, "o.csv").records
    assert (ann.city, ann.country) == ("Leeds", "United Kingdom")
    assert (bob.city, bob.country) == ("Paris", "")
    assert bob.extra == {"Home City": "Leeds", "Home Country/Region": "United Kingdom"}


def test_a_header_without_contact_columns_is_refused():
    with pytest.raises(NotAContactExport, match="no name, email or phone column"):
        outlook.load("Job Title,Categories\nCTO,x\n", "o.csv")


def test_an_explicit_outlook_format_reads_a_plain_list(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("First Name,E-mail Address\nAnn,ann@x.example\n", encoding="utf-8")
    assert detect_format(path) == "csv"  # a plain list is no Google export
    (ann,) = load_file(path, format="outlook").records
    assert ann.emails == [ContactPoint(value="ann@x.example")]
