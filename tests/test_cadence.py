"""The follow-up cadence in business days, and the states an ask may move between."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intrograph.errors import InputError
from intrograph.graph.asks import CLOSED, OPEN, TRANSITIONS, check_transition, parse_state
from intrograph.graph.cadence import (
    Cadence,
    add_business_days,
    add_months,
    due_followups,
    is_business_day,
    load_holidays,
    roll_forward,
    schedule,
)
from intrograph.models import Ask, AskEvent, AskState, PersonRef

D = dt.date
S = AskState
LEE = PersonRef(id="p-lee", name="Lee Park", title="Partner", organization="Northwind")
KIM = PersonRef(id="p-kim", name="Kim Chu", title="VP Procurement", organization="Acme Corp")
THANKSGIVING = frozenset({D(2026, 11, 26), D(2026, 11, 27)})


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC)


def make_ask(*history: tuple[AskState, dt.date]) -> Ask:
    return Ask(id=7, owner="dana", connector=LEE, target=KIM, query="Acme", path=[LEE, KIM],
               draft="Hi Lee,\nwould you introduce me?\n", state=history[-1][0],
               history=[AskEvent(state=s, at=at(d)) for s, d in history])


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (D(2026, 11, 19), 3, D(2026, 11, 24)),   # Thu + 3 skips the weekend: Tue
        (D(2026, 11, 21), 3, D(2026, 11, 25)),   # from a Saturday: as from the Friday before
        (D(2026, 11, 22), 1, D(2026, 11, 23)),   # Sunday + 1: Monday
        (D(2026, 11, 20), 0, D(2026, 11, 20)),
        (D(2026, 11, 20), 5, D(2026, 11, 27)),
    ],
)
def test_business_days_skip_weekends(start, days, expected):
    assert add_business_days(start, days) == expected


def test_business_days_skip_holidays():
    # Wed 25 Nov, then Thanksgiving Thu and Fri, then the weekend: the 2nd day is Monday.
    assert add_business_days(D(2026, 11, 24), 2, THANKSGIVING) == D(2026, 11, 30)
    assert not is_business_day(D(2026, 11, 26), THANKSGIVING)
    assert roll_forward(D(2026, 11, 26), THANKSGIVING) == D(2026, 11, 30)


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 1, 1)), st.integers(0, 40))
def test_n_business_days_later_is_a_business_day_n_steps_on(start, days):
    end = add_business_days(start, days)
    between = [start + dt.timedelta(days=i) for i in range(1, (end - start).days + 1)]
    assert sum(is_business_day(d) for d in between) == days
    assert days == 0 or is_business_day(end)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2026, 11, 30), 3, D(2027, 2, 28)),    # clamped to the shorter month
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2027, 11, 30), 3, D(2028, 2, 29)),    # leap year
        (D(2026, 10, 15), 3, D(2027, 1, 15)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


def test_the_whole_cadence_for_a_silent_connector():
    ask = make_ask((S.DRAFTED, D(2026, 11, 18)), (S.ASKED, D(2026, 11, 19)))
    steps = schedule(ask, Cadence(), owner_name="Dana Reyes")
    assert [(s.step, s.due) for s in steps] == [
        ("resend", D(2026, 11, 24)),
        ("call", D(2026, 11, 26)),
        ("close", D(2026, 12, 3)),
        ("dormant", D(2026, 12, 10)),
    ]
    resend, call, close, dormant = steps
    assert all(s.who == LEE for s in steps)
    assert resend.action == ("No answer from Lee Park since Thu 2026-11-19: resend your message "
                             "with the short note below on top.")
    # The note sits on top of the original message, which is quoted below it.
    assert resend.text.startswith("Hi Lee,\n\nBringing this back to the top of your inbox")
    assert resend.text.endswith("Dana Reyes\n\n> Hi Lee,\n> would you introduce me?\n")
    assert call.action == "Still nothing since the resend on Tue 2026-11-24: call Lee Park."
    assert "I wrote on Thu 2026-11-19 about my question about an introduction to Kim Chu" \
        in call.text
    # The closing message leaves the next move to them.
    assert "won't keep nudging" in close.text and "just reply to this message" in close.text
    assert close.action.endswith("then `intrograph ask update 7 went-dark`.")
    assert dormant.action.startswith("No reply to the closing message: "
                                     "`intrograph ask update 7 dormant`")


def test_holidays_push_every_later_step():
    ask = make_ask((S.ASKED, D(2026, 11, 19)))
    steps = schedule(ask, Cadence(holidays=THANKSGIVING))
    assert [s.due for s in steps] == [D(2026, 11, 24), D(2026, 11, 30), D(2026, 12, 7),
                                      D(2026, 12, 14)]


def test_cadence_is_configurable():
    ask = make_ask((S.ASKED, D(2026, 11, 19)))
    steps = schedule(ask, Cadence(resend_after=1, call_after=1, close_after=1, dormant_after=1))
    assert [s.due for s in steps] == [D(2026, 11, 20), D(2026, 11, 23), D(2026, 11, 24),
                                      D(2026, 11, 25)]
    with pytest.raises(InputError, match="call-after must be at least 1, not 0"):
        Cadence(call_after=0)


def test_went_dark_keeps_counting_from_when_the_wait_began():
    ask = make_ask((S.ASKED, D(2026, 11, 19)), (S.WENT_DARK, D(2026, 12, 3)))
    assert [s.due for s in schedule(ask, Cadence())][-1] == D(2026, 12, 10)


def test_after_an_introduction_the_follow_ups_go_to_the_target():
    ask = make_ask((S.ASKED, D(2026, 11, 19)), (S.ACCEPTED, D(2026, 11, 20)),
                   (S.INTRODUCED, D(2026, 11, 23)))
    steps = schedule(ask, Cadence())
    assert steps[0].who == KIM and steps[0].due == D(2026, 11, 26)
    assert "a time to talk" in steps[0].text
    # Accepted but not yet introduced: nudge the connector about the introduction itself.
    accepted = make_ask((S.ASKED, D(2026, 11, 19)), (S.ACCEPTED, D(2026, 11, 20)))
    first = schedule(accepted, Cadence())[0]
    assert first.who == LEE and "the introduction to Kim Chu" in first.text


def test_a_draft_is_due_to_be_sent_on_the_next_business_day():
    ask = make_ask((S.DRAFTED, D(2026, 11, 21)))  # a Saturday
    (send,) = schedule(ask, Cadence())
    assert (send.step, send.due) == ("send", D(2026, 11, 23))
    assert send.text == ask.draft
    assert "intrograph sends nothing" in send.action


def test_dormant_comes_back_in_three_months_on_a_business_day():
    ask = make_ask((S.ASKED, D(2026, 11, 2)), (S.DORMANT, D(2026, 11, 30)))
    (revisit,) = schedule(ask, Cadence())
    assert (revisit.step, revisit.due) == ("revisit", D(2027, 3, 1))  # 28 Feb 2027 is a Sunday
    assert "`intrograph ask update 7 asked`" in revisit.action


@pytest.mark.parametrize("state", [S.MEETING, S.WON, S.LOST, S.DECLINED])
def test_no_follow_ups_while_people_talk_or_after_the_outcome(state):
    ask = make_ask((S.ASKED, D(2026, 11, 2)), (state, D(2026, 11, 3)))
    assert schedule(ask, Cadence()) == []


def test_due_lists_the_latest_step_due_per_ask():
    silent = make_ask((S.ASKED, D(2026, 11, 19)))
    fresh = make_ask((S.ASKED, D(2026, 11, 24))).model_copy(update={"id": 8})
    assert due_followups([silent, fresh], D(2026, 11, 23), Cadence()) == []
    assert [(f.ask, f.step) for f in due_followups([silent, fresh], D(2026, 11, 24),
                                                  Cadence())] == [(7, "resend")]
    # The call was skipped: a week later the closing message is what is due.
    due = due_followups([silent, fresh], D(2026, 12, 3), Cadence())
    assert [(f.ask, f.step, f.due) for f in due] == [(8, "call", D(2026, 12, 1)),
                                                     (7, "close", D(2026, 12, 3))]


def test_holiday_file(tmp_path):
    path = tmp_path / "holidays.txt"
    path.write_text("# US office\n2026-11-26 Thanksgiving\n\n2026-11-27\n", encoding="utf-8")
    assert load_holidays(path) == THANKSGIVING
    path.write_text("2026-11-26\n26/12/2026 Boxing day\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_holidays(path)
    assert str(info.value) == (f"{path}: line 2: '26/12/2026' is not a date; write one "
                               "YYYY-MM-DD per line")
    with pytest.raises(InputError, match="no such file"):
        load_holidays(tmp_path / "missing.txt")


def test_transitions_follow_the_request_lifecycle():
    check_transition(1, S.DRAFTED, S.ASKED)
    check_transition(1, S.DORMANT, S.ASKED)
    with pytest.raises(InputError) as info:
        check_transition(3, S.DRAFTED, S.WON)
    assert str(info.value) == ("ask 3 cannot go from drafted to won; "
                               "from drafted it can go to: asked")
    with pytest.raises(InputError, match="ask 3 is won, which is final"):
        check_transition(3, S.WON, S.LOST)
    assert set(TRANSITIONS) == set(S) and OPEN | CLOSED == set(S) and not OPEN & CLOSED
    # Every state can be reached from a draft.
    seen, todo = {S.DRAFTED}, [S.DRAFTED]
    while todo:
        for nxt in TRANSITIONS[todo.pop()] - seen:
            seen.add(nxt)
            todo.append(nxt)
    assert seen == set(S)


@pytest.mark.parametrize("text", ["went-dark", "WENT_DARK", "went dark", " Went-Dark "])
def test_states_are_forgiving_to_type(text):
    assert parse_state(text) is S.WENT_DARK


def test_unknown_state_lists_the_choices():
    with pytest.raises(InputError, match="'ghosted' is not a state; choose one of: drafted, "):
        parse_state("ghosted")


@given(
    st.dates(min_value=D(2020, 1, 1), max_value=D(2035, 12, 31)),
    st.sets(st.dates(min_value=D(2020, 1, 1), max_value=D(2036, 6, 30)), max_size=40),
    st.tuples(*[st.integers(1, 8)] * 4),
)
def test_every_step_lands_on_a_business_day_the_set_number_of_days_on(asked, holidays, gaps):
    cadence = Cadence(*gaps, holidays=frozenset(holidays))
    steps = schedule(make_ask((S.ASKED, asked)), cadence)
    days = [asked, *(s.due for s in steps)]
    for before, after, gap in zip(days[:-1], days[1:], gaps, strict=True):
        between = [before + dt.timedelta(days=i) for i in range(1, (after - before).days + 1)]
        assert sum(is_business_day(d, holidays) for d in between) == gap
        assert is_business_day(after, holidays)
