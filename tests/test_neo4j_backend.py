"""The Neo4j backend's edges that need no server: wiring, errors, completeness.

What it does with a server is in test_store_contract.py, which runs only when NEO4J_URI is set.
"""

from __future__ import annotations

import pytest

from intrograph.errors import StoreError
from intrograph.graph.store import BACKENDS, Store, open_store

pytest.importorskip("neo4j")


def test_the_store_implements_the_whole_interface():
    from intrograph.graph.neo4j_store import Neo4jStore

    assert issubclass(Neo4jStore, Store)
    assert not Neo4jStore.__abstractmethods__
    assert "neo4j" in BACKENDS


def test_without_a_uri_the_message_says_which_variables_to_set(tmp_path):
    with pytest.raises(StoreError, match="set NEO4J_URI .* NEO4J_USER and NEO4J_PASSWORD"):
        open_store(tmp_path / "ignored.db", "neo4j")


def test_a_server_that_does_not_answer_is_a_store_error():
    # Port 9 on loopback: nothing listens, so the real driver fails fast.
    with pytest.raises(StoreError, match="cannot reach Neo4j at neo4j://127.0.0.1:9"):
        open_store("neo4j://127.0.0.1:9", "neo4j", user="neo4j", password="x")


def test_a_malformed_uri_is_a_store_error():
    with pytest.raises(StoreError, match="cannot use the Neo4j URI"):
        open_store("", "neo4j", uri="ftp://example.invalid")


def test_the_cli_reads_the_server_from_the_environment(monkeypatch):
    from intrograph.cli.common import store_from

    monkeypatch.delenv("NEO4J_URI", raising=False)
    with pytest.raises(StoreError, match="set NEO4J_URI"):
        store_from(None, "neo4j")
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:9")
    with pytest.raises(StoreError, match="cannot reach Neo4j at bolt://127.0.0.1:9"):
        store_from(None, "neo4j")
