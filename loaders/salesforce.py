"""Salesforce's ``Account.csv``: the company names a ``Contact.csv`` points at by ``AccountId``.

A Salesforce data export writes people and companies to separate files: ``Contact.csv`` rows
carry an ``AccountId`` and no company name; ``Account.csv`` (``Id, Name, Website, …``) sits in
the same folder. Account.csv is a *companion*: it completes the contacts and is never imported
as contacts itself (its ``Name`` and ``Phone`` columns would otherwise pass for people).

Rules, all by name and never by position:

- an Account export, wherever it is, is a CSV whose header has ``Id`` and ``Name``, a column
  only companies have (``Industry``, ``BillingCity``, ``AccountNumber``, ``AnnualRevenue`` …;
  ``Website`` or ``Type`` alone could be anyone's list), and no column a contact has
  (``FirstName``, ``LastName``, ``Email``, ``AccountId``): it is refused as contacts;
- the companion of a file is a sibling called ``Account.csv`` (any case) with ``Id`` and
  ``Name`` columns, read only when the file's own header has an ``AccountId`` column;
- a contact whose ``AccountId`` names an account gets the account's name as its organisation
  (unless the row had one) and its website in ``extra["Account Website"]`` (the record model
  has no field for an organisation's domain); an ``AccountId`` that names no account is left
  in ``extra`` and costs the contact nothing. 18-character ids match their 15-character form.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from intrograph.loaders.textio import csv_rows, decode, first_line, sniff_delimiter
from intrograph.models import LoadResult

__all__ = [
    "ACCOUNT_FILE",
    "Account",
    "companion_bytes",
    "is_account_header",
    "is_account_text",
    "is_companion",
    "join_accounts",
    "read_accounts",
]

ACCOUNT_FILE = "Account.csv"
WEBSITE_KEY = "Account Website"
_ACCOUNT_ONLY = frozenset({
    "industry", "accountnumber", "billingcity", "billingcountry", "billingstreet",
    "billingstate", "billingpostalcode", "numberofemployees", "annualrevenue", "parentid",
    "sic", "tickersymbol", "accountsource",
})  # fmt: skip
_CONTACT_ONLY = frozenset({"firstname", "lastname", "email", "accountid", "salutation"})
# Enough bytes to hold any export's header line.
_HEAD_BYTES = 64 * 1024


@dataclass(frozen=True)
class Account:
    """One row of Account.csv: the company's name and website as written."""

    name: str
    website: str = ""


def _key(column: str) -> str:
    return "".join(ch for ch in column.casefold() if ch.isalnum())


def _header(text: str) -> list[str]:
    line = first_line(text)
    return [c.replace("\ufeff", "").strip() for c in next(csv_rows(line, sniff_delimiter(line)),
                                                          [])]


def is_account_header(header: list[str]) -> bool:
    """Return True when a CSV header is a Salesforce Account export's (see the module rules)."""
    keys = {_key(h) for h in header}
    return _has_id_and_name(header) and bool(keys & _ACCOUNT_ONLY)


def _has_id_and_name(header: list[str]) -> bool:
    keys = {_key(h) for h in header}
    return {"id", "name"} <= keys and not keys & _CONTACT_ONLY


def is_account_text(text: str) -> bool:
    """Return True when the text's first line is a Salesforce Account export's header."""
    return is_account_header(_header(text))


def _head_text(data: bytes) -> str:
    return decode(data[:_HEAD_BYTES]).text


def _uses_accounts(data: bytes) -> bool:
    return "accountid" in {_key(h) for h in _header(_head_text(data))}


def _sibling(path: Path) -> Path | None:
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return None
    for entry in sorted(entries, key=lambda e: e.name):
        if entry.name.casefold() == ACCOUNT_FILE.casefold() and entry.is_file():
            return Path(entry.path)
    return None


def companion_bytes(path: str | os.PathLike[str], data: bytes) -> dict[str, bytes]:
    """Return ``{file name: bytes}`` of the files that complete the export at ``path``.

    Today that is a sibling Account.csv when ``data`` (the export's bytes) has an ``AccountId``
    column, else nothing. An importer hashes these bytes with the export's own, so a changed
    Account.csv re-reads the contacts.
    """
    p = Path(path)
    if p.name.casefold() == ACCOUNT_FILE.casefold() or not _uses_accounts(data):
        return {}
    sibling = _sibling(p)
    if sibling is None:
        return {}
    try:
        return {sibling.name: sibling.read_bytes()}
    except OSError:
        return {}


def is_companion(path: str | os.PathLike[str]) -> bool:
    """Return True when ``path`` is an Account.csv that a sibling contact export points into.

    Such a file is read with that export and skipped as an import of its own. An Account.csv
    with no such sibling is not a companion: imported, it is refused as no contact export.
    """
    p = Path(path)
    if p.name.casefold() != ACCOUNT_FILE.casefold():
        return False
    try:
        with p.open("rb") as fh:
            if not _has_id_and_name(_header(_head_text(fh.read(_HEAD_BYTES)))):
                return False
        siblings = [e for e in os.scandir(p.parent)
                    if e.is_file() and e.name != p.name and e.name.lower().endswith(".csv")]
        for entry in siblings:
            with open(entry.path, "rb") as fh:
                if _uses_accounts(fh.read(_HEAD_BYTES)):
                    return True
    except OSError:
        return False
    return False


def read_accounts(data: bytes) -> dict[str, Account]:
    """Return the accounts of an Account.csv by id (18-character ids under their 15 too).

    Rows without an id or a name are skipped: they can complete no contact. A file without
    ``Id`` and ``Name`` columns, or with a contact's columns, gives no accounts.
    """
    text = decode(data).text
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text),
                      strict=False)
    header = [_key(h) for h in next(rows, [])]
    if not _has_id_and_name(header):
        return {}
    at = {key: i for i, key in reversed(list(enumerate(header)))}
    accounts: dict[str, Account] = {}
    try:
        for row in rows:
            cells = [c.strip() for c in row] + [""] * (len(header) - len(row))
            account_id, name = cells[at["id"]], cells[at["name"]]
            if not account_id or not name:
                continue
            account = Account(name=name, website=cells[at["website"]] if "website" in at else "")
            accounts.setdefault(account_id, account)
            if len(account_id) == 18:
                accounts.setdefault(account_id[:15], account)
    except csv.Error:
        pass  # a damaged tail: the accounts read so far still complete their contacts
    return accounts


def join_accounts(result: LoadResult, accounts: Mapping[str, Account]) -> LoadResult:
    """Return ``result`` with each record's ``AccountId`` resolved against ``accounts``."""
    if not accounts:
        return result
    records = []
    for record in result.records:
        column = next((k for k in record.extra if _key(k) == "accountid"), None)
        account_id = record.extra.get(column, "") if column else ""
        account = accounts.get(account_id) or accounts.get(account_id[:15])
        if account is None:
            records.append(record)
            continue
        update: dict[str, object] = {}
        if not record.organization:
            update["organization"] = account.name
        if account.website:
            update["extra"] = {**record.extra, WEBSITE_KEY: account.website}
        records.append(record.model_copy(update=update))
    return result.model_copy(update={"records": records})
