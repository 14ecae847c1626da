from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from intrograph.graph.sqlite_store import SQLiteStore
from intrograph.graph.store import PendingFile
from intrograph.models import ContactPoint, ContactRecord, LoadResult, Owner

# CI runs the same examples every time, so a red run is reproducible; locally each run explores.
settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

DATA = Path(__file__).parent / "data"


@pytest.fixture
def store(tmp_path):
    s = SQLiteStore(tmp_path / "store.db")
    yield s
    s.close()


def card(record: int, name: str, *, emails=(), phones=(), org="", title="", file="contacts.csv",
         **kw) -> ContactRecord:
    """A contact record as a loader would produce it."""
    return ContactRecord(
        file=file, record=record, full_name=name, organization=org, title=title,
        emails=[ContactPoint(value=e) for e in emails],
        phones=[ContactPoint(value=p) for p in phones], **kw,
    )


def pending(records, file="contacts.csv", tag="v1") -> PendingFile:
    """A loaded file; ``tag`` stands in for its content hash."""
    return PendingFile(LoadResult(file=file, format="google", records=list(records)),
                       f"{file}:{tag}")


def owner(name: str, email: str = "", display: str = "") -> Owner:
    return Owner(name=name, display_name=display or name.title(),
                 emails=[email] if email else [])
