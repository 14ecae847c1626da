"""Ground-truth expertise in the synthetic world, and `expert` measured against it."""

from __future__ import annotations

import json

import pytest

from intrograph.fixtures import generate, generate_world
from intrograph.fixtures.expertise import AREA_OF_TITLE, AREAS, SIDE_NOTES, expertise_of
from intrograph.fixtures.pools import SALES_TITLES, TARGET_TITLES, TITLES
from intrograph.graph.expert import find_experts
from intrograph.graph.sqlite_store import SQLiteStore
from intrograph.graph.store import PendingFile
from intrograph.loaders.dispatch import load_file
from intrograph.models import Owner


def test_every_title_the_world_hands_out_has_an_area():
    titles = [t for t, _ in TITLES] + list(SALES_TITLES) + list(TARGET_TITLES)
    assert sorted(set(titles) - set(AREA_OF_TITLE)) == []
    assert set(SIDE_NOTES) <= set(AREAS)


def test_truth_knows_titles_past_jobs_and_note_only_areas():
    world = generate_world(owners=8, people=400, seed=5)
    assert world.expertise_notes, "some people know more than their title says"
    owners = {o.person for o in world.owners}
    for i, p in enumerate(world.people):
        areas = expertise_of(world, i)
        assert AREA_OF_TITLE[p.title] in areas
        assert all(AREA_OF_TITLE[job[1]] in areas for job in p.past)
        if i in world.expertise_notes:
            assert i not in owners and world.expertise_notes[i][0] in areas


def test_side_expertise_does_not_change_the_rest_of_the_world():
    a, b = generate_world(owners=8, people=300, seed=9), generate_world(owners=8, people=300,
                                                                        seed=9)
    assert a.expertise_notes == b.expertise_notes
    assert [p.title for p in a.people] == [p.title for p in b.people]


@pytest.fixture(scope="module")
def team(tmp_path_factory):
    out = tmp_path_factory.mktemp("team")
    manifest = generate(out, owners=8, people=400, seed=11)
    truth = json.loads(manifest.truth.read_text(encoding="utf-8"))
    store = SQLiteStore(out / "s.db")
    for row in manifest.rows:
        load = load_file(out / row.path)
        store.import_files(Owner(name=row.owner, display_name=row.name,
                                 emails=list(row.emails)),
                           [PendingFile(load, f"{row.path}:1")])
    yield store, truth
    store.close()


def test_notes_in_the_exports_carry_side_expertise(team):
    store, truth = team
    notes = {t for s in store.expertise_sources() for f, t in s.texts if f == "note"}
    side = {n for ns in SIDE_NOTES.values() for n in ns}
    assert notes & side


def test_the_warehouse_question_finds_true_supply_chain_people_first(team):
    store, truth = team
    area_of = {key: set(p["expertise"]) for p in truth["people"]
               for key in p["emails"] + p["phones"]}
    keys = {p.id: p.emails + p.phones for p in store.people()}
    result = find_experts(store, "how do I fix stock-outs in my warehouse?", k=5)
    judged = [next(area_of[k] for k in keys[e.person.id] if k in area_of)
              for e in result.experts if any(k in area_of for k in keys[e.person.id])]
    assert len(judged) >= 3
    assert "supply chain" in judged[0]
    assert sum("supply chain" in a for a in judged) >= len(judged) - 1
