"""prepare(): the rows one parsed export becomes, before the store adds owner and batch."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from intrograph.cli.app import app
from intrograph.graph import factcache, prepare
from intrograph.graph.derive import StoredRecord, assign_uids, record_facts
from intrograph.loaders import load_file

runner = CliRunner()


@pytest.fixture(scope="module")
def team(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("team")
    result = runner.invoke(app, ["fixtures", "generate", str(out), "--owners", "6",
                                 "--people", "400", "--noisy"])
    assert result.exit_code == 0, result.output
    return out


def test_prepare_gives_each_record_its_uid_and_cached_facts(team):
    path = next((team / "exports").rglob("*.csv"))
    load = load_file(path)
    prepared = prepare.prepare(load, "dana", "GB")
    uids = assign_uids("dana", load.file, load.records, "GB")
    assert [row[0] for row in prepared.rows] == uids
    for (uid, _file, number, _data, facts), rec in zip(prepared.rows, load.records, strict=True):
        assert number == rec.record
        expected = record_facts(StoredRecord(uid, "dana", 3, rec), "GB")
        assert factcache.decode(uid, "dana", 3, facts) == expected
