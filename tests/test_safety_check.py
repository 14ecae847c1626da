"""`intrograph check`: a sound store passes, and each kind of damage is named."""

from __future__ import annotations

import sqlite3

import pytest
from typer.testing import CliRunner

from intrograph.cli.app import app
from intrograph.graph.integrity import check_store
from intrograph.graph.sqlite_store import SQLiteStore
from tests.conftest import card, owner, pending

runner = CliRunner()
DANA = owner("dana", "dana@northwind.com", "Dana Reyes")
LUIS = owner("luis", "luis@northwind.com", "Luis Ortiz")


def fill(store: SQLiteStore) -> None:
    store.import_files(DANA, [pending([
        card(1, "Bob Lee", emails=["bob@acme.com"], org="Acme Corp", title="VP Sales"),
        card(2, "Luis Ortiz", emails=["luis@northwind.com"]),
        card(3, "Cara Diaz", emails=["cara@globex.com"], org="Globex"),
    ])])
    store.import_files(LUIS, [pending([
        card(1, "Robert Lee", emails=["bob@acme.com"], org="ACME Corporation"),
        card(2, "Dana Reyes", emails=["dana@northwind.com"]),
    ])])


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "store.db"
    with SQLiteStore(path) as store:
        fill(store)
    return path


def tamper(path, *statements):
    # A plain connection: foreign keys off, as any other tool that opens the file would have.
    con = sqlite3.connect(path, isolation_level=None)
    for sql in statements:
        con.execute(sql)
    con.close()


def problems_of(path):
    with SQLiteStore(path) as store:
        return check_store(store)


def test_a_sound_store_has_no_problems_and_the_command_says_ok(db):
    assert problems_of(db) == []
    result = runner.invoke(app, ["check", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "ok"


def test_an_empty_store_is_sound(tmp_path):
    assert problems_of(tmp_path / "new.db") == []


FIRST_RECORD = "(SELECT min(uid) FROM records)"


@pytest.mark.parametrize(
    ("statements", "expected"),
    [
        ([f"DELETE FROM record_person WHERE uid = {FIRST_RECORD}"],
         ["1 records are not resolved to any person", "record_person differs"]),
        (["UPDATE batches SET records = records + 1 WHERE owner = 'luis'"],
         ["(luis, contacts.csv) says 3 records but holds 2"]),
        (["UPDATE batches SET rejects = 4 WHERE owner = 'dana'"],
         ["(dana, contacts.csv) says 4 rejects but holds 0"]),
        (["UPDATE persons SET name = 'Mallory' WHERE name = 'Cara Diaz'"],
         ["persons differs from what the records derive: 1 rows that should not be there, "
          "1 rows missing"]),
        (["UPDATE ties SET strength = 0.01"],
         ["ties differs", "the search graph does not match the ties and memberships"]),
        (["UPDATE search_graph SET data = x'00'"],
         ["the search graph does not match the ties and memberships"]),
        (["DELETE FROM search_graph"], ["the search graph is missing but there are ties"]),
        (["DELETE FROM organizations WHERE name = 'Globex'"],
         ["persons row", "refers to a missing organizations row"]),
        (["UPDATE records SET batch_id = 99 WHERE owner = 'luis'"],
         ["records row", "belongs to batch 99, which does not exist"]),
        (["UPDATE records SET owner = 'dana' WHERE owner = 'luis'"],
         ["is dana's but its batch is luis's"]),
        (["UPDATE records SET data = replace(data, 'Cara Diaz', 'Cara Díaz') "
          "WHERE data LIKE '%Cara Diaz%'"],
         ["persons differs"]),
        # The facts cached beside a record say another name than its data.
        (["UPDATE records SET facts = replace(facts, 'Cara Diaz', 'Mallory') "
          "WHERE facts LIKE '%Cara Diaz%'"],
         ["records hold derived facts that differ from their data"]),
    ],
)
def test_each_kind_of_damage_is_reported(db, statements, expected):
    tamper(db, *statements)
    found = problems_of(db)
    for text in expected:
        assert any(text in p for p in found), (text, found)
    result = runner.invoke(app, ["check", "--db", str(db)])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == found
    assert "Error: the store has" in result.stderr


def test_a_schema_version_other_than_ours_is_reported(db):
    with SQLiteStore(db) as store:
        store.db.execute("PRAGMA user_version = 2")
        assert any("schema version is 2" in p for p in check_store(store))


def test_checking_changes_nothing_even_when_it_finds_problems(db):
    tamper(db, "UPDATE ties SET strength = 0.01")
    with SQLiteStore(db) as store:
        before = store.dump()
        assert check_store(store)
        assert store.dump() == before
        assert not store.db.in_transaction


def test_damaged_pages_are_found_by_sqlite_own_check(tmp_path):
    path = tmp_path / "big.db"
    with SQLiteStore(path) as store:
        store.import_files(DANA, [pending(
            [card(i, f"Person {i}", emails=[f"p{i}@acme.com"], org="Acme", title="x" * 200)
             for i in range(1, 400)])])
    tamper(path, "PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 20 * page
    # Overwrite the middle of the file (table and index pages), keeping the header intact.
    data[8 * page:12 * page] = b"\xa5" * (4 * page)
    path.write_bytes(bytes(data))
    result = runner.invoke(app, ["check", "--db", str(path)])
    assert result.exit_code == 1
    assert "SQLite integrity" in result.stdout or "Error:" in result.stderr


def test_a_backend_without_its_own_check_says_so():
    class Elsewhere:
        backend_name = "elsewhere"

    with pytest.raises(Exception, match="check is not available on the elsewhere backend"):
        check_store(Elsewhere())  # type: ignore[arg-type]


def test_check_has_help():
    result = runner.invoke(app, ["check", "--help"])
    assert result.exit_code == 0 and "integrity" in result.stdout
