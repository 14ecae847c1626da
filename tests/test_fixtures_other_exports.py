"""Outlook, LinkedIn, HubSpot and Salesforce writers: each file reads back whole, as its format."""

from __future__ import annotations

import pytest

from intrograph.fixtures import generate_world
from intrograph.fixtures.exports import EXPORT_FORMATS, write_export
from intrograph.fixtures.render import render
from intrograph.loaders import load_file

LOADER_FORMAT = {"outlook": "outlook", "linkedin": "linkedin", "hubspot": "csv",
                 "salesforce": "csv"}


@pytest.fixture(scope="module")
def world():
    return generate_world(owners=8, people=400, seed=11)


@pytest.mark.parametrize("format", list(EXPORT_FORMATS))
def test_each_written_export_loads_every_card_as_its_format(world, format, tmp_path):
    cards = [render(world, e) for e in world.books[0].entries]
    path, written = write_export(format, cards, tmp_path)
    result = load_file(path)
    assert (result.format, written, result.rejects) == (LOADER_FORMAT[format], len(cards), [])
    assert len(result.records) == written
    named = [c for c in cards if c.given or c.family]
    assert {r.family_name for r in result.records} >= {c.family for c in named}


def test_salesforce_contacts_get_their_companies_from_the_account_file(world, tmp_path):
    cards = [render(world, e) for e in world.books[1].entries]
    path, _ = write_export("salesforce", cards, tmp_path)
    assert (tmp_path / "Account.csv").exists()
    assert [r.organization for r in load_file(path).records] == [c.organization for c in cards]
