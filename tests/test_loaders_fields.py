"""Cell rules shared by the loaders: multi-value cells, labels, birthdays, URLs."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intrograph.loaders.fields import (
    clean_label,
    group_labels,
    parse_date,
    sort_urls,
    split_multi,
)


@pytest.mark.parametrize(
    ("cell", "values"),
    [
        ("a@x.com ::: b@y.com", ["a@x.com", "b@y.com"]),
        ("a@x.com:::b@y.com", ["a@x.com", "b@y.com"]),
        (" a@x.com ", ["a@x.com"]),
        ("a ::: ::: b", ["a", "b"]),
        ("", []),
        ("   ", []),
    ],
)
def test_split_multi(cell, values):
    assert split_multi(cell) == values


@given(st.lists(st.text(alphabet="abc@. -", min_size=1).map(str.strip).filter(bool), max_size=5))
def test_split_multi_undoes_googles_join(values):
    values = [v for v in values if ":::" not in v]
    assert split_multi(" ::: ".join(values)) == values


@pytest.mark.parametrize(
    ("label", "clean"),
    [("* Work", "work"), ("Mobile", "mobile"), ("* Home", "home"), ("  Book   Club ", "book club")],
)
def test_clean_label(label, clean):
    assert clean_label(label) == clean


@pytest.mark.parametrize(
    ("cell", "labels"),
    [
        ("* starred ::: * myContacts ::: Family", ["starred", "mycontacts", "family"]),
        ("* Starred ::: * My Contacts ::: Coworkers", ["starred", "mycontacts", "coworkers"]),
        ("* friends ::: * family ::: * coworkers", ["friends", "family", "coworkers"]),
        ("Book Club ::: book club", ["book club"]),
        ("", []),
    ],
)
def test_group_labels(cell, labels):
    assert group_labels(split_multi(cell)) == labels


@pytest.mark.parametrize(
    ("value", "date"),
    [
        ("1985-04-12", dt.date(1985, 4, 12)),
        ("19850412", dt.date(1985, 4, 12)),
        ("1985-04-12T00:00:00Z", dt.date(1985, 4, 12)),
        (" 1985-04-12 ", dt.date(1985, 4, 12)),
        ("--04-12", None),
        ("--0412", None),
        ("1990-13-40", None),
        ("0000-04-12", None),
        ("April 12", None),
        ("", None),
    ],
)
def test_parse_date(value, date):
    assert parse_date(value) == date


def test_sort_urls_puts_the_first_linkedin_profile_aside():
    linkedin, others = sort_urls(
        [
            "https://blog.example.com",
            "https://www.linkedin.com/in/jane",
            "https://www.linkedin.com/company/acme",
            "https://linkedin.com/in/jane-old",
            "https://blog.example.com",
        ]
    )
    assert linkedin == "https://www.linkedin.com/in/jane"
    assert others == [
        "https://blog.example.com",
        "https://www.linkedin.com/company/acme",
        "https://linkedin.com/in/jane-old",
    ]
