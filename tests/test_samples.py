"""Every sample export under tests/samples/<format>/ loads as its ``.expected.json`` says.

Convention: next to a sample file ``<name>`` sits ``<name>.expected.json``::

    {"format": "outlook",
     "records": [{"record": 1, "full_name": "…", "emails": [{"value": "…", "label": "…"}]}],
     "rejects": [{"record": 5, "reason": "…"}]}

Records and rejects are compared in order and must be as many as listed; within each, only the
keys given are compared, against the model dumped as JSON (dates as ``YYYY-MM-DD``). The format
is detected, not passed, so each sample also checks detection.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from intrograph.loaders import load_file

SAMPLES = Path(__file__).parent / "samples"
SUFFIX = ".expected.json"
EXPECTED = sorted(SAMPLES.glob(f"*/*{SUFFIX}"))


def _sample(expected: Path) -> Path:
    return expected.with_name(expected.name.removesuffix(SUFFIX))


@pytest.mark.parametrize(
    "expected_path", EXPECTED, ids=[str(p.relative_to(SAMPLES)) for p in EXPECTED]
)
def test_sample_loads_as_expected(expected_path):
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    result = load_file(_sample(expected_path))
    assert result.format == expected["format"]
    _compare("records", result.records, expected.get("records", []))
    _compare("rejects", result.rejects, expected.get("rejects", []))


def _compare(kind, got, want):
    dumped = [item.model_dump(mode="json") for item in got]
    assert len(dumped) == len(want), (
        f"{kind}: got {[d['record'] for d in dumped]}, want {[w.get('record') for w in want]}"
    )
    for have, spec in zip(dumped, want, strict=True):
        assert {key: have[key] for key in spec} == spec, f"{kind} record {have['record']}"
