"""`import-dir`: owners from folders or a manifest, and all-or-nothing across files."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from intrograph.cli.app import app
from intrograph.graph.sqlite_store import SQLiteStore

runner = CliRunner()

GOOGLE = (
    "First Name,Last Name,Organization Name,Labels,E-mail 1 - Label,E-mail 1 - Value\n"
    "{first},{last},{org},* myContacts,* Work,{email}\n"
)
VCARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\nN:;;;;\r\nEMAIL;TYPE=WORK:{email}\r\n"
    "ORG:{org}\r\nEND:VCARD\r\n"
)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def exports(tmp_path) -> Path:
    root = tmp_path / "exports"
    write(root / "Dana" / "contacts.csv",
          GOOGLE.format(first="Bob", last="Lee", org="Acme", email="bob@acme.com"))
    write(root / "luis" / "phone.vcf",
          VCARD.format(name="Robert Lee", org="Acme Corp", email="bob@acme.com"))
    write(root / "luis" / "notes.txt", "not picked up: not an export suffix")
    return root


def test_owner_is_the_first_folder_level(exports, tmp_path):
    db = tmp_path / "s.db"
    result = runner.invoke(app, ["import-dir", str(exports), "--db", str(db)])
    assert result.exit_code == 0, result.stderr
    with SQLiteStore(db) as s:
        assert [o.name for o in s.owners()] == ["dana", "luis"]
        [bob] = s.people("lee")
        assert {(r.owner, r.file) for r in bob.records} == {("dana", "contacts.csv"),
                                                             ("luis", "phone.vcf")}


def test_a_refused_file_rolls_back_every_file_before_it(exports, tmp_path):
    db = tmp_path / "s.db"
    write(exports / "zoe" / "sales.csv", "region,quarter,revenue\nwest,Q1,100\n")
    with SQLiteStore(db) as s:
        before = s.dump()
    result = runner.invoke(app, ["import-dir", str(exports), "--db", str(db)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: sales.csv: not a contact export")
    with SQLiteStore(db) as s:
        assert s.dump() == before


def test_manifest_assigns_owners_and_their_identity(exports, tmp_path):
    manifest = write(tmp_path / "m.csv",
                     "path,owner,name,email\nDana/contacts.csv,dana,Dana Reyes,dana@x.com\n"
                     "luis/phone.vcf,luis,,\n")
    db = tmp_path / "s.db"
    result = runner.invoke(app, ["import-dir", str(exports), "--manifest", str(manifest),
                                 "--db", str(db)])
    assert result.exit_code == 0, result.stderr
    with SQLiteStore(db) as s:
        dana = {o.name: o for o in s.owners()}["dana"]
        assert dana.display_name == "Dana Reyes" and dana.emails == ["dana@x.com"]


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ("file,who\nx,y\n", "Error: m.csv: a manifest needs the columns path,owner"),
        ("path,owner\nDana/contacts.csv,dana\nmissing.csv,luis\n",
         "Error: m.csv record 2: missing.csv does not exist under"),
        ("path,owner\nDana/contacts.csv,\n", "Error: m.csv record 1: path and owner must"),
    ],
)
def test_manifest_mistakes_name_the_row(exports, tmp_path, manifest, message):
    m = write(tmp_path / "m.csv", manifest)
    result = runner.invoke(app, ["import-dir", str(exports), "--manifest", str(m),
                                 "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 1
    assert result.stderr.startswith(message)


def test_a_file_outside_any_owner_folder_is_named(exports, tmp_path):
    write(exports / "loose.csv", GOOGLE.format(first="A", last="B", org="C", email="a@c.com"))
    result = runner.invoke(app, ["import-dir", str(exports), "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: loose.csv: is not inside an owner's folder")


def test_the_import_says_when_its_files_are_stored_and_people_are_being_resolved(exports,
                                                                                 tmp_path):
    from intrograph.graph.importer import import_dir
    from intrograph.graph.store import DERIVING

    stages: list[str] = []
    read: list[int] = []
    with SQLiteStore(tmp_path / "s.db") as s:
        import_dir(s, exports, progress=lambda done, total: read.append(done),
                   on_stage=lambda text: stages.append(f"{text} after {len(read)} files"))
        assert stages == [f"{DERIVING} after 2 files"]
        import_dir(s, exports, on_stage=stages.append)  # unchanged: nothing to derive
        assert len(stages) == 1
