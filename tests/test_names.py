"""Person names: parsing, nicknames, typos and order, as pure functions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intrograph.loaders.names import (
    NameKey,
    address_name,
    family_names_match,
    given_names_match,
    name_key,
    name_score,
    names_match,
    profile_name,
)


@pytest.mark.parametrize(
    ("full", "given", "family", "expected"),
    [
        ("Robert Lee", "", "", ("robert", "lee")),
        ("Lee, Robert", "", "", ("robert", "lee")),
        ("Dr. Bob Lee Jr.", "", "", ("bob", "lee")),
        ("Mrs Ann O'Brien PhD", "", "", ("ann", "obrien")),
        ("R. Lee", "", "", ("r", "lee")),
        ("", "Robert", "Lee", ("robert", "lee")),
        ("whatever the full name says", "Robert", "Lee", ("robert", "lee")),
        ("Ludwig van Beethoven", "", "", ("ludwig", "vanbeethoven")),
        ("", "Ludwig", "van Beethoven", ("ludwig", "vanbeethoven")),
        ("José Núñez", "", "", ("jose", "nunez")),
        ("Jürgen Groß", "", "", ("jurgen", "gross")),
        ("Seán O'Brien", "", "", ("sean", "obrien")),
        ("bob@acme.com", "", "", ("", "")),
        ("+1 415 555 0100", "", "", ("", "")),
        ("Cher", "", "", ("cher", "")),
        ("Jan-Peter Hesse", "", "", ("janpeter", "hesse")),  # one given name, not two
        ("", "Hesse", "Jan-Peter", ("hesse", "janpeter")),  # ...in either field
        ("John Smyth-Jones", "", "", ("john", "smythjones")),
    ],
)
def test_name_key_reads_the_forms_address_books_use(full, given, family, expected):
    assert name_key(full, given, family) == expected


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("bob", "robert", True),  # the nickname table
        ("bob", "rob", True),  # both stand for Robert
        ("liz", "elizabeth", True),
        ("r", "robert", True),  # an initial
        ("jonh", "john", True),  # one transposition
        ("micheal", "michael", True),
        ("john", "jane", False),
        ("ann", "tom", False),
        ("r", "tom", False),
        ("e", "beth", True),  # an initial of the full name behind a nickname
        ("r", "beth", False),
        ("", "tom", True),  # nothing known says nothing
    ],
)
def test_given_names_match(a, b, same):
    assert given_names_match(a, b) is same
    assert given_names_match(b, a) is same


def k(text: str) -> NameKey:
    return name_key(text)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Bob Lee", "Robert Lee", True),
        ("Lee Robert", "Robert Lee", True),  # given and family transposed
        ("Robert Johnson", "Robert Jonhson", True),  # a typo in the family name
        ("Tom Lee", "Tom Li", False),  # names this short have no room for a typo
        ("Kelly Roth", "Kelly Rth", True),  # a letter lost from a four-letter name
        ("Ann Lee", "Ann Leo", False),
        ("Ann Lee", "Tom Lee", False),  # a household, not a person
        ("John Smith", "John Smyth-Jones", False),
        ("J. Smith", "Jane Smith", True),
        ("J. Smith", "Tom Smith", False),
        ("Christian", "Christian Weber", True),  # a given name alone fits
    ],
)
def test_names_match(a, b, same):
    assert names_match(k(a), k(b)) is same
    assert names_match(k(b), k(a)) is same


def test_a_transposed_name_fits_on_either_side():
    swapped = NameKey("hendricks", "jeffrey")  # given and family in each other's fields
    assert names_match(k("J. Hendricks"), swapped)
    assert names_match(swapped, k("J. Hendricks"))
    assert not names_match(k("T. Hendricks"), swapped)


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ("linkedin.com/in/roland-winkler-90139d68", ("roland", "winkler")),
        ("linkedin.com/in/heinzwilhelm-rohleder-5704b92d", ("heinzwilhelm", "rohleder")),
        ("linkedin.com/in/jane-doe-123", ("jane", "doe")),
        ("linkedin.com/in/ludwig-van-beethoven", ("ludwig", "vanbeethoven")),
        ("linkedin.com/in/sam", ("", "")),  # one word is no full name
        ("linkedin.com/in/jdoe42", ("", "")),
        ("linkedin.com/in/x1-y2", ("", "")),
    ],
)
def test_profile_name_reads_the_name_a_profile_address_spells(link, expected):
    assert profile_name(link) == expected


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        ("wulf_biggen@krausbauer.de", ("wulf", "biggen")),
        ("jane.doe@acme.com", ("jane", "doe")),
        ("jane.doe+news@acme.com", ("jane", "doe")),
        ("jdoe@acme.com", ("", "")),  # which letters are which name is a guess
        ("j.doe@acme.com", ("", "")),
        ("jane.doe2@acme.com", ("", "")),
        ("jane@acme.com", ("", "")),
    ],
)
def test_address_name_reads_only_addresses_that_spell_two_words(email, expected):
    assert address_name(email) == expected


def test_a_shared_address_only_needs_the_family_names_to_agree():
    # Sasha is short for Alexandra, which the nickname table does not know.
    assert not names_match(k("Sasha Jarvis"), k("Alexandra Jarvis"))
    assert family_names_match(k("Sasha Jarvis"), k("Alexandra Jarvis"))
    assert not family_names_match(k("Sasha Jarvis"), k("Sasha Peters"))


def test_name_score_orders_the_kinds_of_difference():
    same = name_score(k("Robert Johnson"), k("Robert Johnson"))
    nick = name_score(k("Bob Johnson"), k("Robert Johnson"))
    typo = name_score(k("Robert Johnson"), k("Robert Jonhson"))
    initial = name_score(k("R. Johnson"), k("Robert Johnson"))
    partial = name_score(k("Robert"), k("Robert Johnson"))
    assert same == 1.0 > nick > typo > initial > partial > 0
    assert name_score(k("Ann Lee"), k("Tom Lee")) == 0.0


names = st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzé .,'-"), max_size=24)


@given(names, names)
def test_matching_is_symmetric_and_reflexive(a, b):
    ka, kb = k(a), k(b)
    assert names_match(ka, ka)
    assert names_match(ka, kb) == names_match(kb, ka)
    assert name_score(ka, kb) == name_score(kb, ka) or not ka or not kb
