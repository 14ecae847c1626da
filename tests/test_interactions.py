"""Interaction history: the loaders (CSV, mbox headers, .ics), the store, and tie evidence."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from intrograph.cli.app import app
from intrograph.errors import InputError
from intrograph.graph.evidence_sql import PendingInteractions
from intrograph.graph.importer import file_hash
from intrograph.graph.sqlite_store import SQLiteStore
from intrograph.loaders.interactions import guess_owner_addresses, load_interactions
from intrograph.models import Interaction
from tests.conftest import card, owner, pending

DATA = Path(__file__).parent / "data" / "interactions"
DANA = owner("dana", "dana@northwind.com", "Dana Reyes")
runner = CliRunner()


def load(name: str):
    return load_interactions(name, (DATA / name).read_bytes())


def test_csv_rows_become_interactions_and_bad_rows_rejects_with_reasons():
    got = load("mail.csv")
    assert got.format == "csv"
    first, second, third = got.interactions
    assert (first.when, first.sender, first.to) == (
        dt.datetime(2026, 11, 2, 9, 15), "dana@northwind.com", ["bob@acme.com"])
    assert second.to == ["dana@northwind.com", "cara@gmail.com"]
    assert third.to == ["bob@acme.com", "cara@gmail.com"] and third.channel == "meeting"
    assert [(r.file, r.record, r.reason) for r in got.rejects] == [
        ("mail.csv", 4, "cannot read the date 'not a date'"),
        ("mail.csv", 5, "no valid sender address"),
        ("mail.csv", 6, "no valid recipient address"),
    ]


def test_mbox_keeps_headers_only_and_converts_dates_to_utc():
    got = load("mail.mbox")
    assert got.format == "mbox"
    assert [(i.record, i.when, i.sender, i.to) for i in got.interactions] == [
        (1, dt.datetime(2026, 11, 2, 17, 0), "bob@acme.com",
         ["dana@northwind.com", "cara@gmail.com"]),
        (2, dt.datetime(2026, 11, 3, 10, 0), "dana@northwind.com", ["bob@acme.com"]),
    ]
    assert [(r.record, r.reason) for r in got.rejects] == [(3, "cannot read the date 'someday'")]
    assert "SECRET" not in got.model_dump_json()


def test_ics_events_are_meetings_from_organizer_to_attendees():
    got = load("meetings.ics")
    assert got.format == "ics"
    assert [(i.when, i.sender, i.to, i.channel) for i in got.interactions] == [
        (dt.datetime(2026, 11, 5, 15, 0), "dana@northwind.com",
         ["bob@acme.com", "cara@gmail.com"], "meeting"),
        (dt.datetime(2026, 11, 10), "bob@acme.com", ["dana@northwind.com"], "meeting"),
    ]
    assert [(r.record, r.reason) for r in got.rejects] == [(3, "no valid sender address")]
    assert "SECRET" not in got.model_dump_json()


@pytest.mark.parametrize("data", [b"", b"name,email\nAnn,ann@x.com\n", b"\x00\x01\x02binary"])
def test_a_file_that_is_no_interaction_export_is_refused_whole(data):
    with pytest.raises(InputError, match="other.txt: not an interaction export"):
        load_interactions("other.txt", data)


def test_the_owner_is_guessed_only_when_on_most_messages():
    def msg(sender: str, *to: str) -> Interaction:
        return Interaction(record=1, when=dt.datetime(2026, 1, 1), sender=sender, to=list(to))

    mailbox = [msg("me@x.com", "a@y.com"), msg("b@y.com", "me@x.com"), msg("me@x.com", "c@y.com")]
    assert guess_owner_addresses(mailbox) == ["me@x.com"]
    # Both people are on every message of a two-person thread: no guess.
    assert guess_owner_addresses(load("mail.mbox").interactions) == []
    assert guess_owner_addresses([msg("a@y.com", "b@y.com"), msg("c@y.com", "d@y.com")]) == []
    assert guess_owner_addresses([]) == []


# --- in the store ------------------------------------------------------------------------------


@pytest.fixture
def store(tmp_path):
    with SQLiteStore(tmp_path / "s.db", today=dt.date(2026, 11, 24)) as s:
        s.import_files(DANA, [pending([
            card(1, "Bob Lee", emails=["bob@acme.com"], org="Acme Corp"),
            card(2, "Cara Diaz", emails=["cara@gmail.com"]),
        ])])
        yield s


def add(store: SQLiteStore, name: str, who: str = "dana"):
    data = (DATA / name).read_bytes()
    return store.import_interactions(
        who, PendingInteractions(name, file_hash(data), lambda: load_interactions(name, data)))


def bob(store: SQLiteStore):
    dana = next(o.person_id for o in store.owners() if o.name == "dana")
    return store.tie(dana, next(p.id for p in store.people("bob")))


def test_interactions_strengthen_a_tie_and_say_how(store):
    before = bob(store).strength
    summary = add(store, "mail.csv")
    assert (summary.interactions, len(summary.rejects), summary.unchanged) == (3, 3, False)
    tie = bob(store)
    assert tie.strength > before
    words = next(e.detail for e in tie.evidence if e.kind == "interaction")
    assert words == ("dana: 3 emails/meetings on 3 days (2 sent, 1 received), "
                     "3 in the last 90 days, last on 2026-11-03")


def test_reimporting_the_same_file_is_a_no_op_and_a_new_version_replaces_it(store, tmp_path):
    add(store, "mail.csv")
    before = store.dump()
    again = add(store, "mail.csv")
    assert again.unchanged and len(again.rejects) == 3
    assert store.dump() == before
    newer = tmp_path / "mail.csv"
    newer.write_text("timestamp,from,to\n2026-11-20,bob@acme.com,dana@northwind.com\n")
    data = newer.read_bytes()
    summary = store.import_interactions("dana", PendingInteractions(
        "mail.csv", file_hash(data), lambda: load_interactions("mail.csv", data)))
    assert summary.replaced == 3 and store.counts()["interactions"] == 1
    assert "last on 2026-11-20" in next(e.detail for e in bob(store).evidence
                                         if e.kind == "interaction")


def test_bodies_and_subjects_never_reach_the_store(store, tmp_path):
    add(store, "mail.mbox")
    add(store, "meetings.ics")
    store.close()
    raw = (tmp_path / "s.db").read_bytes() + b"".join(
        p.read_bytes() for p in tmp_path.glob("s.db-*"))
    assert b"SECRET" not in raw and b"hunter2" not in raw
    db = sqlite3.connect(tmp_path / "s.db")
    assert db.execute("SELECT count(*) FROM interactions WHERE owner = 'dana'").fetchone() == (4,)


def test_an_unknown_owner_is_refused(store):
    with pytest.raises(InputError, match="no owner called 'zed'"):
        add(store, "mail.csv", who="zed")


def test_the_cli_reports_counts_and_rejects(store, tmp_path, monkeypatch):
    store.close()
    monkeypatch.setenv("INTROGRAPH_TODAY", "2026-11-24")
    db = str(tmp_path / "s.db")
    result = runner.invoke(app, ["interactions", str(DATA / "mail.csv"), str(DATA / "mail.mbox"),
                                 "--owner", "dana", "--db", db])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "dana mail.csv (csv): 3 interactions, 3 rejected; new",
        "  rejected mail.csv record 4: cannot read the date 'not a date'",
        "  rejected mail.csv record 5: no valid sender address",
        "  rejected mail.csv record 6: no valid recipient address",
        "dana mail.mbox (mbox): 2 interactions, 1 rejected; new",
        "  rejected mail.mbox record 3: cannot read the date 'someday'",
    ]
    bad = runner.invoke(app, ["interactions", str(DATA.parent / "nope.csv"), "--owner", "dana",
                              "--db", db])
    assert bad.exit_code == 1 and bad.stderr == "Error: nope.csv: no such file\n"


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        ("2026-11-02", dt.datetime(2026, 11, 2)),
        ("2026-11-02T09:15:00+02:00", dt.datetime(2026, 11, 2, 7, 15)),
        ("1082040960", dt.datetime(2004, 4, 15, 14, 56)),
    ],
)
def test_csv_timestamps_may_be_iso_dates_times_or_unix_seconds(stamp, expected):
    got = load_interactions("log.csv", f"timestamp,from,to\n{stamp},a@x.com,b@y.com\n".encode())
    assert [i.when for i in got.interactions] == [expected] and not got.rejects


def test_recent_mail_reorders_intro_paths_and_old_mail_marks_a_tie_dormant(tmp_path):
    from intrograph.graph.strength import band
    from intrograph.graph.targets import intro_paths

    with SQLiteStore(tmp_path / "r.db", today=dt.date(2026, 11, 24)) as s:
        s.import_files(DANA, [pending([
            card(1, "Bob Lee", emails=["bob@acme.com"], phones=["+14155550100"], org="Acme",
                 starred=True),
            card(2, "Eve Park", emails=["eve@acme.com"], org="Acme"),
        ])])
        before = [p.people[-1].name for p in intro_paths(s, "Acme", k=2).paths]
        assert before == ["Bob Lee", "Eve Park"]
        log = (b"timestamp,from,to\n2022-03-01,dana@northwind.com,bob@acme.com\n"
               b"2026-11-17,dana@northwind.com,eve@acme.com\n"
               b"2026-11-18,eve@acme.com,dana@northwind.com\n"
               b"2026-11-20,dana@northwind.com,eve@acme.com\n")
        s.import_interactions("dana", PendingInteractions(
            "log.csv", file_hash(log), lambda: load_interactions("log.csv", log)))
        after = intro_paths(s, "Acme", k=2).paths
        assert [p.people[-1].name for p in after] == ["Eve Park", "Bob Lee"]
        dana = next(o.person_id for o in s.owners())
        bob = s.tie(dana, after[1].people[-1].id)
        assert band(bob.strength, bob.evidence) == "dormant"
        assert "no contact since 2022-03-01" in bob.evidence[-1].detail
        # The dormant direct tie now loses to going through Eve, his colleague at Acme.
        assert [p.name for p in after[1].people] == ["Dana Reyes", "Eve Park", "Bob Lee"]
        assert after[1].links[1].evidence[0].kind == "colleague"
        assert after[1].score > bob.strength


@pytest.mark.parametrize("name", ["mail.csv", "mail.mbox", "meetings.ics"])
def test_files_read_from_disk_in_chunks_give_what_their_bytes_give(name):
    from intrograph.loaders.interactions import hash_and_sniff, load_interactions_file

    digest, fmt = hash_and_sniff(DATA / name)
    assert digest == file_hash((DATA / name).read_bytes())
    assert load_interactions_file(DATA / name, fmt) == load(name)
