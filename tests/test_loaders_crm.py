"""CRM and other contacts CSVs: columns by name, a --map file, detection next to Google's."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from intrograph.cli.app import app
from intrograph.errors import InputError, NotAContactExport, UnknownFormat
from intrograph.loaders import load_bytes
from intrograph.loaders.crm import read_map

runner = CliRunner()


def test_a_map_names_columns_the_aliases_do_not_know(tmp_path):
    data = b"Kontakt,Mail primaer,Arbeitgeber,Owner Email\nAnn Lee,ann@acme.com,Acme,rep@us.com\n"
    with pytest.raises(NotAContactExport, match="no name, email or phone column"):
        load_bytes(data, "crm.csv", "csv")
    mapping = tmp_path / "map.csv"
    mapping.write_text("column,field\nKontakt,full_name\nMail primaer,email\n"
                       "Arbeitgeber,organization\n", encoding="utf-8")
    [ann] = load_bytes(data, "crm.csv", column_map=read_map(mapping)).records
    assert (ann.full_name, ann.organization) == ("Ann Lee", "Acme")
    assert [e.value for e in ann.emails] == ["ann@acme.com"]  # not the CRM user's address
    assert ann.extra == {"Owner Email": "rep@us.com"}


def test_a_bad_map_names_the_file_and_row(tmp_path):
    mapping = tmp_path / "map.csv"
    mapping.write_text("column,field\nA,full_name\nB,emial\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"map.csv record 2: unknown field 'emial'"):
        read_map(mapping)
    mapping.write_text("col,what\n", encoding="utf-8")
    with pytest.raises(InputError, match="header column,field"):
        read_map(mapping)


def test_a_map_only_applies_to_the_csv_format(tmp_path):
    with pytest.raises(UnknownFormat, match="--format csv"):
        load_bytes(b"a,b\n1,2\n", "x.csv", "vcard", column_map={"a": "full_name"})


@pytest.mark.parametrize(
    ("header", "fmt"),
    [
        ("First Name,Last Name,E-mail 1 - Value,Labels", "google"),
        ("Name,Given Name,Family Name,Group Membership,E-mail 1 - Type,E-mail 1 - Value",
         "google"),
        ("First Name,Last Name,Email,Phone Number,Company Name", "csv"),
        ("FirstName,LastName,Email,AccountId", "csv"),
        ("name,email", "csv"),
    ],
)
def test_google_keeps_its_own_exports_and_the_rest_are_generic_csv(header, fmt):
    result = load_bytes(f"{header}\nAnn,Lee,ann@x.example,,\n".encode(), "c.csv")
    assert result.format == fmt


def test_import_with_map_and_a_changed_map_reads_the_file_again(tmp_path):
    export = tmp_path / "crm.csv"
    export.write_text("Who,Reach\nAnn Lee,ann@acme.com\n", encoding="utf-8")
    mapping = tmp_path / "map.csv"
    mapping.write_text("column,field\nWho,full_name\nReach,email\n", encoding="utf-8")
    db = str(tmp_path / "s.db")
    args = ["import", str(export), "--owner", "dana", "--format", "csv", "--db", db]
    r = runner.invoke(app, [*args, "--map", str(mapping)])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["people", "--db", db, "--format", "csv"])
    assert "Ann Lee" in r.stdout and "ann@acme.com" in r.stdout
    mapping.write_text("column,field\nWho,full_name\nReach,ignore\n", encoding="utf-8")
    r = runner.invoke(app, [*args, "--map", str(mapping)])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["people", "--db", db, "--format", "csv"])
    assert "Ann Lee" in r.stdout and "ann@acme.com" not in r.stdout


def test_rejects_land_next_to_the_store_unless_told_where(tmp_path):
    export = tmp_path / "crm.csv"
    export.write_text("Name,Email,Company\nAnn Lee,ann@acme.com,Acme\n,,Acme\n", encoding="utf-8")
    db = tmp_path / "store" / "s.db"
    r = runner.invoke(app, ["import", str(export), "--owner", "dana", "--db", str(db)])
    assert r.exit_code == 0, r.output
    [written] = (db.parent / "rejects").glob("import-*.csv")
    assert "crm.csv,2,\"no name, email or phone\"" in written.read_text(encoding="utf-8")
    assert f"wrote 1 rejects to {written}" in r.stderr.replace("\n", "")
    # Importing the unchanged file again writes nothing new.
    r = runner.invoke(app, ["import", str(export), "--owner", "dana", "--db", str(db)])
    assert len(list((db.parent / "rejects").glob("import-*.csv"))) == 1
    there = tmp_path / "mine.csv"
    export.write_text("Name,Email\n,,\nBo,bo@x.org\n,\n", encoding="utf-8")
    r = runner.invoke(app, ["import", str(export), "--owner", "dana", "--db", str(db),
                            "--rejects", str(there)])
    assert r.exit_code == 0 and there.exists()
