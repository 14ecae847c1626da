"""docker-compose.yml, checked for structure: no Docker engine runs in CI to try it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

yaml = pytest.importorskip("yaml")

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def neo4j_service():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return compose, compose["services"]["neo4j"]


def test_neo4j_5_community_image(neo4j_service):
    _, svc = neo4j_service
    assert re.fullmatch(r"neo4j:5[.\d]*-community", svc["image"])


def test_graph_data_science_enabled_through_the_plugin_setting(neo4j_service):
    _, svc = neo4j_service
    assert json.loads(svc["environment"]["NEO4J_PLUGINS"]) == ["graph-data-science"]


def test_data_lives_on_a_named_volume(neo4j_service):
    compose, svc = neo4j_service
    assert "neo4j-data:/data" in svc["volumes"]
    assert "neo4j-data" in compose["volumes"]


def test_credentials_come_from_env_variables_not_the_file(neo4j_service):
    _, svc = neo4j_service
    auth = svc["environment"]["NEO4J_AUTH"]
    assert "${NEO4J_USER" in auth and "${NEO4J_PASSWORD" in auth
    assert "env_file" not in svc  # see the comment at the top of docker-compose.yml


def test_memory_is_sized_for_a_laptop(neo4j_service):
    _, svc = neo4j_service
    env = svc["environment"]
    for key in ("NEO4J_server_memory_heap_max__size", "NEO4J_server_memory_pagecache_size"):
        assert key in env


def test_healthcheck_asks_the_server_itself(neo4j_service):
    _, svc = neo4j_service
    test = svc["healthcheck"]["test"]
    assert test[:2] == ["CMD", "cypher-shell"] and test[-1] == "RETURN 1"
    assert "${NEO4J_PASSWORD}" in test


def test_browser_and_bolt_ports(neo4j_service):
    _, svc = neo4j_service
    assert {"7474:7474", "7687:7687"} <= set(svc["ports"])


def test_env_example_names_every_variable_compose_uses():
    text = (ROOT / "docker-compose.yml").read_text()
    used = set(re.findall(r"\$\{(\w+)", text))
    example = (ROOT / ".env.example").read_text()
    declared = {line.split("=", 1)[0] for line in example.splitlines() if "=" in line
                and not line.startswith("#")}
    assert used <= declared
    assert {"NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD"} <= declared
