"""vCard files: 3.0 as phones and Google write it, 2.1 with QUOTED-PRINTABLE, 4.0, broken cards."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intrograph.errors import NotAContactExport
from intrograph.loaders import load_file
from intrograph.loaders.vcard import load, split_value
from intrograph.models import ContactPoint

EXPORTS = Path(__file__).parent / "data" / "exports"
CONTACTS = EXPORTS / "contacts.vcf"


def by_record(result):
    return {r.record: r for r in result.records}


def card(*lines: str) -> str:
    return "\r\n".join(["BEGIN:VCARD", "VERSION:3.0", *lines, "END:VCARD", ""])


@pytest.fixture(scope="module")
def contacts():
    return load_file(CONTACTS)


def test_broken_cards_are_rejected_by_card_number_and_the_rest_load(contacts):
    assert contacts.format == "vcard"
    assert sorted(by_record(contacts)) == [1, 2, 5, 6, 8]
    assert [(r.record, r.reason) for r in contacts.rejects] == [
        (3, "unreadable line 40: 'THIS LINE HAS NO COLON'"),
        (4, "no name, email or phone"),
        (7, "card has no END:VCARD before the next BEGIN:VCARD at line 62"),
    ]


def test_rejected_cards_keep_what_they_held(contacts):
    broken, empty, unfinished = contacts.rejects
    assert broken.raw["FN"] == "Broken Card"
    assert broken.raw["(unreadable)"] == "THIS LINE HAS NO COLON"
    assert empty.raw == {"ORG": "Nobody Ltd", "NOTE": "a card with nothing that names a person"}
    assert unfinished.raw == {"FN": "Unfinished Card", "EMAIL": "unfinished@example.com"}


def test_a_google_style_card(contacts):
    dana = by_record(contacts)[1]
    assert dana.full_name == "Dana Reyes"
    assert (dana.given_name, dana.family_name) == ("Dana", "Reyes")
    assert dana.emails == [
        ContactPoint(value="dana@globex.example", label="work"),
        ContactPoint(value="dana.reyes@gmail.com", label="home"),
    ]
    assert dana.phones == [ContactPoint(value="+1 415 555 0101", label="mobile")]
    # the escaped comma stays inside the organisation; the second component is the department
    assert (dana.organization, dana.department) == ("Globex, Inc.", "Field Sales")
    assert dana.title == "Account Executive"
    assert dana.labels == ["mycontacts", "starred"]
    assert dana.starred is True
    # the folded NOTE line comes back as one line, its escaped comma unescaped
    assert dana.notes == (
        "Met at SaaStr 2024, intro via Sam. A long note that the exporter has "
        "folded across two lines."
    )
    assert (dana.city, dana.country) == ("San Francisco", "United States")
    assert dana.birthday == dt.date(1990, 2, 28)
    assert dana.linkedin_url == "https://www.linkedin.com/in/dana-reyes"
    assert dana.urls == ["https://dana.example.com"]
    assert dana.source_id == "c1a2b3d4"


def test_an_apple_style_card(contacts):
    sam = by_record(contacts)[2]
    # the email was folded mid-word; Apple's item1.X-ABLabel names its label
    assert sam.emails == [ContactPoint(value="sam.okafor@initech.example", label="other")]
    assert sam.phones == [
        ContactPoint(value="(212) 555-0177", label="mobile"),
        ContactPoint(value="+1 212 555 0100", label="work"),
    ]
    assert sam.organization == "Initech"
    assert sam.linkedin_url == "http://www.linkedin.com/in/samokafor"
    assert sam.birthday is None  # 1604 is Apple's "no year" placeholder
    assert sam.labels == ["coworkers"]
    assert sam.starred is False


def test_a_nameless_card_with_an_email_is_a_record(contacts):
    assert by_record(contacts)[5].display_name() == "hello@nameless.example"


def test_unescaped_commas_do_not_cut_values_short(contacts):
    doe = by_record(contacts)[6]
    assert doe.full_name == "Doe, John"
    assert doe.title == "Head of Sales, EMEA"
    assert doe.phones == [ContactPoint(value="+44 20 7946 0000", label="work")]


def test_unicode_names_survive(contacts):
    zoe = by_record(contacts)[8]
    assert zoe.full_name == "Zoë Weiß"
    assert zoe.labels == ["friends", "book club"]


def test_vcard_21_quoted_printable():
    result = load_file(EXPORTS / "phone_21.vcf")
    jose, renee, bjorn = result.records
    assert (jose.full_name, jose.given_name, jose.family_name) == ("José Müller", "José", "Müller")
    assert jose.phones == [
        ContactPoint(value="+49 170 1234567", label="mobile"),
        ContactPoint(value="+49 30 1234567", label="work"),
    ]
    assert jose.emails == [ContactPoint(value="jose@example.de", label="")]
    # a soft line break joins, an encoded CRLF is a line break
    assert jose.notes == "Kennengelernt auf der Messe,\nmag Kaffee und Radfahren."
    assert renee.full_name == "Renée Ferrand"  # CHARSET=ISO-8859-1
    assert bjorn.full_name == "Björn Berg"  # an unknown CHARSET falls back to UTF-8
    assert result.rejects == []


def test_vcard_40_values():
    text = card(
        "FN:Zoë",
        'TEL;VALUE=uri;TYPE="cell,voice";PREF=1:tel:+1-555-555-0199',
        "EMAIL;TYPE=work:zoe@x.com",
        "BDAY:--0412",
    ).replace("VERSION:3.0", "VERSION:4.0")
    (zoe,) = load(text, "v4.vcf").records
    assert zoe.phones == [ContactPoint(value="+1-555-555-0199", label="mobile")]
    assert zoe.emails == [ContactPoint(value="zoe@x.com", label="work")]
    assert zoe.birthday is None


def test_cp1252_vcard_from_old_outlook(tmp_path):
    path = tmp_path / "outlook.vcf"
    path.write_bytes(card("FN:Renée Ferrand", "N:Ferrand;Renée", "ORG:Café Crème").encode("cp1252"))
    (renee,) = load_file(path).records
    assert (renee.full_name, renee.given_name, renee.organization) == (
        "Renée Ferrand",
        "Renée",
        "Café Crème",
    )


def test_full_name_from_n_when_fn_is_missing():
    (rec,) = load(card("N:Doe;Jane;Q;Dr.;"), "n.vcf").records
    assert rec.full_name == "Jane Q Doe"


def test_cards_are_found_case_insensitively_and_lf_only():
    text = "begin:vcard\nversion:3.0\nfn:Ann\nend:vcard\n\nBEGIN:VCARD\nFN:Bob\nEND:VCARD"
    assert [r.full_name for r in load(text, "lower.vcf").records] == ["Ann", "Bob"]


def test_a_card_cut_off_at_the_end_of_the_file():
    text = card("FN:Ann") + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bob\r\n"
    result = load(text, "cut.vcf")
    assert [r.full_name for r in result.records] == ["Ann"]
    assert [(r.record, r.reason) for r in result.rejects] == [
        (2, "card has no END:VCARD before the end of the file")
    ]


def test_nickname_and_categories_lists():
    (rec,) = load(card("FN:Jo", "NICKNAME:Jo,Josie", "CATEGORIES:* Starred,VIP"), "n.vcf").records
    assert rec.nickname == "Jo, Josie"
    assert rec.labels == ["starred", "vip"]
    assert rec.starred is True


def test_not_a_vcard_when_forced():
    with pytest.raises(NotAContactExport) as caught:
        load("Name,Email\nAnn,a@x.com\n", "list.csv")
    assert str(caught.value) == "list.csv: not a vCard file: no BEGIN:VCARD line"


@pytest.mark.parametrize(
    ("value", "sep", "parts"),
    [
        (r"Globex\, Inc.;Field Sales", ";", ["Globex, Inc.", "Field Sales"]),
        (r"one\ntwo", "\x00", ["one\ntwo"]),
        (r"a\;b;c", ";", ["a;b", "c"]),
        (r"C:\Users\ann", "\x00", [r"C:\Users\ann"]),
        (r"back\\slash", "\x00", ["back\\slash"]),
        ("Friends,Book Club", ",", ["Friends", "Book Club"]),
        ("", ";", [""]),
    ],
)
def test_split_value(value, sep, parts):
    assert split_value(value, sep) == parts


def test_unmapped_properties_are_kept_in_extra():
    text = card(
        "FN:Jo",
        "ROLE:Board member",
        "GEO:37.386013;-122.082932",
        "X-ANNIVERSARY:2010-06-01",
        "X-PHONETIC-FIRST-NAME:Jō",
        "X-SOCIALPROFILE;TYPE=linkedin:https://www.linkedin.com/in/jo",
        "X-SOCIALPROFILE;TYPE=twitter:https://twitter.com/jo",
        "item1.X-ABDATE:2015-01-01",
        "item2.X-ABDATE:2016-01-01",
        "PRODID:-//Apple Inc.//iPhone OS 17.0//EN",
        "REV:2024-01-01T00:00:00Z",
        "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQ",
        "EMAIL:jo@example.com",
        "NOTE:mapped",
    )
    (rec,) = load(text, "x.vcf").records
    assert rec.linkedin_url == "https://www.linkedin.com/in/jo"
    assert rec.extra == {
        "ROLE": "Board member",
        "GEO": "37.386013;-122.082932",
        "X-ANNIVERSARY": "2010-06-01",
        "X-PHONETIC-FIRST-NAME": "Jō",
        "X-SOCIALPROFILE": "https://twitter.com/jo",
        "X-ABDATE": "2015-01-01 ::: 2016-01-01",
    }


def _split_by_hand(value: str, sep: str) -> list[str]:
    """The RFC 2426 §5 rule one character at a time: the reference split_value must match."""
    parts, current, i = [], "", 0
    while i < len(value):
        ch = value[i]
        if ch == "\\":
            nxt = value[i + 1 : i + 2]
            current += "\n" if nxt in ("n", "N") else nxt if nxt in (",", ";", "\\", ":") else (
                "\\" + nxt)
            i += 2
            continue
        if ch == sep:
            parts.append(current)
            current = ""
        else:
            current += ch
        i += 1
    parts.append(current)
    return [p.replace("\r\n", "\n").strip() for p in parts]


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="ab ,;:\\nN\r\n\x00é", max_size=30), st.sampled_from([";", ",", "\x00"]))
def test_split_value_follows_the_escaping_rule_on_any_text(value, sep):
    assert split_value(value, sep) == _split_by_hand(value, sep)
