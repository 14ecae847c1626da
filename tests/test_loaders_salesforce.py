"""Salesforce Contact.csv with its Account.csv: companies joined in, Account.csv never a contact.

The sample pair in tests/samples/csv/ is checked record by record by test_samples.py; these
tests pin the rules around it: refusal, which files are companions, and the bytes an importer
hashes so that a changed Account.csv re-reads the contacts.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intrograph.errors import NotAContactExport
from intrograph.loaders import companion_bytes, is_companion, load_bytes, load_file
from intrograph.loaders.crm import read_map
from intrograph.loaders.salesforce import read_accounts

SAMPLES = Path(__file__).parent / "samples" / "csv"
ACCOUNTS = (SAMPLES / "Account.csv").read_bytes()
CONTACTS = (SAMPLES / "Contact.csv").read_bytes()
REFUSAL = ("Account.csv: not a contact export: this is a Salesforce Account export (companies, "
           "not people); import the Contact.csv next to it, which takes its company names from "
           "this file")


@pytest.fixture
def export(tmp_path):
    """A Salesforce data-export folder: Contact.csv and Account.csv side by side."""
    shutil.copy(SAMPLES / "Contact.csv", tmp_path / "Contact.csv")
    shutil.copy(SAMPLES / "Account.csv", tmp_path / "Account.csv")
    return tmp_path


def orgs(result):
    return [r.organization for r in result.records]


@pytest.mark.parametrize("format", ["auto", "csv", "google"])
def test_an_account_export_alone_is_refused_not_read_as_people(format):
    with pytest.raises(NotAContactExport) as caught:
        load_bytes(ACCOUNTS, "Account.csv", format)
    assert str(caught.value) == REFUSAL


def test_an_account_export_is_refused_whatever_its_name_and_through_a_map(tmp_path):
    with pytest.raises(NotAContactExport, match="Salesforce Account export"):
        load_bytes(ACCOUNTS, "accounts (2).csv")
    mapping = tmp_path / "map.csv"
    mapping.write_text("column,field\nName,full_name\n", encoding="utf-8")
    with pytest.raises(NotAContactExport, match="Salesforce Account export"):
        load_bytes(ACCOUNTS, "Account.csv", column_map=read_map(mapping))


def test_a_contact_list_with_an_id_and_a_name_is_not_taken_for_accounts():
    data = b"Id,Name,Phone,Type,Website\n7,Ann Lee,+1 415 555 0100,mobile,ann.example\n"
    [ann] = load_bytes(data, "people.csv").records
    assert (ann.full_name, ann.source_id) == ("Ann Lee", "7")


def test_a_minimal_account_file_still_completes_its_contacts(export):
    (export / "Account.csv").write_bytes(b"Id,Name\n0015g00000Hk7Lm,Nordhafen\n")
    assert is_companion(export / "Account.csv")
    assert orgs(load_file(export / "Contact.csv"))[0] == "Nordhafen"


def test_without_its_account_file_a_contact_export_lands_without_companies(tmp_path):
    lone = tmp_path / "Contact.csv"
    lone.write_bytes(CONTACTS)
    result = load_file(lone)
    assert orgs(result) == ["", "", "", "", "Quarry Holdings"]
    assert result.records[0].extra["AccountId"] == "0015g00000Hk7Lm"


def test_companions_passed_as_bytes_join_like_the_sibling_file():
    result = load_bytes(CONTACTS, "Contact.csv", companions={"Account.csv": ACCOUNTS})
    assert orgs(result) == ["Nordhafen Spedition GmbH", "Brightline Retail", "", "",
                            "Quarry Holdings"]
    assert result.rejects == []


def test_the_account_bytes_are_part_of_what_an_importer_hashes(export):
    assert companion_bytes(export / "Contact.csv", CONTACTS) == {"Account.csv": ACCOUNTS}
    changed = ACCOUNTS.replace(b"Brightline Retail", b"Brightline Stores")
    (export / "Account.csv").write_bytes(changed)
    assert companion_bytes(export / "Contact.csv", CONTACTS) == {"Account.csv": changed}
    assert orgs(load_file(export / "Contact.csv"))[1] == "Brightline Stores"


def test_only_a_file_with_an_account_id_column_has_a_companion(export):
    hubspot = export / "hubspot.csv"
    hubspot.write_bytes(b"First Name,Email\nAnn,ann@x.com\n")
    assert companion_bytes(hubspot, hubspot.read_bytes()) == {}
    assert companion_bytes(export / "Account.csv", ACCOUNTS) == {}


def test_an_account_file_is_a_companion_only_beside_a_contact_export_that_uses_it(export):
    assert is_companion(export / "Account.csv")
    assert not is_companion(export / "Contact.csv")
    (export / "Contact.csv").unlink()
    assert not is_companion(export / "Account.csv")
    # A contact list that happens to be called account.csv is imported like any other.
    (export / "Account.csv").write_bytes(b"Name,Email,AccountId\nAnn,ann@x.com,1\n")
    (export / "Contact.csv").write_bytes(CONTACTS)
    assert not is_companion(export / "Account.csv")


def test_account_ids_match_across_their_15_and_18_character_forms():
    accounts = read_accounts(ACCOUNTS)
    assert accounts["0015g00000XyZ12AAB"] == accounts["0015g00000XyZ12"]
    assert accounts["0015g00000XyZ12"].website == "https://www.quarrylogistics.com"
    assert "" not in accounts  # the row without an id completes nothing


def test_a_damaged_account_file_completes_what_it_can():
    damaged = ACCOUNTS.replace(b'"Brightline Retail"', b'"Brightline Retail') + b"\x00" * 10
    result = load_bytes(CONTACTS, "Contact.csv", companions={"Account.csv": damaged})
    assert orgs(result)[0] == "Nordhafen Spedition GmbH"
    assert len(result.records) == 5
    assert read_accounts(b"Name,Email\nAnn,ann@x.com\n") == {}


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=400),
                 st.binary(max_size=200).map(lambda tail: ACCOUNTS[:150] + tail)))
def test_any_bytes_as_the_account_file_never_cost_a_contact(data):
    result = load_bytes(CONTACTS, "Contact.csv", companions={"Account.csv": data})
    assert [r.record for r in result.records] == [1, 2, 3, 4, 5]
    assert result.rejects == []
