"""Recording intro requests, moving them through their states, and their follow-ups."""

from __future__ import annotations

import datetime as dt

import pytest

from intrograph.errors import InputError, NotFound, StoreError
from intrograph.graph.asks import create_ask, get_ask, update_ask
from intrograph.graph.cadence import Cadence, due_followups
from intrograph.graph.sqlite_store import SQLiteStore
from intrograph.models import AskState
from tests.conftest import card, owner, pending

S = AskState
DANA = owner("dana", "dana@northwind.com", "Dana Reyes")
LEE = owner("lee", "lee@fabrikam.com", "Lee Park")
MAX = owner("max", "max@contoso.com", "Max Ode")
KIM = card(1, "Kim Chu", emails=["kim@acme.com"], org="Acme Corp", title="VP Procurement")
THANKSGIVING = frozenset({dt.date(2026, 11, 26), dt.date(2026, 11, 27)})


def at(y: int, m: int, d: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(y, m, d, hour, tzinfo=dt.timezone(dt.timedelta(hours=-5)))


@pytest.fixture
def team(store):
    """Dana knows Lee and Max; each of them knows Kim at Acme, equally well."""
    store.import_files(DANA, [pending([
        card(1, "Lee Park", emails=["lee@fabrikam.com"], org="Fabrikam"),
        card(2, "Max Ode", emails=["max@contoso.com"], org="Contoso"),
    ])])
    store.import_files(LEE, [pending([KIM])])
    store.import_files(MAX, [pending([KIM])])
    return store


def test_an_ask_records_the_path_and_a_double_opt_in_draft(team):
    ask, earlier = create_ask(team, "Acme", "Lee Park", from_owner="dana", now=at(2026, 11, 19),
                              reason="their supplier review")
    assert earlier == []
    assert (ask.id, ask.owner, ask.state) == (1, "dana", S.DRAFTED)
    assert [p.name for p in ask.path] == ["Dana Reyes", "Lee Park", "Kim Chu"]
    assert (ask.connector.name, ask.target.name) == ("Lee Park", "Kim Chu")
    assert ask.history[0].at == at(2026, 11, 19)
    assert ask.draft.startswith("Subject: Would you be open to introducing me to Kim Chu?\n\n"
                                "Hi Lee,\n\nI would like to talk with Kim Chu (VP Procurement at "
                                "Acme Corp) about their supplier review.")
    # Double opt-in: the connector is asked first, and asked to check with the target.
    assert "Would you be comfortable making an introduction?" in ask.draft
    assert "would you first ask Kim whether they would welcome it?" in ask.draft
    assert ask.draft.endswith("Thanks either way,\nDana Reyes\n")
    assert team.asks() == [ask]
    assert team.counts()["asks"] == 1 and team.counts()["ask_events"] == 1


def test_a_path_as_intro_path_prints_it_names_the_connector(team):
    ask, _ = create_ask(team, "Dana Reyes > Max Ode > Kim Chu", None, from_owner="dana",
                        now=at(2026, 11, 19))
    assert ask.connector.name == "Max Ode" and ask.query == "Dana Reyes > Max Ode > Kim Chu"


@pytest.mark.parametrize(
    ("query", "via", "message"),
    [
        ("Acme", None, "say whom to ask: --via CONNECTOR"),
        ("Acme", "Nobody", "no warm path to 'Acme' goes through 'Nobody' first; "
                           "did you mean: Lee Park, Max Ode?"),
        ("Dana Reyes > Kim Chu", None, "is not a path with someone in between"),
        ("Dana Reyes > Ann Bee > Kim Chu", None, "no warm path with someone in between leads "
                                                 "to 'Kim Chu' along"),
    ],
)
def test_asks_that_cannot_be_made_say_why(team, query, via, message):
    with pytest.raises(InputError) as info:
        create_ask(team, query, via, from_owner="dana", now=at(2026, 11, 19))
    assert message in str(info.value)
    assert team.asks() == []


def test_a_second_ask_within_a_week_reports_the_first(team):
    first, _ = create_ask(team, "Acme", "Lee Park", from_owner="dana", now=at(2026, 11, 19))
    _, earlier = create_ask(team, "Acme", "Max Ode", from_owner="dana", now=at(2026, 11, 24))
    assert earlier == [first]  # same target
    _, later = create_ask(team, "Acme", "Max Ode", from_owner="dana", now=at(2026, 11, 27))
    assert [a.connector.name for a in later] == ["Max Ode"]  # Lee's is over a week old


def test_a_request_through_every_state_with_its_follow_ups(team):
    """Drafted on the Wednesday before Thanksgiving week, with the office closed Thu-Fri."""
    cadence = Cadence(holidays=THANKSGIVING)
    ask, _ = create_ask(team, "Acme", "Lee Park", from_owner="dana", now=at(2026, 11, 18))

    def due(day: dt.date) -> list[tuple[str, dt.date]]:
        return [(f.step, f.due) for f in due_followups(team.asks(), day, cadence,
                                                       owner_names={"dana": "Dana Reyes"})]

    assert due(dt.date(2026, 11, 18)) == [("send", dt.date(2026, 11, 18))]
    update_ask(team, ask.id, "asked", now=at(2026, 11, 20, 16))            # a Friday
    assert due(dt.date(2026, 11, 24)) == []
    assert due(dt.date(2026, 11, 25)) == [("resend", dt.date(2026, 11, 25))]
    assert due(dt.date(2026, 11, 30)) == [("resend", dt.date(2026, 11, 25))]  # holidays
    assert due(dt.date(2026, 12, 1)) == [("call", dt.date(2026, 12, 1))]
    assert due(dt.date(2026, 12, 8)) == [("close", dt.date(2026, 12, 8))]
    update_ask(team, ask.id, "went-dark", now=at(2026, 12, 8, 17))
    assert due(dt.date(2026, 12, 15)) == [("dormant", dt.date(2026, 12, 15))]
    update_ask(team, ask.id, "dormant", now=at(2026, 12, 15))
    assert due(dt.date(2027, 3, 12)) == []
    [revisit] = due_followups(team.asks(), dt.date(2027, 3, 15), cadence)
    assert (revisit.step, revisit.due) == ("revisit", dt.date(2027, 3, 15))  # a Monday
    assert revisit.action.startswith("Dormant for 3 months: check whether Kim Chu still matters")

    update_ask(team, ask.id, "asked", now=at(2027, 3, 15), note="new budget year")
    update_ask(team, ask.id, "accepted", now=at(2027, 3, 16))
    [nudge] = due_followups(team.asks(), dt.date(2027, 3, 19), cadence)
    assert (nudge.step, nudge.who.name) == ("resend", "Lee Park")
    assert "Bringing this back to the top of your inbox in case it got buried: the " \
           "introduction to Kim Chu." in nudge.text
    update_ask(team, ask.id, "introduced", now=at(2027, 3, 17))
    [nudge] = due_followups(team.asks(), dt.date(2027, 3, 22), cadence)
    assert (nudge.step, nudge.who.name, nudge.due) == ("resend", "Kim Chu",
                                                       dt.date(2027, 3, 22))
    update_ask(team, ask.id, "meeting", now=at(2027, 3, 22))
    assert due_followups(team.asks(), dt.date(2027, 6, 1), cadence) == []
    final = update_ask(team, ask.id, "won", now=at(2027, 4, 30))
    assert [e.state for e in final.history] == [
        S.DRAFTED, S.ASKED, S.WENT_DARK, S.DORMANT, S.ASKED, S.ACCEPTED, S.INTRODUCED,
        S.MEETING, S.WON]
    assert final.history[4].note == "new budget year"
    assert final.history[1].at == at(2026, 11, 20, 16)

    with pytest.raises(InputError, match="ask 1 is won, which is final"):
        update_ask(team, ask.id, "lost", now=at(2027, 5, 1))


@pytest.mark.parametrize("ending", [S.DECLINED, S.LOST])
def test_the_other_endings(team, ending):
    ask, _ = create_ask(team, "Acme", "Max Ode", from_owner="dana", now=at(2026, 11, 18))
    update_ask(team, ask.id, "asked", now=at(2026, 11, 18))
    if ending is S.LOST:
        update_ask(team, ask.id, "accepted", now=at(2026, 11, 19))
        update_ask(team, ask.id, "introduced", now=at(2026, 11, 19))
    assert update_ask(team, ask.id, ending, now=at(2026, 11, 20)).state is ending


def test_unknown_asks_and_time_travel_are_refused(team):
    with pytest.raises(NotFound, match="no ask 9; `intrograph asks` lists them"):
        update_ask(team, 9, "asked", now=at(2026, 11, 18))
    ask, _ = create_ask(team, "Acme", "Max Ode", from_owner="dana", now=at(2026, 11, 18))
    with pytest.raises(InputError, match="ask 1 entered drafted at 2026-11-18T09:00:00-05:00"):
        update_ask(team, ask.id, "asked", now=at(2026, 11, 17))


def test_an_update_from_a_stale_view_is_refused(team, tmp_path):
    ask, _ = create_ask(team, "Acme", "Max Ode", from_owner="dana", now=at(2026, 11, 18))
    update_ask(team, ask.id, "asked", now=at(2026, 11, 18))
    # Someone else read the ask as drafted before that update landed.
    with pytest.raises(StoreError, match="ask 1 changed meanwhile: it is now asked, not drafted"):
        team.set_ask_state(ask.id, S.DRAFTED, S.ASKED, at(2026, 11, 19))
    assert [e.state for e in get_ask(team, ask.id).history] == [S.DRAFTED, S.ASKED]


def test_asks_survive_reopening_and_reimports(team):
    ask, _ = create_ask(team, "Acme", "Lee Park", from_owner="dana", now=at(2026, 11, 18))
    team.import_files(LEE, [pending([KIM, card(2, "Ann Bee", emails=["ann@acme.com"],
                                                org="Acme Corp")], tag="v2")])
    reopened = SQLiteStore(team.path)
    try:
        assert reopened.asks() == [ask]
    finally:
        reopened.close()


def test_intro_path_marks_people_with_open_asks(team):
    from typer.testing import CliRunner

    from intrograph.cli.app import app
    from intrograph.graph.asks import mark_open_asks
    from intrograph.graph.targets import intro_paths

    ask, _ = create_ask(team, "Acme", "Lee Park", from_owner="dana", now=at(2026, 11, 19))
    update_ask(team, ask.id, "asked", now=at(2026, 11, 19))
    result = mark_open_asks(intro_paths(team, "Acme", from_owners=["dana"], diverse=False),
                            team.asks())
    marks = {p.people[1].name: [(m.role, team.person_refs([m.person])[m.person].name)
                                for m in p.open_asks] for p in result.paths}
    assert marks == {"Lee Park": [("connector", "Lee Park"), ("target", "Kim Chu")],
                     "Max Ode": [("target", "Kim Chu")]}

    shown = CliRunner().invoke(app, ["intro-path", "Acme", "--from", "dana", "--no-diverse",
                                     "--db", str(team.path)])
    assert shown.exit_code == 0, shown.stderr
    assert "via  Lee Park  Fabrikam  open ask 1 as connector (asked, dana, since 2026-11-19)" \
        in shown.stdout
    assert shown.stdout.count("to  Kim Chu  VP Procurement, Acme Corp  open ask 1 as target "
                              "(asked, dana, since 2026-11-19)") == 2

    update_ask(team, ask.id, "declined", now=at(2026, 11, 20))
    closed = mark_open_asks(intro_paths(team, "Acme", from_owners=["dana"]), team.asks())
    assert all(p.open_asks == [] for p in closed.paths)


def test_no_ask_is_recorded_for_someone_the_owner_knows_directly(team):
    with pytest.raises(InputError, match="Dana Reyes knows Lee Park directly: no introduction "
                                         "needed"):
        create_ask(team, "lee@fabrikam.com", "Max Ode", from_owner="dana", max_hops=1,
                   now=at(2026, 11, 19))
    assert team.asks() == []
