"""Connector reliability learnt from ask outcomes, and what it does to path ranking."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from intrograph.cli.app import app
from intrograph.graph.asks import create_ask, update_ask
from intrograph.graph.reliability import PRIOR, connector_reliability, max_step, outcome
from intrograph.graph.targets import intro_paths
from intrograph.models import Ask, AskEvent, AskState, PersonRef
from tests.conftest import card, owner, pending

S = AskState
LEE = PersonRef(id="p-lee", name="Lee Park")
KIM = PersonRef(id="p-kim", name="Kim Chu")
T0 = dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)


def ask_through(*states: AskState, connector: PersonRef = LEE, ask_id: int = 1) -> Ask:
    history = [AskEvent(state=s, at=T0 + dt.timedelta(days=i))
               for i, s in enumerate((S.DRAFTED, *states))]
    return Ask(id=ask_id, owner="dana", connector=connector, target=KIM, query="Acme",
               draft="…", state=history[-1].state, history=history)


@pytest.mark.parametrize(
    ("states", "expected"),
    [
        ((), None),
        ((S.ASKED,), None),
        ((S.ASKED, S.ACCEPTED), True),
        ((S.ASKED, S.ACCEPTED, S.INTRODUCED, S.MEETING, S.LOST), True),  # not the connector's doing
        ((S.ASKED, S.ACCEPTED, S.INTRODUCED, S.MEETING, S.WON), True),
        ((S.ASKED, S.DECLINED), False),
        ((S.ASKED, S.ACCEPTED, S.DECLINED), False),
        ((S.ASKED, S.WENT_DARK), False),
        ((S.ASKED, S.WENT_DARK, S.DORMANT), False),
        ((S.ASKED, S.WENT_DARK, S.DORMANT, S.ASKED), None),  # asked again: wait and see
    ],
)
def test_what_counts_as_coming_through(states, expected):
    assert outcome(ask_through(*states)) is expected


def test_the_prior_weighs_like_five_asks():
    assert connector_reliability([ask_through(S.ASKED)]) == {}
    [lee] = connector_reliability([ask_through(S.ASKED, S.DECLINED)]).values()
    assert (lee.forwarded, lee.failed, lee.value) == (0, 1, pytest.approx(4 / 6))
    assert lee.factor == pytest.approx((4 / 6) / 0.8)
    many = [ask_through(S.ASKED, S.WENT_DARK, ask_id=i) for i in range(20)]
    assert connector_reliability(many)["p-lee"].value == pytest.approx(4 / 25)


@given(st.lists(st.booleans(), max_size=30), st.booleans())
def test_one_outcome_moves_reliability_by_at_most_the_documented_bound(history, extra):
    def value(results: list[bool]) -> float:
        asks = [ask_through(S.ASKED, S.ACCEPTED if ok else S.DECLINED, ask_id=i)
                for i, ok in enumerate(results)]
        record = connector_reliability(asks).get("p-lee")
        return record.value if record else PRIOR[0] / sum(PRIOR)

    step = abs(value([*history, extra]) - value(history))
    assert 0 < step <= max_step() == pytest.approx(1 / 6)


@pytest.fixture
def team(store):
    """Dana knows Lee and Max equally; Lee knows Kim and Max knows Ann, both at Acme, equally."""
    store.import_files(owner("dana", "dana@northwind.com", "Dana Reyes"), [pending([
        card(1, "Lee Park", emails=["lee@fabrikam.com"], org="Fabrikam"),
        card(2, "Max Ode", emails=["max@contoso.com"], org="Contoso"),
    ])])
    store.import_files(owner("lee", "lee@fabrikam.com", "Lee Park"), [pending([
        card(1, "Kim Chu", emails=["kim@acme.com"], org="Acme Corp")])])
    store.import_files(owner("max", "max@contoso.com", "Max Ode"), [pending([
        card(1, "Ann Bee", emails=["ann@acme.com"], org="Acme Corp")])])
    return store


def ranked(store) -> list[tuple[str, float, float | None]]:
    result = intro_paths(store, "Acme", from_owners=["dana"],
                         reliability=connector_reliability(store.asks()))
    return [(p.people[1].name, p.score, p.adjusted_score) for p in result.paths]


def test_a_decline_demotes_a_connector_within_the_bound(team):
    before = ranked(team)
    assert [score for _, score, _ in before] == [before[0][1]] * 2  # otherwise equal
    first, second = before[0][0], before[1][0]
    ask, _ = create_ask(team, "Acme", first, from_owner="dana", now=T0)
    update_ask(team, ask.id, "asked", now=T0)
    # An open ask is no evidence yet: the order stands.
    assert [name for name, _, _ in ranked(team)] == [first, second]
    update_ask(team, ask.id, "declined", now=T0 + dt.timedelta(days=2))
    after = ranked(team)
    assert [name for name, _, _ in after] == [second, first]
    (_, score, unchanged), (_, _, demoted) = after
    assert unchanged is None or unchanged == score
    # One decline: the path keeps 5/6 of its score, within the documented 1 / (0.8 * 6).
    assert demoted == pytest.approx(score * 5 / 6)
    assert 1 - demoted / score <= 1 / (0.8 * 6)


def test_forwarding_raises_a_connector_above_an_unknown_one(team):
    before = ranked(team)
    second = before[1][0]
    ask, _ = create_ask(team, "Acme", second, from_owner="dana", now=T0)
    for state in ("asked", "accepted", "introduced"):
        update_ask(team, ask.id, state, now=T0)
    after = ranked(team)
    assert after[0][0] == second
    assert after[0][2] == pytest.approx(after[0][1] * (5 / 6) / 0.8)


def test_intro_path_shows_reliability(team, tmp_path):
    first = ranked(team)[0][0]
    ask, _ = create_ask(team, "Acme", first, from_owner="dana", now=T0)
    update_ask(team, ask.id, "asked", now=T0)
    update_ask(team, ask.id, "went-dark", now=T0 + dt.timedelta(days=9))
    result = CliRunner().invoke(app, ["intro-path", "Acme", "--from", "dana",
                                      "--db", str(team.path)])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert f"via  {first}  Fabrikam  reliability 0.67" in out or \
        f"via  {first}  Contoso  reliability 0.67" in out
    demoted = ranked(team)[1][2]
    assert f"ranked as {demoted:.2f} after connector reliability" in out
    assert out.index(f"via  {first}") > out.index("#2")


def test_intro_path_csv_says_what_the_rank_is_by(team):
    first = ranked(team)[0][0]
    ask, _ = create_ask(team, "Acme", first, from_owner="dana", now=T0)
    update_ask(team, ask.id, "asked", now=T0)
    update_ask(team, ask.id, "declined", now=T0)
    result = CliRunner().invoke(app, ["intro-path", "Acme", "--from", "dana", "--format", "csv",
                                      "--db", str(team.path)])
    header, top, demoted = result.stdout.splitlines()
    assert header == "rank,score,hops,path,strengths,weakest,ranked by,open asks"
    assert top.split(",")[6] == top.split(",")[1]  # no record: ranked by its score
    score = float(demoted.split(",")[1])
    assert first in demoted and demoted.split(",")[6] == f"{score * 5 / 6:.4f}"


def test_the_html_page_shows_reliability_and_open_asks(team):
    first, second = (name for name, _, _ in ranked(team))
    done, _ = create_ask(team, "Acme", first, from_owner="dana", now=T0)
    update_ask(team, done.id, "asked", now=T0)
    update_ask(team, done.id, "declined", now=T0)
    create_ask(team, "Acme", second, from_owner="dana", now=T0)
    page = CliRunner().invoke(app, ["intro-path", "Acme", "--from", "dana", "--format", "html",
                                    "--db", str(team.path)]).stdout
    assert f"<b>{first}</b>" in page and "· reliability 0.67</span>" in page
    assert "after connector reliability</h3>" in page
    assert "· open ask 2 as connector (drafted, dana, since 2026-11-02)</span>" in page


def test_intro_path_json_carries_reliability_and_open_asks(team):
    import json

    first = ranked(team)[0][0]
    done, _ = create_ask(team, "Acme", first, from_owner="dana", now=T0)
    update_ask(team, done.id, "asked", now=T0)
    update_ask(team, done.id, "went-dark", now=T0)
    data = json.loads(CliRunner().invoke(app, ["intro-path", "Acme", "--from", "dana",
                                               "--format", "json", "--db", str(team.path)]).stdout)
    top, demoted = data["paths"]
    assert (top["rank"], top["reliability"], top["adjusted_score"]) == (1, {}, top["score"])
    connector = demoted["people"][1]["id"]
    assert demoted["reliability"] == {connector: pytest.approx(4 / 6, abs=1e-4)}
    assert demoted["adjusted_score"] == pytest.approx(demoted["score"] * 5 / 6)
    assert [(m["ask"], m["role"], m["state"]) for m in demoted["open_asks"]] == \
        [(1, "connector", "went-dark"), (1, "target", "went-dark")]
