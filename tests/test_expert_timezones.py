"""Where a contact's working day is, and how much of it a friend shares (`expert --near`)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intrograph.errors import InputError
from intrograph.graph.expert import nearness, score
from intrograph.graph.timezones import contact_zone, overlap_hours, parse_zone

WINTER, SUMMER = dt.date(2026, 1, 15), dt.date(2026, 7, 15)


@pytest.mark.parametrize(("places", "phones", "zone"), [
    ([("Chicago", "United States")], [], "America/Chicago"),
    ([("New York", "")], ["+4930123456"], "America/New_York"),  # the city says more
    ([("", "United States")], ["+12065550123"], "America/Los_Angeles"),  # Seattle area code
    ([("München", "Germany")], [], "Europe/Berlin"),  # no zone named München: the country
    ([], ["+4930123456"], "Europe/Berlin"),
    ([("", "Japan")], [], "Asia/Tokyo"),
    ([("", "United States")], [], None),  # six zones: cannot tell
    ([], ["not a number"], None),
    ([], [], None),
])
def test_contact_zone(places, phones, zone):
    assert contact_zone(places, phones) == zone


def test_a_uk_mobile_has_the_uk_clock():
    zone = contact_zone([], ["+447700900123"])
    assert zone is not None
    assert overlap_hours(zone, "Europe/London", SUMMER) == 8


@pytest.mark.parametrize(("a", "b", "on", "hours"), [
    ("Europe/Berlin", "Europe/Berlin", SUMMER, 8),
    ("America/New_York", "America/Los_Angeles", SUMMER, 5),
    ("America/Chicago", "Europe/Berlin", SUMMER, 1),
    ("Europe/London", "America/New_York", WINTER, 3),
    ("Asia/Tokyo", "America/Los_Angeles", WINTER, 1),  # Tokyo's morning is LA's evening before
    ("Australia/Sydney", "Europe/London", SUMMER, 0),
])
def test_overlap_of_two_working_days(a, b, on, hours):
    assert overlap_hours(a, b, on) == hours
    assert overlap_hours(b, a, on) == hours


def test_daylight_saving_changes_the_overlap():
    # Europe and the US switch on different Sundays in March: for two weeks the gap is 5 h.
    assert overlap_hours("Europe/Berlin", "America/New_York", dt.date(2026, 3, 16)) == 3
    assert overlap_hours("Europe/Berlin", "America/New_York", dt.date(2026, 4, 15)) == 2


def test_a_bad_zone_name_suggests_real_ones():
    assert str(parse_zone("Europe/Berlin")) == "Europe/Berlin"
    with pytest.raises(InputError, match="did you mean: Europe/Berlin"):
        parse_zone("berlin")
    with pytest.raises(InputError, match=r"e\.g\. America/Chicago"):
        parse_zone("Atlantis")


@given(st.floats(0.01, 1), st.floats(0.01, 1), st.floats(0.001, 1), st.floats(0, 8))
def test_score_never_falls_when_fit_warmth_or_shared_hours_rise(fit, more, path, hours):
    assert score(min(1, fit + more), path) >= score(fit, path)
    assert score(fit, min(1, path + more)) >= score(fit, path)
    assert score(fit, path, nearness(min(8, hours + 1))) >= score(fit, path, nearness(hours))
