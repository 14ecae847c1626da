"""Google Contacts CSV: both layouts, ugly rows, re-saved copies in other encodings."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intrograph.errors import NotAContactExport
from intrograph.loaders import load_file
from intrograph.loaders.google import load
from intrograph.models import ContactPoint

EXPORTS = Path(__file__).parent / "data" / "exports"
CURRENT = EXPORTS / "google_current.csv"
LEGACY = EXPORTS / "google_legacy.csv"


def by_record(result):
    return {r.record: r for r in result.records}


# --- the current layout -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def current():
    return load_file(CURRENT)


def test_current_layout_loads_good_rows_around_bad_ones(current):
    assert current.file == "google_current.csv"
    assert current.format == "google"
    # row 3 is blank: no record, no reject, but it keeps its number
    assert sorted(by_record(current)) == [1, 2, 4, 6, 8, 9]
    assert [(r.record, r.reason) for r in current.rejects] == [
        (5, "no name, email or phone"),
        (7, "row has 37 cells but the header has 36"),
    ]
    assert all(r.file == "google_current.csv" for r in current.records + current.rejects)


def test_current_layout_reads_a_full_contact(current):
    jane = by_record(current)[1]
    assert jane.full_name == "Jane Q. Doe"  # prefix "Dr." left out
    assert (jane.given_name, jane.family_name) == ("Jane", "Doe")
    assert jane.emails == [
        ContactPoint(value="jane.doe@acme.com", label="work"),
        ContactPoint(value="jane.doe@gmail.com", label="home"),
    ]
    assert jane.phones == [ContactPoint(value="+1 415-555-0132", label="mobile")]
    assert (jane.organization, jane.title, jane.department) == (
        "Acme Corporation",
        "VP Sales",
        "Sales",
    )
    assert jane.labels == ["starred", "mycontacts", "family"]
    assert jane.starred is True
    assert jane.birthday == dt.date(1985, 4, 12)
    assert (jane.city, jane.country) == ("San Francisco", "United States")
    assert jane.linkedin_url == "https://www.linkedin.com/in/Jane-Doe-123/?trk=x"
    assert jane.urls == []


def test_multi_value_cells_become_separate_points_with_the_cells_label(current):
    jose = by_record(current)[2]
    assert jose.full_name == "José Müller"
    assert jose.emails == [
        ContactPoint(value="jose@mueller.example", label="work"),
        ContactPoint(value="j.mueller@mueller.example", label="work"),
    ]
    assert [p.value for p in jose.phones] == ["+49 30 1234567", "+49 30 7654321"]
    assert jose.notes == "Met at Hannover Messe.\nLikes cycling, coffee; hates spam"
    assert jose.birthday is None  # "--04-12" has no year; the row still loads
    assert jose.starred is False


def test_a_nameless_row_with_an_email_is_a_record(current):
    info = by_record(current)[4]
    assert info.full_name == ""
    assert info.emails == [ContactPoint(value="info@example.org", label="other")]
    assert info.display_name() == "info@example.org"


def test_websites_split_into_linkedin_and_others(current):
    zoe = by_record(current)[6]
    assert zoe.full_name == "Zoë"
    assert zoe.linkedin_url == "linkedin.com/in/zoe-w"
    assert zoe.urls == ["https://zoe.example.com"]
    assert zoe.labels == ["friends", "book club"]


def test_a_value_without_an_at_sign_is_no_email_but_the_row_stays(current):
    li = by_record(current)[8]
    assert li.emails == []
    assert li.phones == [ContactPoint(value="+86 10 6552 9988", label="home")]
    assert li.nickname == "Wei-Wei"


def test_a_bad_birthday_costs_nothing(current):
    ana = by_record(current)[9]
    assert ana.birthday is None
    assert ana.labels == ["mycontacts", "coworkers"]


def test_rejects_keep_the_non_empty_cells_by_column_name(current):
    ghost, shifted = current.rejects
    assert ghost.raw == {
        "Organization Name": "Ghost Inc",
        "Notes": "no idea who this is",
        "Labels": "* myContacts",
    }
    assert shifted.raw["First Name"] == "Bob"
    assert "" not in shifted.raw.values()


# --- the legacy layout ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def legacy():
    return load_file(LEGACY)


def test_legacy_layout_loads_good_rows_around_bad_ones(legacy):
    assert legacy.format == "google"
    assert sorted(by_record(legacy)) == [1, 2, 3, 6, 8]
    assert [(r.record, r.reason) for r in legacy.rejects] == [
        (4, "no name, email or phone"),
        (7, "row has 46 cells but the header has 44"),
    ]


def test_legacy_layout_reads_a_full_contact(legacy):
    priya = by_record(legacy)[1]
    assert priya.full_name == "Priya Natarajan"
    assert priya.emails == [
        ContactPoint(value="priya@initech.example", label="work"),
        ContactPoint(value="priya.n@initech.example", label="work"),
    ]
    assert priya.phones == [ContactPoint(value="+1 (212) 555-0147", label="mobile")]
    assert priya.labels == ["starred", "mycontacts", "coworkers"]
    assert priya.starred is True
    assert (priya.organization, priya.title, priya.department) == (
        "Initech, Inc.",
        "CTO",
        "Engineering",
    )
    assert (priya.city, priya.country) == ("New York", "USA")
    assert priya.linkedin_url == "http://uk.linkedin.com/in/priya-n"
    assert priya.birthday == dt.date(1979, 11, 3)


def test_legacy_full_name_falls_back_to_the_name_parts(legacy):
    records = by_record(legacy)
    assert records[2].full_name == "Zoë Ødegaard"
    assert records[2].urls == ["https://zoe.example.net"]
    assert records[3].full_name == "Tom Baker"  # the Name cell is empty in this row
    assert records[6].emails == [ContactPoint(value="sales@globex.example", label="work")]
    assert records[8].labels == ["mycontacts", "friends"]


# --- the same export, re-saved ----------------------------------------------------------------


def _resave(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return load_file(path)


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda t: t.encode("cp1252"), id="cp1252"),
        pytest.param(lambda t: t.encode("utf-16"), id="utf-16-bom"),
        pytest.param(lambda t: t.encode("utf-8-sig"), id="utf-8-bom"),
    ],
)
def test_a_resaved_copy_loads_the_same(tmp_path, current, encode):
    text = CURRENT.read_text(encoding="utf-8")
    copy = _resave(tmp_path, "google_current.csv", encode(text))
    assert copy == current
    assert by_record(copy)[2].full_name == "José Müller"


def test_a_semicolon_separated_copy_loads_the_same(tmp_path, legacy):
    rows = list(csv.reader(io.StringIO(LEGACY.read_text(encoding="utf-8"), newline="")))
    buf = io.StringIO()
    csv.writer(buf, delimiter=";").writerows(rows)
    copy = _resave(tmp_path, "google_legacy.csv", buf.getvalue().encode("cp1252"))
    assert copy == legacy


def test_columns_are_found_by_name_not_position():
    text = (
        "Phone 3 - Value,E-mail 12 - Value,Email 2 - Type,Email 2 - Value,Notes,Given Name\n"
        "+1 212 555 0100,a@x.com,Work,b@y.com,hi,Ann\n"
    )
    (ann,) = load(text, "shuffled.csv").records
    assert ann.full_name == "Ann"
    # groups are read in number order, whatever their column order
    assert [(p.value, p.label) for p in ann.emails] == [("b@y.com", "work"), ("a@x.com", "")]
    assert [p.value for p in ann.phones] == ["+1 212 555 0100"]


def test_a_plain_name_email_phone_csv_loads_too():
    (rec,) = load("Name,Email,Phone\nJane Doe,jane@x.com,555 0100\n", "list.csv").records
    assert (rec.full_name, rec.emails[0].value, rec.phones[0].value) == (
        "Jane Doe",
        "jane@x.com",
        "555 0100",
    )


def test_short_rows_are_padded_not_rejected():
    result = load("First Name,Last Name,E-mail 1 - Value\nAnn\n", "short.csv")
    assert [r.full_name for r in result.records] == ["Ann"]
    assert result.rejects == []


def test_a_header_without_contact_columns_is_refused_with_the_header_shown():
    with pytest.raises(NotAContactExport) as caught:
        load("date,amount,description\n2024-01-03,-42.10,GROCERIES\n", "bank.csv")
    assert str(caught.value) == (
        "bank.csv: not a contact export: no name, email or phone column in the header"
        " (date, amount, description)"
    )


def test_an_unclosed_quote_costs_rows_not_the_import():
    text = 'Name,Email\nAnn,ann@x.com\n"Bob,bob@x.com\nCid,cid@x.com\n'
    result = load(text, "quote.csv")
    assert [r.full_name for r in result.records] == ["Ann"]
    (bob,) = result.rejects
    assert bob.record == 2
    assert "quote" in bob.reason and "never closed" in bob.reason
    assert bob.raw == {"Name": "Bob,bob@x.com\nCid,cid@x.com"}


_cell = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00"), max_size=12)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(_cell, max_size=7), max_size=8))
def test_every_data_row_is_a_record_a_reject_or_blank(rows):
    header = ["Name", "E-mail 1 - Value", "Phone 1 - Value", "Labels", "Website 1 - Value"]
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    writer.writerows(rows)
    result = load(buf.getvalue(), "random.csv")
    numbers = [r.record for r in result.records] + [r.record for r in result.rejects]
    assert len(numbers) == len(set(numbers))
    assert set(numbers) <= set(range(1, len(rows) + 1))
    blank = {i for i, row in enumerate(rows, 1) if not any(c.strip() for c in row)}
    assert not blank & set(numbers)


def test_unmapped_non_empty_columns_are_kept_in_extra(current):
    jane = by_record(current)[1]
    assert jane.extra["Name Prefix"] == "Dr."
    assert jane.extra["Address 1 - Street"] == "1 Market St"
    # columns a field took are not repeated, nor are empty ones
    assert "First Name" not in jane.extra and "Address 1 - City" not in jane.extra
    assert "" not in jane.extra.values()


def test_extra_holds_custom_and_phonetic_columns():
    text = (
        "First Name,Phonetic First Name,Gender,Custom Field 1 - Label,Custom Field 1 - Value,"
        "Organization 1 - Location\n"
        "Ann,An,female,Met at,PyCon,Berlin\n"
    )
    (ann,) = load(text, "custom.csv").records
    assert ann.extra == {
        "Phonetic First Name": "An",
        "Gender": "female",
        "Custom Field 1 - Label": "Met at",
        "Custom Field 1 - Value": "PyCon",
        "Organization 1 - Location": "Berlin",
    }
